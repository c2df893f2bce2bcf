"""Batch builds: --jobs N in parallel processes, same files as one at a time, a summary table."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA, HANDOUTS, REPO, run_cli


def test_parallel_build_gives_the_same_files_and_a_summary(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    first = run_cli("build", HANDOUTS, REPO / "decks", "-o", one, "-f", "all", "--jobs", "1")
    second = run_cli("build", HANDOUTS, REPO / "decks", "-o", two, "-f", "all", "--jobs", "2")
    assert first.code == second.code == 0, second.stderr
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir())
    # 5 leaflets, 4 exercise sheets (one seed has no exercises), 5 booklets, 5 tri-folds, 5 decks, 1 talk
    assert len(names) == 25
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert "6 built, 0 failed" in second.stdout
    # results are reported in the order of the specs, whatever order the workers finish in
    assert second.stdout.index("calf-cramp-sciatica.leaflet.pdf") < second.stdout.index("sciatica.deck.pptx")


def test_a_failure_in_one_worker_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(HANDOUTS, folder)
    shutil.copy(DATA / "bad" / "unknown-key.yaml", folder / "broken.yaml")
    result = run_cli("build", folder, "-o", tmp_path / "out", "--jobs", "2")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    first_error = next(row for row in result.stderr.splitlines() if row.startswith("error: "))
    assert first_error.startswith(f"error: {folder / 'broken.yaml'}:3:")
    assert len(list((tmp_path / "out").glob("*.leaflet.pdf"))) == 5
    assert "5 built, 1 failed" in result.stdout
    assert "1 of 6 specs failed" in result.stderr


def test_jobs_must_be_positive() -> None:
    assert run_cli("build", "--jobs", "0").code == 2


def _write_slowly(out: str) -> None:
    """A worker deaf to terminate, stuck with a half-written output (as one was on a loaded
    machine, past the half second it was given)."""
    import signal
    import tempfile
    import time

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    tempfile.mkstemp(prefix=".knee.leaflet.pdf.", suffix=".tmp", dir=out)
    time.sleep(60)


def test_a_worker_killed_at_an_interrupt_leaves_no_temporary_file(tmp_path: Path) -> None:
    import time
    from concurrent.futures import ProcessPoolExecutor

    from builder.batch import _end
    from builder.output import temporary_files

    someone_elses = tmp_path / ".other.pdf.abc.tmp"  # there before: not this batch's to remove
    someone_elses.write_bytes(b"")
    before = set(temporary_files(tmp_path))
    pool = ProcessPoolExecutor(max_workers=1)
    pool.submit(_write_slowly, str(tmp_path))
    while len(temporary_files(tmp_path)) < 2:
        time.sleep(0.05)
    _end(pool, tmp_path, before)
    assert temporary_files(tmp_path) == [someone_elses]
