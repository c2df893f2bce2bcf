"""Sizes, spacing and colours of the printed leaflet, chosen for readers over 70 and grayscale printers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A3, A4, A5, LETTER
from reportlab.lib.units import mm

from builder.colours import gray_contrast, tint


@dataclass(frozen=True)
class TextRole:
    size: float
    leading: float
    bold: bool = False
    color: str = "#000000"


@dataclass(frozen=True)
class PdfTheme:
    page_size: tuple[float, float] = A4
    margin_x: float = 13 * mm
    margin_top: float = 12 * mm
    footer_gap: float = 4 * mm
    margin_bottom: float = 9 * mm
    body: TextRole = TextRole(12, 18)
    lead: TextRole = TextRole(14, 20, bold=True)
    h1: TextRole = TextRole(24, 32, bold=True, color="#12304D")
    h2: TextRole = TextRole(15.5, 21, bold=True, color="#12304D")
    h3: TextRole = TextRole(13.5, 18.5, bold=True, color="#12304D")
    footer: TextRole = TextRole(12, 15, color="#222222")  # never under body size
    accent: str = "#12304D"
    rule: str = "#5A6B7D"
    key_fill: str = "#E8EEF5"
    note_fill: str = "#F4F4F4"
    note_stroke: str = "#9AA5B1"
    alarm: str = "#9E1B1B"
    alarm_fill: str = "#FBEAEA"
    ok: str = "#1E5E2E"
    paragraph_gap: float = 2
    block_gap: float = 4
    section_gap: float = 8
    box_padding: float = 5
    list_indent: float = 20
    picture_scale: float = 1.0  # a folded piece shrinks its pictures to make room for a section

    column_gap: float = 16
    header_gap: float = 8
    columns: int = 2
    bleed: float = 0.0  # points of bleed around the trimmed page, with crop marks; 0 for none

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - 2 * self.margin_x

    @property
    def column_width(self) -> float:
        """The body is set in two columns on A4: shorter lines are easier to follow."""
        return (self.frame_width - (self.columns - 1) * self.column_gap) / self.columns

    def branded(self, primary: str | None, accent: str | None) -> PdfTheme:
        """A clinic's colours for headings, markers and tints, where they stay readable in gray.

        A primary colour too light for text on white (4.5 : 1 once printed in grayscale)
        still tints the boxes, while headings keep the default dark colour."""
        theme = self
        if primary:
            theme = replace(theme, key_fill=tint(primary, 0.88))
            if gray_contrast(primary, "#FFFFFF") >= 4.5 and gray_contrast(primary, theme.key_fill) >= 4.5:
                theme = replace(
                    theme,
                    accent=primary,
                    h1=replace(theme.h1, color=primary),
                    h2=replace(theme.h2, color=primary),
                    h3=replace(theme.h3, color=primary),
                )
        if accent and gray_contrast(accent, "#FFFFFF") >= 3:
            theme = replace(theme, rule=accent)
        return theme


DEFAULT_THEME = PdfTheme()

PAPER_SIZES = {"a4": A4, "a5": A5, "letter": LETTER, "a3": A3}


def _larger(role: TextRole, size: float, leading: float) -> TextRole:
    return replace(role, size=size, leading=leading)


def theme_for(paper: str = "a4", large_print: bool = False, bleed_mm: float = 0.0) -> PdfTheme:
    """The leaflet theme for a paper size, the large-print edition, and a print shop's bleed.

    Large print sets body text at 16 pt on 24 pt, headings larger, in one column, so the
    content reflows onto more pages rather than shrinking. A5 has room for one column."""
    theme = replace(DEFAULT_THEME, page_size=PAPER_SIZES[paper])
    if large_print:
        theme = replace(
            theme,
            body=_larger(theme.body, 16, 24),
            lead=_larger(theme.lead, 18, 26),
            h1=_larger(theme.h1, 30, 38),
            h2=_larger(theme.h2, 21, 28),
            h3=_larger(theme.h3, 18, 24),
            footer=_larger(theme.footer, 16, 20),
            list_indent=26,
            box_padding=7,
            paragraph_gap=4,
        )
    if large_print or theme.frame_width < 160 * mm:
        theme = replace(theme, columns=1)
    if bleed_mm:
        bleed = bleed_mm * mm
        width, height = theme.page_size
        theme = replace(
            theme,
            page_size=(width + 2 * bleed, height + 2 * bleed),
            margin_x=theme.margin_x + bleed,
            margin_top=theme.margin_top + bleed,
            margin_bottom=theme.margin_bottom + bleed,
            bleed=bleed,
        )
    return theme
