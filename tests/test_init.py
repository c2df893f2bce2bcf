"""`leafdeck init`: a starting spec that validates, builds, and is never written over."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from builder.spec.loader import load_spec
from builder.spec.talk import SECTION_NAMES


@pytest.mark.parametrize("language", ["zh-Hant-TW", "zh-Hans-CN"])
def test_init_writes_a_spec_that_builds(tmp_path: Path, language: str) -> None:
    result = run_cli("init", "knee-pain", "--lang", language, "--dir", tmp_path / "handouts")
    assert result.code == 0, result.stderr
    path = tmp_path / "handouts" / "knee-pain.yaml"
    text = path.read_text(encoding="utf-8")
    spec = load_spec(path).spec
    assert spec.language == language
    for section in [s for s in SECTION_NAMES if s != "summary"]:  # every section is there
        assert getattr(spec, section), section
    assert spec.anatomy and spec.pain_routes and spec.worse and spec.better and spec.references
    assert text.count("\n#") >= 20  # a comment on each section
    if language == "zh-Hans-CN":
        assert "请把这里改成" in text and "請" not in text
    built = run_cli("build", path, "-o", tmp_path / "out", "-f", "all")
    assert built.code == 0, built.stderr
    assert (tmp_path / "out" / "knee-pain.leaflet.pdf").is_file()
    assert (tmp_path / "out" / "knee-pain.deck.pptx").is_file()


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run_cli("init", "a", "--dir", tmp_path).code == 0
    (tmp_path / "a.yaml").write_text("my edits", encoding="utf-8")
    again = run_cli("init", "a", "--dir", tmp_path)
    assert again.code == 1 and "already exists" in again.stderr
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "my edits"


def test_init_usage_mistakes(tmp_path: Path) -> None:
    assert run_cli("init", "a", "--lang", "zh-TW", "--dir", tmp_path).code == 2
    bad_name = run_cli("init", "../escape", "--dir", tmp_path)
    assert bad_name.code == 1 and "not a file name" in bad_name.stderr
