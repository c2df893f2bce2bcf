"""Vector list markers: bullets, tick boxes, ✓, ✗ and ⚠, drawn rather than typed.

Why vectors: they print crisply in grayscale and need no glyph in the font.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.theme import PdfTheme
from builder.typeset import FontStack

Painter = Callable[[Canvas, float, float], None]


def marker_painter(kind: str, theme: PdfTheme, bold: FontStack, label: str = "") -> Painter:
    """A function that draws the marker centred at (x, y)."""

    def bullet(canv: Canvas, x: float, y: float) -> None:
        canv.setFillColor(HexColor(theme.accent))
        canv.circle(x, y, 2.6, stroke=0, fill=1)

    def checkbox(canv: Canvas, x: float, y: float) -> None:
        canv.setStrokeColor(HexColor("#000000"))
        canv.setLineWidth(1.2)
        canv.rect(x - 6, y - 6, 12, 12, stroke=1, fill=0)

    def tick(canv: Canvas, x: float, y: float) -> None:
        canv.setStrokeColor(HexColor(theme.ok))
        canv.setLineWidth(2.2)
        canv.setLineCap(1)
        path = canv.beginPath()
        path.moveTo(x - 5, y)
        path.lineTo(x - 1.5, y - 4)
        path.lineTo(x + 5.5, y + 5)
        canv.drawPath(path, stroke=1, fill=0)

    def cross(canv: Canvas, x: float, y: float) -> None:
        canv.setStrokeColor(HexColor(theme.alarm))
        canv.setLineWidth(2.4)
        canv.setLineCap(1)
        canv.line(x - 4.5, y - 4.5, x + 4.5, y + 4.5)
        canv.line(x - 4.5, y + 4.5, x + 4.5, y - 4.5)

    def triangle(canv: Canvas, x: float, y: float) -> None:
        canv.setFillColor(HexColor(theme.alarm))
        path = canv.beginPath()
        path.moveTo(x - 6.5, y - 5.5)
        path.lineTo(x + 6.5, y - 5.5)
        path.lineTo(x, y + 6.5)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.setStrokeColor(white)
        canv.setLineWidth(1.6)
        canv.line(x, y - 0.5, x, y + 3.2)
        canv.setFillColor(white)
        canv.circle(x, y - 3, 0.9, stroke=0, fill=1)

    scale = theme.body.size / 12  # markers grow with the text (large print)

    def badge(canv: Canvas, x: float, y: float) -> None:
        canv.setFillColor(HexColor(theme.accent))
        canv.circle(x, y, 8.2 * scale, stroke=0, fill=1)
        face = bold.face_for(label[:1] or "?")
        size = 12 * scale  # body size: a reader's smallest type, in large print too
        canv.setFillColor(white)
        canv.setFont(pdf_font_name(face), size)
        canv.drawCentredString(x, y - size * 0.38, label)

    painters: dict[str, Painter] = {
        "bullet": bullet,
        "checkbox": checkbox,
        "tick": tick,
        "cross": cross,
        "triangle": triangle,
        "question": badge,
        "number": badge,
    }
    painter = painters[kind]
    if scale == 1 or painter is badge:
        return painter

    def scaled(canv: Canvas, x: float, y: float) -> None:
        canv.saveState()
        canv.translate(x, y)
        canv.scale(scale, scale)
        painter(canv, 0, 0)
        canv.restoreState()

    return scaled
