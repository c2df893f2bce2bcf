"""Where a unit wider than the whole line may be cut, best places first.

A unit (a Latin word, a number, a web address) normally moves to the next line whole. Only
when it is wider than the line itself does it have to be cut, and then a reader must see
that it was cut: inside a word the cut gets a hyphen at a syllable break (pyphen's English
patterns), never silently between two letters. A web address is cut after a `/` first, then
after a `.` or before a `-`, `&`, `=` — and never gets a hyphen, which would read as part of it.
"""

from __future__ import annotations

import hashlib
import marshal
from functools import lru_cache

from builder.typeset.cache import keep, recall_marshal
from builder.typeset.chars import NO_LINE_END, NO_LINE_START, URL_PREFIXES, is_word_char

# Ranks, best first. A cut of a better rank is taken if any fits, however early it falls.
CLEAN, AFTER_CONNECTOR, SYLLABLE, BETWEEN_LETTERS, ANYWHERE, LAST = range(6)

# In a web address: a line may end after a dot, and starts (rather than ends) with a hyphen,
# which at a line's end would read as a word cut in two.
_URL_AFTER = frozenset(".")
_URL_BEFORE = frozenset("-?&=#_~")
_CONNECTORS = frozenset("-–/~～")


@lru_cache(maxsize=1)
def _hyphenator() -> object:
    """pyphen's English hyphenator, its patterns kept parsed in the cache folder by the pattern
    file's content: pyphen parses the 100 KB file with regular expressions in every process
    (≈ 0.04 s, a third of a leaflet's first build whenever one word must be cut)."""
    import pyphen

    path = pyphen.LANGUAGES["en_US"]
    data = path.read_bytes()
    entry = f"pyphen-{pyphen.__version__}-{hashlib.sha256(data).hexdigest()}.marshal"
    patterns = _kept_patterns(entry)
    if patterns is None:
        hyphenator = pyphen.Pyphen(filename=path)
        kept = hyphenator.hd.patterns
        if all(type(v) is int for _, values in kept.values() for v in values):  # not DataInt
            keep(entry, marshal.dumps(kept))
        return hyphenator
    words = pyphen.HyphDict.__new__(pyphen.HyphDict)  # the parsed patterns, without parsing
    words.patterns, words.cache, words.maxlen = patterns, {}, max(len(key) for key in patterns)
    pyphen.hdcache[path] = words  # where pyphen.Pyphen looks before it reads a file
    return pyphen.Pyphen(filename=path)


def _kept_patterns(entry: str) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """The parsed patterns kept under `entry` (whole: `recall` checks its digest); None when
    there are none."""
    patterns = recall_marshal(entry)
    return patterns if isinstance(patterns, dict) and patterns else None


@lru_cache(maxsize=2048)
def _syllable_breaks(word: str) -> tuple[int, ...]:
    """Offsets inside an all-letter word where it may be hyphenated (cap-su-li-tis)."""
    return tuple(_hyphenator().positions(word))  # type: ignore[attr-defined]


def is_url(text: str) -> bool:
    return text.lower().startswith(URL_PREFIXES)


def cut_points(text: str, url: bool) -> list[tuple[int, int, bool]]:
    """(index, rank, adds a hyphen) for each place text may be cut before `text[index]`;
    `url`: text is (the rest of) a web address."""
    points: list[tuple[int, int, bool]] = []
    kinsoku = [text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END for i in range(1, len(text))]
    if url:
        for i in range(1, len(text)):
            before, after = text[i - 1], text[i]
            if not kinsoku[i - 1]:
                continue
            if before == "/" and after != "/":
                points.append((i, CLEAN, False))
            elif before in _URL_AFTER or (after in _URL_BEFORE and before not in _URL_BEFORE):
                points.append((i, AFTER_CONNECTOR, False))
            else:
                points.append((i, ANYWHERE, False))
        return points
    syllables = _syllables(text)
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        letters = is_word_char(before) and is_word_char(after)
        if not kinsoku[i - 1]:
            continue
        if before.isalpha() and after.isalpha() and not _two_each_side(text, i):
            points.append((i, LAST, True))  # Syndrom-e: only when nothing else fits
            continue
        if not letters and not (before in _CONNECTORS or after in _CONNECTORS):
            points.append((i, CLEAN, False))
        elif before in _CONNECTORS and is_word_char(after):
            points.append((i, AFTER_CONNECTOR, False))
        elif i in syllables:
            points.append((i, SYLLABLE, True))
        elif letters and before.isalpha() and after.isalpha():
            points.append((i, BETWEEN_LETTERS, True))
        else:
            points.append((i, ANYWHERE, False))
    return points


def _two_each_side(text: str, i: int) -> bool:
    return text[i - 2 : i].isalpha() and i >= 2 and text[i : i + 2].isalpha() and len(text) >= i + 2


def _syllables(text: str) -> set[int]:
    """Syllable breaks of every run of ASCII letters in text, as offsets into text."""
    found: set[int] = set()
    start = None
    for i, char in enumerate(text + " "):
        letter = char.isascii() and char.isalpha()
        if letter and start is None:
            start = i
        elif not letter and start is not None:
            if i - start >= 4:
                found.update(start + k for k in _syllable_breaks(text[start:i].lower()))
            start = None
    return found
