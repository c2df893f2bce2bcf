"""Render a composed deck to an editable 16:9 .pptx: native text, tables and shapes.

Each composed slide becomes one slide, or several when its text does not fit at
the floor size: the rest goes onto continuation slides titled 「…（續）」. Sizes,
line breaks of titles, table columns and row heights all come from measuring
(builder.render.pptx.fit); nothing relies on PowerPoint's autofit.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Literal

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.spec import GRAPHIC_DATA_URI_TABLE
from pptx.util import Emu

from builder.compose.deck import (
    REFERENCES,
    Card,
    Deck,
    Point,
    Slide,
    even_groups,
    is_heading,
    script,
    spoken,
    spoken_cards,
    spoken_rows,
)
from builder.compose.labels import LANGUAGE_TAGS, labels_for, suggested_time
from builder.figures.picture import figure_aspect, framed
from builder.figures.scene import Scene
from builder.render.pptx.embed import embed_fonts, embedded_family
from builder.render.pptx.fit import Chunk, Measurer, TablePage
from builder.render.pptx.package import (
    BlankSlides,
    NotesPages,
    ShapeCopies,
    remember_partnames,
    save_reproducible,
)
from builder.render.pptx.qr import add_qr
from builder.render.pptx.scene import add_scene
from builder.render.pptx.template import (
    CARD_PAD,
    LAYOUT_INDEX,
    MAP_GAP,
    MAP_SHARE,
    PICTURE_SHARE,
    TEXT_INDEX,
    Box,
    TemplateInfo,
    card_boxes,
    template_package,
)
from builder.render.pptx.text import (
    Language,
    Para,
    TextRun,
    body_properties,
    language_properties,
    write_paragraphs,
)
from builder.render.pptx.theme import (
    DEFAULT_FONT_NAMES,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    DeckTheme,
    FontNames,
    SizeRange,
    emu,
    rgb,
    text_on,
    theme_for,
)
from builder.render.pptx.timing import SlideContent, allot, estimate
from builder.render.pptx.xpath import compile_xpaths
from builder.typeset import FontSet, nonbreaking

# Marks every Chinese font has (○ good, △ so-so, × bad is how Taiwan and mainland forms mark answers).
MARKERS = {"bullet": "●", "checkbox": "□", "cross": "×", "tick": "○", "triangle": "▲", "question": "Q"}


# At least a third of the slide for a section's pictures (issue 13): a card grid's together, a
# picture + text slide's or a body map's alone (a hair over, for the rounding to EMU). The
# measure is tests/test_deck_layouts.py's picture_share.
PICTURE_AREA = SLIDE_WIDTH * SLIDE_HEIGHT * 0.34
PICTURE_GAP = 24.0  # between a picture and its points
CARD_PICTURE_GAP = 6.0  # between a card's picture and its text
# The narrowest column of points beside a picture: ten characters a line at the body floor (a
# narrower one breaks its lines where PowerPoint and LibreOffice disagree, and reads badly).
TEXT_COLUMN = 320.0
COLUMNS_GAIN = 1.4  # how much larger a figure over two columns of points must be than otherwise

MAX_SLIDES = 300  # four hours at a slide a minute, with room to spare; more is a runaway spec


class TooManySlidesError(Exception):
    """The deck would pass MAX_SLIDES; raised as soon as it does, so the work stays bounded."""


@dataclass(frozen=True)
class RenderedDeck:
    data: bytes
    slides: int
    continuations: int


class _DeckWriter:
    def __init__(self, deck: Deck, fonts: FontSet, theme: DeckTheme, embed: bool = False) -> None:
        self.deck = deck
        self.theme = theme.branded(deck.brand.primary, deck.brand.accent)
        default = DEFAULT_FONT_NAMES[deck.language]
        names = FontNames(
            deck.brand.east_asian_font or default.east_asian, deck.brand.latin_font or default.latin
        )
        self.embedded = embedded_family(deck.language) if embed else None
        if self.embedded:  # the deck names the face it carries, for Chinese and Latin text alike
            names = FontNames(self.embedded.family, self.embedded.family)
        self.measure = Measurer(fonts, self.theme)
        style = self.measure.style(self.theme.body.floor, False)
        self.language = Language(LANGUAGE_TAGS[deck.language], names, partial(nonbreaking, style=style))
        info = TemplateInfo(
            deck.title, deck.author, deck.subject, self.language.lang, deck.date or _DEFAULT_DATE
        )
        self.prs = Presentation(io.BytesIO(template_package(self.theme, names, info)))
        remember_partnames(self.prs)
        self.continued: set[int] = set()  # id() of the continuation slides (their title says 「（續）」)
        self.footers: list[Any] = []  # slides that get the footer line
        self.notes_pages = NotesPages()
        self.blank_slides = BlankSlides(self.prs)
        self.shape_copies = ShapeCopies()
        self.notes: dict[int, Sequence[str]] = {}  # by id(slide): written with their times in finish()
        self.labels = labels_for(deck.language)
        self.glances: set[int] = set()  # slides shown, not read out (references): a short time

    # --- helpers ------------------------------------------------------------------------------

    def _new(self, kind: str) -> Any:
        return self.blank_slides.add(LAYOUT_INDEX[kind])

    def _place(self, shape: Any, box: Box) -> None:
        shape.left, shape.top, shape.width, shape.height = emu(box.x), emu(box.y), emu(box.w), emu(box.h)

    def _inner(self, box: Box) -> tuple[float, float]:
        return box.w - 2 * self.theme.inset_x, box.h - 2 * self.theme.inset_y

    def _marker(self, point: Point) -> str:
        if point.marker == "none" or point.continued:
            return ""
        if point.marker == "number":
            return "number"
        return MARKERS[point.marker]

    def _marker_colour(self, point: Point, alarm: bool) -> str:
        t = self.theme
        if alarm or point.marker == "cross":
            return t.alarm
        if point.marker == "tick":
            return t.ok
        return t.marker_colour()

    def _paras(self, points: Sequence[Point], size: float, colour: str, alarm: bool = False) -> list[Para]:
        paras = []
        for index, point in enumerate(points):
            margin, indent = self.measure.margin_left(point, size)
            runs = []
            if point.label:
                runs.append(
                    TextRun(
                        point.label, bold=True, colour=self.theme.alarm if alarm and not point.text else None
                    )
                )
            if point.text:
                runs.append(TextRun(point.text))
            paras.append(
                Para(
                    runs=tuple(runs),
                    size=size,
                    colour=colour,
                    pitch=self.theme.line_pitch * size,
                    space_before=0.0 if index == 0 else self.measure.space_before(point, size),
                    margin_left=margin,
                    indent=indent,
                    bullet=self._marker(point),
                    bullet_colour=self._marker_colour(point, alarm),
                    bullet_start=point.number or 1,
                )
            )
        return paras

    def _text(self, shape: Any, paras: Sequence[Para], anchor: str = "t") -> None:
        frame = shape.text_frame  # python-pptx looks its text body up anew each time: once
        body_properties(frame, self.theme.inset_x, self.theme.inset_y, anchor)
        write_paragraphs(frame, paras, self.language)

    def _set_title(
        self,
        slide: Any,
        text: str,
        sizes: SizeRange,
        box: Box,
        colour: str,
        most_lines: int = 2,
        align: Literal["l", "ctr", "r"] = "l",
        anchor: str = "t",
        fewest: bool = True,
    ) -> float:
        """Set the title (broken between phrases; see Measurer.title for `fewest`); returns the
        bottom of its box."""
        lines, size, height = self._title_box(text, box.w, sizes, most_lines, box.h, fewest)
        pitch = self.theme.title_pitch * size
        shape = slide.shapes.title
        self._place(shape, Box(box.x, box.y, box.w, height))
        para = Para(
            tuple(TextRun(line, bold=True) for line in lines),
            size,
            colour,
            pitch,
            align=align,
            line_breaks=True,
        )
        self._text(shape, [para], anchor)
        return box.y + height

    def _title_box(
        self,
        text: str,
        width: float,
        sizes: SizeRange,
        most_lines: int = 2,
        least: float = 64.0,
        fewest: bool = True,
    ) -> tuple[list[str], float, float]:
        """A title's lines, type size and box height in a box this wide: the one measure behind
        the title a slide sets and the room the slides of a section plan under it."""
        t = self.theme
        lines, size = self.measure.title(
            text, width - 2 * t.inset_x, sizes, self.deck.language, most_lines, fewest
        )
        return lines, size, max(least, len(lines) * t.title_pitch * size + 2 * t.inset_y)

    def _notes(self, slide: Any, notes: Sequence[str]) -> None:
        """The slide's speaker notes, written in finish() once every slide's time is known; a
        slide's notes given twice (a kind's first page, then its continued text) are joined."""
        if notes:
            self.notes[id(slide)] = (*self.notes.get(id(slide), ()), *notes)

    def _remove_empty_placeholders(self, slide: Any) -> None:
        """Placeholders the slide left without text or a table go, so PowerPoint shows no "Click
        to add text" on them. Read from the XML, as _to_say does: python-pptx's shape objects and
        their text were 4 % of a deck's build."""
        tree = slide.shapes._spTree
        for element in list(tree.iter_ph_elms()):
            if element.tag == _FRAME and element.graphicData_uri == GRAPHIC_DATA_URI_TABLE:
                continue
            if element.tag != _SHAPE or not "".join(t.text or "" for t in element.iter(_TEXT)).strip():
                tree.remove(element)

    def _band(self, slide: Any, colour: str, height: float) -> None:
        def make() -> Any:
            band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, emu(SLIDE_WIDTH), emu(height))
            band.name = "Band"
            band.fill.solid()
            band.fill.fore_color.rgb = rgb(colour)
            band.line.fill.background()
            return band

        _send_to_back(self.shape_copies.add(slide.shapes, ("band", colour, height), make))

    def _panel(self, slide: Any, box: Box, fill: str, line: str | None = None, width: float = 0) -> Any:
        panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
        panel.name = "Panel"
        panel.fill.solid()
        panel.fill.fore_color.rgb = rgb(fill)
        if line:
            panel.line.color.rgb = rgb(line)
            panel.line.width = emu(width)
        else:
            panel.line.fill.background()
        _send_to_back(panel)
        return panel

    def _logo(self, slide: Any, top: float, height: float) -> None:
        logo = self.deck.brand.logo
        if logo is None:
            return
        picture = slide.shapes.add_picture(str(logo), 0, emu(top), height=emu(height))
        if picture.width > emu(220):
            ratio = emu(220) / picture.width
            picture.width, picture.height = emu(220), Emu(round(picture.height * ratio))
        picture.left = emu(SLIDE_WIDTH - self.theme.margin_x) - picture.width
        picture.name = "Clinic logo"

    # --- a page with a title and a body area -------------------------------------------------

    def _page(
        self, kind: str, title: str, continued: bool, alarm: bool = False, left: float = 0.0
    ) -> tuple[Any, Box]:
        """A slide with its title set; returns the slide and the free body box below the title.
        `left` keeps a column at the left free (a body map's) for the slide's whole height."""
        t = self.theme
        slide = self._new(kind)
        text = title + (self.deck.continued if continued else "")
        if alarm:
            box = Box(t.margin_x, t.band + 8, t.content_width, 64)
            bottom = self._set_title(slide, text, t.title, box, "#FFFFFF")
            self._band(slide, t.alarm, bottom + 8)
            self._panel(slide, Box(0, bottom + 8, 14, SLIDE_HEIGHT - bottom - 8), t.alarm)  # a red edge
        else:
            self._band(slide, t.primary, t.band)
            box = Box(t.margin_x + left, t.title_top, t.content_width - left, 64)
            bottom = self._set_title(slide, text, t.title, box, t.title_colour())
        top = bottom + t.gap
        self.footers.append(slide)
        if continued:
            self.continued.add(id(slide))
        return slide, Box(t.margin_x + left, top, t.content_width - left, t.body_bottom - top)

    # --- one method per kind of slide ----------------------------------------------------------

    def add(self, slide: Slide) -> None:
        slide = self._fit_title(slide)
        if slide.kind in ("table", "statement", "cards") and slide.points:
            # the rest of a long title before a table or a message: on a slide of its own
            self._content(replace(slide, kind="content", table=None))
            slide = replace(slide, points=(), notes=())
        kinds = {
            "title": self._cover,
            "section": self._section,
            "statement": self._statement,
            "content": self._content,
            "picture": self._content,
            "map": self._content,
            "checklist": self._content,
            "summary": self._content,
            "cards": self._cards,
            "rule": self._rule,
            "two_column": self._two_column,
            "table": self._table,
            "alert": self._alert,
            "closing": self._closing,
        }
        kinds[slide.kind](slide)

    def _fit_title(self, slide: Slide) -> Slide:
        """A title too long for its place (three lines at the smallest title size, four on a cover
        or section slide) is cut at a phrase, ended with '…', and goes on as the first body text."""
        t = self.theme
        cover = slide.kind in ("title", "section")
        text = slide.title or (slide.left_title if slide.kind == "two_column" else "")
        if not text:
            return slide
        beside = self._map_column(slide.figure).w + MAP_GAP if slide.kind == "map" and slide.figure else 0.0
        width = self._inner(Box(0, 0, t.content_width - (120 if cover else 0) - beside, 0))[0]
        sizes = t.cover_title if cover else t.title
        most = 4 if cover else 3
        head = self.measure.title_head(
            text, width, sizes, self.deck.language, most, "…" + ("" if cover else self.deck.continued)
        )
        if head == text:
            return slide
        if not slide.title:  # a two-column slide titled by its left column, which shows it in full
            return replace(slide, title=head.rstrip() + "…")
        rest = Point("…" + text[len(head) :].lstrip(), marker="none")
        return replace(slide, title=head.rstrip() + "…", points=(rest, *slide.points))

    def _chunks_to_pages(
        self,
        slide: Slide,
        points: Sequence[Point],
        kind: str = "content",
        alarm: bool = False,
        first: tuple[Any, Box] | None = None,
        dress: Callable[[Any, Box], Box] | None = None,
        left: float = 0.0,
        later: Box | None = None,
    ) -> None:
        """Points on this slide and as many continuation slides as they need. `dress` puts the
        section's picture or map on every one of them and returns the room left for the points;
        `left` keeps a column free beside the title too (see _page). `later`: the room a
        continuation slide leaves the points when it differs from the first slide's otherwise
        than in height (a picture beside them is sized to its slide's body, so the column of
        points under a longer title is narrower); every slide's text is measured for the
        smallest."""
        t = self.theme
        page, box = first or self._page(kind, slide.title, slide.continues, alarm, left)
        if dress is not None:
            box = dress(page, box)
        # a first slide that is itself a continuation already has the longer title
        growth = (
            0.0 if id(page) in self.continued else self._title_growth(slide.title, t.content_width - left)
        )
        room = replace(box, h=box.h - growth)
        if later is not None:
            room = replace(room, w=min(room.w, later.w), h=min(room.h, later.h))
        chunks = self._paginate(points, room, kind, slide.grow)
        for index, chunk in enumerate(chunks):
            if index:
                page, box = self._page(kind, slide.title, True, alarm, left)
                if dress is not None:
                    box = dress(page, box)
            before = [p for earlier in chunks[:index] for p in earlier.points]
            opens = index == 0 and not slide.continues  # the section's notes and sources, once
            self._notes(page, script(slide, spoken(chunk.points, self.labels, before), opens))
            if slide.section == REFERENCES:
                self.glances.add(id(page))
            body = page.placeholders[TEXT_INDEX.get(kind, 1)]
            self._place(body, box)
            self._text(body, self._paras(chunk.points, chunk.size, t.text, alarm))
            self._remove_empty_placeholders(page)

    def _title_growth(self, title: str, width: float | None = None) -> float:
        """How much taller a continuation slide's title is than the first slide's: 「（續）」 may
        take it onto another line, and every slide's text must fit the smallest body box."""
        t = self.theme
        box_width = t.content_width if width is None else width
        first = self._title_box(title, box_width, t.title)[2]
        return max(0.0, self._title_box(title + self.deck.continued, box_width, t.title)[2] - first)

    def _paginate(
        self, points: Sequence[Point], box: Box, kind: str = "content", grow: bool = False
    ) -> list[Chunk]:
        """The points in chunks a slide each. A summary's few key points, a checklist's
        questions (their boxes with them) and a slide of short text that may grow (Slide.grow)
        take up to a big statement's size, so they fill their slide; other text keeps the body
        sizes. Red flags may take more lines than other text."""
        width, height = self._inner(box)
        sizes = self._body_sizes(grow or kind in ("summary", "checklist"))
        measure = self.measure.allowing(self.theme.alert_lines) if kind == "alert" else self.measure
        return measure.paginate(points, width, height, sizes)

    def _body_sizes(self, grow: bool) -> SizeRange:
        """The body sizes, reaching a statement's largest when the text may grow to fill."""
        t = self.theme
        return replace(t.body, largest=max(t.statement.largest, t.body.largest)) if grow else t.body

    def _content(self, slide: Slide, first: tuple[Any, Box] | None = None) -> None:
        """Text on the layout of its kind; a picture or a body map, at least a third of the
        slide (PICTURE_AREA), on every slide the text runs on: a map in a column at the left, a
        picture beside the points, above them, or above them in two columns on one slide,
        whichever shows the figure largest for the slides it takes (_shown, _columns_under)."""
        kind = slide.kind if slide.kind in ("picture", "map", "checklist", "summary") else "content"
        if slide.figure is not None and slide.kind != "picture":
            column = self._map_column(slide.figure)
            dress = partial(self._map, slide.figure, column)
            self._chunks_to_pages(
                slide, slide.points, "map", first=first, dress=dress, left=column.w + MAP_GAP
            )
        elif slide.figure is not None:
            page, box = first or self._page("picture", slide.title, False)
            # the figure's area for each slide the points take, above them and beside them
            shown = {above: self._shown(slide.figure, slide.points, box, above) for above in (True, False)}
            # two columns read less easily than one: only for a figure much larger that way
            columns = self._columns_under(slide.figure, slide.points, box, COLUMNS_GAIN * max(shown.values()))
            if columns is not None:
                self._figure_over_columns(slide, page, box, columns)
                return
            above = shown[True] > shown[False]  # a wide figure above, when that costs no slide more
            dress = partial(self._figure, slide.figure, above, slide.points)
            continued = self._figure_boxes(slide.figure, above, slide.points, self._body_box(slide.title))[1]
            self._chunks_to_pages(
                slide, slide.points, "picture", first=(page, box), dress=dress, later=continued
            )
        else:
            self._chunks_to_pages(slide, slide.points, kind, first=first)

    def _figure(self, scene: Scene, above: bool, points: Sequence[Point], page: Any, box: Box) -> Box:
        """A picture at least a third of the slide (PICTURE_AREA), cut to its figure and framed
        (builder.figures.picture.framed): across the body above the points for a wide figure,
        else the body's height at the left of them; native shapes a presenter can recolour or
        move. Returns the room left for the points."""
        picture, rest = self._figure_boxes(scene, above, points, box)
        self._framed(page, scene, picture, self.theme.tint)
        return rest

    def _framed(self, page: Any, scene: Scene, box: Box, backdrop: str) -> None:
        """The scene cut to its figure and framed on a backdrop the box's size (figures.picture.framed)."""
        add_scene(
            page.shapes, framed(scene, box.w / box.h, backdrop, box.w), box.x, box.y, box.w, self.language
        )

    def _figure_boxes(self, scene: Scene, above: bool, points: Sequence[Point], box: Box) -> tuple[Box, Box]:
        """The picture's box and the points' box in a body box. Above: the body's width and as
        tall as the figure at that width, but leaving the points their lines at the floor size
        (and never less than PICTURE_AREA); beside: the body's height and as wide as the figure,
        at least PICTURE_AREA and at most PICTURE_SHARE of the width unless the area needs more,
        never leaving the points less than TEXT_COLUMN (a three-line title's slide, whose body is
        too short for both, gives the picture less than a third)."""
        t = self.theme
        aspect = figure_aspect(scene)
        if above:
            text_h = self.measure.height(points, t.body.floor, self._inner(box)[0]) + 2 * t.inset_y
            least = PICTURE_AREA / box.w
            height = max(least, min(box.w / aspect, box.h - PICTURE_GAP - text_h))
            height = min(height, box.h - PICTURE_GAP - t.body.floor * t.line_pitch - 2 * t.inset_y)
            top = box.y + height + PICTURE_GAP
            return Box(box.x, box.y, box.w, height), Box(box.x, top, box.w, box.y + box.h - top)
        width = max(PICTURE_AREA / box.h, min(box.h * aspect, box.w * PICTURE_SHARE))
        width = min(width, box.w - PICTURE_GAP - TEXT_COLUMN)  # under a three-line title
        return Box(box.x, box.y, width, box.h), Box(
            box.x + width + PICTURE_GAP, box.y, box.w - width - PICTURE_GAP, box.h
        )

    def _shown(self, scene: Scene, points: Sequence[Point], box: Box, above: bool) -> float:
        picture, rest = self._figure_boxes(scene, above, points, box)
        pages = len(self._paginate(points, rest)) if points else 1
        return _drawn_area(scene, picture) / pages

    def _columns_under(
        self, scene: Scene, points: Sequence[Point], box: Box, least: float
    ) -> tuple[Box, int, float] | None:
        """Two columns of points under a picture the body's width, all on this slide, when that
        draws the figure at least `least` large: the picture's box (as tall as the figure at
        that width, at least PICTURE_AREA), where the points split and their size. The largest
        size that does, the most even columns at it; a heading never ends the left column.
        None when no size does."""
        t = self.theme
        if len(points) < 2:
            return None
        column = (box.w - t.column_gap) / 2
        width = self._inner(Box(0, 0, column, 0))[0]
        room = box.h - PICTURE_GAP - PICTURE_AREA / box.w - 2 * t.inset_y
        for size in t.body.sizes():
            cuts = [
                (
                    max(
                        self.measure.height(points[:cut], size, width),
                        self.measure.height(points[cut:], size, width),
                    ),
                    cut,
                )
                for cut in range(1, len(points))
                if not is_heading(points[cut - 1])
                and self.measure.fits(points[:cut], size, width, room)
                and self.measure.fits(points[cut:], size, width, room)
            ]
            if cuts:
                tallest, cut = min(cuts)
                room_left = box.h - PICTURE_GAP - tallest - 2 * t.inset_y
                height = max(PICTURE_AREA / box.w, min(box.w / figure_aspect(scene), room_left))
                picture = Box(box.x, box.y, box.w, height)
                if _drawn_area(scene, picture) >= least:
                    return picture, cut, size
        return None

    def _figure_over_columns(
        self, slide: Slide, page: Any, box: Box, columns: tuple[Box, int, float]
    ) -> None:
        """The picture across the body and the points under it in two columns (the layout's
        text placeholder and a text box beside it), all on this slide."""
        t = self.theme
        picture, cut, size = columns
        assert slide.figure is not None  # _content lays out only a slide with a picture this way
        self._framed(page, slide.figure, picture, t.tint)
        self._notes(page, script(slide, spoken(slide.points, self.labels, []), True))
        top = picture.y + picture.h + PICTURE_GAP
        column = (box.w - t.column_gap) / 2
        left = page.placeholders[TEXT_INDEX["picture"]]
        right = page.shapes.add_textbox(0, 0, 0, 0)
        right.name = "Steps, continued"
        for shape, x, part in (
            (left, box.x, slide.points[:cut]),
            (right, box.x + column + t.column_gap, slide.points[cut:]),
        ):
            self._place(shape, Box(x, top, column, box.y + box.h - top))
            self._text(shape, self._paras(part, size, t.text))
        self._remove_empty_placeholders(page)

    def _map_column(self, scene: Scene) -> Box:
        """A body map's column: the slide's height from the band to the body's foot (maps are
        tall), as wide as the map at that height or as PICTURE_AREA needs; the title and the
        route steps go beside it."""
        t = self.theme
        top = t.band + 12
        height = t.body_bottom - top
        width = max(PICTURE_AREA / height, min(t.content_width * MAP_SHARE, height * figure_aspect(scene)))
        return Box(t.margin_x, top, width, height)

    def _map(self, scene: Scene, column: Box, page: Any, box: Box) -> Box:
        """The map framed on a tinted backdrop the column's size, as tall as the column allows."""
        self._framed(page, scene, column, self.theme.tint)
        return box

    # --- card grids ---------------------------------------------------------------------------

    def _body_box(self, title: str) -> Box:
        """The body box under this title on a continuation slide (its title the longest), as
        _page makes it: the room every slide of a card grid is planned for."""
        t = self.theme
        bottom = t.title_top + self._title_box(title + self.deck.continued, t.content_width, t.title)[2]
        return Box(t.margin_x, bottom + t.gap, t.content_width, t.body_bottom - bottom - t.gap)

    def _card_room(self, card: Card, inner: Box, pictures: int) -> float:
        """The height a card's text may take: all of the card without a picture, else what is
        left under a picture the card's width and tall enough that the slide's `pictures`
        together take PICTURE_AREA."""
        if card.picture is None:
            return inner.h
        return inner.h - PICTURE_AREA / (pictures * inner.w) - CARD_PICTURE_GAP

    def _card_plan(self, cards: Sequence[Card], box: Box) -> tuple[list[Sequence[Card]], float]:
        """The cards of each slide (split evenly) and the type size: three a slide when their
        texts fit beside large pictures, else two; each slide's cards share its width. (Four in a
        row would leave a card a few characters a line at a room's type sizes: the layout has a
        fourth card for a presenter, the renderer does not fill it.) Cards that each fit a
        two-card row at the floor size always fit two a slide, at worst at the floor. Ends: at
        most two tries of the few sizes."""
        t = self.theme
        for per in (n for n in (3, 2) if n <= len(cards)):
            groups = even_groups(cards, per)
            for size in t.body.sizes():
                if all(self._cards_fit(group, box, size) for group in groups):
                    return groups, size
        return even_groups(cards, 2), t.body.floor

    def _cards_fit(self, group: Sequence[Card], box: Box, size: float) -> bool:
        card = card_boxes(box, len(group))[0]
        inner = Box(0, 0, card.w - 2 * CARD_PAD, card.h - 2 * CARD_PAD)
        width = self._inner(inner)[0]
        inset = 2 * self.theme.inset_y
        pictures = max(1, sum(c.picture is not None for c in group))
        return all(
            self.measure.fits(c.points, size, width, self._card_room(c, inner, pictures) - inset)
            for c in group
        )

    def _cards(self, slide: Slide) -> None:
        """A card grid: two or three cards a slide side by side, each its picture (the verdict
        badge and frame on it) above its text, in a tinted panel; the cards split evenly over as
        many slides as they need. A card whose text is too long for half a slide at the floor
        size, or left alone, has a slide of its own (picture and text); a slide whose cards have
        no picture is a text slide."""
        box = self._body_box(slide.title)
        pages: list[tuple[Sequence[Card], float]] = []
        run: list[Card] = []
        for card in [*slide.cards, None]:  # None: the end, which closes the last run
            if card is not None and self._cards_fit((card, card), box, self.theme.body.floor):
                run.append(card)
                continue
            if run:
                groups, size = self._card_plan(run, box) if len(run) > 1 else ([run], 0.0)
                pages += [(group, size) for group in groups]
                run = []
            if card is not None:
                pages.append(((card,), 0.0))
        for index, (group, size) in enumerate(pages):  # each slide the notes of its cards
            notes = (*(n for card in group for n in card.notes), *(slide.notes if index == 0 else ()))
            sources = slide.sources if index == 0 else ""
            if len(group) == 1:  # a card alone: its picture large beside its text
                card = group[0]
                kind: Literal["picture", "content"] = "picture" if card.picture is not None else "content"
                item = Slide(
                    kind, slide.title, points=card.points, figure=card.picture, notes=notes, sources=sources
                )
                self._content(item, self._page(kind, slide.title, index > 0))
            elif not any(card.picture is not None for card in group):
                points = tuple(p for card in group for p in card.points)
                first = self._page("content", slide.title, index > 0)
                self._chunks_to_pages(replace(slide, notes=notes, sources=sources), points, first=first)
            else:
                page, body = self._page("cards", slide.title, index > 0)
                said = spoken_cards([card.points for card in group], self.labels)
                self._notes(page, script(replace(slide, notes=notes, sources=sources), said, True))
                self._fill_cards(page, Box(body.x, body.y, body.w, min(body.h, box.h)), group, size)
                self._remove_empty_placeholders(page)

    def _fill_cards(self, page: Any, box: Box, group: Sequence[Card], size: float) -> None:
        """The cards across the body, as tall as it: each picture the card's width, framed to
        that box (builder.figures.picture.framed) and as tall as the card's text leaves."""
        t = self.theme
        boxes = card_boxes(box, len(group))
        inner_w = boxes[0].w - 2 * CARD_PAD
        inner_h = boxes[0].h - 2 * CARD_PAD
        text_w = self._inner(Box(0, 0, inner_w, 0))[0]
        texts = [self.measure.height(c.points, size, text_w) + 2 * t.inset_y for c in group]
        tallest = max(h for c, h in zip(group, texts, strict=True) if c.picture is not None)
        # the same height on every card (cards that fit their grid leave it PICTURE_AREA's share)
        picture_h = max(inner_h - CARD_PICTURE_GAP - tallest, CARD_PAD)
        for index, (card, cell) in enumerate(zip(group, boxes, strict=True)):
            self._panel(page, cell, t.tint)
            top = cell.y + CARD_PAD
            if card.picture is not None:
                self._framed(page, card.picture, Box(cell.x + CARD_PAD, top, inner_w, picture_h), "#FFFFFF")
                top += picture_h + CARD_PICTURE_GAP
            shape = page.placeholders[11 + 2 * index]
            self._place(shape, Box(cell.x + CARD_PAD, top, inner_w, cell.y + cell.h - CARD_PAD - top))
            self._text(shape, self._paras(card.points, size, t.text))

    def _rule(self, slide: Slide) -> None:
        """The self-check's rule on its own slide, in a tinted panel, as large as it fits."""
        t = self.theme
        page, box = self._page("rule", slide.title, False)
        self._notes(page, script(slide, spoken(slide.points, self.labels), True))
        pad = 20.0
        width, height = self._inner(Box(0, 0, box.w - 2 * pad, box.h - 2 * pad))
        size = self.measure.best_size(slide.points, width, height, t.statement)
        if size is None:
            quiet = replace(slide, notes=(), sources="", read=False)
            self._chunks_to_pages(quiet, slide.points, "rule", first=(page, box))
            return
        text_h = self.measure.height(slide.points, size, width) + 2 * t.inset_y
        panel = Box(box.x, box.y + (box.h - text_h - 2 * pad) / 2, box.w, text_h + 2 * pad)
        self._panel(page, panel, t.tint)
        shape = page.placeholders[TEXT_INDEX["rule"]]
        self._place(shape, Box(panel.x + pad, panel.y + pad, panel.w - 2 * pad, text_h))
        self._text(shape, self._paras(slide.points, size, t.text))
        self._remove_empty_placeholders(page)

    def _alert(self, slide: Slide) -> None:
        intro = (Point("", label=slide.subtitle, marker="none"),) if slide.subtitle else ()
        page, box = self._page("alert", slide.title, False, alarm=True)
        self._chunks_to_pages(slide, (*intro, *slide.points), "alert", alarm=True, first=(page, box))

    def _two_column(self, slide: Slide) -> None:
        t = self.theme
        left = (
            (Point("", label=slide.left_title, marker="none"),) if slide.left_title else ()
        ) + slide.points
        right = (
            (Point("", label=slide.right_title, marker="none"),) if slide.right_title else ()
        ) + slide.right
        page, box = self._page("two_column", slide.title or slide.left_title, False)
        half = (box.w - t.column_gap) / 2
        boxes = (Box(box.x, box.y, half, box.h), Box(box.x + half + t.column_gap, box.y, half, box.h))
        panel_pad = 10.0
        right_box = Box(
            boxes[1].x + panel_pad, box.y + panel_pad, half - 2 * panel_pad, box.h - 2 * panel_pad
        )
        size = None
        for candidate in self._body_sizes(slide.grow).sizes():
            lw, lh = self._inner(boxes[0])
            rw, rh = self._inner(right_box)
            if self.measure.fits(left, candidate, lw, lh) and self.measure.fits(right, candidate, rw, rh):
                size = candidate
                break
        if size is None:  # too much for two columns: one column, continued as needed
            self._chunks_to_pages(slide, (*left, *right), first=(page, box))
            return
        self._notes(page, script(slide, spoken((*left, *right), self.labels), True))
        left_shape, right_shape = page.placeholders[1], page.placeholders[2]
        self._place(left_shape, boxes[0])
        self._text(left_shape, self._paras(left, size, t.text))
        right_height = self.measure.height(right, size, self._inner(right_box)[0]) + 2 * t.inset_y
        if slide.plain:
            self._place(right_shape, boxes[1])
        else:
            self._panel(page, Box(boxes[1].x, box.y, half, right_height + 2 * panel_pad), t.tint)
            self._place(right_shape, Box(right_box.x, right_box.y, right_box.w, right_height))
        self._text(right_shape, self._paras(right, size, t.text))
        self._remove_empty_placeholders(page)

    def _table(self, slide: Slide) -> None:
        assert slide.table is not None
        t = self.theme
        page, box = self._page("table", slide.title, False)
        height = box.h - self._title_growth(slide.title)
        pages = self.measure.table(slide.table.header, slide.table.rows, box.w, height, t.table)
        for index, table_page in enumerate(pages):
            if index:
                page, box = self._page("table", slide.title, True)
            said = spoken_rows(slide.table.header, table_page.rows, myths=slide.section == "myths")
            self._notes(page, script(slide, said, index == 0))
            self._fill_table(page, table_page, box)

    def _fill_table(self, page: Any, table_page: TablePage, box: Box) -> None:
        t = self.theme
        rows = [table_page.header, *table_page.rows]
        frame = page.placeholders[1].insert_table(len(rows), len(table_page.header))
        frame.left, frame.top = emu(box.x), emu(box.y)
        frame.width = emu(sum(table_page.widths))
        frame.height = emu(sum(table_page.heights))
        table = frame.table
        table.first_row = True
        table.horz_banding = False
        for index, width in enumerate(table_page.widths):
            table.columns[index].width = emu(width)
        for r, (cells, height) in enumerate(zip(rows, table_page.heights, strict=True)):
            table.rows[r].height = emu(height)
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = emu(t.cell_pad_x)
                cell.margin_top = cell.margin_bottom = emu(t.cell_pad_y)
                cell.fill.solid()
                fill = t.primary if r == 0 else (t.tint if r % 2 == 0 else "#FFFFFF")
                cell.fill.fore_color.rgb = rgb(fill)
                colour = text_on(fill)
                para = Para(
                    (TextRun(text, bold=r == 0),), table_page.size, colour, t.line_pitch * table_page.size
                )
                write_paragraphs(cell.text_frame, [para], self.language)
                cell.text_frame._txBody.bodyPr.set("anchor", "t")

    def _title_kind(self, slide: Slide, kind: str, background: str) -> None:
        t = self.theme
        page = self._new(kind)
        page.background.fill.solid()
        page.background.fill.fore_color.rgb = rgb(background)
        colour = text_on(background)
        sizes = t.cover_title
        bottom = self._set_title(
            page,
            slide.title,
            sizes,
            Box(t.margin_x, 120, t.content_width - 120, 100),
            colour,
            3,
            fewest=False,
        )
        self._logo(page, 28, 64)
        points = ((Point(slide.subtitle, marker="none"),) if slide.subtitle else ()) + slide.points
        box = Box(t.margin_x, bottom + t.gap, t.content_width, SLIDE_HEIGHT - 40 - bottom - t.gap)
        self._notes(page, slide.notes)
        chunks = self._paginate(points, box) if points else []
        if chunks:
            body = page.placeholders[1]
            self._place(body, box)
            self._text(body, self._paras(chunks[0].points, chunks[0].size, colour))
        self._remove_empty_placeholders(page)
        if len(chunks) > 1:
            rest = tuple(p for chunk in chunks[1:] for p in chunk.points)
            self._chunks_to_pages(
                replace(slide, notes=()), rest, first=self._page("content", slide.title, True)
            )

    def _cover(self, slide: Slide) -> None:
        self._title_kind(slide, "title", self.theme.primary)

    def _section(self, slide: Slide) -> None:
        self._title_kind(slide, "section", self.theme.tint)

    def _statement(self, slide: Slide) -> None:
        t = self.theme
        page, box = self._page("statement", slide.title, False)
        message = (Point(slide.subtitle, marker="none"),)
        self._notes(page, script(slide, spoken(message, self.labels), True))
        width, height = self._inner(box)
        size = self.measure.best_size(message, width, height, t.statement)
        if size is None:
            self._chunks_to_pages(
                replace(slide, notes=(), sources="", read=False), message, first=(page, box)
            )
            return
        body = page.placeholders[1]
        self._place(body, box)
        paras = [
            replace(p, align="ctr", runs=tuple(replace(r, bold=True) for r in p.runs))
            for p in self._paras(message, size, t.title_colour())
        ]
        self._text(body, paras, anchor="ctr")

    def _closing(self, slide: Slide) -> None:
        """Contact details on the left, the QR code on the right, small print at the bottom.
        Small print too long for a third of the slide joins the contact details instead."""
        t = self.theme
        page, box = self._page("closing", slide.title, False)
        self._notes(page, slide.notes)
        contacts = slide.points
        footnote_height = 0.0
        if slide.footnote:
            note = (Point(slide.footnote, marker="none"),)
            size = t.small.floor
            footnote_height = self.measure.height(note, size, t.content_width - 2 * t.inset_x) + 2 * t.inset_y
            if footnote_height > box.h / 3:
                contacts, footnote_height = (*contacts, *note), 0.0
            else:
                foot = page.shapes.add_textbox(0, 0, 0, 0)
                foot.name = "Review date and disclaimer"
                top = t.body_bottom - footnote_height
                self._place(foot, Box(t.margin_x, top, t.content_width, footnote_height))
                self._text(foot, self._paras(note, size, t.muted))
        body_box = Box(box.x, box.y, box.w, box.h - footnote_height - t.gap)
        qr_side = 0.0
        if slide.link:
            qr_side = min(220.0, body_box.h - 70)
            x = body_box.x + body_box.w - qr_side
            add_qr(page.shapes, slide.link, x, body_box.y, qr_side)
            if slide.subtitle:  # "scan for more": short, set in the small size
                cap_box = Box(x - 60, body_box.y + qr_side + 4, qr_side + 60, body_box.h - qr_side - 4)
                caption = (Point(slide.subtitle, marker="none"),)
                width, height = self._inner(cap_box)
                size = self.measure.best_size(caption, width, height, t.small) or t.small.floor
                shape = page.shapes.add_textbox(0, 0, 0, 0)
                shape.name = "QR caption"
                self._place(shape, cap_box)
                self._text(shape, [replace(p, align="ctr") for p in self._paras(caption, size, t.muted)])
        contact_box = Box(body_box.x, body_box.y, body_box.w - qr_side - (80 if qr_side else 0), body_box.h)
        width, height = self._inner(contact_box)
        fitted = self.measure.allowing(t.contact_lines).best_size(contacts, width, height, t.body)
        if contacts and fitted is not None:  # on the Q&A slide itself: a continuation would hide it
            body = page.placeholders[1]
            self._place(body, contact_box)
            self._text(body, self._paras(contacts, fitted, t.text))
            self._remove_empty_placeholders(page)
        elif contacts:
            self._chunks_to_pages(replace(slide, notes=()), contacts, first=(page, contact_box))
        else:
            self._remove_empty_placeholders(page)

    # --- after all slides ---------------------------------------------------------------------

    def finish(self) -> RenderedDeck:
        self._speaker_notes()
        self._notes_master_language()
        total = len(self.prs.slides)
        numbers = {id(s): i for i, s in enumerate(self.prs.slides, 1)}
        for slide in self.footers:
            self._footer(slide, numbers[id(slide)], total)
        if self.deck.draft:
            for slide in self.prs.slides:
                self._draft_mark(slide)
        if self.embedded:
            embed_fonts(self.prs, self.embedded.family, self.embedded.faces, self.deck.language)
        return RenderedDeck(save_reproducible(self.prs), total, len(self.continued))

    def _speaker_notes(self) -> None:
        """Every slide's notes, led by its suggested time when the talk gives its minutes."""
        slides = list(self.prs.slides)
        labels = self.labels
        times: list[int | None] = [None] * len(slides)
        if self.deck.minutes:
            weights = [estimate(self._to_say(slide)) for slide in slides]
            times = list(allot(self.deck.minutes * 60, weights))
        # notes are read and copied, not laid out to our measure: no no-break marks, which
        # would ride along into a web address copied from a 「出處」 line
        spoken_language = replace(self.language, written=str)
        for slide, seconds in zip(slides, times, strict=True):
            notes = list(self.notes.get(id(slide), ()))
            if seconds is not None:
                notes.insert(0, suggested_time(seconds, labels))
            if notes:
                frame = self.notes_pages.of(slide).notes_text_frame
                paras = [Para((TextRun(n),), 12, "#000000", 16) for n in notes]
                write_paragraphs(frame, paras, spoken_language)

    def _to_say(self, slide: Any) -> SlideContent:
        """What there is to say about a rendered slide (see builder.render.pptx.timing), read
        from its XML: going through python-pptx's shape objects costs a deck's build several
        per cent more."""
        shown = pictures = 0
        for shape in slide.shapes._spTree.iterchildren(*_SHAPE_TAGS):
            properties = shape[0]  # nvSpPr, nvGrpSpPr, nvPicPr or nvGraphicFramePr
            if properties[0].get("name") in _SMALL_PRINT:
                continue
            if shape.tag in (_GROUP, _PICTURE):
                pictures += 1
                continue
            placeholder = properties.find(_PLACEHOLDER)
            if placeholder is not None and placeholder.get("type") in ("title", "ctrTitle"):
                continue
            shown += sum(len(text.text or "") for text in shape.iter(_TEXT))
        said = sum(
            len(note) for note in self.notes.get(id(slide), ()) if not note.startswith(self.labels.sources)
        )
        short = slide not in self.footers or id(slide) in self.glances  # a divider, or references
        # the notes say the slide's text too (compose.deck.spoken): only what they add is counted
        return SlideContent(shown, max(0, said - shown), pictures, short=short)

    def _notes_master_language(self) -> None:
        """python-pptx makes a default notes master (Calibri, no language) the first time a slide
        gets notes; give it our language and faces, so notes a speaker types later are right too."""
        if not any(slide.has_notes_slide for slide in self.prs.slides):
            return
        master = self.prs.notes_master._element
        for tag in ("a:defRPr", "a:endParaRPr", "a:rPr"):
            for element in master.iter(qn(tag)):
                language_properties(element, self.language)

    def _draft_mark(self, slide: Any) -> None:
        """草稿・未經審閱 across the slide, pale so the slide can still be proofread."""
        width, height = SLIDE_WIDTH * 0.8, 130.0
        box = slide.shapes.add_textbox(
            emu((SLIDE_WIDTH - width) / 2), emu((SLIDE_HEIGHT - height) / 2), emu(width), emu(height)
        )
        box.name = "Draft mark"
        box.rotation = -DRAFT_ANGLE
        mark = Para((TextRun(self.deck.draft, bold=True),), 80, DRAFT_COLOUR, 96, align="ctr")
        self._text(box, [mark], "ctr")

    def _footer(self, slide: Any, number: int, total: int) -> None:
        t = self.theme
        size = t.footer_size

        def make() -> Any:
            box = slide.shapes.add_textbox(
                emu(t.margin_x), emu(t.footer_top), emu(t.content_width), emu(size * 1.6 + 2 * t.inset_y)
            )
            box.name = "Footer"
            return box

        box = self.shape_copies.add(slide.shapes, ("footer",), make)
        runs = (
            TextRun(
                f"{self.deck.footer}　　{number} / {total}" if self.deck.footer else f"{number} / {total}"
            ),
        )
        self._text(box, [Para(runs, size, t.muted, size * 1.3, align="r")])


