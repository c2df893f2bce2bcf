"""The footer on every printed page: logo, clinic and phone, review date, disclaimer,
page x / y, and a QR code to the clinic's website.

The page count is only known when the document is finished, so pages are held
back by FooterCanvas and the footer is drawn on each of them at save time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from builder.compose.document import Footer
from builder.render.pdf.flowables import broken_lines
from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.paint import baseline_offset, paint_lines
from builder.render.pdf.qr import draw_qr
from builder.render.pdf.theme import PdfTheme
from builder.typeset import FontSet, Line, Span, Style, break_lines, text_width

QR_SIDE = 16 * mm  # scans from a phone at arm's length
LOGO_HEIGHT = 12 * mm
LOGO_WIDTH = 30 * mm
GAP = 6.0
MOST_LINES = 6  # more would squeeze the body off the page; the body has every text in full


class PageFooter:
    """Measures the footer once (its height sets the body frame) and draws it on each page."""

    def __init__(self, footer: Footer, fonts: FontSet, theme: PdfTheme, logo: Path | None = None) -> None:
        self.footer = footer
        self.fonts = fonts
        self.theme = theme
        self.logo = logo
        role = theme.footer
        self.style = Style(fonts.regular, role.size, role.color)
        self.logo_size = _fit(logo) if logo else (0.0, 0.0)
        self.left = self.logo_size[0] + GAP if logo else 0.0
        self.right = QR_SIDE + GAP if footer.link else 0.0
        self.text_width = theme.frame_width - self.left - self.right
        label_room = text_width(footer.page_label.format(page=99, pages=99), self.style) + 10
        texts = [*footer.lines, footer.disclaimer]
        # The first line shares its row with "page x / y" on the right.
        self.lines: list[Line] = []
        for index, text in enumerate(texts):
            measure = self.text_width - (label_room if index == 0 else 0)
            self.lines += broken_lines((Span(text, self.style),), measure)  # remembered
        if len(self.lines) > MOST_LINES:
            text = self.lines[MOST_LINES - 1].text
            while text and text_width(text + "……", self.style) > self.text_width:  # ends: text shrinks
                text = text[:-1]
            self.lines = [*self.lines[: MOST_LINES - 1], *break_lines([Span(text + "……", self.style)], 1e9)]
        pictures = max(QR_SIDE if footer.link else 0.0, self.logo_size[1] if logo else 0.0)
        self.height = max(len(self.lines) * role.leading + 6, pictures + 6) if footer.every_page else 0.0

    @property
    def top(self) -> float:
        return self.theme.margin_bottom + self.height

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        theme, role = self.theme, self.theme.footer
        if not self.footer.every_page:
            if theme.bleed:
                crop_marks(canv, theme.page_size, theme.bleed)
            if self.footer.draft:
                draft_mark(canv, self.footer.draft, self.fonts, theme)
            return
        right = theme.page_size[0] - theme.margin_x
        canv.saveState()
        canv.setStrokeColor(HexColor(theme.rule))
        canv.setLineWidth(0.8)
        canv.line(theme.margin_x, self.top, right, self.top)
        x = theme.margin_x + self.left
        paint_lines(canv, self.lines, x, self.top - 4, role.leading, self.text_width, False)
        label = self.footer.page_label.format(page=page, pages=pages)
        canv.setFont(pdf_font_name(self.fonts.regular.face_for(label[0])), role.size)
        canv.setFillColor(HexColor(role.color))
        first = self.lines[0]
        canv.drawRightString(
            right - self.right, self.top - 4 - baseline_offset(role.leading, first.size, first.ascent), label
        )
        if self.footer.link:
            draw_qr(canv, self.footer.link, right - QR_SIDE, self.top - 4 - QR_SIDE, QR_SIDE)
        if self.logo is not None:
            width, height = self.logo_size
            canv.drawImage(str(self.logo), theme.margin_x, self.top - 4 - height, width, height, mask="auto")
        if theme.bleed:
            crop_marks(canv, theme.page_size, theme.bleed)
        canv.restoreState()
        if self.footer.draft:  # last: text read from the page keeps body, footer, then the mark
            draft_mark(canv, self.footer.draft, self.fonts, theme)


DRAFT_COLOUR = "#C6282840"  # red at a quarter strength: the text under it stays readable


def draft_mark(canv: Canvas, text: str, fonts: FontSet, theme: PdfTheme) -> None:
    """草稿・未經審閱 across the page, corner to corner: an unreviewed handout is proofread,
    never mistaken for a finished one."""
    width, height = theme.page_size
    diagonal = math.hypot(width, height)
    probe = Style(fonts.bold, 100, DRAFT_COLOUR)
    size = min(110.0, 100 * 0.7 * diagonal / text_width(text, probe))
    style = Style(fonts.bold, size, DRAFT_COLOUR)
    lines = break_lines([Span(text, style)], diagonal)  # one line: the measure is the diagonal
    measured = text_width(text, style)
    canv.saveState()
    canv.translate(width / 2, height / 2)
    canv.rotate(math.degrees(math.atan2(height, width)))
    paint_lines(canv, lines, -measured / 2, size * 0.6, size * 1.2, diagonal, False)
    canv.restoreState()


def crop_marks(canv: Canvas, page_size: tuple[float, float], bleed: float) -> None:
    """Marks where the print shop cuts, outside the trimmed page (`bleed` points in from the
    paper's edge), and the PDF boxes that say so."""
    width, height = page_size
    trim = (bleed, bleed, width - bleed, height - bleed)
    canv.setTrimBox(trim)
    canv.setBleedBox((0, 0, width, height))
    canv.setStrokeColor(HexColor("#000000"))
    canv.setLineWidth(0.25)
    for x in (trim[0], trim[2]):
        for y in (trim[1], trim[3]):
            dx = -1 if x == trim[0] else 1
            dy = -1 if y == trim[1] else 1
            # along each cut line, from 1 pt outside the corner to the paper's edge
            canv.line(x, y + dy, x, y + dy * bleed)
            canv.line(x + dx, y, x + dx * bleed, y)


def _fit(logo: Path) -> tuple[float, float]:
    """The logo's size in the footer: at most LOGO_HEIGHT tall and LOGO_WIDTH wide, shape kept."""
    from PIL import Image

    with Image.open(logo) as image:
        width, height = image.size
    scale = min(LOGO_HEIGHT / height, LOGO_WIDTH / width)
    return width * scale, height * scale


def footer_canvas(footer: PageFooter, made: list[Canvas]) -> Callable[..., Canvas]:
    """A canvas maker for reportlab that adds the footer to every page when saving."""

    class FooterCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.held_pages: list[dict[str, object]] = []
            made.append(self)

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self.held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self.held_pages)
            for number, state in enumerate(self.held_pages, 1):
                self.__dict__.update(state)
                footer.draw(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return FooterCanvas
