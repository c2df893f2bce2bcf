"""Booklet (four A5 pages on an A4 sheet) and tri-fold (six panels): priority content, red flags
always, nothing across a fold, back panel with the clinic, review date, disclaimer and QR code."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import SEEDS, run_cli, squash

from builder.spec.loader import load_spec
from builder.typeset import normalize_text

A4 = (841.89, 595.28)  # landscape sheet
PANELS = {"booklet": 2, "trifold": 3}  # panels across one side of the sheet


@pytest.fixture(scope="module")
def folded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("folded")
    result = run_cli("build", *SEEDS, "-o", out, "-f", "booklet,trifold")
    assert result.code == 0, result.stderr
    return out


def _chars(page: pdfium.PdfPage) -> list[tuple[str, float, float]]:
    textpage = page.get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char.strip():
            left, _, right, _ = textpage.get_charbox(index)
            chars.append((char, left, right))
    textpage.close()
    return chars


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
@pytest.mark.parametrize("spec", SEEDS, ids=[s.stem for s in SEEDS])
def test_one_sheet_both_sides_red_flags_and_the_back_panel(folded: Path, kind: str, spec: Path) -> None:
    doc = pdfium.PdfDocument(str(folded / f"{spec.stem}.{kind}.pdf"))
    assert len(doc) == 2  # one sheet, printed on both sides
    text = ""
    for page in doc:
        width, height = page.get_size()
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
        text += squash("".join(c for c, _, _ in _chars(page)))
    loaded = load_spec(spec)
    assert loaded.spec.red_flags is not None
    for flag in loaded.spec.red_flags.items:
        assert squash(normalize_text(flag)) in text, flag
    assert squash(normalize_text(loaded.spec.title)) in text
    assert loaded.spec.review_date is not None and loaded.spec.review_date.isoformat() in text
    assert "不能取代醫師" in text or "不能替代医生" in text  # the disclaimer
    doc.close()


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_nothing_crosses_a_fold(folded: Path, kind: str) -> None:
    """No character straddles a fold, and each red flag and self-check question sits in one panel."""
    spec = SEEDS[-1]  # superior-cluneal-nerve: the fullest
    loaded = load_spec(spec)
    doc = pdfium.PdfDocument(str(folded / f"{spec.stem}.{kind}.pdf"))
    panel = A4[0] / PANELS[kind]
    wanted = [*loaded.spec.red_flags.items] if loaded.spec.red_flags else []
    wanted += loaded.spec.self_check.questions if loaded.spec.self_check else []
    for page in doc:
        chars = _chars(page)
        for _, left, right in chars:
            assert int(left // panel) == int((right - 0.01) // panel), "a character across a fold"
        flat = "".join(c for c, _, _ in chars)
        for item in wanted:
            needle = "".join(normalize_text(item).split())
            start = flat.replace(" ", "").find(needle)
            if start < 0:
                continue
            spans = [chars[i] for i in range(start, start + len(needle))]
            assert len({int(left // panel) for _, left, _ in spans}) == 1, item
    doc.close()


def test_folded_formats_say_what_they_leave_out(tmp_path: Path) -> None:
    result = run_cli("build", SEEDS[-1], "-o", tmp_path, "-f", "booklet")
    assert result.code == 0
    assert "note:" in result.stderr and "the booklet leaves out" in result.stderr


def test_folded_output_is_reproducible(tmp_path: Path, folded: Path) -> None:
    result = run_cli("build", SEEDS[0], "-o", tmp_path, "-f", "booklet,trifold")
    assert result.code == 0
    for kind in ("booklet", "trifold"):
        name = f"{SEEDS[0].stem}.{kind}.pdf"
        assert (tmp_path / name).read_bytes() == (folded / name).read_bytes()


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_back_panel_qr_code_decodes(folded: Path, kind: str) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    doc = pdfium.PdfDocument(str(folded / f"{SEEDS[-1].stem}.{kind}.pdf"))
    found = {r.text for r in zxingcpp.read_barcodes(doc[0].render(scale=3).to_pil())}
    assert "https://clinic.example.org" in found
    doc.close()
