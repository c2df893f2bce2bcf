"""A QR code as one native vector shape in a deck: sharp when projected or printed, no picture file.

The shape is a rectangle whose geometry is replaced by a custom path, one closed
sub-path per run of dark modules in a row. (python-pptx's FreeformBuilder does the
same but recomputes its bounds for every vertex, which took 0.8 s per code.)
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn

from builder.qrcode import qr_runs
from builder.render.pptx.theme import emu, rgb


def add_qr(shapes: Any, url: str, x: float, y: float, size: float) -> Any:
    """Draw the QR code for url in a size × size square at (x, y), quiet zone included."""
    modules, runs = qr_runs(url)
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(x), emu(y), emu(size), emu(size))
    shape.name = "QR code"
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb("#000000")
    shape.line.fill.background()
    sub_paths = "".join(
        f'<a:moveTo><a:pt x="{left}" y="{row}"/></a:moveTo><a:lnTo><a:pt x="{right}" y="{row}"/></a:lnTo>'
        f'<a:lnTo><a:pt x="{right}" y="{row + 1}"/></a:lnTo><a:lnTo><a:pt x="{left}" y="{row + 1}"/></a:lnTo>'
        "<a:close/>"
        for row, left, right in runs
    )
    geometry = etree.fromstring(
        '<a:custGeom xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:avLst/><a:gdLst/>'
        '<a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{modules}" h="{modules}">{sub_paths}</a:path></a:pathLst></a:custGeom>'
    )
    preset = shape._element.spPr.find(qn("a:prstGeom"))
    preset.addprevious(geometry)
    preset.getparent().remove(preset)
    return shape
