"""Build a booklet or a tri-fold: fit the highest-priority sections into the panels, then impose.

Kept apart from builder.build because it is a loop of its own: lay out, leave out the
section that cannot fit or has the lowest priority, lay out again; then try each section
left out once more in the room that is left, going on from panel to panel under its
heading marked 續.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus.doctemplate import LayoutError

from builder.build import FORMAT_PAPERS, Built, PrintOptions
from builder.compose.folded import (
    ALWAYS,
    PRIORITY,
    available_sections,
    compose_folded_back,
    compose_folded_body,
    more_exercises,
)
from builder.errors import BuildError
from builder.images import picture_fields
from builder.output import write_atomic
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.impose import BOOKLET, TRIFOLD, impose, panels_of
from builder.render.pdf.leaflet import Measured, block_heights, leaflet_pages
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
    breaks = spread_breaks(layout)
    available = available_sections(loaded)
    plans: list[tuple[list[str], PdfTheme, tuple[int, ...]]] = []
    for scale in (1.0, SMALLER_PICTURES):  # smaller pictures only where that lets more in
        trial = replace(theme, picture_scale=scale)
        measured = block_heights(compose_folded_body(loaded, available), fonts, trial)
        height = dict(zip(available, measured.heights, strict=True))
        too_tall = [name for name in available if height[name] > measured.frame]
        if ALWAYS & set(too_tall):
            raise BuildError(
                f"the red flags are too long for one {kind} panel, and must not run across a fold; "
                "shorten them or print the leaflet",
                loaded.source.locate(("red_flags",)),
            )
        candidates = [n for n in available if n not in too_tall]
        for spread in (breaks, ()):  # going on in the panel beside, or each section whole
            plans.append((choose_sections(candidates, height, measured, inside, spread), trial, spread))
        if len(plans[-2][0]) == len(available) or not picture_fields(loaded.spec):
            break
    # The packing is an estimate: the real layout has the last word. The plans with the most
    # sections are tried first; of equals, sections kept whole, then larger pictures.
    plans.sort(key=lambda plan: (-len(plan[0]), bool(plan[2]), plan[1].picture_scale != 1.0))
    fold = _Fold(loaded, fonts, inside)
    fitted = next((plan for plan in plans if fold.fits(*plan)), None)
    include, theme, spread = fitted or plans[-1]
    include = list(include)
    while fitted is None:  # ends: one section fewer each time round, or the error
        optional = [name for name in include if name not in ALWAYS]
        if not optional:
            raise _no_room(loaded, kind)
        include.remove(_least(optional))
        fitted = (include, theme, spread) if fold.fits(include, theme, spread) else None
    # then what is left out is tried again where it may go on in the next panels
    leading = height.get("red_flags", 0.0) <= measured.first  # the red flags start under the title
    room = (measured.first + (inside - 1) * measured.frame) * measured.columns
    include, run_on, theme = fold.run_on(available, include, theme, spread, leading, (height, room))
    left_out = [name for name in available if name not in include]
    # Room to spare (nothing left out): every exercise of each stage, not only its first, if
    # they all fit, rather than panels left blank. One layout more, only for such a fold.
    every = not left_out and "exercises" in include and more_exercises(loaded)
    every = every and fold.fits(include, theme, spread, run_on, every=True)
    body = compose_folded_body(loaded, include, spread, run_on=run_on, every_exercise=every)
    rendered = render_leaflet_pdf(body, fonts, theme)
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


class _Fold:
    """Tries a choice of sections in the real layout (the packing by heights is an estimate)."""

    def __init__(self, loaded: LoadedSpec, fonts: FontSet, inside: int) -> None:
        self.loaded, self.fonts, self.inside = loaded, fonts, inside

    def fits(
        self,
        include: Sequence[str],
        theme: PdfTheme,
        spread: tuple[int, ...],
        run_on: Collection[str] = (),
        every: bool = False,
    ) -> bool:
        """Whether these sections, in this order, fit the inside panels (`every`: every exercise)."""
        document = compose_folded_body(self.loaded, include, spread, run_on=run_on, every_exercise=every)
        try:
            return leaflet_pages(document, self.fonts, theme) <= self.inside
        except LayoutError:  # something in a section that can neither fit a panel nor split
            return False

    def run_on(
        self,
        available: list[str],
        include: list[str],
        theme: PdfTheme,
        spread: tuple[int, ...],
        flags_lead: bool = True,
        bound: tuple[dict[str, float], float] | None = None,
    ) -> tuple[list[str], frozenset[str], PdfTheme]:
        """Each section left out whole (most important first) tried again in the room that is
        left, going on from panel to panel under its heading marked 續: at the end, alone (the
        others stay whole), then with every section free to go on (no room lost at a panel's
        foot), then with smaller pictures too; where the red flags are too tall to start under
        the title, also in the room there. What was printed stays printed; a section that fits
        none of these is left out. The red flags never go on. At most six layouts for each
        section left out, none where the sections' heights (`bound`: at the smallest pictures
        measured) add up to more than all the panels' room."""
        run_on: frozenset[str] = frozenset()
        every = frozenset(available) - ALWAYS
        smaller = replace(theme, picture_scale=SMALLER_PICTURES)
        for name in [n for n in available if n not in include and n not in ALWAYS]:
            if bound is not None and sum(bound[0][n] for n in [*include, name]) > bound[1]:
                continue  # more than the panels hold, however it is laid out
            at = include.index("red_flags") if "red_flags" in include else 0
            orders = [[*include, name]] + ([] if flags_lead else [[*include[:at], name, *include[at:]]])
            tries = [(run_on | {name}, theme), (every, theme)]
            if theme.picture_scale == 1.0 and picture_fields(self.loaded.spec):
                tries.append((every, smaller))
            fitting = next(
                (
                    (order, flowing, trial)
                    for flowing, trial in tries
                    for order in orders
                    if self.fits(order, trial, spread, flowing)
                ),
                None,
            )
            if fitting is not None:
                include, run_on, theme = fitting
        return include, run_on, theme


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


