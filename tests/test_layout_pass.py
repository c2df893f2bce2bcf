"""The leaflet is rendered once: pages are counted by a layout pass that paints nothing, and that
count must be the real one, or pictures would be dropped (or kept) wrongly."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, SEEDS, run_cli

from builder.build import check_spec
from builder.compose.leaflet import compose_leaflet
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.leaflet import leaflet_pages
from builder.render.pdf.theme import theme_for
from builder.spec.loader import LoadedSpec

SPEED = DATA / "speed"
SIZES = ("full", "compact", "none")
SPECS = [*SEEDS, SPEED / "wrist-tendon.yaml", SPEED / "knee-long-ugly.yaml", DATA / "extreme.yaml"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_layout_pass_counts_the_pages_rendering_makes(spec: Path) -> None:
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    for theme in (theme_for(), theme_for("a5", large_print=True)):
        for pictures in SIZES:
            document = compose_leaflet(loaded, pictures=pictures)
            rendered = render_leaflet_pdf(document, fonts, theme)
            assert leaflet_pages(document, fonts, theme) == rendered.pages


@pytest.mark.parametrize(
    "spec",
    [SPEED / "knee-long-ugly.yaml", SPEED / "wrist-tendon.yaml", *SEEDS],
    ids=lambda p: p.stem,
)
def test_pictures_shrink_or_go_only_when_they_push_past_one_sheet(tmp_path: Path, spec: Path) -> None:
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    # the rule, from real renders: smaller pictures, then none, then no body maps either
    options = [(size, True) for size in SIZES] + [("none", False)]
    pages = {o: render_leaflet_pdf(compose_leaflet(loaded, o[0], maps=o[1]), fonts).pages for o in options}
    chosen = next((o for o in options if pages[o] <= 2), ("full", True))
    made = run_cli("build", spec, "-o", tmp_path)
    assert made.code == 0
    notes = {
        ("compact", True): "pictures drawn at 30 mm",
        ("none", True): "pictures left out of the leaflet",
        ("none", False): "body maps left out of the leaflet",
    }
    for option, note in notes.items():
        assert (note in made.stderr) == (option == chosen), made.stderr
    assert len(pdfium.PdfDocument(tmp_path / f"{spec.stem}.leaflet.pdf")) == pages[chosen]
