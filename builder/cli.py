"""The `leafdeck` command: parse arguments, call the library, report. Nothing else."""

from __future__ import annotations

import errno
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from builder.errors import LeafdeckError

app = typer.Typer(
    help="Turn condition specs (YAML) into print-ready Chinese patient leaflets and talk decks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _report_failure(exc: BaseException, debug: bool, spec: Path | None = None) -> None:
    if debug:
        raise exc
    if isinstance(exc, LeafdeckError):
        for line in str(exc).splitlines():
            _err(f"error: {line}")
    else:
        where = f"{spec}: " if spec else ""
        detail = f"{type(exc).__name__}: {exc}"
        _err(f"error: {where}internal error ({detail}); run again with --debug and report it")


@app.command()
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Spec files or folders of specs [default: handouts/ and decks/]"),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = Path("out"),
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="leaflet, exercise, booklet, trifold, deck, or all (comma-separated) "
            "[default: leaflet; deck for talks]",
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Build this many specs at once")] = 1,
    paper: Annotated[
        str,
        typer.Option(
            help="Paper for printed formats: a4, a5 or letter; a booklet's sheet a4 (folded to A5), "
            "a3 (to A4) or letter, a tri-fold's a4 or letter"
        ),
    ] = "a4",
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Large-print edition: body 16 pt, more pages")
    ] = False,
    bleed: Annotated[
        float, typer.Option(min=0, max=10, help="Bleed in mm with crop marks, for print shops (e.g. 3)")
    ] = 0.0,
    only: Annotated[
        str | None, typer.Option(help="Exercise sheet: exercises or stages to show, by name or number")
    ] = None,
    dose: Annotated[
        str | None, typer.Option(help="Exercise sheet: one dose for all, e.g. sets=3,reps=12,hold=5,times=2")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            help="Name this edition in the printed files' names, e.g. a patient's: "
            "knee.exercise-wang.pdf [default for --only/--dose: what was chosen]"
        ),
    ] = None,
    final: Annotated[
        bool, typer.Option("--final", help="Refuse drafts: every spec needs a review_date")
    ] = False,
    handout: Annotated[
        bool,
        typer.Option(
            "--handout",
            help="With the deck, also the audience's handout PDF: six slides a page, lines for notes",
        ),
    ] = False,
    embed_fonts: Annotated[
        bool,
        typer.Option(
            "--embed-fonts",
            help="Deck: use the bundled Noto Sans TC/SC and embed it, subset to the deck's characters "
            "(PowerPoint shows it where the font is missing; see README)",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks")] = False,
) -> None:
    """Build leaflets and exercise sheets (PDF) and talk decks (PPTX) from specs.

    Example: leafdeck build handouts decks -f all --jobs 2
    """
    from builder.batch import Interrupted, Outcome, run_batch

    chosen = _chosen_formats(formats)
    options = replace(
        _print_options(paper, large_print, bleed, only, dose, chosen, name),
        final=final,
        embed_fonts=embed_fonts,
    )
    if handout:
        _handout_check(chosen, options.paper)
        options = replace(options, handout=True)
    where = paths or [p for p in (Path("handouts"), Path("decks")) if p.is_dir()] or [Path("handouts")]
    specs = _specs(where, out)
    started = time.perf_counter()
    with _progress(len(specs)) as advance:

        def report(outcome: Outcome) -> None:
            for line in outcome.errors:
                _err(f"error: {line}")
            if outcome.skipped:
                _err(f"warning: {outcome.skipped}")
            for built in outcome.built:
                more = f", {built.continuations} continued" if built.continuations else ""
                typer.echo(f"built {built.path} ({_count(built.pages, built.unit)}{more})")
                for warning in built.warnings:
                    _err(f"warning: {outcome.spec}: {warning}")
                for note in built.notes:
                    _err(f"note: {outcome.spec}: {note}")
            advance(outcome.spec)

        try:
            outcomes = run_batch(specs, out, chosen, jobs, debug, report, options)
        except Interrupted as stop:
            if stop.outcomes:
                _summary(stop.outcomes, time.perf_counter() - started)
            _err(f"interrupted: {len(stop.outcomes)} of {len(specs)} specs finished; no partial files left")
            raise typer.Exit(130) from None
    failed = sum(1 for o in outcomes if o.errors)
    if len(specs) > 1:
        _summary(outcomes, time.perf_counter() - started)
    if failed:
        if failed == len(specs) > 1:
            _err(f"all {failed} specs failed")
        elif len(specs) > 1:
            _err(f"{failed} of {len(specs)} specs failed; the others were built")
        raise typer.Exit(1)
    if not any(o.built for o in outcomes):
        _err("error: nothing was built; see the warnings above")
        raise typer.Exit(1)


def _specs(where: list[Path], out: Path) -> list[Path]:
    """The spec files under `where`; none, or two that would write the same outputs, stop here."""
    from builder.build import find_specs

    specs = find_specs(where)
    if not specs:
        _err(f"error: no spec files (*.yaml) in {', '.join(str(p) for p in where)}")
        raise typer.Exit(1)
    _refuse_clashes(specs, out)
    return specs


def _refuse_clashes(specs: list[Path], out: Path) -> None:
    """Two specs that would write the same outputs are a usage mistake (exit 2), named both."""
    from builder.build import clash_message, name_clashes

    clashes = name_clashes(specs)
    for first, second in clashes:
        _err(f"error: {clash_message(first, second, out)}")
    if clashes:
        raise typer.Exit(2)


def _chosen_formats(text: str | None) -> list[str] | None:
    """-f as format names (None: each kind of spec's default); a wrong name is a usage mistake."""
    from builder.build import parse_formats

    try:
        return parse_formats(text) if text is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--format'") from None


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'s' if number != 1 else ''}"


