"""Regression guard (not timed): a command loads only what it needs, because every import is paid
for on every cold start. Speed itself is measured in benchmarks/, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import HANDOUTS, REPO

# Run the CLI in-process and report the modules loaded once it has built the file.
_PROBE = """
import json, runpy, sys
sys.argv = ["leafdeck", *sys.argv[1:]]
try:
    runpy.run_module("builder", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""

NEVER_FOR_A_LEAFLET = (
    "pptx",  # the deck renderer
    "builder.render.pptx",
    "builder.render.pdf.slides",  # a deck's handout, read back from the .pptx
    "builder.compose.deck",
    "builder.spec.talk",  # a talk's models: loaded where a talk is read
    "builder.folding",  # booklets and tri-folds
    "builder.compose.folded",
    "builder.render.pdf.impose",
    "pypdf",
    "builder.lint",
    "rich",  # progress bars and tables for many specs
    "concurrent.futures.process",  # --jobs
    "multiprocessing",
    "urllib.request",  # network code has no business in a leaflet build
    "http.client",
    "segno",  # a QR code's runs come from the cache folder once made
    "email.parser",  # importlib.metadata reading a package's version (the QR cache's key did)
    "fontTools.subset",
    "reportlab.graphics",
    "typer",  # a plain build line is read without it (builder.entry)
    "builder.cli",
)
NEVER_FOR_A_DECK = ("builder.render.pdf", "rich", "concurrent.futures.process")  # python-pptx needs urllib


def _loaded(cache: Path, *args: str | Path) -> set[str]:
    """Modules loaded by a build on a machine that has built once before (a filled cache)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-m", "builder", *map(str, args)], cwd=REPO, env=env, check=True)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def _offenders(loaded: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == b or m.startswith(b + ".") for b in banned))


def test_a_leaflet_build_loads_no_deck_network_or_batch_code(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path / "cache", "build", HANDOUTS / "sciatica.yaml", "-f", "leaflet", "-o", tmp_path)
    assert (tmp_path / "sciatica.leaflet.pdf").is_file()
    assert "reportlab" in loaded  # the probe really saw a build
    assert _offenders(loaded, NEVER_FOR_A_LEAFLET) == []


def test_a_deck_build_loads_no_pdf_renderer(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path / "cache", "build", HANDOUTS / "sciatica.yaml", "-f", "deck", "-o", tmp_path)
    assert (tmp_path / "sciatica.deck.pptx").is_file()
    assert "pptx" in loaded
    assert _offenders(loaded, NEVER_FOR_A_DECK) == []
