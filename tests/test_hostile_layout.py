"""Specs far too long for a slide or a page still lay out, in bounded time (issue 10, items 8, 13, 14).

Each build runs in its own process with a time limit, so a fitting loop that does not end fails
the test instead of hanging the suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO, body_text, deck_text, in_order, pdf_text, squash
from pptx import Presentation

from builder.spec.loader import load_any
from builder.typeset import normalize_text

HOSTILE = DATA / "hostile"
SLIDE_W, SLIDE_H = 12_192_000, 6_858_000  # EMU of a 16:9 slide


def _build(spec: Path, out: Path, formats: str, seconds: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", "build", str(spec), "-o", str(out), "-f", formats],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=seconds,
    )


def _shapes_on_slide(path: Path) -> None:
    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            assert all(v is not None and v >= 0 for v in box), (number, shape.name, box)
            assert shape.left + shape.width <= SLIDE_W and shape.top + shape.height <= SLIDE_H, (
                number,
                shape.name,
                box,
            )


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        ("header", "columns: [{h}, {h}]\n    rows: [[甲, 乙]]"),  # 200-character header cells
        ("title", "columns: [一, 二]\n    rows: [[甲, 乙]]"),
    ],
)
def test_a_deck_table_with_huge_header_or_title_ends(tmp_path: Path, name: str, cells: str) -> None:
    title = "比較" if name == "header" else "題" * 250
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(
        f"title: 表格\nlanguage: zh-Hant-TW\ncomparisons:\n  - title: {title}\n    "
        + cells.format(h="頭" * 200)
        + "\n",
        encoding="utf-8",
    )
    result = _build(spec, tmp_path / "out", "deck", seconds=90)
    assert result.returncode == 0, result.stderr
    deck = tmp_path / "out" / f"{name}.deck.pptx"
    _shapes_on_slide(deck)
    text = deck_text(deck)
    assert in_order(title, text)
    if name == "header":
        assert text.count("頭") >= 400  # the whole header, once, though it is too tall to repeat


@pytest.mark.parametrize("stem", ["wrist-long-titles", "shoulder-talk-long-titles"])
def test_titles_longer_than_a_slide_continue_as_body_text(tmp_path: Path, stem: str) -> None:
    spec = HOSTILE / f"{stem}.yaml"
    result = _build(spec, tmp_path, "deck")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    deck = tmp_path / f"{stem}.deck.pptx"
    _shapes_on_slide(deck)
    text = deck_text(deck)
    loaded = load_any(spec)
    for title, _ in loaded.texts():
        # every long title is on the slides: its start as the title, the rest below it
        assert in_order(squash(normalize_text(title)), text), title[:40]
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        assert len(squash(title)) < 200, title[:40]


def test_the_leaflet_always_lays_out(tmp_path: Path) -> None:
    """An 800-character header cell in a 4-column table, a 300-character URL in a header and a
    5,000-character disclaimer: all on the pages, the disclaimer once in full at the end."""
    spec = HOSTILE / "wrist-long-titles.yaml"
    result = _build(spec, tmp_path, "leaflet,exercise,booklet,trifold")
    assert result.returncode == 0, result.stderr
    disclaimer = squash(load_any(spec).spec.disclaimer or "")  # type: ignore[union-attr]
    assert len(disclaimer) > 5000
    for form in ("leaflet", "exercise"):
        pdf = tmp_path / f"wrist-long-titles.{form}.pdf"
        pages = pdf_text(pdf).pages
        assert disclaimer in body_text(pdf, "審閱日期：未填寫"), form
        # every page still has a footer with a disclaimer, the standard short one
        assert all("本單張僅供衛教參考" in squash(page) for page in pages)
    leaflet = squash("".join(pdf_text(tmp_path / "wrist-long-titles.leaflet.pdf").pages))
    assert in_order("痛的位置" * 200, leaflet)
    assert in_order("https://clinic.example/" + "wrist/" * 50, leaflet)
