"""How far a printed piece runs past one sheet printed on both sides, in words a clinic can act on.

Every edition (A4, A5, Letter, large print) is measured the same way: the pages beyond
the first two, and for the leaflet how much of its text sits on them — read back from
the PDF itself, so the figure is what will be printed.
"""

from __future__ import annotations

from builder.compose.document import Footer

SHEET_PAGES = 2  # one sheet, printed on both sides


def edition_name(paper: str, large_print: bool) -> str:
    """'A4', 'large-print A5', 'Letter'… for messages."""
    name = "Letter" if paper == "letter" else paper.upper()
    return f"large-print {name}" if large_print else name


def text_beyond(data: bytes, footer: Footer, keep: int = SHEET_PAGES) -> tuple[int, int]:
    """(characters on the pages after the first `keep`, characters in all), footers not counted."""
    import pypdfium2 as pdfium

    per_page = []
    doc = pdfium.PdfDocument(data)
    try:
        for page in doc:
            textpage = page.get_textpage()
            per_page.append(len("".join(textpage.get_text_range().split())))
            textpage.close()
            page.close()
    finally:
        doc.close()
    if footer.every_page:
        label = footer.page_label.format(page=9, pages=9)
        drawn = "".join((*footer.lines, footer.disclaimer, label))
        per_page = [max(0, count - len("".join(drawn.split()))) for count in per_page]
    return sum(per_page[keep:]), sum(per_page)


def sheet_warning(kind: str, pages: int, edition: str, beyond: tuple[int, int] | None = None) -> str | None:
    """The warning for a piece longer than one sheet (None when it fits one)."""
    if pages <= SHEET_PAGES:
        return None
    sheets = (pages + 1) // 2
    message = (
        f"the {edition} {kind} needs {pages} pages ({sheets} sheets printed on both sides), "
        "more than one sheet"
    )
    if beyond is not None and beyond[1]:
        extra, total = beyond
        share = max(1, round(100 * extra / total))
        message += f"; to fit one sheet, about {extra:,} characters ({share}% of its text) would have to go"
    return message
