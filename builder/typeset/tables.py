"""Table column widths from measured content, shared by the PDF and deck renderers."""

from __future__ import annotations

from collections.abc import Sequence

from builder.typeset.linebreak import Style, min_content_width, text_width


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], head: Style, body: Style, total: float, pad: float
) -> list[float]:
    """Columns as wide as their content wants, shrunk fairly when the space is narrower.

    `pad` is a cell's left plus right inner margin. A column is never narrower than its longest
    unbreakable piece (五十肩（adhesive, a number with its unit), so words are not cut; other
    columns give way, down to about four characters, then two, then to their longest piece. Only when
    even the longest pieces cannot all fit do the widest columns get less than their pieces (the
    breaker then hyphenates them), and the other columns keep about four characters: a header
    like 需要避免的做法 set one character a line would help no one, and the long piece is cut anyway.
    """
    columns = range(len(header))
    natural = [
        max([text_width(header[i], head)] + [text_width(row[i], body) for row in rows]) + pad + 0.5
        for i in columns
    ]
    if sum(natural) <= total:
        scale = total / sum(natural)
        return [w * scale for w in natural]
    words = [
        max([min_content_width(header[i], head)] + [min_content_width(row[i], body) for row in rows])
        + pad
        + 0.5
        for i in columns
    ]
    floors = [min(total / len(header), chars * body.size + pad) for chars in (4, 2)]
    tries = [[max(w, min(n, floor)) for w, n in zip(words, natural, strict=True)] for floor in floors]
    for least in [*tries, words]:
        if sum(least) <= total:
            spare = total - sum(least)
            wants = [n - w for n, w in zip(natural, least, strict=True)]
            return [w + spare * want / sum(wants) for w, want in zip(least, wants, strict=True)]
    return _level(tries[0], total)


def _level(least: list[float], total: float) -> list[float]:
    """Widths summing to total: each column its own least width up to a common level."""
    remaining, count = total, len(least)
    for width in sorted(least):
        level = remaining / count
        if width > level:
            return [min(w, level) for w in least]
        remaining -= width
        count -= 1
    return least
