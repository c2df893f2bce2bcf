"""Turn a user's OpenType/CFF font into TrueType (glyf) once, and cache the result.

Why: reportlab only embeds TrueType outlines. Conversion of a full CJK font
takes a while, so it happens once per font file and is kept in the cache folder.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

from builder.errors import LeafdeckError
from builder.output import write_atomic
from builder.typeset.cache import cache_dir, store


class FontError(LeafdeckError):
    """A font file that cannot be used; the message says why, the caller says where it was named."""


_WEB_FONTS = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}
# where this run keeps converted fonts when the cache folder is read-only
_FALLBACK: list[tempfile.TemporaryDirectory[str]] = []


def ensure_truetype(path: Path, notes: list[str] | None = None) -> Path:
    """The path itself for TrueType fonts; a cached converted copy for CFF ones.

    A conversion that failed is remembered in the cache, so it is reported at once
    rather than repeated on every build; a read-only cache folder means converting
    into a folder for this run only, with a note saying so.
    """
    try:
        with path.open("rb") as handle:
            tag = handle.read(4)
    except OSError:
        raise FontError(f"font file not found: {path}") from None
    if tag in _WEB_FONTS:
        raise FontError(f"is a web font ({_WEB_FONTS[tag]}); use the .ttf or .otf file of the same font")
    if tag == b"ttcf":
        raise FontError(
            "is a font collection (.ttc) holding several fonts; save the one you need as its own "
            ".otf or .ttf file and name that"
        )
    if tag != b"OTTO":
        return path
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"{path.stem}-{digest}-v{_CONVERTER_VERSION}.ttf"
    failed = target.with_suffix(".failed")
    if target.is_file():
        return target
    if failed.is_file():
        raise FontError(failed.read_text(encoding="utf-8", errors="replace"))
    try:
        converted = _convert(path)
    except FontError as exc:
        store(failed.name, exc.message.encode("utf-8"))
        raise
    try:
        write_atomic(target, converted)  # reportlab reads fonts from files
    except LeafdeckError as exc:
        if not _FALLBACK:
            _FALLBACK.append(tempfile.TemporaryDirectory(prefix="leafdeck-fonts-"))
        target = Path(_FALLBACK[0].name) / target.name
        target.write_bytes(converted)
        if notes is not None:
            notes.append(
                f"cannot keep the converted font {path.name} in {cache_dir()} ({exc.message}); "
                "it is converted again on every run: set LEAFDECK_CACHE_DIR to a folder you can write"
            )
    return target


_CONVERTER_VERSION = 2


def _convert(path: Path) -> bytes:
    """The CFF font as TrueType bytes, or a FontError that says why it cannot be."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path)
        if "CFF " not in font:
            raise FontError("is an OpenType font without CFF outlines (a variable font?); use a static one")
        _cff_to_glyf(font)
        converted = io.BytesIO()
        font.save(converted)
    except FontError:
        raise
    except Exception as exc:  # fontTools raises many kinds for a damaged font; all mean the same
        reason = failure_reason(exc)
        raise FontError(f"could not be converted to TrueType ({reason}); use another font file") from None
    return converted.getvalue()


def failure_reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = text if len(text) <= 80 else text[:77] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _cff_to_glyf(font: object) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    assert isinstance(font, TTFont)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        advance, _ = hmtx[name]
        hmtx[name] = (advance, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 3.0  # no glyph names: format 2 cannot index 65,535 names (a full CJK font)
    font.sfntVersion = "\x00\x01\x00\x00"
