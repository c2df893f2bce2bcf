"""`leafdeck lint`: health-literacy findings with their lines; warnings unless --strict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import DATA, run_cli

from builder.lint import lint
from builder.spec.loader import load_spec


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _rules(path: Path, today: dt.date | None = None) -> dict[str, int | None]:
    return {f.rule: f.location.line for f in lint(load_spec(path), today)}


def test_a_bare_spec_misses_the_essentials(tmp_path: Path) -> None:
    rules = _rules(_spec(tmp_path, "title: 腰痛\nlanguage: zh-Hant-TW\nsymptoms: [腰痛]\n"))
    assert {"main-message", "action", "red-flags", "review-date", "disclaimer"} <= set(rules)


def test_long_items_long_sentences_and_jargon_are_found_on_their_lines(tmp_path: Path) -> None:
    text = (
        "title: 腰痛\nlanguage: zh-Hant-TW\nmain_message: 動一動比較好。\n"
        "symptoms:\n  - 短的\n  - " + "很長的症狀描述，" * 9 + "\n"
        "what_it_is: 這是一段很長很長很長很長很長很長很長很長很長很長很長很長很長很長很長的句子沒有停下來。\n"
        "key_points: [可能是椎間盤突出]\n"
        "red_flags: {items: [無力], action: 請就醫}\nreview_date: 2020-01-01\ndisclaimer: 僅供參考。\n"
    )
    rules = _rules(_spec(tmp_path, text), dt.date(2026, 11, 22))
    assert rules["bullet-length"] == 6
    assert rules["sentence-length"] is not None
    assert rules["jargon"] == 8
    assert rules["review-date"] == 10
    assert "main-message" not in rules and "red-flags" not in rules and "action" not in rules


def test_a_glossed_term_is_not_jargon(tmp_path: Path) -> None:
    text = "title: 腰痛\nlanguage: zh-Hant-TW\nkey_points: [椎間盤突出（軟骨往外凸）會壓到神經]\n"
    assert "jargon" not in _rules(_spec(tmp_path, text))


def test_lint_warns_by_default_and_fails_with_strict() -> None:
    spec = DATA / "knee-unsourced-cn.yaml"
    relaxed = run_cli("lint", spec)
    assert relaxed.code == 0
    assert "warning: tests/data/knee-unsourced-cn.yaml:" in relaxed.stdout
    strict = run_cli("lint", spec, "--strict")
    assert strict.code == 1
    assert "error: tests/data/knee-unsourced-cn.yaml:" in strict.stdout
    assert "Traceback" not in strict.stderr


def test_lint_reports_a_broken_spec_as_an_error(tmp_path: Path) -> None:
    result = run_cli("lint", _spec(tmp_path, "title: [\n"))
    assert result.code == 1
    assert "not well-formed" in result.stderr
