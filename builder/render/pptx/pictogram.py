"""Pictograms in a deck as native shapes (one group per pictogram), editable and sharp."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from builder.pictograms import COLOURS, FORBIDDEN, HEIGHT, PROP_FILL, WIDTH, Dot, Pictogram, Shape, Stroke
from builder.render.pptx.theme import emu, rgb

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _path_shape(group: Any, points: tuple[tuple[float, float], ...], scale: float, closed: bool) -> Any:
    """A shape whose geometry is one path through points (in pictogram units)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, top = min(xs), min(ys)
    width, height = max(max(xs) - left, 0.01), max(max(ys) - top, 0.01)
    shape = group.shapes.add_shape(
        MSO_SHAPE.RECTANGLE,
        Emu(round(left * scale)),
        Emu(round(top * scale)),
        Emu(round(width * scale)),
        Emu(round(height * scale)),
    )
    w, h = round(width * 1000), round(height * 1000)
    (x0, y0), *rest = [(round((x - left) * 1000), round((y - top) * 1000)) for x, y in points]
    path = f'<a:moveTo><a:pt x="{x0}" y="{y0}"/></a:moveTo>' + "".join(
        f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in rest
    )
    fill = "" if closed else ' fill="none"'
    geometry = etree.fromstring(
        f'<a:custGeom xmlns:a="{_A}"><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>'
        '<a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{w}" h="{h}"{fill}>{path}{"<a:close/>" if closed else ""}</a:path>'
        "</a:pathLst></a:custGeom>"
    )
    preset = shape._element.spPr.find(qn("a:prstGeom"))
    preset.addprevious(geometry)
    preset.getparent().remove(preset)
    return shape


def add_pictogram(shapes: Any, picture: Pictogram, x: float, y: float, width: float) -> Any:
    """Draw the pictogram `width` points wide with its top-left corner at (x, y) points."""
    scale = emu(width) / WIDTH  # EMU per pictogram unit
    group = shapes.add_group_shape()
    group.name = f"Pictogram {picture.key}"
    for part in picture.parts:
        if isinstance(part, Stroke):
            shape = _path_shape(group, part.points, scale, closed=False)
            shape.fill.background()
            shape.line.color.rgb = rgb(COLOURS[part.role])
            shape.line.width = Emu(round(part.width * scale))
            line = shape._element.spPr.find(qn("a:ln"))
            line.set("cap", "rnd")
            etree.SubElement(line, qn("a:round"))
        elif isinstance(part, Dot):
            (cx, cy), r = part.centre, part.radius
            shape = group.shapes.add_shape(
                MSO_SHAPE.OVAL,
                Emu(round((cx - r) * scale)),
                Emu(round((cy - r) * scale)),
                Emu(round(2 * r * scale)),
                Emu(round(2 * r * scale)),
            )
            shape.fill.solid()
            shape.fill.fore_color.rgb = rgb(COLOURS[part.role])
            shape.line.fill.background()
        elif isinstance(part, Shape):
            shape = _path_shape(group, part.points, scale, closed=True)
            shape.fill.solid()
            shape.fill.fore_color.rgb = rgb(PROP_FILL)
            shape.line.color.rgb = rgb(COLOURS[part.role])
    if picture.forbidden:
        inset = 14.0
        for points in (
            ((inset, inset * 0.6), (WIDTH - inset, HEIGHT - inset * 0.6)),
            ((inset, HEIGHT - inset * 0.6), (WIDTH - inset, inset * 0.6)),
        ):
            shape = _path_shape(group, points, scale, closed=False)
            shape.fill.background()
            shape.line.color.rgb = rgb(FORBIDDEN)
            shape.line.width = Emu(round(5 * scale))
    group.left, group.top = emu(x), emu(y)
    return group
