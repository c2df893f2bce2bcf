"""The shared typesetting core: fonts, text normalisation, CJK line breaking, measuring.

Both renderers ask this package how wide text is and where lines break; neither
has rules of its own.
"""

from builder.typeset.fonts import FontFace, FontSet, FontStack, fonts_for_language
from builder.typeset.linebreak import (
    Line,
    Run,
    Span,
    Style,
    break_lines,
    count_lines,
    min_content_width,
    nonbreaking,
    shortened,
    spans_of,
    text_width,
)
from builder.typeset.normalize import normalize_text

__all__ = [
    "FontFace",
    "FontSet",
    "FontStack",
    "Line",
    "Run",
    "Span",
    "Style",
    "break_lines",
    "count_lines",
    "fonts_for_language",
    "min_content_width",
    "nonbreaking",
    "normalize_text",
    "shortened",
    "spans_of",
    "text_width",
]
