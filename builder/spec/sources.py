"""Where a spec's content comes from: `source: <id>` annotations, taken out before validation.

Any mapping in a spec (the whole spec, a section, one FAQ entry, a dose) may say
`source: <id>` (or a list of ids); it holds for everything inside it. A single text (a list item, a
paragraph, the main message) carries its own by being written `{text: …, source: <id>}`,
and a list section by being written `{source: <id>, items: [...]}`. The id names an entry of the spec's
`references:`. The annotations are read here and removed, so the spec model, the
renderers and every patient output never see them; lint and the deck's speaker
notes ask this map where a piece of text comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from builder.errors import SpecError, raise_all
from builder.spec.yamlsource import FieldPath, YamlDocument


@dataclass(frozen=True)
class Sources:
    """The `source:` ids of one spec, by the field path (after unwrapping) they were written on."""

    declared: dict[FieldPath, tuple[str, ...]] = field(default_factory=dict)
    written_at: dict[FieldPath, FieldPath] = field(default_factory=dict)  # where each `source:` key was

    def of(self, where: FieldPath) -> tuple[str, ...] | None:
        """The ids that hold for a field: its own, or the nearest enclosing ones."""
        probe = tuple(where)
        while True:
            if probe in self.declared:
                return self.declared[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def under(self, prefixes: Iterable[FieldPath]) -> list[str]:
        """Every id that holds for some of the fields under these paths, in order of first use."""
        found: list[str] = []
        for prefix in prefixes:
            found += self.of(prefix) or ()
            found += [
                sid for path, ids in self.declared.items() if path[: len(prefix)] == prefix for sid in ids
            ]
        return list(dict.fromkeys(found))


def split_sources(document: YamlDocument, list_fields: frozenset[str]) -> tuple[YamlDocument, Sources]:
    """The document without its `source:` annotations (positions moved with the data), and the map.

    `list_fields` are the top-level fields whose value is a list: those may be written as
    `{source: id, items: [...]}`.
    """
    moves: list[tuple[FieldPath, FieldPath]] = []  # (old prefix, new prefix), applied in order
    declared: dict[FieldPath, tuple[str, ...]] = {}
    written_at: dict[FieldPath, FieldPath] = {}
    problems: list[SpecError] = []

    def take(mapping: dict[Any, Any], old: FieldPath, new: FieldPath) -> None:
        if "source" not in mapping:
            return
        value = mapping.pop("source")
        ids = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        if ids and all(isinstance(i, str) and i.strip() for i in ids):
            declared[new] = tuple(i.strip() for i in ids)
            written_at[new] = (*old, "source")
        else:
            problems.append(
                SpecError(
                    "needs the id of an entry in references: (e.g. source: article), or a list of ids",
                    document.locate((*old, "source"), value=True),
                )
            )

    def walk(value: Any, old: FieldPath, new: FieldPath) -> Any:
        if isinstance(value, dict):
            if len(old) == 1 and old[0] in list_fields and set(value) == {"source", "items"}:
                take(value, old, new)
                moves.append(((*old, "items"), new))
                return walk(value["items"], (*old, "items"), new)
            annotated = "source" in value
            take(value, old, new)
            if annotated and set(value) == {"text"}:
                moves.append(((*old, "text"), new))  # {text, source}: just the text
                return walk(value["text"], (*old, "text"), new)
            return {key: walk(child, (*old, key), (*new, key)) for key, child in value.items()}
        if isinstance(value, list):
            return [walk(child, (*old, index), (*new, index)) for index, child in enumerate(value)]
        return value

    data = walk(document.data, (), ())
    raise_all(problems)
    if not declared:
        return document, Sources()

    def moved(path: FieldPath) -> FieldPath:
        for old, new in moves:
            if path[: len(old)] == old:
                path = (*new, *path[len(old) :])
        return path

    positions: dict[FieldPath, tuple[int, int]] = {}
    value_positions: dict[FieldPath, tuple[int, int]] = {}
    for table, target in ((document.positions, positions), (document.value_positions, value_positions)):
        for path, mark in table.items():
            target.setdefault(moved(path), mark)
    for old, new in moves:  # a text item is located at its text, not at the braces around it
        if old in document.value_positions:
            value_positions[new] = document.value_positions[old]
    stripped = YamlDocument(document.path, data, positions, value_positions)
    # `locate` must still find where each `source:` was written, for messages about it
    for where in written_at.values():
        stripped.positions.setdefault(where, document.positions.get(where, (1, 1)))
        if where in document.value_positions:
            stripped.value_positions.setdefault(where, document.value_positions[where])
    return stripped, Sources(declared, written_at)


def check_ids(sources: Sources, known: Iterable[str | None], document: YamlDocument) -> None:
    """Every `source:` names a reference id the spec has; an unknown one is a located error."""
    ids = [i for i in known if i]
    problems = []
    for where, sid in ((w, i) for w, several in sources.declared.items() for i in several):
        if sid not in ids:
            hint = f"ids in references: {', '.join(ids)}" if ids else "no reference has an id yet"
            problems.append(
                SpecError(
                    f"no reference with id '{sid}'; {hint}",
                    document.locate(sources.written_at[where], value=True),
                )
            )
    raise_all(problems)
