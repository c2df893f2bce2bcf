"""Writing text into slides so that every run says what language it is and which fonts to use.

python-pptx writes only `a:latin`. Without `lang` and `a:ea` on each run (and on
each end-of-paragraph mark and line break) LibreOffice picks Japanese glyph forms
and PowerPoint falls back to a theme font. Every paragraph here also gets exact
line spacing and explicit bullets, so what was measured is what is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from lxml import etree
from pptx.oxml.ns import qn
from pptx.text.text import TextFrame

from builder.render.pptx.theme import LANGUAGE_OF_TAG, FontNames, emu, face_attributes

# children of a:rPr that must come after the font elements (schema order)
_AFTER_FONTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


@dataclass(frozen=True)
class TextRun:
    text: str
    bold: bool = False
    colour: str | None = None  # None: the paragraph's colour


@dataclass(frozen=True)
class Para:
    """One paragraph as measured: runs, size, spacing, indent and marker."""

    runs: tuple[TextRun, ...]
    size: float
    colour: str
    pitch: float  # exact line spacing in points
    space_before: float = 0.0
    margin_left: float = 0.0
    indent: float = 0.0
    bullet: str = ""  # a character, "number" for 1. 2. 3., or "" for none
    bullet_colour: str = ""
    bullet_start: int = 1
    align: Literal["l", "ctr", "r"] = "l"
    line_breaks: bool = False  # runs are separate lines (a:br between them)


@dataclass(frozen=True)
class Language:
    """What every run is tagged with, and how its text is written."""

    lang: str  # zh-TW or zh-CN
    fonts: FontNames
    # Text as written: with no-break marks where PowerPoint or LibreOffice would break inside
    # what was measured as one piece (typeset.nonbreaking), so they break where we measured.
    written: Callable[[str], str] = str


def run_properties(element: Any, language: Language, size: float, bold: bool, colour: str | None) -> None:
    """Fill an a:rPr / a:endParaRPr / a:defRPr: lang, size, weight, colour, Latin and East Asian faces."""
    element.set("sz", str(round(size * 100)))
    element.set("b", "1" if bold else "0")
    element.set("dirty", "0")
    for child in list(element):
        if child.tag == qn("a:solidFill"):
            element.remove(child)
    language_properties(element, language)
    if colour:
        fill = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", colour.lstrip("#"))
        element.find(qn("a:latin")).addprevious(fill)


def language_properties(element: Any, language: Language) -> None:
    """Set lang, altLang and the Latin / East Asian / complex-script faces, keeping size and colour."""
    element.set("lang", language.lang)
    element.set("altLang", "en-US")
    for child in list(element):
        if child.tag in (qn("a:latin"), qn("a:ea"), qn("a:cs")):
            element.remove(child)
    anchor = next((c for c in element if c.tag in {qn(t) for t in _AFTER_FONTS}), None)
    for tag, attributes in _faces(language.fonts, language.lang):
        font = etree.Element(qn(tag), attributes)
        if anchor is None:
            element.append(font)
        else:
            anchor.addprevious(font)


@lru_cache(maxsize=64)
def _faces(fonts: FontNames, lang: str) -> tuple[tuple[str, dict[str, str]], ...]:
    """(tag, attributes) of a:latin, a:ea and a:cs: each face with its panose, pitch family and
    charset, so a PC without it substitutes a face of the same region and shape (worked out once
    per deck, not per run)."""
    language = LANGUAGE_OF_TAG[lang]
    return (
        ("a:latin", face_attributes(fonts.latin, language, False)),
        ("a:ea", face_attributes(fonts.east_asian, language, True)),
        ("a:cs", face_attributes(fonts.latin, language, False)),
    )


def body_properties(frame: TextFrame, inset_x: float, inset_y: float, anchor: str = "t") -> None:
    """Wrap in the box, fixed insets, no autofit: the size was chosen by measuring."""
    body = frame._txBody.bodyPr
    for key, value in (("lIns", inset_x), ("rIns", inset_x), ("tIns", inset_y), ("bIns", inset_y)):
        body.set(key, str(emu(value)))
    body.set("wrap", "square")
    body.set("anchor", anchor)
    body.set("rtlCol", "0")
    for child in list(body):
        body.remove(child)
    etree.SubElement(body, qn("a:noAutofit"))


def write_paragraphs(frame: TextFrame, paragraphs: Sequence[Para], language: Language) -> None:
    """Replace the frame's text with these paragraphs."""
    body = frame._txBody
    for p in body.findall(_P):
        body.remove(p)
    for para in paragraphs:
        p = etree.SubElement(body, _P)
        p.append(deepcopy(_paragraph_template(replace(para, runs=()))))
        for index, run in enumerate(para.runs):
            properties = _run_template(
                _RPR, language.lang, language.fonts, para.size, run.bold, run.colour or para.colour
            )
            if para.line_breaks and index:
                etree.SubElement(p, _BR).append(deepcopy(properties))
            r = etree.SubElement(p, _R)
            r.append(deepcopy(properties))
            etree.SubElement(r, _T).text = language.written(run.text)
        end = _run_template(_END, language.lang, language.fonts, para.size, False, para.colour)
        p.append(deepcopy(end))
    if not paragraphs:
        p = etree.SubElement(body, _P)
        p.append(deepcopy(_run_template(_END, language.lang, language.fonts, 18, False, None)))


