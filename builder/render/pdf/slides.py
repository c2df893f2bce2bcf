"""Slides of a written .pptx drawn as PDF vectors: what the audience's take-home handout shows.

Why from the .pptx and not from the composed deck: the deck writer decides sizes, line
breaks and continuation slides by measuring, and a presenter sees exactly those slides.
Reading them back from the file draws the same slides (the same text at the same size in
the same boxes, the same native figures) without a second copy of the deck's layout rules,
and without importing the PPTX renderer. Text is broken again by the typesetting core with
the bundled fonts, the fonts the deck was measured with, so it fits where it fitted there.

Only the DrawingML the deck writer uses is drawn: text boxes and placeholders (with their
position inherited from the layout when the slide gives none), rectangles, rounded
rectangles and ellipses, freeform paths with solid or hatched fills and arrowheads, groups,
tables and pictures. Anything else is skipped rather than guessed at.
"""

from __future__ import annotations

import io
import math
import posixpath
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from builder.figures.scene import arrowhead
from builder.render.pdf.paint import paint_lines
from builder.render.pdf.scene import draw_hatch, fill_triangle
from builder.typeset import FontSet, Line, Span, Style, break_lines

EMU_PER_POINT = 12700
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"a": _A, "p": _P, "r": _R}
_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u200b\ufeff"))  # no-break marks for PowerPoint's breaker
_BODY_INSETS = ("lIns", "tIns", "rIns", "bIns")  # a:bodyPr: left, top, right, bottom
_CELL_MARGINS = ("marL", "marT", "marR", "marB")  # a table cell's a:tcPr, the same in that order
_HATCH_ANGLES = {"horz": 0.0, "vert": 90.0, "wdUpDiag": 45.0, "wdDnDiag": 135.0}


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{_NS[prefix]}}}{name}"


@dataclass(frozen=True)
class SlideSize:
    width: float  # points
    height: float


@dataclass
class _Transform:
    """Child EMU → slide points: x' = x * sx + tx (groups scale their members)."""

    sx: float = 1 / EMU_PER_POINT
    sy: float = 1 / EMU_PER_POINT
    tx: float = 0.0
    ty: float = 0.0

    def x(self, value: float) -> float:
        return value * self.sx + self.tx

    def y(self, value: float) -> float:
        return value * self.sy + self.ty

    def inside(self, xfrm: Any) -> _Transform:
        """The transform of a group's members, from the group's a:xfrm (off/ext, chOff/chExt)."""
        off, ext = xfrm.find(_q("a:off")), xfrm.find(_q("a:ext"))
        ch_off, ch_ext = xfrm.find(_q("a:chOff")), xfrm.find(_q("a:chExt"))
        if off is None or ext is None or ch_off is None or ch_ext is None:
            return self
        cx, cy = float(ch_ext.get("cx", 0)), float(ch_ext.get("cy", 0))
        kx = float(ext.get("cx", 0)) / cx if cx else 1.0
        ky = float(ext.get("cy", 0)) / cy if cy else 1.0
        ox, oy = float(off.get("x", 0)), float(off.get("y", 0))
        cox, coy = float(ch_off.get("x", 0)), float(ch_off.get("y", 0))
        return _Transform(
            self.sx * kx,
            self.sy * ky,
            self.tx + self.sx * (ox - cox * kx),
            self.ty + self.sy * (oy - coy * ky),
        )


@dataclass(frozen=True)
class _Box:
    x: float
    y: float  # top, y downwards, in slide points
    w: float
    h: float
    rotation: float = 0.0  # degrees clockwise


@dataclass
class PptxSlides:
    """A .pptx opened for drawing: its parts, slide size, theme colours and slide part names."""

    archive: zipfile.ZipFile
    size: SlideSize
    colours: dict[str, str]
    slides: list[str]
    _xml: dict[str, Any] = field(default_factory=dict)

    def xml(self, name: str) -> Any:
        if name not in self._xml:
            self._xml[name] = etree.fromstring(self.archive.read(name))
        return self._xml[name]

    def related(self, part: str, kind: str) -> list[str]:
        """Part names related to `part` by relationships whose type ends in `kind`."""
        return [target for rtype, target in self._rels(part).values() if rtype.endswith("/" + kind)]

    def target(self, part: str, rid: str) -> str | None:
        found = self._rels(part).get(rid)
        return found[1] if found else None

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self.archive.namelist():
            return {}
        out = {}
        for rel in self.xml(rels_name):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target)
        return out


