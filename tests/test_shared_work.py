"""Work remembered across the formats of a spec and the sizes of a deck's fit gives exactly
what doing it anew gives (a library build reuses it; outputs must not change by a bit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.typeset import FontSet, Span, Style, fonts_for_language
from builder.typeset import linebreak as lb

TEXTS = [
    "坐骨神經痛常見的原因包括腰椎間盤突出（椎間盤）、梨狀肌症候群等。",
    "每天 3 組，每組 10-20 下，持續 2–9 個月；週一至週五 09:00-12:00、14:30-21:00。",
    "請看 https://example.org/a-b?c=1 的說明，MRI 正常，X光 也正常……——好。",
    "（" * 300 + "標題" + "）" * 40,
    "a\u00a0b\u2060c  d\u3000e 「引號」『書名』",
    "",
    " ",
]


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return fonts_for_language("zh-Hant-TW")


def _anew(spans: list[Span]) -> list[lb._Atom]:
    """The pieces as cut before they were remembered: the whole pipeline on these spans."""
    return lb._glue_kinsoku(lb._glue_units(lb._atomize(spans)))


def _same(got: list[lb._Atom], want: list[lb._Atom]) -> None:
    assert [(a.text, a.width, a.space, a.soft, a.chars) for a in got] == [
        (a.text, a.width, a.space, a.soft, a.chars) for a in want
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_remembered_pieces_equal_pieces_cut_anew_at_every_size(
    text: str, fonts: FontSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    for size in (9.5, 10, 12.25, 31):
        spans = [Span(text, Style(fonts.regular, size))]
        _same(lb._units(spans), _anew(spans))
        for measure in (30.0, 120.0, 400.0):
            remembered = [(line.text, line.width, line.last) for line in lb.break_lines(spans, measure)]
            with monkeypatch.context() as patch:
                patch.setattr(lb, "_units", _anew)
                anew = [(line.text, line.width, line.last) for line in lb.break_lines(spans, measure)]
            assert remembered == anew


def test_remembered_pieces_keep_each_spans_style(fonts: FontSet) -> None:
    """One text in two styles (a bold lead-in, then the point): each character keeps its own."""
    regular, bold = Style(fonts.regular, 11), Style(fonts.bold, 11)
    for text in TEXTS:
        for cut in (0, 1, len(text) // 2, len(text)):
            spans = [Span(text[:cut], bold), Span(text[cut:], regular)]
            _same(lb._units(spans), _anew(spans))


def test_a_deep_run_of_glued_pieces_is_made_without_recursion(fonts: FontSet) -> None:
    text = "（" * 5000 + "字"
    spans = [Span(text, Style(fonts.regular, 10))]
    (atom,) = lb._units(spans)
    assert atom.text == text
    assert atom.width == _anew(spans)[0].width


def test_pieces_made_without_their_place_in_the_text_are_never_remembered(
    fonts: FontSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step that makes an atom without `at` (its place in the text) leaves that text to be cut
    anew each time, rather than grown from a shape that points nowhere."""
    text = "一句只在這個測試裡出現的話：shapes 123，好。"
    real = lb._atomize
    monkeypatch.setattr(lb, "_atomize", lambda spans: [lb._Atom(a.chars, a.space) for a in real(spans)])
    for size in (10, 11):
        spans = [Span(text, Style(fonts.regular, size))]
        assert "".join(a.text for a in lb._units(spans)) == text
    assert text not in lb._SHAPES


def test_nonbreaking_depends_on_the_text_only(fonts: FontSet) -> None:
    text = "週一至週五 09:00-12:00、14:30-21:00，2–9 個月，X光"
    assert lb.nonbreaking(text, Style(fonts.regular, 10)) == lb.nonbreaking(text, Style(fonts.bold, 28))


def test_a_decks_remembered_character_widths_equal_measured_ones(fonts: FontSet) -> None:
    from builder.render.pptx.fit import _SafeStyle, _style

    for bold in (False, True):
        for size in (14.0, 20, 27.5):
            remembered = _style(fonts, size, bold, 1.08)
            assert remembered is _style(fonts, size, bold, 1.08)
            fresh = _SafeStyle(fonts.bold if bold else fonts.regular, size, latin_safety=1.08, bold=bold)
            assert remembered == fresh
            for char in "中文 Latin 123 —「」%W":
                assert remembered.advance(char) == fresh._measure(char)
                assert remembered.advance(char) == fresh.advance(char)


# --- font subsets kept in the cache folder (render.pdf.facecache) -------------------------------
# Each PDF is made in a process of its own: reportlab keeps the first face it met for a font's
# name for the whole process, so a second face of the same file would not be asked for subsets.

