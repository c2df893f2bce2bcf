"""Where a title or heading may break: between phrases (BudouX), never inside a word.

PowerPoint, LibreOffice and the body-text breaker may break Chinese between any two
characters; a title cut as 「坐骨神 / 經痛」 or 「抬不 / 起來」 reads badly. Titles and headings
in every format break only where a phrase ends *and* body text may break (clreq: never
after 「（, never before 」），; Latin words and units whole), preferring a break after
、：，？, and a two-line title is balanced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from builder.typeset.chars import NO_LINE_START
from builder.typeset.linebreak import Line, Span, Style, break_lines, break_offsets, text_width

if TYPE_CHECKING:
    from budoux import Parser

_PAUSES = "，、：；？！。）」』"

# Longer than this, a title is broken by filling each line in turn instead of searching all
# break places for the best (work linear in its length; the search is quadratic in the units
# of a line and ran for minutes on a 3,000-character stage name). Both give the fewest lines
# (filling a line while the next unit fits is optimal for the count); only the choice among
# equally few lines differs, and a title this long is never a two-line title to balance.
SEARCH_CHARACTERS = 240


@cache
def _parser(language: str) -> Parser:
    import budoux

    if language.startswith("zh-Hans"):
        return budoux.load_default_simplified_chinese_parser()
    return budoux.load_default_traditional_chinese_parser()


def phrases(text: str, language: str) -> list[str]:
    """Text cut into phrases; a piece that starts with a closing mark joins the one before."""
    pieces: list[str] = []
    for piece in _parser(language).parse(text):
        if pieces and (piece[0] in NO_LINE_START or piece[0] == " "):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def title_units(text: str, style: Style, language: str) -> list[str]:
    """Text cut where a phrase ends (or a space, between Latin words) and a line may break by
    the body-text rules."""
    return _cut(text, _phrase_ends(text, language) & break_offsets(text, style))


@lru_cache(maxsize=512)
def _phrase_ends(text: str, language: str) -> frozenset[int]:
    """Where phrases (BudouX) and Latin words end; remembered, as a deck measures one title at
    each of its sizes and the parser is the slow part of a long one."""
    ends = {i for i in range(1, len(text)) if text[i - 1] == " "}
    position = 0
    for piece in _parser(language).parse(text):
        position += len(piece)
        ends.add(position)
    return frozenset(ends)


def _cut(text: str, offsets: Set[int]) -> list[str]:
    cuts = sorted(offsets)
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True) if text[a:b]]


def break_title(
    text: str, style: Style, measure: float, language: str, autospace: Callable[[str], str] = str
) -> list[str]:
    """The fewest lines no wider than `measure`, broken between phrases where possible; a
    bracketed aside that fits a line stays whole, a phrase too wide for one is broken as body text.
    `autospace` turns a line into the text to measure (e.g. with LibreOffice's CJK–Latin gaps)."""
    return list(_break_title(text, style, measure, language, autospace))


@lru_cache(maxsize=4096)
def _break_title(
    text: str, style: Style, measure: float, language: str, autospace: Callable[[str], str]
) -> tuple[str, ...]:
    """break_title, remembered: a leaflet's headings are laid out in every layout pass and the
    render, a deck tries each title at every size, and watch mode does it all again on each save."""

    def width(line: str) -> float:
        return text_width(autospace(line), style)

    if width(text) <= measure:
        return (text,)
    units: list[str] = []
    for unit in _keep_asides(title_units(text, style, language), width, measure):
        units += _cut(unit, break_offsets(unit, style)) if width(unit.strip()) > measure else [unit]
    for index in reversed(range(len(units))):
        unit = units[index]
        if width(unit.strip()) > measure:  # a word wider than the line: cut with a hyphen
            # cut narrower by what `autospace` adds to the whole, which its pieces add at most
            extra = width(unit.strip()) - text_width(unit.strip(), style)
            pieces = [line.text for line in break_lines([Span(unit.strip(), style)], measure - extra)]
            units[index : index + 1] = [*pieces[:-1], pieces[-1] + " " * unit.endswith(" ")]
    if len(text) > SEARCH_CHARACTERS:
        return tuple(_filled_lines(units, width, measure))
    best = _fewest_lines(units, width, measure)
    if len(best) == 2:  # choose the best of all two-line splits: a pause, then evenness
        splits = []
        for cut in range(1, len(units)):
            first, second = "".join(units[:cut]), "".join(units[cut:])
            widths = (width(first.rstrip()), width(second.strip()))
            if first.strip() and second.strip() and max(widths) <= measure:
                pause = first.rstrip()[-1] in _PAUSES
                splits.append((not pause, abs(widths[0] - widths[1]), [first.rstrip(), second.strip()]))
        if splits:
            best = min(splits, key=lambda s: (s[0], s[1]))[2]
    return tuple(best)


def _fewest_lines(units: list[str], width: Callable[[str], float], measure: float) -> list[str]:
    """The fewest lines; among those, breaks after a pause (、：，？) first, then full lines
    (least squared slack but for the last line), so no phrase is left alone on a middle line."""
    count = len(units)
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)] + [(count + 1, 0.0, 0)] * count
    for end in range(1, count + 1):
        for start in reversed(range(end)):  # longer lines as start goes back: stop when too wide
            line = "".join(units[start:end]).strip()
            if line and width(line) > measure and start < end - 1:
                break  # (a unit wider than the line on its own is a line: there is always a way)
            if not line or best[start][0] > count:
                continue
            if end == count:
                slack = 0.0
            else:
                slack = (measure - width(line)) ** 2 + (0.0 if line[-1] in _PAUSES else measure**2)
            cost = (best[start][0] + 1, best[start][1] + slack, start)
            if cost[:2] <= best[end][:2]:  # on a tie the earliest start wins, as before
                best[end] = cost
    lines: list[str] = []
    end = count
    while end > 0:
        start = best[end][2]
        lines.insert(0, "".join(units[start:end]).strip())
        end = start
    return [line for line in lines if line]


