"""Where a title may break: between phrases (BudouX), never inside a word like 坐骨神經.

PowerPoint and LibreOffice break Chinese anywhere; a two-line slide title cut as
「坐骨神 / 經痛」 reads badly. Titles get explicit breaks at phrase boundaries, with
breaks after punctuation (、：，？) preferred, and lines kept about even.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from builder.typeset.chars import NO_LINE_START
from builder.typeset.linebreak import Span, Style, break_lines, text_width

if TYPE_CHECKING:
    from budoux import Parser

_PAUSES = "，、：；？！。）」』"


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


def break_title(
    text: str, style: Style, measure: float, language: str, autospace: Callable[[str], str] = str
) -> list[str]:
    """The fewest lines no wider than `measure`, broken between phrases where possible.
    `autospace` turns a line into the text to measure (e.g. with LibreOffice's CJK–Latin gaps)."""

    def width(line: str) -> float:
        return text_width(autospace(line), style)

    if width(text) <= measure:
        return [text]
    units = phrases(text, language)
    if any(width(unit) > measure for unit in units):
        return [line.text for line in break_lines([Span(text, style)], measure * 0.95)]
    best = _greedy(units, width, measure)
    if len(best) == 2:  # choose the best of all two-line splits: a pause, then evenness
        splits = []
        for cut in range(1, len(units)):
            first, second = "".join(units[:cut]), "".join(units[cut:])
            widths = (width(first.rstrip()), width(second.strip()))
            if max(widths) <= measure:
                pause = first.rstrip()[-1] in _PAUSES
                splits.append((not pause, abs(widths[0] - widths[1]), [first.rstrip(), second.strip()]))
        if splits:
            best = min(splits, key=lambda s: (s[0], s[1]))[2]
    return best


def _greedy(units: list[str], width: Callable[[str], float], measure: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for unit in units:
        if current and width((current + unit).strip()) > measure:
            lines.append(current.strip())
            current = unit
        else:
            current += unit
    if current.strip():
        lines.append(current.strip())
    return lines
