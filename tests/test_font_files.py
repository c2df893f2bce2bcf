"""A clinic's own font: characters outside the BMP read back right, CFF fonts convert (even
with 65,535 glyphs), a conversion that failed is not silently repeated, a read-only cache is
worked around, and a font that cannot be used is a located error (the bad-input corpus has
the damaged ones)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO, pdf_text, run_cli, squash

from builder.typeset import fontconvert
from builder.typeset.fontconvert import FontError, ensure_truetype

SUBSET = DATA / "fonts" / "NotoSansCJKtc-subset.otf"
BROKEN = DATA / "bad" / "parts" / "fonts" / "broken-outlines.otf"


def _spec_with_font(folder: Path, font: Path, text: str) -> Path:
    (folder / "fonts").mkdir(parents=True)
    shutil.copy(font, folder / "fonts" / font.name)
    spec = folder / "name.yaml"
    spec.write_text(
        f"title: {text}\nlanguage: zh-Hant-TW\nfont:\n  regular: fonts/{font.name}\n"
        f"key_points: [{text}測試]\nreview_date: 2026-11-01\n",
        encoding="utf-8",
    )
    return spec


def test_a_character_outside_the_bmp_reads_back_right(tmp_path: Path) -> None:
    """𡘙 (U+21619) was written into ToUnicode as <21619>, which readers take as Ⅱ (U+2161)."""
    spec = _spec_with_font(tmp_path / "clinic", SUBSET, "林𡘙先生")
    result = run_cli("build", spec, "-o", tmp_path / "out", "-f", "leaflet,exercise,booklet")
    assert result.code == 0, result.stderr
    pdf = tmp_path / "out" / "name.leaflet.pdf"
    assert "林𡘙先生" in squash("".join(pdf_text(pdf).pages))  # pdfium
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "林𡘙先生" in poppler.stdout and "Ⅱ" not in poppler.stdout


def test_converted_font_has_no_glyph_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """post format 2 cannot index the 65,535 glyph names of a full CJK font (OverflowError
    after 80 s); format 3 has none, and reportlab needs none."""
    from fontTools.ttLib import TTFont

    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))
    converted = TTFont(ensure_truetype(SUBSET))
    assert converted["post"].formatType == 3.0
    assert "glyf" in converted and "CFF " not in converted
    assert converted.getBestCmap()[0x21619]


def test_a_failed_conversion_is_remembered_not_repeated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(FontError, match="could not be converted to TrueType") as first:
        ensure_truetype(BROKEN)

    def convert_again(path: Path) -> bytes:
        raise AssertionError("the failed conversion was tried again")

    monkeypatch.setattr(fontconvert, "_convert", convert_again)
    with pytest.raises(FontError) as second:
        ensure_truetype(BROKEN)
    assert second.value.message == first.value.message


def test_a_read_only_cache_folder_falls_back_with_a_warning(tmp_path: Path) -> None:
    """The cache "folder" is a file here, so nothing can be written there (as root, a
    read-only folder would still be writable)."""
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder")
    spec = _spec_with_font(tmp_path / "clinic", SUBSET, "林𡘙先生")
    proc = subprocess.run(
        [sys.executable, "-m", "builder", "build", str(spec), "-o", str(tmp_path / "out")],
        env={**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(blocked)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cannot keep the converted font NotoSansCJKtc-subset.otf" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "林𡘙先生" in squash("".join(pdf_text(tmp_path / "out" / "name.leaflet.pdf").pages))
    assert blocked.read_text() == "not a folder"
