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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.errors import Location, SpecError

if TYPE_CHECKING:  # ruamel.yaml is imported where a file is parsed: see parse_yaml
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

FieldPath = tuple[str | int, ...]


@cache
def _forbidden() -> re.Pattern[str]:
    """Compiled when a file is first parsed, not at import (≈0.7 ms): a build whose specs are
    recalled from the cache folder (spec.remembered) parses no YAML."""
    return re.compile(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
        + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
        + "]"
    )


MAX_NODES = 100_000  # values in the expanded document (aliases counted each time they are used)
MAX_CHARACTERS = 200_000  # characters of text in the expanded document: about 100 leaflet pages
MAX_ALIASES = 1_000  # uses of aliases (*name) in one file
MAX_DEPTH = 20  # nesting of lists and groups; a spec needs 6
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
    return parse_yaml(path, read_spec_file(path))


def read_spec_file(path: Path) -> bytes:
    """The bytes of a spec file (a regular file of at most MAX_BYTES), or a SpecError."""
    raw = _read_limited(path)
    if len(raw) > MAX_BYTES:
        raise SpecError(
            f"the file is larger than {MAX_BYTES:,} bytes (2 MB), the most a spec may be; "
            "split it, or remove pasted pictures or tables",
            Location(path),
        )
    return raw


def parse_yaml(path: Path, raw: bytes) -> YamlDocument:
    """The YAML document in `raw` (read from `path`) or a SpecError that says where and what."""
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
    control = _forbidden().search(text)
    if control is not None:
        before = text[: control.start()]
        line, column = before.count("\n") + 1, control.start() - before.rfind("\n")
        problem = str(forbidden_character(control.group())).replace("the text", "the file", 1)
        raise SpecError(problem, Location(path, line, column))
    # imported here, not with the module: a build whose specs are recalled from the cache
    # folder (spec.remembered) parses no YAML, and the import is 0.01 s of a cold build
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=False)  # libyaml's parser when ruamel.yaml.clib is installed
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        raise _yaml_error(path, exc, None, text) from None
    except YAMLError as exc:
        problem = " ".join(str(exc).split())  # one line, whatever the parser wrote
        raise SpecError(f"the YAML is not well-formed: {problem}", Location(path)) from None
    document = YamlDocument(path, None)
    document.data = _Walker(path, document).plain(node, ()) if node is not None else None
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


def _yaml_error(path: Path, exc: MarkedYAMLError, plain: str | None, text: str = "") -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or "").strip()
    if plain is None and "escape" in problem and mark is not None:
        lines = text.splitlines()
        plain, column = _escape_advice(lines[mark.line] if mark.line < len(lines) else "")
        return SpecError(plain, Location(path, mark.line + 1, column or mark.column + 1))
    if plain is None:
        if "'\\t'" in problem or "\\t" in problem:
            plain = "a tab is used for indenting; indent with spaces only"
        elif problem == "found unexpected ':'":
            plain = (
                "a ':' inside '{ }' or '[ ]' must be followed by a space; "
                "put text containing ':' (such as a web address) in quotes"
            )
        elif "found unexpected end of stream" in problem or "quoted scalar" in (exc.context or ""):
            plain = "a quote is opened but never closed"
        elif "mapping values are not allowed" in problem:
            plain = "a ':' is in an unexpected place; put text containing ': ' in quotes"
        else:
            plain = f"the YAML is not well-formed ({problem or exc.context})"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return SpecError(plain, Location(path, line, column))


def _escape_advice(line: str) -> tuple[str, int | None]:
    """Why a backslash in double quotes was refused, with what to write instead, and its column."""
    for found in re.finditer(r"\\(u[0-9A-Fa-f]{4}|.)", line):
        escape = found.group()
        if escape[1] == "u" and 0xD800 <= int(escape[2:], 16) <= 0xDFFF:
            pair = re.match(r"\\u([0-9A-Fa-f]{4})\\u([0-9A-Fa-f]{4})", line[found.start() :])
            whole = ""
            if pair is not None:
                high, low = int(pair.group(1), 16), int(pair.group(2), 16)
                if 0xD800 <= high < 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    whole = f" (write \\U{code:08X}, or type the character itself)"
            return (
                f"'{escape}' in double quotes is half of a character (a UTF-16 surrogate), "
                f"which YAML does not accept{whole or '; type the character itself'}"
            ), found.start() + 1
        if escape[1] not in _YAML_ESCAPES:
            return (
                f"'{escape}' in double quotes is not an escape YAML knows; "
                "write paths with '/', or put the text in single quotes"
            ), found.start() + 1
    return "a backslash in double quotes starts an escape YAML does not know; use single quotes", None


_YAML_ESCAPES = frozenset('0abtnvfre "/\\N_LPxuU\t')


