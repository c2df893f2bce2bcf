"""Keep the A4 leaflet on one sheet with as many of its pictures and body maps as fit.

Kept apart from builder.build because it is a search of its own. Every setting tried comes
from a fixed, finite list (so the search ends by construction) and is judged by a layout
pass that paints nothing (builder.render.pdf.leaflet.leaflet_extent); the leaflet is then
rendered once. In order:

1. everything at full size;
2. pictures 30 mm wide with their captions beside them (where that is shorter);
3. moves to avoid and sleep positions as a grid of picture cards;
4. things left out one at a time, body maps before pictures and pictures section by section,
   until the leaflet fits; then each of them, but the last, put back where it still fits.

The setting chosen is remembered in the cache folder, keyed by everything the layout depends
on (see `decision_key`): a batch, a watch session or the next run lays an unchanged leaflet out
once with it instead of up to 2n + 2 times. A remembered setting is used only when that one
layout (the render's, see `fit_leaflet`) gives the page count it gave when it was chosen;
otherwise the search runs again, so a damaged or stale entry costs time, never a different
leaflet.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import reportlab

from builder.collector import collector_paused
from builder.compose.brand import brand_of
from builder.compose.document import Document
from builder.compose.leaflet import PICTURE_SECTIONS, Fit, compose_leaflet
from builder.figures.library import is_library_picture
from builder.images import picture_fields
from builder.maps import map_fields
from builder.render.pdf.leaflet import Extent, leaflet_extent
from builder.render.pdf.theme import PdfTheme
from builder.spec.loader import LoadedSpec, plain, resolve_reference
from builder.spec.model import InlinePose
from builder.spec.yamlsource import FieldPath
from builder.typeset import FontSet
from builder.typeset.cache import EntryKey, keep, recall_marshal

# pictures a patient can most easily do without go first: a sleep position is easy to say in
# words, a move to avoid less so, and an exercise the therapist shows has only its picture
DROP_SECTIONS = ("sleep_positions", "ng_moves", "exercises")
assert set(DROP_SECTIONS) == set(PICTURE_SECTIONS)
ONE_SHEET = "to keep it on one sheet"
Unit = tuple[str, FieldPath]  # ("map", where the map is written) or ("pictures", section name)


@dataclass(frozen=True)
class Fitted:
    """The leaflet chosen, how it was set, and what to tell the user about it."""

    document: Document
    fit: Fit
    pages: int
    notes: list[str]
    unchecked: bool = False  # remembered, not laid out: the caller's render must give `pages`


def fit_leaflet(
    loaded: LoadedSpec, fonts: FontSet, theme: PdfTheme, sheet_pages: int, check: bool = True
) -> Fitted:
    """The leaflet with the most pictures and maps that still fits `sheet_pages` pages: the
    setting remembered for exactly this leaflet, or found by the search (and then remembered).

    A remembered setting is used only when its layout gives the page count it gave when it was
    chosen. `check=False` leaves that to the caller, which lays the leaflet out anyway to render
    it (one layout pass fewer): when the render's pages differ from a Fitted marked `unchecked`,
    the caller asks again with `check=True`."""
    entry = f"fit-{_FORMAT}-{decision_key(loaded, fonts, theme, sheet_pages)}.marshal"
    remembered = _recall(entry)
    if remembered is not None:
        fit, pages = remembered
        document = compose_leaflet(loaded, fit=fit)
        if not check:
            return Fitted(document, fit, pages, notes(loaded, fit), unchecked=True)
        if leaflet_extent(document, fonts, theme).pages == pages:  # as when it was chosen
            return Fitted(document, fit, pages, notes(loaded, fit))
    with collector_paused():
        fitted = search_fit(loaded, fonts, theme, sheet_pages)
    keep(entry, _dump(fitted))
    return fitted


def search_fit(loaded: LoadedSpec, fonts: FontSet, theme: PdfTheme, sheet_pages: int) -> Fitted:
    """The search itself: settings tried in the module's order, each judged by a layout pass."""

    measured: dict[Fit, tuple[Document, Extent]] = {}

    def measure(fit: Fit) -> tuple[Document, Extent]:
        if fit not in measured:  # each setting is laid out once
            document = compose_leaflet(loaded, fit=fit)
            measured[fit] = document, leaflet_extent(document, fonts, theme)
        return measured[fit]

    full = Fit()
    document, extent = measure(full)
    pictured = _picture_sections(loaded)
    mapped = [where for _, where, _ in map_fields(loaded.spec)]
    if extent.pages <= sheet_pages or not (pictured or mapped):
        return Fitted(document, full, extent.pages, [])
    tried: list[tuple[Fit, Document, Extent]] = [(full, document, extent)]
    for fit in _layouts(pictured):
        document, extent = measure(fit)
        if extent.pages <= sheet_pages:
            return Fitted(document, fit, extent.pages, notes(loaded, fit))
        tried.append((fit, document, extent))
    # what is left out is taken from the setting that came closest to fitting
    base = min(tried, key=lambda t: t[2].columns)[0]
    units: list[Unit] = [("map", where) for where in _map_order(mapped)]
    units += [("pictures", (name,)) for name in DROP_SECTIONS if name in pictured]
    found = _leave_out(base, units, lambda fit: measure(fit)[1].pages <= sheet_pages)
    if found is None:  # even without them it runs on: every picture and map at full size
        return Fitted(tried[0][1], full, tried[0][2].pages, [])
    document, extent = measure(found)
    return Fitted(document, found, extent.pages, notes(loaded, found))


