"""`leafdeck preview`: a picture per page and slide, a contact sheet, a clear word without LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HANDOUTS, REPO
from PIL import Image, ImageStat


def _cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *map(str, args)],
        cwd=REPO,
        env=env or {**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _not_blank(path: Path) -> bool:
    image = Image.open(path).convert("L")
    return ImageStat.Stat(image).stddev[0] > 10


def test_leaflet_pages_and_contact_sheet(tmp_path: Path) -> None:
    result = _cli("preview", HANDOUTS / "sciatica.yaml", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "preview"
    pages = sorted(folder.glob("sciatica.leaflet-*.png"))
    assert len(pages) == 2 and all(_not_blank(p) for p in pages)
    sheet = Image.open(folder / "sciatica.leaflet.png")
    assert sheet.width > Image.open(pages[0]).width  # two half-size pages side by side
    assert "preview " in result.stdout and "(2 pages)" in result.stdout


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_deck_slides_through_libreoffice(tmp_path: Path) -> None:
    result = _cli("preview", HANDOUTS / "sciatica.yaml", "-f", "deck", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    slides = sorted((tmp_path / "preview").glob("sciatica.deck-*.png"))
    from pptx import Presentation

    deck = Presentation(str(tmp_path / "sciatica.deck.pptx"))  # a picture for each of its slides
    assert len(slides) == len(deck.slides) > 10 and all(_not_blank(p) for p in slides)
    first = Image.open(slides[0])
    assert abs(first.width / first.height - 16 / 9) < 0.01


def test_without_libreoffice_the_deck_preview_says_what_is_missing(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": str(tmp_path / "empty")}
    result = _cli("preview", HANDOUTS / "sciatica.yaml", "-f", "all", "-o", tmp_path, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "slide pictures need LibreOffice" in result.stderr
    assert (tmp_path / "preview" / "sciatica.leaflet.png").is_file()  # the PDF pages are still drawn
    assert (tmp_path / "sciatica.deck.pptx").is_file()


@pytest.mark.parametrize(
    "blocked", ["preview/sciatica.leaflet.png", "preview/sciatica.leaflet-1.png", "preview"]
)
def test_a_folder_or_file_in_the_way_is_a_plain_error(tmp_path: Path, blocked: str) -> None:
    """out/preview/NAME.png as a folder gave IsADirectoryError; out/preview as a file, FileExistsError."""
    if blocked == "preview":
        (tmp_path / "preview").write_text("a file, not a folder")
    else:
        (tmp_path / blocked).mkdir(parents=True)
    result = _cli("preview", HANDOUTS / "sciatica.yaml", "-o", tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and str(tmp_path / blocked) in errors[0], result.stderr
    assert not list(tmp_path.glob("preview/.*.tmp"))
