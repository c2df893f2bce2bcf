"""Values keep exactly the characters written (YAML 1.1 would turn 0223456789 into 223456789),
in specs, clinic profiles and talk specs; number fields take plain decimal digits only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, pdf_text, run_cli, squash
from pptx import Presentation

from builder.spec.loader import load_any, load_talk

VALUES = DATA / "values"


@pytest.mark.parametrize(
    ("spec", "written"),
    [
        (
            "wrist-de-quervain.yaml",
            ["0223456789", "0912345678", "0900-1200", "1e3", "0o17", "0800", "0x10", "0100號", "0.5"],
        ),
        ("foot-plantar-fasciitis.yaml", ["1e3", ".inf", "0223456789", "12:30", "0o17", "0.50"]),
    ],
)
def test_text_that_looks_like_a_number_is_printed_as_written(
    tmp_path: Path, spec: str, written: list[str]
) -> None:
    result = run_cli("build", VALUES / spec, "-o", tmp_path, "-f", "leaflet,deck")
    assert result.code == 0, result.stderr
    stem = spec.removesuffix(".yaml")
    leaflet = squash("".join(pdf_text(tmp_path / f"{stem}.leaflet.pdf").pages))
    deck = Presentation(str(tmp_path / f"{stem}.deck.pptx"))
    slides = squash(
        "".join(
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
        )
    )
    for text in written:
        assert squash(text) in leaflet, text
    assert "1e3" in slides or "0o17" in slides


def test_issue_values_are_kept_in_every_kind_of_file(tmp_path: Path) -> None:
    """The exact values the issue lists, read back from the loaded models."""
    (tmp_path / "clinic.yaml").write_text(
        "name: 診所\nphone: 0223456789\nline: 0912345678\nslide_font: {east_asian: 0x10}\n", encoding="utf-8"
    )
    (tmp_path / "spec.yaml").write_text(
        "title: 0o17\nlanguage: zh-Hant-TW\nsubtitle: 1e3\nclinic: clinic.yaml\n"
        "red_flags:\n  items: [0x10, 1_000, +1, .NaN, 2026-01-01, yes, 'null']\n  action: 12:30:00\n",
        encoding="utf-8",
    )
    (tmp_path / "talk.yaml").write_text(
        "title: 0o17\nlanguage: zh-Hant-TW\nspeaker: 1e3\nminutes: 045\nclinic: clinic.yaml\n"
        "parts: [{slide: {title: 0223456789, points: [0x10]}}]\n",
        encoding="utf-8",
    )
    loaded = load_any(tmp_path / "spec.yaml")
    spec = loaded.spec  # type: ignore[union-attr]
    assert (spec.title, spec.subtitle) == ("0o17", "1e3")
    assert spec.red_flags is not None
    assert spec.red_flags.items == ["0x10", "1_000", "+1", ".NaN", "2026-01-01", "yes", "null"]
    assert spec.red_flags.action == "12:30:00"
    clinic = loaded.clinic
    assert clinic is not None and clinic.slide_font is not None
    assert (clinic.phone, clinic.line, clinic.slide_font.east_asian) == ("0223456789", "0912345678", "0x10")
    talk = load_talk(tmp_path / "talk.yaml")
    assert (talk.talk.title, talk.talk.speaker, talk.talk.minutes) == ("0o17", "1e3", 45)
    slide = talk.talk.parts[0].slide
    assert slide is not None and (slide.title, slide.points) == ("0223456789", ["0x10"])


@pytest.mark.parametrize(
    ("value", "accepted"),
    [("3", 3), ("010", 10), ('"4"', 4), ("true", None), ("0x10", None), ("1e3", None), ("2.0", None)],
)
def test_number_fields_take_decimal_digits_only(tmp_path: Path, value: str, accepted: int | None) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "title: 測試\nlanguage: zh-Hant-TW\nexercises:\n  - name: 階段\n    exercises:\n"
        f"      - name: 橋式\n        dose: {{sets: {value}}}\n",
        encoding="utf-8",
    )
    if accepted is None:
        result = run_cli("validate", spec)
        assert result.code == 1 and "dose.sets: needs a whole number" in result.stderr, result.stderr
        assert f"{spec}:7:22:" in result.stderr  # the column of the value, not of the key
    else:
        dose = load_any(spec).spec.exercises[0].exercises[0].dose  # type: ignore[union-attr]
        assert dose is not None and dose.sets == accepted
