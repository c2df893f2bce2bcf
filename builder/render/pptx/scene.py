"""Figure scenes as native PowerPoint shapes: one named group per picture, every part a
named freeform, oval or text box that a presenter can recolour, move or delete.

Arrowheads are the line's own (a:headEnd / a:tailEnd), hatching is a pattern fill, the
picture's description is the group's alt text (descr).

Why the group is written as one piece of XML rather than shape by shape through python-pptx:
python-pptx finds each new shape's id by searching the whole slide and wraps every element
in proxy objects, so a figure of a hundred parts cost a hundred slide searches; a talk deck
with figures spent most of its time there. The XML written is the same, element for element
and attribute for attribute, as python-pptx's (its templates for groups, autoshapes and
text boxes, then the same changes), with the ids python-pptx would give: one past the
largest on the slide, in document order. Text boxes are filled by the shared text writer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.text.text import TextFrame
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

_PATH_UNITS = 1000  # custom-geometry units per scene unit
_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


class _Placement:
    """Scene units → slide EMU for one placement (top-left corner at x, y points)."""

    def __init__(self, scene: Scene, x: float, y: float, width: float) -> None:
        self.points_per_unit = width / scene.width
        self.x, self.y = x, y

    def emu(self, value: float) -> Emu:
        return emu(value * self.points_per_unit)

    def at(self, p: Point) -> tuple[Emu, Emu]:
        return emu(self.x + p[0] * self.points_per_unit), emu(self.y + p[1] * self.points_per_unit)


@dataclass
class _Shape:
    """One shape's XML and its box on the slide (EMU), which its group's extents are made from."""

    xml: str
    x: int
    y: int
    cx: int
    cy: int


class _Writer:
    """Writes a scene's shapes as XML, numbering them from `next_id` in document order."""

    def __init__(self, place: _Placement, next_id: int) -> None:
        self.place = place
        self.next_id = next_id
        self.texts: list[Text] = []  # in document order: filled in after parsing

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def group(self, items: tuple[Item, ...], name: str | None, descr: str = "", root: bool = False) -> _Shape:
        """A p:grpSp as python-pptx makes it (id before its members'), extents from its members."""
        shape_id = self.take_id()
        members = [self.item(item) for item in items]
        if members:
            x, y = min(m.x for m in members), min(m.y for m in members)
            cx = max(m.x + m.cx for m in members) - x
            cy = max(m.y + m.cy for m in members) - y
        else:
            x = y = cx = cy = 0
        label = _attr(f"Group {shape_id - 1}" if name is None else name)
        alt = f' descr="{_attr(descr)}"' if descr else ""
        namespaces = f" {nsdecls('a', 'p', 'r')}" if root else ""
        xml = (
            f'<p:grpSp{namespaces}><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name="{label}"{alt}/>'
            "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
            f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/></a:xfrm></p:grpSpPr>'
            f"{''.join(m.xml for m in members)}</p:grpSp>"
        )
        return _Shape(xml, x, y, cx, cy)

    def item(self, item: Item) -> _Shape:
        if isinstance(item, Group):
            return self.group(item.items, item.name or None)
        if isinstance(item, Path):
            return self.path(item)
        if isinstance(item, Circle):
            return self.circle(item)
        return self.text(item)

    def path(self, item: Path) -> _Shape:
        place = self.place
        points = segment_points(item.segments)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        left, top = min(xs), min(ys)
        width, height = max(max(xs) - left, 0.01), max(max(ys) - top, 0.01)
        x, y = place.at((left, top))

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
        geometry = (
            "<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/>"
            '<a:rect l="0" t="0" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{round(width * _PATH_UNITS)}" h="{round(height * _PATH_UNITS)}"'
            f"{no_fill}>{''.join(body)}</a:path></a:pathLst></a:custGeom>"
        )
        fill = _pattern_fill(item.hatch, item.fill) if item.hatch is not None else _fill(item.fill)
        ends = ""
        if item.stroke:
            ends = '<a:prstDash val="dash"/>' if item.dash else ""
            ends += "<a:round/>"
            for wanted, tag in ((item.arrow_start, "a:headEnd"), (item.arrow_end, "a:tailEnd")):
                if wanted:
                    ends += f'<{tag} type="triangle" w="med" len="med"/>'
        line = _line(item.stroke, item.stroke_width, place, ends)
        return self.autoshape(
            "Rectangle", item.name, x, y, place.emu(width), place.emu(height), geometry + fill + line
        )

    def circle(self, item: Circle) -> _Shape:
        place = self.place
        r = item.radius
        x, y = place.at((item.centre[0] - r, item.centre[1] - r))
        geometry = '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>'
        look = _fill(item.fill) + _line(item.stroke, item.stroke_width, place, "")
        return self.autoshape("Oval", item.name, x, y, place.emu(2 * r), place.emu(2 * r), geometry + look)

    def autoshape(self, kind: str, name: str, x: int, y: int, cx: int, cy: int, look: str) -> _Shape:
        """python-pptx's autoshape with its geometry, fill and line set and the theme's shape style
        (shadow, accent outline) dropped, so the picture looks the same in PowerPoint and LibreOffice."""
        shape_id = self.take_id()
        label = _attr(name or f"{kind} {shape_id - 1}")
        xml = (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{label}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>{look}</p:spPr>'
            '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p>'
            "</p:txBody></p:sp>"
        )
        return _Shape(xml, x, y, cx, cy)

    def text(self, item: Text) -> _Shape:
        """A text box wide enough for the line (python-pptx's text box; its text is written after
        parsing, by the shared writer)."""
        place = self.place
        # a little wider than the line (it is not wrapped), not so wide that it reaches past a
        # badge or a picture's edge into the text beside it
        width = item.extent + item.size / 2
        left = {"start": 0.0, "middle": -width / 2, "end": -width}[item.anchor] + item.at[0]
        top = item.at[1] - item.size * 0.75
        x, y = place.at((left, top))
        cx, cy = place.emu(width), place.emu(item.size * 1.5)
        shape_id = self.take_id()
        label = _attr(item.name or f"TextBox {shape_id - 1}")
        self.texts.append(item)
        xml = (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{label}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            '<p:txBody><a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr><a:lstStyle/><a:p/></p:txBody></p:sp>'
        )
        return _Shape(xml, x, y, cx, cy)