_GROUP, _PICTURE, _TEXT = qn("p:grpSp"), qn("p:pic"), qn("a:t")
_SHAPE, _FRAME = qn("p:sp"), qn("p:graphicFrame")
_PLACEHOLDER = f"{qn('p:nvPr')}/{qn('p:ph')}"  # a placeholder's role
_SHAPE_TAGS = (qn("p:sp"), _GROUP, _PICTURE, qn("p:graphicFrame"))
_SMALL_PRINT = ("Footer", "Draft mark", "QR caption", "Review date and disclaimer", "QR code", "Clinic logo")
DRAFT_COLOUR = "#EF9A9A"  # pale red: seen at once, the text under it still legible
DRAFT_ANGLE = 25.0  # degrees, rising left to right

_DEFAULT_DATE = dt.date(2000, 1, 1)  # core-properties date when the spec gives none


def _drawn_area(scene: Scene, box: Box) -> float:
    """The area a figure of the scene's proportions takes drawn as large as fits in `box`."""
    aspect = figure_aspect(scene)
    return min(box.w, box.h * aspect) * min(box.h, box.w / aspect)


def _send_to_back(shape: Any) -> None:
    tree = shape._element.getparent()
    tree.remove(shape._element)
    tree.insert(2, shape._element)  # after the group's own nvGrpSpPr and grpSpPr


def render_deck_pptx(
    deck: Deck, fonts: FontSet, theme: DeckTheme | None = None, embed_fonts: bool = False
) -> RenderedDeck:
    """The .pptx bytes of a deck; `fonts` are the bundled fonts used to measure text. The theme
    is the one for the deck's audience unless one is given. With embed_fonts the deck names and
    carries the bundled Noto Sans face (builder.render.pptx.embed)."""
    compile_xpaths()  # python-pptx's look-ups, compiled once (see builder.render.pptx.xpath)
    writer = _DeckWriter(deck, fonts, theme or theme_for(deck.audience), embed_fonts)
    if len(deck.slides) > MAX_SLIDES:
        raise TooManySlidesError
    for slide in deck.slides:
        writer.add(slide)
        if len(writer.prs.slides) > MAX_SLIDES:
            raise TooManySlidesError
    return writer.finish()
