"""Build a booklet or a tri-fold: fit the highest-priority sections into the panels, then impose.

Kept apart from builder.build because it is a loop of its own: lay out, leave out the
section that cannot fit or has the lowest priority, lay out again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm

from builder.build import FORMAT_PAPERS, Built, PrintOptions
from builder.compose.folded import (
    ALWAYS,
    PRIORITY,
    available_sections,
    compose_folded_back,
    compose_folded_body,
)
from builder.errors import BuildError, Location
from builder.output import write_atomic
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.impose import BOOKLET, TRIFOLD, impose, panels_of
from builder.render.pdf.leaflet import block_heights
from builder.render.pdf.theme import PAPER_SIZES, PdfTheme, theme_for
from builder.spec.loader import LoadedSpec
from builder.typeset import FontSet


def build_folded(loaded: LoadedSpec, fonts: FontSet, out: Path, options: PrintOptions, kind: str) -> Built:
    """Booklet or tri-fold: the highest-priority sections that fit the inside panels whole."""
    if options.paper not in FORMAT_PAPERS[kind]:  # the CLI refuses this before building
        raise ValueError(f"a {kind} cannot be printed on {options.paper}")
    layout = BOOKLET if kind == "booklet" else TRIFOLD
    across = len(layout[0])
    sheet_width, sheet_height = sorted(PAPER_SIZES[options.paper], reverse=True)
    panel = (sheet_width / across, sheet_height)
    theme = panel_theme(panel, options.large_print)
    inside = 2 * across - 1  # every panel but the back one
    include = available_sections(loaded)
    left_out: list[str] = []
    while True:
        body = compose_folded_body(loaded, include)
        heights, frame = block_heights(body, fonts, theme)
        too_tall = [name for name, h in zip(include, heights, strict=True) if h > frame]
        if too_tall:
            if ALWAYS & set(too_tall):
                raise BuildError(
                    f"the red flags are too long for one {kind} panel, and must not run across a fold; "
                    "shorten them or print the leaflet",
                    loaded.source.locate(("red_flags",)),
                )
            include = [name for name in include if name not in too_tall]
            left_out += too_tall
            continue
        rendered = render_leaflet_pdf(body, fonts, theme)
        if rendered.pages <= inside:
            break
        optional = [name for name in include if name not in ALWAYS]
        if not optional:
            raise BuildError(
                f"the title and red flags alone need more than one {kind}", Location(loaded.path)
            )
        include.remove(optional[-1])
        left_out.append(optional[-1])
    back = render_leaflet_pdf(compose_folded_back(loaded), fonts, theme)
    pages = panels_of(rendered.data)
    panels: list[Any] = pages + [None] * (inside - len(pages)) + panels_of(back.data)[:1]
    write_atomic(out, impose(panels, layout, panel, options.bleed_mm * mm))
    built = Built(kind, out, len(layout))
    if left_out:
        built.notes.append(
            f"the {kind} leaves out {', '.join(sorted(left_out, key=PRIORITY.index))} "
            "(no room; they are in the full leaflet)"
        )
    return built


def panel_theme(panel: tuple[float, float], large_print: bool) -> PdfTheme:
    """The leaflet's type on a panel: narrow margins on a small panel (A5, a third of a sheet),
    the leaflet's own margins and two columns on an A4 page (a booklet folded from A3)."""
    theme = replace(theme_for("a4", large_print), page_size=panel)
    if panel[0] < 180 * mm:
        theme = replace(theme, margin_x=8 * mm, margin_top=9 * mm)
    return replace(theme, columns=1) if theme.frame_width < 160 * mm else theme
