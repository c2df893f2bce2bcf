"""Build many specs, one after another or in parallel processes, and report each as it ends.

A failure in one spec never stops the others — not even a worker process killed mid-build (as
the out-of-memory killer does): the specs it may have been building are built again, alone if
need be, and the one that kills its worker is reported as failed. Parallel workers start with
the code and fonts every build needs: forked from the parent, which loads them once, or loading
them as they start where processes are not forked; a big library pays for them once, not per spec.
Ctrl+C stops the workers at once (their temporary files removed) and keeps what was finished.
"""

from __future__ import annotations

import gc
import signal
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from builder.build import DEFAULT_PRINT, Built, NothingToBuild, PrintOptions, build_spec, preload
from builder.collector import collector_paused, pause_collector, started
from builder.errors import LeafdeckError
from builder.output import temporary_files

if TYPE_CHECKING:  # multiprocessing costs a one-spec build 0.05 s: imported when a pool is made
    from concurrent.futures import Future, ProcessPoolExecutor


@dataclass
class Outcome:
    """What building one spec gave: its outputs, or the error lines a user should read."""

    spec: Path
    built: list[Built] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: str = ""  # why nothing was asked of this spec (a talk asked for a leaflet)

    @property
    def warnings(self) -> int:
        return sum(len(b.warnings) for b in self.built)


class Interrupted(KeyboardInterrupt):
    """Ctrl+C during a batch; carries the outcomes finished before it."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        super().__init__()
        self.outcomes = outcomes


def build_one(
    spec: Path,
    out: Path,
    formats: list[str] | None,
    debug: bool = False,
    options: PrintOptions = DEFAULT_PRINT,
) -> Outcome:
    try:
        return _outcome(spec, out, formats, debug, options)
    finally:
        started()  # the start-up is over: see builder.collector


def _outcome(spec: Path, out: Path, formats: list[str] | None, debug: bool, options: PrintOptions) -> Outcome:
    start = time.perf_counter()
    try:
        built = build_spec(spec, out, formats, options)
    except NothingToBuild as exc:
        return Outcome(spec, skipped=str(exc), seconds=time.perf_counter() - start)
    except LeafdeckError as exc:
        return Outcome(spec, errors=str(exc).splitlines(), seconds=time.perf_counter() - start)
    except Exception as exc:
        if debug:
            raise
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        message = f"{spec}: internal error ({detail}); run again with --debug and report it"
        return Outcome(spec, errors=[message], seconds=time.perf_counter() - start)
    return Outcome(spec, built, seconds=time.perf_counter() - start)


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def warm_worker(formats: list[str] | None = None) -> None:
    """In a new worker process: leave Ctrl+C to the parent (which ends the workers itself, so
    none dies printing a traceback), let a terminate unwind like an exit (so a half-written
    output's temporary file is removed), and load the code and fonts for the formats once
    (already loaded when the parent preloaded and the worker was forked from it)."""
    import multiprocessing

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if multiprocessing.get_start_method() != "fork":  # a forked worker has the parent's, frozen
        _load_for_life(formats)
    pause_collector()  # until its first spec fills the text caches (see builder.collector)
    signal.signal(signal.SIGTERM, _stop)  # after warming: nothing is written before this


def _load_for_life(formats: list[str] | None) -> None:
    """Load what every build needs (builder.build.preload), then put it out of the garbage
    collector's sight: it lives as long as the process, and full collections that walked its
    hundred thousand objects again and again were an eighth of a worker's time."""
    with collector_paused():  # and frozen before it runs again: it would only walk what was loaded
        with suppress(Exception):  # a head start only: each build reports what is wrong for its spec
            preload(formats)
        gc.freeze()


def run_batch(
    specs: Iterable[Path],
    out: Path,
    formats: list[str] | None,
    jobs: int = 1,
    debug: bool = False,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    options: PrintOptions = DEFAULT_PRINT,
) -> list[Outcome]:
    """Build every spec; `on_done` hears of each in the order given, as soon as it is ready.
    Ctrl+C raises Interrupted with the outcomes reported so far."""
    specs = list(specs)
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_done(outcome)

    try:
        if jobs <= 1 or len(specs) <= 1:
            for spec in specs:
                done(build_one(spec, out, formats, debug, options))
        else:
            _parallel(specs, min(jobs, len(specs)), done, (out, formats, debug, options))
    except KeyboardInterrupt:
        raise Interrupted(outcomes) from None
    return outcomes


Job = tuple[Path, list[str] | None, bool, PrintOptions]

# After a worker dies, the specs it may have been building are tried again in a new pool of
# this many rounds; still dying, each is built alone, so only the spec that kills a worker fails.
_POOLED_ROUNDS = 2


def _parallel(specs: list[Path], workers: int, done: Callable[[Outcome], None], job: Job) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    formats = job[1]
    if multiprocessing.get_start_method() == "fork":  # workers start as copies of this process
        _load_for_life(formats)
    started()  # what lives as long as the process is loaded and frozen: collect as usual again
    existing = set(temporary_files(job[0]))  # another process's, or left by a crash before
    results: dict[int, Outcome] = {}
    reported = 0
    todo = list(range(len(specs)))
    rounds = 0
    while todo:
        alone = rounds >= _POOLED_ROUNDS
        broken: list[int] = []
        for group in [[i] for i in todo] if alone else [todo]:
            pool = ProcessPoolExecutor(
                max_workers=1 if alone else workers, initializer=warm_worker, initargs=(formats,)
            )
            try:
                futures = {i: pool.submit(build_one, specs[i], *job) for i in group}
                for i, future in futures.items():
                    outcome = _result(future)
                    if outcome is None:
                        broken.append(i)
                        continue
                    results[i] = outcome
                    while reported in results:
                        done(results[reported])
                        reported += 1
            except BaseException:
                _end(pool, job[0], existing)
                raise
            pool.shutdown(wait=True)
            if alone:
                for i in broken:
                    results[i] = Outcome(specs[i], errors=[_killed(specs[i])])
                while reported in results:
                    done(results[reported])
                    reported += 1
        todo = [] if alone else broken
        rounds += 1


def _result(future: Future[Outcome]) -> Outcome | None:
    """The outcome, or None when the worker process died (killed, out of memory)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return None


def _killed(spec: Path) -> str:
    return (
        f"{spec}: the process building it was killed (often: the computer ran out of memory); "
        "build it alone to see, and shorten the spec if it happens again"
    )


def _end(pool: ProcessPoolExecutor, out: Path, before: set[Path]) -> None:
    """Stop a pool now: cancel what has not started, terminate the workers (each removes its
    temporary file as it exits), and wait at most two seconds for them. A worker still running
    then is killed, and cannot remove its own: the temporary files in `out` that were not there
    `before` the batch began are removed here (on a loaded machine a worker took longer than
    the half second it used to be given)."""
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 2.0
    killed = False
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()
            killed = True
    if killed:
        for left in set(temporary_files(out)) - before:
            left.unlink(missing_ok=True)
