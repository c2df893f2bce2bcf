"""The per-user cache folder: font metrics and converted fonts, made once per machine."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from builder.errors import LeafdeckError
from builder.output import write_atomic


def cache_dir() -> Path:
    override = os.environ.get("LEAFDECK_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "leafdeck"


def store(name: str, data: bytes) -> None:
    """Keep data in the cache; a read-only home is fine, the work is just redone next time."""
    with contextlib.suppress(LeafdeckError):
        write_atomic(cache_dir() / name, data)
