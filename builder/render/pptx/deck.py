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
from pptx.util import Emu

from builder.compose.deck import Deck, Point, Slide
from builder.compose.labels import Labels, labels_for, suggested_time
from builder.figures.scene import Scene
from builder.render.pptx.fit import Chunk, Measurer, TablePage
from builder.render.pptx.package import NotesPages, remember_partnames, save_reproducible
from builder.render.pptx.qr import add_qr
from builder.render.pptx.scene import add_scene
from builder.render.pptx.template import LAYOUT_INDEX, Box, TemplateInfo, template_package
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
    LANG_TAGS,
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
from builder.typeset import FontSet, nonbreaking

# Marks every Chinese font has (○ good, △ so-so, × bad is how Taiwan and mainland forms mark answers).
MARKERS = {"bullet": "●", "checkbox": "□", "cross": "×", "tick": "○", "triangle": "▲", "question": "Q"}


MAX_SLIDES = 300  # four hours at a slide a minute, with room to spare; more is a runaway spec


class TooManySlidesError(Exception):
    """The deck would pass MAX_SLIDES; raised as soon as it does, so the work stays bounded."""


@dataclass(frozen=True)
class RenderedDeck:
    data: bytes
    slides: int
    continuations: int


class _DeckWriter:
    def __init__(self, deck: Deck, fonts: FontSet, theme: DeckTheme) -> None:
        self.deck = deck
        self.theme = theme.branded(deck.brand.primary, deck.brand.accent)
        default = DEFAULT_FONT_NAMES[deck.language]
        names = FontNames(
            deck.brand.east_asian_font or default.east_asian, deck.brand.latin_font or default.latin
        )
        self.measure = Measurer(fonts, self.theme)
        style = self.measure.style(self.theme.body.floor, False)
        self.language = Language(LANG_TAGS[deck.language], names, partial(nonbreaking, style=style))
        info = TemplateInfo(
            deck.title, deck.author, deck.subject, self.language.lang, deck.date or _DEFAULT_DATE
        )
        self.prs = Presentation(io.BytesIO(template_package(self.theme, names, info)))
        remember_partnames(self.prs)
        self.continuations = 0
        self.footers: list[Any] = []  # slides that get the footer line
        self.notes_pages = NotesPages()
        self.notes: dict[int, Sequence[str]] = {}  # by id(slide): written with their times in finish()

    # --- helpers ------------------------------------------------------------------------------

    def _new(self, kind: str) -> Any:
        return self.prs.slides.add_slide(self.prs.slide_layouts[LAYOUT_INDEX[kind]])

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
        body_properties(shape.text_frame, self.theme.inset_x, self.theme.inset_y, anchor)
        write_paragraphs(shape.text_frame, paras, self.language)

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
    ) -> float:
        """Set the title (broken between phrases); returns the bottom of its box."""
        lines, size = self.measure.title(text, self._inner(box)[0], sizes, self.deck.language, most_lines)
        pitch = self.theme.title_pitch * size
        height = max(box.h, len(lines) * pitch + 2 * self.theme.inset_y)
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

    def _notes(self, slide: Any, notes: Sequence[str]) -> None:
        """The slide's speaker notes, written in finish() once every slide's time is known."""
        if notes:
            self.notes[id(slide)] = notes

    def _remove_empty_placeholders(self, slide: Any) -> None:
        for shape in list(slide.placeholders):
            if getattr(shape, "has_table", False):
                continue
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                shape._element.getparent().remove(shape._element)

    def _band(self, slide: Any, colour: str, height: float) -> None:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, emu(SLIDE_WIDTH), emu(height))
        band.name = "Band"
        band.fill.solid()
        band.fill.fore_color.rgb = rgb(colour)
        band.line.fill.background()
        _send_to_back(band)

    def _panel(self, slide: Any, box: Box, fill: str, line: str | None = None, width: float = 0) -> None:
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

    def _page(self, kind: str, title: str, continued: bool, alarm: bool = False) -> tuple[Any, Box]:
        """A slide with its title set; returns the slide and the free body box below the title."""
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
            bottom = self._set_title(
                slide, text, t.title, Box(t.margin_x, t.title_top, t.content_width, 64), t.title_colour()
            )
        top = bottom + t.gap
        self.footers.append(slide)
        if continued:
            self.continuations += 1
        return slide, Box(t.margin_x, top, t.content_width, t.body_bottom - top)

    # --- one method per kind of slide ----------------------------------------------------------

    def add(self, slide: Slide) -> None:
        slide = self._fit_title(slide)
        if slide.kind in ("table", "statement") and slide.points:
            # the rest of a long title before a table or a message: on a slide of its own
            self._content(replace(slide, kind="content", table=None))
            slide = replace(slide, points=(), notes=())
        kinds = {
            "title": self._cover,
            "section": self._section,
            "statement": self._statement,
            "content": self._content,
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
        width = self._inner(Box(0, 0, t.content_width - (120 if cover else 0), 0))[0]
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
    ) -> None:
        """Points on this slide and as many continuation slides as they need. `dress` puts the
        section's pictures or map on every one of them and returns the room left for the points."""
        t = self.theme
        page, box = first or self._page(kind, slide.title, False, alarm)
        if dress is not None:
            box = dress(page, box)
        self._notes(page, slide.notes)
        chunks = self._paginate(points, replace(box, h=box.h - self._title_growth(slide.title)))
        for index, chunk in enumerate(chunks):
            if index:
                page, box = self._page(kind, slide.title, True, alarm)
                if dress is not None:
                    box = dress(page, box)
            body = page.placeholders[1]
            self._place(body, box)
            self._text(body, self._paras(chunk.points, chunk.size, t.text, alarm))
            self._remove_empty_placeholders(page)

    def _title_growth(self, title: str, width: float | None = None) -> float:
        """How much taller a continuation slide's title is than the first slide's: 「（續）」 may
        take it onto another line, and every slide's text must fit the smallest body box."""
        t = self.theme
        inner = self._inner(Box(0, 0, t.content_width if width is None else width, 0))[0]

        def height(text: str) -> float:
            lines, size = self.measure.title(text, inner, t.title, self.deck.language, 2)
            return max(64.0, len(lines) * t.title_pitch * size + 2 * t.inset_y)

        return max(0.0, height(title + self.deck.continued) - height(title))

    def _paginate(self, points: Sequence[Point], box: Box) -> list[Chunk]:
        width, height = self._inner(box)
        return self.measure.paginate(points, width, height, self.theme.body)

    def _content(self, slide: Slide) -> None:
        if slide.figure is not None:
            self._chunks_to_pages(slide, slide.points, dress=partial(self._figure, slide.figure))
        elif slide.pictures:
            self._chunks_to_pages(slide, slide.points, dress=partial(self._pictures, slide.pictures))
        else:
            self._chunks_to_pages(slide, slide.points)

    def _pictures(self, pictures: Sequence[Scene], page: Any, box: Box) -> Box:
        """The section's pictures in a strip on the right of this slide (and of each slide it
        continues on); the points keep the rest of the width."""
        strip, gap = {1: 300.0, 2: 230.0}.get(len(pictures), 170.0), 24.0
        scene = pictures[0]
        height = strip * scene.height / scene.width
        step = min(height + 10, box.h / len(pictures))
        strip = min(strip, (step - 10) * scene.width / scene.height)  # three stay inside the body box
        for index, picture in enumerate(pictures):
            add_scene(page.shapes, picture, box.x + box.w - strip, box.y + index * step, strip, self.language)
        return Box(box.x, box.y, box.w - strip - gap, box.h)

    def _figure(self, scene: Scene, page: Any, box: Box) -> Box:
        """A body map as tall as the slide's body allows (at most half its width) at the left,
        the points in the rest; native shapes a presenter can recolour or move."""
        width = min(box.w * 0.5, box.h * scene.width / scene.height)
        height = width * scene.height / scene.width
        add_scene(page.shapes, scene, box.x, box.y + (box.h - height) / 2, width, self.language)
        gap = 36.0
        return Box(box.x + width + gap, box.y, box.w - width - gap, box.h)

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
        for candidate in t.body.sizes():
            lw, lh = self._inner(boxes[0])
            rw, rh = self._inner(right_box)
            if self.measure.fits(left, candidate, lw, lh) and self.measure.fits(right, candidate, rw, rh):
                size = candidate
                break
        if size is None:  # too much for two columns: one column, continued as needed
            self._chunks_to_pages(slide, (*left, *right), first=(page, box))
            return
        self._notes(page, slide.notes)
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
        self._notes(page, slide.notes)
        height = box.h - self._title_growth(slide.title)
        pages = self.measure.table(slide.table.header, slide.table.rows, box.w, height, t.table)
        for index, table_page in enumerate(pages):
            if index:
                page, box = self._page("table", slide.title, True)
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
            page, slide.title, sizes, Box(t.margin_x, 120, t.content_width - 120, 100), colour, 3
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
        self._notes(page, slide.notes)
        message = (Point(slide.subtitle, marker="none"),)
        width, height = self._inner(box)
        size = self.measure.best_size(message, width, height, t.statement)
        if size is None:
            self._chunks_to_pages(replace(slide, notes=()), message, first=(page, box))
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
        return RenderedDeck(save_reproducible(self.prs), total, self.continuations)

    def _speaker_notes(self) -> None:
        """Every slide's notes, led by its suggested time when the talk gives its minutes."""
        slides = list(self.prs.slides)
        labels = labels_for(self.deck.language)
        times: list[int | None] = [None] * len(slides)
        if self.deck.minutes:
            weights = [estimate(self._to_say(slide, labels)) for slide in slides]
            times = list(allot(self.deck.minutes * 60, weights))
        for slide, seconds in zip(slides, times, strict=True):
            notes = list(self.notes.get(id(slide), ()))
            if seconds is not None:
                notes.insert(0, suggested_time(seconds, labels))
            if notes:
                frame = self.notes_pages.of(slide).notes_text_frame
                paras = [Para((TextRun(n),), 12, "#000000", 16) for n in notes]
                write_paragraphs(frame, paras, self.language)

    def _to_say(self, slide: Any, labels: Labels) -> SlideContent:
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
        spoken = 0
        for note in self.notes.get(id(slide), ()):
            if note == labels.references:
                break  # the closing slide's reading list
            if not note.startswith(labels.sources):
                spoken += len(note)
        return SlideContent(shown, spoken, pictures, short=slide not in self.footers)

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
        box = slide.shapes.add_textbox(
            emu(t.margin_x), emu(t.footer_top), emu(t.content_width), emu(size * 1.6 + 2 * t.inset_y)
        )
        box.name = "Footer"
        runs = (
            TextRun(
                f"{self.deck.footer}　　{number} / {total}" if self.deck.footer else f"{number} / {total}"
            ),
        )
        self._text(box, [Para(runs, size, t.muted, size * 1.3, align="r")])


