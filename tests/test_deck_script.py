"""Issue 13: a talk deck a presenter can give. Speaker notes are a script in short spoken
sentences made only of the spec's words and the labels' connectives; a talk shows a red-flag
block once; the references the red flags point at are on slides; every agenda fits one slide;
short sections fill their slides."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import HANDOUTS, LAYOUT_DECKS, TALK, run_cli, squash
from pptx import Presentation

from builder.compose.deck import numeral
from builder.compose.labels import LABELS, Labels
from builder.figures import bodymap
from builder.figures.bodymap import region_label
from builder.figures.marks import VERDICT_WORDS
from builder.spec.loader import load_spec, load_talk
from builder.typeset import normalize_text
from builder.typeset.sentences import sentences

SPECS = {p.stem: p for p in (*HANDOUTS.glob("*.yaml"), TALK, *LAYOUT_DECKS.glob("*.yaml"))}
QUIET = ("Title Slide", "Section Header")  # a cover or a divider: a pause, not a script
_INVISIBLE = str.maketrans("", "", "\u200b\u2060")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_TIME = re.compile(r"^(建議時間：約|建议时间：约) ")


@pytest.fixture(scope="module")
def decks(layout_decks: Path) -> Path:
    return layout_decks


def _slides(decks: Path, stem: str) -> list[tuple[str, str, list[str]]]:
    """(layout, title, notes lines) of each slide."""
    out = []
    for slide in Presentation(str(decks / f"{stem}.deck.pptx")).slides:
        title = slide.shapes.title.text_frame.text.translate(_INVISIBLE) if slide.shapes.title else ""
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        lines = [line.translate(_INVISIBLE) for line in notes.split("\n") if line.strip()]
        out.append((slide.slide_layout.name, title.replace("\v", ""), lines))
    return out


def _spoken(lines: list[str], labels: Labels) -> list[str]:
    """A slide's notes without its suggested time and its sources line."""
    return [line for line in lines if not _TIME.match(line) and not line.startswith(labels.sources)]


def _language(stem: str) -> Labels:
    path = SPECS[stem]
    language = load_talk(path).talk.language if stem == TALK.stem else load_spec(path).spec.language
    return LABELS[language]


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_every_slide_has_something_to_say(decks: Path, stem: str) -> None:
    """Every slide but a cover or a divider has a spoken line besides its time and sources."""
    labels = _language(stem)
    for number, (layout, title, lines) in enumerate(_slides(decks, stem), 1):
        if layout in QUIET:
            continue
        assert _spoken(lines, labels), (stem, number, title, lines)


def test_a_talks_dividers_open_their_part_in_the_notes(decks: Path) -> None:
    """A reviewer found the dividers' notes held only a time: half a minute with nothing to say."""
    labels = _language(TALK.stem)
    dividers = [
        (title, lines) for layout, title, lines in _slides(decks, TALK.stem) if layout == "Section Header"
    ]
    assert len(dividers) == 4  # one per condition of the talk
    for title, lines in dividers:
        assert labels.section_script.format(title=title) in lines, (title, lines)


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_notes_carry_no_no_break_marks(decks: Path, stem: str) -> None:
    """The slides' word joiners (for PowerPoint's line breaker) rode along into the notes, and
    into a web address a presenter copies from a 「出處」 line."""
    for slide in Presentation(str(decks / f"{stem}.deck.pptx")).slides:
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert not set(notes) & set("\u2060\u200b\ufeff"), notes


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_notes_are_short_spoken_sentences(decks: Path, stem: str) -> None:
    """A line holds one sentence: longer than 60 characters only when the spec wrote it as one."""
    labels = _language(stem)
    long = 0
    for _, title, lines in _slides(decks, stem):
        for line in _spoken(lines, labels):
            assert sentences(line) == [line], (stem, title, line)
            if len(line) > 60:
                long += 1
    assert long <= 3, stem  # a handful of long single sentences at most


@pytest.mark.parametrize("stem", ["sciatica", "calf-cramp-sciatica", "back-buttock-leg"])
def test_the_time_comes_first_and_the_sources_last(decks: Path, stem: str) -> None:
    labels = _language(stem)
    cited = 0
    for _, title, lines in _slides(decks, stem):
        if any(line.startswith(labels.sources) for line in lines):
            assert lines[-1].startswith(labels.sources), (title, lines)
            cited += 1
        if stem == TALK.stem:
            assert _TIME.match(lines[0]), (title, lines)
    assert cited >= 8, stem


