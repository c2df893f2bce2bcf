"""The project's own Chinese line breaker: clreq basic rules, whole words, nothing lost."""

from __future__ import annotations

import random

import pytest

from builder.typeset import (
    Line,
    Span,
    Style,
    break_lines,
    count_lines,
    fonts_for_language,
    min_content_width,
    normalize_text,
    text_width,
)
from builder.typeset.chars import NO_LINE_END, NO_LINE_START

FONTS = fonts_for_language("zh-Hant-TW")
BODY = Style(FONTS.regular, 12)

# Paragraphs built to trip a naive breaker: closing marks after every few
# characters, opening marks before them, mixed Latin, units, dashes, ellipses.
ADVERSARIAL = [
    "痛，麻，刺，電，燒；酸：脹？對！好」。」』）》〉】〕〗’”…——再來。",
    "「『（《〈【〔〖‘“開頭都是開括號」，然後「再一次」（再一次）《書名》〈篇名〉。",
    "每天做 10-20 分鐘的運動，每組 3 組、每次停 5 秒；腰椎 L4/L5、L5/S1 的 MRI 與 PRP 治療。",
    "他說——這個……真的嗎？是的——真的……好。" * 3,
    "腳麻（Double Crush Syndrome）和 Greater Trochanteric Pain Syndrome（GTPS）不同。" * 2,
    "網址 https://clinic.example.org/very/long/path/that/does/not/fit/in/a/narrow/column/at/all 請掃描。",
    "，，，，。。。。、、、、」」」」",
    "「「「「（（（（開",
    "短句。" * 40,
]
WIDTHS = [36.0, 60.0, 97.0, 150.0, 250.0, 480.0]


def _source(line: Line) -> str:
    """A line's text without the hyphen the breaker added to a word cut in two."""
    return line.text[:-1] if line.hyphenated else line.text


