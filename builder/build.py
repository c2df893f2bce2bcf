"""Build outputs for one spec: load → check fonts → compose → render → write atomically.

Everything the CLI does is callable from here, so other Python code can build
leaflets without a shell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from builder.compose.leaflet import compose_leaflet
from builder.coverage import check_coverage
from builder.errors import BuildError, LeafdeckError, Location, SpecError
from builder.images import check_logo, check_pictures
from builder.maps import check_maps
from builder.output import all_or_nothing, write_atomic
from builder.pagecount import SHEET_PAGES, edition_name, sheet_warning, text_beyond
from builder.spec.loader import LoadedSpec, LoadedTalk, load_any, resolve_reference
from builder.spec.yamlsource import FieldPath, YamlDocument
from builder.typeset import FontSet, fonts_for_language
from builder.typeset.fontconvert import FontError
from builder.typeset.fonts import BUNDLED_REGIONS, check_font

if TYPE_CHECKING:
    from builder.compose.deck import Deck

SPEC_SUFFIXES = (".yaml", ".yml")
LEAFLET_PAGES = SHEET_PAGES
REVIEW_EVERY_MONTHS = 24  # when the clinic profile does not say


@dataclass
class Built:
    """What one format of one spec produced."""

    format: str
    path: Path
    pages: int  # pages of a PDF, slides of a deck
    warnings: list[str] = field(default_factory=list)
    unit: str = "page"
    continuations: int = 0  # slides added because text did not fit on one
    also: list[Built] = field(default_factory=list)  # files made with this one (a deck's handout)
    notes: list[str] = field(default_factory=list)  # what a user may want to know, not a problem


@dataclass(frozen=True)
class PrintOptions:
    """How printed formats are set: paper, the large-print edition, a print shop's bleed."""

    paper: str = "a4"  # a4, a5 or letter; a folded piece's sheet: a4, a3 or letter (see FORMAT_PAPERS)
    large_print: bool = False
    bleed_mm: float = 0.0
    only: tuple[str, ...] = ()  # exercise sheet: exercises or stages to show
    dose: tuple[tuple[str, int], ...] = ()  # exercise sheet: one dose for all of them
    name: str = ""  # the edition's own name (a patient's, a print run's), in every printed file name
    final: bool = False  # refuse a spec without review_date instead of building it as a draft
    handout: bool = False  # with a deck, the audience's handout PDF: six slides a page, lines for notes
    embed_fonts: bool = False  # deck: name and carry the bundled Noto Sans face (render.pptx.embed)

    @property
    def suffix(self) -> str:
        """Added to output names, so editions built into one folder do not overwrite each other."""
        return self.suffix_for("leaflet")

    def suffix_for(self, fmt: str) -> str:
        """The edition part of one format's file name: large print, paper, bleed, then the name
        given, or for an exercise sheet what was chosen (so two patients' sheets differ)."""
        parts = ["large"] if self.large_print else []
        parts += [self.paper] if self.paper != "a4" else []
        parts += [f"bleed{self.bleed_mm:g}"] if self.bleed_mm else []
        if self.name:
            parts.append(self.name)
        elif fmt == "exercise" and (self.only or self.dose):
            parts.append(_choice_label(self.only, self.dose))
        return "".join(f"-{part}" for part in parts)


NAME_LIMIT = 60  # characters of an edition name in a file name
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+')


def _choice_label(only: tuple[str, ...], dose: tuple[tuple[str, int], ...]) -> str:
    """'橋式+3-sets3-reps12': what a custom sheet shows, safe as part of a file name on any
    system; a long choice keeps its start and a short hash of the whole."""
    words = ["+".join(only)] if only else []
    words += [f"{field}{value}" for field, value in dose]
    label = _NOT_IN_NAMES.sub("_", "-".join(words)).strip("._") or "custom"
    if len(label) > NAME_LIMIT:
        digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:8]
        label = f"{label[: NAME_LIMIT - 9]}-{digest}"
    return label


def name_problem(name: str) -> str | None:
    """Why a --name cannot be part of a file name (None when it can)."""
    if not name.strip():
        return "give a name, e.g. --name wang"
    if _NOT_IN_NAMES.search(name) or name.startswith("."):
        return 'a name may not contain spaces, / \\ : * ? " < > | or start with a dot'
    if len(name) > NAME_LIMIT:
        return f"a name may be at most {NAME_LIMIT} characters"
    return None


