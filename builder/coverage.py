"""Check, before drawing, that the chosen fonts can show every character of a spec.

A character no font has would print as an empty box (tofu); we name it, its
code point and the line it is on instead.
"""

from __future__ import annotations

import unicodedata

from builder.errors import SpecError, raise_all
from builder.spec.loader import LoadedSpec, LoadedTalk
from builder.typeset import FontSet, normalize_text


def check_coverage(loaded: LoadedSpec | LoadedTalk, fonts: FontSet) -> None:
    texts = [(normalize_text(text), location) for text, location in loaded.texts()]
    if not fonts.missing("".join(set().union(*(text for text, _ in texts)))):
        return  # the usual case, settled by one look at each distinct character
    problems: list[SpecError] = []
    for text, location in texts:
        for char in fonts.missing(text):
            name = unicodedata.name(char, "unnamed character")
            if unicodedata.category(char).startswith("C"):
                why = f"contains a control character U+{ord(char):04X} ({name}); delete it"
            else:
                why = (
                    f"the character '{char}' (U+{ord(char):04X}, {name}) is not in the fonts "
                    f"{fonts.describe()}; replace it or name a font that has it (font: regular: …)"
                )
            problems.append(SpecError(why, location))
    raise_all(problems)
