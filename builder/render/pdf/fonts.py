"""Register typesetting-core faces with reportlab, once per process, under unique names.

Why unique names: reportlab keys fonts by name and would silently reuse a face
registered earlier under the same PostScript name.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics, ttfonts

from builder.render.pdf.facecache import cached_ttfont
from builder.typeset.fonts import FontFace

_registered: set[str] = set()


def pdf_font_name(face: FontFace) -> str:
    """The reportlab name of a face, registering it on first use (parsed once per font, then cached)."""
    if face.name not in _registered:
        pdfmetrics.registerFont(cached_ttfont(face.name, face.path))
        _registered.add(face.name)
    return face.name


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap whose targets are UTF-16BE, as the PDF standard requires.

    Why: reportlab writes each code point as ``%04X``, so 𡘙 (U+21619) becomes
    ``<21619>`` and readers take U+2161 (Ⅱ): copy-paste and screen readers get the
    wrong name. A character outside the BMP is written as its surrogate pair.
    """
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{code:02X}> <{_utf16_hex(value)}>" for code, value in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _utf16_hex(value: int) -> str:
    return chr(value).encode("utf-16-be", "surrogatepass").hex().upper()


ttfonts.makeToUnicodeCMap = to_unicode_cmap  # reportlab looks it up by module name when embedding
