"""Write output files atomically: a failed or interrupted build never leaves a half-written file.

A spec's formats are written all together or not at all (`all_or_nothing`): when one format
fails, out/ does not hold today's leaflet beside yesterday's booklet.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from builder.errors import BuildError, Location

# Paths whose writes wait until every format of the spec is made, and their bytes so far.
_held: ContextVar[dict[Path, bytes | None] | None] = ContextVar("held", default=None)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target.
    Inside `all_or_nothing`, a write to one of its paths waits for the others."""
    held = _held.get()
    if held is not None and path in held:
        held[path] = data
        return
    _write_now(path, data)


@contextmanager
def all_or_nothing(paths: Iterable[Path]) -> Iterator[None]:
    """Hold writes to `paths` until the block ends without an error, then write them all."""
    held: dict[Path, bytes | None] = dict.fromkeys(paths)
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    written: list[Path] = []
    for path, data in held.items():
        if data is None:
            continue
        try:
            _write_now(path, data)
        except BuildError as exc:
            if written:  # e.g. the disk filled up between two files: say which are new
                exc.message += f" (already written: {', '.join(p.name for p in written)})"
            raise
        written.append(path)


def temporary_files(folder: Path) -> list[Path]:
    """The temporary files _write_now makes in folder and renames (or removes) when done."""
    try:
        return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    except OSError:
        return []


def _write_now(path: Path, data: bytes) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BuildError(f"cannot write to the output folder ({exc.strerror})", Location(folder)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BuildError(f"cannot write the file ({exc.strerror})", Location(path)) from None
    except BaseException:  # Ctrl+C, a signal turned into SystemExit: no hidden .tmp left behind
        Path(tmp).unlink(missing_ok=True)
        raise
