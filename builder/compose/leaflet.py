"""What a two-page A4 leaflet carries, in the order a patient should read it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from builder.compose.brand import brand_of
from builder.compose.document import (
    Block,
    Callout,
    Card,
    CardGrid,
    Document,
    Figure,
    Footer,
    Heading,
    Inline,
    ItemList,
    ListItem,
    Marker,
    Paragraph,
    Picture,
    QrCode,
    Section,
    SideBySide,
    Table,
)
from builder.compose.labels import Labels, contact_fields, join_items, labels_for, phone_number, rule_lines
from builder.figures.bodymap import MapRequest, map_scene, region_label
from builder.figures.marks import Verdict
from builder.figures.scene import Scene
from builder.maps import map_fields, request_of
from builder.spec.loader import LoadedSpec, resolve_reference
from builder.spec.model import DOSE_COUNTS, BodyMap, ClinicProfile, ConditionSpec, Dose, Exercise, InlinePose
from builder.spec.yamlsource import FieldPath
from builder.typeset.normalize import normalize_text as norm


def para(*pieces: str | Inline, role: Literal["body", "lead", "subtitle"] = "body") -> Paragraph:
    """A paragraph from plain strings and Inline pieces, all normalised."""
    inlines = tuple(
        Inline(norm(p)) if isinstance(p, str) else Inline(norm(p.text), p.strong)
        for p in pieces
        if (p if isinstance(p, str) else p.text)
    )
    return Paragraph(inlines, role)


def strong(text: str) -> Inline:
    return Inline(text, strong=True)


def items(texts: Iterable[str], marker: Marker = "bullet") -> ItemList:
    return ItemList(tuple(ListItem(marker, (para(t),)) for t in texts))


def _numbered(texts: Iterable[str]) -> ItemList:
    return ItemList(tuple(ListItem("number", (para(t),), str(i)) for i, t in enumerate(texts, 1)))


def section(title: str, blocks: Iterable[Block | None], level: Literal[2, 3] = 2) -> Section | None:
    kept = tuple(b for b in blocks if b is not None)
    return Section(Heading(norm(title), level), kept) if kept else None


def dose_text(dose: Dose, labels: Labels) -> str:
    """3 組，每組 10 下，每下停 5 秒，每天 2 次 — numbers patients can follow."""
    parts = []
    given = {name: value for name in DOSE_COUNTS if isinstance(value := getattr(dose, name), int)}
    if "sets" in given:
        parts.append(labels.sets.format(n=given["sets"]))
    if "reps" in given:
        parts.append((labels.reps_per_side if dose.per_side else labels.reps).format(n=given["reps"]))
    if "hold_seconds" in given:
        parts.append(labels.hold.format(n=given["hold_seconds"]))
    if dose.duration:
        parts.append(dose.duration)
    if "times_per_day" in given:
        parts.append(labels.times_per_day.format(n=given["times_per_day"]))
    if dose.note:
        parts.append(dose.note)
    if dose.open_fields():  # left open where the source gives no dose: the therapist sets it
        parts.append(labels.as_prescribed)
    return join_items(parts, labels.list_separator)


PictureSize = Literal["full", "compact", "none"]
PICTURE_SECTIONS = ("ng_moves", "sleep_positions", "exercises")  # the sections that carry pictures


@dataclass(frozen=True)
class Fit:
    """How hard a leaflet's layout works to stay on one sheet (builder.leaflet_fit tries these in
    a fixed order): picture size, captions beside 30 mm pictures, moves to avoid and sleep
    positions as a grid of cards, and what is left out (picture sections, body maps by where
    they are written in the spec, as builder.maps.map_fields gives them)."""

    pictures: PictureSize = "full"
    cards: bool = False
    no_pictures: frozenset[str] = frozenset()
    no_maps: frozenset[FieldPath] = frozenset()


def compose_leaflet(loaded: LoadedSpec, fit: Fit = Fit()) -> Document:
    """The two-page leaflet, set as `fit` says (builder.leaflet_fit chooses it to keep one sheet):
    picture size, cards, and which picture sections and body maps are left out."""
    spec = loaded.spec
    shown = pictures_of(loaded, compact=fit.pictures == "compact") if fit.pictures != "none" else no_pictures

    def picture(section: str) -> PictureOf:
        return no_pictures if section in fit.no_pictures else shown

    labels = labels_for(spec.language)
    header = header_blocks(spec)
    blocks: list[Block | None] = []
    if spec.key_points:
        blocks.append(Callout("key_points", (items(spec.key_points, "tick"),), title=labels.key_points))
    blocks += [
        section(labels.what_it_is, [para(p) for p in spec.what_it_is]),
        section(labels.anatomy, [para(p) for p in spec.anatomy]),
        _symptoms(spec, labels, fit.no_maps),
        _comparisons(spec, labels),
        _self_check(spec, labels),
        _red_flags(spec, labels),
        _ng_moves(spec, labels, picture("ng_moves"), fit.cards),
        _sleep(spec, labels, picture("sleep_positions"), fit.cards),
        _exercises(spec, labels, picture("exercises")),
        _tips(spec, labels),
        _treatments(spec, labels),
        _myths(spec, labels),
        _faq(spec, labels),
        _case(spec, labels),
        clinic_section(loaded.clinic, labels),
        section(labels.references, [_numbered([r.text for r in spec.references])] if spec.references else []),
        long_disclaimer(spec),
    ]
    return Document(
        title=norm(spec.title),
        language=spec.language,
        header=tuple(header),
        blocks=tuple(b for b in blocks if b is not None),
        footer=page_footer(spec, loaded.clinic, labels),
        subject=norm(spec.main_message or spec.subtitle or spec.title),
        author=norm(loaded.clinic.name) if loaded.clinic else "",
        brand=brand_of(loaded),
    )


PictureValue = str | InlinePose | None


class PictureOf(Protocol):
    """Turns a spec's `picture:` value into what a section shows (see pictures_of)."""

    def __call__(
        self,
        value: PictureValue,
        verdict: Verdict | None = None,
        hold: int | None = None,
        word: str | None = None,
    ) -> Picture | None: ...


