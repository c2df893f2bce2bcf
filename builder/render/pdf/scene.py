"""Figure scenes drawn as PDF vector paths: fills, strokes, hatching, arrowheads and labels.

The scene (builder.figures.scene) says what to draw in its own units, y downwards; this
module maps it onto the page and wraps it in a marked-content span carrying the
picture's alt text, so a screen reader or text extractor can say what it shows.
"""

from __future__ import annotations

import math
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from builder.figures.scene import (
    Circle,
    Close,
    CurveTo,
    Group,
    Item,
    LineTo,
    MoveTo,
    Path,
    Point,
    Scene,
    Text,
    arrowhead,
    item_bounds,
    path_ends,
)
from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.paint import LayoutCanvas
from builder.typeset import FontFace, FontSet, FontStack, Style, text_width


class _Mapper:
    """Scene units → page points for one placement."""

    def __init__(self, scene: Scene, x: float, y: float, width: float) -> None:
        self.scale = width / scene.width
        self.x, self.top = x, y + scene.height * self.scale

    def __call__(self, p: Point) -> tuple[float, float]:
        return self.x + p[0] * self.scale, self.top - p[1] * self.scale


def _pdf_string(text: str) -> str:
    """A PDF text string in UTF-16BE hex, safe for any character."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw_scene(canv: Canvas, scene: Scene, x: float, y: float, width: float, fonts: FontSet) -> None:
    """Draw `scene` `width` points wide (height in proportion) with its lower-left corner at (x, y)."""
    at = _Mapper(scene, x, y, width)
    canv.saveState()
    if scene.alt:
        canv._code.append(f"/Figure <</Alt {_pdf_string(scene.alt)}>> BDC")
    canv.setLineCap(1)
    canv.setLineJoin(1)
    for item in scene.items:
        _draw(canv, item, at, fonts)
    if scene.alt:
        canv._code.append("EMC")
    canv.restoreState()


def _draw(canv: Canvas, item: Item, at: _Mapper, fonts: FontSet) -> None:
    if isinstance(item, Group):
        for child in item.items:
            _draw(canv, child, at, fonts)
    elif isinstance(item, Path):
        _path(canv, item, at)
    elif isinstance(item, Circle):
        _circle(canv, item, at)
    else:
        _text(canv, item, at, fonts)


def _outline(canv: Canvas, item: Path, at: _Mapper) -> object:
    path = canv.beginPath()
    for seg in item.segments:
        if isinstance(seg, MoveTo):
            path.moveTo(*at(seg.p))
        elif isinstance(seg, LineTo):
            path.lineTo(*at(seg.p))
        elif isinstance(seg, CurveTo):
            path.curveTo(*at(seg.c1), *at(seg.c2), *at(seg.p))
        elif isinstance(seg, Close):
            path.close()
    return path


def _path(canv: Canvas, item: Path, at: _Mapper) -> None:
    s = at.scale
    if item.fill:
        canv.setFillColor(HexColor(item.fill))
        canv.drawPath(_outline(canv, item, at), stroke=0, fill=1)
    if item.hatch:
        _hatch(canv, item, at)
    if item.stroke and item.stroke_width > 0:
        canv.saveState()
        canv.setStrokeColor(HexColor(item.stroke))
        canv.setLineWidth(item.stroke_width * s)
        if item.dash:
            canv.setDash([d * s for d in item.dash])
        canv.drawPath(_outline(canv, item, at), stroke=1, fill=0)
        canv.restoreState()
        if item.arrow_start or item.arrow_end:
            start, end = path_ends(item.segments)
            canv.setFillColor(HexColor(item.stroke))
            size = item.stroke_width * 3.2
            for wanted, (tip, before) in ((item.arrow_start, start), (item.arrow_end, end)):
                if wanted:
                    fill_triangle(canv, *(at(p) for p in arrowhead(tip, before, size)))


def _hatch(canv: Canvas, item: Path, at: _Mapper) -> None:
    """Parallel lines clipped to the path: shading that a grayscale laser print keeps."""
    hatch, box = item.hatch, item_bounds(item)
    if hatch is None or box is None:
        return
    angle = math.radians(hatch.angle)
    reach = math.hypot(box[2] - box[0], box[3] - box[1]) / 2 + hatch.spacing
    draw_hatch(
        canv,
        _outline(canv, item, at),
        at(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)),
        reach * at.scale,
        (math.cos(angle), math.sin(angle)),  # y downwards in the scene, upwards on the page
        hatch.spacing * at.scale,
        hatch.width * at.scale,
        hatch.colour,
    )


def fill_triangle(canv: Canvas, a: Point, b: Point, c: Point) -> None:
    """An arrowhead, filled in the canvas's fill colour (a figure's and a slide drawing's)."""
    head = canv.beginPath()
    head.moveTo(*a)
    head.lineTo(*b)
    head.lineTo(*c)
    head.close()
    canv.drawPath(head, stroke=0, fill=1)


