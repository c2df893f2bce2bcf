"""The `leafdeck` command: parse arguments, call the library, report. Nothing else.

`leafdeck build` itself lives in builder.build_command, which builder.entry (the console entry
point) calls without typer for a plain build line; typer's `build` below is the same function
behind typer's parsing, for everything else.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from builder import build_command
from builder.build_command import OPTIONS, PATHS_HELP, CommandExit, UsageProblem, count
from builder.build_command import err as _err
from builder.collector import started
from builder.entry import main as main  # the console entry point, also reached from here
from builder.errors import LeafdeckError

app = typer.Typer(
    help="Turn condition specs (YAML) into print-ready Chinese patient leaflets and talk decks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


def _option(key: str) -> Any:
    """A build option as typer declares it, from the one table (builder.build_command)."""
    option = OPTIONS[key]
    return typer.Option(*option.names, help=option.help, min=option.min, max=option.max)


@app.command()
def build(
    paths: Annotated[list[Path] | None, typer.Argument(help=PATHS_HELP)] = None,
    out: Annotated[Path, _option("out")] = OPTIONS["out"].default,
    formats: Annotated[str | None, _option("formats")] = OPTIONS["formats"].default,
    jobs: Annotated[int, _option("jobs")] = OPTIONS["jobs"].default,
    paper: Annotated[str, _option("paper")] = OPTIONS["paper"].default,
    large_print: Annotated[bool, _option("large_print")] = OPTIONS["large_print"].default,
    bleed: Annotated[float, _option("bleed")] = OPTIONS["bleed"].default,
    only: Annotated[str | None, _option("only")] = OPTIONS["only"].default,
    dose: Annotated[str | None, _option("dose")] = OPTIONS["dose"].default,
    name: Annotated[str | None, _option("name")] = OPTIONS["name"].default,
    final: Annotated[bool, _option("final")] = OPTIONS["final"].default,
    handout: Annotated[bool, _option("handout")] = OPTIONS["handout"].default,
    embed_fonts: Annotated[bool, _option("embed_fonts")] = OPTIONS["embed_fonts"].default,
    debug: Annotated[bool, _option("debug")] = OPTIONS["debug"].default,
) -> None:
    """Build leaflets and exercise sheets (PDF) and talk decks (PPTX) from specs.

    Example: leafdeck build handouts decks -f all --jobs 2
    """
    # A plain build line does not come here: builder.entry reads it and calls the same function.
    with _in_typers_words():
        build_command.build(
            paths=paths,
            out=out,
            formats=formats,
            jobs=jobs,
            paper=paper,
            large_print=large_print,
            bleed=bleed,
            only=only,
            dose=dose,
            name=name,
            final=final,
            handout=handout,
            embed_fonts=embed_fonts,
            debug=debug,
        )


@contextmanager
def _in_typers_words() -> Iterator[None]:
    """builder.build_command's endings as typer's: a usage problem, an exit code."""
    try:
        yield
    except UsageProblem as problem:
        raise typer.BadParameter(problem.message, param_hint=problem.hint) from None
    except CommandExit as end:
        raise typer.Exit(end.code) from None


def _specs(where: list[Path], out: Path) -> list[Path]:
    with _in_typers_words():
        return build_command.specs_to_build(where, out)


def _found_specs(paths: list[Path]) -> list[Path]:
    with _in_typers_words():
        return build_command.found_specs(paths)


def _refuse_clashes(specs: list[Path], out: Path) -> None:
    with _in_typers_words():
        build_command.refuse_clashes(specs, out)


def _chosen_formats(text: str | None) -> list[str] | None:
    with _in_typers_words():
        return build_command.chosen_formats(text)


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
            typer.echo(f"preview {shown.sheet} ({count(len(shown.pages), built.unit)})")
            if shown.note:
                _err(f"note: {built.path.name}: {shown.note}")
    if failed:
        raise typer.Exit(1)


@app.command()
def watch(
    paths: Annotated[list[Path], typer.Argument(help="Spec files or folders of specs to watch")],
    out: Annotated[Path, _option("out")] = Path("out"),
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
    from builder.watch import Watcher

    chosen = _chosen_formats(formats)
    _refuse_clashes(_found_specs(paths), out)  # as build does; a clash made later is reported

    def report(outcome: Outcome) -> None:
        stamp = time.strftime("%H:%M:%S")
        if outcome.errors:
            for line in outcome.errors:
                _err(f"{stamp} error: {line}")
            _err(f"{stamp} not rebuilt {outcome.spec}; fix it and save again")
        else:
            made = ", ".join(f"{b.path.name} ({count(b.pages, b.unit)})" for b in outcome.built)
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
    from builder.build import check_spec

    specs = _found_specs(paths)
    if not specs:
        _err("error: no spec files (*.yaml) found")
        raise typer.Exit(1)
    failed = 0
    for index, spec in enumerate(specs):
        if index:
            started()  # the start-up pause (builder.collector) ends with the first spec
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
    from builder.lint import lint as lint_spec
    from builder.spec.loader import load_any

    specs = _found_specs(paths)
    if not specs:
        _err("error: no spec files (*.yaml) found")
        raise typer.Exit(1)
    failed = found = 0
    for index, spec in enumerate(specs):
        if index:
            started()  # the start-up pause (builder.collector) ends with the first spec
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