def open_pptx(data: bytes) -> PptxSlides:
    """The slides of a .pptx in presentation order, with its theme colours."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    deck = PptxSlides(archive, SlideSize(960, 540), {}, [])
    presentation = deck.xml("ppt/presentation.xml")
    size = presentation.find(_q("p:sldSz"))
    if size is not None:
        deck.size = SlideSize(int(size.get("cx")) / EMU_PER_POINT, int(size.get("cy")) / EMU_PER_POINT)
    order = presentation.find(_q("p:sldIdLst"))
    for slide_id in order if order is not None else ():
        target = deck.target("ppt/presentation.xml", slide_id.get(_q("r:id")))
        if target:
            deck.slides.append(target)
    for theme in deck.related("ppt/presentation.xml", "theme")[:1]:
        scheme = deck.xml(theme).find(f"{_q('a:themeElements')}/{_q('a:clrScheme')}")
        for entry in scheme if scheme is not None else ():
            colour = entry.find(_q("a:srgbClr"))
            system = entry.find(_q("a:sysClr"))
            value = (
                colour.get("val")
                if colour is not None
                else system.get("lastClr")
                if system is not None
                else None
            )
            if value:
                deck.colours[etree.QName(entry).localname] = "#" + value
    # the master's colour map: text and background names onto the scheme's
    deck.colours.setdefault("dk1", "#000000")
    deck.colours.setdefault("lt1", "#FFFFFF")
    for alias, name in (("tx1", "dk1"), ("bg1", "lt1"), ("tx2", "dk2"), ("bg2", "lt2")):
        if name in deck.colours:
            deck.colours[alias] = deck.colours[name]
    return deck


class _Painter:
    """Draws one slide's shapes onto a canvas whose user space is the slide's, y upwards."""

    def __init__(self, deck: PptxSlides, part: str, canv: Canvas, fonts: FontSet) -> None:
        self.deck, self.part, self.canv, self.fonts = deck, part, canv, fonts
        self.height = deck.size.height
        layouts = deck.related(part, "slideLayout")
        self.layout = layouts[0] if layouts else None
        masters = deck.related(self.layout, "slideMaster") if self.layout else []
        self.master = masters[0] if masters else None

    # --- colours ---------------------------------------------------------------------------

    def colour(self, holder: Any) -> str | None:
        """#RRGGBB of an a:srgbClr or a:schemeClr child of `holder`."""
        if holder is None:
            return None
        rgb = holder.find(_q("a:srgbClr"))
        if rgb is not None:
            return "#" + str(rgb.get("val", "000000"))
        scheme = holder.find(_q("a:schemeClr"))
        if scheme is not None:
            return self.deck.colours.get(scheme.get("val", ""), "#000000")
        return None

    def fill_of(self, props: Any) -> tuple[str | None, tuple[str, str, float] | None]:
        """(solid colour, (hatch colour, background, angle)) of an spPr / tcPr."""
        if props is None:
            return None, None
        solid = props.find(_q("a:solidFill"))
        if solid is not None:
            return self.colour(solid), None
        pattern = props.find(_q("a:pattFill"))
        if pattern is not None:
            fg = self.colour(pattern.find(_q("a:fgClr"))) or "#000000"
            bg = self.colour(pattern.find(_q("a:bgClr"))) or "#FFFFFF"
            return bg, (fg, bg, _HATCH_ANGLES.get(pattern.get("prst", ""), 45.0))
        return None, None

    # --- the slide ---------------------------------------------------------------------------

    def draw(self) -> None:
        root = self.deck.xml(self.part)
        background = root.find(f"{_q('p:cSld')}/{_q('p:bg')}/{_q('p:bgPr')}")
        colour = self.colour(background.find(_q("a:solidFill"))) if background is not None else None
        self.canv.setFillColor(HexColor(colour or "#FFFFFF"))
        self.canv.rect(0, 0, self.deck.size.width, self.height, stroke=0, fill=1)
        tree = root.find(f"{_q('p:cSld')}/{_q('p:spTree')}")
        if tree is not None:
            self.shapes(tree, _Transform())

    def shapes(self, tree: Any, at: _Transform) -> None:
        for child in tree:
            tag = etree.QName(child).localname
            if tag == "sp":
                self.shape(child, at)
            elif tag == "grpSp":
                xfrm = child.find(f"{_q('p:grpSpPr')}/{_q('a:xfrm')}")
                self.shapes(child, at.inside(xfrm) if xfrm is not None else at)
            elif tag == "graphicFrame":
                self.table(child, at)
            elif tag == "pic":
                self.picture(child, at)

    def box(self, shape: Any, at: _Transform) -> _Box | None:
        """Where a shape is on the slide: its own a:xfrm (p:xfrm for a table's frame), else the
        place its layout gives a placeholder."""
        if etree.QName(shape).localname == "graphicFrame":
            xfrm = shape.find(_q("p:xfrm"))
        else:
            xfrm = shape.find(f"{_q('p:spPr')}/{_q('a:xfrm')}")
            if xfrm is None:
                xfrm = self._inherited_xfrm(shape)
        if xfrm is None:
            return None
        off, ext = xfrm.find(_q("a:off")), xfrm.find(_q("a:ext"))
        if off is None or ext is None:
            return None
        x0, y0 = at.x(float(off.get("x", 0))), at.y(float(off.get("y", 0)))
        x1 = at.x(float(off.get("x", 0)) + float(ext.get("cx", 0)))
        y1 = at.y(float(off.get("y", 0)) + float(ext.get("cy", 0)))
        return _Box(x0, y0, x1 - x0, y1 - y0, int(xfrm.get("rot", 0)) / 60000)

    def _inherited_xfrm(self, shape: Any) -> Any:
        """A placeholder without its own position takes its layout's (or master's) place."""
        ph = shape.find(f"{_q('p:nvSpPr')}/{_q('p:nvPr')}/{_q('p:ph')}")
        if ph is None:
            return None
        for part in (self.layout, self.master):
            if part is None:
                continue
            for candidate in self.deck.xml(part).iter(_q("p:sp")):
                other = candidate.find(f"{_q('p:nvSpPr')}/{_q('p:nvPr')}/{_q('p:ph')}")
                if other is None:
                    continue
                same_idx = other.get("idx", "0") == ph.get("idx", "0")
                same_type = other.get("type", "body") == ph.get("type", "body")
                if (same_idx and ph.get("idx")) or (same_type and not ph.get("idx")):
                    xfrm = candidate.find(f"{_q('p:spPr')}/{_q('a:xfrm')}")
                    if xfrm is not None:
                        return xfrm
        return None

    def shape(self, shape: Any, at: _Transform) -> None:
        box = self.box(shape, at)
        if box is None:
            return
        props = shape.find(_q("p:spPr"))
        self.canv.saveState()
        if box.rotation:
            cx, cy = box.x + box.w / 2, self.height - (box.y + box.h / 2)
            self.canv.translate(cx, cy)
            self.canv.rotate(-box.rotation)
            self.canv.translate(-cx, -cy)
        self.geometry(props, box)
        body = shape.find(_q("p:txBody"))
        if body is not None:
            self.text(body, box)
        self.canv.restoreState()

    # --- geometry ----------------------------------------------------------------------------

    def geometry(self, props: Any, box: _Box) -> None:
        fill, hatch = self.fill_of(props)
        line = props.find(_q("a:ln"))
        stroke, width = self._stroke(line)
        preset = props.find(_q("a:prstGeom"))
        custom = props.find(_q("a:custGeom"))
        if custom is not None:
            for path in custom.iter(_q("a:path")):
                self.freeform(
                    path, box, fill if path.get("fill") != "none" else None, hatch, stroke, width, line
                )
            return
        if preset is None or (fill is None and stroke is None):
            return
        kind = preset.get("prst", "rect")
        self._set_paint(fill, stroke, width)
        y = self.height - box.y - box.h
        if kind == "ellipse":
            self.canv.ellipse(
                box.x, y, box.x + box.w, y + box.h, stroke=stroke is not None, fill=fill is not None
            )
        elif kind == "roundRect":
            radius = min(box.w, box.h) * 0.1667
            self.canv.roundRect(
                box.x, y, box.w, box.h, radius, stroke=stroke is not None, fill=fill is not None
            )
        else:
            self.canv.rect(box.x, y, box.w, box.h, stroke=stroke is not None, fill=fill is not None)

    def _stroke(self, line: Any) -> tuple[str | None, float]:
        if line is None or line.find(_q("a:noFill")) is not None:
            return None, 0.0
        colour = self.colour(line.find(_q("a:solidFill")))
        return colour, int(line.get("w", 9525)) / EMU_PER_POINT

    def _set_paint(self, fill: str | None, stroke: str | None, width: float) -> None:
        if fill:
            self.canv.setFillColor(HexColor(fill))
        if stroke:
            self.canv.setStrokeColor(HexColor(stroke))
            self.canv.setLineWidth(width)

    def freeform(
        self,
        path: Any,
        box: _Box,
        fill: str | None,
        hatch: tuple[str, str, float] | None,
        stroke: str | None,
        width: float,
        line: Any,
    ) -> None:
        w, h = float(path.get("w", 0)) or 1.0, float(path.get("h", 0)) or 1.0

        def point(element: Any) -> tuple[float, float]:
            return box.x + float(element.get("x", 0)) * box.w / w, self.height - (
                box.y + float(element.get("y", 0)) * box.h / h
            )

        drawn = self.canv.beginPath()
        points: list[tuple[float, float]] = []
        for step in path:
            tag = etree.QName(step).localname
            pts = [point(p) for p in step.iter(_q("a:pt"))]
            if tag == "moveTo" and pts:
                drawn.moveTo(*pts[0])
            elif tag == "lnTo" and pts:
                drawn.lineTo(*pts[0])
            elif tag == "cubicBezTo" and len(pts) == 3:
                drawn.curveTo(*pts[0], *pts[1], *pts[2])
            elif tag == "quadBezTo" and len(pts) == 2:
                drawn.lineTo(*pts[1])
            elif tag == "close":
                drawn.close()
            points += pts
        if fill is not None:
            self.canv.setFillColor(HexColor(fill))
            self.canv.drawPath(drawn, stroke=0, fill=1)
        if hatch is not None and points:
            self._hatch(drawn, points, hatch)
        if stroke is not None and width > 0:
            self.canv.setStrokeColor(HexColor(stroke))
            self.canv.setLineWidth(width)
            self.canv.setLineCap(1)
            self.canv.setLineJoin(1)
            self.canv.drawPath(drawn, stroke=1, fill=0)
            self._arrowheads(line, points, stroke, width)

    def _hatch(
        self, drawn: Any, points: Sequence[tuple[float, float]], hatch: tuple[str, str, float]
    ) -> None:
        colour, _, angle = hatch
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        centre = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        reach = math.hypot(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 1
        direction = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        draw_hatch(self.canv, drawn, centre, reach, direction, 3.0, 0.6, colour)

    def _arrowheads(self, line: Any, pts: Sequence[tuple[float, float]], colour: str, width: float) -> None:
        """PowerPoint's line ends (a:headEnd at the first point, a:tailEnd at the last), drawn as
        the leaflet draws a figure's arrows (builder.figures.scene.arrowhead)."""
        if line is None or len(pts) < 2:
            return
        for tag, tip, before in (("a:headEnd", pts[0], pts[1]), ("a:tailEnd", pts[-1], pts[-2])):
            end = line.find(_q(tag))
            if end is None or end.get("type", "none") == "none":
                continue
            self.canv.setFillColor(HexColor(colour))
            fill_triangle(self.canv, *arrowhead(tip, before, width * 3.2))

    # --- text --------------------------------------------------------------------------------

    def text(self, body: Any, box: _Box, keys: tuple[str, str, str, str] = _BODY_INSETS) -> None:
        """A text body in its box: insets (a cell's margins), then its paragraphs at the anchor."""
        props = body.find(_q("a:bodyPr"))
        holder = body.getparent().find(_q("a:tcPr")) if keys == _CELL_MARGINS else props
        left, top, right, bottom = (
            int(holder.get(key, default)) / EMU_PER_POINT if holder is not None else default / EMU_PER_POINT
            for key, default in zip(keys, (91440, 45720, 91440, 45720), strict=True)
        )
        inner = _Box(box.x + left, box.y + top, box.w - left - right, box.h - top - bottom)
        laid = list(self._lay_out(body, inner.w))
        total = sum(para.height for para in laid)
        anchor = props.get("anchor", "t") if props is not None else "t"
        y = inner.y + {"ctr": max(0.0, (inner.h - total) / 2), "b": max(0.0, inner.h - total)}.get(
            anchor, 0.0
        )
        for para in laid:
            self._paragraph(para, inner, y + para.before)
            y += para.height

    def _lay_out(self, body: Any, width: float) -> Iterator[_Laid]:
        number, sequence = 0, None
        for index, p in enumerate(body.iter(_q("a:p"))):
            props = p.find(_q("a:pPr"))
            margin = int(props.get("marL", 0)) / EMU_PER_POINT if props is not None else 0.0
            indent = int(props.get("indent", 0)) / EMU_PER_POINT if props is not None else 0.0
            lines_of_spans: list[list[Span]] = [[]]
            size = 18.0
            for child in p:
                tag = etree.QName(child).localname
                if tag == "r":
                    style = self._style(child.find(_q("a:rPr")))
                    size = style.size
                    text = (child.findtext(_q("a:t")) or "").translate(_INVISIBLE)
                    if text:
                        lines_of_spans[-1].append(Span(text, style))
                elif tag == "br":
                    lines_of_spans.append([])
                elif tag == "endParaRPr" and not any(lines_of_spans):
                    size = self._style(child).size
            if any(lines_of_spans):
                size = max(span.style.size for spans in lines_of_spans for span in spans)
            bullet, bullet_colour = "", None
            auto = props.find(_q("a:buAutoNum")) if props is not None else None
            char = props.find(_q("a:buChar")) if props is not None else None
            if auto is not None:
                start = int(auto.get("startAt", 1))
                number = number + 1 if sequence == start else start
                sequence = start
                bullet = f"{number}."
            elif char is not None:
                bullet = char.get("char", "")
            if bullet and props is not None:
                bullet_colour = self.colour(props.find(_q("a:buClr")))
            pitch = self._pitch(props, size)
            before = 0.0
            spacing = props.find(f"{_q('a:spcBef')}/{_q('a:spcPts')}") if props is not None else None
            if spacing is not None and index:
                before = int(spacing.get("val", 0)) / 100
            text_x = margin if bullet else margin + indent
            measure = max(width - margin, 1.0)
            lines: list[Line] = []
            for spans in lines_of_spans:
                lines += break_lines(spans, measure) if spans else []
            align = props.get("algn", "l") if props is not None else "l"
            yield _Laid(
                lines, pitch, before, text_x, measure, align, bullet, margin + indent, bullet_colour, size
            )

    def _pitch(self, props: Any, size: float) -> float:
        if props is not None:
            exact = props.find(f"{_q('a:lnSpc')}/{_q('a:spcPts')}")
            if exact is not None:
                return int(exact.get("val", 0)) / 100
            percent = props.find(f"{_q('a:lnSpc')}/{_q('a:spcPct')}")
            if percent is not None:
                return size * 1.2 * int(percent.get("val", 100000)) / 100000
        return size * 1.2

    def _style(self, props: Any, size: float | None = None) -> Style:
        if props is None:
            return Style(self.fonts.regular, size or 18.0, "#000000")
        bold = props.get("b") == "1"
        colour = self.colour(props.find(_q("a:solidFill"))) or "#000000"
        return Style(
            self.fonts.bold if bold else self.fonts.regular, int(props.get("sz", 1800)) / 100, colour
        )

    def _paragraph(self, para: _Laid, inner: _Box, top: float) -> None:
        page_top = self.height - top
        if para.bullet:
            style = Style(self.fonts.regular, para.size, para.bullet_colour or para.first_colour())
            marker = break_lines([Span(para.bullet, style)], 10 * para.size)[:1]
            paint_lines(
                self.canv, marker, inner.x + para.bullet_x, page_top, para.pitch, 10 * para.size, False
            )
        for index, line in enumerate(para.lines):
            shift = {"ctr": (para.measure - line.width) / 2, "r": para.measure - line.width}.get(
                para.align, 0.0
            )
            x = inner.x + para.text_x + max(0.0, shift)
            paint_lines(self.canv, [line], x, page_top - index * para.pitch, para.pitch, para.measure, False)

    # --- tables and pictures -----------------------------------------------------------------

    def table(self, frame: Any, at: _Transform) -> None:
        box = self.box(frame, at)
        grid = frame.find(f".//{_q('a:tbl')}")
        if box is None or grid is None:
            return
        widths = [int(col.get("w", 0)) / EMU_PER_POINT for col in grid.iter(_q("a:gridCol"))]
        y = box.y
        for row in grid.iter(_q("a:tr")):
            height = int(row.get("h", 0)) / EMU_PER_POINT
            x = box.x
            for cell, width in zip(row.iter(_q("a:tc")), widths, strict=False):
                fill, _ = self.fill_of(cell.find(_q("a:tcPr")))
                if fill:
                    self.canv.setFillColor(HexColor(fill))
                    self.canv.rect(x, self.height - y - height, width, height, stroke=0, fill=1)
                body = cell.find(_q("a:txBody"))
                if body is not None:
                    self.text(body, _Box(x, y, width, height), _CELL_MARGINS)
                x += width
            y += height

    def picture(self, pic: Any, at: _Transform) -> None:
        box = self.box(pic, at)
        blip = pic.find(f".//{_q('a:blip')}")
        if box is None or blip is None:
            return
        target = self.deck.target(self.part, blip.get(_q("r:embed"), ""))
        if target is None or target not in self.deck.archive.namelist():
            return
        image = ImageReader(io.BytesIO(self.deck.archive.read(target)))
        self.canv.drawImage(image, box.x, self.height - box.y - box.h, box.w, box.h, mask="auto")


@dataclass
class _Laid:
    """One paragraph broken into lines at its box's width."""

    lines: list[Line]
    pitch: float
    before: float
    text_x: float
    measure: float
    align: str
    bullet: str
    bullet_x: float
    bullet_colour: str | None
    size: float

    @property
    def height(self) -> float:
        """Its space before and its lines (an empty paragraph still takes one)."""
        return self.before + max(1, len(self.lines)) * self.pitch

    def first_colour(self) -> str:
        for line in self.lines:
            for atom in line.atoms:
                for _, style in atom.chars:
                    return style.color
        return "#000000"


def draw_slide(
    canv: Canvas, deck: PptxSlides, index: int, x: float, y: float, width: float, fonts: FontSet
) -> None:
    """Slide `index` scaled to `width` points, its lower-left corner at (x, y) on the page."""
    scale = width / deck.size.width
    canv.saveState()
    canv.translate(x, y)
    canv.scale(scale, scale)
    clip = canv.beginPath()
    clip.rect(0, 0, deck.size.width, deck.size.height)
    canv.clipPath(clip, stroke=0, fill=0)
    _Painter(deck, deck.slides[index], canv, fonts).draw()
    canv.restoreState()


def render_slides_pdf(pptx: bytes, fonts: FontSet) -> bytes:
    """Every slide of a .pptx on a page of its own, at slide size: pictures of a deck where
    LibreOffice is not installed (`leafdeck preview`)."""
    deck = open_pptx(pptx)
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=(deck.size.width, deck.size.height), invariant=1)
    for index in range(len(deck.slides)):
        draw_slide(canv, deck, index, 0, 0, deck.size.width, fonts)
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def deck_language(pptx: bytes) -> str:
    """zh-Hant-TW or zh-Hans-CN, from the deck's core properties (Traditional when unsaid)."""
    with zipfile.ZipFile(io.BytesIO(pptx)) as archive:
        try:
            core = etree.fromstring(archive.read("docProps/core.xml"))
        except KeyError:
            return "zh-Hant-TW"
    tag = core.findtext("{http://purl.org/dc/elements/1.1/}language") or ""
    return "zh-Hans-CN" if tag.lower() in ("zh-cn", "zh-hans", "zh-sg") else "zh-Hant-TW"
