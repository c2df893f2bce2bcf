"""Traceable claims: `source: <id>` on sections, items and doses; lint reports what has none;
patient outputs never show it; deck notes say where each slide comes from."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, HANDOUTS, REPO, pdf_text, run_cli, squash
from pptx import Presentation

from builder.lint import lint
from builder.spec.loader import load_spec

WRIST = DATA / "wrist-sourced.yaml"
KNEE = DATA / "knee-unsourced-cn.yaml"


def _notes(path: Path) -> list[str]:
    slides = Presentation(str(path)).slides
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in slides]
    return [n.replace("\u200b", "") for n in notes]  # break hints the deck writer adds


def test_sources_are_read_resolved_and_never_printed(tmp_path: Path) -> None:
    loaded = load_spec(WRIST)
    assert loaded.spec.main_message and loaded.spec.main_message.startswith("拇指")
    assert loaded.spec.key_points[1] == "抱小孩、滑手機 2 小時以上更痛。"
    assert loaded.sources.of(("key_points", 0)) == ("leaflet-a",)
    assert loaded.sources.of(("key_points", 1)) == ("survey-b",)  # the item's own wins
    assert loaded.sources.of(("red_flags", "items", 1)) == ("guide-c",)
    assert loaded.sources.of(("exercises", 0, "exercises", 0, "dose")) == ("leaflet-a",)
    assert loaded.sources.of(("faq",)) is None
    assert loaded.source.locate(("key_points", 1), value=True).line == 11  # errors still point right
    assert [f for f in lint(loaded) if f.rule == "source"] == []

    result = run_cli("build", WRIST, "-o", tmp_path, "-f", "leaflet,exercise,deck")
    assert result.code == 0, result.stderr
    for name in ("wrist-sourced.leaflet.pdf", "wrist-sourced.exercise.pdf"):
        text = "".join(pdf_text(tmp_path / name).pages)
        for hidden in ("leaflet-a", "survey-b", "guide-c", "source"):
            assert hidden not in text, (name, hidden)
    leaflet = squash("".join(pdf_text(tmp_path / "wrist-sourced.leaflet.pdf").pages))
    assert "範例醫院衛教單張「媽媽手」（測試資料）" in leaflet  # the reference text is printed
    notes = "\n".join(_notes(tmp_path / "wrist-sourced.deck.pptx"))
    slides_text = "".join(
        shape.text_frame.text
        for slide in Presentation(str(tmp_path / "wrist-sourced.deck.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "leaflet-a" not in slides_text and "leaflet-a" not in notes
    assert "出處：範例指引（測試資料）" in notes  # the red-flag slide says where it comes from
    assert "出處：範例醫院衛教單張「媽媽手」（測試資料）；範例調查（測試資料）" in notes  # key points


def test_lint_finds_each_kind_of_unsourced_claim_and_strict_fails(tmp_path: Path) -> None:
    findings = [f for f in lint(load_spec(KNEE)) if f.rule == "source"]
    kinds = {(f.location.field, f.message.split(" without")[0]) for f in findings}
    assert ("self_check.rule.threshold", "a self-check threshold") in kinds
    assert ("red_flags.items[0]", "a red flag") in kinds
    assert ("exercises[0].exercises[0].dose", "a dose") in kinds
    assert ("treatments[0].name", "a statement about medicines or injections") in kinds
    assert ("myths[0].fact", "a number") in kinds
    assert all("give its entry in references: an id" in f.message for f in findings)
    relaxed = run_cli("lint", KNEE)
    assert relaxed.code == 0 and "[source]" in relaxed.stdout
    strict = run_cli("lint", "--strict", KNEE)
    assert strict.code == 1 and "red_flags.items[0]: a red flag without a source" in strict.stdout


def test_an_unknown_id_is_a_located_error(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    text = WRIST.read_text(encoding="utf-8").replace("source: guide-c", "source: guide-x")
    spec.write_text(text, encoding="utf-8")
    result = run_cli("build", spec, "-o", tmp_path / "out")
    assert result.code == 1
    assert f"{spec}:13:11: red_flags.source: no reference with id 'guide-x'" in result.stderr
    assert "leaflet-a, survey-b, guide-c" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "bad.leaflet.pdf").exists()
    empty = tmp_path / "empty.yaml"
    empty.write_text(text.replace("source: guide-x", "source: []"), encoding="utf-8")
    assert "needs the id of an entry in references:" in run_cli("lint", empty).stderr


def test_bundled_handouts_and_talk_are_lint_clean_under_strict() -> None:
    result = run_cli("lint", "--strict", HANDOUTS, REPO / "decks")
    assert result.code == 0, result.stdout + result.stderr
    assert "warning" not in result.stdout and "error" not in result.stdout


def test_the_bundled_talk_notes_name_the_sources_of_each_slide(tmp_path: Path) -> None:
    result = run_cli("build", REPO / "decks" / "back-buttock-leg.yaml", "-o", tmp_path)
    assert result.code == 0, result.stderr
    prs = Presentation(str(tmp_path / "back-buttock-leg.deck.pptx"))
    titles = [slide.shapes.title.text_frame.text if slide.shapes.title else "" for slide in prs.slides]
    pairs = list(zip(titles, _notes(tmp_path / "back-buttock-leg.deck.pptx"), strict=True))
    # the first slide of each red-flag block (at 28 pt some continue: their notes stay on the first);
    # three conditions share the NICE block, which the talk shows once
    flags = [notes for title, notes in pairs if title.startswith("危險警訊") and not title.endswith("（續）")]
    assert len(flags) == 2 and sum("出處：NICE CKS Sciatica" in notes for notes in flags) == 1
    table = [notes for title, notes in pairs if title.startswith("四種痛，一張表分清楚")]
    assert table and table[0].count("出處：") == 1
    assert "雙重夾擠症候群" in table[0] and "上臀皮神經卡壓" in table[0]
