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
# measure: (what issue 14 recorded on 2026-11-22 on this machine, the target)
TARGETS = {
    "cold": ("0.77 s", "≤ 0.30 s"),
    "warm": ("0.085 s", "≤ 0.035 s"),
    "deck": ("0.40 s", "≤ 0.20 s"),
    "watch": ("—", "≤ 0.3 s"),
    "library": ("≈ 3 s", "≤ 1.5 s"),
    "memory": ("93 MB", "≤ 80 MB"),
}

_WARM = """
import json, statistics, sys, tempfile, time
from pathlib import Path
from builder.build import build_spec
from builder.collector import pause_collector, started
pause_collector()  # as a command starts (builder.entry): batch and watch run like this
leaflets = [Path(p) for p in sys.argv[2:]]
talk, rounds, out = Path(sys.argv[1]), 5, Path(tempfile.mkdtemp())
def timed(spec, fmt):
    wall, cpu = time.perf_counter(), time.process_time()
    build_spec(spec, out, [fmt])
    return time.perf_counter() - wall, time.process_time() - cpu
def medians(samples):
    return [statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)]
def per_leaflet():
    each = [timed(spec, "leaflet") for spec in leaflets]
    return sum(e[0] for e in each) / len(each), sum(e[1] for e in each) / len(each)
timed(leaflets[0], "leaflet")  # fonts and metrics loaded: the process is warm
started()  # as batch and watch after their first spec: what lives on frozen, collecting again
first = [timed(spec, "leaflet") for spec in leaflets[1:]]  # each spec's first build
again = [per_leaflet() for _ in range(rounds)]
timed(talk, "deck")
deck = [timed(talk, "deck") for _ in range(rounds)]
print(json.dumps({"first": medians(first), "again": medians(again), "deck": medians(deck)}))
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


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Wall time of one process, its CPU time (with its children's), and its peak memory (KB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    error = proc.stderr.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


Run = Callable[[], tuple[float, float, int]]


def alternate(runs: int, contenders: dict[str, Run]) -> dict[str, list[float]]:
    """Run each contender once per round, in turn, so load changes hit them all alike.
    Samples are named NAME (wall seconds), NAME CPU (seconds) and NAME MB (peak memory)."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, run in contenders.items():
            seconds, cpu, peak = run()
            samples.setdefault(name, []).append(seconds)
            samples.setdefault(f"{name} CPU", []).append(cpu)
            samples.setdefault(f"{name} MB", []).append(peak / 1024)
    return samples


def typst_contender(scratch: Path) -> Run | None:
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


def warm(tree: Tree, cache: Path | None = None) -> dict[str, list[float]]:
    """Warm builds in one process; with `cache`, that cache folder instead of the user's."""
    leaflets = sorted((tree.path / "handouts").glob("*.yaml"))
    out = subprocess.run(
        [sys.executable, "-c", _WARM, str(TALK), *map(str, leaflets)],
        env=tree.env if cache is None else {**tree.env, "LEAFDECK_CACHE_DIR": str(cache)},
        cwd=tree.path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, list[float]] = json.loads(out.splitlines()[-1])
    return result


def unfitted_cache(scratch: Path) -> Path:
    """A copy of the user's cache folder without the leaflet fit's remembered decisions
    (builder.leaflet_fit): fonts, faces and the rest stay made, as on a machine that has built
    leaflets before, but every spec's fit is searched as for a spec never built."""
    folder = scratch / "cache-unfitted"
    shutil.rmtree(folder, ignore_errors=True)
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    user = Path(os.environ.get("LEAFDECK_CACHE_DIR") or Path(home) / "leafdeck")
    shutil.copytree(user, folder, ignore=shutil.ignore_patterns("fit-*", ".*.tmp"))
    return folder


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
            tree.run("build", "handouts", "-f", "leaflet", out=scratch / "warmup")  # fits remembered
        contenders: dict[str, Run] = {
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
            max(2, args.runs // 2),
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
        unfitted = {t.name: warm(t, unfitted_cache(scratch)) for t in trees}
        watched = {t.name: watch_latency(t, scratch, args.runs) for t in trees}
    load_end = os.getloadavg()

    def row(
        label: str,
        wall: dict[str, float],
        unit: str,
        key: str,
        digits: int = 3,
        cpu: dict[str, float] | None = None,
    ) -> str:
        cells = [
            f"{wall[t.name]:.{digits}f} {unit}" + (f" ({cpu[t.name]:.{digits}f} s CPU)" if cpu else "")
            for t in trees
        ]
        recorded, target = TARGETS[key]
        return f"| {label} | {recorded} | {' | '.join(cells)} | {target} |"

    med = {name: statistics.median(samples) for name, samples in cold.items()}
    lib = {name: statistics.median(samples) for name, samples in library.items()}
    cpu_of = {t.name: med[f"{t.name} CPU"] for t in trees}

    def warm_row(
        label: str,
        which: str,
        key: str,
        digits: int = 3,
        runs: dict[str, dict[str, list[float]]] | None = None,
    ) -> str:
        runs = warmed if runs is None else runs
        wall = {n: w[which][0] for n, w in runs.items()}
        return row(label, wall, "s", key, digits, {n: w[which][1] for n, w in runs.items()})

    rows = [
        row(f"cold CLI, one two-page leaflet ({LEAFLET.name}), whole process", med, "s", "cold", cpu=cpu_of),
        warm_row("warm, per leaflet, each spec's first build in a warm process (batch)", "first", "warm", 4),
        warm_row(
            "the same, no fit remembered in the cache folder (a spec never built before)",
            "first",
            "warm",
            4,
            unfitted,
        ),
        warm_row("warm, per leaflet, the same specs again (watch)", "again", "warm", 4),
        warm_row(f"warm, talk deck ({TALK.name}, the bundled talk)", "deck", "deck"),
        row(f"`leafdeck watch`, save to new leaflet + deck ({WATCHED})", watched, "s", "watch"),
        row(
            "whole bundled library, `-f all --jobs 2`, whole process",
            lib,
            "s",
            "library",
            cpu={t.name: lib[f"{t.name} CPU"] for t in trees},
        ),
        row(
            "peak memory, cold leaflet process",
            {t.name: med[f"{t.name} MB"] for t in trees},
            "MB",
            "memory",
            0,
        ),
    ]
    names = " | ".join(t.name if args.before else "now" for t in trees)
    header = f"| measure | issue 14 (Nov 22) | {names} | target |"
    lines = [header, "|---" * (len(trees) + 3) + "|", *rows]
    ratio_lines = []
    if typst is not None:
        for t in trees:
            wall, cpu = med[t.name] / med["typst"], med[f"{t.name} CPU"] / med["typst CPU"]
            ratio_lines.append(
                f"- {t.name}: leafdeck {med[t.name]:.3f} s, Typst {med['typst']:.3f} s: **{wall:.1f}×** "
                f"(CPU time: {med[f'{t.name} CPU']:.3f} s against {med['typst CPU']:.3f} s, {cpu:.1f}×)"
            )
    headline = [
        "Cold build of one two-page Chinese leaflet, whole processes alternated in one run "
        f"({args.runs} rounds, medians); Typst compiles the same composed text with the same fonts "
        "(`benchmarks/typst_leaflet.py`, typst from PyPI, started from `python`):",
        "",
        *(ratio_lines or ["- Typst not installed (pip install 'leafdeck[bench]'): no comparison"]),
        f"- Python start-up alone: {med['python']:.3f} s ({med['python CPU']:.3f} s CPU)",
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
