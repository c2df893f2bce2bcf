"""What a talk deck carries: slides with short text, and speaker notes with the rest.

A slide shows what the audience should read at a glance (a symptom, a move to
avoid, a dose); the explanations (why, how, the answer to a question) go into the
slide's notes, so the speaker has them and nothing in the spec is lost. The deck
renderer decides sizes and continuation slides; this module decides content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from builder.compose.brand import Brand, brand_of
from builder.compose.document import Marker, Table
from builder.compose.labels import NUMERALS, Labels, contact_fields, join_items, labels_for, rule_lines
from builder.compose.leaflet import (
    VERDICT_OF_RATING,
    dose_text,
    hold_of,
    map_figure,
    map_steps,
    numbered_route,
)
from builder.figures.marks import VERDICT_WORDS
from builder.figures.scene import Scene
from builder.images import figure_scene
from builder.spec.loader import LoadedSpec, LoadedTalk
from builder.spec.model import ClinicProfile, ConditionSpec, Exercise, PainRoute, Reference
from builder.spec.talk import SECTION_NAMES, Audience, FreeSlide
from builder.spec.yamlsource import FieldPath
from builder.typeset.normalize import normalize_text as norm
from builder.typeset.sentences import sentences

T = TypeVar("T")

SlideKind = Literal[
    "title",
    "section",
    "statement",
    "content",
    "two_column",
    "table",
    "alert",
    "closing",
    "cards",  # a card grid: each card a picture with its verdict, and its text
    "picture",  # one large picture (figure) beside its steps
    "map",  # a body map (figure) beside the numbered route
    "checklist",  # the self-check's questions, with boxes to tick
    "rule",  # the self-check's rule, large, in its own panel
    "summary",
]


@dataclass(frozen=True)
class Point:
    """One paragraph on a slide: an optional bold lead-in, then text."""

    text: str
    label: str = ""
    marker: Marker | Literal["none"] = "bullet"
    level: Literal[0, 1] = 0
    continued: bool = False  # the rest of a point cut at a slide's end: same indent, no marker
    number: int = 0  # for numbered points: its number, so a continuation slide goes on counting


@dataclass(frozen=True)
class Card:
    """One item of a card grid: its picture (the verdict badge and frame drawn on it) and its
    text: the verdict in words with the item, then its one-line reason."""

    points: tuple[Point, ...]
    picture: Scene | None = None
    notes: tuple[str, ...] = ()  # on the notes of the slide the card is on


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    title: str
    subtitle: str = ""
    points: tuple[Point, ...] = ()
    right: tuple[Point, ...] = ()  # the second column of a two-column slide
    left_title: str = ""
    right_title: str = ""
    table: Table | None = None
    notes: tuple[str, ...] = ()
    link: str = ""  # the closing slide's QR code target
    footnote: str = ""
    plain: bool = False  # a two-column slide without the tinted panel behind the right column
    figure: Scene | None = None  # a body map or a picture filling the slide's left, the points beside it
    cards: tuple[Card, ...] = ()  # a card grid's cards (the renderer splits them evenly over slides)
    section: str = ""  # the spec section it shows (SECTION_NAMES), for the agenda
    sources: str = ""  # 出處：… — the last line of its speaker notes
    read: bool = True  # its notes open by saying its points (see `spoken`); not a list of references
    grow: bool = False  # short text may grow to a statement's size, so a line or two fills the slide
    continues: bool = False  # goes on with the slide before's section: a continuation (「（續）」)


@dataclass(frozen=True)
class Deck:
    title: str
    language: str
    slides: tuple[Slide, ...]
    footer: str = ""
    author: str = ""
    subject: str = ""
    date: dt.date | None = None
    brand: Brand = field(default_factory=Brand)
    continued: str = "（續）"  # added to the title of a continuation slide
    draft: str = ""  # 草稿・未經審閱 across every slide, and in the footer, of an unreviewed deck
    audience: Audience = "older_adults"  # who sits in the room: type sizes and lines a slide holds
    minutes: int | None = None  # the talk's length: each slide's notes suggest its share of it


def _p(
    text: str, label: str = "", marker: Marker | Literal["none"] = "bullet", level: Literal[0, 1] = 0
) -> Point:
    return Point(norm(text) if text else "", norm(label) if label else "", marker, level)


def _points(texts: Iterable[str], marker: Marker | Literal["none"] = "bullet") -> tuple[Point, ...]:
    return tuple(_p(t, marker=marker) for t in texts)


def _numbered(texts: Iterable[str], level: Literal[0, 1] = 0) -> tuple[Point, ...]:
    return tuple(replace(_p(t, marker="number", level=level), number=n) for n, t in enumerate(texts, 1))


AGENDA_LINES = 6  # a column's items: the lines an older audience's slide holds
AGENDA_CHARACTERS = 20  # a longer slide title may take two lines: the agenda names the section


def _agenda(titles: Sequence[str], short: Sequence[str] = (), *, labels: Labels) -> Slide:
    """Up to six items in one column; more in two, so the agenda stays on one slide. With more
    than six, or a title too long for a line, the items are the sections' short names (`short`),
    and beyond two full columns neighbours share a line, so every agenda fits one slide."""
    if short and (len(titles) > AGENDA_LINES or any(len(t) > AGENDA_CHARACTERS for t in titles)):
        titles = _paired(list(short), 2 * AGENDA_LINES)
    points = _numbered(titles)
    if len(points) <= AGENDA_LINES:
        return Slide("content", norm(labels.agenda), points=points)
    half = (len(points) + 1) // 2
    return Slide("two_column", norm(labels.agenda), points=points[:half], right=points[half:], plain=True)


def _paired(names: list[str], most: int) -> list[str]:
    """Names on at most `most` lines: the shortest two neighbours (each still alone) share a
    line, 「居家運動、睡姿建議」, until they fit. One merge a step: ends by construction."""
    lines = [[name] for name in names]
    while len(lines) > most:
        pairs = [i for i in range(len(lines) - 1) if len(lines[i]) == len(lines[i + 1]) == 1]
        if not pairs:
            break
        at = min(pairs, key=lambda i: len(lines[i][0]) + len(lines[i + 1][0]))
        lines[at : at + 2] = [lines[at] + lines[at + 1]]
    return ["、".join(line) for line in lines]


def _notes(*groups: Iterable[str | None]) -> tuple[str, ...]:
    """Speaker notes one spoken sentence a line: each text split after 。！？； (sentences)."""
    return tuple(line for group in groups for t in group if t for line in sentences(norm(t)))


def _said(point: Point) -> str:
    """A point as said: a card's 「避免｜」 lead-in read as 「避免：」, a heading without its colon."""
    label = point.label[:-1] + "：" if point.label.endswith("｜") else point.label
    if not point.text:
        return label.rstrip("：:").lstrip("×○ ")  # a myth panel's 「× 誤區」 said 「誤區」
    return label + point.text


