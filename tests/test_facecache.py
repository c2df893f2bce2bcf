"""The cached reportlab face: same state and same PDF bytes as reportlab's own parse, safe to refill."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from builder.render.pdf.facecache import cached_ttfont
from builder.typeset.fonts import bundled_fonts_dir

FONT = bundled_fonts_dir() / "NotoSansTC-Bold.ttf"
TEXT = "坐骨神經痛：先休息，再慢慢動。MRI 10-20 分鐘"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path))
    return tmp_path


def _pdf(font: TTFont, text: str = TEXT) -> bytes:
    pdfmetrics.registerFont(font)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont(font.fontName, 14)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def _state(font: TTFont) -> dict[str, object]:
    """The face's attributes, with a restored face's glyph → characters table unpacked and its
    font file read (both made when first asked for)."""
    assert font.face.glyphToChar is not None
    assert font.face._ttf_data
    return {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}


def test_restored_face_matches_reportlabs_parse(cache: Path) -> None:
    parsed = TTFont("FacecacheParsed", str(FONT))
    first = cached_ttfont("FacecacheFirst", FONT)  # parses and fills the cache
    assert list(cache.glob("reportlab-face-*.marshal"))
    restored = cached_ttfont("FacecacheRestored", FONT)  # from the cache
    for font in (first, restored):
        assert set(vars(font)) == set(vars(parsed))
        assert _state(font) == _state(parsed)
        assert {k: type(v) for k, v in vars(font.face).items()} == {
            k: type(v) for k, v in vars(parsed.face).items()
        }
        assert font.face._pdfScale(512) == parsed.face._pdfScale(512)
        assert font.shapable == parsed.shapable and font._asciiReadable == parsed._asciiReadable
    reference = _pdf(parsed).replace(b"FacecacheParsed", b"FacecacheRestored")
    assert _pdf(restored) == reference


def test_a_restored_face_draws_without_unpacking_what_only_shaping_reads(cache: Path) -> None:
    parsed = TTFont("FacecachePacked", str(FONT))
    cached_ttfont("FacecacheFillPacked", FONT)
    restored = cached_ttfont("FacecacheUnpacked", FONT)
    reference = _pdf(parsed).replace(b"FacecachePacked", b"FacecacheUnpacked")
    assert _pdf(restored) == reference
    assert "glyphToChar" not in vars(restored.face)  # still packed after a whole document
    assert restored.face.glyphToChar == parsed.face.glyphToChar
    with pytest.raises(AttributeError):
        restored.face.noSuchAttribute  # noqa: B018 - what reportlab's hasattr() checks rely on


def test_damaged_cache_entry_is_parsed_again(cache: Path) -> None:
    cached_ttfont("FacecacheFill", FONT)
    (entry,) = cache.glob("reportlab-face-*.marshal")
    entry.write_bytes(b"not marshal data")
    font = cached_ttfont("FacecacheDamaged", FONT)
    assert _state(font) == _state(TTFont("FacecacheCheck", str(FONT)))
    assert entry.read_bytes() != b"not marshal data"  # refilled


def test_two_processes_filling_the_cache_at_once(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from builder.render.pdf.facecache import cached_ttfont; "
        "f = cached_ttfont('X', Path(sys.argv[1])); print(len(f.face.charToGlyph))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(tmp_path)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(FONT)], env=env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    counts = [proc.communicate(timeout=120)[0] for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert counts[0] == counts[1] and int(counts[0]) > 10000
    assert len(list(tmp_path.glob("reportlab-face-*.marshal"))) == 1
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind
    restored = subprocess.run(
        [sys.executable, "-c", script, str(FONT)], env=env, capture_output=True, check=True
    ).stdout
    assert restored == counts[0]


def test_a_second_document_reuses_the_font_programs_of_the_first(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch or watch session embeds the same subsets again and again: each is cut out of the
    font and compressed once per process, and the PDF bytes stay the same."""
    import builder.render.pdf.fonts  # noqa: F401 - installs the remembering compressor

    # a face of its own: reportlab draws with the first font registered for a face name
    font = cached_ttfont("FacecacheTwice", bundled_fonts_dir() / "NotoSansSC-Bold.ttf")
    cut, packed = _count_work(monkeypatch)
    text = "".join(chr(0x4E00 + i) for i in range(600))  # more than two subsets of 256
    first = _pdf(font, text)
    big = sum(1 for size in packed if size > 16_384)
    assert cut and big
    cut.clear()
    packed.clear()
    assert _pdf(font, text) == first
    assert not cut
    assert not [size for size in packed if size > 16_384]


def _new_process() -> None:
    """Forget what this process made (as a new batch or watch process would not have it)."""
    from reportlab.pdfbase import pdfdoc

    from builder.render.pdf import facecache

    facecache._SUBSETS.clear()
    pdfdoc.PDFZCompress._made.clear()


