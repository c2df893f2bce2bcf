"""Measure leafdeck: cold and warm builds, watch latency, a whole library, memory, and Typst beside it.

Run: python benchmarks/bench.py [--runs 7] [--before TREE] [--write]

Every measure runs in fresh processes, alternated with the others of its kind (leafdeck,
the same leaflet in Typst, and with --before an older source tree of leafdeck on the same
inputs), and reports medians: the machine may be shared and noisy, so what means something
is a ratio within one run, not a number across days. Processes run with Python's bytecode
cache on (as an installed package has it), in a temporary folder.

--before TREE: a source tree of an earlier leafdeck, e.g. made with
    git worktree add /tmp/before <commit>
The Typst comparison needs the optional benchmark dependency: pip install 'leafdeck[bench]'.
--write updates benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
LEAFLET = Path("handouts/superior-cluneal-nerve.yaml")  # two pages, pictures left out to fit
TALK = Path("decks/back-buttock-leg.yaml")  # about 30 slides
WATCHED = "sciatica.yaml"
TARGETS = {
    "cold": "≤ 0.30 s",
    "warm": "≤ 0.035 s",
    "deck": "≤ 0.20 s",
    "watch": "≤ 0.3 s",
    "library": "≤ 1.5 s",
    "memory": "≤ 80 MB",
}

_WARM = """
import json, statistics, sys, tempfile, time
from pathlib import Path
from builder.build import build_spec
leaflets = [Path(p) for p in sys.argv[2:]]
talk, rounds, out = Path(sys.argv[1]), 5, Path(tempfile.mkdtemp())
def timed(spec, fmt):
    start = time.perf_counter(); build_spec(spec, out, [fmt]); return time.perf_counter() - start
timed(leaflets[0], "leaflet")  # fonts and metrics loaded: the process is warm
first = [timed(spec, "leaflet") for spec in leaflets[1:]]  # each spec's first build
again = [sum(timed(spec, "leaflet") for spec in leaflets) / len(leaflets) for _ in range(rounds)]
timed(talk, "deck")
deck = [timed(talk, "deck") for _ in range(rounds)]
print(json.dumps({"first": statistics.median(first), "again": statistics.median(again),
                  "deck": statistics.median(deck)}))
