"""Read YAML with ruamel.yaml, keeping where every key and value stands.

Why: pydantic reports errors by field path; a clinic assistant needs the line
and column. We turn ruamel's round-trip nodes into plain data and a map from
field path to position, so errors can be pointed at precisely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from builder.errors import Location, SpecError

FieldPath = tuple[str | int, ...]


class _TooLargeError(Exception):
    """Raised when aliases or lists expand past MAX_NODES values."""


MAX_NODES = 100_000
MAX_BYTES = 2_000_000


@dataclass
class YamlDocument:
    """Plain data from a YAML file plus where each field path starts."""

    path: Path
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    value_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, where: FieldPath, value: bool = False) -> Location:
        """The nearest known position of a field path (falls back to its parents).
        With value=True, where the field's value starts rather than its key."""
        probe = tuple(where)
        while probe and probe not in self.positions and probe not in self.value_positions:
            probe = probe[:-1]
        table = self.value_positions if value and probe in self.value_positions else self.positions
        line, column = table.get(probe, self.positions.get(probe, (1, 1)))
        return Location(self.path, line, column, format_field_path(where))


def format_field_path(where: FieldPath) -> str:
    """red_flags.items[2] — the form people read in messages."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def read_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file or raise a SpecError that says where and what."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError("file not found", Location(path)) from None
    except IsADirectoryError:
        raise SpecError("is a folder, not a YAML file", Location(path)) from None
    except OSError as exc:
        raise SpecError(f"cannot read the file ({exc.strerror})", Location(path)) from None
    if len(raw) > MAX_BYTES:
        raise SpecError(
            f"the file is {len(raw) // 1000} KB; a spec may be at most {MAX_BYTES // 1000} KB",
            Location(path),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SpecError(
            "the file is not UTF-8 text; save it as UTF-8 in your editor", Location(path, line)
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SpecError("the file contains a NUL byte; it is not a text file", Location(path, line))
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except DuplicateKeyError as exc:
        found = re.search(r'duplicate key "([^"]+)"', str(exc.problem))
        key = f"'{found.group(1)}' " if found else ""
        raise _yaml_error(path, exc, f"the key {key}appears twice in the same block") from None
    except MarkedYAMLError as exc:
        raise _yaml_error(path, exc, None) from None
    except YAMLError as exc:
        raise SpecError(f"the YAML is not well-formed: {exc}", Location(path)) from None
    document = YamlDocument(path, None)
    try:
        document.data = _plain(node, (), (document.positions, document.value_positions), [0])
    except _TooLargeError:
        raise SpecError(
            f"the file expands to more than {MAX_NODES} values (too many aliases or items)",
            Location(path),
        ) from None
    return document


def _yaml_error(path: Path, exc: MarkedYAMLError, plain: str | None) -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    if plain is None:
        if "'\\t'" in problem or "\\t" in problem:
            plain = "a tab is used for indenting; indent with spaces only"
        elif "found unexpected end of stream" in problem or "quoted scalar" in (exc.context or ""):
            plain = "a quote is opened but never closed"
        elif "mapping values are not allowed" in problem:
            plain = "a ':' is in an unexpected place; put text containing ': ' in quotes"
        else:
            plain = f"the YAML is not well-formed ({problem or exc.context})"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return SpecError(plain, Location(path, line, column))


Tables = tuple[dict[FieldPath, tuple[int, int]], dict[FieldPath, tuple[int, int]]]


def _plain(node: Any, where: FieldPath, tables: Tables, counter: list[int]) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise _TooLargeError
    positions, values = tables
    if isinstance(node, CommentedMap):
        result: dict[Any, Any] = {}
        for key in node:
            child = (*where, str(key))
            try:
                line, column = node.lc.key(key)
                positions[child] = (line + 1, column + 1)
                line, column = node.lc.value(key)
                values[child] = (line + 1, column + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            result[str(key)] = _plain(node[key], child, tables, counter)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*where, index)
            try:
                line, column = node.lc.item(index)
                positions[child] = (line + 1, column + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            items.append(_plain(value, child, tables, counter))
        return items
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node  # dates and anything else ruamel constructs are already plain
