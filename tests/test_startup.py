"""The collector during a command's start-up (builder.collector): paused until the first spec is
built, then what is alive is frozen and collection resumes; code that uses leafdeck as a library
keeps its own collector settings. Not timed: speed is measured in benchmarks/."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import HANDOUTS, REPO

from builder.batch import build_one

# The command line in-process, noting the collections that ran and the collector's state each
# time a spec's build ends.
_PROBE = """
import gc, json, sys
import builder.batch as batch
from builder.cli import main

collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
ends = []
real = batch.started

def started():
    before = (len(collections), gc.isenabled())
    real()
    ends.append([*before, gc.isenabled(), gc.get_freeze_count() > 0])

batch.started = started
sys.argv = ["leafdeck", "build", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps([ends, gc.isenabled()]))
"""


def _probe(tmp_path: Path, *options: str) -> tuple[list[list[object]], bool]:
    """`leafdeck build` of two bundled specs in a new process: the collector's state each time a
    spec's build ends (see _PROBE), and whether it collects when the command is done."""
    specs = [HANDOUTS / "sciatica.yaml", HANDOUTS / "lumbar-gtps.yaml"]
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *map(str, specs), "-f", "leaflet", *options, "-o", str(tmp_path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    ends, enabled = json.loads(out.splitlines()[-1])
    assert (tmp_path / "lumbar-gtps.leaflet.pdf").is_file()
    return ends, enabled


def test_a_command_collects_nothing_until_its_first_spec_is_built(tmp_path: Path) -> None:
    (first, second), _ = _probe(tmp_path)
    assert first == [0, False, True, True]  # no collection, paused; then resumed with the rest frozen
    assert second[1:] == [True, True, True]  # the second spec: collecting as usual


def test_a_parallel_batchs_parent_collects_again_once_its_workers_code_is_loaded(tmp_path: Path) -> None:
    """The parent of `build --jobs 2` builds nothing itself: it ends its start-up pause once it has
    loaded (and frozen) what its forked workers share, instead of running without a collector."""
    ends, enabled = _probe(tmp_path, "--jobs", "2")
    assert ends == [[0, False, True, True]]  # the parent's own end of the pause, before any build
    assert enabled


def test_a_library_caller_keeps_its_collector_as_it_was(tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    outcome = build_one(tmp_path / "missing.yaml", tmp_path, ["leaflet"])
    assert outcome.errors
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
