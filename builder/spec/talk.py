"""Pydantic models of a talk spec: one deck that draws on several condition specs.

A talk names its condition specs by path and picks which of their sections to
show; free slides of its own (e.g. a differential table across conditions)
sit between them in the order written.

No ``from __future__ import annotations``, as in builder.spec.model: pydantic would compile and
evaluate each string annotation when it creates a model.
"""

from typing import Literal, Self, get_args

from pydantic import Field, model_validator

from builder.spec.model import (
    Day,
    Language,
    Paragraphs,
    References,
    Strict,
    Text,
    WholeNumber,
    check_row_lengths,
)

SectionName = Literal[
    "main_message",
    "what_it_is",
    "symptoms",
    "comparisons",
    "self_check",
    "red_flags",
    "ng_moves",
    "sleep_positions",
    "exercises",
    "daily_tips",
    "treatments",
    "myths",
    "faq",
    "case_story",
    "summary",
]
SECTION_NAMES: tuple[str, ...] = get_args(SectionName)
Audience = Literal["older_adults", "professional"]
MAX_PARTS = 60  # a four-hour talk has far fewer; more is a pasted list, and a deck nobody can give


class SlideTable(Strict):
    columns: list[Text] = Field(min_length=2, max_length=5, description="Header row: 2 to 5 columns")
    rows: list[list[Text]] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_match_columns(self) -> Self:
        check_row_lengths(self.columns, self.rows)
        return self


class FreeSlide(Strict):
    """A slide written in the talk spec itself: bullet points, a table, or both."""

    title: Text
    points: list[Text] = Field(default_factory=list, description="Bullet points, one line each")
    table: SlideTable | None = None
    notes: Paragraphs = Field(default_factory=list, description="Speaker notes for this slide")

    @model_validator(mode="after")
    def _has_content(self) -> Self:
        if not self.points and self.table is None:
            raise ValueError("a slide needs 'points:' or 'table:' (or both)")
        return self


class Part(Strict):
    """One step of the talk: a condition spec (some or all of its sections) or a slide of its own."""

    condition: Text | None = Field(None, description="Condition spec YAML, relative to this file")
    sections: list[SectionName] = Field(
        default_factory=list, description="Which sections to show, in this order; empty = all"
    )
    slide: FreeSlide | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if (self.condition is None) == (self.slide is None):
            raise ValueError("each part needs either 'condition:' (a spec file) or 'slide:', not both")
        if self.slide is not None and self.sections:
            raise ValueError("'sections:' belongs to a 'condition:' part")
        return self


class TalkSpec(Strict):
    """A clinic talk: the deck's own details and the parts it is made of."""

    title: Text
    language: Language = Field(description="zh-Hant-TW (Taiwan) or zh-Hans-CN (mainland)")
    subtitle: Text | None = None
    speaker: Text | None = Field(None, description="Who gives the talk, e.g. 王小明 物理治療師")
    date: Day | None = Field(None, description="Date of the talk, YYYY-MM-DD")
    venue: Text | None = None
    minutes: WholeNumber | None = Field(
        None,
        ge=5,
        le=240,
        description="Target length of the talk in minutes; each slide's notes suggest its share",
    )
    audience: Audience = Field(
        "older_adults",
        description=(
            "Who the talk is for: older_adults (body text at least 28 pt, titles 36 pt, at most "
            "6 lines a slide) or professional (24/32 pt, up to 9 lines)"
        ),
    )
    clinic: Text | None = Field(None, description="Clinic profile YAML, relative to this file")
    main_message: Text | None = Field(None, description="The one thing the audience must remember")
    parts: list[Part] = Field(
        min_length=1, max_length=MAX_PARTS, description=f"The talk's steps, in order (at most {MAX_PARTS})"
    )
    summary: list[Text] = Field(default_factory=list, description="Points for the closing summary slide")
    references: References = Field(
        default_factory=list, description="Sources of the talk's own slides; `source: <id>` points at one"
    )
    disclaimer: Text | None = None