def draw_hatch(
    canv: Canvas,
    clip: Any,
    centre: tuple[float, float],
    reach: float,
    direction: tuple[float, float],
    spacing: float,
    width: float,
    colour: str,
) -> None:
    """Lines along `direction` (a unit vector, page coordinates), `spacing` apart, covering a
    circle of `reach` round `centre`, clipped to the path `clip`: the hatching of a body map's
    painful regions, in a leaflet's figure and in a slide drawn from a deck alike."""
    canv.saveState()
    canv.clipPath(clip, stroke=0, fill=0)
    canv.setStrokeColor(HexColor(colour))
    canv.setLineWidth(width)
    canv.setLineCap(0)
    ux, uy = direction
    nx, ny = uy, -ux
    count = int(reach // spacing) + 1
    for i in range(-count, count + 1):
        ox, oy = centre[0] + nx * i * spacing, centre[1] + ny * i * spacing
        canv.line(ox - ux * reach, oy - uy * reach, ox + ux * reach, oy + uy * reach)
    canv.restoreState()


def _circle(canv: Canvas, item: Circle, at: _Mapper) -> None:
    cx, cy = at(item.centre)
    stroke = bool(item.stroke and item.stroke_width > 0)
    if item.fill:
        canv.setFillColor(HexColor(item.fill))
    if stroke:
        assert item.stroke is not None
        canv.setStrokeColor(HexColor(item.stroke))
        canv.setLineWidth(item.stroke_width * at.scale)
    canv.circle(cx, cy, item.radius * at.scale, stroke=int(stroke), fill=int(bool(item.fill)))


def _text(canv: Canvas, item: Text, at: _Mapper, fonts: FontSet) -> None:
    stack = fonts.bold if item.bold else fonts.regular
    size = item.size * at.scale
    width = text_width(item.text, Style(stack, size, item.colour))
    x, cy = at(item.at)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[item.anchor]
    canv.setFillColor(HexColor(item.colour))
    baseline = cy - size * 0.36  # CJK glyphs sit centred about 0.36 em above the baseline
    for face, piece in _runs_by_face(item.text, stack):
        canv.setFont(pdf_font_name(face), size)
        canv.drawString(left, baseline, piece)
        left += text_width(piece, Style(stack, size, item.colour))


def _runs_by_face(text: str, stack: FontStack) -> list[tuple[FontFace, str]]:
    """The text cut where the face that can draw it changes (a user's font, then the bundled ones)."""
    runs: list[tuple[FontFace, str]] = []
    for char in text:
        face = stack.face_for(char)
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + char)
        else:
            runs.append((face, char))
    return runs


class SceneFlowable(Flowable):  # type: ignore[misc]
    """A scene in the text flow, `width` points wide, or narrower (down to `least`) where the
    space it is given is narrower."""

    def __init__(self, scene: Scene, width: float, fonts: FontSet, least: float = 0.0) -> None:
        super().__init__()
        self.scene = scene
        self.fonts = fonts
        self.natural = width
        self.least = least
        self.width = width
        self.height = width * scene.height / scene.width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = max(min(self.natural, avail_width), self.least)
        self.height = self.width * self.scene.height / self.scene.width
        return self.width, self.height

    def draw(self) -> None:
        if not isinstance(self.canv, LayoutCanvas):  # a layout pass only counts pages
            draw_scene(self.canv, self.scene, 0, 0, self.width, self.fonts)
