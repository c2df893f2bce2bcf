"""Imposition: panel-sized pages placed on printer sheets in the order the folds need.

A booklet is four A5 pages on one A4 sheet printed on both sides and folded in the
middle; a tri-fold is six panels on one A4 landscape sheet, both sides. The panels
are laid out by the leaflet renderer as ordinary pages, then placed here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

# Which panel (0-based, in reading order) goes where on each side, left to right.
BOOKLET = ((3, 0), (1, 2))  # outside: back | cover; inside: 2 | 3
TRIFOLD = ((1, 5, 0), (2, 3, 4))  # outside: inner flap | back | cover; inside: 3 | 4 | 5


def impose(
    panels: Sequence[PageObject | None], layout: Sequence[Sequence[int]], panel_size: tuple[float, float]
) -> bytes:
    """A PDF with one page per sheet side; a missing panel stays blank paper."""
    width, height = panel_size
    writer = PdfWriter()
    for side in layout:
        sheet = writer.add_blank_page(width * len(side), height)
        for slot, index in enumerate(side):
            panel = panels[index] if index < len(panels) else None
            if panel is not None:
                sheet.merge_transformed_page(panel, Transformation().translate(slot * width, 0))
        _fold_marks(sheet, width, height, len(side))
    writer.add_metadata({"/Producer": "leafdeck", "/Creator": "leafdeck"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def panels_of(*pdfs: bytes) -> list[PageObject]:
    """Every page of some PDFs, in order."""
    return [page for data in pdfs for page in PdfReader(io.BytesIO(data)).pages]


def _fold_marks(sheet: PageObject, width: float, height: float, count: int) -> None:
    """Short ticks at the top and bottom edge where the sheet is folded (outside the text)."""
    from pypdf.generic import ContentStream, NameObject

    ops = []
    for fold in range(1, count):
        x = fold * width
        ops.append(
            f"0.6 G 0.4 w {x:.2f} 0 m {x:.2f} 10 l S {x:.2f} {height - 10:.2f} m {x:.2f} {height:.2f} l S"
        )
    if not ops:
        return
    stream = ContentStream(None, None)
    stream.set_data(("q " + " ".join(ops) + " Q").encode("ascii"))
    existing = sheet.get_contents()
    if existing is None:
        sheet[NameObject("/Contents")] = stream
    else:
        existing.set_data(existing.get_data() + b"\n" + stream.get_data())
        sheet.replace_contents(existing)
