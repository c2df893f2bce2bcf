"""QR codes as dark runs of modules, drawn by each renderer in its own vector shapes.

segno makes the code (error correction M: a smudged or folded print still scans);
this module turns it into rows of dark runs, so a renderer draws a few hundred
rectangles instead of thousands of squares. The runs are kept in the cache folder,
keyed by the address and segno's version: importing segno pulls in urllib.request
and http.client, which a leaflet build otherwise never needs.
"""

from __future__ import annotations

import hashlib
import marshal
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

from builder.typeset.cache import cache_dir, store

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
_FORMAT = 1

Runs = tuple[int, tuple[tuple[int, int, int], ...]]


@lru_cache(maxsize=64)
def qr_runs(url: str) -> Runs:
    """The code's size in modules (quiet zone included) and its dark runs as (row, start, end)."""
    key = hashlib.sha1(f"{_FORMAT}|{_segno_stamp()}|{url}".encode()).hexdigest()
    entry = f"qr-{key}.marshal"
    try:
        modules, runs = marshal.loads((cache_dir() / entry).read_bytes())
        return int(modules), tuple((int(r), int(a), int(b)) for r, a, b in runs)
    except (OSError, ValueError, EOFError, TypeError):
        made = _encode(url)
        store(entry, marshal.dumps(made))
        return made


@cache
def _segno_stamp() -> str:
    """The installed segno, told apart without importing it: a digest of its __init__.py, which
    carries its version. Asking importlib.metadata for the version read every installed package's
    metadata folder and parsed segno's (≈2 ms of a cold build, email.parser included)."""
    spec = find_spec("segno")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("segno is not installed", name="segno")
    return hashlib.sha1(Path(spec.origin).read_bytes()).hexdigest()


def _encode(url: str) -> Runs:
    import segno

    matrix = segno.make(url, error="m", micro=False).matrix
    runs = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r + QUIET_ZONE, start + QUIET_ZONE, c + QUIET_ZONE))
            else:
                c += 1
    return len(matrix) + 2 * QUIET_ZONE, tuple(runs)