def _phrases(labels: Labels) -> list[str]:
    """Every fixed phrase the labels may put into notes: each label's text between its {fields},
    and the numbered openers in full (「第三，」「這張講兩件事。」)."""
    phrases: list[str] = []
    for value in labels._asdict().values():
        values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        for text in values:
            phrases += [piece for piece in re.split(r"\{[^}]*\}|：", text) if len(piece) > 1]
    language = next(key for key, value in LABELS.items() if value is labels)
    phrases += VERDICT_WORDS[language].values()  # a card's badge word: 避免
    phrases += [region_label(name, language) for name in bodymap._data()["regions"]]  # a map's route
    said = [numeral(n) for n in range(1, 100)]  # 一 … 十, 十一 … 九十九
    phrases += [labels.nth.format(n=n) for n in said]
    for template in (labels.items_here, labels.items_more):
        phrases += [template.format(n=n) for n in (*labels.counts, *said[10:])]
    return sorted({normalize_text(p) for p in phrases}, key=len, reverse=True)


def _spec_words(stem: str) -> str:
    path = SPECS[stem]
    if stem == TALK.stem:
        loaded = load_talk(path)
        texts = [t for t, _ in loaded.texts()]
        texts += [r.text for c in loaded.distinct_conditions() for r in c.spec.references]
        texts += [c.spec.title for c in loaded.distinct_conditions()]
    else:
        spec_loaded = load_spec(path)
        texts = [t for t, _ in spec_loaded.texts()] + [r.text for r in spec_loaded.spec.references]
    return "\n".join(squash(normalize_text(t)) for t in texts)


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_notes_say_only_the_specs_words_and_the_labels(decks: Path, stem: str) -> None:
    """Medical content is never invented: every run of Chinese characters in a notes line, once
    the labels' phrases are taken out, is a piece of the spec's own text (both scripts)."""
    labels = _language(stem)
    phrases = [squash(p) for p in _phrases(labels)]
    words = _spec_words(stem)
    checked = 0
    for _, title, lines in _slides(decks, stem):
        for line in lines:
            if _TIME.match(line):
                continue
            rest = squash(normalize_text(line))
            for phrase in phrases:
                rest = rest.replace(phrase, "|")
            for run in _HAN.findall(rest):
                assert run in words, (stem, title, line, run)
                checked += 1
    assert checked > 20


def test_sentences_cut_at_sentence_ends_only() -> None:
    text = "久坐更痛；躺下較舒服。會痛嗎？見「坐骨神經痛，不只是腰痛！揭開新趨勢」一文（如 A；B）。"
    assert sentences(text) == [
        "久坐更痛；",
        "躺下較舒服。",
        "會痛嗎？",
        "見「坐骨神經痛，不只是腰痛！揭開新趨勢」一文（如 A；B）。",
    ]
    assert "".join(sentences(text)) == text
    assert sentences("沒有句號的一句") == ["沒有句號的一句"]


# --- red flags in a talk --------------------------------------------------------------------


def _slide_texts(path: Path, layout: str) -> list[str]:
    out = []
    for slide in Presentation(str(path)).slides:
        if slide.slide_layout.name != layout:
            continue
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
        out.append(squash("".join(texts)))
    return out


def test_a_talk_shows_an_identical_red_flag_block_once(decks: Path) -> None:
    """Three conditions of the bundled talk share the NICE red flags: shown once, at the first;
    the diabetic ones differ and stay. Every item of every condition is on a red-flag slide."""
    loaded = load_talk(TALK)
    shown = _slide_texts(decks / "back-buttock-leg.deck.pptx", "Red Flags")
    blocks = {
        (c.spec.red_flags.intro, tuple(c.spec.red_flags.items), c.spec.red_flags.action)
        for c in loaded.distinct_conditions()
        if c.spec.red_flags is not None
    }
    assert len(shown) == len(blocks) == 2
    wanted = {
        squash(normalize_text(item))
        for c in loaded.distinct_conditions()
        if c.spec.red_flags is not None
        for item in c.spec.red_flags.items
    }
    found = {item for item in wanted if any(item in text for text in shown)}
    assert found == wanted
    # the later conditions' parts tell the speaker to go back to the block
    notes = "\n".join(line for _, _, lines in _slides(decks, "back-buttock-leg") for line in lines)
    assert notes.count("危險警訊和「坐骨神經痛：不只是腰痛」那一段相同") == 2


