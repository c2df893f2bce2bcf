"""Shared helpers: build the real outputs once, read them back with real PDF readers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    """Text without any white space, for comparing extracted and source text."""
    return "".join(text.split())


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
    """Fonts as poppler's pdffonts reports them (name, type, emb, sub)."""
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "type": parts[1]})
    return rows


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every bundled handout built once with the real CLI."""
    out = tmp_path_factory.mktemp("seed-out")
    result = run_cli("build", HANDOUTS, "-o", out, "-f", "leaflet")
    assert result.code == 0, result.stderr
    yield out