def _count_work(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[int]]:
    """Calls that cut a subset out of a font, and sizes of streams compressed, from now on."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFontFace

    cut: list[int] = []
    packed: list[int] = []
    make = TTFontFace.makeSubset
    squeeze = pdfdoc.PDFStreamFilterZCompress.encode
    monkeypatch.setattr(TTFontFace, "makeSubset", lambda face, subset: cut.append(1) or make(face, subset))
    monkeypatch.setattr(
        pdfdoc.PDFStreamFilterZCompress,
        "encode",
        lambda self, data: packed.append(len(data)) or squeeze(self, data),
    )
    return cut, packed


def _own_pdf(font: TTFont, text: str = TEXT) -> bytes:
    """_pdf with this very font: reportlab would draw with the first font registered for its face."""
    pdfmetrics._dynFaceNames.pop(font.face.name, None)
    return _pdf(font, text)


SUBSET_TEXT = "".join(chr(0x4E00 + i) for i in range(300)) + TEXT  # two subsets, one small


def test_a_new_process_reads_kept_font_programs_and_writes_the_same_pdf(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leaflet built again in another process (a library rebuilt, the next batch) takes its
    subsets' font programs, compressed, from the cache folder: nothing is cut or compressed
    again, and the PDF is byte for byte the one reportlab makes with no cache at all."""
    import builder.render.pdf.fonts  # noqa: F401 - installs the remembering compressor

    uncached = _own_pdf(TTFont("FacecacheUncached", str(FONT)), SUBSET_TEXT)
    filled = _own_pdf(cached_ttfont("FacecacheFilled", FONT), SUBSET_TEXT)
    assert filled == uncached.replace(b"FacecacheUncached", b"FacecacheFilled")
    assert len(list((cache / "subsets").iterdir())) == 2
    _new_process()
    cut, packed = _count_work(monkeypatch)
    kept = _own_pdf(cached_ttfont("FacecacheKept", FONT), SUBSET_TEXT)
    assert kept == uncached.replace(b"FacecacheUncached", b"FacecacheKept")
    assert not cut
    programs = {int.from_bytes(entry.read_bytes()[32:40], "big") for entry in (cache / "subsets").iterdir()}
    assert not programs.intersection(packed)  # page text and small tables only


def test_a_kept_font_program_is_for_its_font_content_and_subset_only(
    cache: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Another font file's content — even under the same path — or other characters never take a
    kept program: each PDF equals reportlab's own for its font and text."""
    import builder.render.pdf.fonts  # noqa: F401

    copy = tmp_path_factory.mktemp("font") / "Face.ttf"
    copy.write_bytes(FONT.read_bytes())
    _own_pdf(cached_ttfont("FacecacheOriginal", copy), SUBSET_TEXT)
    entries = set((cache / "subsets").iterdir())
    data = bytearray(copy.read_bytes())
    start, length = TTFont("FacecacheProbe", str(copy)).face.get_table_pos("name")
    data[start + length - 2] ^= 0x20  # a letter of a name, copied into every subset's program
    copy.write_bytes(bytes(data))
    _new_process()
    changed = _own_pdf(cached_ttfont("FacecacheChanged", copy), SUBSET_TEXT)
    assert changed == _own_pdf(TTFont("FacecacheChangedRef", str(copy)), SUBSET_TEXT).replace(
        b"FacecacheChangedRef", b"FacecacheChanged"
    )
    assert len(set((cache / "subsets").iterdir()) - entries) == 2
    other = TEXT[::-1] + SUBSET_TEXT  # the same characters in another order: other subsets
    _new_process()
    assert _own_pdf(cached_ttfont("FacecacheOrder", FONT), other) == _own_pdf(
        TTFont("FacecacheOrderRef", str(FONT)), other
    ).replace(b"FacecacheOrderRef", b"FacecacheOrder")


def test_a_damaged_kept_font_program_is_made_again(cache: Path) -> None:
    import builder.render.pdf.fonts  # noqa: F401

    first = _own_pdf(cached_ttfont("FacecacheSound", FONT), SUBSET_TEXT)
    for entry in (cache / "subsets").iterdir():
        entry.write_bytes(entry.read_bytes()[:-5])
    _new_process()
    again = _own_pdf(cached_ttfont("FacecacheHurt", FONT), SUBSET_TEXT)
    assert again == first.replace(b"FacecacheSound", b"FacecacheHurt")


def test_kept_font_programs_stay_bounded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.render.pdf import facecache

    monkeypatch.setattr(facecache, "_MOST_KEPT", 4)
    monkeypatch.setattr(facecache, "_PRUNE_EVERY", 1)
    font = cached_ttfont("FacecacheMany", FONT)
    for start in range(0, 7 * 40, 40):
        _new_process()
        _own_pdf(font, "".join(chr(0x4E00 + start + i) for i in range(40)))
    assert 3 <= len(list((cache / "subsets").iterdir())) <= 4