VERDICT_OF_RATING: dict[str, Verdict] = {
    "recommended": "ok",
    "acceptable": "maybe",
    "not_recommended": "avoid",
}


def no_pictures(
    value: PictureValue, verdict: Verdict | None = None, hold: int | None = None, word: str | None = None
) -> Picture | None:
    return None


def pictures_of(loaded: LoadedSpec, compact: bool = False) -> PictureOf:
    """Turns a spec's `picture:` value into a posed figure (a library name or an inline pose),
    with its verdict and hold time, or the spec's own image file.
    (builder.images has already checked each one, with its line, before anything is composed.)"""
    from builder.images import figure_scene

    language = loaded.spec.language

    def picture(
        value: PictureValue, verdict: Verdict | None = None, hold: int | None = None, word: str | None = None
    ) -> Picture | None:
        if not value:
            return None
        scene = figure_scene(value, language, verdict, hold, word)
        if scene is not None:
            return Picture(scene, compact=compact)
        assert isinstance(value, str)  # an image file
        return Picture(image=resolve_reference(value, loaded.source, ()), compact=compact)

    return picture


def sections_of(
    spec: ConditionSpec, labels: Labels, pictures: PictureOf = no_pictures, maps: bool = False
) -> dict[str, Block | None]:
    """The leaflet's sections by name, for formats that choose among them (booklet, tri-fold)."""
    return {
        "key_points": Callout("key_points", (items(spec.key_points, "tick"),), title=labels.key_points)
        if spec.key_points
        else None,
        "what_it_is": section(labels.what_it_is, [para(p) for p in spec.what_it_is]),
        "symptoms": _symptoms(spec, labels, frozenset() if maps else _all_maps(spec)),
        "self_check": _self_check(spec, labels),
        "red_flags": _red_flags(spec, labels),
        "ng_moves": _ng_moves(spec, labels, pictures),
        "sleep_positions": _sleep(spec, labels, pictures),
        "exercises": _exercises(spec, labels, pictures),
        "daily_tips": _tips(spec, labels),
    }


def _all_maps(spec: ConditionSpec) -> frozenset[FieldPath]:
    return frozenset(where for _, where, _ in map_fields(spec))


def header_blocks(spec: ConditionSpec) -> list[Block]:
    """Title, subtitle and the boxed main message: what a reader sees first."""
    header: list[Block] = [Heading(norm(spec.title), 1)]
    if spec.subtitle:
        header.append(para(spec.subtitle, role="subtitle"))
    if spec.main_message:
        header.append(Callout("main", (para(strong(spec.main_message), role="lead"),)))
    return header


def numbered_route(steps: Sequence[str]) -> str:
    """① 腰外側 → ② 屁股上方: the numbers a body map's markers carry."""
    return " → ".join(f"{chr(0x2460 + i)} {step}" if i < 20 else step for i, step in enumerate(steps))


