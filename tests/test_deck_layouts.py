"""Talk decks laid out for a room (issue 13, items 1, 2 and 6): a layout per kind of slide in the
master, card grids with their pictures, large pictures, FAQ answers and self-check rules on the
slides, myth/fact pairs, a divider before each condition of a talk. Built from the bundled
handouts and talk and from test-data decks of other body regions (tests/data/decks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import HANDOUTS, LAYOUT_DECKS, TALK, deck_text, in_order, squash
from pptx import Presentation

from builder.render.pptx.template import TEXT_INDEX
from builder.render.pptx.theme import DEFAULT_THEME
from builder.spec.loader import load_spec, load_talk
from builder.typeset import normalize_text

SLIDE_AREA = 12_192_000 * 6_858_000  # EMU²
EMU_PER_PT = 12700

ROLES = {  # layout → the roles its placeholders are named for (besides the title)
    "Title Slide": {"Subtitle"},
    "Section Header": {"Text"},
    "Big Statement": {"Message"},
    "Title and Content": {"Content"},
    "Two Content": {"Left", "Right"},
    "Picture and Text": {"Picture", "Steps"},
    "Card Grid": {f"Card {i} {role}" for i in range(1, 5) for role in ("Picture", "Text")},
    "Body Map": {"Body Map", "Route Steps"},
    "Comparison Table": {"Table"},
    "Checklist": {"Questions", "Rule"},
    "Red Flags": {"Warning Signs"},
    "Summary": {"Key Points"},
    "Q&A and Contact": {"Contact"},
}


@pytest.fixture(scope="module")
def decks(layout_decks: Path) -> Path:
    return layout_decks


def _decks(out: Path) -> list[Path]:
    return sorted(out.glob("*.deck.pptx"))


def _pictures(slide: Any) -> list[Any]:
    return [shape for shape in slide.shapes if shape.name.startswith("Picture ") and shape.shape_type == 6]


def _slide_text(slide: Any) -> str:
    pieces = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    pieces += [
        cell.text
        for shape in slide.shapes
        if getattr(shape, "has_table", False)
        for row in shape.table.rows
        for cell in row.cells
    ]
    return squash("".join(pieces))


def _spec_text(text: str) -> str:
    return squash(normalize_text(text))


def test_the_master_has_a_layout_per_kind_with_placeholders_named_for_their_roles(decks: Path) -> None:
    prs = Presentation(str(decks / "back-buttock-leg.deck.pptx"))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    assert set(layouts) == set(ROLES)
    for name, roles in ROLES.items():
        named = {shape.name.rsplit(" ", 1)[0] for shape in layouts[name].placeholders}
        assert roles <= named, (name, named)


def test_every_card_grid_has_pictures_and_the_reasons_on_the_slide(decks: Path) -> None:
    grids = 0
    for path in _decks(decks):
        for number, slide in enumerate(Presentation(str(path)).slides, 1):
            if slide.slide_layout.name == "Card Grid":
                grids += 1
                assert _pictures(slide), f"{path.name} slide {number}: a card grid without pictures"
                for picture in _pictures(slide):  # native grouped shapes with alt text
                    assert len(picture.shapes) > 1 and picture._element.nvGrpSpPr.cNvPr.get("descr")
    assert grids >= 6
    for stem in ("superior-cluneal-nerve", "shoulder-hant", "knee-hans", "shoulder-ugly"):
        path = decks / f"{stem}.deck.pptx"
        shown = deck_text(path, notes=False)
        spec_path = (
            HANDOUTS / f"{stem}.yaml"
            if (HANDOUTS / f"{stem}.yaml").exists()
            else LAYOUT_DECKS / f"{stem}.yaml"
        )
        spec = load_spec(spec_path).spec
        for move in spec.ng_moves:  # why a move harms is on the slide, not only in the notes
            assert _spec_text(move.why) in shown, (stem, move.why)
        for position in spec.sleep_positions:
            if position.why:
                assert _spec_text(position.why) in shown, (stem, position.why)


def _cards(slide: Any) -> int:
    return sum(1 for ph in slide.placeholders if ph.placeholder_format.idx >= 10)


def test_cards_split_evenly_over_their_slides(decks: Path) -> None:
    """A section's cards share grids of two or three (never a grid of one), the grids of one
    section differing by at most one card; a card too long for a grid under a picture a third of
    the slide (the ugly deck's nine NG moves) has a picture + text slide of its own."""
    grids = 0
    for path in _decks(decks):
        sections: dict[str, list[int]] = {}
        for slide in Presentation(str(path)).slides:
            if slide.slide_layout.name == "Card Grid":
                title = slide.shapes.title.text_frame.text.replace("（續）", "").replace("（续）", "")
                sections.setdefault(title, []).append(_cards(slide))
        for title, cards in sections.items():
            assert min(cards) >= 2 and max(cards) <= 4 and max(cards) - min(cards) <= 1, (path.name, title)
            grids += len(cards)
    assert grids >= 6
    ugly = [
        slide.slide_layout.name
        for slide in Presentation(str(decks / "shoulder-ugly.deck.pptx")).slides
        if slide.shapes.title.text_frame.text.startswith("千萬別做")
    ]
    assert len(ugly) >= 9 and set(ugly) <= {"Card Grid", "Picture and Text", "Title and Content"}, ugly


def test_a_picture_slide_gives_the_picture_a_third_of_the_slide(decks: Path) -> None:
    """One picture, framed (its verdict frame or its backdrop is its box: the group's extent),
    beside or above the points (in one column or two) and clear of them; its share is
    test_every_picture_slide's."""
    checked = columns = 0
    for path in _decks(decks):
        for number, slide in enumerate(Presentation(str(path)).slides, 1):
            if slide.slide_layout.name != "Picture and Text":
                continue
            pictures = _pictures(slide)
            assert len(pictures) == 1, (path.name, number)
            picture = pictures[0]
            names = {shape.name for shape in picture.shapes}
            assert names & {"Backdrop", "Verdict frame"}, (path.name, number, names)
            body = slide.placeholders[TEXT_INDEX["picture"]]
            beside = body.left >= picture.left + picture.width
            below = body.top >= picture.top + picture.height
            assert beside or below, (path.name, number)
            for column in (shape for shape in slide.shapes if shape.name == "Steps, continued"):
                # the points' second column: under the picture too, right of the first, level with it
                assert below and column.top == body.top and column.left >= body.left + body.width
                columns += 1
            assert picture._element.nvGrpSpPr.cNvPr.get("descr"), "a picture has alt text"
            checked += 1
    assert checked >= 10 and columns >= 3, (checked, columns)


def test_body_maps_have_their_own_layout_and_the_slides_height(decks: Path) -> None:
    """A body map takes a column the slide's height (band to body foot), the title and the
    numbered route beside it; it is as tall as that column, or as wide as its share of the slide."""
    t = DEFAULT_THEME
    checked = 0
    for path in _decks(decks):
        prs = Presentation(str(path))
        for number, slide in enumerate(prs.slides, 1):
            if slide.slide_layout.name != "Body Map":
                continue
            (figure,) = [s for s in slide.shapes if s.shape_type == 6 and s.name.startswith("Body map")]
            column = (t.body_bottom - t.band - 12) * EMU_PER_PT
            # the group's extent is its ink: the map's outline, a little inside its box
            tall = figure.height >= 0.9 * column
            wide = figure.width >= 0.9 * t.content_width * 0.45 * EMU_PER_PT
            assert tall or wide, (path.name, number, figure.height / column)
            assert slide.shapes.title.left >= figure.left + figure.width, "the title is beside the map"
            checked += 1
    assert checked >= 10


def test_faq_answers_are_on_the_slides_one_or_two_questions_each(decks: Path) -> None:
    for stem in ("sciatica", "superior-cluneal-nerve"):
        spec = load_spec(HANDOUTS / f"{stem}.yaml").spec
        shown = deck_text(decks / f"{stem}.deck.pptx", notes=False)
        everything = deck_text(decks / f"{stem}.deck.pptx")
        for qa in spec.faq:
            assert _spec_text(qa.a) in shown, qa.a
            assert everything.count(_spec_text(qa.a)) >= 2, "the answer stays in the notes too"
    prs = Presentation(str(decks / "shoulder-hant.deck.pptx"))
    per_slide = [
        sum(
            1
            for qa in load_spec(LAYOUT_DECKS / "shoulder-hant.yaml").spec.faq
            if _spec_text(qa.q) in _slide_text(s)
        )
        for s in prs.slides
        if s.shapes.title is not None and s.shapes.title.text_frame.text.startswith("常見問題")
    ]
    assert sorted(per_slide) == [1, 2], per_slide  # three questions: two slides, none empty


def test_self_check_is_a_checklist_then_its_rule(decks: Path) -> None:
    for stem, spec_path in (
        ("superior-cluneal-nerve", HANDOUTS / "superior-cluneal-nerve.yaml"),
        ("knee-hans", LAYOUT_DECKS / "knee-hans.yaml"),
    ):
        check = load_spec(spec_path).spec.self_check
        assert check is not None
        slides = list(Presentation(str(decks / f"{stem}.deck.pptx")).slides)
        index = next(i for i, s in enumerate(slides) if _spec_text(check.questions[0]) in _slide_text(s))
        questions, rule = slides[index], slides[index + 1]
        assert questions.slide_layout.name == rule.slide_layout.name == "Checklist"
        assert "□" in questions.placeholders[1]._element.xml  # a box to tick before each question
        assert _spec_text(check.rule.at_or_above) in _slide_text(rule)
        assert _spec_text(check.rule.at_or_above) not in _slide_text(questions)


def test_myths_are_myth_fact_pairs_in_words(decks: Path) -> None:
    prs = Presentation(str(decks / "sciatica.deck.pptx"))
    spec = load_spec(HANDOUTS / "sciatica.yaml").spec
    tables = [
        shape.table
        for slide in prs.slides
        for shape in slide.shapes
        if getattr(shape, "has_table", False) and slide.shapes.title.text_frame.text.startswith("常見迷思")
    ]
    assert tables
    header = [cell.text for cell in tables[0].rows[0].cells]
    assert "迷思" in header[0] and "事實" in header[1]
    rows = [tuple(_spec_text(c.text) for c in row.cells) for t in tables for row in list(t.rows)[1:]]
    assert rows == [(_spec_text(m.myth), _spec_text(m.fact)) for m in spec.myths]


def test_a_talk_has_a_divider_before_each_condition(decks: Path) -> None:
    loaded = load_talk(TALK)
    titles = [
        normalize_text(c.spec.title)
        for part, c in zip(loaded.talk.parts, loaded.conditions, strict=True)
        if c
    ]
    dividers = [
        slide.shapes.title.text_frame.text.replace("\n", "").replace("\v", "")
        for slide in Presentation(str(decks / "back-buttock-leg.deck.pptx")).slides
        if slide.slide_layout.name == "Section Header"
    ]
    assert [squash(t) for t in dividers] == [squash(t) for t in titles]


@pytest.mark.parametrize("stem", ["shoulder-hant", "knee-hans", "shoulder-ugly"])
def test_every_string_of_a_test_deck_is_on_a_slide_or_in_notes(decks: Path, stem: str) -> None:
    """Every string whole and in order (a point cut at a slide's end goes on after the next
    slide's title), its start unbroken."""
    text = deck_text(decks / f"{stem}.deck.pptx")
    for string, _ in load_spec(LAYOUT_DECKS / f"{stem}.yaml").texts():
        assert in_order(_spec_text(string), text) and _spec_text(string)[:12] in text, string[:40]


def test_each_card_slide_has_the_notes_of_its_own_cards(decks: Path) -> None:
    """Split over several slides, a grid's cards take their notes with them: the speaker reads
    about the moves on the slide in front of the room, not the whole section on its first slide."""
    spec = load_spec(LAYOUT_DECKS / "shoulder-ugly.yaml").spec
    for slide in Presentation(str(decks / "shoulder-ugly.deck.pptx")).slides:
        if not slide.shapes.title.text_frame.text.startswith("千萬別做"):
            continue
        shown, notes = _slide_text(slide), squash(slide.notes_slide.notes_text_frame.text)
        for move in spec.ng_moves:
            on_slide = _spec_text(move.move)[:12] in shown
            assert on_slide == (_spec_text(move.move) in notes), move.move


def test_the_agenda_names_each_section_once(decks: Path) -> None:
    """One agenda item per section shown: the route maps, the self-check's rule and the exercise
    stages belong to theirs (fourteen slide titles needed three agenda slides at 28 pt)."""
    from builder.compose.deck import REFERENCES, compose_condition_deck
    from builder.compose.labels import labels_for

    loaded = load_spec(HANDOUTS / "superior-cluneal-nerve.yaml")
    deck = compose_condition_deck(loaded)
    title = normalize_text(labels_for(loaded.spec.language).agenda)
    agenda = next(s for s in deck.slides if s.title == title)
    items = [p.text or p.label for p in (*agenda.points, *agenda.right)]
    stages = [stage.name for stage in loaded.spec.exercises]
    assert len(stages) > 1 and not set(map(normalize_text, stages)) & set(items)
    assert "居家運動" in items
    sections = {s.section for s in deck.slides if s.section not in ("", REFERENCES) and s.kind != "statement"}
    assert len(items) == len(set(items)) == len(sections) <= 12


def test_bundled_red_flags_stay_on_one_slide(decks: Path) -> None:
    """A warning list continued on a second slide may be clicked past unread: red flags may take
    more lines than other text (theme.alert_lines), so every bundled deck shows them on one."""
    for path in _decks(decks):
        if path.stem.removesuffix(".deck") not in {p.stem for p in HANDOUTS.glob("*.yaml")} | {TALK.stem}:
            continue
        for slide in Presentation(str(path)).slides:
            if slide.slide_layout.name == "Red Flags":
                title = slide.shapes.title.text_frame.text
                assert "（續）" not in title and "（续）" not in title, (path.name, title)


# --- issue 13, item 2: every slide whose section has a picture shows it large --------------------

PICTURE_SHARE_LEAST = 1 / 3  # of the slide's area, summed over the slide's pictures or map


def _framed_pictures(slide: Any) -> list[Any]:
    """The slide's pictures and body maps: each one grouped shape (builder.render.pptx.scene)."""
    return [
        shape
        for shape in slide.shapes
        if shape.shape_type == 6 and (shape.name.startswith("Picture ") or shape.name.startswith("Body map"))
    ]


def picture_share(slide: Any) -> float:
    """The measure of issue 13's "a picture shown large": the boxes of the slide's pictures and
    body maps as placed, summed, over the slide's area. A picture's box is its group's extent,
    which the renderer computes from what the group draws (the figure, its props and marks,
    its badges, its verdict frame or backdrop), never from an empty margin around it; the test
    below also holds each figure to fill its box across or down."""
    return sum(shape.width * shape.height for shape in _framed_pictures(slide)) / SLIDE_AREA


def _drawing(picture: Any) -> Any:
    """A picture's figure (or a body map's body): its largest member group."""
    groups = [shape for shape in picture.shapes if shape.shape_type == 6]
    return max(groups, key=lambda shape: shape.width * shape.height)


def test_every_picture_slide_gives_its_pictures_a_third_of_the_slide(decks: Path) -> None:
    """Card grids, picture + text slides and body maps alike: the pictures together take at
    least a third of the slide (unless a three-line title leaves the body too short for both the
    picture and a readable column of text), and each figure fills its box across or down (its
    box is not mostly empty)."""
    shares: dict[str, list[float]] = {}
    small = []
    for path in _decks(decks):
        for number, slide in enumerate(Presentation(str(path)).slides, 1):
            pictures = _framed_pictures(slide)
            if not pictures:
                continue
            share = picture_share(slide)
            shares.setdefault(slide.slide_layout.name, []).append(share)
            title = slide.shapes.title.text_frame.text
            tall_title = title.count("\v") + title.count("\n") >= 2  # a third does not fit under it
            if share < PICTURE_SHARE_LEAST and not tall_title:
                small.append(f"{path.name} slide {number} ({slide.slide_layout.name}): {share:.2f}")
            for picture in pictures:
                drawn = _drawing(picture)
                across = max(drawn.width / picture.width, drawn.height / picture.height)
                assert across >= 0.7, (path.name, number, picture.name, round(across, 2))
    assert {"Card Grid", "Picture and Text", "Body Map"} <= set(shares), shares
    assert not small, small
