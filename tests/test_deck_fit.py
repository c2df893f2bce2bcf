"""The deck's measuring pieces on their own: phrase breaks, the CJK–Latin gap, splitting without loss."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import pairwise

import pytest

from builder.compose.deck import Point
from builder.render.pptx.fit import Measurer, longest_prefix
from builder.render.pptx.theme import DEFAULT_THEME, SizeRange
from builder.typeset import Style, fonts_for_language, text_width
from builder.typeset.normalize import with_autospace
from builder.typeset.phrases import break_title, phrases

FONTS = fonts_for_language("zh-Hant-TW")
MEASURE = Measurer(FONTS, DEFAULT_THEME)


def test_autospace_marks_each_chinese_latin_boundary_once() -> None:
    assert with_autospace("用MRI檢查") == "用 MRI 檢查"
    assert with_autospace("用 MRI 檢查") == "用 MRI 檢查"
    assert with_autospace("每天3次") == "每天 3 次"
    # LibreOffice spaces full-width brackets from Latin too (seen in its renders: 「（ tVNS ）」)
    assert with_autospace("（MRI）") == "（ MRI ）"
    assert with_autospace("L4/L5") == "L4/L5"


def test_title_breaks_after_a_pause_between_phrases() -> None:
    style = Style(FONTS.bold, 40)
    text = "腰痛、屁股痛、腿麻：是哪一條神經？"
    lines = break_title(text, style, text_width(text, style) * 0.7, "zh-Hant-TW")
    assert "".join(lines) == text
    assert len(lines) == 2
    assert lines[0][-1] in "、：", lines  # the break follows punctuation, not the middle of a word


def test_title_never_cuts_inside_a_latin_word() -> None:
    style = Style(FONTS.bold, 32)
    text = "Lumbar radiculopathy 腰椎神經根病變與梨狀肌症候群"
    lines = break_title(text, style, 300, "zh-Hant-TW", autospace=with_autospace)
    assert " ".join(lines).replace("  ", " ").replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert not line.startswith(("adiculopathy", "umbar"))
        assert text_width(with_autospace(line), style) <= 300


def test_phrases_keep_closing_marks_with_what_comes_before() -> None:
    for piece in phrases("疼痛（尤其是晚上）會加重，請注意。", "zh-Hant-TW")[1:]:
        assert piece[0] not in "，。）"


def test_longest_prefix_is_legal_and_fits() -> None:
    text = "第一段文字 MRI scan，第二段。"
    head = longest_prefix(text, lambda t: len(t) <= 9)
    assert len(head) <= 9
    assert not (head[-1].isalpha() and text[len(head)].isalpha())  # not inside "MRI"/"scan"
    assert text[len(head)] not in "，。"


@pytest.mark.parametrize("seed", range(8))
def test_paginate_loses_nothing_and_every_chunk_fits(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "腰痛屁股腿麻神經肌肉，。、" + "abc MRI L4/L5 "
    points = [
        Point("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 500))), marker="bullet")
        for _ in range(rng.randint(1, 12))
    ]
    sizes = SizeRange(32, 24)
    chunks = MEASURE.paginate(points, 800, 360, sizes)
    joined = "".join(p.label + p.text for c in chunks for p in c.points)
    assert joined.replace(" ", "") == "".join(p.text for p in points).replace(" ", "")
    for chunk in chunks:
        assert chunk.size >= 24
        assert MEASURE.height(chunk.points, chunk.size, 800) <= 360 + 1e-6


def test_a_tall_table_continues_with_its_rows_intact() -> None:
    header = ["一", "二", "三"]
    rows = [[f"第 {i} 列" + "很長的內容" * (i % 5 + 1), "中", "MRI " * (i % 3 + 1)] for i in range(14)]
    rows.append(["巨大的格子" * 120, "短", "短"])
    pages = MEASURE.table(header, rows, 860, 380, SizeRange(28, 24))
    assert len(pages) > 1
    for page in pages:
        assert page.header == tuple(header)
        assert sum(page.heights) <= 380 + 1e-6
        assert abs(sum(page.widths) - 860) < 1e-6
    cells = ["".join(page.rows[r][c] for page in pages for r in range(len(page.rows))) for c in range(3)]
    assert cells[0].replace(" ", "") == "".join(r[0] for r in rows).replace(" ", "")


CLREQ_TITLES = (
    "第一階段：疼痛期——溫和活動（做完痛不超過…）",
    "第二階段：僵硬期——伸展（麻的時候先停下來休息）",
    "五十肩和其他肩膀痛怎麼分？（肩關節囊炎）",
    "五十肩和其他肩膀痛怎麼分？（adhesive capsulitis vs rotator cuff tear vs calcific tendinitis）",
)


@pytest.mark.parametrize("text", CLREQ_TITLES)
def test_title_breaks_keep_the_body_text_rules(text: str) -> None:
    """Issue 11.5: a stage title was given a break right after 「（」 (「…溫和活動（⏎做完痛不超過…）」),
    and titles broke inside words. Title breaks are phrase ends where body text may break too."""
    from builder.typeset.chars import NO_LINE_END, NO_LINE_START

    style = Style(FONTS.bold, 40)
    for measure in range(200, 900, 10):
        lines = break_title(text, style, measure, "zh-Hant-TW", autospace=with_autospace)
        for first, second in pairwise(lines):
            assert first[-1] not in NO_LINE_END and second[0] not in NO_LINE_START, (measure, lines)
            inside_word = first[-1].isascii() and first[-1].isalpha() and (first + second) in text
            assert not inside_word, (measure, lines)
        middle = lines[1:-1]
        assert all(len(line) > 1 for line in middle), (measure, lines)  # no phrase alone on a line


def test_line_counts_are_kept_for_the_next_build_in_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Watch mode and batches build decks again and again in one process: text measured for one
    build is not broken into lines again for the next, and a theme with other margins measures anew."""
    import builder.render.pptx.fit as fit

    calls: list[str] = []
    real = fit.count_lines

    def counted(text: str, style: Style, measure: float) -> int:
        calls.append(text)
        return real(text, style, measure)

    monkeypatch.setattr(fit, "count_lines", counted)
    text = "只在這個測試裡量的一段文字，量過一次就記住，下一次建置不必重新斷行。" * 3
    lines = Measurer(FONTS, DEFAULT_THEME).lines(text, 24, False, 300)
    assert len(calls) == 1
    assert Measurer(fonts_for_language("zh-Hant-TW"), DEFAULT_THEME).lines(text, 24, False, 300) == lines
    assert len(calls) == 1
    narrow = replace(DEFAULT_THEME, width_safety=DEFAULT_THEME.width_safety / 2)
    assert Measurer(FONTS, narrow).lines(text, 24, False, 300) > lines
    assert len(calls) == 2
