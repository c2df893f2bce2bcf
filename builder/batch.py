"""Build many specs, one after another or in parallel processes, and report each as it ends.

A failure in one spec never stops the others. Parallel workers load the fonts once
each when they start, so a big library pays for fonts once per core, not per spec.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.build import DEFAULT_PRINT, Built, PrintOptions, build_spec
from builder.errors import LeafdeckError


@dataclass
class Outcome:
    """What building one spec gave: its outputs, or the error lines a user should read."""

    spec: Path
    built: list[Built] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def warnings(self) -> int:
        return sum(len(b.warnings) for b in self.built)


def build_one(
    spec: Path,
    out: Path,
    formats: list[str] | None,
    debug: bool = False,
    options: PrintOptions = DEFAULT_PRINT,
) -> Outcome:
    start = time.perf_counter()
    try:
        built = build_spec(spec, out, formats, options)
    except LeafdeckError as exc:
        return Outcome(spec, errors=str(exc).splitlines(), seconds=time.perf_counter() - start)
    except Exception as exc:
        if debug:
            raise
        detail = f"{type(exc).__name__}: {exc}"
        message = f"{spec}: internal error ({detail}); run again with --debug and report it"
        return Outcome(spec, errors=[message], seconds=time.perf_counter() - start)
    return Outcome(spec, built, seconds=time.perf_counter() - start)


def warm_worker() -> None:
    """Load both languages' font metrics once in a new worker process."""
    from builder.typeset import fonts_for_language

    for language in ("zh-Hant-TW", "zh-Hans-CN"):
        fonts = fonts_for_language(language)
        fonts.regular.choose("一")
        fonts.bold.choose("一")


def run_batch(
    specs: Iterable[Path],
    out: Path,
    formats: list[str] | None,
    jobs: int = 1,
    debug: bool = False,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    options: PrintOptions = DEFAULT_PRINT,
) -> list[Outcome]:
    """Build every spec; `on_done` hears of each in the order given, as soon as it is ready."""
    specs = list(specs)
    outcomes: list[Outcome] = []
    if jobs <= 1 or len(specs) <= 1:
        for spec in specs:
            outcomes.append(build_one(spec, out, formats, debug, options))
            on_done(outcomes[-1])
        return outcomes
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing costs a one-spec build 0.05 s

    with ProcessPoolExecutor(max_workers=min(jobs, len(specs)), initializer=warm_worker) as pool:
        futures = [pool.submit(build_one, spec, out, formats, debug, options) for spec in specs]
        for future in futures:
            outcomes.append(future.result())
            on_done(outcomes[-1])
    return outcomes
