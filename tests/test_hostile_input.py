"""What a hostile or clumsy user gives leafdeck must end quickly with one located line (issue 10).

Each run is a separate process with a time limit: a command that would block or run away fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import shutil
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
    real, parse = loader.read_yaml, loader.parse_yaml

    def counting(path: Path) -> loader.YamlDocument:
        read.append(Path(path).resolve())
        return real(path)

    def parse_counting(path: Path, raw: bytes) -> loader.YamlDocument:
        read.append(Path(path).resolve())
        return parse(path, raw)

    monkeypatch.setattr(loader, "read_yaml", counting)
    monkeypatch.setattr(loader, "parse_yaml", parse_counting)  # the specs a talk names
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))  # none recalled (spec.remembered)
    loaded = loader.load_talk(_talk_folder(tmp_path, 40))
    assert len(loaded.conditions) == 40
    assert len(read) == len(set(read)) == 3  # the talk, the handout and its clinic: once each


def test_a_talk_of_more_than_300_slides_is_refused_quickly(tmp_path: Path) -> None:
    talk = _talk_folder(tmp_path, 60)
    result = _run("build", talk, "-o", tmp_path / "out", seconds=120)
    assert result.returncode == 1
    _one_error(result.stderr, ":3:1: parts: the deck would have more than 300 slides")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- item 1: two specs with one name ---------------------------------------------------------

KNEE = "title: 膝蓋痛\nlanguage: zh-Hant-TW\nsymptoms: [上下樓梯時膝蓋前側痛]\n"


def test_two_specs_with_one_name_are_refused_before_building(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "knee.yaml").write_text(KNEE, encoding="utf-8")
    out = tmp_path / "out"
    for jobs in ("1", "2"):
        result = _run("build", tmp_path / "a", tmp_path / "b", "-o", out, "--jobs", jobs)
        assert result.returncode == 2
        line = _one_error(result.stderr, "would both be written as")
        assert str(tmp_path / "a" / "knee.yaml") in line and str(tmp_path / "b" / "knee.yaml") in line
        assert not out.exists()


def test_watch_refuses_two_specs_with_one_name_as_build_does(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "knee.yaml").write_text(KNEE, encoding="utf-8")
    out = tmp_path / "out"
    result = _run("watch", tmp_path / "a", tmp_path / "b", "-o", out, "--stop-after", "0")
    assert result.returncode == 2
    line = _one_error(result.stderr, "would both be written as")
    assert str(tmp_path / "a" / "knee.yaml") in line and str(tmp_path / "b" / "knee.yaml") in line
    assert not out.exists()


def test_watch_builds_neither_of_two_specs_given_one_name_while_it_watches(tmp_path: Path) -> None:
    """A spec saved into a watched folder beside another of its name: said once, neither built
    (one would overwrite the other's outputs), both built again once it is renamed."""
    from builder.batch import Outcome
    from builder.watch import Watcher

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "knee.yaml").write_text(KNEE, encoding="utf-8")
    heard: list[Outcome] = []
    watcher = Watcher([tmp_path / "a", tmp_path / "b"], tmp_path / "out", ["leaflet"], heard.append)
    assert watcher.check() == 1 and not heard[-1].errors
    second = tmp_path / "b" / "knee.yaml"
    second.write_text(KNEE.replace("膝蓋痛", "另一個膝蓋痛"), encoding="utf-8")
    assert watcher.check() == 0
    (clash,) = heard[1:]
    assert clash.errors and "would both be written as" in clash.errors[0]
    assert watcher.check() == 0 and len(heard) == 2  # said once
    second.rename(second.with_name("knee-other.yaml"))
    assert watcher.check() == 2 and not any(o.errors for o in heard[2:])