_ITEMS = ("bullet", "checkbox", "cross", "tick", "triangle")  # markers of the items a slide lists


def _nth(number: int, labels: Labels) -> str:
    return labels.nth.format(n=numeral(number))


def numeral(number: int) -> str:
    """A number in Chinese words, as said: 一 … 十, 十一, 二十三 (the same in both scripts; a
    number past 99 in digits). A notes line said 「第11，」 after 「第十，」."""
    numbers = NUMERALS
    if number <= 10:
        return numbers[number - 1]
    tens, ones = divmod(number, 10)
    if tens > 9:
        return str(number)
    return (numbers[9] if tens == 1 else numbers[tens - 1] + numbers[9]) + (numbers[ones - 1] if ones else "")


def spoken(points: Sequence[Point], labels: Labels, before: Sequence[Point] = ()) -> list[str]:
    """What a presenter says for a slide's points, one short sentence a line: 「這張講三件事。」
    when it lists several, then each item in turn (「第一，…」, counting again after a heading;
    a continuation slide, `before` the section's points on earlier slides, goes on counting),
    a numbered step by its number, a question and its answer as they stand. Only the points'
    own words and the labels' connectives: nothing is added to what the spec says."""
    items = [p for p in points if _is_item(p)]
    count = 0
    for point in before:  # the items since the last heading on the slides before
        count = 0 if is_heading(point) else count + _is_item(point)
    lines: list[str] = []
    # under two or more headings the items are counted per heading: a total (「這張講八件事。」
    # over two columns of four) would not match the counting that follows
    if len(items) > 1 and sum(is_heading(p) and not _is_item(p) for p in points) < 2:
        opener = labels.items_more if before else labels.items_here
        lines.append(opener.format(n=_nth_word(len(items), labels)))
    numbered = len(items) + count > 1
    for point in points:
        said = sentences(_said(point))
        if not said:
            continue
        if is_heading(point):
            count = 0  # its items are counted from one
        if numbered and _is_item(point):
            count += 1
            said[0] = _nth(count, labels) + said[0]
        elif point.marker == "number" and point.number and not point.continued:
            said[0] = _nth(point.number, labels) + said[0]
        lines += said
    return lines


