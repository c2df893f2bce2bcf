"""Pydantic models of the condition spec and the clinic profile.

The models know nothing about PDF or PPTX; descriptions double as editor help
through ``leafdeck schema``.

No ``from __future__ import annotations`` here: pydantic evaluates every field's annotation when
it creates a model, and a string annotation costs it a compile and an eval each (a quarter of
this module's import, ≈2 ms of every cold build).
"""

import datetime as dt
import re
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Language = Literal["zh-Hant-TW", "zh-Hans-CN"]
LANGUAGES: tuple[str, ...] = ("zh-Hant-TW", "zh-Hans-CN")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _one_or_many(value: Any) -> Any:
    """Let a single paragraph be written as a plain string."""
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[list[Text], BeforeValidator(_one_or_many)]


def _whole_number(value: Any) -> Any:
    """Only digits make a number: YAML would read 0x10, 1e3, 0o17 or true as numbers a
    clinician never meant, so those are refused rather than changed."""
    if isinstance(value, bool):
        raise ValueError(f"needs a whole number, not true/false ({str(value).lower()})")
    if not isinstance(value, int | str):
        return value  # pydantic says what kind of thing it is
    text = str(value).strip()
    if not re.fullmatch(r"[-+]?[0-9]+", text):
        shown = text if len(text) <= 20 else text[:17] + "…"
        raise ValueError(f"needs a whole number written with the digits 0-9 only (e.g. 3), not {shown!r}")
    if len(text.lstrip("+-")) > 6:
        raise ValueError(f"a {len(text)}-digit number is far too large here")
    return int(text)


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


def _day(value: Any) -> Any:
    """A date is written YYYY-MM-DD; pydantic alone would also take a count of seconds."""
    if isinstance(value, str) and not re.fullmatch(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*", value):
        shown = value if len(value) <= 20 else value[:17] + "…"
        raise ValueError(f"needs a date written as YYYY-MM-DD (e.g. 2026-03-01), not {shown!r}")
    return value


Day = Annotated[dt.date, BeforeValidator(_day)]


class FieldValueError(ValueError):
    """A problem a check of a whole group finds in one of its fields: the message points there."""

    def __init__(self, message: str, field: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.field = field


class Strict(BaseModel):
    # defer_build: a model's validator is made when it first validates, not at import; a leaflet
    # build then makes the condition spec's (with the models inside it) and the clinic's, not
    # one for each of ~30 models and the talk's (a twentieth of a cold build's CPU time)
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True)


class FontFiles(Strict):
    """Your own font files, relative to the spec's folder (TrueType or OpenType/CFF)."""

    regular: Text = Field(description="Font file for body text, e.g. fonts/MyFont-Regular.otf")
    bold: Text | None = Field(None, description="Font file for headings; defaults to the regular one")


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(f"needs a colour written as #RRGGBB (e.g. #1F5F8B), not {value!r}")
    return value.upper()


MAX_URL_LENGTH = 500


def _web_address(value: str) -> str:
    """A QR code is printed for it: it must be a whole http(s) address a phone can open, short
    enough for a code of a few centimetres (a QR code holds at most 2,331 bytes at our error
    correction, and a printed one with more than ~500 is too fine for a phone camera)."""
    size = len(value)
    if size > MAX_URL_LENGTH:
        raise ValueError(
            f"this web address is {size:,} characters long; a QR code printed on paper can hold at most "
            f"{MAX_URL_LENGTH}: use a shorter link (e.g. the page's own short link)"
        )
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?(/[^\s]*)?", value):
        raise ValueError(
            f"needs a web address starting with https:// (e.g. https://clinic.example), not {value!r}"
        )
    return value


WebAddress = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_web_address)]

HexColour = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_hex_colour)]


class ClinicColours(Strict):
    """The clinic's own colours; text on them is black or white, whichever reads better."""

    primary: HexColour = Field(description="Main colour (title bars, headings), e.g. #1F5F8B")
    accent: HexColour | None = Field(None, description="Second colour for highlights, e.g. #E07B00")


class SlideFont(Strict):
    """Font names written into decks; the PC showing the deck must have them installed."""

    east_asian: Text = Field(description="Chinese font name, e.g. Microsoft JhengHei")
    latin: Text | None = Field(None, description="Font for Latin letters; defaults to the Chinese one")