def _print_options(
    paper: str,
    large_print: bool,
    bleed: float,
    only: str | None = None,
    dose: str | None = None,
    formats: list[str] | None = None,
    name: str | None = None,
) -> Any:
    from builder.build import DEFAULT_FORMATS, PAPERS, PrintOptions, name_problem, paper_problem
    from builder.compose.exercise_sheet import parse_dose

    if paper.lower() not in PAPERS:
        raise typer.BadParameter(f"must be one of {', '.join(PAPERS)}", param_hint="'--paper'")
    problem = paper_problem(DEFAULT_FORMATS if formats is None else formats, paper.lower())
    if problem:
        raise typer.BadParameter(problem, param_hint="'--paper'")
    try:
        doses = parse_dose(dose) if dose else ()
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--dose'") from None
    if name is not None and (problem := name_problem(name)):
        raise typer.BadParameter(problem, param_hint="'--name'")
    chosen = tuple(part.strip() for part in (only or "").split(",") if part.strip())
    return PrintOptions(paper.lower(), large_print, bleed, chosen, doses, name or "")


def _handout_check(formats: list[str] | None, paper: str) -> None:
    """--handout is printed from the deck, on A4 or Letter; asked for without a deck it is a mistake."""
    from builder.build import HANDOUT_PAPERS

    if formats is not None and "deck" not in formats:
        raise typer.BadParameter(
            "the handout is printed from the deck: add -f deck (or -f all)", param_hint="'--handout'"
        )
    if paper not in HANDOUT_PAPERS:
        raise typer.BadParameter(
            f"the handout is printed on A4 or Letter, not {paper.upper()}",
            param_hint="'--handout'",
        )


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


@app.command()
def preview(
    paths: Annotated[list[Path], typer.Argument(help="Spec files or folders of specs")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder; pictures go in OUT/preview")
    ] = Path("out"),
    formats: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Comma list: leaflet, exercise, booklet, trifold, deck, or all"),
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks")] = False,
) -> None:
    """Build, then save a picture of every page and slide, and one contact sheet per document.

    Example: leafdeck preview handouts/sciatica.yaml -f all
    """
    from builder.batch import run_batch
    from builder.preview import preview as make_preview

    chosen = _chosen_formats(formats)
    specs = _specs(paths, out)
    failed = 0
    for outcome in run_batch(specs, out, chosen, debug=debug):
        for line in outcome.errors:
            _err(f"error: {line}")
        if outcome.skipped:
            _err(f"warning: {outcome.skipped}")
        failed += bool(outcome.errors)
        for built in outcome.built:
            try:
                shown = make_preview(built.path, out / "preview")
            except Exception as exc:
                failed += 1
                _report_failure(exc, debug, outcome.spec)
                continue
            typer.echo(f"preview {shown.sheet} ({_count(len(shown.pages), built.unit)})")
            if shown.note:
                _err(f"note: {built.path.name}: {shown.note}")
    if failed:
        raise typer.Exit(1)