def map_figure(body_map: BodyMap, language: str, steps: Sequence[str] = (), crop: bool = True) -> Figure:
    """A spec's body map as a figure (its alt text names the route's steps in the text's words)."""
    return Figure(_map_scene(request_of(body_map), language, tuple(norm(s) for s in steps), crop))


@lru_cache(maxsize=256)
def _map_scene(request: MapRequest, language: str, steps: tuple[str, ...], crop: bool) -> Scene:
    """A body map's scene, drawn once per process (as library_scene): the leaflet's fitting
    composes it once per setting it tries. Kept in the cache folder too (as library_scene), so
    a process draws a map only the first time any process shows it."""
    from builder.typeset.cache import kept_object

    def draw() -> Scene:
        return map_scene(request, language, list(steps), crop=crop)

    return kept_object("map-scene", (request, language, steps, crop), draw, Scene)


def map_steps(body_map: BodyMap, language: str) -> list[str]:
    """A map's route in words from the region names, for a map with no text route."""
    return [norm("、".join(region_label(name, language) for name in step)) for step in body_map.route]


def _symptoms(
    spec: ConditionSpec, labels: Labels, no_maps: frozenset[FieldPath] = frozenset()
) -> Section | None:
    """Symptoms and pain routes, each beside its body map unless that map is in `no_maps`."""
    blocks: list[Block | None] = []
    worse_better = [
        section(labels.worse, [items(spec.worse)], level=3) if spec.worse else None,
        section(labels.better, [items(spec.better)], level=3) if spec.better else None,
    ]
    if spec.symptoms_map is not None and ("symptoms_map",) not in no_maps:
        # what makes it worse or better sits beside the map too, so the map costs no extra height
        text: list[Block] = [items(spec.symptoms)] if spec.symptoms else []
        if spec.symptoms_map.route:
            steps = map_steps(spec.symptoms_map, spec.language)
            text.append(para(strong(labels.route + "："), numbered_route(steps)))
        text += [b for b in worse_better if b is not None]
        worse_better = []
        blocks.append(SideBySide((map_figure(spec.symptoms_map, spec.language),), tuple(text), 0.38))
    elif spec.symptoms:
        blocks.append(items(spec.symptoms))
    for index, route in enumerate(spec.pain_routes):
        details: list[Block] = []
        drawn = route.map is not None and ("pain_routes", index, "map") not in no_maps
        if route.route or (drawn and route.map is not None and route.map.route):
            steps = route.route or (map_steps(route.map, spec.language) if route.map else [])
            shown = numbered_route(steps) if drawn else " → ".join(steps)
            details.append(para(strong(labels.route + "："), shown))
        if route.feeling:
            details.append(para(strong(labels.feeling + "："), route.feeling))
        if route.when:
            details.append(para(strong(labels.when + "："), route.when))
        if route.note:
            details.append(para(route.note))
        if drawn and route.map is not None:
            figure = map_figure(route.map, spec.language, route.route)
            details = [SideBySide((figure,), tuple(details), 0.38)]
        blocks.append(Callout("note", (para(strong(route.name)), *details)))
    blocks += worse_better
    title = labels.symptoms if not spec.pain_routes or spec.symptoms else labels.pain_routes
    return section(title, blocks)


def _comparisons(spec: ConditionSpec, labels: Labels) -> Section | None:
    blocks: list[Block | None] = []
    for table in spec.comparisons:
        body: list[Block] = [
            Table(tuple(norm(c) for c in table.columns), tuple(tuple(norm(c) for c in r) for r in table.rows))
        ]
        if table.note:
            body.append(para(table.note))
        blocks.append(section(table.title, body, level=3))
    return section(labels.comparisons, blocks)


def _self_check(spec: ConditionSpec, labels: Labels) -> Section | None:
    check = spec.self_check
    if check is None:
        return None
    rule = Callout(
        "rule",
        tuple(para(strong(label), advice) for label, advice in rule_lines(check.rule, labels)),
        title=labels.rule_title,
    )
    intro = para(check.intro or labels.self_check_intro)
    return section(
        check.title or labels.self_check, [intro, SideBySide((items(check.questions, "checkbox"),), (rule,))]
    )


def _red_flags(spec: ConditionSpec, labels: Labels) -> Callout | None:
    flags = spec.red_flags
    if flags is None:
        return None
    blocks: list[Block] = [para(strong(flags.intro or labels.red_flags_intro))]
    blocks.append(items(flags.items, "triangle"))
    if flags.action:
        blocks.append(para(strong(flags.action)))
    return Callout("red_flags", tuple(blocks), title=labels.red_flags, keep_together=True)


