"""A home-exercise sheet for one patient: the chosen exercises, their doses, a tick grid.

A physiotherapist picks exercises or stages (`only`) and may set one dose for all of
them (`dose`) without editing the spec; the sheet then shows exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from builder.compose.brand import brand_of
from builder.compose.document import Block, Document, FillIn, Heading, TrackingGrid
from builder.compose.labels import Labels, labels_for
from builder.compose.leaflet import (
    exercise_card,
    hold_of,
    long_disclaimer,
    page_footer,
    para,
    pictures_of,
    section,
    sections_of,
    strong,
)
from builder.errors import BuildError, Location
from builder.spec.loader import LoadedSpec
from builder.spec.model import DOSE_COUNTS, Dose, Exercise, ExerciseStage
from builder.typeset.normalize import normalize_text as norm

TRACKING_WEEKS = 4
DOSE_FIELDS = {"sets": "sets", "reps": "reps", "hold": "hold_seconds", "times": "times_per_day"}


@dataclass(frozen=True)
class SheetChoice:
    """What the therapist chose on the command line."""

    only: tuple[str, ...] = ()  # exercise names, stage names, or 1-based numbers in sheet order
    dose: tuple[tuple[str, int], ...] = ()  # e.g. (("sets", 3), ("reps", 12))


def parse_dose(text: str) -> tuple[tuple[str, int], ...]:
    """'sets=3,reps=12,hold=5,times=2' → pairs; ValueError names what is wrong."""
    pairs = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, value = part.partition("=")
        if name.strip() not in DOSE_FIELDS:
            raise ValueError(
                f"unknown dose '{name.strip()}'; use {', '.join(DOSE_FIELDS)} (e.g. sets=3,reps=12)"
            )
        if not value.strip().isdigit() or int(value) < 1:
            raise ValueError(f"'{part}' needs a whole number of at least 1")
        pairs.append((name.strip(), int(value)))
    return tuple(pairs)


def _chosen(loaded: LoadedSpec, only: Sequence[str]) -> list[tuple[ExerciseStage, list[Exercise]]]:
    stages = loaded.spec.exercises
    if not only:
        return [(stage, list(stage.exercises)) for stage in stages]
    numbered = [(stage, exercise) for stage in stages for exercise in stage.exercises]
    picked: list[tuple[ExerciseStage, Exercise]] = []
    for token in only:
        matches = [
            (stage, exercise)
            for number, (stage, exercise) in enumerate(numbered, 1)
            if token in (exercise.name, stage.name, str(number))
        ]
        if not matches:
            names = ", ".join(f"{n} {e.name}" for n, (_, e) in enumerate(numbered, 1))
            raise BuildError(
                f"no exercise or stage called '{token}'; choose by name or number: {names}",
                loaded.source.locate(("exercises",)),
            )
        picked += [m for m in matches if m not in picked]
    order = {id(exercise): i for i, (_, exercise) in enumerate(numbered)}
    picked.sort(key=lambda pair: order[id(pair[1])])
    result: list[tuple[ExerciseStage, list[Exercise]]] = []
    for stage, exercise in picked:
        if result and result[-1][0] is stage:
            result[-1][1].append(exercise)
        else:
            result.append((stage, [exercise]))
    return result


def _with_dose(exercise: Exercise, dose: Sequence[tuple[str, int]]) -> Exercise:
    if not dose:
        return exercise
    base = exercise.dose or Dose.model_validate({})
    changed = base.model_copy(update={DOSE_FIELDS[name]: value for name, value in dose})
    return exercise.model_copy(update={"dose": changed})


def _dose_boxes(exercise: Exercise, labels: Labels) -> FillIn | None:
    """Empty boxes for the counts the spec leaves to the therapist and --dose did not fill."""
    open_fields = exercise.dose.open_fields() if exercise.dose else ()
    if not open_fields:
        return None
    names = dict(zip(DOSE_COUNTS, labels.dose_blanks, strict=True))
    return FillIn(tuple(names[field] for field in open_fields), boxed=True)


def compose_exercise_sheet(loaded: LoadedSpec, choice: SheetChoice = SheetChoice()) -> Document:
    spec = loaded.spec
    labels = labels_for(spec.language)
    if not spec.exercises:
        raise BuildError(
            "this spec has no exercises, so there is no exercise sheet to make; add 'exercises:'",
            Location(loaded.path, 1, 1),
        )
    chosen = _chosen(loaded, choice.only)
    picture = pictures_of(loaded)
    header: list[Block] = [
        Heading(norm(f"{labels.exercise_sheet}｜{spec.title}"), 1),
        FillIn((labels.patient, labels.start_date, labels.therapist)),
    ]
    blocks: list[Block | None] = []
    names: list[str] = []
    for stage, exercises in chosen:
        cards: list[Block | None] = [para(strong(labels.goal), stage.goal) if stage.goal else None]
        for exercise in exercises:
            dosed = _with_dose(exercise, choice.dose)
            shown = picture(exercise.picture, None, hold_of(dosed))
            cards.append(exercise_card(dosed, labels, shown, picture_share=0.34))  # a larger figure
            cards.append(_dose_boxes(dosed, labels))
            names.append(norm(exercise.name))
        blocks.append(section(stage.name, cards))
    grid = TrackingGrid(tuple(names), TRACKING_WEEKS, labels.week, corner=labels.exercise)
    blocks.append(section(labels.tracking, [para(labels.tracking_intro), grid]))
    blocks.append(sections_of(spec, labels)["red_flags"])  # when to stop and see a doctor: on every piece
    blocks.append(long_disclaimer(spec))
    return Document(
        title=norm(f"{labels.exercise_sheet}｜{spec.title}"),
        language=spec.language,
        header=tuple(header),
        blocks=tuple(b for b in blocks if b is not None),
        footer=page_footer(spec, loaded.clinic, labels),
        subject=norm(spec.title),
        author=norm(loaded.clinic.name) if loaded.clinic else "",
        brand=brand_of(loaded),
    )
