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
