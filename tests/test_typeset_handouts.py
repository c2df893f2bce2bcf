"""Typesetting on handouts the bundled ones never exercise (issue 11): a wrist handout in
Traditional Chinese, a foot handout in Simplified Chinese and a shoulder handout written to
stress the layout, built in every format and read back with pdfium, poppler and python-pptx."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, pdf_text, run_cli, squash

from builder.compose.labels import join_items

NEW_HANDOUTS = ("wrist-de-quervain", "foot-plantar-fasciitis", "shoulder-stress")
PRINTED = ("leaflet", "exercise", "booklet", "trifold")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The three test handouts in every format."""
    out = tmp_path_factory.mktemp("new-handouts")
    specs = [DATA / f"{name}.yaml" for name in NEW_HANDOUTS]
    result = run_cli("build", *specs, "-o", out, "-f", "all")
    assert result.code == 0, result.stderr
    yield out


def poppler_lines(path: Path) -> list[str]:
    """Lines as pdftotext reads them in reading order (one text line each)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def deck_paragraphs(path: Path, notes: bool = False) -> list[str]:
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
        if notes and slide.has_notes_slide:
            frames.append(slide.notes_slide.notes_text_frame)
        out += [p.text for frame in frames for p in frame.paragraphs]
    return out


def test_join_items_never_doubles_punctuation() -> None:
    assert join_items(["不要拉到麻或痛。", "做完後冰敷。"], "，") == "不要拉到麻或痛。做完後冰敷。"
    assert join_items(["動作要慢", "腰不要拱起。"], "，") == "動作要慢，腰不要拱起。"
    assert join_items(["他說「停。」", "再做"], "，") == "他說「停。」再做"
    assert join_items(["（可能是心臟問題）", "再做"], "，") == "（可能是心臟問題），再做"


@pytest.mark.parametrize("name", NEW_HANDOUTS)
def test_joined_cautions_have_no_doubled_punctuation(built: Path, name: str) -> None:
    """Issue 11.1: cautions ending in 。 were joined as 「…麻或痛。，做完後…」."""
    for fmt in PRINTED:
        text = squash("".join(pdf_text(built / f"{name}.{fmt}.pdf").pages))
        assert not re.search(r"[。！？；][，、]", text), (fmt, re.findall(r".{8}[。！？；][，、].{8}", text))
    notes = "".join(deck_paragraphs(built / f"{name}.deck.pptx", notes=True))
    assert not re.search(r"[。！？；][，、]", notes)


UNSPLIT = ("2–9個月", "4–12個月", "1–3年", "10-15分鐘", "09:00-12:00", "14:30-21:00", "X光", "6-12个月")


def _split_count(lines: list[str]) -> dict[str, tuple[int, int]]:
    """For each whole piece: (occurrences in the text, occurrences inside one line)."""
    flat = [squash(line) for line in lines]
    whole = "".join(flat)
    return {w: (whole.count(w), sum(line.count(w) for line in flat)) for w in UNSPLIT}


@pytest.mark.parametrize("name", NEW_HANDOUTS)
def test_ranges_times_and_fused_letters_stay_on_one_line_in_print(built: Path, name: str) -> None:
    """Issue 11.4: 「2–/9 個月」, 「1–/3 年」, a line starting 「–15 分鐘」, 「X/光」, 「09:00-/12:00」."""
    for fmt in PRINTED:
        counts = _split_count(poppler_lines(built / f"{name}.{fmt}.pdf"))
        split = {w: c for w, c in counts.items() if c[0] != c[1]}
        assert not split, (fmt, split)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_ranges_and_times_stay_on_one_line_in_libreoffice(built: Path, tmp_path: Path) -> None:
    """Issue 11.4: LibreOffice wrapped the Q&A slide's 「14:30-/21:00」; the deck's text carries
    no-break marks where the breaker measured one piece."""
    deck = built / "shoulder-stress.deck.pptx"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True,
        check=True,
        timeout=240,
    )
    counts = _split_count(poppler_lines(tmp_path / "shoulder-stress.deck.pdf"))
    assert counts["14:30-21:00"][0] >= 1
    assert all(found == whole for found, whole in counts.values()), counts


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_table_columns_keep_latin_words_whole(tmp_path: Path, paper: str) -> None:
    """Issue 11.2: the 4-column table printed 「（adhesi / ve / capsuliti / s）」, and on Letter a
    line holding only 「）」. Columns are as wide as their longest word."""
    result = run_cli(
        "build", DATA / "shoulder-stress.yaml", "-o", tmp_path, "-f", "leaflet", "--paper", paper
    )
    assert result.code == 0, result.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    words = [word for line in poppler_lines(pdf) for word in re.split(r"[\s（）()]+", line) if word]
    for whole in ("adhesive", "capsulitis", "rotator", "calcific", "tendinitis"):
        assert whole in words, (whole, [w for w in words if whole[:4] in w])
    assert not [line for line in poppler_lines(pdf) if line in ("）", ")", "s）")]