class _Walker:
    """Turns composed YAML nodes into plain data, noting every field's position.

    Scalars are never typed by YAML 1.1 rules: a value keeps exactly the characters
    written (`0223456789` stays a phone number, `1e3` stays text). Only `true`/`false`
    become booleans and an empty value (or `~`, `null`) becomes nothing; number fields
    check their own digits. Limits count the expanded document, so aliases cannot
    multiply a small file past them, and an alias inside itself is refused.
    """

    def __init__(self, path: Path, document: YamlDocument) -> None:
        self.path = path
        self.document = document
        self.values = 0
        self.characters = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.open: set[int] = set()

    def plain(self, node: Node, where: FieldPath, depth: int = 0) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode  # loaded by parse_yaml

        self._count(node, where, depth)
        if isinstance(node, MappingNode | SequenceNode):
            self.open.add(id(node))
            try:
                if isinstance(node, MappingNode):
                    return self._mapping(node, where, depth)
                return self._sequence(node, where, depth)
            finally:
                self.open.discard(id(node))
        assert isinstance(node, ScalarNode), node
        return self._scalar(node, where)

    def _count(self, node: Node, where: FieldPath, depth: int) -> None:
        def too_much(message: str) -> SpecError:
            shown = format_field_path(where[:3]) + ("…" if len(where) > 3 else "")
            return SpecError(message, Location(self.path, *_mark(node), shown))

        if id(node) in self.open:
            raise too_much(
                "an alias (*name) is used inside the block its anchor (&name) names; it never ends"
            )
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise too_much(
                    f"too many aliases: a spec may use aliases (*name) at most {MAX_ALIASES} times"
                )
        self.seen.add(id(node))
        self.values += 1
        if self.values > MAX_NODES:
            raise too_much(f"the file expands to more than {MAX_NODES:,} values (too many aliases or items)")
        if depth > MAX_DEPTH:
            raise too_much(f"lists and groups are nested more than {MAX_DEPTH} levels deep")

    def _mapping(self, node: MappingNode, where: FieldPath, depth: int) -> dict[str, Any]:
        from ruamel.yaml.nodes import ScalarNode  # loaded by parse_yaml

        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise SpecError(
                    "a key must be a plain name followed by ':'",
                    Location(self.path, *_mark(key_node), format_field_path(where)),
                )
            key = str(self._scalar(key_node, where))
            child = (*where, key)
            if key in result:
                first = self.document.positions[child][0]
                raise SpecError(
                    f"the key '{key}' appears twice in the same block (first on line {first})",
                    Location(self.path, *_mark(key_node), format_field_path(child)),
                )
            self.document.positions[child] = _mark(key_node)
            self.document.value_positions[child] = _mark(value_node)
            result[key] = self.plain(value_node, child, depth + 1)
        return result

    def _sequence(self, node: SequenceNode, where: FieldPath, depth: int) -> list[Any]:
        if len(node.value) > MAX_ITEMS:
            raise SpecError(
                f"this list has {len(node.value)} items; a list may have at most {MAX_ITEMS}",
                Location(self.path, *_mark(node), format_field_path(where)),
            )
        items = []
        for index, item in enumerate(node.value):
            child = (*where, index)
            self.document.positions[child] = _mark(item)
            self.document.value_positions[child] = _mark(item)
            items.append(self.plain(item, child, depth + 1))
        return items

    def _scalar(self, node: ScalarNode, where: FieldPath) -> str | bool | None:
        def located(message: str) -> SpecError:
            return SpecError(message, Location(self.path, *_mark(node), format_field_path(where)))

        tag = str(node.tag or "")
        if tag.startswith("!") and not tag.startswith("!!"):
            raise located(f"'{tag}' is a YAML tag a spec does not use; delete it")
        text = str(node.value)
        if not node.style:  # plain (unquoted): only these few words are not text
            if text in _NULLS and tag.endswith(":null"):
                return None
            if text in _BOOLEANS and tag.endswith(":bool"):
                return _BOOLEANS[text]
        if len(text) > MAX_TEXT:
            raise located(
                f"this text is {len(text):,} characters long; one text may have at most {MAX_TEXT:,} "
                "(split it into paragraphs or list items)"
            )
        self.characters += len(text)
        if self.characters > MAX_CHARACTERS:
            raise located(
                f"the file expands to more than {MAX_CHARACTERS:,} characters of text "
                "(too many aliases or too much text for one handout)"
            )
        problem = forbidden_character(text)
        if problem is not None:
            raise located(problem)
        return text


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def forbidden_character(text: str) -> str | None:
    """What is wrong with a character no printed text may hold (control characters,
    lone surrogates, non-characters), or None. The file and every value after its
    escapes (``"\\e"``, ``"\\uFFFE"``) go through this one check, font names included."""
    found = _forbidden().search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code < 0xA0:
        return f"the text contains an invisible control character (U+{code:04X}); delete it"
    return f"the text contains U+{code:04X}, which is not a character that can be printed; delete it"


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
