"""Typesetting on handouts the bundled ones never exercise (issue 11): a wrist handout in
Traditional Chinese, a foot handout in Simplified Chinese and a shoulder handout written to
stress the layout, built in every format and read back with pdfium, poppler and python-pptx."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, load_yaml, pdf_text, run_cli, squash

from builder.compose.labels import join_items
from builder.typeset.normalize import normalize_text

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


def _split_count(lines: list[str], pieces: tuple[str, ...] = UNSPLIT) -> dict[str, tuple[int, int]]:
    """For each whole piece: (occurrences in the text, occurrences inside one line)."""
    flat = [squash(line) for line in lines]
    whole = "".join(flat)
    return {w: (whole.count(w), sum(line.count(w) for line in flat)) for w in pieces}


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
    counts = _split_count(poppler_lines(tmp_path / "shoulder-stress.deck.pdf"), LIBREOFFICE_UNSPLIT)
    assert counts["14:30-21:00"][0] >= 1
    assert all(found == whole for found, whole in counts.values()), counts


# What a deck can keep whole in LibreOffice: a range with its number's first unit character.
# LibreOffice 7.4's Chinese line breaker breaks between two Han characters even with a word
# joiner (U+2060) between them — tried on 20 box widths, 4 broke 「12 個|月」 — and a zero-width
# no-break space (U+FEFF) shows as a gap, so 「個月」 itself may still be split there.
LIBREOFFICE_UNSPLIT = ("2–9個", "4–12個", "1–3年", "10-15分", "09:00-12:00", "14:30-21:00", "X光", "6-12个")


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


def _titles(spec: dict[str, Any]) -> list[str]:
    """Every title and heading a spec prints (the exercise sheet prefixes its own label)."""
    sheet = "居家運動單｜" if spec["language"] == "zh-Hant-TW" else "居家运动单｜"
    heads = [spec["title"], spec.get("subtitle", ""), sheet + spec["title"]]
    heads += [table["title"] for table in spec.get("comparisons", [])]
    heads += [stage["name"] for stage in spec.get("exercises", [])]
    heads += [spec.get("self_check", {}).get("title", "")]
    return [normalize_text(head) for head in heads if head]


@pytest.fixture(scope="module")
def built_large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The printed formats again in large print, where titles wrap more."""
    out = tmp_path_factory.mktemp("new-handouts-large")
    specs = [DATA / f"{name}.yaml" for name in NEW_HANDOUTS]
    result = run_cli("build", *specs, "-o", out, "-f", ",".join(PRINTED), "--large-print")
    assert result.code == 0, result.stderr
    yield out


@pytest.mark.parametrize("name", NEW_HANDOUTS)
def test_printed_titles_break_between_phrases(built: Path, built_large: Path, name: str) -> None:
    """Issue 11.3: 「抬不/起來」, 「怎/麼辦」, 「肩關/節囊炎」, 「认识足底筋膜/炎」 on leaflet, exercise
    sheet, booklet and tri-fold. A title that takes two or more lines breaks only where a phrase
    ends (BudouX) and body text may break."""
    from builder.typeset import Style, fonts_for_language
    from builder.typeset.phrases import title_units

    spec = load_yaml(DATA / f"{name}.yaml")
    style = Style(fonts_for_language(spec["language"]).bold, 12)
    wrapped = 0
    for pdf in [*built.glob(f"{name}.*.pdf"), *built_large.glob(f"{name}.*.pdf")]:
        lines = [squash(line) for line in poppler_lines(pdf)]
        for title in _titles(spec):
            ends, position = set(), 0
            for unit in title_units(title, style, spec["language"]):
                position += len(squash(unit))
                ends.add(position)
            for start in range(len(lines)):
                for count in (2, 3, 4):
                    group = lines[start : start + count]
                    if "".join(group) != squash(title):
                        continue
                    wrapped += 1
                    cuts = {sum(len(g) for g in group[:k]) for k in range(1, count)}
                    assert cuts <= ends, (pdf.name, group)
    assert wrapped  # some titles do wrap, in large print and on the narrow panels


def test_deck_titles_keep_the_body_text_rules(built: Path) -> None:
    """Issue 11.5: no deck title line ends with an opening bracket or starts with a closing mark,
    and none is cut inside a Latin word."""
    from pptx import Presentation

    from builder.typeset.chars import NO_LINE_END, NO_LINE_START

    checked = 0
    for name in NEW_HANDOUTS:
        titles = _titles(load_yaml(DATA / f"{name}.yaml"))
        for slide in Presentation(str(built / f"{name}.deck.pptx")).slides:
            title = slide.shapes.title
            if title is None or not title.has_text_frame:
                continue
            lines = [line.replace("\u2060", "") for line in title.text_frame.text.split("\v")]
            checked += len(lines) > 1
            for first, second in pairwise(lines):
                assert first[-1] not in NO_LINE_END and second[0] not in NO_LINE_START, lines
                in_word = first[-1].isascii() and first[-1].isalpha() and second[0].isalpha()
                assert not (in_word and any(first + second in title for title in titles)), lines
    assert checked


def test_a_column_beside_an_unbreakable_long_word_keeps_about_four_characters() -> None:
    """When two columns' long hyphenated words cannot fit whole anyway, the Chinese columns are not
    squeezed to a character a line (「需/要/避/免/的/做/法」): they keep about four, and the long
    words are cut (tests/data/decks/neck-ugly-hans.yaml)."""
    from builder.typeset import Style, fonts_for_language, text_width
    from builder.typeset.tables import column_widths

    fonts = fonts_for_language("zh-Hans-CN")
    head, body = Style(fonts.bold, 12), Style(fonts.regular, 12)
    header = ["情况", "建议的做法（Recommended-Practice-For-Office-Workers）", "需要避免的做法", "备注"]
    rows = [["看手机", "举到眼睛高度", "长时间低头", "Smartphone-Ergonomics-Guidelines-Version-2"]]
    widths = column_widths(header, rows, head, body, 252.8, 8)
    assert abs(sum(widths) - 252.8) < 0.01
    assert widths[0] >= text_width("情况", head) + 8  # its header on one line
    assert widths[2] >= 4 * 12 + 8  # four characters a line
