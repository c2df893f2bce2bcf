"""Where a sentence ends: after 。！？；!?; (a closing bracket or quote stays with it), never
inside brackets or quotes, so a cited 「…！…」 stays whole. One rule for everything that cuts
text into sentences: speaker notes said a sentence a line, a point cut between slides, the
readability check."""

from __future__ import annotations

from itertools import pairwise

from builder.typeset.chars import CLOSING_MARKS, OPENING_MARKS

SENTENCE_ENDS = frozenset("。！？；!?;")


def sentence_ends(text: str) -> list[int]:
    """The offsets just after each sentence end of text (the text's own end not included)."""
    ends: list[int] = []
    depth = index = 0
    while index < len(text):
        char = text[index]
        depth += (char in OPENING_MARKS) - (char in CLOSING_MARKS and depth > 0)
        index += 1
        if char in SENTENCE_ENDS and depth == 0:
            while index < len(text) and text[index] in CLOSING_MARKS:
                index += 1
            if index < len(text):
                ends.append(index)
    return ends


def sentence_pieces(text: str) -> list[str]:
    """The text cut at its sentence ends, nothing dropped: the pieces joined are the text."""
    cuts = [0, *sentence_ends(text), len(text)]
    return [text[a:b] for a, b in pairwise(cuts) if a < b]


def sentences(text: str) -> list[str]:
    """The sentences of a text, each stripped of the spaces around it."""
    return [piece.strip() for piece in sentence_pieces(text) if piece.strip()]