"""


class Tree:
    """A leafdeck source tree to measure, on its own handouts, decks and fonts (an older tree may
    not read today's specs); paths like LEAFLET are relative to it."""

    def __init__(self, name: str, path: Path, scratch: Path) -> None:
        self.name = name
        self.path = path
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update(
            PYTHONPATH=str(path),
            PYTHONPYCACHEPREFIX=str(scratch / f"pyc-{name}"),
        )

    def run(self, *args: str | Path, out: Path) -> tuple[float, int]:
        return timed([sys.executable, "-m", "builder", *map(str, args), "-o", str(out)], self.env, self.path)


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    """Wall time of one process and its peak memory (KB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    error = proc.stderr.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return seconds, usage.ru_maxrss


def alternate(runs: int, contenders: dict[str, Callable[[], tuple[float, int]]]) -> dict[str, list[float]]:
    """Run each contender once per round, in turn, so load changes hit them all alike."""
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    peaks: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, run in contenders.items():
            seconds, peak = run()
            samples[name].append(seconds)
            peaks[name].append(peak / 1024)
    return {**{n: s for n, s in samples.items()}, **{f"{n} MB": p for n, p in peaks.items()}}


def typst_contender(scratch: Path) -> Callable[[], tuple[float, int]] | None:
    """A whole `python` process compiling the Typst twin of the leaflet, with the bundled fonts."""
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    from typst_leaflet import typst_source

    source = scratch / "leaflet.typ"
    source.write_text(typst_source(REPO / LEAFLET), encoding="utf-8")
    script = (
        "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
        "font_paths=[sys.argv[3]], ignore_system_fonts=True)"
    )
    command = [sys.executable, "-c", script, str(source), str(scratch / "typst.pdf"), str(REPO / "fonts")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return lambda: timed(command, env, scratch)


def warm(tree: Tree) -> dict[str, float]:
    leaflets = sorted((tree.path / "handouts").glob("*.yaml"))
    out = subprocess.run(
        [sys.executable, "-c", _WARM, str(TALK), *map(str, leaflets)],
        env=tree.env,
        cwd=tree.path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(out.splitlines()[-1])
    return result


def watch_latency(tree: Tree, scratch: Path, saves: int) -> float:
    """Median time from saving a spec to both its new leaflet and deck being on disk."""
    folder = scratch / f"watch-{tree.name}"
    shutil.copytree(tree.path / "handouts", folder / "handouts")
    spec, out = folder / "handouts" / WATCHED, folder / "out"
    outputs = [out / f"{spec.stem}.leaflet.pdf", out / f"{spec.stem}.deck.pptx"]
    command = [sys.executable, "-m", "builder", "watch", str(spec), "-f", "leaflet,deck", "-o", str(out)]
    proc = subprocess.Popen(
        command, env=tree.env, cwd=tree.path, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    latencies = []
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # "watching …"
        proc.stdout.readline()  # the first build
        text = spec.read_text(encoding="utf-8")
        for n in range(saves):
            before = [p.stat().st_mtime_ns for p in outputs]
            time.sleep(0.3)
            start = time.perf_counter()
            spec.write_text(f"{text}\n# save {n}\n", encoding="utf-8")
            line = proc.stdout.readline()  # the watcher reports once both files are written
            latencies.append(time.perf_counter() - start)
            if "rebuilt" not in line or [p.stat().st_mtime_ns for p in outputs] == before:
                raise SystemExit(f"watch did not rebuild: {line}")
    finally:
        proc.terminate()
        proc.wait()
    return statistics.median(latencies)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="source tree of an earlier leafdeck, measured alike")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    load_start = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        trees = [Tree("after", REPO, scratch)]
        if args.before:
            trees.insert(0, Tree("before", args.before.resolve(), scratch))
        for tree in trees:  # fill the bytecode, metrics, face and QR caches: an installed, used leafdeck
            tree.run("build", LEAFLET, TALK, "-f", "leaflet,deck", out=scratch / "warmup")
        contenders: dict[str, Callable[[], tuple[float, int]]] = {
            tree.name: (lambda t=tree: t.run("build", LEAFLET, "-f", "leaflet", out=scratch / t.name))
            for tree in trees
        }
        typst = typst_contender(scratch)
        if typst is not None:
            contenders["typst"] = typst
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        contenders["python"] = lambda: timed([sys.executable, "-c", "pass"], env, scratch)
        cold = alternate(args.runs, contenders)
        library = alternate(
            max(3, args.runs // 2),
            {
                t.name: (
                    lambda t=t: t.run(
                        "build",
                        "handouts",
                        "decks",
                        "-f",
                        "all",
                        "--jobs",
                        "2",
                        out=scratch / "lib",
                    )
                )
                for t in trees
            },
        )
        warmed = {t.name: warm(t) for t in trees}
        watched = {t.name: watch_latency(t, scratch, args.runs) for t in trees}
    load_end = os.getloadavg()

    def row(label: str, values: dict[str, float], unit: str, target: str = "", digits: int = 3) -> str:
        cells = [f"{values[t.name]:.{digits}f} {unit}" for t in trees]
        return f"| {label} | {' | '.join(cells)} | {target} |"

    med = {name: statistics.median(samples) for name, samples in cold.items()}
    rows = [
        row(f"cold CLI, one two-page leaflet ({LEAFLET.name}), whole process", med, "s", TARGETS["cold"]),
        row(
            "warm, per leaflet, each spec's first build in a warm process (batch)",
            {n: w["first"] for n, w in warmed.items()},
            "s",
            TARGETS["warm"],
            4,
        ),
        row(
            "warm, per leaflet, the same specs again (watch)",
            {n: w["again"] for n, w in warmed.items()},
            "s",
            TARGETS["warm"],
            4,
        ),
        row(
            f"warm, talk deck ({TALK.name}, 32 slides)",
            {n: w["deck"] for n, w in warmed.items()},
            "s",
            TARGETS["deck"],
        ),
        row(f"`leafdeck watch`, save to new leaflet + deck ({WATCHED})", watched, "s", TARGETS["watch"]),
        row(
            "whole bundled library, `-f all --jobs 2`, whole process",
            {n: statistics.median(s) for n, s in library.items()},
            "s",
            TARGETS["library"],
        ),
        row(
            "peak memory, cold leaflet process",
            {t.name: med[f"{t.name} MB"] for t in trees},
            "MB",
            TARGETS["memory"],
            0,
        ),
    ]
    header = "| measure | " + " | ".join(t.name if args.before else "result" for t in trees) + " | target |"
    lines = [header, "|---" * (len(trees) + 2) + "|", *rows]
    ratio_lines = []
    if typst is not None:
        for t in trees:
            ratio = med[t.name] / med["typst"]
            ratio_lines.append(
                f"- {t.name}: leafdeck {med[t.name]:.3f} s, Typst {med['typst']:.3f} s: **{ratio:.1f}×**"
            )
    headline = [
        "Cold build of one two-page Chinese leaflet, whole processes alternated in one run "
        f"({args.runs} rounds, medians); Typst compiles the same composed text with the same fonts "
        "(`benchmarks/typst_leaflet.py`, typst from PyPI, started from `python`):",
        "",
        *(ratio_lines or ["- Typst not installed (pip install 'leafdeck[bench]'): no comparison"]),
        f"- Python start-up alone: {med['python']:.3f} s",
    ]
    conditions = (
        f"Machine: {machine()}. Run {started}; load average (1 min) {load_start[0]:.1f} at the start, "
        f"{load_end[0]:.1f} at the end, on {os.cpu_count()} cores."
    )
    report = "\n".join([*headline, "", *lines])
    print(conditions)
    print(report)
    if args.write:
        text = (
            "# Benchmark results\n\n"
            "Made by `python benchmarks/bench.py --before TREE --write`. Medians of alternated runs;\n"
            "compare numbers from one run with each other, not across days.\n\n"
            f"{conditions}\n\n{report}\n"
        )
        (REPO / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
