"""Bad input: exit 1, one located line, no traceback, no output file; usage mistakes exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, HANDOUTS, run_cli

BAD = DATA / "bad"

# file, line, words the message must contain
CASES = [
    ("tab-indent.yaml", 4, "tab"),
    ("unknown-key.yaml", 3, "did you mean 'red_flags'"),
    ("wrong-type.yaml", 6, "self_check.rule.threshold: needs a whole number"),
    ("missing-clinic.yaml", 3, "file not found"),
    ("outside-font.yaml", 5, "U+1F600"),
    ("extension-b.yaml", 3, "U+2000B"),
    ("unclosed-quote.yaml", None, "quote"),
    ("duplicate-key.yaml", 3, "'title' appears twice"),
    ("empty.yaml", 1, "empty"),
    ("bad-language.yaml", 2, "zh-Hant-TW"),
    ("clinic-outside-folder.yaml", 3, "outside the spec's folder"),
    ("missing-title.yaml", 1, "'title' is required"),
    ("rule-unreachable.yaml", 3, "only 1 questions"),
    ("table-row-length.yaml", 4, "row 1 has 2 cells"),
    ("alias-bomb.yaml", None, "too many aliases"),
    ("talk-missing-condition.yaml", 4, "file not found"),
    ("talk-other-language.yaml", 7, "written in zh-Hans-CN but the talk is in zh-Hant-TW"),
    ("talk-both-kinds.yaml", 4, "either 'condition:'"),
    ("talk-unknown-section.yaml", 5, "did you mean 'red_flags'"),
    ("talk-outside.yaml", 4, "outside the spec's folder"),
]

# errors found in the clinic profile a spec names: the message points into the profile
CLINIC_CASES = [
    ("bad-logo.yaml", "clinic-bad-logo.yaml", 2, "not an image that can be read"),
    ("bad-colour.yaml", "clinic-bad-colour.yaml", 3, "#RRGGBB"),
]


def _assert_one_clean_error(stderr: str, spec: Path, line: int | None, words: str) -> None:
    assert "Traceback" not in stderr
    errors = [row for row in stderr.splitlines() if row.strip()]
    assert len(errors) == 1, stderr
    message = errors[0]
    assert message.startswith("error: ")
    prefix = f"{spec}:{line}:" if line else f"{spec}:"
    assert prefix in message, message
    assert words in message, message


@pytest.mark.parametrize(("name", "line", "words"), CASES)
def test_bad_spec_fails_cleanly(tmp_path: Path, name: str, line: int | None, words: str) -> None:
    spec = BAD / name
    out = tmp_path / "out"
    result = run_cli("build", spec.relative_to(BAD.parents[2]), "-o", out)
    assert result.code == 1
    _assert_one_clean_error(result.stderr, spec.relative_to(BAD.parents[2]), line, words)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(("name", "line", "words"), CASES)
def test_validate_reports_the_same(name: str, line: int | None, words: str) -> None:
    spec = (BAD / name).relative_to(BAD.parents[2])
    result = run_cli("validate", spec)
    assert result.code == 1
    _assert_one_clean_error(result.stderr, spec, line, words)


@pytest.mark.parametrize(("name", "profile", "line", "words"), CLINIC_CASES)
def test_bad_clinic_profile_fails_cleanly(
    tmp_path: Path, name: str, profile: str, line: int, words: str
) -> None:
    out = tmp_path / "out"
    result = run_cli("build", BAD / name, "-o", out, "-f", "all")
    assert result.code == 1
    _assert_one_clean_error(result.stderr, BAD / "parts" / profile, line, words)
    assert not out.exists() or not any(out.iterdir())


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("build", HANDOUTS / "sciatica.yaml", "-o", blocker / "out")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    lines = [row for row in result.stderr.splitlines() if row.strip()]
    assert len(lines) == 1 and "cannot write to the output folder" in lines[0]
    assert str(blocker / "out") in lines[0]
    assert blocker.read_text().startswith("a file")


def test_one_bad_spec_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    (folder / "clinics").mkdir(parents=True)
    (folder / "clinics" / "c.yaml").write_text((HANDOUTS / "clinics" / "example-clinic.yaml").read_text())
    (folder / "a-good.yaml").write_text(
        (HANDOUTS / "sciatica.yaml").read_text().replace("clinics/example-clinic.yaml", "clinics/c.yaml")
    )
    (folder / "b-bad.yaml").write_text((BAD / "unknown-key.yaml").read_text())
    out = tmp_path / "out"
    result = run_cli("build", folder, "-o", out)
    assert result.code == 1
    assert (out / "a-good.leaflet.pdf").is_file()
    assert not (out / "b-bad.leaflet.pdf").exists()
    assert "1 of 2 specs failed" in result.stderr


def test_failed_build_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run_cli("build", BAD / "outside-font.yaml", "-o", out)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("build", "-f", "brochure"),
        ("build", "--no-such-option"),
        ("no-such-command",),
    ],
)
def test_usage_mistakes_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert "Traceback" not in result.stderr


def test_missing_path_is_bad_input(tmp_path: Path) -> None:
    result = run_cli("build", tmp_path / "nope.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "file not found" in result.stderr
    assert "Traceback" not in result.stderr
