"""Register typesetting-core faces with reportlab, once per process, under unique names.

Why unique names: reportlab keys fonts by name and would silently reuse a face
registered earlier under the same PostScript name.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from builder.render.pdf.facecache import cached_ttfont
from builder.typeset.fonts import FontFace

_registered: set[str] = set()


def pdf_font_name(face: FontFace) -> str:
    """The reportlab name of a face, registering it on first use (parsed once per font, then cached)."""
    if face.name not in _registered:
        pdfmetrics.registerFont(cached_ttfont(face.name, face.path))
        _registered.add(face.name)
    return face.name