_GROUP, _PICTURE, _TEXT = qn("p:grpSp"), qn("p:pic"), qn("a:t")
_PLACEHOLDER = f"{qn('p:nvPr')}/{qn('p:ph')}"  # a placeholder's role
_SHAPE_TAGS = (qn("p:sp"), _GROUP, _PICTURE, qn("p:graphicFrame"))
_SMALL_PRINT = ("Footer", "Draft mark", "QR caption", "Review date and disclaimer", "QR code", "Clinic logo")
DRAFT_COLOUR = "#EF9A9A"  # pale red: seen at once, the text under it still legible
DRAFT_ANGLE = 25.0  # degrees, rising left to right

_DEFAULT_DATE = dt.date(2000, 1, 1)  # core-properties date when the spec gives none


def _send_to_back(shape: Any) -> None:
    tree = shape._element.getparent()
    tree.remove(shape._element)
    tree.insert(2, shape._element)  # after the group's own nvGrpSpPr and grpSpPr


def render_deck_pptx(deck: Deck, fonts: FontSet, theme: DeckTheme | None = None) -> RenderedDeck:
    """The .pptx bytes of a deck; `fonts` are the bundled fonts used to measure text. The theme
    is the one for the deck's audience unless one is given."""
    writer = _DeckWriter(deck, fonts, theme or theme_for(deck.audience))
    if len(deck.slides) > MAX_SLIDES:
        raise TooManySlidesError
    for slide in deck.slides:
        writer.add(slide)
        if len(writer.prs.slides) > MAX_SLIDES:
            raise TooManySlidesError
    return writer.finish()