DEFAULT_PRINT = PrintOptions()
PAPERS = ("a4", "a5", "letter", "a3")
# The paper a format is printed on. A folded piece names its sheet: a booklet on A4 is
# folded to A5, on A3 to A4, on Letter to half Letter; a tri-fold's panels are a third
# of an A4 or Letter sheet (a third of A5 is too narrow to read, A3 too wide to hold).
FORMAT_PAPERS = {
    "leaflet": ("a4", "a5", "letter"),
    "exercise": ("a4", "a5", "letter"),
    "booklet": ("a4", "a3", "letter"),
    "trifold": ("a4", "letter"),
}


def paper_problem(formats: Iterable[str], paper: str) -> str | None:
    """Why `paper` cannot be used for one of these formats (None when every one takes it):
    a piece that ignored the paper asked for would be printed wrong."""
    for name in formats:
        allowed = FORMAT_PAPERS.get(name)
        if allowed is not None and paper not in allowed:
            return (
                f"the {name} cannot be printed on {paper.upper()}; it takes "
                f"{', '.join(allowed)} (build the {name} separately with one of those)"
            )
    return None


def _leaflet(loaded: LoadedSpec, fonts: FontSet, out: Path, options: PrintOptions = DEFAULT_PRINT) -> Built:
    from builder.leaflet_fit import fit_leaflet
    from builder.render.pdf import render_leaflet_pdf
    from builder.render.pdf.theme import theme_for

    theme = theme_for(options.paper, options.large_print, options.bleed_mm)
    notes: list[str] = []
    if options.paper == "a4" and not options.large_print:  # the edition meant for one sheet
        # One sheet matters more than picture size: pictures and maps take less room, or some go
        # (builder.leaflet_fit), decided by layout passes that paint nothing, or remembered for an
        # unchanged leaflet and checked by the render's page count; rendered once.
        fitted = fit_leaflet(loaded, fonts, theme, LEAFLET_PAGES, check=False)
        rendered = render_leaflet_pdf(fitted.document, fonts, theme)
        if fitted.unchecked and rendered.pages != fitted.pages:  # remembered, but not so now
            fitted = fit_leaflet(loaded, fonts, theme, LEAFLET_PAGES)
            rendered = render_leaflet_pdf(fitted.document, fonts, theme)
        document, notes = fitted.document, fitted.notes
    else:
        document = compose_leaflet(loaded)
        rendered = render_leaflet_pdf(document, fonts, theme)
    write_atomic(out, rendered.data)
    built = Built("leaflet", out, rendered.pages, notes=notes)
    if rendered.pages > LEAFLET_PAGES:  # in every edition, with how much would have to go
        beyond = text_beyond(rendered.data, document.footer, LEAFLET_PAGES)
        edition = edition_name(options.paper, options.large_print)
        built.warnings.append(str(sheet_warning("leaflet", rendered.pages, edition, beyond)))
    return built


def _exercise_sheet(
    loaded: LoadedSpec, fonts: FontSet, out: Path, options: PrintOptions = DEFAULT_PRINT
) -> Built:
    from dataclasses import replace

    from builder.compose.exercise_sheet import SheetChoice, compose_exercise_sheet
    from builder.render.pdf import render_leaflet_pdf
    from builder.render.pdf.theme import theme_for

    document = compose_exercise_sheet(loaded, SheetChoice(options.only, options.dose))
    theme = replace(theme_for(options.paper, options.large_print, options.bleed_mm), columns=1)
    rendered = render_leaflet_pdf(document, fonts, theme)
    write_atomic(out, rendered.data)
    built = Built("exercise", out, rendered.pages)
    warning = sheet_warning(
        "exercise sheet", rendered.pages, edition_name(options.paper, options.large_print)
    )
    if warning:
        built.warnings.append(warning)
    return built


def _booklet(loaded: LoadedSpec, fonts: FontSet, out: Path, options: PrintOptions = DEFAULT_PRINT) -> Built:
    from builder.folding import build_folded

    return build_folded(loaded, fonts, out, options, "booklet")


def _trifold(loaded: LoadedSpec, fonts: FontSet, out: Path, options: PrintOptions = DEFAULT_PRINT) -> Built:
    from builder.folding import build_folded

    return build_folded(loaded, fonts, out, options, "trifold")