class ClinicProfile(Strict):
    """One clinic's details, written once and shared by all its handouts."""

    name: Text = Field(description="Clinic name as printed on every page")
    address: Text | None = None
    phone: Text | None = None
    website: WebAddress | None = Field(None, description="Web address, e.g. https://clinic.example")
    line: Text | None = Field(None, description="LINE ID or link")
    hours: Paragraphs = Field(default_factory=list, description="Opening hours, one line each")
    font: FontFiles | None = None
    colours: ClinicColours | None = None
    logo: Text | None = Field(None, description="Logo image (PNG or JPEG), relative to this file")
    slide_font: SlideFont | None = Field(None, description="Font names for decks, instead of the default")
    review_every_months: WholeNumber = Field(
        24, ge=1, description="Warn at build time when a handout's review_date is older than this"
    )


def _document_regions(schema: dict[str, Any]) -> None:
    """`leafdeck schema` lists every region name and the views that draw it (read from the data)."""
    from builder.figures.bodymap import VIEWS, all_regions, view_regions

    names = all_regions()
    by_view = "; ".join(f"{view}: {', '.join(view_regions(view))}" for view in VIEWS)
    properties = schema["properties"]
    properties["regions"]["items"] = {"type": "string", "enum": names}
    properties["route"]["items"] = {
        "anyOf": [
            {"type": "string", "enum": names},
            {"type": "array", "items": {"type": "string", "enum": names}},
        ]
    }
    schema["description"] = f"{schema.get('description', '')} Regions by view — {by_view}."


RegionStep = Annotated[list[Text], BeforeValidator(_one_or_many)]


class BodyMap(Strict):
    """A body map: the body in one view, the places that hurt shaded, the route numbered."""

    model_config = ConfigDict(json_schema_extra=_document_regions)

    view: Literal["front", "back", "side", "hand", "foot"] = Field(
        description="front, back, side (the whole body), hand (palm) or foot (inner side and sole)"
    )
    side: Literal["left", "right", "both"] = Field(
        description="Which side hurts; side, hand and foot views show one side (left or right)"
    )
    route: list[RegionStep] = Field(
        default_factory=list,
        description="The route in order: one region, or a list of regions, per step of the text route",
    )
    regions: list[Text] = Field(
        default_factory=list, description="Other places that hurt, shaded without a number"
    )


class PainRoute(Strict):
    name: Text = Field(description="Which pain this is, e.g. 症狀 A：腰椎神經壓迫")
    route: list[Text] = Field(default_factory=list, description="Where the pain travels, in order")
    feeling: Text | None = None
    when: Text | None = Field(None, description="When it shows up most")
    note: Text | None = None
    map: BodyMap | None = Field(None, description="The route drawn on a body map; one step per route step")


def check_row_lengths(columns: list[str], rows: list[list[str]]) -> None:
    """Every row has one cell per column (a missing cell would shift the rest)."""
    for index, row in enumerate(rows):
        if len(row) != len(columns):
            raise ValueError(f"row {index + 1} has {len(row)} cells but the table has {len(columns)} columns")


class ComparisonTable(Strict):
    title: Text
    columns: list[Text] = Field(min_length=2, max_length=4, description="Header row: 2 to 4 columns")
    rows: list[list[Text]] = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _rows_match_columns(self) -> Self:
        check_row_lengths(self.columns, self.rows)
        return self


class SelfCheckRule(Strict):
    threshold: WholeNumber | None = Field(
        None,
        ge=1,
        description="How many 'yes' answers trigger the advice; leave out when the source only says "
        "'several' (printed as 多項)",
    )
    at_or_above: Text = Field(description="Advice when the count reaches the threshold")
    below: Text | None = Field(None, description="Advice when it does not; leave out if the source has none")


class SelfCheck(Strict):
    title: Text | None = None
    intro: Text | None = None
    questions: list[Text] = Field(min_length=1)
    rule: SelfCheckRule

    @model_validator(mode="after")
    def _threshold_reachable(self) -> Self:
        if self.rule.threshold is not None and self.rule.threshold > len(self.questions):
            raise FieldValueError(
                f"the rule needs {self.rule.threshold} 'yes' answers but there are only "
                f"{len(self.questions)} questions",
                ("rule", "threshold"),
            )
        return self


class RedFlags(Strict):
    intro: Text | None = None
    items: list[Text] = Field(min_length=1, description="Signs that need a doctor now")
    action: Text | None = Field(None, description="What to do, e.g. 請立即就醫")


PICTURE_HELP = (
    "A library picture's name (list them with `leafdeck pictures`), a PNG/JPEG next to the spec, "
    "or an inline pose: a starting position, the joint angles that differ from it, props and arrows"
)


