"""`leafdeck build` once its command line is read: one copy for both ways in.

Why a module of its own, without typer: typer's start-up costs a cold build more than the build
needs (see builder.entry). builder.entry reads a plain build line itself and calls `build` here;
anything else goes to typer (builder.cli), whose `build` command calls the same function. So the
options are declared once (BUILD_OPTIONS, which cli's typer declarations and entry's reader both
read), and what a build does, says and exits with is written once.

A usage mistake found here (a wrong --format, --paper, --dose, --name or --handout) raises
UsageProblem before anything is written or printed: typer shows it in its own words (exit 2).
An ending with an exit code raises CommandExit.
"""

from __future__ import annotations

import codecs
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from builder.build import PrintOptions


class UsageProblem(Exception):
    """A value the command line got wrong; typer shows it as "Invalid value for HINT: MESSAGE", exit 2."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class CommandExit(Exception):
    """The command ends with this exit code; what to say has been said."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class BuildOption:
    """One option of `leafdeck build`, as typer declares it and builder.entry reads it."""

    key: str  # the keyword of `build`
    names: tuple[str, ...]  # as typer's Option takes them; "--debug/--no-debug" is a flag with its off switch
    kind: type  # bool (a flag), str, int, float or Path
    default: Any
    help: str
    min: float | None = None  # inclusive limits, checked by typer (and by entry, which leaves a
    max: float | None = None  # value out of them to typer, to say in its words)


PATHS_HELP = "Spec files or folders of specs [default: handouts/ and decks/]"

BUILD_OPTIONS = (
    BuildOption("out", ("--out", "-o"), Path, Path("out"), "Output folder"),
    BuildOption(
        "formats",
        ("--format", "-f"),
        str,
        None,
        "leaflet, exercise, booklet, trifold, deck, or all (comma-separated) "
        "[default: leaflet; deck for talks]",
    ),
    BuildOption("jobs", ("--jobs", "-j"), int, 1, "Build this many specs at once", min=1),
    BuildOption(
        "paper",
        ("--paper",),
        str,
        "a4",
        "Paper for printed formats: a4, a5 or letter; a booklet's sheet a4 (folded to A5), "
        "a3 (to A4) or letter, a tri-fold's a4 or letter",
    ),
    BuildOption(
        "large_print", ("--large-print",), bool, False, "Large-print edition: body 16 pt, more pages"
    ),
    BuildOption(
        "bleed",
        ("--bleed",),
        float,
        0.0,
        "Bleed in mm with crop marks, for print shops (e.g. 3)",
        min=0,
        max=10,
    ),
    BuildOption(
        "only", ("--only",), str, None, "Exercise sheet: exercises or stages to show, by name or number"
    ),
    BuildOption(
        "dose", ("--dose",), str, None, "Exercise sheet: one dose for all, e.g. sets=3,reps=12,hold=5,times=2"
    ),
    BuildOption(
        "name",
        ("--name",),
        str,
        None,
        "Name this edition in the printed files' names, e.g. a patient's: "
        "knee.exercise-wang.pdf [default for --only/--dose: what was chosen]",
    ),
    BuildOption("final", ("--final",), bool, False, "Refuse drafts: every spec needs a review_date"),
    BuildOption(
        "handout",
        ("--handout",),
        bool,
        False,
        "With the deck, also the audience's handout PDF: six slides a page, lines for notes",
    ),
    BuildOption(
        "embed_fonts",
        ("--embed-fonts",),
        bool,
        False,
        "Deck: use the bundled Noto Sans TC/SC and embed it, subset to the deck's characters "
        "(PowerPoint shows it where the font is missing; see README)",
    ),
    BuildOption("debug", ("--debug/--no-debug",), bool, False, "Show tracebacks"),
)
OPTIONS = {option.key: option for option in BUILD_OPTIONS}


