"""The CLI contract later work relies on: commands, help, schema, output names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import DATA, HANDOUTS, SEEDS, run_cli


@pytest.mark.parametrize("command", ["build", "validate", "schema"])
def test_help_has_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0
    assert "Example: leafdeck" in result.stdout


def test_top_level_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.code == 0
    for command in ("build", "validate", "schema"):
        assert command in result.stdout


def test_schema_is_json_schema_with_the_sections() -> None:
    result = run_cli("schema")
    assert result.code == 0
    schema = json.loads(result.stdout)
    for field in ("title", "language", "red_flags", "self_check", "exercises", "faq", "review_date"):
        assert field in schema["properties"]
    assert set(schema["required"]) == {"title", "language"}
    clinic = json.loads(run_cli("schema", "--clinic").stdout)
    assert clinic["required"] == ["name"]
    talk = json.loads(run_cli("schema", "--talk").stdout)["properties"]
    assert talk["audience"]["enum"] == ["older_adults", "professional"]
    assert talk["audience"]["default"] == "older_adults" and "28 pt" in talk["audience"]["description"]


def test_validate_accepts_the_bundled_handouts() -> None:
    result = run_cli("validate", HANDOUTS)
    assert result.code == 0, result.stderr
    assert result.stdout.count("ok ") == len(SEEDS)


def test_build_defaults_and_output_names(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "handouts" / "clinics").mkdir(parents=True)
    for path in [SEEDS[0], *(HANDOUTS / "clinics").glob("*.yaml")]:
        target = work / path.relative_to(HANDOUTS.parent)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("build", cwd=work)
    assert result.code == 0, result.stderr
    assert (work / "out" / f"{SEEDS[0].stem}.leaflet.pdf").is_file()
    assert f"out/{SEEDS[0].stem}.leaflet.pdf" in result.stdout
    # -f all builds every known format
    result = run_cli("build", "handouts", "-f", "all", "-o", "all-out", cwd=work)
    assert result.code == 0
    assert (work / "all-out" / f"{SEEDS[0].stem}.leaflet.pdf").is_file()


def test_seed_leaflets_fit_one_sheet_and_long_specs_warn(tmp_path: Path) -> None:
    result = run_cli("build", HANDOUTS, "-o", tmp_path)
    assert result.code == 0
    assert result.stdout.count("(2 pages)") == len(SEEDS), result.stdout
    assert "warning:" not in result.stderr
    result = run_cli("build", DATA / "adversarial.yaml", "-o", tmp_path)
    assert result.code == 0
    assert re.search(r"warning: .*needs \d+ pages", result.stderr)


def test_library_api_matches_the_cli(tmp_path: Path) -> None:
    from builder.build import build_spec

    built = build_spec(SEEDS[0], tmp_path, ["leaflet"])
    assert built[0].path == tmp_path / f"{SEEDS[0].stem}.leaflet.pdf"
    assert built[0].pages >= 2
