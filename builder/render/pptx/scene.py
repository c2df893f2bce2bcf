"""Figure scenes as native PowerPoint shapes: one named group per picture, every part a
named freeform, oval or text box that a presenter can recolour, move or delete.

Arrowheads are the line's own (a:headEnd / a:tailEnd), hatching is a pattern fill, the
picture's description is the group's alt text (descr).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from builder.figures.scene import (
    Circle,
    Close,
    CurveTo,
    Group,
    Hatch,
    Item,
    LineTo,
    MoveTo,
    Path,
    Point,
    Scene,
    Text,
    segment_points,
)
from builder.render.pptx.text import Language, Para, TextRun, body_properties, write_paragraphs
from builder.render.pptx.theme import emu, rgb

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PATH_UNITS = 1000  # custom-geometry units per scene unit


class _Placement:
    """Scene units → slide EMU for one placement (top-left corner at x, y points)."""

    def __init__(self, scene: Scene, x: float, y: float, width: float) -> None:
        self.points_per_unit = width / scene.width
        self.x, self.y = x, y

    def emu(self, value: float) -> Emu:
        return emu(value * self.points_per_unit)

    def at(self, p: Point) -> tuple[Emu, Emu]:
        return emu(self.x + p[0] * self.points_per_unit), emu(self.y + p[1] * self.points_per_unit)


def add_scene(shapes: Any, scene: Scene, x: float, y: float, width: float, language: Language) -> Any:
    """Draw `scene` `width` points wide with its top-left corner at (x, y) points; returns its group."""
    place = _Placement(scene, x, y, width)
    group = shapes.add_group_shape()
    group.name = scene.name
    if scene.alt:
        group._element.nvGrpSpPr.cNvPr.set("descr", scene.alt)
    with _extents_once(group):
        for item in scene.items:
            _add(group, item, place, language)
    return group


@contextmanager
def _extents_once(group: Any) -> Iterator[None]:
    """python-pptx recomputes a group's extents, and every enclosing group's, from all their
    members after each shape added: quadratic, a third of a talk deck's build. Members keep the
    place they are added at, so computing a group's extents once, after its last member (inner
    groups first), gives the same group."""
    members = group.shapes
    members._recalculate_extents = lambda: None  # shadows the method on this one object
    try:
        yield
    finally:
        del members._recalculate_extents
        members._recalculate_extents()


def _add(group: Any, item: Item, place: _Placement, language: Language) -> None:
    if isinstance(item, Group):
        inner = group.shapes.add_group_shape()
        if item.name:
            inner.name = item.name
        with _extents_once(inner):
            for child in item.items:
                _add(inner, child, place, language)
        return
    if isinstance(item, Path):
        shape = _path(group, item, place)
    elif isinstance(item, Circle):
        shape = _circle(group, item, place)
    else:
        shape = _text(group, item, place, language)
    if item.name:
        shape.name = item.name


def _path(group: Any, item: Path, place: _Placement) -> Any:
    points = segment_points(item.segments)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, top = min(xs), min(ys)
    width, height = max(max(xs) - left, 0.01), max(max(ys) - top, 0.01)
    x, y = place.at((left, top))
    shape = group.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, place.emu(width), place.emu(height))

    def pt(p: Point) -> str:
        return f'<a:pt x="{round((p[0] - left) * _PATH_UNITS)}" y="{round((p[1] - top) * _PATH_UNITS)}"/>'

    body = []
    for seg in item.segments:
        if isinstance(seg, MoveTo):
            body.append(f"<a:moveTo>{pt(seg.p)}</a:moveTo>")
        elif isinstance(seg, LineTo):
            body.append(f"<a:lnTo>{pt(seg.p)}</a:lnTo>")
        elif isinstance(seg, CurveTo):
            body.append(f"<a:cubicBezTo>{pt(seg.c1)}{pt(seg.c2)}{pt(seg.p)}</a:cubicBezTo>")
        elif isinstance(seg, Close):
            body.append("<a:close/>")
    filled = item.fill is not None or item.hatch is not None
    no_fill = "" if filled else ' fill="none"'
    geometry = etree.fromstring(
        f'<a:custGeom xmlns:a="{_A}"><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>'
        '<a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{round(width * _PATH_UNITS)}" h="{round(height * _PATH_UNITS)}"'
        f"{no_fill}>{''.join(body)}</a:path></a:pathLst></a:custGeom>"
    )
    preset = shape._element.spPr.find(qn("a:prstGeom"))
    preset.addprevious(geometry)
    preset.getparent().remove(preset)
    if item.hatch is not None:
        _pattern_fill(shape, item.hatch, item.fill)
    else:
        _fill(shape, item.fill)
    _line(shape, item.stroke, item.stroke_width, place)
    line = shape._element.spPr.find(qn("a:ln"))
    if line is not None and item.stroke:
        if item.dash:
            etree.SubElement(line, qn("a:prstDash")).set("val", "dash")
        etree.SubElement(line, qn("a:round"))
        for wanted, tag in ((item.arrow_start, "a:headEnd"), (item.arrow_end, "a:tailEnd")):
            if wanted:
                end = etree.SubElement(line, qn(tag))
                end.set("type", "triangle")
                end.set("w", "med")
                end.set("len", "med")
    return shape


def _pattern_fill(shape: Any, hatch: Hatch, background: str | None) -> None:
    """A preset line pattern: the nearest of PowerPoint's hatches to the scene's angle."""
    angle = hatch.angle % 180
    preset = ("horz", "wdUpDiag", "vert", "wdDnDiag")[round(angle / 45) % 4]
    shape.fill.background()
    sppr = shape._element.spPr
    old = sppr.find(qn("a:noFill"))
    fill = etree.fromstring(
        f'<a:pattFill xmlns:a="{_A}" prst="{preset}">'
        f'<a:fgClr><a:srgbClr val="{hatch.colour.lstrip("#")}"/></a:fgClr>'
        f'<a:bgClr><a:srgbClr val="{(background or "#FFFFFF").lstrip("#")}"/></a:bgClr></a:pattFill>'
    )
    old.addprevious(fill)
    sppr.remove(old)


def _line(shape: Any, colour: str | None, width: float, place: _Placement) -> None:
    """The outline, or none; the theme's shape style (shadow, accent outline) is dropped so the
    picture looks the same in PowerPoint and LibreOffice."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)
    if colour and width > 0:
        shape.line.color.rgb = rgb(colour)
        shape.line.width = place.emu(width)
        shape._element.spPr.find(qn("a:ln")).set("cap", "rnd")
    else:
        shape.line.fill.background()