def build(
    *,
    paths: list[Path] | None,
    out: Path,
    formats: str | None,
    jobs: int,
    paper: str,
    large_print: bool,
    bleed: float,
    only: str | None,
    dose: str | None,
    name: str | None,
    final: bool,
    handout: bool,
    embed_fonts: bool,
    debug: bool,
) -> None:
    """Build the specs at `paths` (None: handouts/ and decks/) as `leafdeck build` does.

    Every UsageProblem is raised before the first file is looked at, so that builder.entry can
    hand the whole command line to typer to say it."""
    chosen = chosen_formats(formats)
    options = replace(
        _print_options(paper, large_print, bleed, only, dose, chosen, name),
        final=final,
        embed_fonts=embed_fonts,
    )
    if handout:
        _handout_check(chosen, options.paper)
        options = replace(options, handout=True)
    from builder.batch import Interrupted, Outcome, run_batch

    where = paths or [p for p in (Path("handouts"), Path("decks")) if p.is_dir()] or [Path("handouts")]
    specs = specs_to_build(where, out)
    started = time.perf_counter()
    with _progress(len(specs)) as advance:

        def report(outcome: Outcome) -> None:
            for line in outcome.errors:
                err(f"error: {line}")
            if outcome.skipped:
                err(f"warning: {outcome.skipped}")
            for built in outcome.built:
                more = f", {built.continuations} continued" if built.continuations else ""
                echo(f"built {built.path} ({count(built.pages, built.unit)}{more})")
                for warning in built.warnings:
                    err(f"warning: {outcome.spec}: {warning}")
                for note in built.notes:
                    err(f"note: {outcome.spec}: {note}")
            advance(outcome.spec)

        try:
            outcomes = run_batch(specs, out, chosen, jobs, debug, report, options)
        except Interrupted as stop:
            if stop.outcomes:
                _summary(stop.outcomes, time.perf_counter() - started)
            err(f"interrupted: {len(stop.outcomes)} of {len(specs)} specs finished; no partial files left")
            raise CommandExit(130) from None
    failed = sum(1 for o in outcomes if o.errors)
    if len(specs) > 1:
        _summary(outcomes, time.perf_counter() - started)
    if failed:
        if failed == len(specs) > 1:
            err(f"all {failed} specs failed")
        elif len(specs) > 1:
            err(f"{failed} of {len(specs)} specs failed; the others were built")
        raise CommandExit(1)
    if not any(o.built for o in outcomes):
        err("error: nothing was built; see the warnings above")
        raise CommandExit(1)


def echo(message: str, stream: IO[str] | None = None) -> None:
    """A line on stdout (or `stream`) as typer.echo writes it, for both ways in to say the same:
    flushed at once, so that a full disk or a closed pipe is found here (builder.entry reports it)
    and not at exit; colour codes left out when the stream is not a terminal; UTF-8, characters it
    cannot take replaced, when the stream is set to ASCII (a C locale of an old system)."""
    stream = sys.stdout if stream is None else stream
    if stream is None:  # no standard streams at all
        return
    if "\x1b" in message and not stream.isatty():
        message = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", message)
    binary = getattr(stream, "buffer", None)
    if binary is not None and _ascii(getattr(stream, "encoding", None) or "ascii"):
        stream.flush()
        binary.write(f"{message}\n".encode("utf-8", "replace"))
        binary.flush()
        return
    stream.write(f"{message}\n")
    stream.flush()


def _ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def err(message: str) -> None:
    """A line on stderr (see echo)."""
    echo(message, sys.stderr)


def count(number: int, unit: str) -> str:
    return f"{number} {unit}{'s' if number != 1 else ''}"


def found_specs(where: list[Path]) -> list[Path]:
    """The spec files under `where`; a path that cannot be looked at (its name too long, say)
    is said in one line, exit 1."""
    from builder.build import find_specs
    from builder.errors import LeafdeckError

    try:
        return find_specs(where)
    except LeafdeckError as exc:
        err(f"error: {exc}")
        raise CommandExit(1) from None