def _joint_ranges() -> dict[str, Any]:
    """The joints a pose may set and the angles a body allows, for the schema (side view;
    the front, back and above views' ranges are in the description)."""
    from builder.figures.skeleton import LIMB_JOINTS, RANGES

    side, front = RANGES["side"], RANGES["front"]
    out: dict[str, Any] = {}
    for joint in ("neck", "spine", *LIMB_JOINTS):
        names = [joint] if joint in ("neck", "spine") else [joint, f"near_{joint}", f"far_{joint}"]
        for name in names:
            out[name] = {
                "type": "number",
                "minimum": side[joint][0],
                "maximum": side[joint][1],
                "description": f"degrees; side view {side[joint][0]:g}…{side[joint][1]:g}, "
                f"front/back/above {front[joint][0]:g}…{front[joint][1]:g}",
            }
    return out


class InlinePose(Strict):
    """A picture drawn from a pose written in the spec, for an exercise the library lacks."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra=lambda schema: schema["properties"]["joints"].update(
            {"properties": _joint_ranges(), "additionalProperties": False}
        ),
    )

    position: Text = Field(
        "standing",
        description="Starting pose: standing, standing_front, sitting, long_sitting, supine, hook_lying, "
        "prone, prone_on_elbows, side_lying, quadruped, kneeling, half_kneeling",
    )
    view: Literal["side", "front", "back", "above"] | None = Field(
        None, description="Seen from; default: the position's"
    )
    tilt: float | None = Field(
        None, description="The whole body turned, degrees anticlockwise (90: lying, head left)"
    )
    facing: Literal["right", "left"] | None = None
    joints: dict[str, float] = Field(
        default_factory=dict,
        description="Only the angles that differ from the position, in degrees; near_/far_ for one side",
    )
    props: list[Text | dict[str, Text]] = Field(
        default_factory=list,
        description="floor, mat, bed, pillow_head, pillow_knees, pillow_under_knees, pillow_belly, chair, "
        "wall, table, step, roller, towel, ball, band; or {prop: towel, at: near_hand, to: near_foot}",
    )
    arrows: list[dict[str, Text | float | bool]] = Field(
        default_factory=list,
        description="{at: a body point, direction: up/down/left/right/forward/back or degrees, "
        "kind: straight/curved/circle, length: 4-30, toward: true to point at the part}",
    )
    stretch: list[Text] = Field(default_factory=list, description="Body points where the stretch is felt")
    hands: list[Text] = Field(
        default_factory=list,
        description="Close-ups of the hand instead of the whole figure, in the order they are done: "
        "straight, hook, tabletop, straight_fist, fist (up to four)",
    )
    description: Text | None = Field(None, description="What the picture shows, in words (alt text)")


class NGMove(Strict):
    move: Text = Field(description="What to avoid")
    why: Text = Field(description="Why it hurts more than it helps")
    instead: Text | None = Field(None, description="What to do instead")
    picture: Text | InlinePose | None = Field(None, description=PICTURE_HELP)


class SleepPosition(Strict):
    name: Text
    rating: Literal["recommended", "acceptable", "not_recommended"]
    how: Paragraphs = Field(default_factory=list)
    why: Text | None = None
    picture: Text | InlinePose | None = Field(None, description=PICTURE_HELP)


AS_PRESCRIBED = "as_prescribed"


def _count(value: Any) -> Any:
    """One plain message for a count, whichever way it is wrong (only digits make a number)."""
    if value == AS_PRESCRIBED:
        return value
    try:
        number = _whole_number(value)
    except ValueError as exc:  # say what was written (0x10, 1e3, true) as every number does
        raise ValueError(f"{exc}, or as_prescribed for the therapist to fill in") from None
    if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
        return number
    raise ValueError("must be at least 1 (a whole number), or as_prescribed for the therapist to fill in")


Count = Annotated[int | Literal["as_prescribed"], BeforeValidator(_count)]
_COUNT_HELP = "A whole number, or as_prescribed to leave it for the therapist to write in"
DOSE_COUNTS: tuple[str, ...] = ("sets", "reps", "hold_seconds", "times_per_day")


class Dose(Strict):
    sets: Count | None = Field(None, description=_COUNT_HELP)
    reps: Count | None = Field(None, description=_COUNT_HELP)
    hold_seconds: Count | None = Field(None, description=_COUNT_HELP)
    times_per_day: Count | None = Field(None, description=_COUNT_HELP)
    per_side: bool = Field(False, description="Reps are counted for each side")
    duration: Text | None = Field(None, description="Free text, e.g. 10-20 分鐘")
    note: Text | None = None

    def open_fields(self) -> tuple[str, ...]:
        """The counts left for the therapist (as_prescribed), in print order."""
        return tuple(name for name in DOSE_COUNTS if getattr(self, name) == AS_PRESCRIBED)


def _open_dose(value: Any) -> Any:
    """`dose: as_prescribed` leaves every count for the therapist, when the source gives none."""
    if value == AS_PRESCRIBED:
        return dict.fromkeys(DOSE_COUNTS, AS_PRESCRIBED)
    return value


class Exercise(Strict):
    name: Text
    purpose: Text | None = None
    steps: list[Text] = Field(default_factory=list)
    dose: Annotated[Dose | None, BeforeValidator(_open_dose)] = Field(
        None, description="Sets, reps, hold, times a day; as_prescribed leaves all or one to the therapist"
    )
    cautions: list[Text] = Field(default_factory=list)
    stop_if: Text | None = Field(None, description="Stop and ask us if …")
    video: WebAddress | None = Field(None, description="A video of the exercise; printed as a QR code")
    picture: Text | InlinePose | None = Field(None, description=PICTURE_HELP)


class ExerciseStage(Strict):
    name: Text = Field(description="e.g. 第一階段：急性期")
    goal: Text | None = None
    exercises: list[Exercise] = Field(min_length=1)


class TipGroup(Strict):
    situation: Text = Field(description="A situation (久坐) or an audience (上班族)")
    tips: list[Text] = Field(min_length=1)


class Treatment(Strict):
    name: Text
    what: Text | None = None
    benefits: list[Text] = Field(default_factory=list)
    limits: list[Text] = Field(default_factory=list)
    suits: Text | None = Field(None, description="Who it suits")


class Myth(Strict):
    myth: Text
    fact: Text


class FAQ(Strict):
    q: Text
    a: Text


def _plain_reference(value: Any) -> Any:
    """A reference may be plain text; it needs an id only when content points at it."""
    return {"text": value} if isinstance(value, str) else value


class Reference(Strict):
    """A source: the clinic article the handout is written from, or a named guideline."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")] | None = Field(
        None, description="A short name (e.g. article, nice-cks) that `source:` in the spec points at"
    )
    text: Text = Field(description="The reference as printed: title, publisher, year")


