"""Render a composed Document as an A4 leaflet PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageTemplate,
    Table,
    TableStyle,
)

from builder.compose.document import (
    Block,
    Callout,
    CardGrid,
    Document,
    Figure,
    FillIn,
    Heading,
    ItemList,
    ListItem,
    Paragraph,
    Picture,
    QrCode,
    Section,
    SideBySide,
    TrackingGrid,
)
from builder.compose.document import Table as TableBlock
from builder.compose.labels import LANGUAGE_TAGS
from builder.render.pdf.flowables import Columns, Grid, Stack, TextBlock
from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.footer import PageFooter, footer_canvas
from builder.render.pdf.grid import tracking_grid
from builder.render.pdf.markers import marker_painter
from builder.render.pdf.paint import LayoutCanvas
from builder.render.pdf.qr import QrFlowable
from builder.render.pdf.scene import SceneFlowable
from builder.render.pdf.theme import DEFAULT_THEME, PdfTheme, TextRole
from builder.typeset import FontSet, Span, Style, text_width
from builder.typeset.phrases import heading_lines
from builder.typeset.tables import column_widths

COMPACT_PICTURE = 30 * mm  # the smallest a figure is drawn: still readable in print
WORDS_BESIDE = 7  # characters a line beside a picture holds at least, or the words go under it
MAX_HEADER_SHARE = 0.4  # of the first page's body height; above it the header joins the columns


@dataclass(frozen=True)
class _Box:
    """How one kind of callout is boxed."""

    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0
    space_before: float = 0.0
    gap: float | None = None


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


class _Flowables:
    """Turns document blocks into reportlab flowables for one font set and theme."""

    def __init__(self, fonts: FontSet, theme: PdfTheme, frame_height: float, language: str) -> None:
        self.fonts = fonts
        self.theme = theme
        self.frame_height = frame_height
        self.titles = partial(heading_lines, language=language)  # between phrases, remembered

    def style(self, role: TextRole, bold: bool | None = None, color: str | None = None) -> Style:
        stack = self.fonts.bold if (role.bold if bold is None else bold) else self.fonts.regular
        return Style(stack, role.size, color or role.color)

    def text(self, paragraph: Paragraph) -> TextBlock:
        role = self.role(paragraph)
        spans = [Span(i.text, self.style(role, bold=i.strong or role.bold)) for i in paragraph.inlines]
        if paragraph.role == "subtitle":
            return TextBlock(spans, role.leading, justify=False, breaker=self.titles)
        return TextBlock(spans, role.leading)

    def role(self, paragraph: Paragraph) -> TextRole:
        return self.theme.body if paragraph.role == "body" else self.theme.lead

    def block(self, block: Block) -> Flowable:
        t = self.theme
        if isinstance(block, Paragraph):
            return self.text(block)
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, ItemList):
            return self.item_list(block)
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, Callout):
            return self.callout(block)
        if isinstance(block, SideBySide):
            return self.side_by_side(block)
        if isinstance(block, FillIn):
            return self.fill_in(block)
        if isinstance(block, TrackingGrid):
            return self.tracking_grid(block)
        if isinstance(block, QrCode):
            return self.qr_code(block)
        if isinstance(block, Picture):
            return self.picture(block)
        if isinstance(block, Figure):
            return SceneFlowable(block.scene, 30 * mm * self.theme.body.size / 12, self.fonts)
        if isinstance(block, CardGrid):
            return self.card_grid(block)
        if isinstance(block, Section):
            children = [self.heading(block.heading), *self.blocks(block.blocks)]
            gap = t.section_gap if block.heading.level == 2 else t.block_gap
            # a tick grid is a tool: its heading and explanation stay with it when the page allows
            whole = any(isinstance(b, TrackingGrid) for b in block.blocks)
            # a stage's goal stays with its first exercise card, as the heading does
            goal = len(block.blocks) > 1 and isinstance(block.blocks[0], Paragraph)
            goal = goal and isinstance(block.blocks[1], Callout)
            return Stack(
                children,
                gap=t.block_gap,
                keep_first=True,
                lead=2 if goal else 1,
                space_before=gap,
                keep_together=whole,
                keep_limit=self.frame_height,
                continued=self.heading(block.continued) if block.continued else None,
            )
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def blocks(self, blocks: Sequence[Block]) -> list[Flowable]:
        return [self.block(b) for b in blocks]

    def heading(self, heading: Heading) -> TextBlock:
        t = self.theme
        role = {1: t.h1, 2: t.h2, 3: t.h3}[heading.level]
        spans = [Span(heading.text, self.style(role))]
        if heading.level == 2:
            return TextBlock(spans, role.leading, justify=False, rule_below=t.rule, breaker=self.titles)
        space = 4 if heading.level == 1 else 0
        return TextBlock(spans, role.leading, justify=False, space_after=space, breaker=self.titles)

    def item_list(self, block: ItemList) -> Flowable:
        t = self.theme
        single = Stack(self._list_entries(block.items), gap=t.paragraph_gap + 1)
        natural = self._one_line_widths(block)
        if len(block.items) < 3 or natural is None:
            return single
        # Separate flowables for the two-column setting: a flowable lays out for one parent.
        half = (len(block.items) + 1) // 2
        return Columns(
            [Stack(self._list_entries(block.items[:half]), gap=t.paragraph_gap + 1)],
            [Stack(self._list_entries(block.items[half:]), gap=t.paragraph_gap + 1)],
            natural=natural,
            single=single,
        )

    def _list_entries(self, items: Sequence[ListItem]) -> list[Flowable]:
        t = self.theme
        return [
            Stack(
                [self.text(p) if isinstance(p, Paragraph) else self.block(p) for p in item.paragraphs],
                gap=t.paragraph_gap,
                indent=t.list_indent,
                marker=marker_painter(item.marker, t, self.fonts.bold, item.label),
                keep_together=True,  # a question stays with its answer, a move with its reason
                keep_limit=self.frame_height / 3,
            )
            for item in items
        ]

    def _one_line_widths(self, block: ItemList) -> list[float] | None:
        """Widths of items that are one short paragraph each (they may go in two columns)."""
        widths = []
        for item in block.items:
            paragraph = item.paragraphs[0]
            if len(item.paragraphs) != 1 or item.marker == "question" or not isinstance(paragraph, Paragraph):
                return None
            role = self.role(paragraph)
            widths.append(
                self.theme.list_indent
                + sum(text_width(i.text, self.style(role, bold=i.strong)) for i in paragraph.inlines)
            )
        return widths

    def callout(self, block: Callout) -> Stack:
        t = self.theme
        children: list[Flowable] = []
        if block.title and block.kind == "red_flags":  # white on a dark red band
            title = self.style(t.lead, bold=True, color="#FFFFFF")
            children.append(
                TextBlock(
                    [Span(block.title, title)],
                    t.lead.leading,
                    justify=False,
                    band=t.alarm,
                    band_pad=5,
                    breaker=self.titles,
                )
            )
        elif block.title:
            title_spans = [Span(block.title, self.style(t.h3))]
            children.append(TextBlock(title_spans, t.h3.leading, justify=False, breaker=self.titles))
        children += self.blocks(block.blocks)
        box = {
            "main": _Box(fill=t.key_fill, stroke=t.accent, stroke_width=1.5, space_before=4),
            "key_points": _Box(fill=t.key_fill, space_before=t.block_gap),
            "rule": _Box(fill=t.note_fill, stroke=t.note_stroke, stroke_width=0.8),
            "note": _Box(stroke=t.note_stroke, stroke_width=0.8),
            "red_flags": _Box(t.alarm_fill, t.alarm, 2.5, t.section_gap, gap=t.paragraph_gap + 2),
        }[block.kind]
        return Stack(
            children,
            gap=box.gap if box.gap is not None else t.paragraph_gap,
            padding=t.box_padding,
            fill=box.fill,
            stroke=box.stroke,
            stroke_width=box.stroke_width,
            space_before=box.space_before,
            keep_together=block.keep_together,
            keep_first=True,  # a box's first line (its title) never ends a column alone
            keep_limit=self.frame_height,
            continued=self.text(block.continued) if block.continued else None,
        )

    def table(self, block: TableBlock) -> Table:
        t = self.theme
        pad = 4.0  # narrow: a 4-column table keeps its longest words whole in a column
        head_style = self.style(t.body, bold=True)
        body_style = self.style(t.body)
        widths = column_widths(block.header, block.rows, head_style, body_style, t.column_width, 2 * pad)
        # Rows move whole to the next column; only a row taller than a third of a column is
        # cut into continuation rows, line by line, so no cell is ever clipped.
        most_lines = max(1, int((self.frame_height * 0.3) // t.body.leading))
        head = [TextBlock([Span(c, head_style)], t.body.leading, justify=False) for c in block.header]
        data = _continuation_rows(head, [w - 2 * pad for w in widths], most_lines)
        header_rows = len(data)  # a header too tall to repeat is set once, cut like a row
        for row in block.rows:
            # Cells are narrow: justifying them would open wide gaps, so they are set ragged.
            cells = [TextBlock([Span(c, body_style)], t.body.leading, justify=False) for c in row]
            data += _continuation_rows(cells, [w - 2 * pad for w in widths], most_lines)
        table = Table(data, colWidths=widths, repeatRows=1 if header_rows == 1 else 0, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), pdf_font_name(self.fonts.regular.primary)),
                    ("GRID", (0, 0), (-1, -1), 0.6, HexColor(t.note_stroke)),
                    ("BACKGROUND", (0, 0), (-1, header_rows - 1), HexColor(t.key_fill)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def picture(self, block: Picture) -> Flowable:
        """A posed figure or the spec's own image, about a third of a column wide (larger in one
        column, never narrower than 30 mm, the smallest that reads in print)."""
        largest = 110.0 if self.theme.columns > 1 else 150.0  # one wide column: a larger figure
        width = min(largest, self.theme.column_width * 0.45) * self.theme.body.size / 12
        if block.compact:
            width = COMPACT_PICTURE
        elif self.theme.picture_scale != 1:  # a folded piece making room: smaller, still readable
            width = max(COMPACT_PICTURE, width * self.theme.picture_scale)
        if block.scene is not None:
            return SceneFlowable(block.scene, width, self.fonts, least=COMPACT_PICTURE)
        assert block.image is not None
        from reportlab.platypus import Image

        image = Image(str(block.image))
        ratio = width / image.imageWidth
        image.drawWidth, image.drawHeight = width, image.imageHeight * ratio
        image.hAlign = "LEFT"
        return image

    def qr_code(self, block: QrCode) -> Stack:
        t = self.theme
        caption = TextBlock([Span(block.caption, self.style(t.body))], t.body.leading, justify=False)
        return Stack([QrFlowable(block.url, 24 * mm), caption], gap=2, keep_together=True)

    def fill_in(self, block: FillIn) -> Table:
        """Labels followed by lines to write on, sharing the width."""
        t = self.theme
        style = self.style(t.body, bold=True)
        cells: list[Flowable | str] = []
        widths: list[float] = []
        gap = 10 if block.boxed else 0  # air between a box and the next field's label
        for index, label in enumerate(block.labels):
            text = label + "："
            cells += [TextBlock([Span(text, style)], t.body.leading, justify=False), ""]
            # the label, its right padding, a little air
            widths.append(text_width(text, style) + 12 + (gap if index else 0))
        blank = (t.frame_width - sum(widths)) / len(block.labels) - 1
        if block.boxed:  # a box holds a number or two; the room left goes between the fields
            blank = min(blank, 16 * mm)
        table = Table([cells], colWidths=[w for width in widths for w in (width, blank)], hAlign="LEFT")
        rule = "BOX" if block.boxed else "LINEBELOW"
        blanks: list[tuple[Any, ...]] = [
            (rule, (i, 0), (i, 0), 0.8, HexColor("#000000")) for i in range(1, 2 * len(widths), 2)
        ]
        blanks += [("LEFTPADDING", (i, 0), (i, 0), gap) for i in range(2, 2 * len(widths), 2) if gap]
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), pdf_font_name(self.fonts.regular.primary)),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 10),
                    *blanks,
                ]
            )
        )
        return table

    def tracking_grid(self, block: TrackingGrid) -> Flowable:
        return tracking_grid(block, self.fonts, self.theme)

    def side_by_side(self, block: SideBySide) -> Columns:
        left, right = self.blocks(block.left), self.blocks(block.right)
        # The one-column setting has flowables of its own: a flowable keeps the lines of the
        # width it was last wrapped at, and a stack keeps its children's sizes, so shared ones
        # measured at the full width (splitting tries one column) overflowed the side-by-side.
        alone = self.blocks((*block.left, *block.right))
        if block.left_width_mm:  # a 30 mm picture beside its words, where that is shorter
            single = Stack(alone, gap=self.theme.paragraph_gap)
            fixed = block.left_width_mm * mm
            least = fixed + 10 + WORDS_BESIDE * self.theme.body.size
            return Columns(
                left, right, gap=10, left_width=fixed, min_width=least, single=single, shorter=True
            )
        single = Stack(alone, gap=self.theme.block_gap)
        narrowest = 380.0
        if block.left and isinstance(block.left[0], Figure):  # a body map beside its route's words
            narrowest = block.left[0].min_width_mm * mm / block.left_share + 12
        return Columns(left, right, share=block.left_share, min_width=narrowest, single=single)

    def card_grid(self, block: CardGrid) -> Grid:
        """Cards two or three to a row: each picture 30 mm wide over its marked title and words."""
        t = self.theme
        cards: list[Flowable] = []
        for card in block.cards:
            title = Stack(
                [self.text(card.title)],
                indent=t.list_indent,
                marker=marker_painter(card.marker, t, self.fonts.bold),
            )
            words = [self.text(p) for p in card.words]
            cards.append(Stack([self.picture(card.picture), title, *words], gap=t.paragraph_gap))
        return Grid(cards, COMPACT_PICTURE + t.list_indent, gap=8, row_gap=t.block_gap + 2)


def _continuation_rows(cells: list[TextBlock], widths: list[float], most_lines: int) -> list[list[Flowable]]:
    """A row as is, or, if some cell needs more than most_lines, as several rows of its lines."""
    broken = [cell.lines_for(width) for cell, width in zip(cells, widths, strict=True)]
    longest = max(len(lines) for lines in broken)
    if longest <= most_lines:
        return [list(cells)]
    rows: list[list[Flowable]] = []
    for start in range(0, longest, most_lines):
        rows.append(
            [cell.part(lines[start : start + most_lines]) for cell, lines in zip(cells, broken, strict=True)]
        )
    return rows


def _frames(theme: PdfTheme, bottom: float, height: float, header: float) -> list[Frame]:
    """A full-width header frame (first page only) above two body columns."""
    frames = []
    body = height
    if header:
        body = height - header - theme.header_gap
        frames.append(
            Frame(
                theme.margin_x,
                bottom + body + theme.header_gap,
                theme.frame_width,
                header,
                0,
                0,
                0,
                0,
                id="header",
            )
        )
    for index in range(theme.columns):
        x = theme.margin_x + index * (theme.column_width + theme.column_gap)
        frames.append(Frame(x, bottom, theme.column_width, body, 0, 0, 0, 0, id=f"column{index + 1}"))
    return frames


def _prepare(document: Document, fonts: FontSet, theme: PdfTheme) -> tuple[PdfTheme, PageFooter, _Flowables]:
    """The clinic's theme, the measured footer, and a flowable builder for the body's height."""
    theme = theme.branded(document.brand.primary, document.brand.accent)
    footer = PageFooter(document.footer, fonts, theme, document.brand.logo)
    frame_height = theme.page_size[1] - theme.margin_top - footer.top - theme.footer_gap
    return theme, footer, _Flowables(fonts, theme, frame_height, document.language)


@dataclass(frozen=True)
class Measured:
    """Heights a folded format packs its sections by (no layout needed to try an order)."""

    heights: list[float]  # each top-level block in a column
    frame: float  # a column
    first: float  # a column of the first page, under the title
    columns: int  # per page
    gap: float  # space before a section that does not start a column


def block_heights(document: Document, fonts: FontSet, theme: PdfTheme) -> Measured:
    """How tall each top-level block is in a column, how tall a column is, and how much of the
    first page's columns the title takes: lets a folded format choose and order its sections,
    and leave out one that could only be printed across a fold."""
    theme, _, builder = _prepare(document, fonts, theme)
    frame = builder.frame_height
    heights = [f.wrap(theme.column_width, frame)[1] for f in builder.blocks(document.blocks)]
    header = Stack(builder.blocks(document.header), gap=theme.block_gap)
    _, header_height = header.wrap(theme.frame_width, frame)
    if header_height <= frame * MAX_HEADER_SHARE:
        first = frame - header_height - 1 - theme.header_gap
    else:  # the title flows in the first column
        first = frame - header_height - theme.block_gap
    return Measured(heights, frame, max(first, 0.0), theme.columns, theme.section_gap)


def render_leaflet_pdf(document: Document, fonts: FontSet, theme: PdfTheme = DEFAULT_THEME) -> RenderedPdf:
    """Lay out and write the leaflet; returns the PDF bytes and the page count."""
    buffer = io.BytesIO()
    doc, flowables, footer = _layout(document, fonts, theme, buffer)
    canvases: list[Canvas] = []
    doc.build(flowables, canvasmaker=footer_canvas(footer, canvases))
    return RenderedPdf(buffer.getvalue(), len(canvases[-1].held_pages))


def leaflet_pages(document: Document, fonts: FontSet, theme: PdfTheme = DEFAULT_THEME) -> int:
    """How many pages the leaflet takes, from laying it out without painting or writing it
    (about half the time of rendering): decides what goes in before the one real render."""
    return leaflet_extent(document, fonts, theme).pages


@dataclass(frozen=True)
class Extent:
    """How far a leaflet's layout runs: its pages, and how many columns its text fills (the last
    in part), to compare two settings that take the same number of pages."""

    pages: int
    columns: float


def leaflet_extent(document: Document, fonts: FontSet, theme: PdfTheme = DEFAULT_THEME) -> Extent:
    """The leaflet laid out without painting or writing it: its pages and columns filled."""
    doc, flowables, _ = _layout(document, fonts, theme, io.BytesIO())
    canvases: list[LayoutCanvas] = []

    def canvasmaker(*args: object, **kwargs: object) -> LayoutCanvas:
        canvases.append(LayoutCanvas(*args, **kwargs))
        return canvases[-1]

    doc.build(flowables, canvasmaker=canvasmaker)
    pages = int(canvases[-1].getPageNumber()) - 1
    frame = doc.frame  # the last column filled, and how far down
    index = int(frame.id[len("column") :]) - 1 if frame.id.startswith("column") else 0
    used = (frame._y1 + frame._height - frame._y) / frame._height
    return Extent(pages, (pages - 1) * theme.columns + index + used)


def _layout(
    document: Document, fonts: FontSet, theme: PdfTheme, buffer: io.BytesIO
) -> tuple[BaseDocTemplate, list[Flowable], PageFooter]:
    """The document template and the flowables to build it from, ready for either canvas."""
    theme, footer, builder = _prepare(document, fonts, theme)
    bottom = footer.top + theme.footer_gap
    frame_height = builder.frame_height
    header = Stack(builder.blocks(document.header), gap=theme.block_gap)
    _, header_height = header.wrap(theme.frame_width, frame_height)
    body = builder.blocks(document.blocks)
    if document.keep_sections:  # a folded piece: a section runs across a fold only if marked 續
        spread = (frozenset(document.spread_breaks), f"column{theme.columns}")
        for block, flowable in zip(document.blocks, body, strict=True):
            if isinstance(flowable, Stack) and flowable.continued is None:
                flowable.keep_together, flowable.keep_limit = True, frame_height
                red_flags = isinstance(block, Callout) and block.kind == "red_flags"
                flowable.spread = None if red_flags else spread  # red flags are never split
    if header_height <= frame_height * MAX_HEADER_SHARE:
        header_room = header_height + 1
        flowables = [NextPageTemplate("rest"), header, FrameBreak(), *body]
    else:  # a very long title or main message flows in the columns like everything else
        header_room = 0.0
        flowables = [*builder.blocks(document.header), *body]

    doc = BaseDocTemplate(
        buffer,
        pagesize=theme.page_size,
        leftMargin=theme.margin_x,
        rightMargin=theme.margin_x,
        topMargin=theme.margin_top,
        bottomMargin=bottom,
        title=document.title,
        author=document.author,
        subject=document.subject,
        creator="leafdeck",
        producer="leafdeck",
        keywords=list(document.keywords),
        invariant=1,
        initialFontName=pdf_font_name(fonts.regular.primary),
        initialFontSize=12,
        lang=LANGUAGE_TAGS.get(document.language),
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=_frames(theme, bottom, frame_height, header_room)),
            PageTemplate(id="rest", frames=_frames(theme, bottom, frame_height, 0.0)),
        ]
    )
    return doc, flowables, footer
