"""A QR code as one native vector shape: sharp when projected or printed, no picture file."""

from __future__ import annotations

from typing import Any

import segno
from pptx.dml.color import RGBColor

from builder.render.pptx.theme import emu


def add_qr(shapes: Any, url: str, x: float, y: float, size: float) -> Any:
    """Draw the QR code for url in a size × size square at (x, y), quiet zone included."""
    qr = segno.make(url, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    border = 4
    modules = len(matrix) + 2 * border
    unit = emu(size) / modules
    builder = None
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            left, top = start + border, r + border
            right, bottom = c + border, r + border + 1
            if builder is None:
                builder = shapes.build_freeform(left, top, scale=unit)
            else:
                builder.move_to(left, top)
            builder.add_line_segments([(right, top), (right, bottom), (left, bottom)], close=True)
    assert builder is not None, "a QR code always has dark modules"
    shape = builder.convert_to_shape(emu(x), emu(y))
    shape.name = "QR code"
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0, 0, 0)  # type: ignore[no-untyped-call]
    shape.line.fill.background()
    return shape
