"""The bundled content stays honest: rules as their source words them, contact details that
cannot reach a real person, example venues marked as examples."""

from __future__ import annotations

from pathlib import Path

from conftest import DATA, HANDOUTS, REPO, load_yaml, pdf_text, run_cli, squash

from builder.spec.loader import load_spec


def test_a_rule_without_threshold_reads_several_and_has_no_below_line(seed_build: Path) -> None:
    spec = load_spec(HANDOUTS / "superior-cluneal-nerve.yaml").spec
    assert spec.self_check is not None and spec.self_check.rule.threshold is None  # the seed says 多題
    text = squash("".join(pdf_text(seed_build / "superior-cluneal-nerve.leaflet.pdf").pages))
    assert "多項打勾：" in text
    assert "少於" not in text and "項以上打勾" not in text


def test_a_rule_without_threshold_in_simplified_and_in_the_deck(tmp_path: Path) -> None:
    spec = tmp_path / "wrist.yaml"
    spec.write_text(
        (DATA / "open-rule-cn.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = run_cli("build", spec, "-o", tmp_path, "-f", "leaflet,deck")
    assert result.code == 0, result.stderr
    text = squash("".join(pdf_text(tmp_path / "wrist.leaflet.pdf").pages))
    assert "多项打勾：" in text and "少于" not in text
    from pptx import Presentation

    slides = "".join(
        squash(shape.text_frame.text)
        for slide in Presentation(str(tmp_path / "wrist.deck.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "多项打勾：" in slides and "少于" not in slides


def test_example_clinics_cannot_be_dialled_as_real_numbers() -> None:
    for path in (HANDOUTS / "clinics").glob("*.yaml"):
        phone = load_yaml(path)["phone"]
        assert "0000-0000" in phone and ("範例" in phone or "示例" in phone), path


def test_the_bundled_talk_venue_and_speaker_are_marked_as_examples() -> None:
    talk = load_yaml(REPO / "decks" / "back-buttock-leg.yaml")
    assert "範例" in talk["venue"] and "範例" in talk["speaker"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "speaker: 林予安 物理治療師（範例）" in readme