def _deck(
    loaded: LoadedSpec | LoadedTalk, fonts: FontSet, out: Path, options: PrintOptions = DEFAULT_PRINT
) -> Built:
    from builder.compose.deck import compose_condition_deck, compose_talk_deck
    from builder.render.pptx import MAX_SLIDES, TooManySlidesError, render_deck_pptx

    deck = compose_talk_deck(loaded) if isinstance(loaded, LoadedTalk) else compose_condition_deck(loaded)
    try:
        rendered = render_deck_pptx(deck, fonts, embed_fonts=options.embed_fonts)
    except TooManySlidesError:
        where = loaded.source.locate(("parts",) if isinstance(loaded, LoadedTalk) else ())
        raise BuildError(
            f"the deck would have more than {MAX_SLIDES} slides; split the talk into shorter ones "
            "or show fewer sections",
            where,
        ) from None
    write_atomic(out, rendered.data)
    built = Built("deck", out, rendered.slides, unit="slide", continuations=rendered.continuations)
    if options.handout:
        built.also.append(_handout(rendered.data, deck, fonts, handout_path(out, options), options))
    minutes = loaded.talk.minutes if isinstance(loaded, LoadedTalk) else None
    topics = rendered.slides - rendered.continuations  # a continuation slide goes on with its topic
    if minutes and topics > minutes * 1.2:
        built.warnings.append(
            f"{topics} slides (not counting continuations) for a {minutes}-minute talk; "
            "about one slide a minute is comfortable"
        )
    return built


def handout_path(deck: Path, options: PrintOptions = DEFAULT_PRINT) -> Path:
    """`<spec name>.handout[-letter].pdf` beside the deck it is printed from."""
    paper = "-letter" if options.paper == "letter" else ""
    return deck.with_name(deck.name.removesuffix(".deck.pptx").removesuffix(".pptx") + f".handout{paper}.pdf")


HANDOUT_PAPERS = ("a4", "letter")


def _handout(pptx: bytes, deck: Deck, fonts: FontSet, out: Path, options: PrintOptions) -> Built:
    """The audience's handout, drawn from the deck just written (the same slides, fonts, pictures)."""
    from builder.compose.labels import labels_for
    from builder.render.pdf.handout import render_handout_pdf

    label = labels_for(deck.language).handout_notes
    data, pages = render_handout_pdf(pptx, fonts, deck.title, deck.language, label, options.paper)
    write_atomic(out, data)
    return Built("handout", out, pages)


Renderer = Callable[[LoadedSpec, FontSet, Path, PrintOptions], Built]
PRINTED = {
    "leaflet",
    "exercise",
    "booklet",
    "trifold",
}  # formats that take PrintOptions (a deck is a screen format)
FORMATS: dict[str, tuple[str, Renderer]] = {
    "leaflet": (".pdf", _leaflet),
    "deck": (".pptx", _deck),
    "exercise": (".pdf", _exercise_sheet),
    "booklet": (".pdf", _booklet),
    "trifold": (".pdf", _trifold),
}
TALK_FORMAT = "deck"
DEFAULT_FORMATS = ("leaflet",)
# The code each format's build imports the first time it runs (lazily, so that a one-format build
# loads only its own); see preload.
_FORMAT_CODE = {
    "leaflet": ("builder.leaflet_fit", "builder.render.pdf"),
    "deck": ("builder.compose.deck", "builder.render.pptx"),
    "exercise": ("builder.compose.exercise_sheet", "builder.render.pdf"),
    "booklet": ("builder.folding",),
    "trifold": ("builder.folding",),
}


