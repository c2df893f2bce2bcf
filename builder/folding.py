"""Build a booklet or a tri-fold: fit the highest-priority sections into the panels, then impose.

Kept apart from builder.build because it is a loop of its own: lay out, leave out the
section that cannot fit or has the lowest priority, lay out again.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm

from builder.build import Built, PrintOptions
from builder.compose.folded import (
    ALWAYS,
    PRIORITY,
    available_sections,
    compose_folded_back,
    compose_folded_body,
)
from builder.errors import BuildError
from builder.output import write_atomic
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.impose import BOOKLET, TRIFOLD, impose, panels_of
from builder.render.pdf.leaflet import block_heights
from builder.render.pdf.theme import PAPER_SIZES, theme_for
from builder.spec.loader import LoadedSpec
from builder.typeset import FontSet


def build_folded(loaded: LoadedSpec, fonts: FontSet, out: Path, options: PrintOptions, kind: str) -> Built:
    """Booklet or tri-fold: the highest-priority sections that fit the inside panels whole."""
    layout = BOOKLET if kind == "booklet" else TRIFOLD
    across = len(layout[0])
    sheet_width, sheet_height = sorted(
        PAPER_SIZES["letter" if options.paper == "letter" else "a4"], reverse=True
    )
    panel = (sheet_width / across, sheet_height)
    theme = replace(
        theme_for("a4", options.large_print),
        page_size=panel,
        columns=1,
        margin_x=8 * mm,
        margin_top=9 * mm,
    )
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
            raise _no_room(loaded, kind)
        include.remove(optional[-1])
        left_out.append(optional[-1])
    back = render_leaflet_pdf(compose_folded_back(loaded), fonts, theme)
    pages = panels_of(rendered.data)
    panels: list[Any] = pages + [None] * (inside - len(pages)) + panels_of(back.data)[:1]
    write_atomic(out, impose(panels, layout, panel))
    built = Built(kind, out, len(layout))
    if left_out:
        built.notes.append(
            f"the {kind} leaves out {', '.join(sorted(left_out, key=PRIORITY.index))} "
            "(no room; they are in the full leaflet)"
        )
    return built


def _no_room(loaded: LoadedSpec, kind: str) -> BuildError:
    """What to shorten when the heading and red flags alone overflow: the longest of the
    heading's texts, at its line (a long subtitle was reported as "the title and red flags")."""
    spec = loaded.spec
    texts = {"title": spec.title, "subtitle": spec.subtitle, "main_message": spec.main_message}
    field, text = max(((f, t) for f, t in texts.items() if t), key=lambda pair: len(pair[1]))
    if len(text) < 200 and spec.red_flags is not None:
        return BuildError(
            f"the red flags need more than the inside of one {kind}; shorten them or print the leaflet",
            loaded.source.locate(("red_flags",)),
        )
    with_flags = " and the red flags" if spec.red_flags is not None else ""
    return BuildError(
        f"the {field} ({len(text):,} characters){with_flags} need more than the inside of one "
        f"{kind}; shorten the {field}, or print the leaflet",
        loaded.source.locate((field,), value=True),
    )