def test_a_condition_deck_keeps_its_red_flags(decks: Path) -> None:
    for stem in ("sciatica", "superior-cluneal-nerve", "lumbar-gtps"):
        assert len(_slide_texts(decks / f"{stem}.deck.pptx", "Red Flags")) == 1


# --- references, agenda, short sections ----------------------------------------------------


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_the_references_are_on_slides_before_the_questions(decks: Path, stem: str) -> None:
    """「依據英國 NICE 指引（見參考資料）」 points at something the room can see: 參考資料
    slides just before Q&A, every reference title on them, at 28 pt or more."""
    path = SPECS[stem]
    if stem == TALK.stem:
        loaded = load_talk(path)
        texts = [r.text for r in loaded.talk.references]
        texts += [r.text for c in loaded.distinct_conditions() for r in c.spec.references]
    else:
        texts = [r.text for r in load_spec(path).spec.references]
    labels = _language(stem)
    slides = list(Presentation(str(decks / f"{stem}.deck.pptx")).slides)
    titles = [s.shapes.title.text_frame.text.replace("\v", "") for s in slides]
    at = [i for i, t in enumerate(titles) if t.startswith(labels.references)]
    if not texts:
        assert not at
        return
    assert at and at == list(range(at[0], len(slides) - 1)), titles  # together, then Q&A
    shown = ""
    for index in at:
        for shape in slides[index].placeholders:
            if shape == slides[index].shapes.title or not shape.has_text_frame:
                continue
            shown += squash(shape.text_frame.text)
            sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs]
            assert sizes and min(sizes) >= 28, (stem, sizes)
    for text in texts:
        assert squash(normalize_text(text)) in shown.translate(_INVISIBLE), text


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_every_agenda_fits_one_slide(decks: Path, stem: str) -> None:
    """Twelve sections (superior-cluneal-nerve) and eleven (lumbar-gtps) ran onto a second agenda
    slide; now every agenda is one slide, at 28 pt or more, naming every section."""
    labels = _language(stem)
    slides = list(Presentation(str(decks / f"{stem}.deck.pptx")).slides)
    titled = [s for s in slides if s.shapes.title is not None]
    agenda = [s for s in titled if s.shapes.title.text_frame.text.startswith(labels.agenda)]
    assert len(agenda) == 1, stem
    sizes = _body_sizes(agenda[0])
    assert sizes and min(sizes) >= 28


def _body_sizes(slide: object) -> list[float]:
    """The type sizes of a slide's text placeholders, its title aside."""
    return [
        run.font.size.pt
        for shape in slide.placeholders  # type: ignore[attr-defined]
        if shape != slide.shapes.title and shape.has_text_frame  # type: ignore[attr-defined]
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]


def _section(decks: Path, stem: str, title: str) -> list[Presentation]:
    return [
        s
        for s in Presentation(str(decks / f"{stem}.deck.pptx")).slides
        if s.shapes.title and s.shapes.title.text_frame.text.replace("\v", "").startswith(title)
    ]


def test_short_sections_fill_their_slides(decks: Path) -> None:
    """The calf deck's daily tips of three groups took three thin slides, now two; its one myth
    is two large panels, not a one-row table; lumbar-gtps's one tip is set large."""
    tips = _section(decks, "calf-cramp-sciatica", "日常生活小提醒")
    assert len(tips) == 2
    myths = _section(decks, "calf-cramp-sciatica", "常见误区")
    assert len(myths) == 1 and not any(getattr(s, "has_table", False) for s in myths[0].shapes)
    body = [s for s in myths[0].placeholders if s != myths[0].shapes.title and s.has_text_frame]
    assert len(body) == 2  # 误区 and 事实 side by side
    assert min(r.font.size.pt for s in body for p in s.text_frame.paragraphs for r in p.runs) > 36
    lumbar = _section(decks, "lumbar-gtps", "日常生活小提醒")
    sizes = _body_sizes(lumbar[0])
    assert len(lumbar) == 1 and min(sizes) > 36