def specs_to_build(where: list[Path], out: Path) -> list[Path]:
    """The spec files under `where`; none, or two that would write the same outputs, stop here."""
    specs = found_specs(where)
    if not specs:
        err(f"error: no spec files (*.yaml) in {', '.join(str(p) for p in where)}")
        raise CommandExit(1)
    refuse_clashes(specs, out)
    return specs


def refuse_clashes(specs: list[Path], out: Path) -> None:
    """Two specs that would write the same outputs are a usage mistake (exit 2), named both."""
    from builder.build import clash_message, name_clashes

    clashes = name_clashes(specs)
    for first, second in clashes:
        err(f"error: {clash_message(first, second, out)}")
    if clashes:
        raise CommandExit(2)


def chosen_formats(text: str | None) -> list[str] | None:
    """-f as format names (None: each kind of spec's default); a wrong name is a usage mistake."""
    from builder.build import parse_formats

    try:
        return parse_formats(text) if text is not None else None
    except ValueError as exc:
        raise UsageProblem(str(exc), "'--format'") from None


def _print_options(
    paper: str,
    large_print: bool,
    bleed: float,
    only: str | None = None,
    dose: str | None = None,
    formats: list[str] | None = None,
    name: str | None = None,
) -> PrintOptions:
    from builder.build import DEFAULT_FORMATS, PAPERS, PrintOptions, name_problem, paper_problem
    from builder.compose.exercise_sheet import parse_dose

    if paper.lower() not in PAPERS:
        raise UsageProblem(f"must be one of {', '.join(PAPERS)}", "'--paper'")
    problem = paper_problem(DEFAULT_FORMATS if formats is None else formats, paper.lower())
    if problem:
        raise UsageProblem(problem, "'--paper'")
    try:
        doses = parse_dose(dose) if dose else ()
    except ValueError as exc:
        raise UsageProblem(str(exc), "'--dose'") from None
    if name is not None and (problem := name_problem(name)):
        raise UsageProblem(problem, "'--name'")
    chosen = tuple(part.strip() for part in (only or "").split(",") if part.strip())
    return PrintOptions(paper.lower(), large_print, bleed, chosen, doses, name or "")


def _handout_check(formats: list[str] | None, paper: str) -> None:
    """--handout is printed from the deck, on A4 or Letter; asked for without a deck it is a mistake."""
    from builder.build import HANDOUT_PAPERS

    if formats is not None and "deck" not in formats:
        raise UsageProblem("the handout is printed from the deck: add -f deck (or -f all)", "'--handout'")
    if paper not in HANDOUT_PAPERS:
        raise UsageProblem(f"the handout is printed on A4 or Letter, not {paper.upper()}", "'--handout'")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Path], None]]:
    """A progress bar on the terminal (nothing when output goes to a file or a pipe, or for one spec)."""
    if total < 2:  # nothing to show: rich is not even imported
        yield lambda spec: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("building"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=total)
        yield lambda spec: progress.update(task, advance=1, description=spec.name)


def _summary(outcomes: list[Any], seconds: float) -> None:
    """One line per spec and a total: what a person scans after building a whole library."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=None, show_edge=False)
    for column in ("spec", "result", "outputs", "warnings", "time"):
        table.add_column(column, justify="right" if column in ("outputs", "warnings", "time") else "left")
    for o in outcomes:
        result = "failed" if o.errors else "built"
        table.add_row(str(o.spec), result, str(len(o.built)), str(o.warnings), f"{o.seconds:.2f} s")
    built = sum(1 for o in outcomes if not o.errors)
    table.add_row(
        f"{len(outcomes)} specs",
        f"{built} built, {len(outcomes) - built} failed",
        str(sum(len(o.built) for o in outcomes)),
        str(sum(o.warnings for o in outcomes)),
        f"{seconds:.2f} s",
    )
    Console(width=120).print(table)