@app.command()
def watch(
    paths: Annotated[list[Path], typer.Argument(help="Spec files or folders of specs to watch")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = Path("out"),
    formats: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Comma list: leaflet, exercise, booklet, trifold, deck, or all"),
    ] = None,
    interval: Annotated[float, typer.Option(min=0.05, help="Seconds between looks at the files")] = 0.1,
    most: Annotated[int | None, typer.Option("--stop-after", hidden=True)] = None,
) -> None:
    """Rebuild a spec's outputs each time it (or its clinic profile, or a spec a talk uses) is saved.

    Example: leafdeck watch handouts/knee-pain.yaml -f all
    """
    from builder.batch import Outcome
    from builder.build import find_specs
    from builder.watch import Watcher

    chosen = _chosen_formats(formats)
    _refuse_clashes(find_specs(paths), out)  # as build does; a clash made later is reported

    def report(outcome: Outcome) -> None:
        stamp = time.strftime("%H:%M:%S")
        if outcome.errors:
            for line in outcome.errors:
                _err(f"{stamp} error: {line}")
            _err(f"{stamp} not rebuilt {outcome.spec}; fix it and save again")
        else:
            made = ", ".join(f"{b.path.name} ({_count(b.pages, b.unit)})" for b in outcome.built)
            typer.echo(f"{stamp} rebuilt {outcome.spec} in {outcome.seconds:.2f} s: {made}")
            for built in outcome.built:
                for warning in built.warnings:
                    _err(f"{stamp} warning: {outcome.spec}: {warning}")
        sys.stdout.flush()
        sys.stderr.flush()

    typer.echo(f"watching {', '.join(map(str, paths))}; press Ctrl+C to stop")
    try:
        Watcher(paths, out, chosen, report).run(interval, most)
    except KeyboardInterrupt:
        typer.echo("stopped")


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Spec files or folders of specs")],
    debug: Annotated[bool, typer.Option(help="Show tracebacks")] = False,
) -> None:
    """Check specs (fields, clinic file, fonts) without building anything.

    Example: leafdeck validate handouts/
    """
    from builder.build import check_spec, find_specs

    specs = find_specs(paths)
    if not specs:
        _err("error: no spec files (*.yaml) found")
        raise typer.Exit(1)
    failed = 0
    for spec in specs:
        try:
            _, _, warnings = check_spec(spec)
        except Exception as exc:
            failed += 1
            _report_failure(exc, debug, spec)
            continue
        typer.echo(f"ok {spec}")
        for warning in warnings:
            _err(f"warning: {spec}: {warning}")
    if failed:
        raise typer.Exit(1)


@app.command()
def init(
    name: Annotated[str, typer.Argument(help="File name without .yaml, e.g. knee-pain")],
    lang: Annotated[str, typer.Option("--lang", help="zh-Hant-TW (Taiwan) or zh-Hans-CN (mainland)")] = (
        "zh-Hant-TW"
    ),
    folder: Annotated[Path, typer.Option("--dir", help="Folder to write into")] = Path("handouts"),
) -> None:
    """Write a starting spec with every section and a comment on each; it builds as written.

    Example: leafdeck init knee-pain --lang zh-Hant-TW
    """
    from builder.spec.model import LANGUAGES

    if lang not in LANGUAGES:
        raise typer.BadParameter(f"must be one of {', '.join(LANGUAGES)}", param_hint="'--lang'")
    from builder.init import write_starting_spec

    try:
        path = write_starting_spec(name, lang, folder)
    except LeafdeckError as exc:
        _report_failure(exc, False)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {path}; edit it, then: leafdeck build {path}")


