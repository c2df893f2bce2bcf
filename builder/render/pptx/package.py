"""Same deck, same bytes: zip entries written with a fixed time and fixed attributes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Hashable
from copy import deepcopy
from typing import Any

from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter, _PhysPkgWriter

_EPOCH = (1980, 1, 1, 0, 0, 0)


class _Entries(_PhysPkgWriter):
    """Collects what python-pptx's package writer would put in the zip, in its order."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def write(self, uri: PackURI, blob: bytes) -> None:
        self.entries.append((uri.membername, blob))


def remember_partnames(presentation: Any) -> None:
    """Name new parts (a notes page per slide) from names kept for the deck being made.

    Why: python-pptx finds the next free name by walking every part of the package each time,
    so a deck with notes on every slide walked it once per slide (a twentieth of a deck's build).
    The names are the ones python-pptx would choose: the same search, over the names it would
    have found, kept up to date as they are handed out (parts are never removed while writing)."""
    package = presentation.part.package
    taken: dict[str, set[str]] = {}

    def next_partname(template: str) -> PackURI:
        prefix = template[: (template % 42).find("42")]
        if prefix not in taken:
            taken[prefix] = {str(p.partname) for p in package.iter_parts() if p.partname.startswith(prefix)}
        names = taken[prefix]
        for n in range(len(names) + 1, 0, -1):
            candidate = template % n
            if candidate not in names:
                names.add(candidate)
                return PackURI(candidate)
        raise AssertionError("no free part name")  # unreachable: n runs over one more than the names

    package.next_partname = next_partname


class NotesPages:
    """Speaker-notes pages for the slides of one deck, each a copy of the first one made.

    Why: python-pptx makes every notes page from scratch, copying the notes master's
    placeholders one by one with a search of the page for each new id (a sixth of a deck's
    build). A new page is the same XML every time (the same placeholders, ids and names; its
    text is written afterwards), so the first page python-pptx makes is kept as it was made and
    copied, and related to its slide and the notes master as python-pptx relates it."""

    def __init__(self) -> None:
        self._blank: Any = None  # the first new page's XML, before any text

    def of(self, slide: Any) -> Any:
        """The slide's notes page (python-pptx's NotesSlide), made if it has none."""
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.parts.slide import NotesSlidePart

        part = slide.part
        if self._blank is None or part.has_notes_slide:
            notes = slide.notes_slide
            if self._blank is None:
                self._blank = deepcopy(notes._element)
            return notes
        package = part.package
        notes_part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CONTENT_TYPE.PML_NOTES_SLIDE,
            package,
            deepcopy(self._blank),
        )
        notes_part.relate_to(package.presentation_part.notes_master_part, RELATIONSHIP_TYPE.NOTES_MASTER)
        notes_part.relate_to(part, RELATIONSHIP_TYPE.SLIDE)
        part.relate_to(notes_part, RELATIONSHIP_TYPE.NOTES_SLIDE)
        return slide.notes_slide  # python-pptx now finds the page by its relationship


class BlankSlides:
    """New slides for one deck, each a copy of the first slide python-pptx made for a layout
    with the same placeholders, in this deck or an earlier one.

    Why: python-pptx makes every slide from scratch, copying its layout's placeholders one by
    one with a search of the slide for each new id and name (4–8 % of a deck's build). A new
    slide is the same XML for every layout with the same placeholders (python-pptx copies only
    their kind, index, orientation and size, and numbers them in order; the content is written
    afterwards), so the first one made is kept as it was made and copied, and related to its
    layout and the presentation as python-pptx relates it."""

    def __init__(self, presentation: Any) -> None:
        self._presentation = presentation
        self._roles: dict[int, tuple[Any, ...]] = {}  # by layout index: its placeholders' roles

    def add(self, layout_index: int) -> Any:
        """A new slide (python-pptx's Slide) at the end of the deck, with that layout."""
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.parts.slide import SlidePart

        layout = self._presentation.slide_layouts[layout_index]
        slides = self._presentation.slides
        if layout_index not in self._roles:
            self._roles[layout_index] = _placeholder_roles(layout)
        roles = self._roles[layout_index]
        if roles not in _BLANK_SLIDES:
            slide = slides.add_slide(layout)
            _BLANK_SLIDES[roles] = deepcopy(slide._element)
            return slide
        presentation_part = self._presentation.part
        part = SlidePart(
            presentation_part._next_slide_partname,
            CONTENT_TYPE.PML_SLIDE,
            presentation_part.package,
            deepcopy(_BLANK_SLIDES[roles]),
        )
        part.relate_to(layout.part, RELATIONSHIP_TYPE.SLIDE_LAYOUT)
        slides._sldIdLst.add_sldId(presentation_part.relate_to(part, RELATIONSHIP_TYPE.SLIDE))
        return part.slide


# A new slide's XML by its layout's placeholder roles, for the process: a few layouts' worth.
_BLANK_SLIDES: dict[tuple[Any, ...], Any] = {}


def _placeholder_roles(layout: Any) -> tuple[Any, ...]:
    """What python-pptx copies of each placeholder it puts on a new slide of this layout
    (SlideShapes.clone_placeholder): kind, orientation, size and index, in order."""
    return tuple(
        (sp.ph_type, sp.ph_orient, sp.ph_sz, sp.ph_idx)
        for sp in (placeholder.element for placeholder in layout.iter_cloneable_placeholders())
    )


class ShapeCopies:
    """Shapes a deck adds to slide after slide alike (each slide's band, its footer box), copied
    from the first one python-pptx made for the same key, with an id of their own.

    Why: python-pptx builds a new shape from an XML template, then fills and outlines it step by
    step through generic element look-ups (a band took 0.4 ms, a footer box 0.2 ms: 6 % of a deck's
    build together); a copy of the finished shape is the same XML, made in a few µs."""

    def __init__(self) -> None:
        self._made: dict[Hashable, Any] = {}  # by key: the first shape's XML, as made

    def add(self, shapes: Any, key: Hashable, make: Callable[[], Any]) -> Any:
        """The shape `make` adds to `shapes` (a slide's shape tree), or for a key seen before a
        copy of it, placed where python-pptx places a new shape, with the next free shape id."""
        made = self._made.get(key)
        if made is None:
            shape = make()
            self._made[key] = deepcopy(shape._element)
            return shape
        element = deepcopy(made)
        element[0][0].set("id", str(shapes._next_shape_id))  # a p:sp's nvSpPr / cNvPr
        shapes._spTree.insert_element_before(element, "p:extLst")
        return shapes._shape_factory(element)


def save_reproducible(presentation: Any) -> bytes:
    """The .pptx bytes of a python-pptx Presentation, entries in python-pptx's order with a fixed
    date, permissions and system. Why not `Presentation.save`: it compresses every part into a
    zip that had to be read back and compressed again to fix the dates, a sixth of a deck's build."""
    package = presentation.part.package
    writer = PackageWriter(io.BytesIO(), package._rels, tuple(package.iter_parts()))
    collected = _Entries()
    writer._write_content_types_stream(collected)
    writer._write_pkg_rels(collected)
    writer._write_parts(collected)
    return reproducible_zip(collected.entries)


def reproducible_zip(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip archive of the entries, in order, every one with the same date, permissions and system."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()
