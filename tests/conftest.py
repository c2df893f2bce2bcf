"""Shared helpers: build the real outputs once, read them back with real PDF readers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

REPO = Path(__file__).resolve().parents[1]
HANDOUTS = REPO / "handouts"
DATA = Path(__file__).resolve().parent / "data"
SEEDS = sorted(p for p in HANDOUTS.glob("*.yaml"))


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, cwd: Path = REPO) -> CliResult:
    """Run `leafdeck` as a user would: a separate process, real exit code."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "builder", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def squash(text: str) -> str:
    """Text without any white space (nor the zero-width joiners and spaces a deck's text carries
    to break where it was measured), for comparing extracted and source text."""
    return "".join(text.replace("\u2060", "").replace("\u200b", "").split())


def in_order(needle: str, haystack: str) -> bool:
    """Every character of needle appears in haystack, in order (other text may come between:
    a table row cut into continuation rows interleaves its cells)."""
    position = 0
    for char in needle:
        position = haystack.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


_CHECKED: set[tuple[str, int, int]] = set()  # (path, mtime, size) of PDFs already checked


def strict_pdf_problems(paths: list[Path]) -> list[str]:
    """What strict readers find wrong in these PDFs: `qpdf --check` (any warning counts), and a
    Ghostscript render where gs is installed (any message counts: gs reports a missing page and
    still exits 0). pdfinfo and pdfium forgive too much to catch a malformed page."""
    problems = []
    for path in paths:
        if not shutil.which("qpdf"):  # CI installs qpdf; elsewhere pypdf in strict mode stands in
            problems += _pypdf_strict(path)
            continue
        proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=120)
        if proc.returncode != 0 or "WARNING" in proc.stdout + proc.stderr:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            problems.append(f"{path}: qpdf --check: {detail[:3]}")
    ghostscript = shutil.which("gs")
    if ghostscript and paths:

        def render(files: list[Path]) -> str:
            command = [ghostscript, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage"]
            proc = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=300)
            return (proc.stdout + proc.stderr).strip() + ("" if proc.returncode == 0 else " (failed)")

        if render(paths):  # one run for all; on a complaint, one per file to name it
            problems += [f"{p}: ghostscript: {out[:300]}" for p in paths if (out := render([p]))]
    return problems


def _pypdf_strict(path: Path) -> list[str]:
    """pypdf in strict mode: every page object, its contents and resources must read cleanly."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, IndirectObject

    try:
        for number, page in enumerate(PdfReader(path, strict=True).pages, 1):
            contents = page.raw_get("/Contents") if "/Contents" in page else None
            parts = contents if isinstance(contents, ArrayObject) else [] if contents is None else [contents]
            if not all(isinstance(part, IndirectObject) for part in parts):
                return [f"{path}: page {number}: contents must be indirect streams (readers reject it)"]
            page.get_contents()
            page.extract_text()
    except Exception as exc:  # any complaint is a malformed file
        return [f"{path}: pypdf strict: {type(exc).__name__}: {exc}"]
    return []


def check_pdfs(paths: list[Path]) -> None:
    """Fail when a strict reader rejects one of these PDFs (each file version is checked once)."""
    fresh = []
    for path in paths:
        with path.open("rb") as stream:
            if stream.read(5) != b"%PDF-":
                continue  # not written as a PDF (a test's stand-in for an old file)
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _CHECKED:
            _CHECKED.add(key)
            fresh.append(path)
    problems = strict_pdf_problems(fresh)
    assert not problems, "\n".join(problems)


@pytest.fixture(autouse=True)
def every_pdf_is_well_formed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After each test, every PDF the suite has written under pytest's temporary folders (by the
    CLI, by build_spec, by a module's shared build) passes the strict readers."""
    yield
    check_pdfs(sorted(tmp_path_factory.getbasetemp().rglob("*.pdf")))


@dataclass
class PdfText:
    pages: list[str]

    @property
    def lines(self) -> list[str]:
        return [line.strip() for page in self.pages for line in page.splitlines() if line.strip()]


def pdf_text(path: Path) -> PdfText:
    doc = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return PdfText(pages)
    finally:
        doc.close()


def body_text(path: Path, footer_first_line: str) -> str:
    """All pages' text minus the footer (drawn last on each page), whitespace removed."""
    marker = squash(footer_first_line)
    out = []
    for page in pdf_text(path).pages:
        flat = squash(page)
        cut = flat.rfind(marker)
        out.append(flat[:cut] if cut >= 0 else flat)
    return "".join(out)


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Fonts used by text on any page, read with pdfium: name, embedded, subset."""
    import ctypes

    raw = pdfium.raw
    fonts: dict[str, dict[str, str]] = {}
    doc = pdfium.PdfDocument(str(path))
    try:
        for page in doc:
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
                font = raw.FPDFTextObj_GetFont(obj.raw)
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, buffer, size)
                name = buffer.value.decode("utf-8", "replace")
                embedded = bool(raw.FPDFFont_GetIsEmbedded(font))
                length = ctypes.c_size_t(0)
                raw.FPDFFont_GetFontData(font, None, 0, ctypes.byref(length))
                # A subset holds only the glyphs used: far below the 5 MB of a whole CJK font.
                subset = embedded and 0 < length.value < 1_000_000
                fonts.setdefault(name, {"name": name, "emb": "yes", "sub": "yes"})
                if not embedded:
                    fonts[name]["emb"] = "no"
                if not subset:
                    fonts[name]["sub"] = "no"
            page.close()
    finally:
        doc.close()
    return list(fonts.values())


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every bundled handout built once with the real CLI."""
    out = tmp_path_factory.mktemp("seed-out")
    result = run_cli("build", HANDOUTS, "-o", out, "-f", "leaflet")
    assert result.code == 0, result.stderr
    yield out


TALK = REPO / "decks" / "back-buttock-leg.yaml"
LAYOUT_DECKS = DATA / "decks"


@pytest.fixture(scope="session")
def layout_decks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The decks of every bundled handout, the bundled talk and tests/data/decks, built once for
    the modules that read them (layouts, speaker notes)."""
    out = tmp_path_factory.mktemp("layout-decks")
    result = run_cli("build", HANDOUTS, TALK, LAYOUT_DECKS, "-o", out, "-f", "deck")
    assert result.code == 0, result.stderr
    yield out


def deck_text(path: Path, notes: bool = True) -> str:
    """All text of a deck in slide order, read with python-pptx: shapes, table cells, then
    that slide's speaker notes (unless notes=False); whitespace removed."""
    from pptx import Presentation

    pieces: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                pieces.append(shape.text_frame.text)
            if getattr(shape, "has_table", False):
                pieces += [cell.text for row in shape.table.rows for cell in row.cells]
        if notes and slide.has_notes_slide:
            pieces.append(slide.notes_slide.notes_text_frame.text)
    return squash("".join(pieces))


def load_yaml(path: Path) -> Any:
    """A YAML file's plain data (ruamel.yaml, leafdeck's own YAML library: no test-only one)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
