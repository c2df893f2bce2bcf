"""Table column widths from measured content, shared by the PDF and deck renderers."""

from __future__ import annotations

from collections.abc import Sequence

from builder.typeset.linebreak import Style, text_width


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], head: Style, body: Style, total: float, pad: float
) -> list[float]:
    """Columns as wide as their content wants, shrunk fairly when the space is narrower.

    `pad` is a cell's left plus right inner margin. No column gets less than about four
    characters (or an equal share, if that is smaller), so no cell is starved to one glyph a line.
    """
    columns = len(header)
    natural = []
    for index in range(columns):
        cells = [text_width(header[index], head)] + [text_width(row[index], body) for row in rows]
        natural.append(max(cells) + pad + 1)
    floor = min(total / columns, 4 * body.size + pad)
    if sum(natural) <= total:
        scale = total / sum(natural)
        return [w * scale for w in natural]
    widths = [min(w, floor) for w in natural]
    spare = total - sum(widths)
    wants = [w - f for w, f in zip(natural, widths, strict=True)]
    return [f + spare * want / sum(wants) for f, want in zip(widths, wants, strict=True)]