def _circle(group: Any, item: Circle, place: _Placement) -> Any:
    r = item.radius
    x, y = place.at((item.centre[0] - r, item.centre[1] - r))
    shape = group.shapes.add_shape(MSO_SHAPE.OVAL, x, y, place.emu(2 * r), place.emu(2 * r))
    _fill(shape, item.fill)
    _line(shape, item.stroke, item.stroke_width, place)
    return shape


def _fill(shape: Any, colour: str | None) -> None:
    """A solid fill, or none: an unfilled outline must not take the theme's default fill."""
    if colour:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(colour)
    else:
        shape.fill.background()


def _text(group: Any, item: Text, place: _Placement, language: Language) -> Any:
    """A text box wide enough for the line, aligned on the anchor, no wrap, no autofit."""
    size = item.size * place.points_per_unit
    width = len(item.text) * item.size * 1.15 + item.size  # wider than the line: it is not wrapped
    left = {"start": 0.0, "middle": -width / 2, "end": -width}[item.anchor] + item.at[0]
    top = item.at[1] - item.size * 0.75
    x, y = place.at((left, top))
    box = group.shapes.add_textbox(x, y, place.emu(width), place.emu(item.size * 1.5))
    frame = box.text_frame
    body_properties(frame, 0, 0, "ctr")
    frame._txBody.bodyPr.set("wrap", "none")
    align: Literal["l", "ctr", "r"] = {"start": "l", "middle": "ctr", "end": "r"}[item.anchor]  # type: ignore[assignment]
    write_paragraphs(
        frame,
        [Para((TextRun(item.text, item.bold),), size, item.colour, pitch=math.ceil(size * 1.2), align=align)],
        language,
    )
    return box
