"""The document model between compose and render: what appears, not where.

Text in blocks is already normalised (builder.typeset.normalize), so every
renderer prints the same characters and tests can look for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from builder.compose.brand import Brand
from builder.figures.scene import Scene

Marker = Literal["bullet", "number", "checkbox", "cross", "tick", "triangle", "question"]
CalloutKind = Literal["main", "key_points", "red_flags", "note", "rule"]


@dataclass(frozen=True)
class Inline:
    """A piece of a paragraph; `strong` pieces are set in bold."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    role: Literal["body", "lead", "subtitle"] = "body"  # a subtitle is set as lead, broken as a title

    @property
    def text(self) -> str:
        return "".join(inline.text for inline in self.inlines)


@dataclass(frozen=True)
class Heading:
    text: str
    level: Literal[1, 2, 3] = 2


@dataclass(frozen=True)
class Picture:
    """A posed figure (a scene from builder.figures, drawn as vectors in every format) or the
    spec's own image file. `compact` pictures are drawn at the smallest size that still reads
    in print (30 mm), when the full size would push a leaflet past one sheet."""

    scene: Scene | None = None
    image: Path | None = None
    compact: bool = False


@dataclass(frozen=True)
class Figure:
    """A drawing from builder.figures (a body map): one neutral scene, the same in every format.
    `min_width_mm` is the smallest it may be printed and still be read."""

    scene: Scene
    min_width_mm: float = 30.0


@dataclass(frozen=True)
class ListItem:
    marker: Marker
    paragraphs: tuple[Paragraph | Picture | SideBySide, ...]  # SideBySide: a picture beside its words
    label: str = ""  # the number of a step, or the 問 of a FAQ


@dataclass(frozen=True)
class ItemList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Callout:
    """A boxed group: key points, red flags, a rule. Red flags must never be split."""

    kind: CalloutKind
    blocks: tuple[Block, ...]
    title: str | None = None
    keep_together: bool = False
    continued: Paragraph | None = None  # shown at the top of the part on a new page, if it splits


@dataclass(frozen=True)
class SideBySide:
    """Two groups next to each other (the self-check questions and their rule)."""

    left: tuple[Block, ...]
    right: tuple[Block, ...]
    left_share: float = 0.62
    # a fixed width for the left group instead of a share (a 30 mm picture beside its words); set
    # side by side only where that is no taller than the two groups one above the other
    left_width_mm: float = 0.0


@dataclass(frozen=True)
class Card:
    """One picture of a CardGrid over a short line naming it (with its verdict), then its words."""

    picture: Picture
    title: Paragraph
    marker: Marker
    words: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class CardGrid:
    """Moves to avoid or sleep positions as cards set two or three to a row (as many as fit with
    each picture at least 30 mm wide): the compact setting a leaflet uses to keep its pictures."""

    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Section:
    """A heading and what follows it; the heading never ends a page alone."""

    heading: Heading
    blocks: tuple[Block, ...]
    # a folded piece's section that may run on into the next panel: the heading there, 「症狀（續）」
    continued: Heading | None = None


@dataclass(frozen=True)
class FillIn:
    """Labelled blanks to write on by hand: 姓名 ______  開始日期 ______."""

    labels: tuple[str, ...]
    boxed: bool = False  # a box per blank (a dose to write in) instead of a line


@dataclass(frozen=True)
class TrackingGrid:
    """One row per exercise and a tick box per day, for some weeks: a tool patients keep using."""

    rows: tuple[str, ...]
    weeks: int
    week_label: str  # e.g. "第 {n} 週"
    corner: str = ""  # the top-left cell, e.g. "運動"


@dataclass(frozen=True)
class QrCode:
    """A QR code with a line under it saying what a phone will open."""

    url: str
    caption: str


Block = (
    Paragraph
    | Heading
    | ItemList
    | Table
    | Callout
    | SideBySide
    | Section
    | FillIn
    | TrackingGrid
    | QrCode
    | Picture
    | Figure
    | CardGrid
)


@dataclass(frozen=True)
class Footer:
    lines: tuple[str, ...]
    disclaimer: str
    page_label: str  # e.g. "第 {page} / {pages} 頁"
    link: str = ""  # the clinic's website, printed as a QR code
    every_page: bool = True  # False: a folded piece carries these once, in its own closing block
    draft: str = ""  # 草稿・未經審閱: drawn across every page (folded pieces too) of an unreviewed spec


@dataclass(frozen=True)
class Document:
    title: str
    language: str
    header: tuple[Block, ...]
    blocks: tuple[Block, ...]
    footer: Footer
    subject: str = ""
    author: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    brand: Brand = field(default_factory=Brand)
    keep_sections: bool = False  # folded formats: a section never runs across a fold
    # folded formats: pages after which a section may go on, the next page lying beside it on
    # the same side of the sheet (a tri-fold's inside panels, a booklet's centre spread)
    spread_breaks: tuple[int, ...] = ()
