"""The speed shortcuts of the deck writer and the batch give what the slow way gives.

Decks and the bundled library are also checked byte for byte elsewhere (test_batch, test_deck);
these tests pin each shortcut against the python-pptx or leafdeck behaviour it stands in for,
on inputs the bundled specs may not reach.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import HANDOUTS, REPO
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import _nsmap, qn

import builder.render.pptx.deck  # noqa: F401 - installs the compiled XPath look-ups
from builder.batch import run_batch
from builder.render.pptx.package import BlankSlides, ShapeCopies
from builder.render.pptx.template import LAYOUT_INDEX, TemplateInfo, template_package
from builder.render.pptx.text import Language, Para, TextRun, run_properties, write_paragraphs
from builder.render.pptx.theme import DEFAULT_FONT_NAMES, theme_for


def _presentation(audience: str = "older_adults", language: str = "zh-Hant-TW") -> object:
    names = DEFAULT_FONT_NAMES[language]
    info = TemplateInfo("題目", "作者", "主題", "zh-TW", dt.date(2026, 1, 1))
    return Presentation(io.BytesIO(template_package(theme_for(audience), names, info)))


def _slides_xml(presentation: object) -> list[tuple[str, bytes, list[str]]]:
    """Each slide's part name, XML and the part names it relates to."""
    return [
        (
            str(slide.part.partname),
            etree.tostring(slide._element),
            sorted(str(rel.target_part.partname) for rel in slide.part.rels.values()),
        )
        for slide in presentation.slides
    ]


def test_copied_blank_slides_are_the_slides_python_pptx_makes() -> None:
    kinds = ["content", "content", "title", "table", "content", "cards", "title", "map"]
    made, copied = _presentation(), _presentation()
    blank = BlankSlides(copied)
    for kind in kinds:
        made.slides.add_slide(made.slide_layouts[LAYOUT_INDEX[kind]])
        blank.add(LAYOUT_INDEX[kind])
    assert _slides_xml(copied) == _slides_xml(made)
    ids = [s.get("id") for s in copied.slides._sldIdLst]
    assert ids == [s.get("id") for s in made.slides._sldIdLst]
    # a copy is its own slide: writing on one leaves the next copy of that layout blank
    first = copied.slides[0]
    first.shapes.title.text = "改過"
    assert blank.add(LAYOUT_INDEX["content"]).shapes.title.text == ""


def test_blank_slides_kept_from_one_deck_fit_another_theme_and_language() -> None:
    """The copies are kept for the process: a later deck of another audience and language gets
    the slides python-pptx would make for it."""
    BlankSlides(_presentation()).add(LAYOUT_INDEX["two_column"])  # kept from an earlier deck
    made, copied = _presentation("professional", "zh-Hans-CN"), _presentation("professional", "zh-Hans-CN")
    blank = BlankSlides(copied)
    for kind in ("two_column", "closing", "two_column", "picture"):
        made.slides.add_slide(made.slide_layouts[LAYOUT_INDEX[kind]])
        blank.add(LAYOUT_INDEX[kind])
    assert _slides_xml(copied) == _slides_xml(made)


def test_copied_shapes_are_the_shapes_python_pptx_makes() -> None:
    def band(slide: object) -> object:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, 9000, 800)
        shape.name = "Band"
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor(0x12, 0x34, 0x56)
        return shape

    made, copied = _presentation(), _presentation()
    copies = ShapeCopies()
    for presentation in (made, copied):
        for kind in ("content", "table"):
            presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_INDEX[kind]])
    for made_slide, copied_slide in zip(made.slides, copied.slides, strict=True):
        for _ in range(2):
            band(made_slide)
            copies.add(copied_slide.shapes, "band", lambda s=copied_slide: band(s))
    assert _slides_xml(copied) == _slides_xml(made)
    ids = [shape.shape_id for shape in copied.slides[1].shapes]
    assert len(ids) == len(set(ids))


