"""The fonts a deck names: every face with the charset / panose / pitch family a PC needs to
substitute one of the right region, the theme's per-script faces, and Latin text measured wide
enough for the faces a PC draws it with instead."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from builder.render.pptx.fit import Measurer
from builder.render.pptx.template import TemplateInfo, template_package
from builder.render.pptx.text import Language, language_properties
from builder.render.pptx.theme import DEFAULT_FONT_NAMES, DEFAULT_THEME, FontNames
from builder.typeset import fonts_for_language

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


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
