"""QR codes as dark runs of modules, drawn by each renderer in its own vector shapes.

segno makes the code (error correction M: a smudged or folded print still scans);
this module turns it into rows of dark runs, so a renderer draws a few hundred
rectangles instead of thousands of squares.
"""

from __future__ import annotations

from functools import lru_cache

import segno

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


@lru_cache(maxsize=64)
def qr_runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code's size in modules (quiet zone included) and its dark runs as (row, start, end)."""
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