def test_an_agenda_of_every_section_pairs_the_shortest_neighbours() -> None:
    """Fourteen sections (every one a spec may have, the message aside) on twelve lines: the
    shortest neighbours share a line, so the two columns of six hold them all."""
    from builder.compose.deck import SECTION_NAMES, _agenda, _short_name

    labels = LABELS["zh-Hant-TW"]
    names = [_short_name(name, labels) for name in SECTION_NAMES if name != "main_message"]
    slide = _agenda(names, names, labels=labels)
    lines = [p.text for p in (*slide.points, *slide.right)]
    assert len(names) == 14 and len(lines) == 12 and len(slide.points) == len(slide.right) == 6
    assert "、".join(lines) == "、".join(names)
    assert max(map(len, lines)) <= 11


def test_a_continuation_slide_goes_on_counting(decks: Path) -> None:
    """The calf deck's four treatments on two slides: the second says 「接着再讲两件事。」 and
    goes on with 「第三，」, as the first opened with 「这张讲两件事。」「第一，」."""
    slides = [
        lines for _, title, lines in _slides(decks, "calf-cramp-sciatica") if title.startswith("治疗方式")
    ]
    assert len(slides) == 2
    assert "这张讲两件事。" in slides[0] and any(line.startswith("第一，非甾体") for line in slides[0])
    assert "接着再讲两件事。" in slides[1] and any(line.startswith("第三，神经营养药") for line in slides[1])


def test_notes_say_numbers_past_ten_in_words_and_count_per_heading(decks: Path) -> None:
    """Reviewers read 「第11，」 after 「第十，」, 「這張講八件事。」 over two columns of four
    counted 「第一…第四」 twice, and a checklist's 「符合的項目請打勾：」 dangling after its list."""
    slides = _slides(decks, "superior-cluneal-nerve")
    agenda = next(lines for _, title, lines in slides if title == "今天要談的")
    assert "第十一，常見問題" in agenda and "第十二，重點回顧" in agenda
    two = next(lines for layout, _, lines in _slides(decks, "sciatica") if layout == "Two Content")
    assert (
        not any(line.startswith("這張講") for line in two)
        and two.count(next(line for line in two if line.startswith("第一，"))) == 1
    )
    check = next(lines for layout, _, lines in slides if layout == "Checklist")
    spoken = _spoken(check, _language("superior-cluneal-nerve"))
    assert spoken[0] == "符合的項目請打勾：" and spoken[1].startswith("這張講")


def test_faq_slides_after_the_first_say_they_continue(decks: Path) -> None:
    titles = [title for _, title, _ in _slides(decks, "diabetic-neuropathy") if title.startswith("常見問題")]
    assert titles == ["常見問題", "常見問題（續）", "常見問題（續）"]


def test_a_long_faq_continues_once_titled_and_counted(tmp_path: Path) -> None:
    """Seen at review: FAQ slides made continued titles themselves, and when an answer ran on,
    the renderer added its own: 「常見問題（續）（續）」, not counted as a continuation, with the
    sources repeated on every slide. The renderer alone makes continuations now."""
    spec = (HANDOUTS / "sciatica.yaml").read_text(encoding="utf-8")
    answer = "痛太久，神經會「記住」疼痛，需要重新訓練。" * 12
    items = "".join(f"    - q: 第 {n} 個問題？\n      a: {answer}\n" for n in range(1, 6))
    start, end = spec.index("faq:\n"), spec.index("\ncase_story:")
    text = spec[:start] + "faq:\n  source: article\n  items:\n" + items + spec[end:]
    path = tmp_path / "sciatica-long-faq.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(HANDOUTS / "clinics", tmp_path / "clinics")
    result = run_cli("build", path, "-o", tmp_path / "out", "-f", "deck")
    assert result.code == 0, result.stderr
    slides = _slides(tmp_path / "out", "sciatica-long-faq")
    faq = [(title, lines) for _, title, lines in slides if title.startswith("常見問題")]
    assert len(faq) > 3 and faq[0][0] == "常見問題"
    assert all(title == "常見問題（續）" for title, _ in faq[1:]), [t for t, _ in faq]
    sources = [title for title, lines in faq if any(line.startswith("出處：") for line in lines)]
    assert sources == ["常見問題"]
    counted = re.search(r"(\d+) continued", result.stderr + result.stdout)
    continued = sum(title.endswith("（續）") for _, title, _ in slides)
    assert counted and int(counted.group(1)) == continued