def preload(formats: Iterable[str] | None = None) -> None:
    """Load now what building these formats (None: each kind's default) loads on first use: their code,
    both languages' bundled font metrics and, for printed formats, the faces reportlab embeds.
    Why: a batch loads it once in the parent and forks its workers with it (builder.batch), so the
    second worker does not spend a third of a second loading it again.

    Not the specs' validators: a spec that validated before is recalled without one
    (builder.spec.remembered), so making them here was 0.03 s of the parent's time, while no
    worker builds yet, spent for nothing on a library built before; a worker that meets a new
    or changed spec makes the validator itself, beside the other worker."""
    import importlib

    wanted = [*DEFAULT_FORMATS, TALK_FORMAT] if formats is None else list(formats)
    for module in dict.fromkeys(m for name in wanted for m in _FORMAT_CODE.get(name, ())):
        importlib.import_module(module)
    font_sets = [fonts_for_language(language) for language in BUNDLED_REGIONS]
    stacks = [stack for fonts in font_sets for stack in (fonts.regular, fonts.bold)]
    for stack in stacks:
        stack.choose("一")  # reads the metrics
    if PRINTED.intersection(wanted):
        from builder.render.pdf.fonts import pdf_font_name

        for face in dict.fromkeys(face for stack in stacks for face in stack.faces):
            pdf_font_name(face)