def _filled_lines(units: list[str], width: Callable[[str], float], measure: float) -> list[str]:
    """Each line filled with units while the next one fits: the fewest lines, in work linear in
    the text's length (every unit fits a line on its own, and a line is measured once per unit)."""
    lines: list[str] = []
    current = ""
    for unit in units:
        trial = current + unit
        if current.strip() and width(trial.strip()) > measure:
            lines.append(current.strip())
            current = unit
        else:
            current = trial
    if current.strip():
        lines.append(current.strip())
    return lines


def _keep_asides(units: list[str], width: Callable[[str], float], measure: float) -> list[str]:
    """Units from an opening 「（」 to its closing 「）」 joined into one where that fits a line:
    「（麻的時候先停下來休息）」 is not cut after 「（麻」."""
    out: list[str] = []
    start: int | None = None
    depth = 0
    for unit in units:
        out.append(unit)
        opened, closed = unit.count("（") + unit.count("("), unit.count("）") + unit.count(")")
        if depth == 0 and opened > closed:
            start = len(out) - 1
        depth = max(depth + opened - closed, 0)
        if depth == 0 and start is not None:
            joined = "".join(out[start:])
            if width(joined.strip()) <= measure:
                out[start:] = [joined]
            start = None
    return out


def heading_lines(spans: Sequence[Span], measure: float, language: str) -> list[Line]:
    """A printed heading's lines: broken between phrases, two lines balanced (see break_title)."""
    return list(_heading_lines(tuple(spans), measure, language))


@lru_cache(maxsize=4096)
def _heading_lines(spans: tuple[Span, ...], measure: float, language: str) -> tuple[Line, ...]:
    """heading_lines, remembered: a leaflet lays its headings out in each layout pass and in the
    render, and watch mode again on every save (lines are never changed once made)."""
    styles = {span.style for span in spans}
    if len(styles) != 1:
        return tuple(break_lines(spans, measure))
    style = styles.pop()
    texts = break_title("".join(span.text for span in spans), style, measure, language)
    lines = [break_lines([Span(text, style)], float("inf"))[0] for text in texts if text]
    return tuple(
        Line(line.atoms, line.width, last=index == len(lines) - 1) for index, line in enumerate(lines)
    )
