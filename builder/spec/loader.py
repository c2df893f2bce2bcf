"""Load a condition spec and its clinic profile, turning every problem into a located message."""

from __future__ import annotations

import difflib
import errno
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.errors import Location, SpecError, raise_all
from builder.spec.model import AS_PRESCRIBED, DOSE_COUNTS, ClinicProfile, ConditionSpec, FieldValueError
from builder.spec.remembered import recalled, remember
from builder.spec.sources import Sources, check_ids, split_sources
from builder.spec.yamlsource import (
    FieldPath,
    YamlDocument,
    format_field_path,
    parse_yaml,
    read_spec_file,
    read_yaml,
)

if TYPE_CHECKING:  # imported where a talk is read: a leaflet build never needs its models
    from builder.spec.talk import TalkSpec

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec with what is needed to point back into its files."""

    spec: ConditionSpec
    source: YamlDocument
    clinic: ClinicProfile | None = None
    clinic_source: YamlDocument | None = None
    sources: Sources = field(default_factory=Sources)  # where its content comes from; never printed

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def folder(self) -> Path:
        return self.source.path.parent

    def texts(self) -> Iterator[tuple[str, Location]]:
        """Every piece of text a reader may see, with where it was written."""
        yield from _texts(plain(self.spec, _NOT_PRINTED), (), self.source)
        if self.clinic is not None and self.clinic_source is not None:
            yield from _texts(plain(self.clinic, _CLINIC_NOT_PRINTED), (), self.clinic_source)


# Fields that steer the build but are not printed as text.
_NOT_PRINTED: dict[str, Any] = {
    "font": True,
    "clinic": True,
    "language": True,
    "sleep_positions": {"__all__": {"rating", "picture"}},
    "ng_moves": {"__all__": {"picture"}},
    "exercises": {"__all__": {"exercises": {"__all__": {"picture", "video"}}}},
    "leaflet_url": True,
    "references": {"__all__": {"id"}},
    "symptoms_map": True,  # region names; their printed words come from the body-map data
    "pain_routes": {"__all__": {"map"}},
}


_CLINIC_NOT_PRINTED = {"font", "colours", "logo", "slide_font"}


def plain(value: Any, exclude: Any = None) -> Any:
    """A model as plain data, as `model_dump(exclude=exclude)` gives it for these models (fields
    in order, nested models as dicts, lists as lists, `True` leaving a field out, `"__all__"` for
    every item of a list), read from the fields themselves.

    Why not model_dump: pydantic builds the spec models' serializer (≈0.03 s, as long as their
    validator) the first time anything is dumped, and a spec recalled from the cache folder
    (spec.remembered) is otherwise never dumped or validated in a leaflet build.
    tests/test_remembered_specs.py checks it against model_dump for every bundled spec."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return {
            name: plain(getattr(value, name), _within(exclude, name))
            for name in fields
            if _within(exclude, name) is not True
        }
    if isinstance(value, list):
        return [
            plain(item, _within(exclude, index))
            for index, item in enumerate(value)
            if _within(exclude, index) is not True
        ]
    if isinstance(value, dict):
        return {
            key: plain(item, _within(exclude, key))
            for key, item in value.items()
            if _within(exclude, key) is not True
        }
    return value


def _within(exclude: Any, key: str | int) -> Any:
    """What an exclude setting (a dict, or a set of names meaning `True` each) leaves out inside
    one field or item: True for all of it."""
    if isinstance(exclude, set | frozenset):
        return True if key in exclude else None
    if not isinstance(exclude, dict):
        return None
    return exclude.get(key, exclude.get("__all__")) if isinstance(key, int) else exclude.get(key)


