"""reportlab flowables that draw text broken by the typesetting core.

reportlab's own Paragraph wraps CJK with rules of its own (it lets ，；：？！
start a line and hangs punctuation past the frame), so every piece of text here
goes through builder.typeset.break_lines instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from builder.render.pdf.markers import Painter
from builder.render.pdf.paint import LayoutCanvas, paint_lines
from builder.typeset import Line, Span, break_lines, spans_of

Breaker = Callable[[Sequence[Span], float], list[Line]]


@lru_cache(maxsize=8192)
def broken_lines(spans: tuple[Span, ...], measure: float) -> tuple[Line, ...]:
    """Lines of a paragraph at a width, remembered: a leaflet is laid out once to count its pages
    and again to draw it, and watch mode lays out mostly unchanged text on every save."""
    return tuple(break_lines(spans, measure))


class TextBlock(Flowable):  # type: ignore[misc]
    """A paragraph: lines from the shared line breaker, justified, splittable by line."""

    def __init__(
        self,
        spans: Sequence[Span],
        leading: float,
        *,
        justify: bool = True,
        space_after: float = 0.0,
        band: str | None = None,
        band_pad: float = 0.0,
        rule_below: str | None = None,
        lines: list[Line] | None = None,
        measure: float | None = None,
        breaker: Breaker = break_lines,
    ) -> None:
        super().__init__()
        self.breaker = breaker  # a heading's is typeset.phrases.heading_lines
        self.spans = tuple(spans)
        self.leading = leading
        self.justify = justify
        self.spaceAfter = space_after
        self.band = band
        self.band_pad = band_pad
        self.rule_below = rule_below
        self._lines = lines
        self._measure = measure

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    def _extra(self) -> float:
        return 2 * self.band_pad + (4.0 if self.rule_below else 0.0)

    def lines_for(self, width: float) -> list[Line]:
        inner = width - 2 * self.band_pad
        # Frames' widths differ in the last bits of a float; only a real change re-breaks.
        if self._lines is None or self._measure is None or abs(self._measure - inner) > 0.01:
            # lines are remembered (see broken_lines; a heading's in typeset.phrases)
            self._lines = (
                list(broken_lines(self.spans, inner))
                if self.breaker is break_lines
                else self.breaker(self.spans, inner)
            )
            self._measure = inner
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = len(self.lines_for(avail_width)) * self.leading + self._extra()
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self.lines_for(avail_width)
        fit = int((avail_height - self._extra()) // self.leading)
        if len(lines) < 4 or fit < 2 or fit >= len(lines):
            return []  # short paragraphs move whole; never leave a single orphan or widow line
        fit = min(fit, len(lines) - 2)
        return [self.part(lines[:fit]), self.part(lines[fit:])]

    def part(self, lines: list[Line]) -> TextBlock:
        """A block of some of this block's lines; its text is only theirs, should it re-break."""
        return TextBlock(
            spans_of(lines),
            self.leading,
            justify=self.justify,
            band=self.band,
            band_pad=self.band_pad,
            rule_below=self.rule_below,
            lines=lines,
            measure=self._measure,
            space_after=self.spaceAfter,
            breaker=self.breaker,
        )

    def draw(self) -> None:
        canv: Canvas = self.canv
        if self.band:
            canv.setFillColor(HexColor(self.band))
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.rule_below:
            canv.setStrokeColor(HexColor(self.rule_below))
            canv.setLineWidth(1.2)
            canv.line(0, 1.0, self.width, 1.0)
        measure = self.width - 2 * self.band_pad
        top = self.height - self.band_pad
        paint_lines(canv, self.lines_for(self.width), self.band_pad, top, self.leading, measure, self.justify)

    def first_line_middle(self) -> float:
        """Height above the bottom of this block where its first line's middle is."""
        return self.height - self.band_pad - self.leading / 2


