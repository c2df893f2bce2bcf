"""Pictograms drawn as vectors in a PDF: round-ended strokes, dots, filled props, a red ✗."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from builder.pictograms import COLOURS, FORBIDDEN, HEIGHT, PROP_FILL, WIDTH, Dot, Pictogram, Shape, Stroke


def draw_pictogram(canv: Canvas, picture: Pictogram, x: float, y: float, width: float) -> None:
    """Draw in a box `width` wide (height in proportion) whose lower-left corner is (x, y)."""
    scale = width / WIDTH
    height = HEIGHT * scale
    canv.saveState()
    canv.setLineCap(1)
    canv.setLineJoin(1)
    for part in picture.parts:
        if isinstance(part, Stroke):
            canv.setStrokeColor(HexColor(COLOURS[part.role]))
            canv.setLineWidth(part.width * scale)
            path = canv.beginPath()
            (x0, y0), *rest = part.points
            path.moveTo(x + x0 * scale, y + height - y0 * scale)
            for px, py in rest:
                path.lineTo(x + px * scale, y + height - py * scale)
            canv.drawPath(path, stroke=1, fill=0)
        elif isinstance(part, Dot):
            canv.setFillColor(HexColor(COLOURS[part.role]))
            cx, cy = part.centre
            canv.circle(x + cx * scale, y + height - cy * scale, part.radius * scale, stroke=0, fill=1)
        elif isinstance(part, Shape):
            canv.setFillColor(HexColor(PROP_FILL))
            canv.setStrokeColor(HexColor(COLOURS[part.role]))
            canv.setLineWidth(1.0 * scale)
            path = canv.beginPath()
            (x0, y0), *rest = part.points
            path.moveTo(x + x0 * scale, y + height - y0 * scale)
            for px, py in rest:
                path.lineTo(x + px * scale, y + height - py * scale)
            path.close()
            canv.drawPath(path, stroke=1, fill=1)
    if picture.forbidden:  # an unmistakable red ✗ over the whole move
        canv.setStrokeColor(HexColor(FORBIDDEN))
        canv.setLineWidth(5 * scale)
        inset = 14 * scale
        canv.line(x + inset, y + inset * 0.6, x + width - inset, y + height - inset * 0.6)
        canv.line(x + inset, y + height - inset * 0.6, x + width - inset, y + inset * 0.6)
    canv.restoreState()


class PictogramFlowable(Flowable):  # type: ignore[misc]
    """A pictogram in the text flow, `width` wide."""

    def __init__(self, picture: Pictogram, width: float) -> None:
        super().__init__()
        self.picture = picture
        self.width = width
        self.height = width * HEIGHT / WIDTH

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_pictogram(self.canv, self.picture, 0, 0, self.width)
