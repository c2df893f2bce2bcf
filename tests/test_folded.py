"""Booklet (four A5 pages on an A4 sheet) and tri-fold (six panels): priority content, red flags
always, nothing across a fold, back panel with the clinic, review date, disclaimer and QR code."""

from __future__ import annotations

import math
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import SEEDS, run_cli, squash

from builder.spec.loader import load_spec
from builder.typeset import normalize_text

A4 = (841.89, 595.28)  # landscape sheet
PANELS = {"booklet": 2, "trifold": 3}  # panels across one side of the sheet


@pytest.fixture(scope="module")
def folded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("folded")
    result = run_cli("build", *SEEDS, "-o", out, "-f", "booklet,trifold")
    assert result.code == 0, result.stderr
    return out


def _chars(page: pdfium.PdfPage) -> list[tuple[str, float, float]]:
    textpage = page.get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char.strip():
            left, _, right, _ = textpage.get_charbox(index)
            chars.append((char, left, right))
    textpage.close()
    return chars


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
@pytest.mark.parametrize("spec", SEEDS, ids=[s.stem for s in SEEDS])
def test_one_sheet_both_sides_red_flags_and_the_back_panel(folded: Path, kind: str, spec: Path) -> None:
    doc = pdfium.PdfDocument(str(folded / f"{spec.stem}.{kind}.pdf"))
    assert len(doc) == 2  # one sheet, printed on both sides
    text = ""
    for page in doc:
        width, height = page.get_size()
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
        text += squash("".join(c for c, _, _ in _chars(page)))
    loaded = load_spec(spec)
    assert loaded.spec.red_flags is not None
    for flag in loaded.spec.red_flags.items:
        assert squash(normalize_text(flag)) in text, flag
    assert squash(normalize_text(loaded.spec.title)) in text
    assert loaded.spec.review_date is not None and loaded.spec.review_date.isoformat() in text
    assert "不能取代醫師" in text or "不能替代医生" in text  # the disclaimer
    doc.close()


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_nothing_crosses_a_fold(folded: Path, kind: str) -> None:
    """No character straddles a fold, and each red flag and self-check question sits in one panel."""
    spec = SEEDS[-1]  # superior-cluneal-nerve: the fullest
    loaded = load_spec(spec)
    doc = pdfium.PdfDocument(str(folded / f"{spec.stem}.{kind}.pdf"))
    panel = A4[0] / PANELS[kind]
    wanted = [*loaded.spec.red_flags.items] if loaded.spec.red_flags else []
    wanted += loaded.spec.self_check.questions if loaded.spec.self_check else []
    for page in doc:
        chars = _chars(page)
        for _, left, right in chars:
            assert int(left // panel) == int((right - 0.01) // panel), "a character across a fold"
        flat = "".join(c for c, _, _ in chars)
        for item in wanted:
            needle = "".join(normalize_text(item).split())
            start = flat.replace(" ", "").find(needle)
            if start < 0:
                continue
            spans = [chars[i] for i in range(start, start + len(needle))]
            assert len({int(left // panel) for _, left, _ in spans}) == 1, item
    doc.close()


def test_folded_formats_say_what_they_leave_out(tmp_path: Path) -> None:
    result = run_cli("build", SEEDS[-1], "-o", tmp_path, "-f", "booklet")
    assert result.code == 0
    assert "note:" in result.stderr and "the booklet leaves out" in result.stderr


def test_folded_output_is_reproducible(tmp_path: Path, folded: Path) -> None:
    result = run_cli("build", SEEDS[0], "-o", tmp_path, "-f", "booklet,trifold")
    assert result.code == 0
    for kind in ("booklet", "trifold"):
        name = f"{SEEDS[0].stem}.{kind}.pdf"
        assert (tmp_path / name).read_bytes() == (folded / name).read_bytes()


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_back_panel_qr_code_decodes(folded: Path, kind: str) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    doc = pdfium.PdfDocument(str(folded / f"{SEEDS[-1].stem}.{kind}.pdf"))
    found = {r.text for r in zxingcpp.read_barcodes(doc[0].render(scale=3).to_pil())}
    assert "https://clinic.example.org" in found
    doc.close()


TEST_DATA = Path(__file__).resolve().parent / "data"
MM = 72 / 25.4


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_a_blank_side_is_still_a_well_formed_page(tmp_path: Path, kind: str) -> None:
    """A spec with only a title leaves a side of the sheet blank: strict readers accept it, and
    Ghostscript and pdftotext find both pages (the fold marks were a direct stream once)."""
    import subprocess

    from conftest import strict_pdf_problems

    result = run_cli("build", TEST_DATA / "title-only.yaml", "-o", tmp_path, "-f", kind)
    assert result.code == 0, result.stderr
    path = tmp_path / f"title-only.{kind}.pdf"
    assert strict_pdf_problems([path]) == []
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert text.returncode == 0 and text.stderr == ""
    assert text.stdout.count("\f") == 2


def _boxes(path: Path) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    from pypdf import PdfReader

    return [
        (tuple(float(v) for v in page.mediabox), tuple(float(v) for v in page.trimbox))
        for page in PdfReader(path).pages
    ]


@pytest.mark.parametrize(
    ("kind", "paper", "sheet"),
    [
        ("booklet", "a4", (297 * MM, 210 * MM)),
        ("booklet", "a3", (420 * MM, 297 * MM)),
        ("booklet", "letter", (792, 612)),
        ("trifold", "letter", (792, 612)),
    ],
)
def test_folded_pieces_take_the_paper_and_the_bleed(
    tmp_path: Path, kind: str, paper: str, sheet: tuple
) -> None:
    """--paper sets the sheet a folded piece is printed on, --bleed adds crop marks and a trim box;
    the A4 edition without them is a different file."""
    spec = TEST_DATA / "knee-exercises.yaml"
    plain = run_cli("build", spec, "-o", tmp_path, "-f", kind, "--paper", paper)
    bled = run_cli("build", spec, "-o", tmp_path, "-f", kind, "--paper", paper, "--bleed", "3")
    assert plain.code == 0 and bled.code == 0, plain.stderr + bled.stderr
    edition = "" if paper == "a4" else f"-{paper}"
    plain_path = tmp_path / f"knee-exercises.{kind}{edition}.pdf"
    bled_path = tmp_path / f"knee-exercises.{kind}{edition}-bleed3.pdf"
    for media, trim in _boxes(plain_path):
        assert abs(media[2] - sheet[0]) < 1 and abs(media[3] - sheet[1]) < 1
        assert trim == media
    bleed = 3 * MM
    for media, trim in _boxes(bled_path):
        assert abs(media[2] - sheet[0] - 2 * bleed) < 1 and abs(media[3] - sheet[1] - 2 * bleed) < 1
        assert abs(trim[0] - bleed) < 0.1 and abs(trim[2] - sheet[0] - bleed) < 1
    doc = pdfium.PdfDocument(str(bled_path))
    image = doc[0].render(scale=4).to_pil().convert("L")
    corner = round(bleed * 4)
    darkest, lightest = image.crop((0, 0, corner, corner)).getextrema()  # crop marks in the corner
    assert darkest < 160 and lightest > 240
    # the panels sit inside the trim: the text of the bled sheet is the plain sheet's, moved by the bleed
    plain_doc = pdfium.PdfDocument(str(plain_path))
    for bled_page, plain_page in zip(doc, plain_doc, strict=True):
        a, b = bled_page.get_textpage(), plain_page.get_textpage()
        assert a.get_text_range() == b.get_text_range()
        if a.count_chars():
            assert abs(a.get_charbox(0)[0] - b.get_charbox(0)[0] - bleed) < 0.5
    doc.close()
    plain_doc.close()


@pytest.mark.parametrize(
    ("formats", "paper"), [("booklet", "a5"), ("trifold", "a5"), ("trifold", "a3"), ("all", "a3")]
)
def test_a_paper_a_folded_piece_cannot_take_is_refused(tmp_path: Path, formats: str, paper: str) -> None:
    result = run_cli(
        "build", TEST_DATA / "knee-exercises.yaml", "-o", tmp_path, "-f", formats, "--paper", paper
    )
    assert result.code == 2
    assert "cannot be printed on" in result.stderr
    assert not list(tmp_path.iterdir())  # nothing written that ignores what was asked


def _free_below(path: Path, layout: tuple[tuple[int, ...], ...], bottom: float) -> dict[int, float]:
    """For each panel (by reading order), the empty height between its last line and its frame's foot."""
    doc = pdfium.PdfDocument(str(path))
    free: dict[int, float] = {}
    for side, page in zip(layout, doc, strict=True):
        width, height = page.get_size()
        slot = width / len(side)
        textpage = page.get_textpage()
        lowest = [height] * len(side)
        for index in range(textpage.count_chars()):
            if textpage.get_text_range(index, 1).strip():
                left, low, right, _ = textpage.get_charbox(index)
                column = int(((left + right) / 2) // slot)
                lowest[column] = min(lowest[column], low)
        textpage.close()
        for column, panel in enumerate(side):
            free[panel] = lowest[column] - bottom
    doc.close()
    return free


@pytest.mark.parametrize("spec", [SEEDS[-1], TEST_DATA / "knee-exercises.yaml"], ids=["scn", "knee"])
@pytest.mark.parametrize("kind", ["booklet", "trifold"])
@pytest.mark.parametrize("large", [False, True], ids=["a4", "large"])
def test_no_section_is_left_out_while_a_panel_has_room_for_it(
    tmp_path: Path, spec: Path, kind: str, large: bool
) -> None:
    """Issue 11.8: a section the piece leaves out is taller than the empty space of every panel."""
    import re
    from dataclasses import replace

    from builder.compose.folded import available_sections, compose_folded_body
    from builder.folding import SMALLER_PICTURES, panel_theme
    from builder.render.pdf.impose import BOOKLET, TRIFOLD
    from builder.render.pdf.leaflet import block_heights
    from builder.typeset import fonts_for_language

    result = run_cli("build", spec, "-o", tmp_path, "-f", kind, *(["--large-print"] if large else []))
    assert result.code == 0, result.stderr
    match = re.search(rf"the {kind} leaves out ([a-z_, ]+) \(no room", result.stderr)
    left_out = match.group(1).split(", ") if match else []
    loaded = load_spec(spec)
    layout = BOOKLET if kind == "booklet" else TRIFOLD
    panel = (A4[0] / len(layout[0]), A4[1])
    theme = panel_theme(panel, large)
    fonts = fonts_for_language(loaded.spec.language)
    available = available_sections(loaded)
    body = compose_folded_body(loaded, available)
    smaller = block_heights(body, fonts, replace(theme, picture_scale=SMALLER_PICTURES))
    height = dict(zip(available, smaller.heights, strict=True))
    name = f"{spec.stem}.{kind}{'-large' if large else ''}.pdf"
    free = _free_below(tmp_path / name, layout, theme.margin_bottom + theme.footer_gap)
    back = layout[0][1] if kind == "trifold" else layout[0][0]
    for section in left_out:
        for index, room in free.items():
            if index != back:
                assert height[section] + smaller.gap > room + 2, f"{section} fits panel {index + 1}"


def test_a_section_goes_on_only_in_the_panel_beside_it() -> None:
    """Issue 11.8: a list may go on from one inside panel to the next on the same side of the
    sheet (a tri-fold's three inside panels, a booklet's centre spread), never across a fold a
    reader turns, and the red flags never go on at all."""
    from builder.folding import columns_needed, spread_breaks
    from builder.render.pdf.impose import BOOKLET, TRIFOLD
    from builder.render.pdf.leaflet import Measured

    assert spread_breaks(BOOKLET) == (2,)  # inside: page 2 | page 3
    assert spread_breaks(TRIFOLD) == (3, 4)  # inside: 3 | 4 | 5
    panel = Measured(heights=[], frame=500.0, first=300.0, columns=1, gap=8.0)
    height = {"red_flags": 290.0, "self_check": 490.0, "a": 300.0, "b": 400.0, "c": 400.0, "d": 250.0}
    order = list(height)
    assert columns_needed(order, height, panel) == 6  # each whole
    assert columns_needed(order, height, panel, (3, 4)) == 5  # b and c go on beside, d fits after
    # a section that would have to go on past the last inside panel (across a fold) does not fit
    long = {"red_flags": 290.0, "self_check": 490.0, "a": 450.0, "b": 1200.0}
    assert columns_needed(list(long), long, panel, (3, 4)) == math.inf
    # the red flags never go on: they start a panel of their own instead
    flags = {"self_check": 480.0, "red_flags": 300.0, "d": 430.0}
    assert columns_needed(list(flags), flags, panel, (1, 2, 3)) == 4
    other = {"self_check": 480.0, "e": 300.0, "d": 430.0}
    assert columns_needed(list(other), other, panel, (1, 2, 3)) == 3
