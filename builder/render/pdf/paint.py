"""Paint lines from the typesetting core onto a reportlab canvas: the one place PDF text is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from builder.render.pdf.fonts import pdf_font_name
from builder.typeset import Line, Run


class LayoutCanvas(Canvas):  # type: ignore[misc]
    """A canvas for laying a document out only, to count its pages: painting text and images
    (the costly part of drawing) is skipped, and saving writes nothing."""

    def drawImage(self, *args: object, **kwargs: object) -> tuple[float, float]:  # noqa: N802
        return 0.0, 0.0

    def save(self) -> None:
        pass


@lru_cache(maxsize=8192)
def _runs(line: Line, measure: float, justify: bool) -> list[Run]:
    """A line's positioned runs, remembered with the line itself (line breaks are remembered per
    paragraph and width, so a watch rebuild of unchanged text reuses both)."""
    return line.runs(measure, justify)


@lru_cache(maxsize=256)
def _colour(hex_colour: str) -> Color:
    """A reportlab colour from #RRGGBB, or #RRGGBBAA for a see-through one (the draft mark over
    the text it must not hide); made once per colour, not once per run of text."""
    return HexColor(hex_colour, hasAlpha=len(hex_colour) == 9)


def baseline_offset(leading: float, size: float, ascent: float) -> float:
    """Distance from the top of a line box to its baseline, centring the type in the box.
    `ascent` is in points, from the font's own metrics (0.88 em for Noto Sans CJK)."""
    return (leading - size) / 2 + ascent


def paint_lines(
    canv: Canvas,
    lines: Sequence[Line],
    x: float,
    top: float,
    leading: float,
    measure: float,
    justify: bool,
) -> None:
    """Draw lines whose first line box starts at `top`, each run at the x the breaker gave it."""
    if not lines or isinstance(canv, LayoutCanvas):
        return
    offset = baseline_offset(leading, max(line.size for line in lines), max(line.ascent for line in lines))
    text = canv.beginText()
    for index, line in enumerate(lines):
        baseline = top - index * leading - offset
        for run in _runs(line, measure, justify):
            text.setTextOrigin(x + run.x, baseline)
            text.setFont(pdf_font_name(run.face), run.style.size)
            text.setFillColor(_colour(run.style.color))
            text.setCharSpace(run.char_space)
            text.textOut(run.text)
    canv.drawText(text)
