"""Register typesetting-core faces with reportlab, once per process, under unique names.

Why unique names: reportlab keys fonts by name and would silently reuse a face
registered earlier under the same PostScript name.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts

from builder.render.pdf.facecache import cached_ttfont
from builder.typeset.fonts import FontFace

# A PDF's /Lang by the spec's language (for screen readers and text extraction).

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


class _RememberingCompress(pdfdoc.PDFStreamFilterZCompress):  # type: ignore[misc]
    """reportlab's Flate filter, remembering what it made of large binary streams: font programs,
    the same bytes for the same subset (facecache keeps them), compressed once per process instead
    of in every document of a batch or a watch session. Page text (a str) is compressed as before."""

    SMALLEST = 16_384  # bytes: font programs are larger, content streams are text
    MOST = 128  # streams remembered; the oldest go first

    def __init__(self) -> None:
        self._made: dict[bytes, bytes] = {}

    def encode(self, text: str | bytes) -> bytes:
        if not isinstance(text, bytes):
            return bytes(super().encode(text))
        made = self._made.get(text)
        if made is None:
            if len(text) < self.SMALLEST:
                return bytes(super().encode(text))
            made = bytes(super().encode(text))
            self.remember(text, made)
        return made

    def remember(self, data: bytes, made: bytes) -> None:
        """What encoding `data` makes, known beforehand: a font program kept compressed in the
        cache folder (render.pdf.facecache), whatever its size."""
        if data not in self._made and len(self._made) >= self.MOST:
            self._made.pop(next(iter(self._made)))
        self._made[data] = made


pdfdoc.PDFZCompress = _RememberingCompress()  # reportlab looks it up by module name too