_FORMAT = 1  # of a remembered decision: a new layout of the entry changes its name


def decision_key(loaded: LoadedSpec, fonts: FontSet, theme: PdfTheme, sheet_pages: int) -> str:
    """A digest of everything the fit's decision depends on: the spec's and clinic profile's
    content, the bytes of its own picture files and logo, the fonts (each face's name carries a
    digest of its file's path, size and time), the page setting, and the code (leafdeck's own
    and reportlab's version). Anything else changed gives another key."""
    key = EntryKey(reportlab.Version, sheet_pages, repr(theme))  # _FORMAT is in the entry's name
    add = key.add
    # every field's value, read without pydantic's serializer (see builder.spec.remembered)
    add(repr(plain(loaded.spec)), repr(plain(loaded.clinic)) if loaded.clinic else b"")
    add(*[(str(face.path), face.name) for stack in (fonts.regular, fonts.bold) for face in stack.faces])
    files = [
        resolve_reference(value, loaded.source, where)
        for value, where in picture_fields(loaded.spec)
        if not isinstance(value, InlinePose) and not is_library_picture(value)
    ]
    brand = brand_of(loaded)
    for path in [*files, *([brand.logo] if brand.logo else [])]:
        try:
            add(hashlib.sha256(path.read_bytes()).digest())
        except OSError:  # gone since it was checked: the render says so, with its line
            add(b"unreadable")
    return key.hexdigest()


def _dump(fitted: Fitted) -> bytes:
    fit = fitted.fit
    maps = sorted(fit.no_maps, key=repr)
    return marshal.dumps((_FORMAT, fit.pictures, fit.cards, sorted(fit.no_pictures), maps, fitted.pages))


def _recall(entry: str) -> tuple[Fit, int] | None:
    """The setting and page count remembered under `entry`; None when there is none or it is not
    one this code wrote (damaged or cut short: see `recall`; or of another format)."""
    kept = recall_marshal(entry)
    if not (isinstance(kept, tuple) and len(kept) == 6 and kept[0] == _FORMAT):
        return None
    _, pictures, cards, sections, maps, pages = kept
    if (
        pictures not in ("full", "compact", "none")
        or not isinstance(cards, bool)
        or not isinstance(pages, int)
        or not (isinstance(sections, list) and set(sections) <= set(PICTURE_SECTIONS))
        or not (isinstance(maps, list) and all(_is_field_path(where) for where in maps))
    ):
        return None
    return Fit(pictures, cards, frozenset(sections), frozenset(maps)), pages


