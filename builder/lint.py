"""Health-literacy checks of a spec, with the line each finding is on.

Modelled on PEMAT-P and the CDC Clear Communication Index: one main message,
first; at least one thing the reader can do; red flags; short bullets and
sentences; jargon explained; simple tables; a recent review and a disclaimer.
A finding is advice for the author, not an error: the spec still builds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from builder.errors import Location
from builder.spec.loader import LoadedSpec, LoadedTalk, strings
from builder.spec.model import DOSE_COUNTS, ConditionSpec
from builder.spec.yamlsource import FieldPath, YamlDocument
from builder.typeset.chars import CLOSING_MARKS
from builder.typeset.sentences import SENTENCE_ENDS, sentences

MAX_BULLET = 60  # characters in one list item
MAX_SENTENCE = 40  # characters in one sentence
_SENTENCE_TAIL = "".join(SENTENCE_ENDS | CLOSING_MARKS)
MAX_COLUMNS = 4
MAX_REVIEW_AGE_DAYS = 2 * 365

# Words a patient may not know; explained when the spec puts a plain gloss in brackets
# right after them (椎間盤突出（軟骨往外凸）) or says what they are in `what_it_is`.
JARGON = {
    "zh-Hant-TW": (
        "椎間盤突出",
        "神經根",
        "馬尾症候群",
        "筋膜",
        "梨狀肌",
        "坐骨神經",
        "皮神經",
        "神經傳導",
        "肌電圖",
        "轉子",
        "滑囊",
        "周邊神經病變",
        "代謝",
        "發炎反應",
        "MRI",
        "GTPS",
        "PRP",
        "增生療法",
        "體外震波",
        "神經解套",
        "卡壓",
        "中樞敏感化",
    ),
    "zh-Hans-CN": (
        "椎间盘突出",
        "神经根",
        "马尾综合征",
        "筋膜",
        "梨状肌",
        "坐骨神经",
        "皮神经",
        "神经传导",
        "肌电图",
        "转子",
        "滑囊",
        "周围神经病变",
        "代谢",
        "炎症反应",
        "MRI",
        "GTPS",
        "PRP",
        "增生疗法",
        "体外冲击波",
        "神经松解",
        "卡压",
        "中枢敏化",
    ),
}

_NOT_PROSE = {
    "language",
    "clinic",
    "font",
    "references",
    "review_date",
    "leaflet_url",
}  # not read as sentences
_LIST_FIELDS = {"key_points", "symptoms", "worse", "better", "items", "tips", "cautions", "steps", "points"}


@dataclass(frozen=True)
class Finding:
    location: Location
    message: str
    rule: str

    def __str__(self) -> str:
        field = f" {self.location.field}:" if self.location.field else ""
        return f"{self.location}:{field} {self.message} [{self.rule}]"


def lint(loaded: LoadedSpec | LoadedTalk, today: dt.date | None = None) -> list[Finding]:
    """Every finding for a condition or talk spec, in line order."""
    findings = list(_talk(loaded) if isinstance(loaded, LoadedTalk) else _condition(loaded, today))
    return sorted(findings, key=lambda f: (f.location.line or 0, f.location.column or 0, f.rule))


def _condition(loaded: LoadedSpec, today: dt.date | None) -> Iterator[Finding]:
    spec, source = loaded.spec, loaded.source
    top = Location(source.path, 1, 1)
    if not spec.main_message:
        yield Finding(top, "no main_message: say first the one thing a patient must remember", "main-message")
    elif _first_content_line(source) < (source.locate(("main_message",)).line or 0):
        yield Finding(
            source.locate(("main_message",)),
            "write the main message before the other sections, so whoever edits the spec sees it first",
            "main-message",
        )
    actions = (
        spec.self_check,
        spec.red_flags and spec.red_flags.action,
        spec.exercises,
        spec.daily_tips,
        any(m.instead for m in spec.ng_moves),
    )
    if not any(actions):
        yield Finding(
            top,
            "no concrete action: add a self-check, exercises, daily tips, or what to do instead "
            "of an NG move",
            "action",
        )
    if spec.red_flags is None:
        yield Finding(top, "no red_flags: say which signs need a doctor now", "red-flags")
    yield from _texts(source.data, source)
    yield from _unsourced(loaded)
    yield from _jargon(loaded)
    if spec.review_date is None:
        yield Finding(top, "no review_date: a clinician should check the text and date it", "review-date")
    elif ((today or dt.date.today()) - spec.review_date).days > MAX_REVIEW_AGE_DAYS:
        yield Finding(
            source.locate(("review_date",), value=True),
            f"reviewed on {spec.review_date.isoformat()}, more than two years ago; check it again",
            "review-date",
        )
    if spec.disclaimer is None:
        yield Finding(top, "no disclaimer: the default one is printed; write your clinic's own", "disclaimer")


def _talk(loaded: LoadedTalk) -> Iterator[Finding]:
    source = loaded.source
    yield from _texts(source.data, source)
    yield from _unsourced(loaded)
    for index, part in enumerate(loaded.talk.parts):
        table = part.slide.table if part.slide else None
        if table is not None and len(table.columns) > MAX_COLUMNS:
            yield Finding(
                source.locate(("parts", index, "slide", "table", "columns")),
                f"a table of {len(table.columns)} columns is hard to read; keep to {MAX_COLUMNS}",
                "table-width",
            )
    if not loaded.talk.main_message:
        yield Finding(
            Location(source.path, 1, 1), "no main_message: the audience should hear it first", "main-message"
        )


# Statements a clinic must be able to trace to its source article or a named guideline.
DRUG_WORDS = (
    "藥",
    "药",
    "類固醇",
    "类固醇",
    "注射",
    "毫克",
    "mg",
    "pregabalin",
    "lyrica",
    "布洛芬",
    "肉毒",
    "甲钴胺",
    "乙哌立松",
)
_DIGIT = re.compile(r"[0-9０-９]")
# Fields that say who, where and when (a talk's venue, a clinic's phone), not medical claims.
_NOT_CLAIMS = {*_NOT_PROSE, "disclaimer", "speaker", "venue", "date", "minutes", "title", "subtitle"}


def _claim_kind(where: FieldPath, text: str) -> str | None:
    """What needs a source in this piece of text, or None."""
    if where[:2] == ("red_flags", "items"):
        return "a red flag"
    if any(word in text.lower() for word in DRUG_WORDS):
        return "a statement about medicines or injections"
    if _DIGIT.search(text):
        return "a number"
    return None


def _unsourced(loaded: LoadedSpec | LoadedTalk) -> Iterator[Finding]:
    """Red flags, doses, self-check thresholds, drug statements and numbers without `source:`."""
    source, sources = loaded.source, loaded.sources
    references = loaded.talk.references if isinstance(loaded, LoadedTalk) else loaded.spec.references
    ids = [r.id for r in references if r.id]
    hint = (
        f"add source: <id> here or on its section ({', '.join(ids)})"
        if ids
        else ("give its entry in references: an id, then write source: <id> here or on its section")
    )
    claims: list[tuple[FieldPath, str]] = []
    data = source.data if isinstance(source.data, dict) else {}
    for where, text in strings(data):
        if not where or where[0] in _NOT_CLAIMS or (where[0] == "parts" and "condition" in where):
            continue
        if "sections" in where or where[-1] in ("picture", "video", "rating"):
            continue
        if (len(where) >= 2 and where[-2] == "dose") or (len(where) >= 3 and where[-3] == "dose"):
            continue  # a dose is checked as a whole, below
        kind = _claim_kind(where, text)
        if kind:
            claims.append((where, kind))
    if isinstance(loaded, LoadedSpec):
        claims += _dose_and_threshold_claims(loaded.spec)
    for where, kind in claims:
        if sources.of(where) is None:
            yield Finding(source.locate(where, value=True), f"{kind} without a source; {hint}", "source")


def _dose_and_threshold_claims(spec: ConditionSpec) -> list[tuple[FieldPath, str]]:
    """Doses that say how much (as_prescribed leaves it to the therapist) and a numbered rule."""
    claims: list[tuple[FieldPath, str]] = []
    for s_index, stage in enumerate(spec.exercises):
        for e_index, exercise in enumerate(stage.exercises):
            dose = exercise.dose
            counts = [getattr(dose, name) for name in DOSE_COUNTS] if dose else []
            if dose and (any(isinstance(c, int) for c in counts) or dose.duration or dose.note):
                claims.append((("exercises", s_index, "exercises", e_index, "dose"), "a dose"))
    if spec.self_check and spec.self_check.rule.threshold is not None:
        claims.append((("self_check", "rule", "threshold"), "a self-check threshold"))
    return claims


def _first_content_line(source: YamlDocument) -> int:
    skip = {"title", "language", "subtitle", "clinic", "font", "main_message"}
    lines = [line for (key, *rest), (line, _) in source.positions.items() if not rest and key not in skip]
    return min(lines, default=10**9)


def _texts(data: Any, source: YamlDocument) -> Iterator[Finding]:
    """Long bullets and long sentences anywhere in the spec."""
    for where, value in strings(data):
        if not where or where[0] in _NOT_PROSE:
            continue
        text = "".join(value.split())
        in_list = len(where) >= 2 and isinstance(where[-1], int) and where[-2] in _LIST_FIELDS
        if in_list and len(text) > MAX_BULLET:
            yield Finding(
                source.locate(where, value=True),
                f"this item is {len(text)} characters; keep list items under {MAX_BULLET} (split it)",
                "bullet-length",
            )
        # a sentence's length without the mark that ends it (and a closing quote after that)
        lengths = [(len(s.rstrip(_SENTENCE_TAIL)), s) for s in sentences(text)]
        length, longest = max(lengths, default=(0, ""))
        if length > MAX_SENTENCE:
            yield Finding(
                source.locate(where, value=True),
                f"a sentence of {length} characters ({longest[:12]}…); keep sentences under {MAX_SENTENCE}",
                "sentence-length",
            )


def _jargon(loaded: LoadedSpec) -> Iterator[Finding]:
    texts = list(loaded.texts())
    explained = " ".join(loaded.spec.what_it_is + loaded.spec.anatomy)
    for term in JARGON.get(loaded.spec.language, ()):
        uses = [(text, location) for text, location in texts if term in text]
        if not uses or term in explained:
            continue
        glossed = any(re.search(re.escape(term) + r"\s*[（(]", text) for text, _ in uses)
        if not glossed:
            yield Finding(
                uses[0][1],
                f"'{term}' may be unfamiliar; explain it in plain words once, e.g. {term}（…）",
                "jargon",
            )
