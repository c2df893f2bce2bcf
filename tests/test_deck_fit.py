"""The deck's measuring pieces on their own: phrase breaks, the CJK–Latin gap, splitting without loss."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import pairwise

import pytest

from builder.compose.deck import Point
from builder.render.pptx.fit import Chunk, Measurer, longest_prefix
from builder.render.pptx.theme import DEFAULT_THEME, THEMES, SizeRange, theme_for
from builder.render.pptx.timing import allot
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


# --- issue 13.3: type for a projected room ------------------------------------------------------

PROFESSIONAL = Measurer(FONTS, THEMES["professional"])
ALPHABET = "腰痛屁股腿麻神經肌肉，。、" + "abc MRI L4/L5 "


def _text(rng: random.Random, shortest: int, longest: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(shortest, longest)))


def _lines(measure: Measurer, chunk: Chunk, width: float) -> list[int]:
    return [measure.point_lines(p, chunk.size, width) for p in chunk.points]


def test_the_floors_and_lines_follow_the_audience() -> None:
    older, professional = THEMES["older_adults"], THEMES["professional"]
    assert older is DEFAULT_THEME and theme_for("older_adults") is older
    assert (older.body.floor, older.title.floor, older.most_lines) == (28, 36, 6)
    assert (professional.body.floor, professional.title.floor, professional.most_lines) == (24, 32, 9)
    assert older.table.floor >= 28 and older.statement.floor >= 36 and older.cover_title.floor >= 36


@pytest.mark.parametrize("measure", [MEASURE, PROFESSIONAL], ids=["older_adults", "professional"])
@pytest.mark.parametrize("seed", range(10))
def test_continued_points_are_spread_evenly(measure: Measurer, seed: int) -> None:
    """Item 13.3: no continuation slide holding one item while the slide before is full. Every
    slide keeps to the audience's lines; a section on two slides puts at least a third of its
    lines on the second, and on more slides each continuation holds at least half an even share
    (lines, at the size the slides are set in: a long point is cut between lines)."""
    rng = random.Random(seed)
    points = [Point(_text(rng, 1, rng.choice([40, 100, 500]))) for _ in range(rng.randint(2, 12))]
    chunks = measure.paginate(points, 800, 360, measure.theme.body)
    joined = "".join(p.label + p.text for c in chunks for p in c.points)
    assert joined.replace(" ", "") == "".join(p.text for p in points).replace(" ", "")
    lines = [sum(_lines(measure, chunk, 800)) for chunk in chunks]
    for chunk, count in zip(chunks, lines, strict=True):
        assert chunk.size >= measure.theme.body.floor
        assert count <= measure.theme.most_lines
        assert measure.height(chunk.points, chunk.size, 800) <= 360 + 1e-6
    if len(chunks) > 1:
        total = sum(lines)
        least = total / 3 if len(chunks) == 2 else total / len(chunks) / 2
        assert min(lines[1:]) >= least, lines
        assert len({c.size for c in chunks}) == 1  # a section's slides share one size


def test_a_continuation_never_holds_one_question_after_a_full_slide() -> None:
    """Issue 13: FAQ continued onto a slide holding one question. Seven questions of a line each
    go four and three, not six and one."""
    questions = [Point(f"第 {n} 個問題：做完 MRI 正常，為什麼還是痛？", marker="question") for n in range(7)]
    chunks = MEASURE.paginate(questions, 800, 360, DEFAULT_THEME.body)
    assert [len(c.points) for c in chunks] == [3, 4] or [len(c.points) for c in chunks] == [4, 3]


def test_a_point_taller_than_a_slide_is_cut_into_even_pieces() -> None:
    point = Point("久坐之後從屁股一路痛到腳底，" * 40)
    chunks = MEASURE.paginate([point], 800, 360, DEFAULT_THEME.body)
    lines = [sum(_lines(MEASURE, chunk, 800)) for chunk in chunks]
    assert len(chunks) > 2 and max(lines) - min(lines) <= 1, lines
    assert all(p.continued for c in chunks[1:] for p in c.points)


def _tips(rng: random.Random) -> list[Point]:
    """Sections shaped like the spec's: headings (a situation, 怎麼判斷) over tips, moves with
    their alternative, bullets long and short."""
    points: list[Point] = []
    for _ in range(rng.randint(2, 9)):
        if rng.random() < 0.3:
            points.append(Point("", label=_text(rng, 2, 16), marker="none"))
            points += [Point(_text(rng, 4, 60), level=1) for _ in range(rng.randint(1, 3))]
        else:
            points.append(Point(_text(rng, 4, rng.choice([30, 60, 120]))))
            points += [Point(_text(rng, 4, 40), level=1) for _ in range(rng.choice([0, 0, 1]))]
    return points


@pytest.mark.parametrize("seed", range(24))
def test_a_heading_stays_with_two_lines_of_what_it_introduces(seed: int) -> None:
    points = _tips(random.Random(seed))
    chunks = MEASURE.paginate(points, 800, 360, DEFAULT_THEME.body)
    joined = "".join(p.label + p.text for c in chunks for p in c.points)
    assert joined.replace(" ", "") == "".join(p.label + p.text for p in points).replace(" ", "")
    for chunk in chunks:
        lines = _lines(MEASURE, chunk, 800)
        headings = [i for i, p in enumerate(chunk.points) if p.label and not p.text]
        if not headings:
            continue
        last = headings[-1]
        after = points[points.index(chunk.points[last]) + 1 :]
        introduced = next((i for i, p in enumerate(after) if p.label and not p.text), len(after))
        wanted = min(2, sum(MEASURE.point_lines(p, chunk.size, 800) for p in after[:introduced]))
        assert sum(lines[last + 1 :]) >= wanted, (seed, [len(c.points) for c in chunks])


def test_a_table_continues_in_even_pages() -> None:
    header = ["情況", "最常痛的位置", "痛的路線", "什麼時候最明顯"]
    rows = [["坐骨神經痛", "臀部、大腿後側、小腿", "從臀部一路往下到小腿", "久坐、壓力大、睡不好時"]] * 5
    pages = MEASURE.table(header, rows, 860, 380, DEFAULT_THEME.table)
    assert sorted(len(p.rows) for p in pages) == [2, 3]  # not four rows and then one


def test_suggested_times_add_up_to_the_talk() -> None:
    assert sum(allot(1800, [1.0] * 42)) == 1800
    weights = [15.0, 40.0, 120.0, 60.0, 15.0, 300.0, 45.0]
    seconds = allot(600, weights)
    assert sum(seconds) == 600 and all(s % 15 == 0 and s >= 15 for s in seconds)
    assert seconds[5] == max(seconds) and seconds[0] == min(seconds)
    many = allot(300, [1.0] * 250)  # more slides than 15-second steps: finer steps, still exact
    assert sum(many) == 300 and min(many) >= 1


def test_suggested_time_reads_in_each_script() -> None:
    from builder.compose.labels import labels_for, suggested_time

    hant, hans = labels_for("zh-Hant-TW"), labels_for("zh-Hans-CN")
    assert suggested_time(90, hant) == "建議時間：約 1 分 30 秒"
    assert suggested_time(120, hans) == "建议时间：约 2 分钟"
    assert suggested_time(45, hans) == "建议时间：约 45 秒"


def test_points_stay_whole_rather_than_set_larger() -> None:
    """A move, its reason and what to do instead in a picture slide's text column take three
    slides: set at 32 pt, each whole, not at 36 pt with the reason cut after its first line."""
    points = [
        Point("肩膀痛的時候還把很重的東西舉過頭放到櫃子最上層", label="避免｜", marker="cross"),
        Point(
            "手舉過頭時肌腱被夾在肩峰和肱骨頭之間，越舉越痛，發炎的地方也會越來越腫，甚至讓小的破損變成大的破損。",
            marker="none",
        ),
        Point(
            "把常用的東西放在腰到胸口的高度，需要拿高處的東西時用穩固的踏凳。", label="改做：", marker="tick"
        ),
    ]
    chunks = MEASURE.paginate(points, 326.88, 384, DEFAULT_THEME.body)
    assert [c.points for c in chunks] == [(p,) for p in points]
    assert chunks[0].size > DEFAULT_THEME.body.floor


def test_a_slide_title_takes_the_fewest_lines_before_the_largest_size() -> None:
    """Beside a body map, 「上臀皮神經卡壓（續）」 took two lines at 44 pt, broken inside the word
    (「上臀皮神 / 經卡壓」, where the phrase model has no break to offer); one line fits at a
    smaller title size. A cover's title keeps its largest size on more lines."""
    title = "上臀皮神經卡壓（續）"
    sizes = DEFAULT_THEME.title
    width = 440.0
    lines, size = MEASURE.title(title, width, sizes, "zh-Hant-TW")
    assert lines == [title] and sizes.floor <= size < sizes.largest
    big, big_size = MEASURE.title(title, width, sizes, "zh-Hant-TW", fewest=False)
    assert len(big) == 2 and big_size > size
    cover = DEFAULT_THEME.cover_title
    cover_title = "腰痛、屁股痛、腿麻：是哪一條神經？"
    lines, size = MEASURE.title(cover_title, 700, cover, "zh-Hant-TW", 3, fewest=False)
    assert len(lines) == 2 and size == cover.largest


def test_a_point_cut_between_slides_keeps_a_quotation_whole() -> None:
    """A sentence end inside 「…！」 is not one: the deck's splitter cut there, and a slide began
    with 」. It now cuts where speaker notes and the readability check do (typeset.sentences)."""
    text = "醫師說「先休息！」然後再慢慢動起來。" * 30
    pieces = MEASURE._split_point(Point(text), 28, 400, 160)
    assert len(pieces) > 1 and "".join(p.text for p in pieces) == text
    assert not any(p.text.startswith("」") for p in pieces), [p.text[:6] for p in pieces]
