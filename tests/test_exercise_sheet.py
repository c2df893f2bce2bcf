"""Home-exercise sheets: the chosen exercises with doses, fields to fill in, a four-week tick grid."""

from __future__ import annotations

from pathlib import Path

from conftest import HANDOUTS, body_text, pdf_text, run_cli, squash

from builder.spec.loader import load_spec
from builder.typeset import normalize_text

SPEC = HANDOUTS / "superior-cluneal-nerve.yaml"
FOOTER = "安心復健科診所（範例）"


def test_sheet_has_every_exercise_its_dose_the_fields_and_the_grid(tmp_path: Path) -> None:
    result = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise")
    assert result.code == 0, result.stderr
    path = tmp_path / "superior-cluneal-nerve.exercise.pdf"
    text = body_text(path, FOOTER)
    spec = load_spec(SPEC).spec
    for stage in spec.exercises:
        assert squash(normalize_text(stage.name)) in text
        for exercise in stage.exercises:
            assert text.count(squash(normalize_text(exercise.name))) >= 2  # its card and its grid row
            for step in exercise.steps:
                assert squash(normalize_text(step)) in text
    for word in ("姓名：", "開始日期：", "治療師：", "第1週", "第4週", "每天打勾紀錄"):
        assert word in text
    assert spec.red_flags is not None
    for flag in spec.red_flags.items:  # red flags are on every printed piece
        assert squash(normalize_text(flag)) in text
    assert len(pdf_text(path).pages) <= 2  # one sheet, printed on both sides


def test_only_and_dose_tailor_the_sheet(tmp_path: Path) -> None:
    result = run_cli(
        "build",
        SPEC,
        "-o",
        tmp_path,
        "-f",
        "exercise",
        "--only",
        "橋式,3",
        "--dose",
        "sets=3,reps=12,times=2",
    )
    assert result.code == 0, result.stderr
    text = body_text(tmp_path / "superior-cluneal-nerve.exercise-橋式+3-sets3-reps12-times2.pdf", FOOTER)
    assert "橋式" in text and "鳥狗式" in text
    assert "死蟲式" not in text
    assert "3組，每組12下" in text and "每天2次" in text


def test_sheet_mistakes(tmp_path: Path) -> None:
    unknown = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise", "--only", "深蹲")
    assert unknown.code == 1 and "no exercise or stage called '深蹲'" in unknown.stderr
    assert "1 死蟲式" in unknown.stderr
    bad_dose = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise", "--dose", "sets=zero")
    assert bad_dose.code == 2
    without = HANDOUTS / "diabetic-neuropathy.yaml"
    alone = run_cli("build", without, "-o", tmp_path, "-f", "exercise")
    assert alone.code == 1 and "no exercises" in alone.stderr
    together = run_cli("build", without, "-o", tmp_path, "-f", "all")
    assert together.code == 0
    assert "no exercise sheet was made" in together.stderr
    assert not (tmp_path / "diabetic-neuropathy.exercise.pdf").exists()


def test_custom_sheets_are_named_after_the_choice_and_never_replace_each_other(tmp_path: Path) -> None:
    """Two patients' sheets built one after the other both stay; --name names a sheet; the leaflet
    built in the same command keeps its own name."""
    first = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise,leaflet", "--only", "橋式")
    second = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise", "--only", "鳥狗式", "--dose", "reps=5")
    named = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise", "--only", "1", "--name", "王小明")
    assert first.code == second.code == named.code == 0, first.stderr + second.stderr + named.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "superior-cluneal-nerve.exercise-橋式.pdf",
        "superior-cluneal-nerve.exercise-王小明.pdf",
        "superior-cluneal-nerve.exercise-鳥狗式-reps5.pdf",
        "superior-cluneal-nerve.leaflet.pdf",
    ]
    assert "橋式" in body_text(tmp_path / names[0], FOOTER)
    assert "死蟲式" in body_text(tmp_path / names[1], FOOTER)
    assert "5下" in body_text(tmp_path / names[2], FOOTER)  # the dose given, not the spec's


def test_a_long_or_odd_choice_still_makes_a_safe_file_name(tmp_path: Path) -> None:
    from builder.build import PrintOptions, output_path

    odd = PrintOptions(only=("a/b", "c:d e", "十" * 100), dose=(("sets", 3),))
    path = output_path(SPEC, tmp_path, "exercise", odd)
    assert path.parent == tmp_path and "/" not in path.name and ":" not in path.name and " " not in path.name
    assert len(path.stem) < 120
    other = PrintOptions(only=("a/b", "c:d e", "十" * 99 + "九"), dose=(("sets", 3),))
    assert output_path(SPEC, tmp_path, "exercise", other) != path  # a hash keeps long choices apart


def test_a_name_that_cannot_be_a_file_name_is_a_usage_mistake(tmp_path: Path) -> None:
    for bad in ("../x", "a b", ".hidden", ""):
        result = run_cli("build", SPEC, "-o", tmp_path, "-f", "exercise", "--name", bad)
        assert result.code == 2, bad
        assert "--name" in result.stderr
    assert not list(tmp_path.iterdir())
