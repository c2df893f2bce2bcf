"""Measure leafdeck on the seed handouts and the bundled talk: cold CLI and warm times, sizes, memory.

Run: python benchmarks/bench.py [--runs 7] [--write]
Numbers are medians of several runs; the machine is noisy, so compare ratios
within one run rather than numbers across days. --write updates RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HANDOUTS = REPO / "handouts"
DECKS = REPO / "decks"
TARGETS = {"cold": 0.35, "warm": 0.05, "kb_per_page": 90, "warm_deck_30": 0.5}


def cold_cli(spec: Path, runs: int, env: dict[str, str], *extra: str) -> tuple[float, int]:
    """Median wall time of `leafdeck build` in a new process; peak RSS (KB) of those processes."""
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "builder", "build", str(spec), "-o", out, *extra],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return statistics.median(times), peak


_BREAKDOWN = """
import time, json, sys
from pathlib import Path
t = [time.perf_counter()]
import typer; t.append(time.perf_counter())
import builder.spec.model; t.append(time.perf_counter())
import reportlab.platypus; t.append(time.perf_counter())
import builder.cli, builder.build, builder.render.pdf; t.append(time.perf_counter())
from builder.build import check_spec
from builder.compose.leaflet import compose_leaflet
from builder.render.pdf import render_leaflet_pdf
loaded, fonts, _ = check_spec(Path(sys.argv[1])); t.append(time.perf_counter())
render_leaflet_pdf(compose_leaflet(loaded), fonts); t.append(time.perf_counter())
names = ["typer", "pydantic + spec models", "reportlab", "rest of leafdeck", "load + validate + font check",
         "compose + render (fonts parsed by reportlab)"]
print(json.dumps(dict(zip(names, [b - a for a, b in zip(t, t[1:])]))))
"""


def cold_breakdown(spec: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    """Where a cold build's time goes, phase by phase, in fresh processes (medians)."""
    import json

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _BREAKDOWN, str(spec)], cwd=REPO, env=env, check=True, capture_output=True
        ).stdout
        for name, seconds in json.loads(out).items():
            samples.setdefault(name, []).append(seconds)
    return {name: statistics.median(values) for name, values in samples.items()}


def python_startup(runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(specs: list[Path], rounds: int) -> tuple[float, dict[str, tuple[int, int]]]:
    """Median per-leaflet time when one process builds many; pages and bytes per spec."""
    sys.path.insert(0, str(REPO))
    from builder.build import build_spec

    sizes: dict[str, tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as out:
        for spec in specs:  # first round loads fonts and metrics: not counted
            built = build_spec(spec, Path(out), ["leaflet"])[0]
            sizes[spec.stem] = (built.pages, built.path.stat().st_size)
        per_round = []
        for _ in range(rounds):
            start = time.perf_counter()
            for spec in specs:
                build_spec(spec, Path(out), ["leaflet"])
            per_round.append((time.perf_counter() - start) / len(specs))
    return statistics.median(per_round), sizes


def warm_decks(specs: list[Path], rounds: int) -> dict[str, tuple[float, int, int, int]]:
    """Per deck: median build time in a warm process, slides, continuation slides, bytes."""
    sys.path.insert(0, str(REPO))
    from builder.build import build_spec

    results: dict[str, tuple[float, int, int, int]] = {}
    with tempfile.TemporaryDirectory() as out:
        for spec in specs:
            built = build_spec(spec, Path(out), ["deck"])[0]  # the first build warms caches
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                build_spec(spec, Path(out), ["deck"])
                times.append(time.perf_counter() - start)
            size = built.path.stat().st_size
            results[spec.stem] = (statistics.median(times), built.pages, built.continuations, size)
    return results


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    return f"{system}, {cpu}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    specs = sorted(HANDOUTS.glob("*.yaml"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as cache:
        first_ever, _ = cold_cli(specs[0], 1, {**env, "LEAFDECK_CACHE_DIR": cache})
    startup = python_startup(args.runs, env)
    cold, peak_cold = cold_cli(specs[0], args.runs, env)
    breakdown = cold_breakdown(specs[0], args.runs, env)
    warm_time, sizes = warm(specs, args.runs)
    talks = sorted(DECKS.glob("*.yaml"))
    cold_talk, _ = cold_cli(talks[0], args.runs, env)
    cold_deck, _ = cold_cli(specs[0], args.runs, env, "-f", "deck")
    decks = warm_decks([*talks, *specs], args.runs)
    peak_warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = [
        f"| cold CLI, one leaflet ({specs[0].name}), median of {args.runs} | {cold:.3f} s | "
        f"≤ {TARGETS['cold']} s |",
        f"| of which Python start-up alone | {startup:.3f} s | |",
        f"| cold CLI, first run on a machine (font metrics not cached yet) | {first_ever:.3f} s | |",
        f"| warm, per leaflet, {len(specs)} seeds × {args.runs} rounds in one process | {warm_time:.3f} s | "
        f"≤ {TARGETS['warm']} s |",
        f"| peak memory, cold CLI process | {peak_cold / 1024:.0f} MB | |",
        f"| peak memory, warm process after {len(specs) * (args.runs + 1)} builds | "
        f"{peak_warm / 1024:.0f} MB | |",
    ]
    rows += [f"| cold phase: {name} | {seconds:.3f} s | |" for name, seconds in breakdown.items()]
    rows += [
        f"| cold CLI, talk deck ({talks[0].name}) | {cold_talk:.3f} s | |",
        f"| cold CLI, one condition deck ({specs[0].name} -f deck) | {cold_deck:.3f} s | |",
    ]
    deck_rows = [
        f"| {stem} | {slides} | {more} | {seconds:.3f} s | {size / 1024:.0f} KB |"
        for stem, (seconds, slides, more, size) in decks.items()
    ]
    size_rows = []
    for stem, (pages, size) in sizes.items():
        size_rows.append(f"| {stem} | {pages} | {size / 1024:.0f} KB | {size / pages / 1024:.0f} KB |")
    report = "\n".join(
        [
            "| measure | result | target |",
            "|---|---|---|",
            *rows,
            "",
            f"PDF size (target ≤ {TARGETS['kb_per_page']} KB per page):",
            "",
            "| handout | pages | bytes | per page |",
            "|---|---|---|---|",
            *size_rows,
            "",
            f"Decks, warm build time per deck (target ≤ {TARGETS['warm_deck_30']} s for a 30-slide deck):",
            "",
            "| deck | slides | continuation slides | warm build | size |",
            "|---|---|---|---|---|",
            *deck_rows,
        ]
    )
    print(machine())
    print(report)
    if args.write:
        text = (
            "# Benchmark results\n\n"
            "Made by `python benchmarks/bench.py --write`. Medians; the machine is shared and noisy,\n"
            "so compare numbers from one run with each other.\n\n"
            f"Machine: {machine()}. Date: {time.strftime('%Y-%m-%d')}.\n\n{report}\n"
        )
        (REPO / "benchmarks" / "RESULTS.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
