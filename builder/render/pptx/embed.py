"""Embedding the bundled Noto Sans face in a deck, the way PowerPoint stores embedded fonts.

Why: a deck that names Microsoft JhengHei looks as measured only where that face (or one of
its metrics) is installed. With `--embed-fonts` the deck names the bundled Noto Sans TC / SC
instead and carries it, subset to the deck's characters, so PowerPoint draws exactly what was
measured on a PC that has neither.

How PowerPoint stores them (ECMA-376 PresentationML; Microsoft's notes [MS-OI29500] 2.1.34, 2.1.1133):
`p:embeddedFontLst` in presentation.xml names each typeface once and points at one part per
style through relationships of type .../relationships/font; the parts have content type
application/x-fontdata and hold Embedded OpenType (EOT, W3C submission 2008) data, here the
uncompressed variant: an EOT header followed by the TrueType font as is. `embedTrueTypeFonts`
on p:presentation says the deck carries fonts (LibreOffice reads the list only then).
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from pptx.opc.package import Part
from pptx.oxml.ns import qn

from builder.render.pptx.theme import face_attributes
from builder.typeset.subset import subset_font

_EOT_VERSION = 0x00020002
_EOT_MAGIC = 0x504C
_DEFAULT_CHARSET = 1
# Children of p:presentation that come after p:embeddedFontLst (schema order).
_AFTER_FONT_LIST = ("p:custShowLst", "p:photoAlbum", "p:custDataLst", "p:kinsoku", "p:defaultTextStyle")
# Characters PowerPoint draws that are in no a:t: automatic numbers (1. 2. 3.) and the space.
_ALWAYS = "0123456789. "


def deck_characters(presentation: Any) -> set[str]:
    """Every character the deck shows or the speaker reads: slide, layout, master and notes
    text, and bullet characters."""
    chars = set(_ALWAYS)
    package = presentation.part.package
    for part in package.iter_parts():
        if not str(part.partname).endswith(".xml") or not hasattr(part, "_element"):
            continue
        for element in part._element.iter(qn("a:t"), qn("a:buChar")):
            if element.tag == qn("a:t"):
                chars.update(element.text or "")
            else:
                chars.update(element.get("char", ""))
    return chars


def eot(font_data: bytes) -> bytes:
    """Uncompressed EOT (version 0x00020002): the header a reader needs to identify the font
    (names, panose, weight, ranges, embedding rights) followed by the font data unchanged."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_data), lazy=True)
    os2, head, names = font["OS/2"], font["head"], font["name"]
    p = os2.panose
    panose = bytes(
        getattr(p, field)
        for field in (
            "bFamilyType",
            "bSerifStyle",
            "bWeight",
            "bProportion",
            "bContrast",
            "bStrokeVariation",
            "bArmStyle",
            "bLetterForm",
            "bMidline",
            "bXHeight",
        )
    )
    fixed = struct.pack(
        "<IIII10sBBIHH4I2II4I",
        0,  # EOTSize, set below
        len(font_data),
        _EOT_VERSION,
        0,  # flags: not compressed, not XOR-obfuscated; TTEMBED_SUBSET (informational) unset, as LibreOffice
        panose,
        _DEFAULT_CHARSET,
        os2.fsSelection & 1,
        os2.usWeightClass,
        os2.fsType,
        _EOT_MAGIC,
        os2.ulUnicodeRange1,
        os2.ulUnicodeRange2,
        os2.ulUnicodeRange3,
        os2.ulUnicodeRange4,
        os2.ulCodePageRange1,
        os2.ulCodePageRange2,
        head.checkSumAdjustment,
        0,
        0,
        0,
        0,
    )
    strings = b""
    for name_id in (1, 2, 5, 4):  # family, style, version, full name
        text = (names.getDebugName(name_id) or "").encode("utf-16-le")
        strings += struct.pack("<HH", 0, len(text)) + text
    # Padding5, RootStringSize 0; RootStringCheckSum of no root string (0x50475342 XOR 0),
    # EUDCCodePage 1252, Padding6, SignatureSize 0, EUDCFlags 0, EUDCFontSize 0.
    tail = struct.pack("<HHIIHHII", 0, 0, 0x50475342, 1252, 0, 0, 0, 0)
    header = fixed + strings + tail
    return struct.pack("<I", len(header) + len(font_data)) + header[4:] + font_data


def font_data_of(eot_data: bytes) -> bytes:
    """The TrueType font inside uncompressed EOT data (what a reader of the deck recovers)."""
    size, data_size, _version, flags = struct.unpack_from("<IIII", eot_data)
    if size != len(eot_data) or flags & 0x4 or flags & 0x10000000:
        raise ValueError("not uncompressed EOT data")
    return eot_data[size - data_size :]


@dataclass(frozen=True)
class EmbeddedFamily:
    family: str
    faces: dict[str, Path]  # "regular" / "bold" → the bundled TrueType file


def embedded_family(language: str) -> EmbeddedFamily:
    """The bundled face of the deck's region: Noto Sans TC for Traditional, SC for Simplified."""
    from builder.typeset.fonts import BUNDLED_REGIONS, bundled_fonts_dir

    region = BUNDLED_REGIONS[language][0]
    folder = bundled_fonts_dir()
    return EmbeddedFamily(
        f"Noto Sans {region}",
        {style.lower(): folder / f"NotoSans{region}-{style}.ttf" for style in ("Regular", "Bold")},
    )


def embed_fonts(presentation: Any, family: str, faces: dict[str, Path], language: str) -> int:
    """Embed the family's faces ({"regular": path, "bold": path}) subset to the deck's characters;
    the number of bytes embedded (after subsetting, before the zip compresses them)."""
    chars = deck_characters(presentation)
    part = presentation.part
    package = part.package
    font_list = etree.Element(qn("p:embeddedFontLst"))
    embedded = etree.SubElement(font_list, qn("p:embeddedFont"))
    etree.SubElement(embedded, qn("p:font"), face_attributes(family, language, True))
    total = 0
    for style, path in faces.items():
        data = eot(subset_font(path, chars))
        total += len(data)
        font_part = Part(
            package.next_partname("/ppt/fonts/font%d.fntdata"), CONTENT_TYPE.X_FONTDATA, package, data
        )
        rid = part.relate_to(font_part, RELATIONSHIP_TYPE.FONT)
        etree.SubElement(embedded, qn(f"p:{style}")).set(qn("r:id"), rid)
    root = part._element
    root.set("embedTrueTypeFonts", "1")
    root.set("saveSubsetFonts", "1")
    root.insert_element_before(font_list, *_AFTER_FONT_LIST)
    return total
