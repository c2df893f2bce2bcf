"""QR codes in a PDF: one filled vector path of dark runs, in the footer or in the text flow."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from builder.qrcode import qr_runs


class QrFlowable(Flowable):  # type: ignore[misc]
    """A QR code in the text flow (the folded formats' link to the full leaflet)."""

    def __init__(self, url: str, side: float) -> None:
        super().__init__()
        self.url = url
        self.side = side

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        draw_qr(self.canv, self.url, 0, 0, self.side)


def draw_qr(canv: Canvas, url: str, x: float, y: float, side: float) -> None:
    """The QR code for url as one filled vector path in a side × side square at (x, y)."""
    modules, runs = qr_runs(url)
    unit = side / modules
    path = canv.beginPath()
    for row, start, end in runs:
        path.rect(x + start * unit, y + side - (row + 1) * unit, (end - start) * unit, unit)
    canv.setFillColor(HexColor("#000000"))
    canv.drawPath(path, fill=1, stroke=0)