def _is_field_path(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(part, str | int) for part in value)


def _layouts(pictured: Sequence[str]) -> list[Fit]:
    """Steps 2 and 3: the same content set more compactly (pictures in these sections)."""
    layouts = [Fit("compact")] if pictured else []
    if {"ng_moves", "sleep_positions"} & set(pictured):
        layouts.append(Fit("compact", cards=True))
    return layouts


def _map_order(mapped: Sequence[FieldPath]) -> list[FieldPath]:
    """The symptoms' map first, then the pain routes' from the last: the first route is the one
    a handout leads with."""
    return sorted(mapped, key=lambda where: (where[0] != "symptoms_map", -_index(where)))


def _index(where: FieldPath) -> int:
    return where[1] if len(where) > 1 and isinstance(where[1], int) else 0


def _with(fit: Fit, units: Sequence[Unit]) -> Fit:
    """`fit` with these units left out."""
    maps = frozenset(where for kind, where in units if kind == "map")
    sections = frozenset(str(where[0]) for kind, where in units if kind == "pictures")
    return replace(fit, no_maps=fit.no_maps | maps, no_pictures=fit.no_pictures | sections)


def _leave_out(base: Fit, units: Sequence[Unit], fits: Callable[[Fit], bool]) -> Fit | None:
    """Leave units out one at a time, in order, until the leaflet fits; then put each one back,
    the most valued first, where the leaflet still fits without it. At most 2 × len(units) - 1
    layouts; None when leaving all of them out is not enough."""
    dropped: list[Unit] = []
    for unit in units:
        dropped.append(unit)
        if fits(_with(base, dropped)):
            break
    else:
        return None
    for unit in reversed(dropped[:-1]):
        trial = [u for u in dropped if u != unit]
        if fits(_with(base, trial)):
            dropped = trial
    return _with(base, dropped)


def _picture_sections(loaded: LoadedSpec) -> list[str]:
    """The sections that show at least one picture."""
    return [name for name in PICTURE_SECTIONS if any(w[0] == name for _, w in picture_fields(loaded.spec))]


def notes(loaded: LoadedSpec, fit: Fit) -> list[str]:
    """What a user should know about how the leaflet was set to fit: exactly what was left out."""
    said = []
    shown = [name for name in _picture_sections(loaded) if name not in fit.no_pictures]
    if fit.pictures == "compact" and shown:
        said.append(f"pictures drawn at 30 mm in the leaflet, their words beside them, {ONE_SHEET}")
    carded = [name for name in ("ng_moves", "sleep_positions") if name in shown]
    if fit.cards and carded:
        said.append(f"{' and '.join(carded)} set as a grid of picture cards in the leaflet {ONE_SHEET}")
    left_out = [(value, where) for value, where in picture_fields(loaded.spec) if where[0] in fit.no_pictures]
    gone = [value if isinstance(value, str) else "inline pose" for value, _ in left_out]
    if gone:
        # Only a place that surely shows them: a booklet may leave a section out too, and the
        # exercise sheet shows exercises only.
        exercises_only = all(where[0] == "exercises" for _, where in left_out)
        elsewhere = " (the exercise sheet has them)" if exercises_only else ""
        said.append(f"pictures left out of the leaflet {ONE_SHEET}: {', '.join(gone)}{elsewhere}")
    maps = [_map_name(loaded, where) for _, where, _ in map_fields(loaded.spec) if where in fit.no_maps]
    if maps:
        elsewhere = "the deck shows each on a slide of its own"
        said.append(f"body maps left out of the leaflet {ONE_SHEET}: {'; '.join(maps)} ({elsewhere})")
    return said


def _map_name(loaded: LoadedSpec, where: FieldPath) -> str:
    """symptoms_map, or a pain route's map by its name and place in the spec."""
    if where[0] != "pain_routes":
        return "symptoms_map"
    index = _index(where)
    return f"pain_routes[{index}] {loaded.spec.pain_routes[index].name}"
