"""Measured fit for slides: the largest type size that fits, else continuation slides.

PowerPoint applies autofit only when a person edits the text, so a deck that
relies on it overflows in front of the audience. Everything here measures with
the typesetting core (CJK breaks, kinsoku, whole Latin words) on the bundled
fonts, plus the quarter-em gap LibreOffice puts between Chinese and Latin text,
against a slightly narrower measure, because the presenting PC's fonts differ.

A box holds at most the theme's `most_lines` lines (what a room reads while it listens), and
what continues is spread evenly over as few slides as it needs (see `even_cuts`).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import accumulate, pairwise
from pathlib import Path

from builder.compose.deck import Point, is_heading
from builder.render.pptx.theme import DeckTheme, SizeRange
from builder.typeset import FontSet, Style, count_lines, text_width
from builder.typeset.chars import NO_LINE_END, NO_LINE_START, is_cjk, is_word_char
from builder.typeset.linebreak import LONGEST_REMEMBERED
from builder.typeset.normalize import with_autospace
from builder.typeset.phrases import break_title, title_units
from builder.typeset.sentences import sentence_ends, sentence_pieces
from builder.typeset.tables import column_widths

PHRASE_BACK = 8  # characters a cut title gives back at most to end at a phrase, not inside a word


@dataclass(frozen=True)
class Chunk:
    """The points of one slide and the size they are set in."""

    points: tuple[Point, ...]
    size: float


@dataclass(frozen=True)
class TablePage:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]  # header row first
    size: float


@dataclass(frozen=True)
class _SafeStyle(Style):
    """A style that measures Chinese exactly (one em in every Chinese font) and every other
    character as the widest of the bundled face and the faces a PC may draw it with instead
    (Arial's metric twins, DejaVu Sans: substitute_widths.json), times a margin for faces we do
    not know (a clinic's own Latin face)."""

    latin_safety: float = 1.0
    bold: bool = False
    # Each character's advance, measured once per style (see _style): a deck's fit measures the
    # same texts at the same sizes again and again (a sixth of a deck's build went to measuring
    # one character after another).
    _advances: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _widths: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)

    def advance(self, char: str) -> float:
        width = self._advances.get(char)
        if width is None:
            width = self._advances[char] = self._measure(char)
        return width

    def width(self, text: str) -> float:
        """The text's width, summed once per text: a fit measures each point at every size it
        tries, and again for every chunk of points it tries at that size."""
        width = self._widths.get(text)
        if width is None:
            width = super().width(text)
            if len(text) <= LONGEST_REMEMBERED:  # as the line breaker: a pasted article is not kept
                self._widths[text] = width
        return width

    def _measure(self, char: str) -> float:
        base = super().advance(char)
        if is_cjk(char):
            return base
        widest = _substitute_widths()[self.bold].get(char, 0.0) * self.size
        return max(base, widest) * self.latin_safety


@lru_cache(maxsize=1)
def _substitute_widths() -> dict[bool, dict[str, float]]:
    """{bold: {character: widest advance in em}}, read once per process."""
    data = json.loads((Path(__file__).with_name("substitute_widths.json")).read_text(encoding="utf-8"))
    return {
        bold: {chr(int(cp)): width / 1000 for cp, width in data[weight].items()}
        for bold, weight in ((False, "regular"), (True, "bold"))
    }


@lru_cache(maxsize=256, typed=True)  # one style, and its measured characters, per size
def _style(fonts: FontSet, size: float, bold: bool, latin_safety: float) -> Style:
    return _SafeStyle(fonts.bold if bold else fonts.regular, size, latin_safety=latin_safety, bold=bold)


LineCounter = Callable[[str, float, bool, float], int]  # text, size, bold, inner width → lines
_COUNTERS: dict[tuple[FontSet, float, float], LineCounter] = {}


def _line_counter(fonts: FontSet, latin_safety: float, width_safety: float) -> LineCounter:
    """Line counts for one font set and its safety margins, remembered for the process: watch
    mode and a batch measure the same slide texts on every build (fonts are loaded once)."""
    key = (fonts, latin_safety, width_safety)
    if key not in _COUNTERS:

        def count(text: str, size: float, bold: bool, width: float) -> int:
            if not text:
                return 1
            return count_lines(
                with_autospace(text), _style(fonts, size, bold, latin_safety), width * width_safety
            )

        _COUNTERS[key] = lru_cache(maxsize=16384)(count)
    return _COUNTERS[key]


class Measurer:
    """Measures slide text with one font set and theme; caches by text and size."""

    def __init__(self, fonts: FontSet, theme: DeckTheme) -> None:
        self.fonts = fonts
        self.theme = theme
        self._lines = _line_counter(fonts, theme.latin_safety, theme.width_safety)

    def allowing(self, most_lines: int) -> Measurer:
        """The same measure with another cap on lines a box holds (contact details, which the
        room copies down or photographs rather than reads while listening)."""
        return Measurer(self.fonts, replace(self.theme, most_lines=most_lines))

    def style(self, size: float, bold: bool) -> Style:
        return _style(self.fonts, size, bold, self.theme.latin_safety)

    def lines(self, text: str, size: float, bold: bool, width: float) -> int:
        """How many lines text takes in a box of this inner width."""
        return self._lines(text, size, bold, round(width, 3))

    def most_characters(self, size: float, width: float, lines: int) -> int:
        """More characters than `lines` lines of this width hold (none is narrower than a fifth
        of an em): how far a search for the longest start that fits need look, so cutting a
        10,000-character text costs the same per piece as cutting a short one."""
        return lines * (int(width / (0.2 * size)) + 1)

    # --- points -----------------------------------------------------------------------------

    def margin_left(self, point: Point, size: float) -> tuple[float, float]:
        """(left margin, first-line indent) in points: a hanging marker, a deeper second level.
        The rest of a point cut at a slide's end has no marker: all its lines under the text
        it continues (a hanging first line stuck out to the left, where the marker would be)."""
        # a number's hanging indent holds 「10.」 and a gap in the widest substitute face (DejaVu
        # digits are 0.64 em): at 1.5 em, 「10.重點回顧」 ran its number into its text
        step = 1.8 * size if point.marker == "number" else 1.2 * size
        base = 1.5 * size * point.level
        if point.marker == "none":
            return base, 0.0
        if point.continued:
            return base + step, 0.0
        return base + step, -step

    def point_lines(self, point: Point, size: float, width: float) -> int:
        """Lines the point takes (its lead-in bold, so the whole point is measured bold)."""
        margin, _ = self.margin_left(point, size)
        return self.lines(point.label + point.text, size, bool(point.label), width - margin)

    def point_height(self, point: Point, size: float, width: float, first: bool) -> float:
        lines = self.point_lines(point, size, width)
        return lines * self.theme.line_pitch * size + (0.0 if first else self.space_before(point, size))

    def space_before(self, point: Point, size: float) -> float:
        return (self.theme.space_before if point.level == 0 else 0.15) * size

    def height(self, points: Sequence[Point], size: float, width: float) -> float:
        return sum(self.point_height(p, size, width, i == 0) for i, p in enumerate(points))

    def fits(self, points: Sequence[Point], size: float, width: float, height: float) -> bool:
        """Whether the points fit this height, in at most the theme's `most_lines` lines, at this
        size; text that could not fit even with every line full is turned away after one pass
        over it, without breaking it into lines."""
        least, least_lines = 0.0, 0
        for index, point in enumerate(points):
            margin, _ = self.margin_left(point, size)
            style = self.style(size, bool(point.label))
            measure = (width - margin) * self.theme.width_safety
            full = text_width((point.label + point.text).replace(" ", ""), style) / max(measure, 1e-6)
            lines = max(1, math.ceil(full - 1e-9))
            least += lines * self.theme.line_pitch * size
            least += 0.0 if index == 0 else self.space_before(point, size)
            least_lines += lines
        if least > height or least_lines > self.theme.most_lines:
            return False
        lines = sum(self.point_lines(p, size, width) for p in points)
        return lines <= self.theme.most_lines and self.height(points, size, width) <= height

    def best_size(
        self, points: Sequence[Point], width: float, height: float, sizes: SizeRange
    ) -> float | None:
        for size in sizes.sizes():
            if self.fits(points, size, width, height):
                return size
        return None

    def paginate(self, points: Sequence[Point], width: float, height: float, sizes: SizeRange) -> list[Chunk]:
        """One chunk at the largest size that fits; else as few chunks as the floor size needs,
        the points spread evenly over them (`_even`) at the largest size among those that cut
        the fewest points between slides. Nothing is lost and every chunk fits: an even split
        is checked by measuring, and where none can be made the points go as they come
        (`_as_they_come`)."""
        best = self.best_size(points, width, height, sizes)
        if best is not None:
            return [Chunk(tuple(points), best)]
        fewest = self._as_they_come(points, sizes.floor, width, height)
        if len(fewest) > 1:
            # one more chunk when the fewest cannot keep every heading with its first lines
            for count in (len(fewest), len(fewest) + 1):
                found = [(size, self._even(points, count, size, width, height)) for size in sizes.sizes()]
                # the largest size among those that cut the fewest points between slides
                cuts = {size: sum(map(len, even)) - len(points) for size, even in found if even}
                if cuts:
                    size = max(cuts, key=lambda size: (-cuts[size], size))
                    return [Chunk(tuple(chunk), size) for chunk in dict(found)[size] or ()]
        return [Chunk(tuple(chunk), sizes.floor) for chunk in fewest]

    def _as_they_come(
        self, points: Sequence[Point], size: float, width: float, height: float
    ) -> list[list[Point]]:
        """Chunks at this size, each filled before the next begins: split between points, then
        at sentence ends, then between lines. The fewest chunks, and the fallback of `paginate`."""
        pieces: list[Point] = []
        for point in points:
            pieces += self._split_point(point, size, width, height)
        chunks: list[list[Point]] = [[]]
        for point in pieces:
            trial = [*chunks[-1], point]
            if chunks[-1] and not self.fits(trial, size, width, height):
                chunks.append([point])
            else:
                chunks[-1] = trial
        # a heading point never ends a slide with its sub-points on the next one
        for i in range(len(chunks) - 1):
            last = chunks[i][-1]
            if (
                len(chunks[i]) > 1
                and last.level == 0
                and chunks[i + 1][0].level == 1
                and not chunks[i + 1][0].continued
            ):
                moved = [last, *chunks[i + 1]]
                if self.fits(moved, size, width, height):
                    chunks[i] = chunks[i][:-1]
                    chunks[i + 1] = moved
        return [chunk for chunk in chunks if chunk]

    def _even(
        self, points: Sequence[Point], count: int, size: float, width: float, height: float
    ) -> list[list[Point]] | None:
        """The points in `count` chunks of about equal lines, or None when that cannot be done.

        The text is seen as a run of lines at this size; a chunk may end between points, or
        inside a point (cut between lines, `SPLIT_COST`) when the point leaves at least two
        lines on each side or is taller than a chunk. A heading (a bold lead-in alone, such as a
        daily-tips situation) keeps at least two lines of what it introduces; a point keeps
        its first sub-point where it can (`KEEP_COST`). Cut where `even_cuts` finds the least
        squared difference from an even share, then measured: a chunk that does not fit
        after all means None, so the caller keeps the chunks that do."""
        pitch = self.theme.line_pitch * size
        most = min(self.theme.most_lines, int((height + 1e-6) // pitch))
        lines = [self.point_lines(p, size, width) for p in points]
        total = sum(lines)
        if most < 1 or count < 2 or not count <= total <= count * most:
            return None
        starts = [0]
        for n in lines:
            starts.append(starts[-1] + n)
        cost: list[float | None] = [0.0] * (total + 1)
        space = [0.0] * (total + 1)  # at a point's first line: the space above it
        for i, (point, n) in enumerate(zip(points, lines, strict=True)):
            start = starts[i]
            if i:
                space[start] = self.space_before(point, size)
                before = points[i - 1]
                if before.level == 0 and point.level == 1 and not point.continued:
                    cost[start] = KEEP_COST
            for k in range(1, n):
                cost[start + k] = SPLIT_COST if n > most or 2 <= k <= n - 2 else None
        for i, point in enumerate(points):
            if not is_heading(point):
                continue
            end = starts[i + 1]
            after = next((j for j in range(i + 1, len(points)) if is_heading(points[j])), len(points))
            need = min(2, starts[after] - end)
            if lines[i] + need > most:
                continue  # a heading too tall to keep with its lines: it goes as it must
            for k in range(starts[i] + 1, end + need):
                cost[k] = None
        inside = [0.0]  # inside[g]: the space above points starting at or before line g
        for value in space[1:]:
            inside.append(inside[-1] + value)
        share = total / count

        def group(a: int, b: int) -> float | None:
            tall = (b - a) * pitch + inside[b - 1] - inside[a]
            return None if tall > height + 1e-6 else (b - a - share) ** 2

        cuts = even_cuts(total, count, most, group, lambda g: cost[g])
        if cuts is None:
            return None
        for at_sentence in (True, False):  # a cut inside a point at a sentence end if it can
            chunks: list[list[Point]] = [[] for _ in range(count)]
            for i, point in enumerate(points):
                inner = [g - starts[i] for g in cuts if starts[i] < g < starts[i + 1]]
                pieces = self._cut_at(point, inner, size, width, at_sentence)
                for start, piece in zip([0, *inner], pieces, strict=True):
                    if piece.label or piece.text:
                        chunks[bisect_right(cuts, starts[i] + start)].append(piece)
            if all(chunk and self.fits(chunk, size, width, height) for chunk in chunks):
                return chunks
        return None

    def _cut_at(
        self, point: Point, lines: Sequence[int], size: float, width: float, at_sentence: bool
    ) -> list[Point]:
        """The point cut after each of these line counts (ascending): len(lines) + 1 pieces,
        the later ones `continued`. Ends by construction: one cut per count."""
        pieces: list[Point] = []
        done = 0
        for n in lines:
            head, point = self._cut_lines(point, n - done, size, width, at_sentence)
            pieces.append(head)
            done = n
        return [*pieces, point]

    def _cut_lines(
        self, point: Point, lines: int, size: float, width: float, at_sentence: bool = False
    ) -> tuple[Point, Point]:
        """The longest start of a point that takes at most `lines` lines, and the rest; with
        `at_sentence`, the start ends at the last sentence end of its last line, if that line
        has one. A cut inside the bold lead-in leaves the rest of it to start the next piece."""
        margin, _ = self.margin_left(point, size)
        inner, bold = width - margin, bool(point.label)
        whole = point.label + point.text
        head = longest_prefix(
            whole,
            lambda start: self.lines(start, size, bold, inner) <= lines,
            self.most_characters(size, inner, lines),
        )
        cut = len(head)
        if at_sentence and cut < len(whole):
            end = max((i for i in sentence_ends(whole) if len(point.label) < i < cut), default=0)
            if end and self.lines(whole[:end], size, bold, inner) == lines:
                cut = end
        if cut <= len(point.label):
            rest = replace(point, label=point.label[cut:].lstrip(), continued=True)
            return replace(point, label=whole[:cut], text=""), rest
        text_cut = cut - len(point.label)
        rest = replace(point, label="", text=point.text[text_cut:].lstrip(), continued=True)
        return replace(point, text=point.text[:text_cut]), rest

    def _split_point(self, point: Point, size: float, width: float, height: float) -> list[Point]:
        if self.fits([point], size, width, height):
            return [point]
        out = self._split_label(point, size, width, height)
        point = out.pop()
        sentences = sentence_pieces(point.text)
        current = replace(point, text="")
        for sentence in sentences:
            trial = replace(current, text=current.text + sentence)
            if current.text and not self.fits([trial], size, width, height):
                out.append(current)
                current = replace(point, text=sentence, label="", continued=True)
            else:
                current = trial
        out.append(current)
        result: list[Point] = []
        for piece in out:
            result += self._split_lines(piece, size, width, height)
        return result

    def _split_label(self, point: Point, size: float, width: float, height: float) -> list[Point]:
        """A bold lead-in too tall for a slide on its own (a 500-character column heading or
        exercise name) cut between lines like text, as much as fits each time; the last piece
        keeps the point's text. Ends by construction: every cut takes at least one character."""
        out: list[Point] = []

        def fits(label: str) -> bool:
            return self.fits([replace(point, label=label, text="")], size, width, height)

        window = self.most_characters(size, width, int(height / (self.theme.line_pitch * size)) + 1)
        while len(point.label) > 1 and not fits(point.label):
            head = longest_prefix(point.label, fits, window)
            out.append(replace(point, label=head, text=""))
            point = replace(point, label=point.label[len(head) :].lstrip(), continued=True)
        out.append(point)
        return out

    def _split_lines(self, point: Point, size: float, width: float, height: float) -> list[Point]:
        """A sentence too tall for a slide: cut between lines, as much as fits each time."""
        out: list[Point] = []
        window = self.most_characters(size, width, int(height / (self.theme.line_pitch * size)) + 1)
        while not self.fits([point], size, width, height) and len(point.text) > 1:
            fits = partial(self._fits_alone, point, size, width, height)
            head = ""  # a lead-in that leaves no room for a character of text goes alone
            if not point.label or fits(point.text[:1]):
                head = longest_prefix(point.text, fits, window)
            out.append(replace(point, text=head))
            point = replace(point, text=point.text[len(head) :].lstrip(), label="", continued=True)
        out.append(point)
        return out

    def _fits_alone(self, point: Point, size: float, width: float, height: float, text: str) -> bool:
        return self.fits([replace(point, text=text)], size, width, height)

    # --- titles -----------------------------------------------------------------------------

    def title(
        self,
        text: str,
        width: float,
        sizes: SizeRange,
        language: str,
        most_lines: int = 2,
        fewest: bool = True,
    ) -> tuple[list[str], float]:
        """Title lines (broken between phrases) and the size: with `fewest`, the fewest lines up
        to `most_lines`, at the largest size that gives them, else the largest size that keeps
        to `most_lines`; the floor with as many lines as it needs when none does. Fewest lines
        first for a slide's title: one beside a body map took two lines at 44 pt, broken where
        the phrase model missed a word (「上臀皮神 / 經卡壓」), where 38 pt held one. A cover's
        title stays large on its lines."""
        inner = width * self.theme.width_safety
        for count in range(1, most_lines + 1) if fewest else (most_lines,):
            for size in sizes.sizes():
                style = self.style(size, True)
                if not _may_fit(text, style, inner, count):
                    continue
                lines = break_title(text, style, inner, language, autospace=with_autospace)
                if len(lines) <= count:
                    return lines, size
        return break_title(
            text, self.style(sizes.floor, True), inner, language, autospace=with_autospace
        ), sizes.floor

    def title_head(
        self, text: str, width: float, sizes: SizeRange, language: str, most: int, ending: str
    ) -> str:
        """The longest start of a title that, with `ending` after it, takes at most `most` lines
        at the floor size; the whole title when it fits. A title longer than that goes on as body
        text, so the title never pushes the body off the slide."""
        style, inner = self.style(sizes.floor, True), width * self.theme.width_safety

        def fits(head: str) -> bool:
            return _may_fit(head, style, inner, most) and (
                len(break_title(head, style, inner, language, autospace=with_autospace)) <= most
            )

        if fits(text):
            return text
        longest = self.most_characters(sizes.floor, inner, most)
        head = longest_prefix(text, lambda head: fits(head + ending), longest)
        # back to where a phrase ends, as a title line breaks: 「完… / …整說明」 cut a word in two
        ends = accumulate(len(unit) for unit in title_units(text, style, language))
        phrase_end = max((end for end in ends if end <= len(head)), default=0)
        near = 0 < phrase_end < len(head) and phrase_end >= len(head) - PHRASE_BACK
        return text[:phrase_end] if near else head

    # --- tables -----------------------------------------------------------------------------

    def row_height(self, cells: Sequence[str], widths: Sequence[float], size: float, bold: bool) -> float:
        pad_x, pad_y = self.theme.cell_pad_x, self.theme.cell_pad_y
        lines = max(self.lines(c, size, bold, w - 2 * pad_x) for c, w in zip(cells, widths, strict=True))
        return lines * self.theme.line_pitch * size + 2 * pad_y

    def _widths(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], size: float, width: float
    ) -> list[float]:
        spaced = [[with_autospace(c) for c in row] for row in rows]
        natural = column_widths(
            [with_autospace(h) for h in header],
            spaced,
            self.style(size, True),
            self.style(size, False),
            width * self.theme.width_safety,
            2 * self.theme.cell_pad_x,
        )
        scale = width / sum(natural)
        return [w * scale for w in natural]

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        width: float,
        height: float,
        sizes: SizeRange,
    ) -> list[TablePage]:
        """One page at the largest size that fits; else pages at the floor with the header
        repeated, rows moved whole, and a row taller than a page cut between lines."""
        for size in sizes.sizes():
            widths = self._widths(header, rows, size, width)
            natural = [self.row_height(header, widths, size, True)] + [
                self.row_height(r, widths, size, False) for r in rows
            ]
            if sum(natural) <= height:
                return [
                    TablePage(
                        tuple(header), tuple(tuple(r) for r in rows), tuple(widths), tuple(natural), size
                    )
                ]
        size = sizes.floor
        widths = self._widths(header, rows, size, width)
        head = tuple(header)
        head_height = self.row_height(head, widths, size, True)
        pages: list[TablePage] = []
        if head_height > height / 2:
            # a header too tall to repeat: set it in full once (cut between lines like a row),
            # and repeat it on the following pages in one line per cell, shortened with '…'
            for piece in self._split_row(head, widths, size, height, bold=True):
                piece_height = self.row_height(piece, widths, size, True)
                pages.append(TablePage(piece, (), tuple(widths), (piece_height,), size))
            head = tuple(
                self._one_line(cell, size, w - 2 * self.theme.cell_pad_x)
                for cell, w in zip(head, widths, strict=True)
            )
            head_height = self.row_height(head, widths, size, True)
        room = height - head_height
        split_rows: list[tuple[str, ...]] = []
        for row in rows:
            split_rows += self._split_row(tuple(row), widths, size, room)
        heights = [self.row_height(row, widths, size, False) for row in split_rows]
        for start, end in _even_rows(heights, room):
            rows_here, heights_here = tuple(split_rows[start:end]), tuple(heights[start:end])
            pages.append(TablePage(head, rows_here, tuple(widths), (head_height, *heights_here), size))
        return pages

    def _fits_lines(self, size: float, width: float, most: int, bold: bool, text: str) -> bool:
        return self.lines(text, size, bold, width) <= most

    def _one_line(self, text: str, size: float, width: float) -> str:
        """The start of a cell that fits one bold line with '…' after it (the whole cell if it fits)."""
        if self.lines(text, size, True, width) <= 1:
            return text
        window = self.most_characters(size, width, 1)
        head = longest_prefix(text, lambda start: self.lines(start + "…", size, True, width) <= 1, window)
        return head + "…"

    def _split_row(
        self, row: tuple[str, ...], widths: Sequence[float], size: float, room: float, bold: bool = False
    ) -> list[tuple[str, ...]]:
        """A row cut between lines into rows no taller than `room` (at least one line each).
        Ends by construction: every cut takes at least one character of a non-empty cell."""
        rows: list[tuple[str, ...]] = []
        pad_x, pad_y = self.theme.cell_pad_x, self.theme.cell_pad_y
        most = max(1, int((room - 2 * pad_y) // (self.theme.line_pitch * size)))
        while any(row) and self.row_height(row, widths, size, bold) > room:
            head: list[str] = []
            tail: list[str] = []
            for cell, w in zip(row, widths, strict=True):
                window = self.most_characters(size, w - 2 * pad_x, most)
                fits = partial(self._fits_lines, size, w - 2 * pad_x, most, bold)
                first = longest_prefix(cell, fits, window)
                head.append(first)
                tail.append(cell[len(first) :].lstrip())
            rows.append(tuple(head))
            row = tuple(tail)
        rows.append(row)
        return rows


SPLIT_COST = 4.0  # a point cut between slides: worth it when it evens the slides out by two lines or more
KEEP_COST = 6.0  # a point and its first sub-point (a move and its alternative) on different slides


def even_cuts(
    size: int,
    count: int,
    longest: int,
    group: Callable[[int, int], float | None],
    cut: Callable[[int], float | None],
) -> list[int] | None:
    """Where to cut units 0..size into `count` groups of 1 to `longest` units: the `count - 1`
    cut positions with the least sum of `group(start, end)` over the groups and `cut(position)`
    over the cuts, where None means not allowed. None when no such cuts exist.

    Dynamic programming over (groups made, position): count × size × longest steps, so it
    ends by construction and stays cheap (a section spans a few slides of a few lines)."""
    inf = math.inf
    best = [[inf] * (size + 1) for _ in range(count + 1)]
    back = [[0] * (size + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for made in range(1, count + 1):
        last = made == count
        for end in range(made, size + 1) if not last else (size,):
            at_end = 0.0 if end == size else cut(end)
            if at_end is None or (end == size) != last:
                continue
            for start in range(max(made - 1, end - longest), end):
                before = best[made - 1][start]
                if before == inf:
                    continue
                value = group(start, end)
                if value is None:
                    continue
                total = before + value + at_end
                if total < best[made][end]:
                    best[made][end], back[made][end] = total, start
    if best[count][size] == inf:
        return None
    cuts = []
    end = size
    for made in range(count, 1, -1):
        end = back[made][end]
        cuts.append(end)
    return cuts[::-1]


def _even_rows(heights: Sequence[float], room: float) -> list[tuple[int, int]]:
    """Rows (start, end) per page: as few pages as rows filling each page in turn need, with
    the rows spread evenly over them (the least squared difference of the pages' heights from
    an even share, `even_cuts`), so no page holds a last row alone after a full one."""
    pages: list[tuple[int, int]] = []
    start, used = 0, 0.0
    for index, height in enumerate(heights):
        if index > start and used + height > room:
            pages.append((start, index))
            start, used = index, 0.0
        used += height
    pages.append((start, len(heights)))
    if len(pages) == 1:
        return pages
    total = [0.0]
    for height in heights:
        total.append(total[-1] + height)
    share = total[-1] / len(pages)
    longest, end = 1, 0
    for start in range(len(heights)):  # the most rows that fit one page, wherever they start
        end = max(end, start + 1)
        while end < len(heights) and total[end + 1] - total[start] <= room + 1e-6:
            end += 1
        longest = max(longest, end - start)

    def group(a: int, b: int) -> float | None:
        tall = total[b] - total[a]
        return None if tall > room + 1e-6 and b - a > 1 else ((tall - share) / room) ** 2

    cuts = even_cuts(len(heights), len(pages), longest, group, lambda _: 0.0)
    if cuts is None:
        return pages
    bounds = [0, *cuts, len(heights)]
    return list(pairwise(bounds))


def _may_fit(text: str, style: Style, measure: float, most: int) -> bool:
    """False when text cannot fit `most` lines of `measure` even with every line full: its
    characters (spaces aside, which a break may drop) are wider than that together. Measuring
    costs one pass over the text, so a title thousands of characters long is never broken
    into lines just to learn that it is too long."""
    return text_width(text.replace(" ", ""), style) <= most * measure


def longest_prefix(text: str, fits: Callable[[str], bool], most: int | None = None) -> str:
    """The longest start of text that fits (binary search), moved back to a place where a
    line may break: not inside a Latin word, not before a closing mark. At least one character.
    No start longer than `most` characters is tried (see Measurer.most_characters)."""
    if (most is None or len(text) <= most) and fits(text):
        return text
    low, high = 1, len(text) - 1 if most is None else min(len(text) - 1, most)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    cut = low
    while cut > 1 and (_inside_word(text, cut) or text[cut] in NO_LINE_START or text[cut - 1] in NO_LINE_END):
        cut -= 1
    return text[:cut] if cut > 1 or not _inside_word(text, 1) else text[:low]


def _inside_word(text: str, cut: int) -> bool:
    return is_word_char(text[cut - 1]) and is_word_char(text[cut])
