"""The deck's look in one place: slide size, boxes, type sizes, colours, font names.

Sizes are points (1 pt = 12,700 EMU). Type sizes run from a layout's maximum down to
a floor: the fitter picks the largest that fits. A talk is given to one audience in a room
(a talk spec's `audience:`), so the floors and how much a slide holds come per audience:
older adults (the default) read 28 pt body text and 36 pt titles from the back of a room, at
most six lines a slide; an audience of professionals takes 24/32 pt and nine lines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pptx.dml.color import RGBColor
from pptx.util import Emu

from builder.colours import contrast, tint
from builder.compose.labels import LANGUAGE_TAGS

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


@dataclass(frozen=True)
class FaceInfo:
    """What a run says about its typeface besides the name, so that an application without the
    face picks a substitute of the right kind: PowerPoint matches a missing font by `charset`
    (the script and region: 136 Big5 for Traditional, 134 GB2312 for Simplified), `panose` (the
    shape) and `pitchFamily` (0x22: proportional, sans serif). Values as PowerPoint writes them
    for these faces (their OS/2 tables)."""

    panose: str = ""  # ten bytes in hex; "" when not known
    pitch_family: int = 0  # 0: not known
    charset: int = 1  # 1: DEFAULT_CHARSET, "no particular script"


_BIG5, _GB2312, _ANSI = 136, 134, 0
_SANS = 0x22  # VARIABLE_PITCH | FF_SWISS
_JHENGHEI = FaceInfo("020B0604030504040204", _SANS, _BIG5)
_YAHEI = FaceInfo("020B0503020204020204", _SANS, _GB2312)
_NOTO = "020B0200000000000000"  # the bundled Noto Sans TC / SC (OS/2 panose)
KNOWN_FACES = {
    "Microsoft JhengHei": _JHENGHEI,
    "微軟正黑體": _JHENGHEI,
    "Microsoft YaHei": _YAHEI,
    "微软雅黑": _YAHEI,
    "Arial": FaceInfo("020B0604020202020204", _SANS, _ANSI),
    "Noto Sans TC": FaceInfo(_NOTO, _SANS, _BIG5),
    "Noto Sans SC": FaceInfo(_NOTO, _SANS, _GB2312),
}
# The script a face is for when it is not one we know: the deck's region for the East Asian face.
REGION_CHARSETS = {"zh-Hant-TW": _BIG5, "zh-Hans-CN": _GB2312}
THEME_SCRIPTS = {"zh-Hant-TW": "Hant", "zh-Hans-CN": "Hans"}


def face_info(name: str, language: str, east_asian: bool) -> FaceInfo:
    """The face's charset / panose / pitch family: known values for the faces a clinic PC has,
    else the deck's region (an East Asian face) or Western (a Latin face), shape unknown."""
    known = KNOWN_FACES.get(name)
    if known is not None:
        return known
    return FaceInfo(charset=REGION_CHARSETS[language] if east_asian else _ANSI)


def face_attributes(name: str, language: str, east_asian: bool) -> dict[str, str]:
    """The attributes of an a:latin / a:ea / a:cs element naming this face, in PowerPoint's order.
    OOXML's charset is a signed byte: Big5's 136 is written -120, as PowerPoint writes it."""
    info = face_info(name, language, east_asian)
    attributes = {"typeface": name}
    if info.panose:
        attributes["panose"] = info.panose
    if info.pitch_family:
        attributes["pitchFamily"] = str(info.pitch_family)
    attributes["charset"] = str(info.charset - 256 if info.charset > 127 else info.charset)
    return attributes


# What a clinic PC has: Windows ships the Chinese UI fonts with every Chinese install (and as
# optional features elsewhere); Office for Mac ships them too. Latin text is Arial, on every
# Windows and Mac, with metric-compatible free twins (Liberation Sans, Arimo, and Nimbus Sans /
# Helvetica) that LibreOffice on Linux substitutes through fontconfig's metric aliases, so a
# Latin line measures the same everywhere. The UI fonts' own Latin letters have no free twin.
DEFAULT_FONT_NAMES = {
    "zh-Hant-TW": FontNames("Microsoft JhengHei", "Arial"),
    "zh-Hans-CN": FontNames("Microsoft YaHei", "Arial"),
}

LANGUAGE_OF_TAG = {tag: language for language, tag in LANGUAGE_TAGS.items()}


@dataclass(frozen=True)
class DeckTheme:
    """Boxes, type sizes and colours of one audience's decks (the default: older adults).

    Small print is set below the body floor on purpose, because nobody reads it from a seat:
    the footer line (clinic and slide number: for the presenter and for someone reading the
    file), the closing slide's review date and disclaimer (for the record; the printed
    handout carries them too) and the QR caption (a hint beside a code people scan with a
    phone). Everything the audience is meant to read keeps to `body` and `title`."""

    margin_x: float = 48.0
    title_top: float = 26.0
    band: float = 10.0  # the coloured band along the top edge
    footer_top: float = 508.0
    footer_size: float = 12.0
    body_bottom: float = 496.0
    gap: float = 14.0
    column_gap: float = 32.0
    title: SizeRange = SizeRange(44, 36)
    cover_title: SizeRange = SizeRange(54, 40)
    statement: SizeRange = SizeRange(54, 36)
    body: SizeRange = SizeRange(36, 28)
    # A comparison table is read along its rows while the speaker points at them: the body
    # floor too, continued with its header repeated rather than shrunk below what the room reads.
    table: SizeRange = SizeRange(32, 28)
    small: SizeRange = SizeRange(20, 18)
    most_lines: int = 6  # lines of body text in one box: what a room reads while listening
    contact_lines: int = 9  # the closing slide's contact details, copied down rather than read
    # Red flags stay on one slide where the body box holds them: a warning list continued on a
    # second slide is one a presenter may click past before the audience has read it.
    alert_lines: int = 9
    line_pitch: float = 1.3  # exact line spacing, in em
    title_pitch: float = 1.2
    space_before: float = 0.45  # before a top-level point, in em
    inset_x: float = 6.0
    inset_y: float = 4.0
    cell_pad_x: float = 6.0
    cell_pad_y: float = 4.0
    # Chinese characters are one em wide in every Chinese font; Latin letters and digits are
    # measured as the widest of the bundled face and the faces a PC substitutes (fit._SafeStyle),
    # times a margin for a face we do not know (a clinic's own), and all text against a slightly
    # narrower box.
    latin_safety: float = 1.03
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
THEMES: dict[str, DeckTheme] = {
    "older_adults": DEFAULT_THEME,
    # colleagues sit closer to the text and read more of it: the earlier, denser floors
    "professional": DeckTheme(
        title=SizeRange(40, 32),
        cover_title=SizeRange(54, 36),
        statement=SizeRange(48, 32),
        body=SizeRange(32, 24),
        table=SizeRange(28, 24),
        most_lines=9,
        contact_lines=12,
        alert_lines=12,
    ),
}


def theme_for(audience: str) -> DeckTheme:
    """The deck theme for a talk's `audience:` (builder.spec.talk.Audience)."""
    return THEMES[audience]