def test_one_spec_named_twice_is_built_once(tmp_path: Path) -> None:
    spec = tmp_path / "knee.yaml"
    spec.write_text(KNEE, encoding="utf-8")
    result = _run("build", spec, tmp_path / ".." / tmp_path.name / "knee.yaml", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("built ") == 1


# --- item 6: an interrupted write leaves no temporary file ------------------------------------


def test_an_interrupted_write_removes_its_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder import output

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(tmp_path / "x.pdf", b"%PDF-" + b"0" * 100_000)
    assert list(tmp_path.iterdir()) == []


# --- item 7: a spec's formats are written all together or not at all -------------------------


def test_a_failing_format_leaves_the_earlier_edition_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    yesterday = out / "sciatica.leaflet-custom.pdf"
    yesterday.write_bytes(b"yesterday's leaflet")
    result = _run(
        "build",
        REPO / "handouts" / "sciatica.yaml",
        "-o",
        out,
        "-f",
        "leaflet,exercise",
        "--only",
        "不存在的運動",
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert yesterday.read_bytes() == b"yesterday's leaflet"
    assert sorted(p.name for p in out.iterdir()) == ["sciatica.leaflet-custom.pdf"]


# --- items 12 and 21: --jobs survives Ctrl+C and a killed worker ------------------------------


def test_ctrl_c_during_jobs_ends_quickly_and_cleanly(tmp_path: Path) -> None:
    import signal
    import time

    # a library far too big to finish before the interrupt, on a fast machine too
    library = tmp_path / "library"
    shutil.copytree(REPO / "handouts", library)
    seed = (library / "sciatica.yaml").read_text(encoding="utf-8")
    for n in range(40):
        (library / f"copy-{n:02}.yaml").write_text(seed, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", str(library), "-o", str(out), "-f", "all", "--jobs", "2"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the first output is written: the workers are building the rest
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends on Ctrl+C
    stopped = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - stopped < 10  # within a second on an idle machine
    assert proc.returncode == 130
    assert "Traceback" not in stderr
    assert "interrupted:" in stderr and "specs finished" in stderr
    assert not out.exists() or not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_killed_worker_fails_only_its_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker building one spec dies as the out-of-memory killer would; the others are built."""
    import signal

    from builder import batch

    real = batch.build_spec

    def build_or_die(spec: Path, *args: object) -> object:
        if spec.name == "b-killer.yaml":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(spec, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "build_spec", build_or_die)  # workers are forked: they see it too
    folder = tmp_path / "specs"
    folder.mkdir()
    for name in ("a-first", "b-killer", "c-third", "d-fourth"):
        (folder / f"{name}.yaml").write_text(KNEE, encoding="utf-8")
    seen: list[str] = []
    outcomes = batch.run_batch(
        sorted(folder.iterdir()), tmp_path / "out", None, jobs=2, on_done=lambda o: seen.append(o.spec.stem)
    )
    assert seen == ["a-first", "b-killer", "c-third", "d-fourth"]  # in order, each once
    failed = [o for o in outcomes if o.errors]
    assert [o.spec.stem for o in failed] == ["b-killer"]
    assert "was killed" in failed[0].errors[0]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a-first.leaflet.pdf",
        "c-third.leaflet.pdf",
        "d-fourth.leaflet.pdf",
    ]


# --- item 22: output to a full disk ------------------------------------------------------------


@pytest.mark.parametrize("args", [("schema",), ("build", "handouts/sciatica.yaml")])
def test_a_full_standard_output_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    more = ("-o", str(tmp_path / "out")) if args[0] == "build" else ()
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "builder", *args, *more],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1
    _one_error(proc.stderr, "cannot write the command's output (No space left on device)")


# --- item 27: outcomes that used to be silent --------------------------------------------------


def test_preview_of_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = _run("preview", tmp_path, "-o", tmp_path / "out")
    assert result.returncode == 1
    _one_error(result.stderr, "no spec files")


def test_a_talk_asked_for_a_leaflet_says_it_makes_only_a_deck(tmp_path: Path) -> None:
    result = _run("build", REPO / "decks" / "back-buttock-leg.yaml", "-f", "leaflet", "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "a talk spec makes only a deck" in result.stderr
    _one_error(result.stderr, "nothing was built")
    assert not (tmp_path / "out").exists()


def test_all_with_an_unknown_format_is_a_usage_mistake(tmp_path: Path) -> None:
    result = _run("build", REPO / "handouts" / "sciatica.yaml", "-f", "all,bogus", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "unknown format 'bogus'" in result.stderr


# --- item 24: watch keeps watching what a failed build named ------------------------------------


def _touch_later(path: Path, text: str) -> None:
    """Save with a new modification time, as an editor does a second later."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


@pytest.mark.parametrize("breakage", ["bad colour", "deleted"])
def test_watch_rebuilds_after_the_clinic_profile_is_fixed(tmp_path: Path, breakage: str) -> None:
    from builder.batch import Outcome
    from builder.watch import Watcher

    clinic = tmp_path / "clinic.yaml"
    good = "name: 膝關節診所（範例）\ncolours: {primary: '#1F5F8B'}\n"
    clinic.write_text(good, encoding="utf-8")
    spec = tmp_path / "knee.yaml"
    spec.write_text(KNEE + "clinic: clinic.yaml\n", encoding="utf-8")
    heard: list[Outcome] = []
    watcher = Watcher([spec], tmp_path / "out", None, heard.append)
    assert watcher.check() == 1 and not heard[-1].errors
    if breakage == "deleted":
        clinic.unlink()
    else:
        _touch_later(clinic, "name: 膝關節診所（範例）\ncolours: {primary: blue}\n")
    assert watcher.check() == 1 and heard[-1].errors  # the failed build
    assert watcher.check() == 0  # nothing changed since
    _touch_later(clinic, good)  # fixed and saved
    assert watcher.check() == 1, "the fix was not seen"
    assert not heard[-1].errors


def test_watch_follows_a_talks_condition_after_a_failed_build(tmp_path: Path) -> None:
    from builder.batch import Outcome
    from builder.watch import Watcher

    condition = tmp_path / "knee.yaml"
    condition.write_text(KNEE, encoding="utf-8")
    talk = tmp_path / "talk.yaml"
    talk.write_text("title: 講座\nlanguage: zh-Hant-TW\nparts:\n  - condition: knee.yaml\n", encoding="utf-8")
    heard: list[Outcome] = []
    watcher = Watcher([talk], tmp_path / "out", None, heard.append)
    assert watcher.check() == 1 and not heard[-1].errors
    _touch_later(condition, KNEE + "symptoms: 不是清單\n")  # a duplicate key: the talk fails
    assert watcher.check() == 1 and heard[-1].errors
    _touch_later(condition, KNEE)
    assert watcher.check() == 1 and not heard[-1].errors


# --- item 25: a talk built from inside its own folder ------------------------------------------


def test_the_bundled_talk_builds_from_inside_its_folder(tmp_path: Path) -> None:
    result = _run("build", "back-buttock-leg.yaml", "-o", tmp_path / "out", cwd=REPO / "decks")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "back-buttock-leg.deck.pptx").is_file()
    assert _run("validate", "back-buttock-leg.yaml", cwd=REPO / "decks").returncode == 0