References = Annotated[
    list[Annotated[Reference, BeforeValidator(_plain_reference)]],
    AfterValidator(lambda refs: _unique_ids(refs)),
]


def _unique_ids(refs: list[Reference]) -> list[Reference]:
    ids = [r.id for r in refs if r.id]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(f"the id {', '.join(twice)} is used by more than one reference")
    return refs


class CaseStory(Strict):
    title: Text | None = None
    paragraphs: Paragraphs


class ConditionSpec(Strict):
    """One condition, the source of its leaflet and its deck."""

    title: Text
    language: Language = Field(description="zh-Hant-TW (Taiwan) or zh-Hans-CN (mainland)")
    subtitle: Text | None = None
    clinic: Text | None = Field(None, description="Clinic profile YAML, relative to this file")
    font: FontFiles | None = None
    main_message: Text | None = Field(None, description="The one thing a patient must remember")
    key_points: list[Text] = Field(default_factory=list)
    what_it_is: Paragraphs = Field(default_factory=list)
    anatomy: Paragraphs = Field(default_factory=list, description="Anatomy in plain words")
    symptoms: list[Text] = Field(default_factory=list)
    symptoms_map: BodyMap | None = Field(None, description="Where the symptoms are, drawn on a body map")
    pain_routes: list[PainRoute] = Field(default_factory=list)
    worse: list[Text] = Field(default_factory=list, description="What makes it worse")
    better: list[Text] = Field(default_factory=list, description="What makes it better")
    comparisons: list[ComparisonTable] = Field(default_factory=list)
    self_check: SelfCheck | None = None
    red_flags: RedFlags | None = None
    ng_moves: list[NGMove] = Field(default_factory=list)
    sleep_positions: list[SleepPosition] = Field(default_factory=list)
    exercises: list[ExerciseStage] = Field(default_factory=list)
    daily_tips: list[TipGroup] = Field(default_factory=list)
    treatments: list[Treatment] = Field(default_factory=list)
    myths: list[Myth] = Field(default_factory=list)
    faq: list[FAQ] = Field(default_factory=list)
    case_story: CaseStory | None = None
    references: References = Field(
        default_factory=list, description="Sources; give one an id to point `source: <id>` at it"
    )
    leaflet_url: WebAddress | None = Field(
        None, description="Where the full leaflet is online; booklets and tri-folds print a QR code to it"
    )
    review_date: Day | None = Field(None, description="When a clinician last checked this, YYYY-MM-DD")
    disclaimer: Text | None = Field(None, description="Printed on every page; a default is used if empty")