SMALLER_PICTURES = 0.6  # of their size, when that lets a folded piece carry one more section


def panel_theme(panel: tuple[float, float], large_print: bool) -> PdfTheme:
    """The leaflet's type on a panel: narrow margins on a small panel (A5, a third of a sheet),
    the leaflet's own margins and two columns on an A4 page (a booklet folded from A3)."""
    theme = replace(theme_for("a4", large_print), page_size=panel)
    if panel[0] < 180 * mm:
        theme = replace(theme, margin_x=8 * mm, margin_top=9 * mm)
    return replace(theme, columns=1) if theme.frame_width < 160 * mm else theme


def _least(names: list[str]) -> str:
    """The least important of some sections."""
    return max(names, key=PRIORITY.index)


def spread_breaks(layout: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    """Pages (1-based, reading order) whose next page lies just right of them on the same side of
    the sheet: a section may go on there without running across a fold a reader turns."""
    return tuple(a + 1 for side in layout for a, b in itertools.pairwise(side) if b == a + 1)


SPLIT_SLACK = 32.0  # points a split section may need beyond its height (a line kept with the next)


def columns_needed(
    order: list[str], height: dict[str, float], measured: Measured, breaks: tuple[int, ...] = ()
) -> float:
    """How many columns the sections take, in this order, as reportlab fills them: a section that
    does not fit the rest of a column starts the next one, or — where that column lies beside
    this one (`breaks`) and the section is not the red flags — goes on in it."""

    def room(column: int) -> float:
        return measured.first if column <= measured.columns else measured.frame

    def beside(column: int) -> bool:
        page = (column - 1) // measured.columns + 1
        return column % measured.columns != 0 or page in breaks

    used, left, at_top = 1, measured.first, True
    for name in order:
        need = height[name] + (0.0 if at_top else measured.gap)
        at_top = False
        if need <= left:
            left -= need
            continue
        if name in ALWAYS or not beside(used) or left < 3 * measured.gap:
            used += 1
            left = room(used) - height[name]
            continue
        rest = need - left + SPLIT_SLACK
        while True:  # ends: rest shrinks by a whole column each time round, or the loop leaves
            used += 1
            if rest <= room(used):
                left = room(used) - rest
                break
            if not beside(used):
                return math.inf  # it would have to go on across a fold
            rest -= room(used)
    return used


def choose_sections(
    candidates: list[str],
    height: dict[str, float],
    measured: Measured,
    pages: int,
    breaks: tuple[int, ...] = (),
) -> list[str]:
    """The sections to print and their order: the red flags first, then each section in order
    of priority if it fits — at the end, or else moved forward into room an earlier, taller
    section left empty. A section that fits nowhere is left out, and the ones after it are
    still tried (a short one may fit where a long one did not); a section may go on in the
    panel beside it (`breaks`). At most n² packings."""
    room = pages * measured.columns
    order = [name for name in candidates if name in ALWAYS]
    for name in (n for n in candidates if n not in ALWAYS):
        # The red flags keep their place at the front, unless they are too tall to start under
        # the title anyway: then a shorter section may use the room there.
        flags = [n for n in order if n in ALWAYS]
        first = len(flags) if flags and height[flags[0]] <= measured.first else 0
        tries = [[*order, name]]
        tries += [[*order[:at], name, *order[at:]] for at in range(len(order) - 1, first - 1, -1)]
        fitting = next((t for t in tries if columns_needed(t, height, measured, breaks) <= room), None)
        if fitting is not None:
            order = fitting
    return order