def _ng_moves(
    spec: ConditionSpec, labels: Labels, pictures: PictureOf = no_pictures, cards: bool = False
) -> Section | None:
    entries = []
    for move in spec.ng_moves:
        words = [para(strong(labels.why), move.why)]
        if move.instead:
            words.append(para(strong(labels.instead), move.instead))
        entries.append(_Entry("cross", para(strong(move.move)), words, pictures(move.picture, "avoid", None)))
    return section(labels.ng_moves, [_entries(entries, cards)] if entries else [])


@dataclass(frozen=True)
class _Entry:
    """A move to avoid or a sleep position: its marker, title line, words and picture."""

    marker: Marker
    title: Paragraph
    words: list[Paragraph]
    picture: Picture | None


def _entries(entries: Sequence[_Entry], cards: bool) -> ItemList | CardGrid:
    """A list with each picture above its words (full size) or beside them with the title (30 mm);
    with `cards`, when every entry has a picture, a grid of cards: picture over the title."""
    if cards and all(e.picture is not None for e in entries):
        cards_ = (Card(e.picture, e.title, e.marker, tuple(e.words)) for e in entries if e.picture)
        return CardGrid(tuple(cards_))
    items_: list[ListItem] = []
    for e in entries:
        shown: tuple[Paragraph | Picture | SideBySide, ...]
        if e.picture is None:
            shown = (e.title, *e.words)
        elif e.picture.compact:  # the title and words beside the picture, where that is shorter
            shown = (SideBySide((e.picture,), (e.title, *e.words), left_width_mm=COMPACT_MM),)
        else:
            shown = (e.title, e.picture, *e.words)
        items_.append(ListItem(e.marker, shown))
    return ItemList(tuple(items_))


COMPACT_MM = 30.0  # a compact picture's width: the smallest that still reads in print


def _sleep(
    spec: ConditionSpec, labels: Labels, pictures: PictureOf = no_pictures, cards: bool = False
) -> Section | None:
    markers: dict[str, Marker] = {"recommended": "tick", "acceptable": "triangle", "not_recommended": "cross"}
    entries = []
    for position in spec.sleep_positions:
        title = para(strong(f"{labels.ratings[position.rating]}｜"), strong(position.name))
        words = [para(p) for p in position.how]
        if position.why:
            words.append(para(strong(labels.why), position.why))
        verdict = VERDICT_OF_RATING[position.rating]
        shown = pictures(position.picture, verdict, None, labels.ratings[position.rating])  # the title's word
        entries.append(_Entry(markers[position.rating], title, words, shown))
    return section(labels.sleep_positions, [_entries(entries, cards)] if entries else [])


CONTINUED_NAME = 24  # characters of an exercise's name over the part of its card on a new page


def short_name(name: str) -> str:
    """A name short enough to head every continued part of its card or section (a line or two)."""
    return name if len(name) <= CONTINUED_NAME else name[: CONTINUED_NAME - 1] + "…"


def hold_of(exercise: Exercise) -> int | None:
    """The hold time an exercise's picture shows in its badge."""
    hold = exercise.dose.hold_seconds if exercise.dose else None
    return hold if isinstance(hold, int) else None  # an open hold (as_prescribed) shows no badge


def exercise_card(
    exercise: Exercise, labels: Labels, picture: Picture | None = None, picture_share: float = 0.24
) -> Callout:
    """One exercise as a boxed card: name, picture, dose, purpose, numbered steps, cautions,
    when to stop, and a QR code to its video."""
    blocks: list[Block] = []
    if exercise.dose:
        blocks.append(para(strong(labels.dose), dose_text(exercise.dose, labels)))
    if exercise.purpose:
        blocks.append(para(strong(labels.purpose), exercise.purpose))
    if exercise.steps:
        blocks.append(_numbered(exercise.steps))
    if exercise.cautions:
        blocks.append(para(strong(labels.cautions), join_items(exercise.cautions, labels.list_separator)))
    if exercise.stop_if:
        blocks.append(para(strong(labels.stop_if), exercise.stop_if))
    if exercise.video:
        blocks.append(QrCode(exercise.video, norm(labels.video)))
    if picture is not None and picture.compact:  # 30 mm beside the text, where that is shorter
        blocks = [SideBySide((picture,), tuple(blocks), left_width_mm=COMPACT_MM)]
    elif picture is not None:  # beside the text where the page is wide enough, above it where not
        blocks = [SideBySide((picture,), tuple(blocks), left_share=picture_share)]
    blocks.insert(0, para(strong(exercise.name)))
    # A card stays on one page when it fits; a taller one repeats its name where it goes on.
    return Callout(
        "note",
        tuple(blocks),
        keep_together=True,
        continued=para(strong(short_name(exercise.name) + labels.continued)),
    )


