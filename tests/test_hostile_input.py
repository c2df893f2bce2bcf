"""What a hostile or clumsy user gives leafdeck must end quickly with one located line (issue 10).

Each run is a separate process with a time limit: a command that would block or run away fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


def _run(*args: str | Path, seconds: float = 60, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=seconds,
    )


def _one_error(stderr: str, words: str) -> str:
    assert "Traceback" not in stderr
    lines = [row for row in stderr.splitlines() if row.strip() and not row.startswith("warning")]
    errors = [row for row in lines if row.startswith("error: ")]
    assert len(errors) == 1, stderr
    assert words in errors[0], errors[0]
    return errors[0]


# --- item 11: special files --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "validate", "lint"])
def test_a_device_as_a_spec_is_refused_without_reading_it(tmp_path: Path, command: str) -> None:
    args = ("-o", tmp_path / "out") if command == "build" else ()
    result = _run(command, "/dev/zero", *args, seconds=30)
    assert result.returncode == 1
    _one_error(result.stderr, "/dev/zero: is not a regular file")


@pytest.mark.parametrize("command", ["build", "validate", "lint"])
def test_a_fifo_as_a_spec_does_not_block(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    args = ("-o", tmp_path / "out") if command == "build" else ()
    result = _run(command, fifo, *args, seconds=30)
    assert result.returncode == 1
    _one_error(result.stderr, "is not a regular file")


def test_a_huge_spec_is_refused_after_reading_only_the_limit(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_bytes(b"title: " + b"a" * 2_000_000)
    result = _run("build", spec, "-o", tmp_path / "out", seconds=30)
    assert result.returncode == 1
    _one_error(result.stderr, "larger than 2,000,000 bytes")


# --- item 10: a talk naming one condition many times ----------------------------------------


def _talk_folder(tmp_path: Path, times: int) -> Path:
    """decks/long.yaml naming handouts/sciatica.yaml `times` times, beside a copy of the handout."""
    handouts = tmp_path / "handouts"
    (handouts / "clinics").mkdir(parents=True)
    for name in ("clinics/example-clinic.yaml", "sciatica.yaml"):
        (handouts / name).write_text((REPO / "handouts" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "decks").mkdir()
    talk = tmp_path / "decks" / "long.yaml"
    parts = "".join("  - condition: ../handouts/sciatica.yaml\n" for _ in range(times))
    talk.write_text(f"title: 講座\nlanguage: zh-Hant-TW\nparts:\n{parts}", encoding="utf-8")
    return talk


def test_a_talk_loads_each_condition_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.spec import loader

    read: list[Path] = []
    real = loader.read_yaml

    def counting(path: Path) -> loader.YamlDocument:
        read.append(Path(path).resolve())
        return real(path)

    monkeypatch.setattr(loader, "read_yaml", counting)
    loaded = loader.load_talk(_talk_folder(tmp_path, 40))
    assert len(loaded.conditions) == 40
    assert len(read) == len(set(read)) == 3  # the talk, the handout and its clinic: once each


def test_a_talk_of_more_than_300_slides_is_refused_quickly(tmp_path: Path) -> None:
    talk = _talk_folder(tmp_path, 60)
    result = _run("build", talk, "-o", tmp_path / "out", seconds=120)
    assert result.returncode == 1
    _one_error(result.stderr, ":3:1: parts: the deck would have more than 300 slides")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