def strings(value: Any, where: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string in plain YAML data, with the field path that leads to it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, (*where, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings(child, (*where, index))


def _texts(value: Any, where: FieldPath, source: YamlDocument) -> Iterator[tuple[str, Location]]:
    for path, text in strings(value, where):
        if text == AS_PRESCRIBED and path and path[-1] in DOSE_COUNTS:
            continue  # a count left to the therapist: a keyword, not text (the leaflet words it)
        yield text, source.locate(path, value=True)


@dataclass(frozen=True)
class LoadedTalk:
    """A validated talk spec with the condition specs it draws on, in the order of its parts."""

    talk: TalkSpec
    source: YamlDocument
    conditions: tuple[LoadedSpec | None, ...]  # one per part; None for the talk's own slides
    clinic: ClinicProfile | None = None
    clinic_source: YamlDocument | None = None
    sources: Sources = field(default_factory=Sources)  # where the talk's own slides come from

    @property
    def path(self) -> Path:
        return self.source.path

    def texts(self) -> Iterator[tuple[str, Location]]:
        """Every piece of text the deck may show, from the talk and the specs it uses."""
        yield from _texts(plain(self.talk, _TALK_NOT_PRINTED), (), self.source)
        if self.clinic is not None and self.clinic_source is not None:
            yield from _texts(plain(self.clinic, _CLINIC_NOT_PRINTED), (), self.clinic_source)
        for condition in self.distinct_conditions():
            yield from condition.texts()

    def distinct_conditions(self) -> list[LoadedSpec]:
        """Each condition spec once, in the order the talk first uses it."""
        return list({c.path: c for c in self.conditions if c is not None}.values())


_TALK_NOT_PRINTED: dict[str, Any] = {
    "language": True,
    "audience": True,
    "clinic": True,
    "parts": {"__all__": {"condition": True, "sections": True}},
    "references": {"__all__": {"id"}},
}


def load_any(path: Path) -> LoadedSpec | LoadedTalk:
    """A condition spec or a talk spec; a talk spec is one whose top level has a 'parts:' list."""
    raw = read_spec_file(path)
    validated = _known(_CONDITIONS, "condition", path, raw)
    if validated is None:
        source = parse_yaml(path, raw)
        if isinstance(source.data, dict) and "parts" in source.data:
            return _talk_from(source)
        validated = _keep(_CONDITIONS, path, raw, _validated(path, raw, source))
    return _spec_from(validated)


T = TypeVar("T")
# Validated files by the path they were named by, with the bytes they were made from: a batch,
# a talk built after the leaflets of its conditions, and watch mode (which loads a spec again
# to see what it uses) read the same unchanged files over and over. Only the current content
# of a file is kept; a changed file is read and validated afresh, its problems reported as ever.
_CONDITIONS: dict[Path, tuple[bytes, tuple[ConditionSpec, YamlDocument, Sources]]] = {}
_CLINICS: dict[Path, tuple[bytes, tuple[ClinicProfile, YamlDocument]]] = {}


def _keep(kept: dict[Path, tuple[bytes, T]], path: Path, raw: bytes, made: T) -> T:
    kept[path] = (raw, made)
    return made


def _known(kept: dict[Path, tuple[bytes, T]], kind: str, path: Path, raw: bytes) -> T | None:
    """What validating these bytes of the file gave, from this process's memory or else the
    cache folder (spec.remembered, then kept in memory too); None when it must be validated."""
    known = kept.get(path)
    if known is not None and known[0] == raw:
        return known[1]
    made = recalled(kind, path, raw)
    return None if made is None else _keep(kept, path, raw, made)


def _validated_condition(path: Path) -> tuple[ConditionSpec, YamlDocument, Sources]:
    raw = read_spec_file(path)
    known = _known(_CONDITIONS, "condition", path, raw)
    if known is not None:
        return known
    return _keep(_CONDITIONS, path, raw, _validated(path, raw, parse_yaml(path, raw)))


def _validated(path: Path, raw: bytes, source: YamlDocument) -> tuple[ConditionSpec, YamlDocument, Sources]:
    """Validate a condition spec and remember the result in the cache folder (spec.remembered)."""
    validated = validate_condition(source)
    remember("condition", path, raw, validated)
    return validated


def load_talk(path: Path) -> LoadedTalk:
    return _talk_from(read_yaml(path))


def _talk_from(source: YamlDocument) -> LoadedTalk:
    """The talk and every condition spec it names (paths may reach the talk folder's parent,
    so decks/ can use handouts/)."""
    from builder.spec.talk import TalkSpec

    source, sources = split_sources(source, _list_fields(TalkSpec))
    talk = validate(TalkSpec, source, "a talk spec needs 'title:', 'language:' and 'parts:'")
    check_ids(sources, (r.id for r in talk.references), source)
    library = (source.path.absolute().parent.parent,)  # absolute: "talk.yaml".parent.parent is "."
    clinic = clinic_source = None
    if talk.clinic is not None:
        clinic, clinic_source = load_clinic(resolve_reference(talk.clinic, source, ("clinic",), library))
    loaded: dict[Path, LoadedSpec] = {}
    conditions: list[LoadedSpec | None] = []
    problems: list[SpecError] = []
    for index, part in enumerate(talk.parts):
        if part.condition is None:
            conditions.append(None)
            continue
        where = ("parts", index, "condition")
        spec_path = resolve_reference(part.condition, source, where, library)
        if spec_path not in loaded:
            loaded[spec_path] = load_spec(spec_path)
        condition = loaded[spec_path]
        if condition.spec.language != talk.language:
            problems.append(
                SpecError(
                    f"'{part.condition}' is written in {condition.spec.language} but the talk is in "
                    f"{talk.language}; use a spec in the talk's language",
                    source.locate(where, value=True),
                )
            )
        conditions.append(condition)
    raise_all(problems)
    return LoadedTalk(talk, source, tuple(conditions), clinic, clinic_source, sources)


def load_spec(path: Path, allowed_roots: tuple[Path, ...] = ()) -> LoadedSpec:
    """Read, validate and resolve one condition spec (and the clinic profile it names)."""
    return _spec_from(_validated_condition(path), allowed_roots)


def validate_condition(source: YamlDocument) -> tuple[ConditionSpec, YamlDocument, Sources]:
    """A condition spec from its YAML: `source:` annotations taken out and checked, then validated."""
    source, sources = split_sources(source, _list_fields(ConditionSpec))
    spec = validate(ConditionSpec, source, "a condition spec needs at least 'title:' and 'language:'")
    check_ids(sources, (r.id for r in spec.references), source)
    return spec, source, sources


def _spec_from(
    validated: tuple[ConditionSpec, YamlDocument, Sources], allowed_roots: tuple[Path, ...] = ()
) -> LoadedSpec:
    spec, source, sources = validated
    clinic = clinic_source = None
    if spec.clinic is not None:
        clinic_path = resolve_reference(spec.clinic, source, ("clinic",), allowed_roots)
        clinic, clinic_source = load_clinic(clinic_path)
    return LoadedSpec(spec, source, clinic, clinic_source, sources)


def load_clinic(path: Path) -> tuple[ClinicProfile, YamlDocument]:
    raw = read_spec_file(path)
    known = _known(_CLINICS, "clinic", path, raw)
    if known is not None:
        return known
    source = parse_yaml(path, raw)
    made = (validate(ClinicProfile, source, "a clinic profile needs at least 'name:'"), source)
    remember("clinic", path, raw, made)
    return _keep(_CLINICS, path, raw, made)


def resolve_reference(
    relative: str, source: YamlDocument, where: FieldPath, allowed_roots: tuple[Path, ...] = ()
) -> Path:
    """A file named in a spec, kept inside the spec's folder or a folder the user allowed.
    A name no file system can hold (a part over 255 bytes) or a symlink loop is a
    located error, never an OSError or RuntimeError."""
    located = source.locate(where, value=True)
    problem = _unusable_path(relative)
    if problem is not None:
        raise SpecError(f"'{_short(relative)}' cannot be a file name: {problem}", located)
    base = source.path.parent.resolve()
    loop = f"'{_short(relative)}' is a symbolic link that leads back to itself"
    try:
        candidate = (base / relative).resolve()
        is_file = candidate.is_file()
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        raise SpecError(loop, located) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SpecError(loop, located) from None
        raise SpecError(f"'{_short(relative)}' cannot be opened ({exc.strerror})", located) from None
    roots = (base, *(root.resolve() for root in allowed_roots))
    if not any(candidate.is_relative_to(root) for root in roots):
        widest = source.path.parent if not allowed_roots else allowed_roots[-1]
        raise SpecError(
            f"'{_short(relative)}' is outside the spec's folder; "
            f"files a spec uses must be in {widest} or below it",
            located,
        )
    if not is_file:
        raise SpecError(f"file not found: {source.path.parent / relative}", located)
    return candidate


def _unusable_path(relative: str) -> str | None:
    """Why no file system could have a file of this name, or None."""
    for part in relative.replace("\\", "/").split("/"):
        size = len(part.encode("utf-8"))
        if size > 255:
            return f"one part of it is {size} bytes long; a file name may have at most 255"
    if len(relative.encode("utf-8")) > 4000:
        return "it is longer than any path a computer accepts"
    return None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def validate(model: type[M], source: YamlDocument, empty_hint: str) -> M:
    """Validate plain YAML data against a model; all problems are reported at once."""
    if source.data is None:
        raise SpecError(f"the file is empty; {empty_hint}", Location(source.path, 1, 1))
    if not isinstance(source.data, dict):
        kind = "a list" if isinstance(source.data, list) else "a single value"
        raise SpecError(
            f"the file holds {kind}; it must be fields written as 'key: value' lines ({empty_hint})",
            Location(source.path, 1, 1),
        )
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raw = exc.errors(include_url=False)
    # a misspelt key ('rul:') also makes the real one ('rule') missing: say only the first
    misspelt = {
        (tuple(err["loc"][:-1]), guess)
        for err in raw
        if err["type"] == "extra_forbidden"
        for guess in difflib.get_close_matches(str(err["loc"][-1]), _fields_at(model, err["loc"][:-1]), n=1)
    }
    errors = [
        _located(model, source, err)
        for err in raw
        if not (err["type"] == "missing" and (tuple(err["loc"][:-1]), err["loc"][-1]) in misspelt)
    ]
    errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
    raise_all(errors)
    raise AssertionError("pydantic rejected the data without saying why")


def _located(model: type[BaseModel], source: YamlDocument, err: Any) -> SpecError:
    loc: FieldPath = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    # an editor jumps to the column given: point at a value, or at the key of a whole group
    at_value = kind != "extra_forbidden" and not isinstance(err.get("input"), dict | list)
    if isinstance(ctx.get("error"), FieldValueError):
        loc, at_value = (*loc, *ctx["error"].field), True
    location = source.locate(loc, value=at_value)
    name = loc[-1] if loc else ""
    if kind == "missing":
        parent = source.locate(loc[:-1])
        message = f"'{name}' is required here but missing"
        return SpecError(message, Location(source.path, parent.line, parent.column, format_field_path(loc)))
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed here: {', '.join(allowed)}"
        return SpecError(f"unknown field '{name}'; {hint}", location)
    return SpecError(_plain_message(kind, ctx, err), location)


def _plain_message(kind: str, ctx: dict[str, Any], err: Any) -> str:
    given = _describe(err.get("input"))
    messages = {
        "string_type": f"needs text here, not {given}",
        "string_too_short": "must not be empty",
        "int_type": f"needs a whole number, not {given}",
        "int_parsing": f"needs a whole number, not {given}",
        "int_from_float": f"needs a whole number, not {given}",
        "bool_type": f"needs true or false, not {given}",
        "bool_parsing": f"needs true or false, not {given}",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "list_type": f"needs a list (lines starting with '- '), not {given}",
        "model_type": f"needs a group of 'key: value' lines, not {given}",
        "model_attributes_type": f"needs a group of 'key: value' lines, not {given}",
        "dict_type": f"needs a group of 'key: value' lines, not {given}",
        "too_short": f"needs at least {ctx.get('min_length')} item(s)",
        "too_long": f"can have at most {ctx.get('max_length')} items",
        "date_type": "needs a date written as YYYY-MM-DD",
        "date_parsing": f"needs a date written as YYYY-MM-DD, not {given}",
        "date_from_datetime_parsing": f"needs a date written as YYYY-MM-DD, not {given}",
        "date_from_datetime_inexact": "needs a date written as YYYY-MM-DD, without a time",
        "literal_error": f"must be one of {ctx.get('expected')}, not {given}{_guess(ctx, err)}",
    }
    if kind in messages:
        return messages[kind]
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])


def _guess(ctx: dict[str, Any], err: Any) -> str:
    """'; did you mean …?' for a misspelt choice, or nothing."""
    choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
    guess = difflib.get_close_matches(str(err.get("input")), choices, n=1, cutoff=0.6)
    return f"; did you mean '{guess[0]}'?" if guess else ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "…")


def _list_fields(model: type[BaseModel]) -> frozenset[str]:
    """Top-level fields holding a list: these may be written {source: id, items: [...]}."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if typing.get_origin(_unwrap(info.annotation, False)) is list
    )


def _fields_at(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """The field names allowed at a path, for "did you mean" suggestions."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, isinstance(part, int))
        if isinstance(part, str):
            if not (isinstance(current, type) and issubclass(current, BaseModel)):
                return []
            info = current.model_fields.get(part)
            if info is None:
                return []
            current = info.annotation
    current = _unwrap(current, False)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any, want_item: bool) -> Any:
    """Strip Optional/Annotated, and list[...] when indexing into a list."""
    for _ in range(6):
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if a is not type(None)]
            annotation = models[0] if len(models) == 1 else annotation
            if len(models) != 1:
                break
        elif origin is list and want_item:
            annotation = args[0]
            want_item = False
        else:
            break
    return annotation
