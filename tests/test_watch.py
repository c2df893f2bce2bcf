"""`leafdeck watch`: rebuilds on save, follows clinic profiles and talks, survives a bad save."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import HANDOUTS, REPO


class _Lines:
    """Lines from a process's output, read by a thread so waiting can time out."""

    def __init__(self, stream: object) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.queue.put(line.rstrip("\n"))

    def wait_for(self, *words: str, timeout: float = 60) -> list[str]:
        """Lines up to and including the one that contains every word."""
        seen = []
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.queue.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                break
            seen.append(line)
            if all(word in line for word in words):
                return seen
        raise AssertionError(f"no line with {words}; saw {seen}")


def _save(path: Path, text: str) -> None:
    """Save as editors do: write a new file, then rename it over the old one."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_watch_rebuilds_what_a_save_touches(tmp_path: Path) -> None:
    shutil.copytree(HANDOUTS, tmp_path / "handouts")
    shutil.copytree(REPO / "decks", tmp_path / "decks")
    spec = tmp_path / "handouts" / "sciatica.yaml"
    talk = tmp_path / "decks" / "back-buttock-leg.yaml"
    clinic = tmp_path / "handouts" / "clinics" / "example-clinic.yaml"
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "watch", spec, talk, "-o", out, "--interval", "0.1"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = _Lines(process.stdout), _Lines(process.stderr)
    try:
        stdout.wait_for("rebuilt", "sciatica.yaml", "sciatica.leaflet.pdf (2 pages)")
        stdout.wait_for("rebuilt", "back-buttock-leg.yaml", "slides")
        good = spec.read_text(encoding="utf-8")

        _save(spec, good.replace("red_flags:", "red_flagz:"))  # an invalid intermediate save
        stderr.wait_for("error:", "sciatica.yaml", "did you mean 'red_flags'")
        stderr.wait_for("not rebuilt", "sciatica.yaml")
        assert process.poll() is None  # still watching

        _save(spec, good.replace("坐骨神經痛：不只是腰痛", "坐骨神經痛：不只是腰痛啊"))
        stdout.wait_for("rebuilt", "sciatica.yaml")
        stdout.wait_for("rebuilt", "back-buttock-leg.yaml")  # the talk uses that spec

        _save(clinic, clinic.read_text(encoding="utf-8").replace("0000-0000（範例）", "0000-0001（範例）"))
        lines = stdout.wait_for("rebuilt", "back-buttock-leg.yaml")
        assert any("rebuilt" in line and "sciatica.yaml" in line for line in lines)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (out / "sciatica.leaflet.pdf").is_file()
    assert (out / "back-buttock-leg.deck.pptx").is_file()


def test_unchanged_spec_files_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Watch mode loads a spec to build it and again to see what it uses, a batch loads a talk's
    conditions after their leaflets: a file whose bytes have not changed is parsed and validated
    once, a changed one afresh (and a broken one is still reported)."""
    from builder.errors import SpecError
    from builder.spec import loader

    folder = tmp_path / "handouts"
    shutil.copytree(HANDOUTS, folder)
    spec = folder / "sciatica.yaml"
    parsed: list[Path] = []
    real = loader.parse_yaml
    monkeypatch.setattr(loader, "parse_yaml", lambda path, raw: parsed.append(path) or real(path, raw))
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))  # none recalled (spec.remembered)
    first = loader.load_any(spec)
    assert len(parsed) == 2  # the spec and its clinic profile
    again = loader.load_any(spec)
    assert len(parsed) == 2 and again.spec is first.spec and again == first
    spec.write_text(spec.read_text(encoding="utf-8").replace("title:", "title: 新", 1), encoding="utf-8")
    changed = loader.load_any(spec)
    assert len(parsed) == 3 and changed.spec.title.startswith("新")
    spec.write_text("title: [", encoding="utf-8")
    with pytest.raises(SpecError):
        loader.load_any(spec)