def _is_item(point: Point) -> bool:
    return point.marker in _ITEMS and point.level == 0 and not point.continued


def is_heading(point: Point) -> bool:
    """A bold lead-in with no text of its own: it introduces the points after it."""
    return bool(point.label) and not point.text


def _nth_word(number: int, labels: Labels) -> str:
    return labels.counts[number - 1] if number <= len(labels.counts) else numeral(number)


def spoken_rows(header: Sequence[str], rows: Sequence[Sequence[str]], myths: bool = False) -> list[str]:
    """A table's rows as said, a sentence a line: a row's name (its first cell) alone, then each
    cell after its column's name (「髖部肌腱：…」); in a myths table (`myths`: its first column
    is a myth, not a row's name) every cell (「事實：…」)."""
    names = [h.lstrip("×○ ").rstrip("：:") for h in header]  # a myths table's marked headings
    lines = []
    for row in rows:
        for column, (name, cell) in enumerate(zip(names, row, strict=False)):
            if cell:
                lines += sentences(cell if column == 0 and not myths else f"{name}：{cell}")
    return lines


def spoken_cards(cards: Sequence[Sequence[Point]], labels: Labels) -> list[str]:
    """A card grid's slide as said: how many cards, then each card's text (its verdict and item,
    then why) led by 「第一，」."""
    lines = [labels.items_here.format(n=_nth_word(len(cards), labels))] if len(cards) > 1 else []
    for number, points in enumerate(cards, 1):
        said = [line for point in points for line in sentences(_said(point))]
        if said and len(cards) > 1:
            said[0] = _nth(number, labels) + said[0]
        lines += said
    return lines


def script(slide: Slide, said: Sequence[str], first: bool) -> tuple[str, ...]:
    """A rendered slide's speaker notes: what it shows as said (`spoken`), then on a section's
    first slide the spec's own notes, a sentence a line, and its sources last."""
    if not slide.read:  # its own notes on each of its slides (references: one line)
        return (*slide.notes, *([slide.sources] if first and slide.sources else []))
    if not first:
        return tuple(said)
    # a note ending in a colon introduces what the slide lists (「符合的項目請打勾：」): said first
    leads = [note for note in slide.notes if note.endswith(("：", ":"))]
    rest = [note for note in slide.notes if not note.endswith(("：", ":"))]
    return (*leads, *said, *rest, *([slide.sources] if slide.sources else []))


def _labelled(label: str, text: str | None) -> list[str]:
    return [label + text] if text else []


def _card_slide(title: str, cards: Sequence[Card]) -> Slide:
    """A card grid when some card has a picture; a text slide of the same points when none has
    (a grid without pictures would be cards of text)."""
    if any(card.picture is not None for card in cards):
        return Slide("cards", title, cards=tuple(cards))
    points = tuple(p for card in cards for p in card.points)
    return Slide("content", title, points=points, notes=tuple(n for card in cards for n in card.notes))


# --- one function per spec section: the slides it becomes ----------------------------------

SectionSlides = Callable[[ConditionSpec, Labels], list[Slide]]


