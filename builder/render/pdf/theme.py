"""Sizes, spacing and colours of the printed leaflet, chosen for readers over 70 and grayscale printers."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm


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
    footer: TextRole = TextRole(10, 13.5, color="#222222")
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

    column_gap: float = 16
    header_gap: float = 8

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - 2 * self.margin_x

    @property
    def column_width(self) -> float:
        """The leaflet body is set in two columns: shorter lines are easier to follow."""
        return (self.frame_width - self.column_gap) / 2


DEFAULT_THEME = PdfTheme()
