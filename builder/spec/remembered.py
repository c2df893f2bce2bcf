"""Validated condition specs and clinic profiles remembered in the cache folder.

Why: the first spec a process validates makes pydantic build the validator of the spec models
(the schema of some 30 models, ≈0.03 s) — a tenth of a cold one-leaflet build, paid again in
every process for a file that validated before, byte for byte. What validating it gave (plain
frozen models and the YAML's positions) is kept, pickled, under a digest of the file's bytes,
the path it was named by (its messages name that path), leafdeck's own code (a change to the
models or their checks gives other entries) and pydantic's version. Only a file that validated
is kept; a missing, damaged or foreign entry means the file is read and validated as ever, its
problems reported as ever. Like the rest of the cache folder, the entries are the user's own
files (under ~/.cache), trusted as the user's other files are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic

from builder.typeset.cache import EntryKey, keep_pickled, recall_pickled

_FORMAT = 2


def recalled(kind: str, path: Path, raw: bytes) -> Any | None:
    """What `remember` kept for this file's bytes under this path, or None."""
    return recall_pickled(_entry(kind, path, raw), compressed=True)


def remember(kind: str, path: Path, raw: bytes, validated: object) -> None:
    """Keep what validating the file gave; done once per content of a file. Compressed: a spec's
    entry is 19 KB as pickled, mostly the YAML's positions, and 7 KB deflated."""
    keep_pickled(_entry(kind, path, raw), validated, compressed=True)


def _entry(kind: str, path: Path, raw: bytes) -> str:
    key = EntryKey(str(path), pydantic.VERSION, raw)
    return f"validated-{kind}-{_FORMAT}-{key.hexdigest()}.pickle"
