"""The deck's look in one place: slide size, boxes, type sizes, colours, font names.

Sizes are points (1 pt = 12,700 EMU). Type sizes run from a layout's maximum down to
a floor (body 24 pt, titles 32 pt): the fitter picks the largest that fits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pptx.dml.color import RGBColor
from pptx.util import Emu

from builder.colours import contrast, tint

SLIDE_WIDTH = 960.0  # 13.333 in: 16:9
SLIDE_HEIGHT = 540.0  # 7.5 in


def emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def rgb(colour: str) -> RGBColor:
    """A python-pptx colour from #RRGGBB."""
    value = colour.lstrip("#")
    return RGBColor(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class SizeRange:
    largest: float
    floor: float
    step: float = 2.0

    def sizes(self) -> list[float]:
        out = []
        size = self.largest
        while size >= self.floor - 1e-6:
            out.append(size)
            size -= self.step
        return out


@dataclass(frozen=True)
class FontNames:
    """Font names written into the deck: what the presenting PC shows."""

    east_asian: str
    latin: str


# What a clinic PC has: Windows ships these with every Chinese (and most other) installs.
DEFAULT_FONT_NAMES = {
    "zh-Hant-TW": FontNames("Microsoft JhengHei", "Microsoft JhengHei"),
    "zh-Hans-CN": FontNames("Microsoft YaHei", "Microsoft YaHei"),
}
LANG_TAGS = {"zh-Hant-TW": "zh-TW", "zh-Hans-CN": "zh-CN"}


@dataclass(frozen=True)
class DeckTheme:
    margin_x: float = 48.0
    title_top: float = 26.0
    band: float = 10.0  # the coloured band along the top edge
    footer_top: float = 508.0
    footer_size: float = 12.0
    body_bottom: float = 496.0
    gap: float = 14.0
    column_gap: float = 32.0
    title: SizeRange = SizeRange(40, 32)
    cover_title: SizeRange = SizeRange(54, 36)
    statement: SizeRange = SizeRange(48, 32)
    body: SizeRange = SizeRange(32, 24)
    table: SizeRange = SizeRange(28, 24)
    small: SizeRange = SizeRange(20, 18)
    line_pitch: float = 1.3  # exact line spacing, in em
    title_pitch: float = 1.2
    space_before: float = 0.45  # before a top-level point, in em
    inset_x: float = 6.0
    inset_y: float = 4.0
    cell_pad_x: float = 6.0
    cell_pad_y: float = 4.0
    # Chinese characters are one em wide in every Chinese font; Latin letters and digits differ
    # between the bundled fonts and the PC's, so they are measured wider, and all text against
    # a slightly narrower box.
    latin_safety: float = 1.08
    width_safety: float = 0.98
    primary: str = "#1F5F8B"
    accent: str = "#C25E00"
    alarm: str = "#B00020"
    ok: str = "#2E7D32"
    text: str = "#1A1A1A"
    muted: str = "#555555"
    tint: str = "#EEF3F7"
    alarm_tint: str = "#FBEAEC"

    @property
    def content_width(self) -> float:
        return SLIDE_WIDTH - 2 * self.margin_x

    def branded(self, primary: str | None, accent: str | None) -> DeckTheme:
        """The clinic's colours, with text colours that stay readable on them."""
        theme = self
        if primary:
            theme = replace(theme, primary=primary, tint=tint(primary, 0.88))
        if accent:
            theme = replace(theme, accent=accent)
        return theme

    def marker_colour(self) -> str:
        """The accent for bullets and numbers, unless it is too pale to see on white."""
        return self.accent if contrast(self.accent, "#FFFFFF") >= 3 else self.title_colour()

    def title_colour(self) -> str:
        """The primary colour for titles on white, or near-black if it is too light to read."""
        return self.primary if contrast(self.primary, "#FFFFFF") >= 4.5 else self.text


def text_on(background: str) -> str:
    """White or near-black, whichever reads better on the background."""
    return "#FFFFFF" if contrast("#FFFFFF", background) >= contrast("#1A1A1A", background) else "#1A1A1A"


DEFAULT_THEME = DeckTheme()