@app.command()
def lint(
    paths: Annotated[list[Path], typer.Argument(help="Spec files or folders of specs")],
    strict: Annotated[bool, typer.Option("--strict", help="Treat findings as errors (exit 1)")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks")] = False,
) -> None:
    """Point out what could confuse a patient: long sentences, jargon, no red flags, old reviews.

    Example: leafdeck lint handouts/ --strict
    """
    from builder.build import find_specs
    from builder.lint import lint as lint_spec
    from builder.spec.loader import load_any

    specs = find_specs(paths)
    if not specs:
        _err("error: no spec files (*.yaml) found")
        raise typer.Exit(1)
    failed = found = 0
    for spec in specs:
        try:
            findings = lint_spec(load_any(spec))
        except Exception as exc:
            failed += 1
            _report_failure(exc, debug, spec)
            continue
        found += len(findings)
        for finding in findings:
            typer.echo(f"{'error' if strict else 'warning'}: {finding}")
        if not findings:
            typer.echo(f"ok {spec}")
    if failed or (strict and found):
        raise typer.Exit(1)


@app.command()
def convert(
    spec: Annotated[Path, typer.Argument(help="The condition spec to convert")],
    to: Annotated[str, typer.Option("--to", help="zh-Hans-CN (mainland) or zh-Hant-TW (Taiwan)")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="New spec file [default: SPEC.<language>.yaml]")
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks")] = False,
) -> None:
    """Write a Taiwan ↔ mainland copy of a spec (words, not just characters), marked for review.

    Example: leafdeck convert handouts/sciatica.yaml --to zh-Hans-CN
    """
    from builder.spec.model import LANGUAGES

    if to not in LANGUAGES:
        raise typer.BadParameter(f"must be one of {', '.join(LANGUAGES)}", param_hint="'--to'")
    from builder.convert import convert_spec

    try:
        written = convert_spec(spec, to, out)
    except Exception as exc:
        _report_failure(exc, debug, spec)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {written}; have a person review it, then add review_date")


@app.command()
def schema(
    clinic: Annotated[
        bool, typer.Option("--clinic", help="Print the clinic profile's schema instead")
    ] = False,
    talk: Annotated[bool, typer.Option("--talk", help="Print the talk spec's schema instead")] = False,
) -> None:
    """Print the JSON Schema of a condition spec, for editor validation and completion.

    Example: leafdeck schema > leafdeck.schema.json
    """
    from pydantic import BaseModel

    from builder.spec.model import ClinicProfile, ConditionSpec
    from builder.spec.talk import TalkSpec

    if clinic and talk:
        raise typer.BadParameter("choose one of --clinic and --talk")
    model: type[BaseModel] = ClinicProfile if clinic else TalkSpec if talk else ConditionSpec
    typer.echo(json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def pictures(
    gallery: Annotated[
        Path | None, typer.Option("--gallery", help="Write a contact sheet of every picture to this PDF")
    ] = None,
    language: Annotated[
        str, typer.Option("--language", "-l", help="zh-Hant-TW or zh-Hans-CN: the descriptions' language")
    ] = "zh-Hant-TW",
) -> None:
    """List the picture library: names to use as `picture:` in a spec, with what each shows.

    Example: leafdeck pictures --gallery pictures.pdf
    """
    from builder.figures.library import library

    if language not in ("zh-Hant-TW", "zh-Hans-CN"):
        raise typer.BadParameter("use zh-Hant-TW or zh-Hans-CN", param_hint="--language")
    pictures = library()
    if gallery is None:
        for name, picture in pictures.items():
            typer.echo(f"{name}\t{picture.description(language)}")
        return
    if gallery.suffix.lower() != ".pdf":
        raise typer.BadParameter("the gallery is a PDF; name it ….pdf", param_hint="--gallery")
    from builder.figures.picture import picture_scene
    from builder.output import write_atomic
    from builder.render.pdf.gallery import render_gallery
    from builder.typeset import fonts_for_language

    entries = [(n, p.description(language), picture_scene(p, language)) for n, p in pictures.items()]
    title = {"zh-Hant-TW": "leafdeck 圖庫", "zh-Hans-CN": "leafdeck 图库"}[language]
    write_atomic(gallery, render_gallery(entries, fonts_for_language(language), title, language))
    typer.echo(f"wrote {gallery} ({len(entries)} pictures)")


def main() -> None:
    """Console entry point; usage errors exit 2, bad input 1, Ctrl+C 130."""
    import signal

    from builder.collector import pause_collector

    pause_collector()  # until the first spec is built: see builder.collector

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends a build like Ctrl+C: no temporary files left
    # Pydantic looks for plugins (validation hooks) in every installed package's metadata before
    # building the spec models; a one-shot command has none to run. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            raise
        _output_failed(exc)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# Writing to the terminal, a pipe or a file failed: full disk, closed pipe, lost terminal.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT}


def _output_failed(exc: OSError) -> None:
    """One line on stderr instead of a traceback; stdout is pointed at nothing so that Python's
    own flush at exit does not fail a second time."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    with suppress(OSError):
        _err(f"error: cannot write the command's output ({exc.strerror or exc})")
    sys.exit(1)