def _lines(text: str, width: float) -> list[str]:
    return [line.text for line in break_lines([Span(text, BODY)], width)]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_no_forbidden_line_starts_or_ends(text: str) -> None:
    text = normalize_text(text)
    # Widths where every unbreakable unit fits; narrower ones are the oversized-cut test's job.
    widths = [w for w in WIDTHS if w >= min_content_width(text, BODY)] or [min_content_width(text, BODY)]
    for width in widths:
        lines = _lines(text, width)
        for index, line in enumerate(lines):
            if index > 0:
                assert line[0] not in NO_LINE_START, (width, lines)
            if index < len(lines) - 1:
                assert line[-1] not in NO_LINE_END, (width, lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("text", ADVERSARIAL)
def test_nothing_lost_and_nothing_overruns(text: str, width: float) -> None:
    text = normalize_text(text)
    lines = break_lines([Span(text, BODY)], width)
    assert "".join(_source(line) for line in lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        longest_atom = max(atom.width for atom in line.atoms)
        assert line.width <= width + 1e-6 or (len(line.atoms) == 1 and longest_atom > width)


def test_latin_words_units_and_dashes_stay_whole() -> None:
    text = normalize_text("每天做 10-20 分鐘的運動，腰椎 L4/L5 壓迫，可考慮 PRP——或者……再看看。")
    for width in (62.0, 70.0, 90.0, 120.0):
        joined = "\n".join(_lines(text, width))
        for whole in ("10-20 分鐘", "L4/L5", "PRP", "——", "……"):
            assert whole in joined, (width, joined)


def test_justified_lines_fill_the_measure_exactly() -> None:
    text = normalize_text(
        "坐骨神經從腰部一路延伸到腳，是人體最長的神經。影像正常也可能很痛，影像嚴重也可能不痛。" * 3
    )
    width = 150.0
    lines = break_lines([Span(text, BODY)], width)
    assert len(lines) > 3
    for line in lines[:-1]:
        runs = line.runs(width, justify=True)
        end = runs[-1].x + runs[-1].width
        assert end == pytest.approx(width, abs=0.01) or end < width
        assert end <= width + 1e-6
    last = lines[-1].runs(width, justify=True)
    assert all(run.char_space == 0 for run in last)


def test_random_text_keeps_the_rules() -> None:
    """Seeded random paragraphs of CJK, punctuation, spaces and Latin words."""
    rng = random.Random(20261122)
    alphabet = (
        list("痛麻刺腰腿腳神經") + list("，。、；：？！「」（）《》…—") + [" ", "MRI", "L4/L5", "10", "分鐘"]
    )
    for _ in range(300):
        text = normalize_text("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
        if not text:
            continue
        width = max(rng.choice(WIDTHS), min_content_width(text, BODY))
        lines = _lines(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for index, line in enumerate(lines):
            if index > 0 and line:
                assert line[0] not in NO_LINE_START
            if index < len(lines) - 1 and line:
                assert line[-1] not in NO_LINE_END


def test_measurement_api_for_decks() -> None:
    assert text_width("中文", BODY) == pytest.approx(24.0)
    assert count_lines("中" * 10, BODY, 60.0) == 2
    assert count_lines("中" * 10, BODY, 120.0) == 1
    assert count_lines("中" * 10, Style(FONTS.regular, 24), 120.0) == 2


def test_reportlab_builtin_wrap_breaks_the_rules_ours_keeps() -> None:
    """Why the project has its own breaker: reportlab's CJK wrap lets ， and ！ start a line."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from builder.render.pdf.fonts import pdf_font_name

    name = pdf_font_name(FONTS.regular.primary)
    style = ParagraphStyle("cjk", fontName=name, fontSize=12, leading=16, wordWrap="CJK")
    text = "痛痛痛痛，麻麻麻麻；刺刺刺刺：電電電電？燒燒燒燒！"
    para = Paragraph(text, style)
    para.wrap(48.5, 1000)
    theirs = ["".join(words) for _, words in para.blPara.lines]
    assert any(line[0] in NO_LINE_START for line in theirs[1:]), theirs
    ours = _lines(text, 48.5)
    assert all(line[0] not in NO_LINE_START for line in ours[1:]), ours
    assert all(line.width <= 48.5 for line in break_lines([Span(text, BODY)], 48.5))


def test_oversized_units_are_cut_where_the_rules_allow() -> None:
    """A URL wider than the column is cut, and a cut never leaves ， at a line start."""
    text = normalize_text("請看 https://clinic.example.org/a/very/long/path/name，謝謝。")
    lines = _lines(text, 60.0)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.endswith("-") for line in lines)
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert all(line.width <= 60.0 + 1e-6 for line in break_lines([Span(text, BODY)], 60.0))


def test_spans_of_lines_keep_exactly_their_text() -> None:
    """The part of a paragraph that moves to the next column re-breaks only its own text."""
    from builder.typeset import spans_of

    text = normalize_text("這是第一句話，很長很長。Latin words wrap here too. 這是最後一句。" * 3)
    lines = break_lines([Span(text, BODY)], 90.0)
    tail = lines[3:]
    rejoined = "".join(span.text for span in spans_of(tail))
    assert rejoined.replace(" ", "") == "".join(line.text for line in tail).replace(" ", "")
    again = break_lines(spans_of(tail), 150.0)
    assert "".join(line.text for line in again).replace(" ", "") == rejoined.replace(" ", "")
    latin = "alpha beta gamma delta epsilon"
    assert "".join(span.text for span in spans_of(break_lines([Span(latin, BODY)], 60.0))) == latin


RANGES = normalize_text(
    "五十肩的病程分三期：疼痛期約 2–9 個月，僵硬期約 4–12 個月，恢復期約 5–24 個月，整體常要 1–3 年；"
    "每次 10–15 分鐘、每天 2~3 次，門診 09:00-12:00，兩到三週 2～3 週，請回診照 X光或做 B肝檢查。"
)
WHOLE = ("2–9 個月", "4–12 個月", "5–24 個月", "1–3 年", "10–15 分鐘", "2~3 次", "09:00-12:00", "2～3 週")


def test_ranges_times_and_fused_latin_letters_stay_on_one_line() -> None:
    """Issue 11.4: 「2–/9 個月」, a line starting 「–15 分鐘」, 「X/光」 — ranges with an en dash or a
    tilde, times, a number with its unit and a Latin letter fused to a Chinese word stay whole."""
    for width in [min_content_width(RANGES, BODY) + 3.0 * k for k in range(60)]:
        lines = _lines(RANGES, width)
        for whole in (*WHOLE, "X光", "B肝"):
            assert any(whole in line for line in lines), (width, whole, lines)
        for line in lines[1:]:
            assert line[0] not in "–~～-", (width, lines)


def test_nonbreaking_text_for_renderers_that_break_on_their_own() -> None:
    """The deck's text: LibreOffice and PowerPoint break after a hyphen or dash, at a space and
    between X and 光; inside a unit the breaker keeps whole those places become non-breaking.
    LibreOffice does not break between 「、」 and a number where the breaker does: a zero-width
    space says it may."""
    from builder.typeset import nonbreaking

    text = nonbreaking(RANGES, BODY)
    assert text.replace("\u2060", "").replace("\u200b", "").replace("\u00a0", " ") == RANGES
    assert "\u200b" in nonbreaking("週一至週五 09:00-12:00、14:30-21:00", BODY)
    assert "09:00-\u206012:00" in text
    assert "2–\u20609\u00a0個月" in text
    assert "X\u2060光" in text
    assert "\u00a0" not in nonbreaking("腰痛 MRI 正常", BODY)  # a space between words may still break


def test_a_word_wider_than_any_line_is_hyphenated_at_a_syllable() -> None:
    """Issue 11.2: 「（adhesi / ve / capsuliti / s）」 — a word cut silently, a line holding only
    「）」. A word is cut only when it cannot fit the line at all, between syllables, with a
    hyphen; closing brackets stay with the word."""
    text = "五十肩（adhesive capsulitis）"
    for width in (44.0, 52.0, 60.0):
        lines = break_lines([Span(text, BODY)], width)
        printed = [line.text for line in lines]
        assert "".join(_source(line) for line in lines).replace(" ", "") == text.replace(" ", "")
        assert all(line.width <= width + 1e-6 for line in lines), printed
        assert all(line[0] not in NO_LINE_START for line in printed[1:]), printed
        for line in lines:
            if line.hyphenated:
                assert len(line.text.split(" ")[-1].strip("（）-")) >= 2, printed
    assert _lines(text, 52.0) == ["五十肩", "（adhe-", "sive", "capsuli-", "tis）"]
    assert _lines(text, 200.0) == [text]  # a word that fits is never cut


def test_urls_break_after_a_slash_first_and_never_get_a_hyphen() -> None:
    """Issue 11.14: a URL broke after its own hyphen as if the word had been hyphenated."""
    url = "https://www.example.org/shoulder/frozen-shoulder-self-care-guide-for-patients.html"
    lines = break_lines([Span(url, BODY)], 120.0)
    assert "".join(line.text for line in lines) == url
    assert not any(line.hyphenated or line.text.endswith("-") for line in lines)
    assert [line.text for line in lines][:3] == ["https://", "www.example.org/", "shoulder/"]


def _char_positions(line: Line, measure: float) -> list[tuple[str, float, float]]:
    """(character, x, advance) of a justified line, as a renderer places them."""
    placed = []
    for run in line.runs(measure, justify=True):
        x = run.x
        for char in run.text:
            advance = run.style.advance(char)
            placed.append((char, x, advance))
            x += advance + run.char_space
    return placed


REFERENCE = normalize_text(
    "肩關節囊炎的治療建議：Kelley MJ, et al. J Orthop Sports Phys Ther. 2013;43(5):A1-A31. "
    "另見 Lancet 2020;396(10256):1204-1222，以及 Man Ther. 2015;20(1):2-9 的整理。"
)


def test_justification_never_opens_a_number_or_its_punctuation() -> None:
    """Issue 11.14: a justified reference printed 「2013 ; 43 ( 5 ) :」. Slack goes beside a space
    or a Chinese character only, never between Latin letters, digits and their punctuation."""
    from itertools import pairwise

    from builder.typeset.chars import is_cjk

    stretched = 0
    for width in range(150, 420, 9):
        lines = break_lines([Span(REFERENCE, BODY)], float(width))
        for line in lines[:-1]:
            for (left, x, advance), (right, next_x, _) in pairwise(_char_positions(line, width)):
                extra = next_x - x - advance
                stretched += extra > 1e-6
                if not (left.isspace() or right.isspace() or is_cjk(left) or is_cjk(right)):
                    assert abs(extra) < 1e-6, (width, left + right, line.text)
    assert stretched  # some lines were justified


def test_a_short_line_is_set_ragged_not_spread_across_the_measure() -> None:
    """Issue 11.14: in a tri-fold's narrow panel (235 pt) the line before a number too wide to join
    it opened a gap of a fifth of an em between every two characters. A line needing more than an
    eighth of an em per gap is set ragged; a nearly full line is still justified."""
    text = normalize_text("青松物理治療所（測試）　電話：(02) 2960-0000")
    for width, justified in ((235.0, False), (220.0, True)):
        lines = break_lines([Span(text, BODY)], width)
        assert [line.text for line in lines] == ["青松物理治療所（測試）電話：（02）", "2960-0000"]
        runs = lines[0].runs(width, justify=True)
        end = runs[-1].x + runs[-1].width
        if justified:
            assert end == pytest.approx(width, abs=0.01)
        else:
            assert all(run.char_space == 0 for run in runs)
            assert end == pytest.approx(lines[0].width)


@pytest.mark.parametrize("address", ["HTTPS://Clinic.Example.org/a-b", "Www.example.org/x", "http://e.org"])
def test_an_address_in_any_case_stays_one_unit_after_chinese(address: str) -> None:
    """The breaker looks for an address only where a letter that starts one (h or w, any case)
    is: the shortcut must still find each, wherever it starts."""
    text = f"網址：{address} 請掃描。"
    unbroken = break_lines([Span(text, BODY)], 1000.0)[0]
    assert address in [atom.text for atom in unbroken.atoms]
    width = text_width(address, BODY) + 1
    assert address in _lines(text, width)


def test_the_shortcut_for_a_lone_chinese_character_makes_the_same_atoms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """_atomize takes a Chinese character straight to an atom of its own; the full steps must give
    the same atoms for every text, including the characters the shortcut must leave to them."""
    from builder.typeset import linebreak

    texts = [
        *ADVERSARIAL,
        "全形\u3000空格、不換行\u00a0空格與\u2060連接：「引號」“彎引號”‘單引號’——破折號……刪節號",
        "Ｈｔｔｐ全形字母、X光、B肝、10-20 分鐘、www.example.org 網址",
    ]
    spans = [[Span(text, BODY)] for text in texts]
    quick = [[(a.text, a.width, a.space, a.soft) for a in linebreak._atomize(s)] for s in spans]
    monkeypatch.setattr(linebreak, "_alone", lambda char: False)
    full = [[(a.text, a.width, a.space, a.soft) for a in linebreak._atomize(s)] for s in spans]
    assert quick == full
