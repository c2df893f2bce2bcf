"""Printed editions: large print, A5 and US Letter, a print shop's bleed with crop marks."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import HANDOUTS, body_text, in_order, pdf_text, run_cli, squash

from builder.spec.loader import load_spec
from builder.typeset import normalize_text

MM = 72 / 25.4
SPEC = HANDOUTS / "superior-cluneal-nerve.yaml"  # the fullest seed


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    for options in (["--large-print"], ["--paper", "a5"], ["--paper", "letter", "--bleed", "3"]):
        result = run_cli("build", SPEC, "-o", out, *options)
        assert result.code == 0, result.stderr
        WARNINGS[options[-1]] = result.stderr
    return out


WARNINGS: dict[str, str] = {}


@pytest.mark.parametrize(
    ("option", "edition", "name"), [("--large-print", "large-print A4", "large"), ("a5", "A5", "a5")]
)
def test_every_edition_warns_past_one_sheet_and_says_how_much_would_have_to_go(
    editions: Path, option: str, edition: str, name: str
) -> None:
    """Issue 11.10: not only the A4 leaflet says it runs past one sheet."""
    pages = len(_sizes(editions / f"superior-cluneal-nerve.leaflet-{name}.pdf"))
    assert pages > 2
    stderr = WARNINGS[option]
    assert f"the {edition} leaflet needs {pages} pages ({(pages + 1) // 2} sheets" in stderr
    match = re.search(r"about ([\d,]+) characters \((\d+)% of its text\) would have to go", stderr)
    assert match and int(match.group(1).replace(",", "")) > 100 and 0 < int(match.group(2)) < 100


def test_letter_and_exercise_sheets_warn_too(tmp_path: Path) -> None:
    knee = Path(__file__).resolve().parent / "data" / "knee-exercises.yaml"
    result = run_cli("build", knee, "-o", tmp_path, "-f", "leaflet,exercise", "--paper", "letter")
    assert result.code == 0, result.stderr
    assert "the Letter leaflet needs 3 pages" in result.stderr and "would have to go" in result.stderr
    assert "the Letter exercise sheet needs 4 pages (2 sheets printed on both sides)" in result.stderr


def _sizes(path: Path) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_size() for i in range(len(doc))]
    finally:
        doc.close()


def test_names_say_which_edition(editions: Path) -> None:
    names = sorted(p.name for p in editions.iterdir())
    assert names == [
        "superior-cluneal-nerve.leaflet-a5.pdf",
        "superior-cluneal-nerve.leaflet-large.pdf",
        "superior-cluneal-nerve.leaflet-letter-bleed3.pdf",
    ]


@pytest.mark.parametrize(
    ("name", "width", "height"),
    [
        ("leaflet-large.pdf", 210 * MM, 297 * MM),
        ("leaflet-a5.pdf", 148 * MM, 210 * MM),
        ("leaflet-letter-bleed3.pdf", 612 + 6 * MM, 792 + 6 * MM),
    ],
)
def test_page_sizes(editions: Path, name: str, width: float, height: float) -> None:
    for w, h in _sizes(editions / f"superior-cluneal-nerve.{name}"):
        assert abs(w - width) < 1 and abs(h - height) < 1


def test_large_print_body_is_at_least_16pt_and_reflows(editions: Path) -> None:
    path = editions / "superior-cluneal-nerve.leaflet-large.pdf"
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) > 2  # more pages, not smaller type
    for page in doc:
        textpage = page.get_textpage()
        footer_top = 0.0
        for index in range(textpage.count_chars()):
            size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, index)
            char = textpage.get_text_range(index, 1)
            # a picture's badge words (✓ 推薦 / 可以 / 不建議 / 避免, 停 10 秒) are labels in the
            # drawing, scaled with it
            badge = char in "推薦荐建議议不可以避免停保持秒"
            if size and size < 16 and not char.isdigit() and not char.isspace() and not badge:
                footer_top = max(footer_top, textpage.get_charbox(index)[3])
        assert footer_top < 110, "text under 16 pt above the footer"
        textpage.close()
        page.close()
    doc.close()


@pytest.mark.parametrize("name", ["leaflet-large.pdf", "leaflet-a5.pdf", "leaflet-letter-bleed3.pdf"])
def test_every_edition_keeps_every_string_and_the_red_flags(editions: Path, name: str) -> None:
    loaded = load_spec(SPEC)
    footer = "安心復健科診所（範例）"
    text = body_text(editions / f"superior-cluneal-nerve.{name}", footer)
    assert loaded.spec.red_flags is not None
    for flag in loaded.spec.red_flags.items:
        assert squash(normalize_text(flag)) in text
    everything = squash("".join(pdf_text(editions / f"superior-cluneal-nerve.{name}").pages))
    for string, where in loaded.texts():  # the disclaimer is printed in the footer, on every page
        assert in_order(
            squash(normalize_text(string)), everything if where.field == "disclaimer" else text
        ), string


def test_bleed_sets_the_trim_box_and_draws_crop_marks(editions: Path) -> None:
    raw = (editions / "superior-cluneal-nerve.leaflet-letter-bleed3.pdf").read_bytes()
    assert b"/TrimBox" in raw and b"/BleedBox" in raw
    doc = pdfium.PdfDocument(str(editions / "superior-cluneal-nerve.leaflet-letter-bleed3.pdf"))
    page = doc[0]
    image = page.render(scale=4).to_pil().convert("L")
    bleed = round(3 * MM * 4)
    darkest, lightest = image.crop((0, 0, bleed, bleed)).getextrema()  # top-left: two short marks
    assert darkest < 160 and lightest > 240
    doc.close()


def test_unknown_paper_is_a_usage_mistake() -> None:
    result = run_cli("build", SPEC, "--paper", "b5")
    assert result.code == 2
    assert "a4, a5, letter" in result.stderr
