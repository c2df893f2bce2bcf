"""Build outputs for one spec: load → check fonts → compose → render → write atomically.

Everything the CLI does is callable from here, so other Python code can build
leaflets without a shell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.compose.leaflet import compose_leaflet
from builder.coverage import check_coverage
from builder.errors import BuildError, Location
from builder.output import write_atomic
from builder.spec.loader import LoadedSpec, load_spec, resolve_reference
from builder.typeset import FontSet, fonts_for_language

SPEC_SUFFIXES = (".yaml", ".yml")
LEAFLET_PAGES = 2


@dataclass
class Built:
    """What one format of one spec produced."""

    format: str
    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


def _leaflet(loaded: LoadedSpec, fonts: FontSet, out: Path) -> Built:
    from builder.render.pdf import render_leaflet_pdf

    rendered = render_leaflet_pdf(compose_leaflet(loaded), fonts)
    write_atomic(out, rendered.data)
    built = Built("leaflet", out, rendered.pages)
    if rendered.pages > LEAFLET_PAGES:
        built.warnings.append(
            f"the leaflet needs {rendered.pages} pages, more than one sheet printed on both sides; "
            "shorten the spec if it must fit on one sheet"
        )
    return built


Renderer = Callable[[LoadedSpec, FontSet, Path], Built]
FORMATS: dict[str, tuple[str, Renderer]] = {"leaflet": (".pdf", _leaflet)}


def parse_formats(text: str) -> list[str]:
    """'leaflet,deck' or 'all' → known format names; ValueError names the unknown one."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError("give at least one format")
    if "all" in names:
        return list(FORMATS)
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format '{unknown[0]}'; known formats: {', '.join(FORMATS)}, all")
    return list(dict.fromkeys(names))


def find_specs(paths: Iterable[Path]) -> list[Path]:
    """Spec files from files and folders (a folder's top level only; clinic profiles live below)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def fonts_for_spec(loaded: LoadedSpec) -> FontSet:
    """Bundled fonts for the spec's language, after the spec's (or its clinic's) own font files."""
    spec = loaded.spec
    if spec.font is not None:
        source, chosen, where = loaded.source, spec.font, ("font",)
    elif loaded.clinic is not None and loaded.clinic.font is not None and loaded.clinic_source:
        source, chosen, where = loaded.clinic_source, loaded.clinic.font, ("font",)
    else:
        return fonts_for_language(spec.language)
    regular = resolve_reference(chosen.regular, source, (*where, "regular"))
    bold = resolve_reference(chosen.bold, source, (*where, "bold")) if chosen.bold else None
    return fonts_for_language(spec.language, regular, bold)


def check_spec(path: Path) -> tuple[LoadedSpec, FontSet, list[str]]:
    """Load and validate a spec and its fonts; returns warnings a clinic should see."""
    loaded = load_spec(path)
    fonts = fonts_for_spec(loaded)
    check_coverage(loaded, fonts)
    warnings = []
    if loaded.spec.review_date is None:
        warnings.append("no review_date: the footer will say the date is missing")
    if loaded.clinic is None:
        warnings.append("no clinic profile: the footer will have no clinic name or phone")
    return loaded, fonts, warnings


def build_spec(path: Path, out_dir: Path, formats: Iterable[str]) -> list[Built]:
    """Build every requested format of one spec into out_dir."""
    loaded, fonts, warnings = check_spec(path)
    results = []
    for name in formats:
        suffix, render = FORMATS[name]
        target = out_dir / f"{path.stem}.{name}{suffix}"
        if target.resolve() == path.resolve():
            raise BuildError("the output file would overwrite the spec itself", Location(target))
        built = render(loaded, fonts, target)
        built.warnings[:0] = warnings
        results.append(built)
    return results