class Stack(Flowable):  # type: ignore[misc]
    """A column of flowables, optionally boxed, indented with a marker, or kept together.

    Used for sections (a heading never ends a page alone), list items, callouts
    and the red-flags box (never split unless it is taller than a whole page).
    """

    def __init__(
        self,
        children: Sequence[Flowable],
        *,
        gap: float = 0.0,
        padding: float = 0.0,
        indent: float = 0.0,
        fill: str | None = None,
        stroke: str | None = None,
        stroke_width: float = 1.0,
        marker: Painter | None = None,
        keep_together: bool = False,
        keep_first: bool = False,
        lead: int = 1,
        keep_limit: float = 10_000.0,
        space_before: float = 0.0,
        space_after: float = 0.0,
        continued: Flowable | None = None,
        spread: tuple[frozenset[int], str] | None = None,
    ) -> None:
        super().__init__()
        # kept together, except at the end of these pages or a column other than this last one:
        # a folded piece's section may go on in the panel beside it
        self.spread = spread
        self.children = list(children)
        self.continued = continued  # heads the part that goes on in the next column, e.g. 「橋式（續）」
        self.gap = gap
        self.padding = padding
        self.indent = indent
        self.fill = fill
        self.stroke = stroke
        self.stroke_width = stroke_width
        self.marker = marker
        self.keep_together = keep_together
        self.keep_first = keep_first
        self.lead = lead  # with keep_first: how many first children never end a column alone
        self.keep_limit = keep_limit
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.width: float = 0.0
        self.height: float = 0.0
        self._sizes: list[tuple[float, float]] = []

    def _inner_width(self, width: float) -> float:
        return width - 2 * self.padding - self.indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._sizes and self.width == avail_width:
            return self.width, self.height  # children never change, so neither does the layout
        inner = self._inner_width(avail_width)
        self._sizes = [child.wrap(inner, 10_000.0) for child in self.children]
        body = sum(h for _, h in self._sizes) + self.gap * max(len(self.children) - 1, 0)
        self.width = avail_width
        self.height = body + 2 * self.padding
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.keep_together and self.height <= self.keep_limit and not self._at_spread_break():
            return []
        inner = self._inner_width(avail_width)
        room = avail_height - 2 * self.padding
        used = 0.0
        for index, (child, (_, height)) in enumerate(zip(self.children, self._sizes, strict=True)):
            if used + height <= room:
                used += height + self.gap
                continue
            parts = child.split(inner, room - used) if room - used > 0 else []
            if parts:
                head, tail = self.children[:index] + parts[:1], parts[1:] + self.children[index + 1 :]
            else:
                head, tail = self.children[:index], self.children[index:]
            # A heading (or a box's title) never stays behind alone, unless it is so tall (half a
            # column) that keeping it with what follows could never fit.
            huge = self._sizes[0][1] > self.keep_limit / 2
            alone = len(head) <= self.lead and head == self.children[: len(head)]
            if not head or not tail or (self.keep_first and alone and not huge):
                return []
            if self.continued is not None:
                tail = [self.continued, *tail]
            return [self._copy(head, first=True), self._copy(tail, first=False)]
        return []

    def _at_spread_break(self) -> bool:
        """Whether the column being filled is followed by one beside it (see `spread`)."""
        frame, canv = getattr(self, "_frame", None), getattr(self, "canv", None)
        if self.spread is None or frame is None or canv is None:
            return False
        pages, last_column = self.spread
        return getattr(frame, "id", "") != last_column or canv.getPageNumber() in pages

    def _copy(self, children: list[Flowable], first: bool) -> Stack:
        return Stack(
            children,
            gap=self.gap,
            padding=self.padding,
            indent=self.indent,
            fill=self.fill,
            stroke=self.stroke,
            stroke_width=self.stroke_width,
            marker=self.marker if first else None,
            keep_together=self.keep_together and self.spread is not None,
            keep_first=(self.keep_first and first) or (self.continued is not None and not first),
            lead=self.lead if first else 1,
            keep_limit=self.keep_limit,
            space_before=self.spaceBefore if first else 0.0,
            space_after=self.spaceAfter,
            continued=self.continued,
            spread=self.spread,
        )

    def draw(self) -> None:
        canv: Canvas = self.canv
        if isinstance(canv, LayoutCanvas):  # a layout pass only counts pages: nothing inside to draw
            return
        if self.fill or self.stroke:
            canv.saveState()
            if self.fill:
                canv.setFillColor(HexColor(self.fill))
            if self.stroke:
                canv.setStrokeColor(HexColor(self.stroke))
                canv.setLineWidth(self.stroke_width)
            inset = self.stroke_width / 2 if self.stroke else 0
            canv.roundRect(
                inset,
                inset,
                self.width - 2 * inset,
                self.height - 2 * inset,
                4,
                stroke=1 if self.stroke else 0,
                fill=1 if self.fill else 0,
            )
            canv.restoreState()
        y = self.height - self.padding
        x = self.padding + self.indent
        for index, (child, (_, height)) in enumerate(zip(self.children, self._sizes, strict=True)):
            y -= height
            if index == 0 and self.marker is not None:
                # Before the text, so a marker's label (問) reads before the question, not inside it.
                middle = y + (child.first_line_middle() if isinstance(child, TextBlock) else height - 10)
                self.marker(canv, self.padding + self.indent / 2 - 1, middle)
            child.drawOn(canv, x, y)
            y -= self.gap


