"""Clean spec text before it is measured or drawn.

Why: YAML folding puts spaces between Chinese lines, and people type ASCII
punctuation (,:?()) in Chinese sentences. Both look wrong in print. The same
function runs for every output, so tests can compare extracted text with it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from builder.typeset.chars import FULL_WIDTH, fuses_with_han, is_cjk

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def normalize_text(text: str) -> str:
    """Collapse white space, drop spaces between Chinese characters, and make ASCII
    punctuation full-width where it touches Chinese text. Remembered: a leaflet is composed
    once per setting its fitting tries, and watch mode composes it on every save."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip()
    chars = list(text)
    _convert_parentheses(chars)
    for i, char in enumerate(chars):
        if char in ",:;?!" and _touches_cjk(chars, i) and not _between_digits(chars, i):
            chars[i] = FULL_WIDTH[char]
    return _drop_spaces_beside_cjk(chars)


def _neighbour(chars: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _touches_cjk(chars: list[str], i: int) -> bool:
    before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
    return bool((before and is_cjk(before)) or (after and is_cjk(after)))


def _between_digits(chars: list[str], i: int) -> bool:
    return 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()


def _convert_parentheses(chars: list[str]) -> None:
    """A () pair becomes （） when it follows Chinese text or holds any."""
    stack: list[int] = []
    for i, char in enumerate(chars):
        if char == "(":
            stack.append(i)
        elif char == ")" and stack:
            start = stack.pop()
            before = _neighbour(chars, start, -1)
            inside = chars[start + 1 : i]
            if (before and is_cjk(before)) or any(is_cjk(c) for c in inside):
                chars[start], chars[i] = "（", "）"


def _drop_spaces_beside_cjk(chars: list[str]) -> str:
    """Spaces between two Chinese characters (or beside full-width punctuation) go."""
    out: list[str] = []
    for i, char in enumerate(chars):
        if char == " ":
            before = out[-1] if out else ""
            after = _neighbour(chars, i, 1)
            if (
                before
                and after
                and (
                    (is_cjk(before) and is_cjk(after))
                    or before in "，：；？！（）。、"
                    or after in "，：；？！（）。、"
                )
            ):
                continue
        out.append(char)
    return "".join(out)


def with_autospace(text: str) -> str:
    """Text as LibreOffice lays it out: it adds about a quarter em between Chinese and Latin
    letters or digits. Measuring this text (a space stands for the gap) keeps a fit honest.
    Between a letter and the Chinese word it is part of (X光) the gap is a no-break space."""
    out: list[str] = []
    for char in text:
        if out and _autospace_between(out[-1], char):
            fused = fuses_with_han(out[-2] if len(out) > 1 else " ", out[-1], char)
            out.append("\u00a0" if fused else " ")
        out.append(char)
    return "".join(out)


def _autospace_between(before: str, after: str) -> bool:
    return (is_cjk(before) and after.isascii() and after.isalnum()) or (
        is_cjk(after) and before.isascii() and before.isalnum()
    )
