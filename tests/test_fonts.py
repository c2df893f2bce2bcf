"""Bundled fonts: what the manifest promises, coverage, size, and user fonts."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import pytest
from conftest import pdffonts, run_cli

from builder.typeset import fonts_for_language
from builder.typeset.fontconvert import ensure_truetype
from builder.typeset.fonts import bundled_fonts_dir, load_face

FONTS = bundled_fonts_dir()
# Four symbols of Big5 that neither Noto Sans TC nor SC draws: ˍ ‾ ∼ ≒.
KNOWN_GAPS = {0x2CD, 0x203E, 0x223C, 0x2252}


def _codec(codec: str) -> set[str]:
    chars = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.update(bytes((lead, trail)).decode(codec))
    return chars


def test_manifest_matches_the_files() -> None:
    manifest = json.loads((FONTS / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_package"] == "justmytype-intl-cjk"
    assert manifest["source_version"]
    assert (FONTS / "regenerate.py").is_file() or "regenerate" in manifest
    names = set()
    for entry in manifest["fonts"]:
        path = FONTS / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        names.add(entry["file"])
    assert names == {f"NotoSans{r}-{s}.ttf" for r in ("TC", "SC") for s in ("Regular", "Bold")}
    assert (FONTS / "OFL.txt").read_text().startswith("Copyright")


def test_fonts_are_static_truetype_and_small_enough() -> None:
    from fontTools.ttLib import TTFont

    total = sum(p.stat().st_size for p in FONTS.iterdir() if p.is_file())
    assert total < 40 * 1024 * 1024
    for path in FONTS.glob("*.ttf"):
        font = TTFont(path, lazy=True)
        assert "glyf" in font and "fvar" not in font and "CFF " not in font
    assert load_face(FONTS / "NotoSansTC-Bold.ttf").bold
    assert not load_face(FONTS / "NotoSansTC-Regular.ttf").bold


@pytest.mark.parametrize("language", ["zh-Hant-TW", "zh-Hans-CN"])
def test_coverage_big5_gb2312_and_seeds(language: str) -> None:
    fonts = fonts_for_language(language)
    wanted = _codec("big5") | _codec("gb2312")
    for seed in (Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"):
        wanted |= set(seed.read_text(encoding="utf-8")) - set("\n\r\t")
    wanted = {c for c in wanted if ord(c) not in KNOWN_GAPS and not c.isspace() and ord(c) >= 0x20}
    # Emoji in the seeds' clinic adverts (🔹▶) are not needed: the handouts do not use them.
    missing = sorted(c for c in wanted if not fonts.regular.covers(c) and ord(c) < 0x1F000)
    assert missing == []


def test_language_picks_the_regional_font_first() -> None:
    assert fonts_for_language("zh-Hant-TW").regular.primary.family == "Noto Sans TC"
    assert fonts_for_language("zh-Hans-CN").regular.primary.family == "Noto Sans SC"


def _make_cff_font(path: Path) -> None:
    """A tiny OpenType/CFF font with a box glyph for 測 and 試, like a user's .otf."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    def box() -> object:
        pen = T2CharStringPen(1000, None)
        pen.moveTo((100, -100))
        pen.lineTo((900, -100))
        pen.lineTo((900, 800))
        pen.lineTo((100, 800))
        pen.closePath()
        return pen.getCharString()

    order = [".notdef", "ce", "shi"]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord("測"): "ce", ord("試"): "shi"})
    builder.setupCFF("TestBoxes-Regular", {"FullName": "Test Boxes"}, {g: box() for g in order}, {})
    builder.setupHorizontalMetrics({g: (1000, 100) for g in order})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Test Boxes", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))


def test_user_cff_font_is_converted_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "boxes.otf"
    _make_cff_font(source)
    converted = ensure_truetype(source)
    assert converted != source and converted.suffix == ".ttf"
    assert ensure_truetype(source) == converted  # cached: converted once
    face = load_face(converted)
    assert face.has("測") and not face.has("痛")


def test_spec_with_its_own_font_embeds_it(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    (folder / "fonts").mkdir(parents=True)
    _make_cff_font(folder / "fonts" / "boxes.otf")
    (folder / "custom.yaml").write_text(
        "title: 測試字型\nlanguage: zh-Hant-TW\nfont:\n  regular: fonts/boxes.otf\n"
        "key_points: [測試, 其他字用內建字型]\nreview_date: 2026-11-01\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", folder / "custom.yaml", "-o", out)
    assert result.code == 0, result.stderr
    names = [font["name"] for font in pdffonts(out / "custom.leaflet.pdf")]
    assert any("Test-Boxes" in name for name in names), names
    assert any("NotoSansTC" in name for name in names)


def test_missing_user_font_is_a_located_error(tmp_path: Path) -> None:
    spec = tmp_path / "nofont.yaml"
    spec.write_text("title: 測試\nlanguage: zh-Hant-TW\nfont:\n  regular: fonts/none.otf\n", encoding="utf-8")
    result = run_cli("build", spec, "-o", tmp_path / "out")
    assert result.code == 1
    assert f"{spec}:4:" in result.stderr and "file not found" in result.stderr


def test_clinic_profile_font_is_used_by_its_handouts(tmp_path: Path) -> None:
    folder = tmp_path / "handouts"
    (folder / "clinics" / "fonts").mkdir(parents=True)
    _make_cff_font(folder / "clinics" / "fonts" / "boxes.otf")
    (folder / "clinics" / "mine.yaml").write_text(
        "name: 測試診所\nphone: 02-1234-5678\nfont:\n  regular: fonts/boxes.otf\n", encoding="utf-8"
    )
    (folder / "one.yaml").write_text(
        "title: 測試\nlanguage: zh-Hant-TW\nclinic: clinics/mine.yaml\nreview_date: 2026-11-01\n",
        encoding="utf-8",
    )
    result = run_cli("build", folder / "one.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    names = [font["name"] for font in pdffonts(tmp_path / "out" / "one.leaflet.pdf")]
    assert any("Test-Boxes" in name for name in names), names