class Columns(Flowable):  # type: ignore[misc]
    """Two groups side by side (the self-check and its rule, a short list set in two columns).

    With a `single` fallback it is set as one column when the width is below
    `min_width`, or when any `natural` item width would not fit on one line.
    """

    def __init__(
        self,
        left: Sequence[Flowable],
        right: Sequence[Flowable],
        *,
        share: float = 0.5,
        gap: float = 12.0,
        natural: Sequence[float] = (),
        min_width: float = 0.0,
        single: Flowable | None = None,
        left_width: float = 0.0,
        shorter: bool = False,
    ) -> None:
        super().__init__()
        self.left = Stack(left)
        self.right = Stack(right)
        self.share = share
        self.gap = gap
        self.natural = tuple(natural)
        self.min_width = min_width
        self.single = single
        self.left_width = left_width  # fixed, instead of a share of the width
        self.shorter = shorter  # side by side only when no taller than `single`
        self._two = True

    def _use_two(self, width: float) -> bool:
        if self.single is None:
            return True
        if width < self.min_width:
            return False
        if not self.natural:
            return True
        return max(self.natural) <= width * min(self.share, 1 - self.share) - self.gap

    def _left(self, width: float) -> float:
        return self.left_width or (width - self.gap) * self.share

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._two = self._use_two(avail_width)
        if self._two:
            left = self._left(avail_width)
            _, lh = self.left.wrap(left, avail_height)
            _, rh = self.right.wrap(avail_width - self.gap - left, avail_height)
            self.height = max(lh, rh)
        if self.single is not None and (not self._two or self.shorter):
            _, height = self.single.wrap(avail_width, avail_height)
            if not self._two or height < self.height:
                self._two, self.height = False, height
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Side by side cannot break; a long list continues as one column instead."""
        return list(self.single.split(avail_width, avail_height)) if self.single is not None else []

    def draw(self) -> None:
        if isinstance(self.canv, LayoutCanvas):
            return
        if not self._two:
            assert self.single is not None
            self.single.drawOn(self.canv, 0, 0)
            return
        left = self._left(self.width)
        self.left.drawOn(self.canv, 0, self.height - self.left.height)
        self.right.drawOn(self.canv, left + self.gap, self.height - self.right.height)


class Grid(Flowable):  # type: ignore[misc]
    """Cells set side by side in rows, as many to a row as fit at `least` wide (one to `most`);
    the rows break between columns and pages like lines of a paragraph."""

    def __init__(
        self,
        cells: Sequence[Flowable],
        least: float,
        *,
        gap: float = 8.0,
        row_gap: float = 6.0,
        most: int = 3,
    ) -> None:
        super().__init__()
        self.cells = list(cells)
        self.least = least
        self.gap = gap
        self.row_gap = row_gap
        self.most = most
        self.width = 0.0
        self.height = 0.0
        self._rows: list[float] = []  # each row's height

    def per_row(self, width: float) -> int:
        return max(1, min(self.most, len(self.cells), int((width + self.gap) // (self.least + self.gap))))

    def _cell_width(self, width: float) -> float:
        per = self.per_row(width)
        return (width - (per - 1) * self.gap) / per

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        per, cell = self.per_row(avail_width), self._cell_width(avail_width)
        sizes = [c.wrap(cell, 10_000.0)[1] for c in self.cells]
        self._rows = [max(sizes[i : i + per]) for i in range(0, len(sizes), per)]
        self.width = avail_width
        self.height = sum(self._rows) + self.row_gap * max(len(self._rows) - 1, 0)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        per, used, rows = self.per_row(avail_width), 0.0, 0
        for height in self._rows:
            if used + height > avail_height:
                break
            used, rows = used + height + self.row_gap, rows + 1
        if rows == 0 or rows == len(self._rows):
            return []
        cut = rows * per
        return [self._copy(self.cells[:cut]), self._copy(self.cells[cut:])]

    def _copy(self, cells: list[Flowable]) -> Grid:
        return Grid(cells, self.least, gap=self.gap, row_gap=self.row_gap, most=self.most)

    def draw(self) -> None:
        if isinstance(self.canv, LayoutCanvas):
            return
        per, cell = self.per_row(self.width), self._cell_width(self.width)
        top = self.height
        for row, height in enumerate(self._rows):
            for column, child in enumerate(self.cells[row * per : (row + 1) * per]):
                child.drawOn(self.canv, column * (cell + self.gap), top - child.height)
            top -= height + self.row_gap