_P, _R, _T, _BR, _RPR, _END = (qn(tag) for tag in ("a:p", "a:r", "a:t", "a:br", "a:rPr", "a:endParaRPr"))


@lru_cache(maxsize=256)
def _run_template(
    tag: str, lang: str, fonts: FontNames, size: float, bold: bool, colour: str | None
) -> etree._Element:
    """A run's (or line break's, or paragraph end's) properties as run_properties writes them,
    made once and copied for every run alike. Why: building each from scratch (a dozen elements
    and attributes, each tag name looked up) was a tenth of a deck's build; a copy is one call."""
    element = etree.Element(tag)
    run_properties(element, Language(lang, fonts), size, bold, colour)
    return element


@lru_cache(maxsize=256)
def _paragraph_template(para: Para) -> etree._Element:
    """A paragraph's a:pPr for a Para without runs (its spacing, indent and bullet), made once
    and copied, as _run_template is."""
    p = etree.Element(_P)
    _paragraph_properties(p, para)
    return p[0]


def _paragraph_properties(p: Any, para: Para) -> None:
    ppr = etree.SubElement(p, qn("a:pPr"))
    ppr.set("marL", str(emu(para.margin_left)))
    ppr.set("indent", str(emu(para.indent)))
    ppr.set("algn", para.align)
    ppr.set("eaLnBrk", "1")
    ppr.set("hangingPunct", "0")  # our measure never hangs punctuation past the edge
    ppr.set("latinLnBrk", "0")
    spacing = etree.SubElement(etree.SubElement(ppr, qn("a:lnSpc")), qn("a:spcPts"))
    spacing.set("val", str(round(para.pitch * 100)))
    before = etree.SubElement(etree.SubElement(ppr, qn("a:spcBef")), qn("a:spcPts"))
    before.set("val", str(round(para.space_before * 100)))
    etree.SubElement(etree.SubElement(ppr, qn("a:spcAft")), qn("a:spcPts")).set("val", "0")
    if not para.bullet:
        etree.SubElement(ppr, qn("a:buNone"))
        return
    etree.SubElement(etree.SubElement(ppr, qn("a:buClr")), qn("a:srgbClr")).set(
        "val", (para.bullet_colour or para.colour).lstrip("#")
    )
    etree.SubElement(ppr, qn("a:buSzPct")).set("val", "100000")
    etree.SubElement(ppr, qn("a:buFontTx"))
    if para.bullet == "number":
        auto = etree.SubElement(ppr, qn("a:buAutoNum"))
        auto.set("type", "arabicPeriod")
        if para.bullet_start != 1:
            auto.set("startAt", str(para.bullet_start))
    else:
        etree.SubElement(ppr, qn("a:buChar")).set("char", para.bullet)
