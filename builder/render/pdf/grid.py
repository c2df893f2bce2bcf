"""The exercise sheet's tick grid: a row per exercise, a box per day, weeks labelled.

Every number in it is set at body size (12 pt, 16 pt in large print), so where the
boxes of four weeks would be too narrow for those numbers (A5, large print) the weeks
are set in bands of fewer weeks, one under the other. A row grows with its exercise's
name; a name longer than a few lines is shortened with 「…」 (the card above has it whole),
so no name crosses a row's lines or runs off the page.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Table, TableStyle

from builder.compose.document import TrackingGrid
from builder.render.pdf.flowables import Stack, TextBlock
from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.theme import PdfTheme
from builder.typeset import FontSet, Span, Style, shortened, text_width

NAME_LINES = 3  # at most this many lines of a name in the grid
NAME_SHARE = 0.32  # of the frame's width, at most, for the names
PAD_LEFT, PAD_RIGHT, PAD_Y = 3.0, 1.0, 2.0


def tracking_grid(block: TrackingGrid, fonts: FontSet, theme: PdfTheme) -> Flowable:
    """The grid as one table, or as a stack of tables of a few weeks each where four weeks'
    boxes would be narrower than their day numbers."""
    t = theme
    bold = Style(fonts.bold, t.body.size, t.body.color)
    body = Style(fonts.regular, t.body.size, t.body.color)
    widest = max(text_width(name, body) for name in (*block.rows, block.corner)) + PAD_LEFT + PAD_RIGHT + 6
    first = min(widest, t.frame_width * NAME_SHARE)
    # A box holds a day number (one digit) with room to tick around it, and a week's label fits 7 boxes.
    label = max(text_width(block.week_label.format(n=w), bold) for w in range(1, block.weeks + 1))
    box = max(text_width("7", body) + PAD_LEFT + PAD_RIGHT + 1, (label + PAD_LEFT + PAD_RIGHT) / 7)
    per_band = max(1, min(block.weeks, int((t.frame_width - first) // (7 * box))))
    bands = math.ceil(block.weeks / per_band)
    per_band = math.ceil(block.weeks / bands)  # balanced: 2 + 2 rather than 3 + 1
    names = [shortened(name, body, first - PAD_LEFT - PAD_RIGHT, NAME_LINES) for name in block.rows]
    box = (t.frame_width - first) / (7 * per_band)  # a last, shorter band keeps the same boxes
    tables = [
        _band(block, names, range(start + 1, min(start + per_band, block.weeks) + 1), (first, box), fonts, t)
        for start in range(0, block.weeks, per_band)
    ]
    return tables[0] if len(tables) == 1 else Stack(tables, gap=t.block_gap * 2)


def _band(
    block: TrackingGrid,
    names: list[str],
    weeks: range,
    widths: tuple[float, float],
    fonts: FontSet,
    theme: PdfTheme,
) -> Table:
    """Some weeks of the grid: the corner and week labels, the day numbers, a row per name."""
    t = theme
    first, box = widths
    days = 7 * len(weeks)
    bold = Style(fonts.bold, t.body.size, t.body.color)
    body = Style(fonts.regular, t.body.size, t.body.color)
    head: list[Flowable | str] = [TextBlock([Span(block.corner, bold)], t.body.leading, justify=False)]
    for week in weeks:
        label = TextBlock([Span(block.week_label.format(n=week), bold)], t.body.leading, justify=False)
        head += [label] + [""] * 6
    numbers: list[Flowable | str] = ["", *(str(d % 7 or 7) for d in range(1, days + 1))]
    rows: list[list[Flowable | str]] = [head, numbers]
    heights: list[float | None] = [None, None]
    for name in names:
        cell = TextBlock([Span(name, body)], t.body.leading, justify=False)
        lines = len(cell.lines_for(first - PAD_LEFT - PAD_RIGHT))
        rows.append([cell] + [""] * days)
        heights.append(max(24.0, t.body.leading + 6, lines * t.body.leading + 2 * PAD_Y + 2))
    table = Table(rows, colWidths=[first] + [box] * days, rowHeights=heights, repeatRows=2, hAlign="LEFT")
    spans = [("SPAN", (1 + 7 * w, 0), (7 + 7 * w, 0)) for w in range(len(weeks))]
    week_lines = [("LINEAFTER", (7 * w, 0), (7 * w, -1), 1.6, HexColor("#000000")) for w in range(len(weeks))]
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf_font_name(fonts.regular.face_for("7"))),
                ("FONTSIZE", (0, 0), (-1, -1), t.body.size),  # the day numbers: body size, not 9 pt
                ("LEADING", (0, 0), (-1, -1), t.body.leading),
                ("GRID", (0, 0), (-1, -1), 0.6, HexColor(t.note_stroke)),
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor("#000000")),
                ("BACKGROUND", (0, 0), (-1, 1), HexColor(t.key_fill)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD_LEFT),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD_RIGHT),
                ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
                ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
                *spans,
                *week_lines,
            ]
        )
    )
    return table