def test_compiled_xpath_finds_what_lxml_finds() -> None:
    presentation = _presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_INDEX["table"]])
    tree = slide.shapes._spTree
    for expression in ("./*[1]/p:nvPr/p:ph", "//@id", "//p:cNvPr/@name", "./p:sp", "count(//p:sp)"):
        for element in (tree, *tree):
            expected = etree.ElementBase.xpath(element, expression, namespaces=_nsmap)
            assert element.xpath(expression) == expected, expression


def _canonical(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


def _language() -> Language:
    return Language("zh-TW", DEFAULT_FONT_NAMES["zh-Hant-TW"])


def test_written_runs_carry_the_properties_run_properties_gives() -> None:
    presentation = _presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_INDEX["content"]])
    frame = slide.placeholders[1].text_frame
    runs = (TextRun("粗體", bold=True, colour="#C62828"), TextRun("正文"))
    para = Para(runs, 24, "#333333", 30, bullet="●")
    write_paragraphs(frame, [para, para], _language())
    runs = frame._txBody.findall(f"{qn('a:p')}/{qn('a:r')}/{qn('a:rPr')}")
    assert len(runs) == 4
    for written, (bold, colour) in zip(runs, [(True, "#C62828"), (False, "#333333")] * 2, strict=True):
        expected = etree.SubElement(etree.Element(qn("a:r"), nsmap={"a": _nsmap["a"]}), qn("a:rPr"))
        run_properties(expected, _language(), 24, bold, colour)
        assert _canonical(written) == _canonical(expected)
    # every run has properties of its own: changing one changes no other, nor later paragraphs
    runs[0].set("sz", "9900")
    write_paragraphs(frame, [para], _language())
    sizes = {r.get("sz") for r in frame._txBody.iter(qn("a:rPr"))}
    assert sizes == {"2400"}


def test_preload_loads_only_the_code_of_the_formats_asked_for() -> None:
    script = (
        "import json, sys\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from builder.build import preload\n"
        "preload(['leaflet'])\n"
        "print(json.dumps(['builder.render.pptx' in sys.modules, 'builder.render.pdf' in sys.modules,"
        " len([n for n in pdfmetrics.getRegisteredFontNames() if n.startswith('NotoSans')])]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    pptx_loaded, pdf_loaded, faces = json.loads(out.stdout)
    assert (pptx_loaded, pdf_loaded) == (False, True)
    assert faces == 4  # TC and SC, regular and bold: every bundled face a leaflet may embed


def test_a_batch_whose_preload_fails_reports_each_spec(tmp_path: Path, monkeypatch: object) -> None:
    """Preloading is only a head start: without the bundled fonts each spec says so itself."""
    monkeypatch.setenv("LEAFDECK_FONTS_DIR", str(tmp_path / "no-fonts"))  # type: ignore[attr-defined]
    specs = [HANDOUTS / "sciatica.yaml", HANDOUTS / "lumbar-gtps.yaml"]
    outcomes = run_batch(specs, tmp_path / "out", ["leaflet"], jobs=2)
    assert [o.spec for o in outcomes] == specs
    assert all(o.errors and "font" in o.errors[0] for o in outcomes), [o.errors for o in outcomes]


def test_empty_placeholders_go_and_those_with_text_or_a_table_stay() -> None:
    from builder.render.pptx.deck import _DeckWriter

    presentation = _presentation()
    columns = presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_INDEX["two_column"]])
    columns.shapes.title.text = "標題"
    columns.placeholders[1].text_frame.text = " \v \n "  # spaces, a line break, a new paragraph
    table = presentation.slides.add_slide(presentation.slide_layouts[LAYOUT_INDEX["table"]])
    table.placeholders[1].insert_table(2, 2)
    for slide in (columns, table):
        _DeckWriter._remove_empty_placeholders(None, slide)  # type: ignore[arg-type]  # uses no state
    assert [shape.name for shape in columns.placeholders] == [columns.shapes.title.name]
    assert [shape.has_table for shape in table.placeholders if shape.placeholder_format.idx] == [True]
    assert table.shapes.title is None  # its title was empty
