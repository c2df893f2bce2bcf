"""Imposition: panel-sized pages placed on printer sheets in the order the folds need.

A booklet is four pages on one sheet printed on both sides and folded in the middle
(A4 folded to A5, A3 folded to A4, Letter folded to half Letter); a tri-fold is six
panels on one landscape sheet (A4 or Letter), both sides. The panels are laid out by
the leaflet renderer as ordinary pages, then placed here on sheets that reportlab
draws first, with their fold marks (and a print shop's crop marks and trim box):
every sheet side is a well-formed page even when no panel lands on it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)
from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from builder.render.pdf.footer import crop_marks

# Which panel (0-based, in reading order) goes where on each side, left to right.
BOOKLET = ((3, 0), (1, 2))  # outside: back | cover; inside: 2 | 3
TRIFOLD = ((1, 5, 0), (2, 3, 4))  # outside: inner flap | back | cover; inside: 3 | 4 | 5
FOLD_TICK = 10.0  # length of a fold mark on a sheet without bleed


def impose(
    panels: Sequence[PageObject | None],
    layout: Sequence[Sequence[int]],
    panel_size: tuple[float, float],
    bleed: float = 0.0,
) -> bytes:
    """A PDF with one page per sheet side; a missing panel stays blank paper.

    With `bleed` (points) the sheet grows by it on every side, crop marks sit outside the
    trimmed sheet and the pages carry TrimBox and BleedBox; the panels stay where they were."""
    width = panel_size[0]
    sides = PdfReader(io.BytesIO(_sheets(len(layout), len(layout[0]), panel_size, bleed))).pages
    writer = PdfWriter()
    reach = (
        -width * len(layout[0]) - bleed,
        -panel_size[1] - bleed,
        2 * width * len(layout[0]),
        2 * panel_size[1],
    )
    for side, blank in zip(layout, sides, strict=True):
        sheet = writer.add_page(blank)
        placed = DictionaryObject()
        draws = []
        for slot, index in enumerate(side):
            panel = panels[index] if index < len(panels) else None
            if panel is not None:
                name = f"/Panel{index}"
                placed[NameObject(name)] = _form(writer, panel, reach)
                draws.append(f"q 1 0 0 1 {bleed + slot * width:.4f} {bleed:.4f} cm {name} Do Q")
        if draws:
            resources = sheet.setdefault(NameObject("/Resources"), DictionaryObject())
            cast(DictionaryObject, resources.get_object())[NameObject("/XObject")] = placed
            contents = cast(StreamObject, sheet["/Contents"].get_object())
            contents.set_data(b"q\n" + contents.get_data() + b"\nQ\n" + "\n".join(draws).encode("ascii"))
    writer.add_metadata({"/Producer": "leafdeck", "/Creator": "leafdeck"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _form(writer: PdfWriter, panel: PageObject, reach: tuple[float, float, float, float]) -> IndirectObject:
    """A panel as a form XObject the sheet draws where the panel goes.

    Why not pypdf's merge_transformed_page: it parses every operator of the panel's content
    stream to rename its resources and wrap it in a transformation, three quarters of a folded
    piece's build time (≈ 0.15 s a tri-fold). A form keeps the panel's content and resources as
    they are. Its box (`reach`, in the panel's units) covers the whole sheet, so it clips
    nothing the merged page showed."""
    contents = panel["/Contents"].get_object()
    streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
    form = DecodedStreamObject()
    form.set_data(b"\n".join(cast(StreamObject, cast(PdfObject, s).get_object()).get_data() for s in streams))
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(value) for value in reach),
            NameObject("/Resources"): cast(DictionaryObject, panel["/Resources"].get_object()).clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def panels_of(*pdfs: bytes) -> list[PageObject]:
    """Every page of some PDFs, in order."""
    return [page for data in pdfs for page in PdfReader(io.BytesIO(data)).pages]


def _sheets(count: int, across: int, panel_size: tuple[float, float], bleed: float) -> bytes:
    """`count` empty sheet sides with fold marks (and crop marks with bleed), drawn by reportlab."""
    width, height = panel_size
    size = (width * across + 2 * bleed, height + 2 * bleed)
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1)
    for _ in range(count):
        canv.setStrokeColor(HexColor("#999999"))
        canv.setLineWidth(0.4)
        # Without bleed the ticks are on the paper's edge; with bleed they sit outside the trim.
        tick = bleed - 1 if bleed else FOLD_TICK
        for fold in range(1, across):
            x = bleed + fold * width
            canv.line(x, 0, x, tick)
            canv.line(x, size[1] - tick, x, size[1])
        if bleed:
            crop_marks(canv, size, bleed)
        canv.showPage()
    canv.save()
    return buffer.getvalue()