def add_scene(shapes: Any, scene: Scene, x: float, y: float, width: float, language: Language) -> Any:
    """Draw `scene` `width` points wide with its top-left corner at (x, y) points; returns its group."""
    place = _Placement(scene, x, y, width)
    writer = _Writer(place, shapes._next_shape_id)
    element = parse_xml(writer.group(scene.items, scene.name, scene.alt, root=True).xml)
    bodies = element.xpath(".//p:sp[p:nvSpPr/p:cNvSpPr/@txBox]/p:txBody")  # text boxes, in order
    for body, item in zip(bodies, writer.texts, strict=True):
        _write_text(TextFrame(body, shapes), item, place, language)
    shapes._spTree.insert_element_before(element, "p:extLst")
    if getattr(shapes, "_cached_max_shape_id", None) is not None:  # python-pptx's turbo-add mode
        shapes._cached_max_shape_id = writer.next_id - 1
    return shapes._shape_factory(element)


def _write_text(frame: TextFrame, item: Text, place: _Placement, language: Language) -> None:
    """One line aligned on the anchor, no wrap, no autofit."""
    size = item.size * place.points_per_unit
    body_properties(frame, 0, 0, "ctr")
    frame._txBody.bodyPr.set("wrap", "none")
    align: Literal["l", "ctr", "r"] = {"start": "l", "middle": "ctr", "end": "r"}[item.anchor]  # type: ignore[assignment]
    write_paragraphs(
        frame,
        [Para((TextRun(item.text, item.bold),), size, item.colour, pitch=math.ceil(size * 1.2), align=align)],
        language,
    )


def _attr(text: str) -> str:
    return escape(text, _ATTRIBUTE)


def _colour(colour: str) -> str:
    return f'<a:srgbClr val="{rgb(colour)}"/>'


def _fill(colour: str | None) -> str:
    """A solid fill, or none: an unfilled outline must not take the theme's default fill."""
    return f"<a:solidFill>{_colour(colour)}</a:solidFill>" if colour else "<a:noFill/>"


def _pattern_fill(hatch: Hatch, background: str | None) -> str:
    """A preset line pattern: the nearest of PowerPoint's hatches to the scene's angle."""
    angle = hatch.angle % 180
    preset = ("horz", "wdUpDiag", "vert", "wdDnDiag")[round(angle / 45) % 4]
    return (
        f'<a:pattFill prst="{preset}">'
        f'<a:fgClr><a:srgbClr val="{_attr(hatch.colour.lstrip("#"))}"/></a:fgClr>'
        f'<a:bgClr><a:srgbClr val="{_attr((background or "#FFFFFF").lstrip("#"))}"/></a:bgClr></a:pattFill>'
    )


def _line(colour: str | None, width: float, place: _Placement, ends: str) -> str:
    """The outline (round caps), or none; `ends` are dashes, joins and arrowheads."""
    if colour and width > 0:
        w = place.emu(width)
        weight = f' w="{w}"' if w else ""  # python-pptx leaves out a width of 0, its default
        return f'<a:ln{weight} cap="rnd"><a:solidFill>{_colour(colour)}</a:solidFill>{ends}</a:ln>'
    return f"<a:ln><a:noFill/>{ends}</a:ln>"
