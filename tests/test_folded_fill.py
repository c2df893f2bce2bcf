"""Issue 11.8: a folded piece (booklet, tri-fold) uses its empty panels before it leaves a section
out: a section taller than a panel goes on in the next one under its heading marked 續, and
only what fits nowhere is left out (and said)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
from conftest import DATA, HANDOUTS, run_cli, squash

from builder.render.pdf.impose import BOOKLET, TRIFOLD
from builder.spec.loader import load_spec
from builder.typeset import normalize_text


def panel_texts(path: Path, layout: tuple[tuple[int, ...], ...]) -> dict[int, str]:
    """The text of each panel (by reading order, 0 the cover), white space removed."""
    doc = pdfium.PdfDocument(str(path))
    texts: dict[int, list[str]] = {panel: [] for side in layout for panel in side}
    for side, page in zip(layout, doc, strict=True):
        slot = page.get_size()[0] / len(side)
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if char.strip():
                left, _, right, _ = textpage.get_charbox(index)
                texts[side[min(int(((left + right) / 2) // slot), len(side) - 1)]].append(char)
        textpage.close()
    doc.close()
    return {panel: squash("".join(chars)) for panel, chars in texts.items()}


def left_out(stderr: str, kind: str) -> list[str]:
    match = re.search(rf"the {kind} leaves out ([a-z_, ]+) \(no room", stderr)
    return match.group(1).split(", ") if match else []


def test_the_large_print_letter_trifold_uses_its_empty_panels(tmp_path: Path) -> None:
    """The ankle tri-fold in large print on Letter left all three inside panels blank and said
    its exercises were left out (taller than a panel): now they go on from the inner flap into
    the first inside panel, under 「居家运动（续）」, and nothing is left out. (The spec has no
    more for a tri-fold: panels 4 and 5 stay blank, with nothing left out.)"""
    spec = DATA / "ankle-sprain-hans.yaml"
    result = run_cli("build", spec, "-o", tmp_path, "-f", "trifold", "--paper", "letter", "--large-print")
    assert result.code == 0, result.stderr
    assert left_out(result.stderr, "trifold") == [], result.stderr  # it was ['exercises']
    panels = panel_texts(tmp_path / "ankle-sprain-hans.trifold-large-letter.pdf", TRIFOLD)
    used = [panel for panel in range(5) if panels[panel]]
    assert used == list(range(len(used))) and len(used) >= 3, used  # no blank panel before a used one
    printed = "".join(panels.values())
    loaded = load_spec(spec)
    for stage in loaded.spec.exercises:  # the key exercise of each stage, every step of it
        exercise = stage.exercises[0]
        for text in (stage.name, exercise.name, *exercise.steps):
            assert squash(normalize_text(text)) in printed, text
    assert "居家运动（续）" in panels[2]  # where the section goes on, its heading again


def test_a_section_taller_than_a_panel_is_split_not_dropped(tmp_path: Path) -> None:
    """Daily tips twice a panel's height: printed whole across the panels, each part after the
    first headed 「生活小提醒（續）」, in both folded formats."""
    spec = DATA / "fold-long-tips.yaml"
    loaded = load_spec(spec)
    result = run_cli("build", spec, "-o", tmp_path, "-f", "booklet,trifold")
    assert result.code == 0, result.stderr
    assert "leaves out" not in result.stderr, result.stderr
    for kind, layout in (("booklet", BOOKLET), ("trifold", TRIFOLD)):
        panels = panel_texts(tmp_path / f"fold-long-tips.{kind}.pdf", layout)
        printed = "".join(panels.values())
        for group in loaded.spec.daily_tips:
            for tip in group.tips:
                assert squash(normalize_text(tip)) in printed, (kind, tip)
        continued = [panel for panel, text in panels.items() if "（續）" in text]
        assert continued, kind
        for flag in loaded.spec.red_flags.items if loaded.spec.red_flags else []:
            # the red flags stay whole, in one panel
            assert sum(squash(normalize_text(flag)) in text for text in panels.values()) == 1


def test_a_fold_with_room_to_spare_shows_every_exercise_of_a_stage(tmp_path: Path) -> None:
    """A fold shows each stage's first exercise, the key one; when every section fitted with room
    to spare, it shows the stage's other exercises too rather than leave panels blank (the elbow
    test handout's tri-fold had a blank inside). Where a section was left out, only the first."""
    elbow = DATA / "speed" / "elbow-lateral.yaml"
    calf = HANDOUTS / "calf-cramp-sciatica.yaml"
    result = run_cli("build", elbow, calf, "-f", "trifold,booklet", "-o", tmp_path)
    assert result.code == 0, result.stderr
    for kind, layout in (("trifold", TRIFOLD), ("booklet", BOOKLET)):
        shown = "".join(panel_texts(tmp_path / f"elbow-lateral.{kind}.pdf", layout).values())
        assert "腹式呼吸" in shown and "伸腕肌伸展" in shown, kind
    assert "daily_tips" in left_out(result.stderr, "booklet")  # no room: each stage's first only
    spec = load_spec(calf).spec
    shown = "".join(panel_texts(tmp_path / "calf-cramp-sciatica.booklet.pdf", BOOKLET).values())
    for stage in spec.exercises:
        assert squash(normalize_text(stage.exercises[0].name)) in shown
        assert all(squash(normalize_text(e.name)) not in shown for e in stage.exercises[1:])
