"""The neutral vector scene draws the same in both backends: PDF vector paths (with alt text)
and native, grouped, named PowerPoint shapes (hatching, arrowheads, labels kept editable)."""

from __future__ import annotations

import io
import re
import zlib

import pypdfium2 as pdfium
import pytest
from pptx import Presentation
from pptx.util import Emu
from reportlab.pdfgen.canvas import Canvas

from builder.figures.scene import (
    Circle,
    Group,
    Hatch,
    Path,
    Scene,
    Text,
    bounds,
    capsule,
    ellipse,
    polygon,
    smooth,
)
from builder.render.pdf.scene import draw_scene
from builder.render.pptx.scene import add_scene
from builder.render.pptx.text import Language
from builder.render.pptx.theme import DEFAULT_FONT_NAMES
from builder.typeset import fonts_for_language

SCENE = Scene(
    100,
    60,
    (
        Path(
            polygon([(5, 5), (45, 5), (45, 40), (5, 40)]),
            fill="#F2C4C4",
            hatch=Hatch("#B00020", 3, 45, 0.6),
            name="Region lower back",
        ),
        Path(capsule((60, 10), (90, 30), 5, 3), fill="#4A6A8A", name="Limb"),
        Path(
            smooth([(55, 45), (70, 50), (85, 45)], closed=False),
            stroke="#1F5F8B",
            stroke_width=1.5,
            arrow_end=True,
            name="Route",
        ),
        Group(
            (
                Circle((20, 50), 5, fill="#FFFFFF", stroke="#B00020", stroke_width=1),
                Text("2", (20, 50), 6, bold=True),
            ),
            name="Marker 2",
        ),
        Path(ellipse((70, 20), 6, 4), stroke="#1A1A1A", stroke_width=0.8, dash=(2, 1)),
    ),
    name="Test scene",
    alt="測試圖：下背痛",
)


def _pdf(scene: Scene) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 120))
    draw_scene(canvas, scene, 0, 0, 200, fonts_for_language("zh-Hant-TW"))
    canvas.save()
    return buffer.getvalue()


def test_scene_draws_as_pdf_vectors_with_alt_text() -> None:
    data = _pdf(SCENE)
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=2).to_pil().convert("L")
    histogram = image.histogram()
    assert sum(histogram[:200]) > 2000, "the scene is drawn"
    # the hatched region has light and dark stripes; the fill alone would be one grey
    region = image.crop((20, 20, 80, 70))
    assert min(region.tobytes()) < 120 and max(region.tobytes()) > 170
    paths = page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH])
    assert sum(1 for _ in paths) > 5
    streams = [
        zlib.decompress(m) for m in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S) if m[:2] == b"x\x9c"
    ]
    content = b"".join(streams) if streams else data
    assert b"/Figure <</Alt <FEFF" in content
    assert "測試圖：下背痛".encode("utf-16-be").hex().upper().encode() in content


def test_scene_is_native_grouped_named_shapes_in_pptx() -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    language = Language("zh-TW", DEFAULT_FONT_NAMES["zh-Hant-TW"])
    group = add_scene(slide.shapes, SCENE, 100, 50, 300, language)
    assert group.name == "Test scene"
    assert group._element.nvGrpSpPr.cNvPr.get("descr") == "測試圖：下背痛"
    names = [s.name for s in group.shapes]
    assert {"Region lower back", "Limb", "Route", "Marker 2"} <= set(names)
    xml = group._element.xml
    assert "a:pattFill" in xml and 'prst="wdUpDiag"' in xml
    assert "a:tailEnd" in xml and "a:cubicBezTo" in xml and 'val="dash"' in xml
    marker = next(s for s in group.shapes if s.name == "Marker 2")
    text = next(s for s in marker.shapes if s.has_text_frame and s.text_frame.text)
    assert text.text_frame.text == "2"
    assert 'lang="zh-TW"' in text._element.xml and "a:ea" in text._element.xml
    # placed where asked, at the scale asked: the region's left edge (x = 5 units) is 15 pt in
    assert abs(group.left - Emu(115 * 12700)) < Emu(12700 * 2)
    assert group.width <= Emu(300 * 12700)


def test_bounds_cover_the_ink() -> None:
    box = bounds(SCENE)
    assert box is not None
    x0, y0, x1, y1 = box
    assert 0 <= x0 < 6 and 0 <= y0 < 6 and 90 < x1 <= 100 and 54 < y1 <= 60


def test_a_scene_in_pptx_is_numbered_from_one_search_of_the_slide(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-pptx searched the whole slide for the largest id once per shape added (a figure of a
    hundred parts, a hundred searches). The group takes the ids python-pptx gives, one past the
    largest in document order, from one search; its default names follow them; shapes added
    after it go on from there."""
    from pptx.oxml.ns import qn
    from pptx.oxml.shapes.groupshape import CT_GroupShape

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # a title placeholder is there already
    searches: list[int] = []
    largest = CT_GroupShape.max_shape_id.fget

    def counted(tree: CT_GroupShape) -> int:
        searches.append(1)
        return largest(tree)

    monkeypatch.setattr(CT_GroupShape, "max_shape_id", property(counted))
    language = Language("zh-TW", DEFAULT_FONT_NAMES["zh-Hant-TW"])
    add_scene(slide.shapes, SCENE, 100, 50, 300, language)
    assert len(searches) == 1
    add_scene(slide.shapes, SCENE, 100, 250, 300, language)
    slide.shapes.add_textbox(0, 0, 100, 100)
    named = [(int(e.get("id")), e.get("name")) for e in slide.shapes._spTree.iter(qn("p:cNvPr"))]
    ids = [shape_id for shape_id, _ in named]
    assert ids == list(range(1, len(ids) + 1))
    defaults = [(i, n) for i, n in named if re.fullmatch(r"(Group|Rectangle|Oval|TextBox) \d+", n)]
    assert defaults and all(int(name.split()[-1]) == shape_id - 1 for shape_id, name in defaults)
