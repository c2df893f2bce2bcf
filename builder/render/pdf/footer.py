"""The footer on every leaflet page: clinic and phone, review date, disclaimer, page x / y.

The page count is only known when the document is finished, so pages are held
back by FooterCanvas and the footer is drawn on each of them at save time.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from builder.compose.document import Footer
from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.paint import baseline_offset, paint_lines
from builder.render.pdf.theme import PdfTheme
from builder.typeset import FontSet, Line, Span, Style, break_lines, text_width


class PageFooter:
    """Measures the footer once (its height sets the body frame) and draws it on each page."""

    def __init__(self, footer: Footer, fonts: FontSet, theme: PdfTheme) -> None:
        self.footer = footer
        self.fonts = fonts
        self.theme = theme
        role = theme.footer
        self.style = Style(fonts.regular, role.size, role.color)
        label_room = text_width(footer.page_label.format(page=99, pages=99), self.style) + 10
        texts = [*footer.lines, footer.disclaimer]
        # The first line shares its row with "page x / y" on the right.
        self.lines: list[Line] = []
        for index, text in enumerate(texts):
            measure = theme.frame_width - (label_room if index == 0 else 0)
            self.lines += break_lines([Span(text, self.style)], measure)
        self.height = len(self.lines) * role.leading + 8

    @property
    def top(self) -> float:
        return self.theme.margin_bottom + self.height

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        theme, role = self.theme, self.theme.footer
        right = theme.page_size[0] - theme.margin_x
        canv.saveState()
        canv.setStrokeColor(HexColor(theme.rule))
        canv.setLineWidth(0.8)
        canv.line(theme.margin_x, self.top, right, self.top)
        paint_lines(canv, self.lines, theme.margin_x, self.top - 4, role.leading, theme.frame_width, False)
        label = self.footer.page_label.format(page=page, pages=pages)
        canv.setFont(pdf_font_name(self.fonts.regular.face_for(label[0])), role.size)
        canv.setFillColor(HexColor(role.color))
        first = self.lines[0]
        canv.drawRightString(
            right, self.top - 4 - baseline_offset(role.leading, first.size, first.ascent), label
        )
        canv.restoreState()


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