_SUBSET_PDF = """
import hashlib, io, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFace
from reportlab.pdfgen.canvas import Canvas
import builder.render.pdf.fonts  # the PDF writer's compression, as a build has it
from builder.render.pdf import facecache
from builder.typeset.fonts import bundled_fonts_dir
mode = sys.argv[1]
font = facecache.cached_ttfont("SubsetTest", bundled_fonts_dir() / sys.argv[2])
if mode == "plain":  # reportlab cuts and compresses, nothing kept
    del facecache._CONTENT_KEYS[font.face]
if mode == "recalled":
    def no_cutting(*args):
        raise AssertionError("the subset should have come from the cache folder")
    TTFontFace.makeSubset = no_cutting
pdfmetrics.registerFont(font)
buffer = io.BytesIO()
canvas = Canvas(buffer, invariant=1, pageCompression=1)
canvas.setFont("SubsetTest", 14)
canvas.drawString(72, 720, "坐骨神經痛：先休息，再慢慢動。MRI 10-20 分鐘，每天 3 組，每組 10 下。")
canvas.save()
read = "_ttf_data" in vars(font.face)  # the font file's 5 MB: read only to cut a subset
print(hashlib.sha256(buffer.getvalue()).hexdigest(), "read" if read else "not-read")
"""


def _subset_pdf(mode: str, font: str, cache: Path) -> str:
    import os
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", _SUBSET_PDF, mode, font], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize("font", ["NotoSansTC-Regular.ttf", "NotoSansTC-Bold.ttf"])
def test_a_subset_recalled_from_the_cache_folder_gives_the_bytes_reportlab_made(
    font: str, tmp_path: Path
) -> None:
    plain = _subset_pdf("plain", font, tmp_path)
    assert plain.endswith(" read")
    assert not list((tmp_path / "subsets").glob("*.bin"))
    assert _subset_pdf("kept", font, tmp_path) == plain  # cut, compressed and kept
    assert list((tmp_path / "subsets").glob("*.bin"))
    recalled = _subset_pdf("recalled", font, tmp_path)  # none cut: all from the cache folder
    assert recalled == plain.replace(" read", " not-read")  # and the font file never read


def test_a_damaged_subset_entry_is_cut_again(tmp_path: Path) -> None:
    font = "NotoSansTC-Bold.ttf"
    plain = _subset_pdf("plain", font, tmp_path)
    _subset_pdf("kept", font, tmp_path)
    entries = list((tmp_path / "subsets").glob("*.bin"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-100] + b"x" * 100)
    assert _subset_pdf("kept", font, tmp_path) == plain


def test_a_font_files_digest_is_remembered_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import os
    import shutil

    from builder.render.pdf.facecache import _content_digest
    from builder.typeset.fonts import bundled_fonts_dir

    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))
    font = tmp_path / "Own.ttf"
    shutil.copyfile(bundled_fonts_dir() / "NotoSansTC-Bold.ttf", font)
    first = _content_digest(font)
    assert first == hashlib.sha1(font.read_bytes()).hexdigest()
    assert list((tmp_path / "cache").glob("font-digest-*.txt"))
    assert _content_digest(font) == first  # remembered
    shutil.copyfile(bundled_fonts_dir() / "NotoSansTC-Regular.ttf", font)  # another face, same name
    os.utime(font, ns=(1, 1))
    second = _content_digest(font)
    assert second == hashlib.sha1(font.read_bytes()).hexdigest() != first
    # rewritten in place with its size kept and its time set back: the change time still moves
    before = font.stat()
    with font.open("r+b") as file:
        file.seek(-4, os.SEEK_END)
        file.write(b"\0\1\2\3")
    os.utime(font, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _content_digest(font) == hashlib.sha1(font.read_bytes()).hexdigest() != second


def test_a_face_whose_file_was_replaced_cuts_no_subset_from_the_new_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restored face reads its file only to cut a subset not kept yet; if the file was replaced
    since (another face under the same name), its glyphs' places would cut the wrong bytes."""
    import shutil

    from builder.errors import BuildError
    from builder.render.pdf.facecache import cached_ttfont
    from builder.typeset.fonts import bundled_fonts_dir

    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))
    font = tmp_path / "Swapped.ttf"
    shutil.copyfile(bundled_fonts_dir() / "NotoSansTC-Regular.ttf", font)
    cached_ttfont("SwappedFace", font)  # parsed and kept
    face = cached_ttfont("SwappedFace", font).face  # restored: its file is read when a subset is cut
    assert "_ttf_data" not in face.__dict__
    shutil.copyfile(bundled_fonts_dir() / "NotoSansTC-Bold.ttf", font)
    with pytest.raises(BuildError, match="changed while leafdeck was using it"):
        face.makeSubset([0, 32, 0x4E2D])
    assert not list((tmp_path / "cache").glob("subsets/*"))