def _main_message(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    if not spec.main_message:
        return []
    return [Slide("statement", norm(labels.main_message), subtitle=norm(spec.main_message))]


def _what_it_is(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    if not spec.what_it_is and not spec.anatomy:
        return []
    shown = spec.what_it_is or spec.anatomy
    notes = spec.anatomy if spec.what_it_is else []
    return [Slide("content", norm(labels.what_it_is), points=_points(shown, "none"), notes=_notes(notes))]


def _symptoms(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    slides = []
    if spec.symptoms_map is not None:  # the symptoms beside their map, the route numbered
        body_map = spec.symptoms_map
        shown = _points(spec.symptoms)
        if body_map.route:
            steps = map_steps(body_map, spec.language)
            shown += (_p(numbered_route(steps), label=labels.route + "：", marker="none"),)
        figure = map_figure(body_map, spec.language).scene
        slides.append(Slide("map", norm(labels.symptoms), points=shown, figure=figure))
    elif spec.symptoms:
        slides.append(Slide("content", norm(labels.symptoms), points=_points(spec.symptoms)))
    unmapped = [route for route in spec.pain_routes if route.map is None]
    if unmapped:  # routes without a map are listed on one slide; each mapped route has its own
        points = []
        notes = []
        for route in unmapped:
            points.append(_p(" → ".join(route.route) if route.route else "", label=route.name + "："))
            notes += [
                route.name,
                *_labelled(labels.feeling + "：", route.feeling),
                *_labelled(labels.when + "：", route.when),
                *([route.note] if route.note else []),
            ]
        slides.append(Slide("content", norm(labels.pain_routes), points=tuple(points), notes=_notes(notes)))
    slides += [_route_map(route, spec.language, labels) for route in spec.pain_routes if route.map]
    if spec.worse and spec.better:
        slides.append(
            Slide(
                "two_column",
                norm(f"{labels.worse}／{labels.better}"),
                points=_points(spec.worse, "cross"),
                right=_points(spec.better, "tick"),
                left_title=norm(labels.worse),
                right_title=norm(labels.better),
            )
        )
    elif spec.worse:
        slides.append(Slide("content", norm(labels.worse), points=_points(spec.worse, "cross")))
    elif spec.better:
        slides.append(Slide("content", norm(labels.better), points=_points(spec.better, "tick")))
    return slides


def _route_map(route: PainRoute, language: str, labels: Labels) -> Slide:
    """A pain route on a slide of its own: the map as tall as the slide allows, the numbered
    steps, the feeling and when beside it; a note goes to the speaker's notes."""
    assert route.map is not None
    steps = route.route or map_steps(route.map, language)
    points = list(_numbered(steps))
    if route.feeling:
        points.append(_p(route.feeling, label=labels.feeling + "：", marker="none"))
    if route.when:
        points.append(_p(route.when, label=labels.when + "：", marker="none"))
    figure = map_figure(route.map, language, route.route).scene
    notes = _notes([route.note])
    return Slide("map", norm(route.name), points=tuple(points), notes=notes, figure=figure)


def _comparisons(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    return [
        Slide(
            "table",
            norm(table.title),
            table=Table(
                tuple(norm(c) for c in table.columns), tuple(tuple(norm(c) for c in r) for r in table.rows)
            ),
            notes=_notes([table.note]),
        )
        for table in spec.comparisons
    ]


def _self_check(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    check = spec.self_check
    if check is None:
        return []
    rule = tuple(_p(advice, label=label, marker="none") for label, advice in rule_lines(check.rule, labels))
    title = norm(check.title or labels.self_check)
    return [
        Slide(
            "checklist",
            title,
            points=_points(check.questions, "checkbox"),
            notes=_notes([check.intro or labels.self_check_intro]),
        ),
        Slide("rule", norm(labels.rule_title), points=rule),
    ]


def _red_flags(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    flags = spec.red_flags
    if flags is None:
        return []
    points = _points(flags.items, "triangle")
    if flags.action:
        points += (_p("", label=flags.action, marker="none"),)
    return [
        Slide(
            "alert",
            norm(labels.red_flags),
            subtitle=norm(flags.intro or labels.red_flags_intro),
            points=points,
        )
    ]


def _ng_moves(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    """A card per move: its picture with the 避免 badge, the move, why it harms, what instead."""
    if not spec.ng_moves:
        return []
    word = VERDICT_WORDS[spec.language]["avoid"]
    cards = []
    for move in spec.ng_moves:
        points = [_p(move.move, label=word + "｜", marker="cross"), _p(move.why, marker="none")]
        if move.instead:
            points.append(_p(move.instead, label=labels.instead, marker="tick"))
        cards.append(Card(tuple(points), figure_scene(move.picture, spec.language, "avoid")))
    return [_card_slide(norm(labels.ng_moves), cards)]


def _sleep_positions(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    """A card per position: its picture with the verdict badge, the rating in words, the
    position and why; how to lie goes to the notes (the picture shows it)."""
    if not spec.sleep_positions:
        return []
    markers: dict[str, Marker] = {"recommended": "tick", "acceptable": "triangle", "not_recommended": "cross"}
    cards = []
    for position in spec.sleep_positions:
        points = [
            _p(position.name, label=f"{labels.ratings[position.rating]}｜", marker=markers[position.rating])
        ]
        if position.why:
            points.append(_p(position.why, marker="none"))
        verdict = VERDICT_OF_RATING[position.rating]
        scene = figure_scene(position.picture, spec.language, verdict, None, labels.ratings[position.rating])
        notes = _notes(position.how)  # how to lie: the name and why are said from the card
        cards.append(Card(tuple(points), scene, notes))
    return [_card_slide(norm(labels.sleep_positions), cards)]


def _exercise_notes(exercise: Exercise, labels: Labels) -> list[str]:
    """What the slide does not show (its name and steps are said from the slide)."""
    notes = [*_labelled(labels.purpose, exercise.purpose)]
    if exercise.cautions:
        notes.append(labels.cautions + join_items(exercise.cautions, labels.list_separator))
    return notes + _labelled(labels.stop_if, exercise.stop_if)


def _exercise_points(exercise: Exercise, labels: Labels, level: Literal[0, 1]) -> list[Point]:
    """The exercise's steps, numbered, and its dose (under its name when several share a slide)."""
    points = list(_numbered(exercise.steps, level))
    if exercise.dose:
        points.append(_p(dose_text(exercise.dose, labels), label=labels.dose, marker="none", level=level))
    return points


def _exercises(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    """Each exercise with a picture on a slide of its own: the picture large, the numbered steps
    and the dose beside it. Exercises without one share a text slide, after the pictured ones."""
    slides = []
    for stage in spec.exercises:
        goal = _labelled(labels.goal, stage.goal)
        plain: list[Exercise] = []
        for exercise in stage.exercises:
            scene = figure_scene(exercise.picture, spec.language, None, hold_of(exercise))
            if scene is None:
                plain.append(exercise)
                continue
            points = [_p("", label=exercise.name, marker="none"), *_exercise_points(exercise, labels, 0)]
            shown = _notes(goal, _exercise_notes(exercise, labels))
            slides.append(Slide("picture", norm(stage.name), points=tuple(points), notes=shown, figure=scene))
            goal = []
        if plain:
            points = []
            notes: list[str] = list(goal)
            for exercise in plain:
                points.append(_p("", label=exercise.name, marker="none"))
                points += _exercise_points(exercise, labels, 1)
                notes += _exercise_notes(exercise, labels)
            slides.append(Slide("content", norm(stage.name), points=tuple(points), notes=_notes(notes)))
    return slides


def _daily_tips(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    if not spec.daily_tips:
        return []
    points: list[Point] = []
    if len(spec.daily_tips) == 1:  # one situation: its heading, each tip a point
        group = spec.daily_tips[0]
        points.append(_p("", label=group.situation, marker="none"))
        points += [_p(tip, level=1) for tip in group.tips]
    else:  # several: a point each, its first tip after its name and the others below, aligned
        for group in spec.daily_tips:  # with it, so the names do not take a line each
            first, *rest = group.tips
            points.append(_p(first, label=group.situation + "："))
            points += [replace(_p(tip), continued=True) for tip in rest]
    return [Slide("content", norm(labels.daily_tips), points=tuple(points), grow=True)]


def _treatments(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    if not spec.treatments:
        return []
    points: list[Point] = []
    notes: list[str] = []
    for treatment in spec.treatments:
        points.append(_p(treatment.what or "", label=treatment.name + ("：" if treatment.what else "")))
        details = [
            *([labels.benefits + "；".join(treatment.benefits)] if treatment.benefits else []),
            *([labels.limits + "；".join(treatment.limits)] if treatment.limits else []),
            *_labelled(labels.suits, treatment.suits),
        ]
        if details:
            notes += [treatment.name, *details]
    return [Slide("content", norm(labels.treatments), points=tuple(points), notes=_notes(notes), grow=True)]


def _myths(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    if not spec.myths:
        return []
    header = (
        f"× {labels.myth.rstrip('：:')}",
        f"○ {labels.fact.rstrip('：:')}",
    )  # in words, not colour alone
    if len(spec.myths) == 1:  # one pair: two large panels side by side, not a one-row table
        myth = spec.myths[0]
        return [
            Slide(
                "two_column",
                norm(labels.myths),
                points=(_p(myth.myth, marker="none"),),
                right=(_p(myth.fact, marker="none"),),
                left_title=norm(header[0]),
                right_title=norm(header[1]),
                grow=True,
            )
        ]
    rows = tuple((norm(myth.myth), norm(myth.fact)) for myth in spec.myths)
    return [Slide("table", norm(labels.myths), table=Table(header, rows))]


def _faq(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    if not spec.faq:
        return []
    slides = []
    for index, group in enumerate(even_groups(spec.faq, 2)):  # one or two questions a slide, answered
        points = []
        for qa in group:
            points += [_p("", label=qa.q, marker="question"), _p(qa.a, marker="none", level=1)]
        slides.append(Slide("content", norm(labels.faq), points=tuple(points), continues=index > 0))
    return slides


def even_groups(items: Sequence[T], most: int) -> list[Sequence[T]]:
    """Items in as few groups of at most `most` as they need, the groups' sizes differing by at
    most one (never a last group of one after full ones)."""
    count = -(-len(items) // most)
    size, extra = divmod(len(items), count) if count else (0, 0)
    groups, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        groups.append(items[start:end])
        start = end
    return groups


def _case_story(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    story = spec.case_story
    if story is None:
        return []
    return [
        Slide("content", norm(story.title or labels.case_story), points=_points(story.paragraphs, "none"))
    ]


def _summary(spec: ConditionSpec, labels: Labels) -> list[Slide]:
    shown = spec.key_points or ([spec.main_message] if spec.main_message else [])
    if not shown:
        return []
    return [Slide("summary", norm(labels.summary), points=_points(shown, "tick"))]


SECTIONS: dict[str, SectionSlides] = {
    "main_message": _main_message,
    "what_it_is": _what_it_is,
    "symptoms": _symptoms,
    "comparisons": _comparisons,
    "self_check": _self_check,
    "red_flags": _red_flags,
    "ng_moves": _ng_moves,
    "sleep_positions": _sleep_positions,
    "exercises": _exercises,
    "daily_tips": _daily_tips,
    "treatments": _treatments,
    "myths": _myths,
    "faq": _faq,
    "case_story": _case_story,
    "summary": _summary,
}
assert tuple(SECTIONS) == SECTION_NAMES


def _section_titles(slides: Sequence[Slide], labels: Labels) -> tuple[list[str], list[str]]:
    """One agenda item per section shown, named by its first slide (a pain route's map, the
    self-check's rule and each exercise stage are parts of theirs): fourteen slide titles did
    not fit one agenda slide at an older audience's type size. Also each section's short name
    (its label, 危險警訊 for the red flags), for an agenda of many sections."""
    titles: dict[str, str] = {}
    for slide in slides:
        if slide.kind in ("statement", "title") or not slide.title:
            continue
        key = slide.section or slide.title
        if key in titles:
            if key == "exercises":
                titles[key] = labels.exercises  # several stages: the section's own name
            continue
        titles[key] = slide.title
    short = {key: norm(_short_name(key, labels) or title) for key, title in titles.items()}
    return list(dict.fromkeys(titles.values())), list(dict.fromkeys(short.values()))


def _short_name(section: str, labels: Labels) -> str:
    """A section's name in the agenda of a long deck: its label, the red flags' before the 「：」."""
    if section == "red_flags":
        return labels.red_flags.split("：")[0]
    name = getattr(labels, section, "") if section in SECTION_NAMES else ""
    return name if isinstance(name, str) else ""


# The spec fields a section's slides are made from, where they are not just the section's own.
SECTION_FIELDS: dict[str, tuple[FieldPath, ...]] = {
    "what_it_is": (("what_it_is",), ("anatomy",)),
    "symptoms": (("symptoms",), ("pain_routes",)),
    "summary": (("key_points",), ("main_message",)),
}


def _condition_slides(loaded: LoadedSpec, labels: Labels, sections: Sequence[str]) -> list[Slide]:
    spec = loaded.spec
    chosen = list(sections) or list(SECTION_NAMES)
    if spec.red_flags is not None and "red_flags" not in chosen:
        chosen.append("red_flags")  # red flags are never left out of a talk that covers the condition
    slides = []
    for name in chosen:
        ids = loaded.sources.under(SECTION_FIELDS.get(name, ((name,),)))
        cited = _sources_note(spec.references, ids, labels)
        slides += [replace(slide, sources=cited, section=name) for slide in SECTIONS[name](spec, labels)]
    return slides


def _sources_note(references: Sequence[Reference], ids: Sequence[str], labels: Labels) -> str:
    """出處：… — so a presenter can answer "where does that come from?"."""
    texts = [ref.text for sid in ids for ref in references if ref.id == sid]
    return labels.sources + "；".join(norm(t) for t in texts) if texts else ""


REFERENCES = "references"  # the section of the references slides: shown, not read out


def _references(texts: Sequence[str], labels: Labels) -> list[Slide]:
    """参考資料 before the questions: the titles the red flags' 「見參考資料」 and a listener's
    "where is that from?" point at, numbered, on as many slides as they need (split evenly)."""
    if not texts:
        return []
    points = _numbered(dict.fromkeys(texts))
    opener = (labels.references_script,)
    return [
        Slide("content", norm(labels.references), points=points, notes=opener, read=False, section=REFERENCES)
    ]


def _closing(clinic: ClinicProfile | None, labels: Labels, footnote: str) -> Slide:
    points: list[Point] = []
    link = ""
    if clinic is not None:
        points.append(_p("", label=clinic.name, marker="none"))
        points += [_p(value, label=label, marker="none") for label, value in contact_fields(clinic, labels)]
        link = clinic.website or ""
    return Slide(
        "closing",
        norm(labels.questions),
        points=tuple(points),
        link=link,
        subtitle=norm(labels.scan) if link else "",
        notes=(labels.closing_script,),
        footnote=norm(footnote),
        read=False,
    )


def _footer(clinic: ClinicProfile | None, labels: Labels, draft: bool) -> str:
    """The line at the foot of every slide: the clinic, and 草稿・未經審閱 on a draft."""
    parts = [norm(clinic.name)] if clinic else []
    return "　".join([*parts, labels.draft] if draft else parts)


def _footnote(labels: Labels, review: dt.date | None, disclaimer: str | None) -> str:
    review_text = labels.review_date.format(date=review.isoformat()) if review else labels.no_review_date
    return f"{review_text}　{disclaimer or labels.deck_disclaimer}"


def compose_condition_deck(loaded: LoadedSpec) -> Deck:
    """A deck of one condition: title, message, agenda, its sections, summary, questions."""
    spec = loaded.spec
    labels = labels_for(spec.language)
    body = _condition_slides(loaded, labels, [])
    title_lines = [loaded.clinic.name] if loaded.clinic else []
    slides = [
        Slide(
            "title", norm(spec.title), subtitle=norm(spec.subtitle or ""), points=_points(title_lines, "none")
        )
    ]
    message = [s for s in body if s.kind == "statement"]
    rest = [s for s in body if s.kind != "statement"]
    slides += message
    slides.append(_agenda(*_section_titles(rest, labels), labels=labels))
    slides += rest
    slides += _references([r.text for r in spec.references], labels)
    slides.append(_closing(loaded.clinic, labels, _footnote(labels, spec.review_date, spec.disclaimer)))
    return Deck(
        title=norm(spec.title),
        language=spec.language,
        slides=tuple(slides),
        footer=_footer(loaded.clinic, labels, spec.review_date is None),
        author=norm(loaded.clinic.name) if loaded.clinic else "",
        subject=norm(spec.main_message or spec.subtitle or spec.title),
        date=spec.review_date,
        brand=brand_of(loaded),
        continued=labels.continued,
        draft=labels.draft if spec.review_date is None else "",
    )


def empty_sections(loaded: LoadedTalk) -> list[str]:
    """Sections a talk asks for that its condition spec does not have: they would show nothing."""
    labels = labels_for(loaded.talk.language)
    found = []
    for index, (part, condition) in enumerate(zip(loaded.talk.parts, loaded.conditions, strict=True)):
        if condition is None:
            continue
        for name in part.sections:
            if not SECTIONS[name](condition.spec, labels):
                found.append(
                    f"parts[{index}]: {condition.path.name} has no {name}; that section shows nothing"
                )
    return found


def _once(slides: list[Slide], title: str, shown: dict[tuple[str, ...], str], labels: Labels) -> list[Slide]:
    """A condition's slides in a talk (its divider first) without a red-flag block an earlier condition showed
    (the same intro, items and action): the talk shows it once, and the last slide of this
    part tells the speaker to go back to it. Different red flags always stay."""
    flags = [s for s in slides if s.section == "red_flags"]
    if not flags:
        return slides
    key = tuple(p.label + p.text for s in flags for p in (Point(s.subtitle), *s.points))
    if key not in shown:
        shown[key] = title
        return slides
    kept = [s for s in slides if s.section != "red_flags"]
    again = labels.red_flags_again.format(title=norm(shown[key]))
    return [*kept[:-1], replace(kept[-1], notes=(*kept[-1].notes, again))]


def _free_slides(slide: FreeSlide) -> list[Slide]:
    out = []
    notes = _notes(slide.notes)
    if slide.points:
        out.append(Slide("content", norm(slide.title), points=_points(slide.points), notes=notes))
        notes = ()
    if slide.table is not None:
        table = Table(
            tuple(norm(c) for c in slide.table.columns),
            tuple(tuple(norm(c) for c in r) for r in slide.table.rows),
        )
        out.append(Slide("table", norm(slide.title), table=table, notes=notes))
    return out


def compose_talk_deck(loaded: LoadedTalk) -> Deck:
    """A talk: title, message, agenda of its parts, each part's slides, summary, questions."""
    talk = loaded.talk
    labels = labels_for(talk.language)
    details = [
        talk.speaker,
        " ".join(x for x in (talk.date.isoformat() if talk.date else "", talk.venue) if x),
    ]
    if loaded.clinic:
        details.append(loaded.clinic.name)
    slides = [
        Slide(
            "title",
            norm(talk.title),
            subtitle=norm(talk.subtitle or ""),
            points=_points((d for d in details if d), "none"),
            notes=_notes([labels.minutes.format(n=talk.minutes) if talk.minutes else None]),
        )
    ]
    if talk.main_message:
        slides.append(Slide("statement", norm(labels.main_message), subtitle=norm(talk.main_message)))
    agenda: list[str] = []
    parts: list[Slide] = []
    shown: dict[tuple[str, ...], str] = {}  # each red-flag block shown: the condition it is under
    for index, (part, condition) in enumerate(zip(talk.parts, loaded.conditions, strict=True)):
        if part.slide is not None:
            agenda.append(part.slide.title)
            ids = loaded.sources.under([("parts", index, "slide")])
            cited = _sources_note(talk.references, ids, labels)
            parts += [replace(slide, sources=cited) for slide in _free_slides(part.slide)]
        elif condition is not None:
            spec = condition.spec
            agenda.append(spec.title)
            divider = Slide(
                "section",
                norm(spec.title),
                subtitle=norm(spec.subtitle or ""),
                notes=(labels.section_script.format(title=norm(spec.title)),),  # a sentence to open the part
            )
            body = [divider, *_condition_slides(condition, labels, part.sections)]
            parts += _once(body, spec.title, shown, labels)
    slides.append(_agenda(list(dict.fromkeys(agenda)), labels=labels))
    slides += parts
    if talk.summary:
        slides.append(Slide("summary", norm(labels.summary), points=_points(talk.summary, "tick")))
    references = [r.text for r in loaded.talk.references] + [
        r.text for condition in loaded.distinct_conditions() for r in condition.spec.references
    ]
    reviews = [c.spec.review_date for c in loaded.conditions if c and c.spec.review_date]
    draft = any(c.spec.review_date is None for c in loaded.distinct_conditions())  # a draft in it
    slides += _references(references, labels)
    review = min(reviews) if reviews else None
    slides.append(_closing(loaded.clinic, labels, _footnote(labels, review, talk.disclaimer)))
    return Deck(
        title=norm(talk.title),
        language=talk.language,
        slides=tuple(slides),
        footer=_footer(loaded.clinic, labels, draft),
        author=norm(talk.speaker or (loaded.clinic.name if loaded.clinic else "")),
        subject=norm(talk.main_message or talk.subtitle or talk.title),
        date=talk.date,
        brand=brand_of(loaded),
        continued=labels.continued,
        draft=labels.draft if draft else "",
        audience=talk.audience,
        minutes=talk.minutes,
    )
