"""The audience's take-home handout of a talk: its slides six to a page, lines for notes under each.

Why six and not three: a 30-slide talk fits on five sheets, and at 88 mm wide a slide's
28 pt body text prints at about 7.5 pt — small but readable, as PowerPoint's own
six-per-page handouts are. Slides are drawn from the written .pptx (builder.render.pdf.slides)
with the bundled fonts, so the handout shows the deck as presented.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from builder.compose.labels import LANGUAGE_TAGS
from builder.render.pdf.paint import paint_lines
from builder.render.pdf.slides import draw_slide, open_pptx
from builder.typeset import FontSet, Line, Span, Style, break_lines, shortened

COLUMNS, ROWS = 2, 3
MARGIN = 12 * mm
HEADER = 10 * mm  # the talk's title
FOOTER = 8 * mm  # page n / N
NOTE_LINES = 4
NOTE_PITCH = 7 * mm  # room for handwriting
FRAME = "#9E9E9E"
RULE = "#BDBDBD"
_PAPERS = {"a4": A4, "letter": LETTER}


def render_handout_pdf(
    pptx: bytes, fonts: FontSet, title: str, language: str, notes_label: str, paper: str = "a4"
) -> tuple[bytes, int]:
    """The handout's PDF bytes and its page count. `paper` is a4 or letter (others print as A4)."""
    deck = open_pptx(pptx)
    width, height = _PAPERS.get(paper, A4)
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=(width, height), invariant=1, lang=LANGUAGE_TAGS.get(language))
    canv.setTitle(title)
    canv.setCreator("leafdeck")
    canv.setProducer("leafdeck")
    gap = 8 * mm
    cell_w = (width - 2 * MARGIN - gap) / COLUMNS
    cell_h = (height - 2 * MARGIN - HEADER - FOOTER) / ROWS
    slide_h = cell_w * deck.size.height / deck.size.width
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(deck.slides) // per_page))
    heading, pitch = _heading(title, fonts, width - 2 * MARGIN)
    small = Style(fonts.regular, 8, "#555555")
    for page in range(pages):
        top = height - MARGIN
        paint_lines(canv, heading, MARGIN, top, pitch, width - 2 * MARGIN, False)
        for slot, index in enumerate(range(page * per_page, min(len(deck.slides), (page + 1) * per_page))):
            col, row = slot % COLUMNS, slot // COLUMNS
            x = MARGIN + col * (cell_w + gap)
            cell_top = top - HEADER - row * cell_h
            draw_slide(canv, deck, index, x, cell_top - slide_h, cell_w, fonts)
            canv.setStrokeColor(HexColor(FRAME))
            canv.setLineWidth(0.5)
            canv.rect(x, cell_top - slide_h, cell_w, slide_h, stroke=1, fill=0)
            label = break_lines([Span(f"{index + 1}　{notes_label}", small)], cell_w)[:1]
            paint_lines(canv, label, x, cell_top - slide_h - 2, 11, cell_w, False)
            canv.setStrokeColor(HexColor(RULE))
            for line in range(1, NOTE_LINES + 1):
                y = cell_top - slide_h - 3 * mm - line * NOTE_PITCH
                if y > cell_top - cell_h + 2 * mm:
                    canv.line(x, y, x + cell_w, y)
        number = break_lines([Span(f"{page + 1} / {pages}", small)], width)[:1]
        paint_lines(canv, number, width - MARGIN - number[0].width, MARGIN, 11, width, False)
        canv.showPage()
    canv.save()
    return buffer.getvalue(), pages


def _heading(title: str, fonts: FontSet, width: float) -> tuple[list[Line], float]:
    """The talk's title on one line at 11 pt, or two at 8.5 pt; a longer one is cut with '…'
    (it is on the first slide in full)."""
    for size, most in ((11.0, 1), (8.5, 2)):
        lines = break_lines([Span(title, Style(fonts.bold, size, "#1A1A1A"))], width)
        if len(lines) <= most:
            return lines, size * 1.3
    style = Style(fonts.bold, 8.5, "#1A1A1A")
    return break_lines([Span(shortened(title, style, width, 2), style)], width), 8.5 * 1.3
