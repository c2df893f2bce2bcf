"""The per-user cache folder: font metrics and converted fonts, made once per machine."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from builder.collector import collector_paused
from builder.errors import LeafdeckError
from builder.output import write_atomic

_PACKAGE = Path(__file__).resolve().parents[1]  # the builder package
_CODE_SUFFIXES = (".py", ".json", ".yaml")


def cache_dir() -> Path:
    override = os.environ.get("LEAFDECK_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "leafdeck"


def store(name: str, data: bytes) -> None:
    """Keep data in the cache; a read-only home is fine, the work is just redone next time.
    Written to a temporary file and renamed, so two processes filling the same entry at once
    each leave a whole entry, and a reader never sees half of one."""
    with contextlib.suppress(LeafdeckError):
        write_atomic(cache_dir() / name, data)


def keep(name: str, data: bytes) -> None:
    """Store data with a digest of it in front, for `recall` to check."""
    store(name, hashlib.sha256(data).digest() + data)


def recall(name: str) -> bytes | None:
    """What `keep` stored under name; None when it is not there, cannot be read, or is not whole
    (cut short or damaged: its digest does not match), so the caller makes it again."""
    try:
        kept = (cache_dir() / name).read_bytes()
    except OSError:
        return None
    digest, data = kept[:_DIGEST], kept[_DIGEST:]
    return data if len(kept) > _DIGEST and hashlib.sha256(data).digest() == digest else None


_DIGEST = 32  # bytes of sha256


def recall_marshal(name: str) -> Any:
    """What `keep` stored under name as marshal bytes, read back; None when there is none or it
    does not read (the caller checks its shape). Read with the collector paused: a kept table
    is tens of thousands of new objects, which could set off a full collection of a long-running
    process (a batch, watch)."""
    data = recall(name)
    if data is None:
        return None
    with collector_paused():
        try:
            return marshal.loads(data)
        except (ValueError, EOFError, TypeError):
            return None


@cache
def code_version() -> str:
    """A digest of leafdeck's own code and data (every .py, .json and .yaml file of the builder
    package), read once per process: an entry that depends on how the code lays things out is
    keyed by it, so any change to the code — a release or an edit — leaves the old entry unused.
    About 2 ms."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class EntryKey:
    """A digest of everything a kept entry depends on: leafdeck's own code and Python's version
    always (see code_version), then the parts added, each length-prefixed so two parts never
    read as one. Bytes are taken as they are, anything else by its repr."""

    def __init__(self, *parts: object) -> None:
        self._digest = hashlib.sha256()
        self.add(code_version(), sys.version_info[:2], *parts)

    def add(self, *parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
            self._digest.update(len(data).to_bytes(8, "big") + data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


_Made = TypeVar("_Made")


def kept_object(kind: str, parts: tuple[object, ...], make: Callable[[], _Made], made: type[_Made]) -> _Made:
    """What `make()` returns, kept pickled in the cache folder under an EntryKey of `parts` (with
    leafdeck's code, so any change to the code or its data files keys it anew): for work that
    depends only on those, done once per machine instead of once per process (a library
    picture's pose, a body map). A missing, damaged or foreign entry (not a `made`) means
    `make()` runs again."""
    entry = f"{kind}-{EntryKey(*parts).hexdigest()}.pickle"
    kept = recall_pickled(entry)
    if isinstance(kept, made):
        return kept
    value = make()
    keep_pickled(entry, value)
    return value


def recall_pickled(name: str, compressed: bool = False) -> Any:
    """What keep_pickled kept under name, or None (none, damaged, or written by other code: the
    digest only says an entry is whole). Read with the collector paused, as recall_marshal. Like
    the rest of the cache folder, the entries are the user's own files, trusted as the user's
    other files are."""
    import pickle
    import zlib

    data = recall(name)
    if data is None:
        return None
    with collector_paused():
        try:
            return pickle.loads(zlib.decompress(data) if compressed else data)
        except Exception:
            return None


def keep_pickled(name: str, value: object, compressed: bool = False) -> None:
    """Keep value pickled (deflated if `compressed`); a value that does not pickle is not kept,
    and is made again next time."""
    import pickle
    import zlib

    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    keep(name, zlib.compress(data, 1) if compressed else data)
