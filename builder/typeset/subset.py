"""Cutting a font down to the characters a document uses (for fonts a document carries)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path


def subset_font(path: Path, chars: Iterable[str]) -> bytes:
    """The TrueType font at path keeping only these characters (and what shaping them needs)."""
    return _subset(path, frozenset(chars))


@lru_cache(maxsize=8)
def _subset(path: Path, chars: frozenset[str]) -> bytes:
    """Remembered for the process: watch mode rebuilds a deck whose characters seldom change, and
    subsetting reads the whole 5 MB face (most of an embedding deck's build)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False)  # the face's own date, not now: the same deck, the same bytes
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars})  # characters the face lacks are skipped
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
