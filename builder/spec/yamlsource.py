"""Read YAML with ruamel.yaml, keeping where every key and value stands.

Why: pydantic reports errors by field path; a clinic assistant needs the line
and column. We compose the YAML into nodes (which carry their positions) and
turn them into plain data plus a map from field path to position. Composing
with libyaml (ruamel.yaml.clib) is ~8x faster than the round-trip loader.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from builder.errors import Location, SpecError

FieldPath = tuple[str | int, ...]


class _TooLargeError(Exception):
    """Raised when aliases or lists expand past MAX_NODES values."""


_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")  # C0 and C1, not NEL
MAX_NODES = 100_000
MAX_BYTES = 2_000_000
MAX_ITEMS = 500  # items in one list: more is a mistake (a pasted table), and no page holds it
MAX_TEXT = 10_000  # characters in one text: about four pages of a leaflet


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
    raw = _read_limited(path)
    if len(raw) > MAX_BYTES:
        raise SpecError(
            f"the file is larger than {MAX_BYTES:,} bytes, the most a spec may be; split it",
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
    control = _CONTROL.search(text)
    if control is not None:
        before = text[: control.start()]
        line, column = before.count("\n") + 1, control.start() - before.rfind("\n")
        raise SpecError(
            f"the file contains an invisible control character (U+{ord(control.group()):04X}); delete it",
            Location(path, line, column),
        )
    yaml = YAML(typ="safe", pure=False)  # libyaml's parser when ruamel.yaml.clib is installed
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        raise _yaml_error(path, exc, None) from None
    except YAMLError as exc:
        problem = " ".join(str(exc).split())  # one line, whatever the parser wrote
        raise SpecError(f"the YAML is not well-formed: {problem}", Location(path)) from None
    document = YamlDocument(path, None)
    walker = _Walker(path, yaml.constructor, document)
    try:
        document.data = walker.plain(node, ()) if node is not None else None
    except _TooLargeError:
        raise SpecError(
            f"the file expands to more than {MAX_NODES} values (too many aliases or items)",
            Location(path),
        ) from None
    except ConstructorError as exc:
        raise _yaml_error(path, exc, None) from None
    return document


def _read_limited(path: Path) -> bytes:
    """The file's bytes, at most MAX_BYTES + 1 of them (enough to say it is too big). Only a
    regular file is read: a pipe would wait forever and a device never ends. Opening without
    blocking and checking the open file (not the name) leaves no moment to swap one in."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SpecError("file not found", Location(path)) from None
    except IsADirectoryError:
        raise SpecError("is a folder, not a YAML file", Location(path)) from None
    except (OSError, ValueError) as exc:
        raise SpecError(
            f"cannot read the file ({getattr(exc, 'strerror', None) or exc})", Location(path)
        ) from None
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise SpecError("is a folder, not a YAML file", Location(path))
        if not stat.S_ISREG(mode):
            raise SpecError(
                "is not a regular file (a pipe, device or socket); a spec must be a YAML file", Location(path)
            )
        try:
            return stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SpecError(f"cannot read the file ({exc.strerror})", Location(path)) from None


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


class _Walker:
    """Turns composed YAML nodes into plain data, noting every field's position."""

    def __init__(self, path: Path, constructor: Any, document: YamlDocument) -> None:
        self.path = path
        self.constructor = constructor
        self.document = document
        self.count = 0

    def plain(self, node: Node, where: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLargeError
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.constructor.construct_object(key_node, deep=True))
                child = (*where, key)
                if key in result:
                    first = self.document.positions[child][0]
                    raise SpecError(
                        f"the key '{key}' appears twice in the same block (first on line {first})",
                        Location(self.path, *_mark(key_node), format_field_path(child)),
                    )
                self.document.positions[child] = _mark(key_node)
                self.document.value_positions[child] = _mark(value_node)
                result[key] = self.plain(value_node, child)
            return result
        if isinstance(node, SequenceNode):
            if len(node.value) > MAX_ITEMS:
                raise SpecError(
                    f"this list has {len(node.value)} items; a list may have at most {MAX_ITEMS}",
                    Location(self.path, *_mark(node), format_field_path(where)),
                )
            items = []
            for index, item in enumerate(node.value):
                child = (*where, index)
                self.document.positions[child] = _mark(item)
                items.append(self.plain(item, child))
            return items
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. a date like 2026-13-45
            raise SpecError(
                f"'{node.value}' is not a valid value here ({exc}); write dates as YYYY-MM-DD",
                Location(self.path, *_mark(node), format_field_path(where)),
            ) from None
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise SpecError(
                f"this text is {len(value)} characters long; one text may have at most {MAX_TEXT} "
                "(split it into paragraphs or list items)",
                Location(self.path, *_mark(node), format_field_path(where)),
            )
        return value


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
