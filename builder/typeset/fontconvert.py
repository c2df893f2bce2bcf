"""Turn a user's OpenType/CFF font into TrueType (glyf) once, and cache the result.

Why: reportlab only embeds TrueType outlines. Conversion of a full CJK font
takes a while, so it happens once per font file and is kept in the cache folder.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from builder.errors import LeafdeckError
from builder.output import write_atomic
from builder.typeset.cache import cache_dir


def ensure_truetype(path: Path) -> Path:
    """The path itself for TrueType fonts; a cached converted copy for CFF ones."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with path.open("rb") as handle:
            tag = handle.read(4)
    except OSError:
        raise LeafdeckError(f"font file not found: {path}") from None
    if tag != b"OTTO":
        return path
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    target = cache_dir() / f"{path.stem}-{digest}.ttf"
    if target.is_file():
        return target
    try:
        font = TTFont(path)
        _cff_to_glyf(font)
        converted = io.BytesIO()
        font.save(converted)
    except (TTLibError, KeyError, AssertionError) as exc:
        raise LeafdeckError(f"{path}: could not convert this OpenType font ({exc})") from None
    try:
        write_atomic(target, converted.getvalue())  # reportlab reads fonts from files
    except LeafdeckError:
        raise LeafdeckError(f"{path}: cannot keep the converted font in {target.parent}") from None
    return target


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
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
