"""The fonts a deck names: every face with the charset / panose / pitch family a PC needs to
substitute one of the right region, the theme's per-script faces, and Latin text measured wide
enough for the faces a PC draws it with instead."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import pytest
from conftest import HANDOUTS, deck_text, run_cli
from lxml import etree

from builder.render.pptx.fit import Measurer
from builder.render.pptx.template import TemplateInfo, template_package
from builder.render.pptx.text import Language, language_properties
from builder.render.pptx.theme import DEFAULT_FONT_NAMES, DEFAULT_THEME, FontNames
from builder.typeset import fonts_for_language

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _theme_fonts(fonts: FontNames, lang: str) -> etree._Element:
    info = TemplateInfo("t", "a", "s", lang, dt.date(2026, 1, 1))
    with zipfile.ZipFile(io.BytesIO(template_package(DEFAULT_THEME, fonts, info))) as archive:
        theme = etree.fromstring(archive.read("ppt/theme/theme1.xml"))
    major = theme.find(f".//{A}majorFont")
    assert major is not None
    return major


def _attrs(element: etree._Element | None) -> dict[str, str]:
    assert element is not None
    return dict(element.attrib)


def test_theme_names_each_script_and_the_faces_region() -> None:
    major = _theme_fonts(DEFAULT_FONT_NAMES["zh-Hant-TW"], "zh-TW")
    assert _attrs(major.find(f"{A}ea")) == {
        "typeface": "Microsoft JhengHei",
        "panose": "020B0604030504040204",
        "pitchFamily": "34",
        "charset": "-120",  # 136, CHINESEBIG5, as a signed byte
    }
    assert _attrs(major.find(f"{A}latin")) == {
        "typeface": "Arial",
        "panose": "020B0604020202020204",
        "pitchFamily": "34",
        "charset": "0",
    }
    scripts = {f.get("script"): f.get("typeface") for f in major.iter(f"{A}font")}
    assert scripts == {"Hant": "Microsoft JhengHei", "Hans": "Microsoft YaHei"}

    major = _theme_fonts(DEFAULT_FONT_NAMES["zh-Hans-CN"], "zh-CN")
    assert _attrs(major.find(f"{A}ea"))["charset"] == "-122"  # 134, GB2312
    assert _attrs(major.find(f"{A}ea"))["panose"] == "020B0503020204020204"


@pytest.mark.parametrize(
    ("lang", "own", "other", "charset"),
    [
        ("zh-TW", "Hant", ("Hans", "Microsoft YaHei"), "-120"),
        ("zh-CN", "Hans", ("Hant", "Microsoft JhengHei"), "-122"),
    ],
)
def test_clinic_face_names_its_own_script_only(
    lang: str, own: str, other: tuple[str, str], charset: str
) -> None:
    """A clinic's own face (unknown to us) stands for the deck's script; the other script keeps
    its default face; the unknown face still says its region, and no made-up shape."""
    major = _theme_fonts(FontNames("標楷體", "Times New Roman"), lang)
    scripts = {f.get("script"): f.get("typeface") for f in major.iter(f"{A}font")}
    assert scripts == {own: "標楷體", other[0]: other[1]}
    assert _attrs(major.find(f"{A}ea")) == {"typeface": "標楷體", "charset": charset}
    assert _attrs(major.find(f"{A}latin")) == {"typeface": "Times New Roman", "charset": "0"}


def test_every_run_face_carries_charset_panose_and_pitch() -> None:
    props = etree.fromstring(f'<a:rPr xmlns:a="{A[1:-1]}"><a:hlinkClick/></a:rPr>')
    language_properties(props, Language("zh-TW", DEFAULT_FONT_NAMES["zh-Hant-TW"]))
    tags = [child.tag.removeprefix(A) for child in props]
    assert tags == ["latin", "ea", "cs", "hlinkClick"]  # schema order: faces before the link
    assert _attrs(props.find(f"{A}ea"))["charset"] == "-120"
    assert _attrs(props.find(f"{A}cs"))["typeface"] == "Arial"
    language_properties(props, Language("zh-CN", FontNames("Microsoft YaHei", "Microsoft YaHei")))
    assert _attrs(props.find(f"{A}latin")) == {
        "typeface": "Microsoft YaHei",
        "panose": "020B0503020204020204",
        "pitchFamily": "34",
        "charset": "-122",
    }


def test_latin_is_measured_as_wide_as_the_widest_substitute() -> None:
    """Digits and letters measure at least as wide as DejaVu Sans (LibreOffice's last resort,
    the widest), bold too; Chinese stays one em."""
    measure = Measurer(fonts_for_language("zh-Hant-TW"), DEFAULT_THEME)
    for bold, dejavu_digit in ((False, 0.636), (True, 0.696)):
        style = measure.style(10.0, bold)
        assert style.advance("0") >= dejavu_digit * 10 * DEFAULT_THEME.latin_safety - 1e-6
        assert style.advance("m") > 9.7 if bold else style.advance("m") > 9.0
        assert style.advance("中") == pytest.approx(10.0)


def test_embed_fonts_carries_the_bundled_face_subset_to_the_deck(tmp_path: Path) -> None:
    """--embed-fonts: the deck names Noto Sans TC and carries it the way PowerPoint stores
    embedded fonts: listed in presentation.xml, related from it, EOT data in fntdata parts,
    holding every character the deck shows or its notes say."""
    from fontTools.ttLib import TTFont

    from builder.render.pptx.embed import font_data_of

    out = tmp_path / "out"
    assert run_cli("build", HANDOUTS / "sciatica.yaml", "-o", out, "-f", "deck", "--embed-fonts").code == 0
    deck = out / "sciatica.deck.pptx"
    with zipfile.ZipFile(deck) as archive:
        presentation = etree.fromstring(archive.read("ppt/presentation.xml"))
        rels = etree.fromstring(archive.read("ppt/_rels/presentation.xml.rels"))
        types = archive.read("[Content_Types].xml").decode()
        targets = {r.get("Id"): (r.get("Type"), r.get("Target")) for r in rels}
        assert presentation.get("embedTrueTypeFonts") == "1"
        embedded = presentation.find(f"{P}embeddedFontLst/{P}embeddedFont")
        assert embedded is not None
        assert _attrs(embedded.find(f"{P}font"))["typeface"] == "Noto Sans TC"
        assert _attrs(embedded.find(f"{P}font"))["charset"] == "-120"
        assert 'ContentType="application/x-fontdata"' in types
        text = deck_text(deck)
        shown = {c for c in text if not c.isspace()}
        for style, family_style in (("regular", "Regular"), ("bold", "Bold")):
            ref = embedded.find(f"{P}{style}")
            assert ref is not None
            kind, target = targets[ref.get(f"{R}id")]
            assert kind.endswith("/relationships/font") and target.endswith(".fntdata")
            data = archive.read(f"ppt/{target}")
            size, font_size, version, flags = struct.unpack_from("<IIII", data)
            assert (size, version, flags) == (len(data), 0x00020002, 0)
            assert font_size == len(font_data_of(data))
            assert struct.unpack_from("<H", data, 34)[0] == 0x504C  # EOT magic number
            padding, length = struct.unpack_from("<HH", data, 80)  # after the fixed header fields
            assert (padding, data[84 : 84 + length].decode("utf-16-le")) == (0, "Noto Sans TC")
            font = TTFont(io.BytesIO(font_data_of(data)))
            assert font["name"].getDebugName(1) == "Noto Sans TC"
            assert font["name"].getDebugName(2) == family_style
            assert font["OS/2"].fsType == 0  # installable: every application may use it
            missing = {c for c in shown if ord(c) not in font.getBestCmap()}
            assert not missing, missing
            assert len(font.getGlyphOrder()) < 3000  # a subset, not the whole face
        slide = etree.fromstring(archive.read("ppt/slides/slide2.xml"))
    faces = {(e.get("typeface")) for e in slide.iter(f"{A}ea", f"{A}latin")}
    assert faces == {"Noto Sans TC"}


def test_without_embed_fonts_the_deck_carries_no_font(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", HANDOUTS / "sciatica.yaml", "-o", out, "-f", "deck").code == 0
    with zipfile.ZipFile(out / "sciatica.deck.pptx") as archive:
        assert not [n for n in archive.namelist() if n.startswith("ppt/fonts/")]
        assert b"embeddedFontLst" not in archive.read("ppt/presentation.xml")


def test_a_subset_face_keeps_its_fonts_own_date() -> None:
    """fontTools stamps a saved font with the time it was saved: two builds of the same deck with
    --embed-fonts differed in the embedded face's 'head' table. The subset keeps the face's dates."""
    from fontTools.ttLib import TTFont

    from builder.typeset.subset import subset_font

    regular = fonts_for_language("zh-Hant-TW").regular.primary.path
    cut = TTFont(io.BytesIO(subset_font(regular, "坐骨神經痛")))
    whole = TTFont(regular, lazy=True)
    assert (cut["head"].created, cut["head"].modified) == (whole["head"].created, whole["head"].modified)