def _exercises(spec: ConditionSpec, labels: Labels, pictures: PictureOf = no_pictures) -> Section | None:
    stages = [
        section(
            stage.name,
            [para(strong(labels.goal), stage.goal) if stage.goal else None]
            + [exercise_card(e, labels, pictures(e.picture, None, hold_of(e))) for e in stage.exercises],
            level=3,
        )
        for stage in spec.exercises
    ]
    return section(labels.exercises, stages)


def _tips(spec: ConditionSpec, labels: Labels) -> Section | None:
    return section(
        labels.daily_tips,
        [section(group.situation, [items(group.tips)], level=3) for group in spec.daily_tips],
    )


def _treatments(spec: ConditionSpec, labels: Labels) -> Section | None:
    entries = []
    for treatment in spec.treatments:
        paragraphs = [para(strong(treatment.name))]
        if treatment.what:
            paragraphs.append(para(treatment.what))
        for label, values in ((labels.benefits, treatment.benefits), (labels.limits, treatment.limits)):
            if values:
                paragraphs.append(para(strong(label), "；".join(values)))
        if treatment.suits:
            paragraphs.append(para(strong(labels.suits), treatment.suits))
        entries.append(Callout("note", tuple(paragraphs)))
    return section(labels.treatments, entries)


def _myths(spec: ConditionSpec, labels: Labels) -> Section | None:
    entries = [
        ListItem("cross", (para(strong(labels.myth), m.myth), para(strong(labels.fact), m.fact)))
        for m in spec.myths
    ]
    return section(labels.myths, [ItemList(tuple(entries))] if entries else [])


def _faq(spec: ConditionSpec, labels: Labels) -> Section | None:
    entries = [ListItem("question", (para(strong(qa.q)), para(qa.a)), labels.question) for qa in spec.faq]
    return section(labels.faq, [ItemList(tuple(entries))] if entries else [])


def _case(spec: ConditionSpec, labels: Labels) -> Section | None:
    if spec.case_story is None:
        return None
    story = spec.case_story
    return section(
        story.title or labels.case_story, [Callout("note", tuple(para(p) for p in story.paragraphs))]
    )


def clinic_section(clinic: ClinicProfile | None, labels: Labels) -> Section | None:
    if clinic is None:
        return None
    lines: list[Block] = [para(strong(clinic.name))]
    lines += [para(strong(label), value) for label, value in contact_fields(clinic, labels)]
    return section(labels.clinic, lines)


def page_footer(spec: ConditionSpec, clinic: ClinicProfile | None, labels: Labels) -> Footer:
    """Clinic and phone, review date, disclaimer and QR code: on every printed page."""
    first = []
    if clinic is not None:
        first.append(norm(clinic.name))
        if clinic.phone:  # the phone in the contact block's form (see phone_number)
            first.append(norm(labels.phone) + phone_number(clinic.phone))
    review = review_line(spec, labels)
    lines = ("　".join(first), review) if first else (review,)
    link = clinic.website if clinic is not None and clinic.website else ""
    disclaimer = spec.disclaimer if long_disclaimer(spec) is None else None
    draft = "" if spec.review_date else labels.draft
    return Footer(lines, norm(disclaimer or labels.disclaimer), labels.page, link, draft=draft)


def review_line(spec: ConditionSpec, labels: Labels) -> str:
    """審閱日期 2026-09-15, or, for a spec without one, that it is an unreviewed draft."""
    if spec.review_date:
        return labels.review_date.format(date=spec.review_date.isoformat())
    return f"{labels.no_review_date}　{labels.draft}"


FOOTER_DISCLAIMER = 200  # characters; a longer disclaimer would leave a page no room for its body


def long_disclaimer(spec: ConditionSpec) -> Paragraph | None:
    """A disclaimer too long for the footer of every page: printed in full once, at the end of the
    body (the footer keeps the standard one-line disclaimer)."""
    if spec.disclaimer is None or len(norm(spec.disclaimer)) <= FOOTER_DISCLAIMER:
        return None
    return para(spec.disclaimer)