def parse_formats(text: str) -> list[str]:
    """'leaflet,deck' or 'all' → known format names; ValueError names the unknown one."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError("give at least one format")
    unknown = [name for name in names if name not in FORMATS and name != "all"]
    if unknown:
        raise ValueError(f"unknown format '{unknown[0]}'; known formats: {', '.join(FORMATS)}, all")
    if "all" in names:
        return list(FORMATS)
    return list(dict.fromkeys(names))


def find_specs(paths: Iterable[Path]) -> list[Path]:
    """Spec files from files and folders (a folder's top level only; clinic profiles live below)."""
    found: list[Path] = []
    for path in paths:
        try:
            if not path.is_dir():
                found.append(path)
                continue
            found += sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
        except OSError as exc:  # a name too long, a folder not readable: said like a spec's own trouble
            raise BuildError(
                f"cannot look at this path: {exc.strerror or exc}", Location(path, 1, 1)
            ) from None
    unique: dict[Path, Path] = {}
    for spec in found:  # one file named twice (handouts/a.yaml and ./handouts/../handouts/a.yaml): once
        unique.setdefault(_same_file(spec), spec)
    return list(unique.values())


def _same_file(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: reported when the spec is read
        return path


def name_clashes(specs: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Pairs of specs whose outputs would have one name (a/knee.yaml and b/knee.yaml both make
    out/knee.leaflet.pdf): building both would silently keep only one."""
    first: dict[str, Path] = {}
    clashes = []
    for spec in specs:
        other = first.setdefault(spec.stem, spec)
        if other is not spec:
            clashes.append((other, spec))
    return clashes


def clash_message(first: Path, second: Path, out: Path) -> str:
    """What to do about two specs that would write the same outputs (see name_clashes)."""
    return (
        f"{first} and {second} would both be written as {out / first.stem}.*; "
        "rename one, or build them into different folders with -o"
    )


class NothingToBuild(LeafdeckError):
    """None of the formats asked for applies to this spec (a talk asked for a leaflet)."""


def fonts_for_spec(loaded: LoadedSpec, notes: list[str] | None = None) -> FontSet:
    """Bundled fonts for the spec's language, after the spec's (or its clinic's) own font files.
    A font that cannot be used is an error at the line that names it."""
    spec = loaded.spec
    if spec.font is not None:
        source, chosen, where = loaded.source, spec.font, ("font",)
    elif loaded.clinic is not None and loaded.clinic.font is not None and loaded.clinic_source:
        source, chosen, where = loaded.clinic_source, loaded.clinic.font, ("font",)
    else:
        return fonts_for_language(spec.language)
    regular = _font_file(chosen.regular, source, (*where, "regular"), notes)
    bold = _font_file(chosen.bold, source, (*where, "bold"), notes) if chosen.bold else None
    return fonts_for_language(spec.language, regular, bold)


def _font_file(value: str, source: YamlDocument, where: FieldPath, notes: list[str] | None) -> Path:
    path = resolve_reference(value, source, where)
    try:
        check_font(path, notes)
    except FontError as exc:
        raise SpecError(f"'{value}' {exc.message}", source.locate(where, value=True)) from None
    return path


def check_spec(path: Path) -> tuple[LoadedSpec | LoadedTalk, FontSet, list[str]]:
    """Load and validate a condition or talk spec and its fonts; returns warnings a clinic should see."""
    loaded = load_any(path)
    warnings: list[str] = []
    if isinstance(loaded, LoadedTalk):
        fonts = fonts_for_language(loaded.talk.language)
    else:
        fonts = fonts_for_spec(loaded, warnings)
    check_coverage(loaded, fonts)
    check_logo(loaded)
    check_pictures(loaded)

    check_maps(loaded)
    warnings += review_warnings(loaded)
    if loaded.clinic is None:
        warnings.append("no clinic profile: the footer will have no clinic name or phone")
    if isinstance(loaded, LoadedTalk):
        from builder.compose.deck import empty_sections

        warnings += empty_sections(loaded)
    return loaded, fonts, warnings


def output_path(spec: Path, out_dir: Path, fmt: str, options: PrintOptions = DEFAULT_PRINT) -> Path:
    """Where one format of a spec is written: `<spec name>.<format><edition>.<pdf|pptx>`."""
    edition = options.suffix_for(fmt) if fmt in PRINTED else ""
    return out_dir / f"{spec.stem}.{fmt}{edition}{FORMATS[fmt][0]}"


def _conditions(loaded: LoadedSpec | LoadedTalk) -> list[LoadedSpec]:
    return loaded.distinct_conditions() if isinstance(loaded, LoadedTalk) else [loaded]


def review_warnings(loaded: LoadedSpec | LoadedTalk, today: dt.date | None = None) -> list[str]:
    """A draft (no review_date) and a review older than the clinic's interval are said at build time."""
    today = today or dt.date.today()
    months = loaded.clinic.review_every_months if loaded.clinic else REVIEW_EVERY_MONTHS
    warnings = []
    for condition in _conditions(loaded):
        name = "" if condition is loaded else f"{condition.path.name}: "
        reviewed = condition.spec.review_date
        if reviewed is None:
            warnings.append(
                f"{name}no review_date: built as a draft, marked 草稿・未經審閱 on every page; "
                "a clinician checks the text, then adds review_date"
            )
        elif _add_months(reviewed, months) < today:
            warnings.append(
                f"{name}reviewed on {reviewed.isoformat()}, more than {months} months ago "
                "(the clinic's review_every_months); have a clinician check it again"
            )
    return warnings


def refuse_drafts(loaded: LoadedSpec | LoadedTalk) -> None:
    """--final: a spec without review_date is never built as a finished piece."""
    for condition in _conditions(loaded):
        if condition.spec.review_date is None:
            raise SpecError(
                "no review_date, so this is a draft and --final will not build it; a clinician checks "
                "the text, then adds review_date: YYYY-MM-DD",
                Location(condition.path, 1, 1, "review_date"),
            )


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def build_spec(
    path: Path, out_dir: Path, formats: Iterable[str] | None = None, options: PrintOptions = DEFAULT_PRINT
) -> list[Built]:
    """Build the requested formats of one spec into out_dir. A talk spec has one format, the deck;
    `formats=None` means each kind's default (leaflet for a condition, deck for a talk)."""
    loaded, fonts, warnings = check_spec(path)
    if options.final:
        refuse_drafts(loaded)
    if isinstance(loaded, LoadedTalk):
        wanted = [TALK_FORMAT] if formats is None or TALK_FORMAT in formats else []
        if not wanted:
            raise NothingToBuild("a talk spec makes only a deck; nothing built (add -f deck)", Location(path))
    else:
        wanted = list(DEFAULT_FORMATS if formats is None else formats)
    no_exercises = isinstance(loaded, LoadedSpec) and not loaded.spec.exercises
    if "exercise" in wanted and len(wanted) > 1 and no_exercises:
        wanted.remove("exercise")  # asked for with other formats: skip it, and say so
        warnings.append("no exercises in the spec, so no exercise sheet was made")
    targets = {name: output_path(path, out_dir, name, options) for name in wanted}
    extra = [handout_path(targets["deck"], options)] if options.handout and "deck" in targets else []
    for target in [*targets.values(), *extra]:
        if target.resolve() == path.resolve():
            raise BuildError("the output file would overwrite the spec itself", Location(target))
    results: list[Built] = []
    with all_or_nothing([*targets.values(), *extra]):  # one format failing leaves the earlier build untouched
        for name, target in targets.items():
            render = FORMATS[name][1]
            if isinstance(loaded, LoadedTalk):
                built = _deck(loaded, fonts, target, options)
            else:
                built = render(loaded, fonts, target, options)
            if not results:  # the spec's own warnings are said once, not once per format
                built.warnings[:0] = warnings
            results += [built, *built.also]
    return results
