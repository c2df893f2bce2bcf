"""The audience's handout (`build -f deck --handout`): every slide of the deck, six to a page,
the same text and pictures, the bundled fonts embedded, lines for notes."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import REPO, in_order, pdf_text, pdffonts, run_cli, squash
from pptx import Presentation

DATA = Path(__file__).parent / "data"
TALK = REPO / "decks" / "back-buttock-leg.yaml"
HANS_TALK = DATA / "talk-ankle-knee-hans.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("handout")
    result = run_cli("build", str(TALK), str(HANS_TALK), "-f", "deck", "--handout", "-o", str(out))
    assert result.code == 0, result.stderr
    yield out


def _slide_texts(deck: Path) -> list[str]:
    texts = []
    for slide in Presentation(str(deck)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            elif getattr(shape, "has_table", False):
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append(squash("".join(parts)))
    return texts


@pytest.mark.parametrize("stem", ["back-buttock-leg", "talk-ankle-knee-hans"])
def test_every_slide_is_in_the_handout_six_to_a_page(built: Path, stem: str) -> None:
    slides = _slide_texts(built / f"{stem}.deck.pptx")
    pages = pdf_text(built / f"{stem}.handout.pdf").pages
    assert len(pages) == math.ceil(len(slides) / 6)
    for number, text in enumerate(slides):
        page = squash(pages[number // 6])
        assert in_order(text, page), f"slide {number + 1} of {stem}: {text[:40]}"


def test_the_handout_embeds_the_regional_bundled_fonts(built: Path) -> None:
    for stem, wanted, unwanted in (
        ("back-buttock-leg", "NotoSansTC", "NotoSansSC"),
        ("talk-ankle-knee-hans", "NotoSansSC", "NotoSansTC"),
    ):
        fonts = pdffonts(built / f"{stem}.handout.pdf")
        names = " ".join(font["name"] for font in fonts)
        assert wanted in names and unwanted not in names, names
        assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts), fonts


def test_a_draft_deck_prints_its_draft_mark_on_the_handout(built: Path) -> None:
    text = squash(" ".join(pdf_text(built / "talk-ankle-knee-hans.handout.pdf").pages))
    assert "草稿・未经审阅" in text or "草稿·未经审阅" in text


def _ink(page: pdfium.PdfPage, box: tuple[float, float, float, float], scale: float) -> float:
    """Share of non-white pixels in a box (points from the top-left) of a rendered page."""
    image = page.render(scale=scale, grayscale=True).to_pil()
    left, top, right, bottom = (round(v * scale) for v in box)
    pixels = list(image.crop((left, top, right, bottom)).tobytes())
    return sum(1 for p in pixels if p < 200) / len(pixels)


def test_pictures_and_maps_are_drawn_in_the_handout(built: Path) -> None:
    """The slide with a body map (a route's slide) shows ink where the map is, at print size."""
    deck = Presentation(str(built / "back-buttock-leg.deck.pptx"))
    found = []
    for number, slide in enumerate(deck.slides):
        for shape in slide.shapes:
            if shape.shape_type == 6 and shape.width > 0:  # a group: a figure or a map
                found.append((number, shape))
    assert found
    doc = pdfium.PdfDocument(str(built / "back-buttock-leg.handout.pdf"))
    try:
        for number, shape in found[:6]:
            page = doc[number // 6]
            width = page.get_width()
            margin, gap = 12 * 72 / 25.4, 8 * 72 / 25.4
            cell_w = (width - 2 * margin - gap) / 2
            cell_h = (page.get_height() - 2 * margin - 18 * 72 / 25.4) / 3
            col, row = (number % 6) % 2, (number % 6) // 2
            scale_to_cell = cell_w / 960
            x = margin + col * (cell_w + gap) + shape.left / 12700 * scale_to_cell
            y = margin + 10 * 72 / 25.4 + row * cell_h + shape.top / 12700 * scale_to_cell
            w, h = shape.width / 12700 * scale_to_cell, shape.height / 12700 * scale_to_cell
            assert _ink(page, (x, y, x + w, y + h), 4) > 0.02, f"slide {number + 1}: {shape.name} is blank"
    finally:
        doc.close()


def test_letter_paper_gives_a_letter_handout(tmp_path: Path) -> None:
    result = run_cli(
        "build", str(HANS_TALK), "-f", "deck", "--handout", "--paper", "letter", "-o", str(tmp_path)
    )
    assert result.code == 0, result.stderr
    doc = pdfium.PdfDocument(str(tmp_path / "talk-ankle-knee-hans.handout-letter.pdf"))
    try:
        assert (round(doc[0].get_width()), round(doc[0].get_height())) == (612, 792)
    finally:
        doc.close()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-f", "leaflet", "--handout"], "add -f deck"),
        (["-f", "deck", "--handout", "--paper", "a5"], "A4 or Letter"),
    ],
)
def test_a_handout_it_cannot_make_is_a_usage_mistake(tmp_path: Path, args: list[str], words: str) -> None:
    result = run_cli("build", str(REPO / "handouts" / "sciatica.yaml"), *args, "-o", str(tmp_path))
    assert result.code == 2
    assert squash(words) in squash(result.stderr.replace("│", ""))  # rich's error box wraps lines
    assert not list(tmp_path.iterdir())


def test_a_long_title_is_cut_in_the_header_not_over_the_slides(tmp_path: Path) -> None:
    from builder.render.pdf.handout import render_handout_pdf
    from builder.typeset import fonts_for_language

    result = run_cli("build", str(HANS_TALK), "-f", "deck", "-o", str(tmp_path))
    assert result.code == 0, result.stderr
    pptx = (tmp_path / "talk-ankle-knee-hans.deck.pptx").read_bytes()
    title = "很长的标题" * 80
    data, pages = render_handout_pdf(pptx, fonts_for_language("zh-Hans-CN"), title, "zh-Hans-CN", "笔记")
    path = tmp_path / "long.pdf"
    path.write_bytes(data)
    first = squash(pdf_text(path).pages[0])
    assert "…" in first and first.count("很长的标题") < 40
    assert pages == 3
