"""Issue 12.5: a leaflet makes its layout work harder (30 mm pictures with their words beside
them, a grid of picture cards) before it leaves pictures or maps out, leaves them out section by
section and map by map, and says exactly what it left out. Decks show a section's pictures on
every slide it continues on."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, HANDOUTS, run_cli
from pptx import Presentation

from builder.build import LEAFLET_PAGES, check_spec
from builder.compose.deck import compose_condition_deck
from builder.compose.document import CardGrid, Section
from builder.compose.labels import labels_for
from builder.compose.leaflet import Fit, compose_leaflet
from builder.figures.library import library
from builder.figures.picture import picture_scene
from builder.figures.scene import Group
from builder.leaflet_fit import Fitted, _leave_out, fit_leaflet
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.flowables import Grid
from builder.render.pdf.leaflet import _prepare
from builder.render.pdf.theme import theme_for
from builder.render.pptx import render_deck_pptx
from builder.spec.loader import LoadedSpec

FIT = DATA / "fit"


def _fitted(spec: Path) -> Fitted:
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    return fit_leaflet(loaded, fonts, theme_for(), LEAFLET_PAGES)


# What each bundled leaflet leaves out to stay on one sheet: picture sections, and body maps by
# where they are written. Before this, calf-cramp-sciatica and lumbar-gtps lost every picture
# and every map, superior-cluneal-nerve all nine pictures.
KEPT: dict[str, tuple[set[str], set[tuple[str | int, ...]]]] = {
    "calf-cramp-sciatica": ({"ng_moves"}, {("symptoms_map",)}),  # keeps plank and bridge
    "lumbar-gtps": ({"sleep_positions"}, {("pain_routes", 1, "map")}),  # keeps the first route's map
    "superior-cluneal-nerve": ({"ng_moves", "sleep_positions"}, set()),  # keeps its exercises and map
    "sciatica": (set(), set()),  # everything at full size
    "diabetic-neuropathy": (set(), {("pain_routes", i, "map") for i in range(3)}),  # no map fits
}


def test_leaving_out_stops_at_the_first_fit_and_puts_back_what_still_fits() -> None:
    units = [("map", ("symptoms_map",)), ("pictures", ("sleep_positions",)), ("pictures", ("ng_moves",))]
    calls: list[Fit] = []

    def fits(fit: Fit) -> bool:  # room for anything but the sleep positions' pictures
        calls.append(fit)
        return "sleep_positions" in fit.no_pictures

    found = _leave_out(Fit("compact"), units, fits)
    assert found == Fit("compact", no_pictures=frozenset({"sleep_positions"}))
    assert len(calls) <= 2 * len(units) - 1
    assert _leave_out(Fit("compact"), units, lambda fit: False) is None


def test_a_grid_of_cards_sets_moves_two_to_a_row_with_every_word(tmp_path: Path) -> None:
    loaded, fonts, _ = check_spec(HANDOUTS / "superior-cluneal-nerve.yaml")
    assert isinstance(loaded, LoadedSpec)
    document = compose_leaflet(loaded, fit=Fit("compact", cards=True))
    grids = [
        b for s in document.blocks if isinstance(s, Section) for b in s.blocks if isinstance(b, CardGrid)
    ]
    assert len(grids) == 2  # moves to avoid, sleep positions
    words = "".join(p.text for g in grids for c in g.cards for p in (c.title, *c.words))
    for move in loaded.spec.ng_moves:
        assert move.move in words and move.why in words
    theme, _, flowables = _prepare(document, fonts, theme_for())
    grid = flowables.block(grids[0])
    assert isinstance(grid, Grid)
    assert grid.per_row(theme.column_width) == 2 and grid.per_row(theme.frame_width) == 3
    pdf = pdfium.PdfDocument(render_leaflet_pdf(document, fonts).data)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert all(move.why in "".join(text.split()) for move in loaded.spec.ng_moves)


def test_a_continued_section_shows_its_pictures_and_map_on_every_slide() -> None:
    loaded, fonts, _ = check_spec(FIT / "deck-moves-continue.yaml")
    assert isinstance(loaded, LoadedSpec)
    deck = compose_condition_deck(loaded)
    prs = Presentation(io.BytesIO(render_deck_pptx(deck, fonts).data))
    labels = labels_for("zh-Hant-TW")
    titles = [(slide, slide.shapes.title.text_frame.text.replace("\v", "")) for slide in prs.slides]
    moves = [slide for slide, title in titles if title.startswith(labels.ng_moves)]
    route = [slide for slide, title in titles if title.startswith("測試路線")]
    assert len(moves) >= 2 and len(route) >= 2, [t for _, t in titles]  # each goes on to a second slide
    # each move's picture is on its card, on the slide the move is on (a card grid always has
    # pictures; the moves without one share a text slide)
    names = [{shape.name for shape in slide.shapes} for slide in moves]
    assert {"Picture toe_touch", "Picture side_bend_stretch", "Picture foam_roll_side"} <= set().union(*names)
    for slide, shown in zip(moves, names, strict=True):
        if slide.slide_layout.name == "Card Grid":
            assert any(name.startswith("Picture ") for name in shown)
    for slide in route:
        assert any(shape.name == "Body map" for shape in slide.shapes)


def test_tendon_glides_shows_the_hand_in_each_shape() -> None:
    scene = picture_scene(library()["tendon_glides"], "zh-Hant-TW")
    hands = [item.name for item in _groups(scene.items)]
    assert [name for name in hands if name.startswith("Hand ")] == [
        "Hand 1: straight",
        "Hand 2: hook",
        "Hand 3: fist",
    ]


def _groups(items: Sequence[object]) -> list[Group]:
    found = []
    for item in items:
        if isinstance(item, Group):
            found.append(item)
            found += _groups(item.items)
    return found


@pytest.mark.parametrize("stem", sorted(KEPT))
def test_bundled_leaflets_keep_what_fits_on_one_sheet(stem: str) -> None:
    fitted = _fitted(HANDOUTS / f"{stem}.yaml")
    sections, maps = KEPT[stem]
    assert fitted.pages <= LEAFLET_PAGES
    assert (set(fitted.fit.no_pictures), set(fitted.fit.no_maps)) == (sections, maps)


def test_short_moves_keep_their_pictures_as_a_grid_of_cards(tmp_path: Path) -> None:
    """Six moves to avoid with a few words each: beside their pictures they run past one sheet,
    as cards two to a row they fit, and the build says how it set them."""
    made = run_cli("build", FIT / "cards.yaml", "-o", tmp_path)
    assert made.code == 0, made.stderr
    said = " ".join(made.stderr.split())
    assert "ng_moves and sleep_positions set as a grid of picture cards" in said
    assert "left out" not in said
    pdf = (tmp_path / "cards.leaflet.pdf").read_bytes()
    assert len(pdfium.PdfDocument(pdf)) == 2
    for name in ("toe_touch", "side_bend_stretch", "foam_roll_side", "superman", "heavy_massage"):
        alt = library()[name].descriptions["zh-Hant-TW"]
        assert alt.encode("utf-16-be").hex().upper().encode() in _content(pdf), name


def _content(data: bytes) -> bytes:
    raw = re.findall(rb"stream\r?\n(.*?)endstream", data, re.S)
    return b"".join(zlib.decompress(m) if m[:2] == b"x\x9c" else m for m in raw)


def test_an_unknown_hand_shape_is_a_located_error(tmp_path: Path) -> None:
    spec = tmp_path / "hands.yaml"
    spec.write_text(
        "title: 測試\nlanguage: zh-Hant-TW\nexercises:\n  - name: 手指\n    exercises:\n"
        "      - name: 肌腱滑動\n        picture:\n          position: sitting\n"
        "          hands: [straight, wave]\n",
        encoding="utf-8",
    )
    made = run_cli("build", spec, "-o", tmp_path / "out")
    assert made.code == 1 and "Traceback" not in made.stderr
    assert "hands.yaml:9:" in made.stderr and "'wave' is not a hand shape" in made.stderr
