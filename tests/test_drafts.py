"""Drafts look like drafts: a spec without review_date (as `leafdeck convert` writes it) is
marked 草稿・未經審閱 across every page and slide and in the footer; --final refuses it; an old
review warns at build time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, HANDOUTS, REPO, pdf_text, run_cli, squash
from pptx import Presentation

SHOULDER = DATA / "shoulder-open-dose.yaml"  # reviewed
KNEE_CN = DATA / "knee-open-dose-cn.yaml"  # Simplified, no review_date


def _draft_copy(tmp_path: Path) -> Path:
    spec = tmp_path / "shoulder-draft.yaml"
    text = SHOULDER.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("review_date")]
    spec.write_text("\n".join(kept), encoding="utf-8")
    return spec


def _marked_pixels(path: Path, page: int = 0) -> int:
    """Pale-red pixels in the middle of a page: the see-through diagonal mark."""
    image = pdfium.PdfDocument(str(path))[page].render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    middle = image.crop((width // 4, height // 3, 3 * width // 4, 2 * height // 3))
    return sum(
        1 for r, g, b in middle.getdata() if r > 200 and 120 < g < 235 and abs(g - b) < 30 and r - g > 25
    )


def test_every_page_of_every_printed_format_carries_the_mark(tmp_path: Path) -> None:
    draft = _draft_copy(tmp_path)
    result = run_cli(
        "build", draft, SHOULDER, "-o", tmp_path / "out", "-f", "leaflet,exercise,booklet,trifold"
    )
    assert result.code == 0, result.stderr
    assert "built as a draft" in result.stderr
    for kind in ("leaflet", "exercise", "booklet", "trifold"):
        marked = tmp_path / "out" / f"shoulder-draft.{kind}.pdf"
        printed = [page for page in pdf_text(marked).pages if page.strip()]  # a folded piece may
        assert printed and all("草稿・未經審閱" in squash(page) for page in printed), (
            kind
        )  # leave a side blank
        clean = tmp_path / "out" / f"shoulder-open-dose.{kind}.pdf"
        assert not any("草稿" in page for page in pdf_text(clean).pages)
        assert _marked_pixels(marked) > 20 * max(1, _marked_pixels(clean)), kind  # really drawn
    footer_words = squash(pdf_text(tmp_path / "out" / "shoulder-draft.leaflet.pdf").pages[0])
    assert "審閱日期：未填寫草稿・未經審閱" in footer_words  # the words in the footer too


def test_the_draft_mark_and_empty_dose_boxes_together_in_simplified(tmp_path: Path) -> None:
    result = run_cli("build", KNEE_CN, "-o", tmp_path, "-f", "exercise")
    assert result.code == 0, result.stderr
    sheet = tmp_path / "knee-open-dose-cn.exercise.pdf"
    text = squash("".join(pdf_text(sheet).pages))
    assert text.count("草稿・未经审阅") >= 2 and "每组次数：" in text
    assert _marked_pixels(sheet) > 200


def test_every_slide_of_a_draft_deck_is_marked(tmp_path: Path) -> None:
    result = run_cli("build", _draft_copy(tmp_path), "-o", tmp_path, "-f", "deck")
    assert result.code == 0, result.stderr
    slides = list(Presentation(str(tmp_path / "shoulder-draft.deck.pptx")).slides)
    assert len(slides) > 3
    for slide in slides:
        marks = [s for s in slide.shapes if s.name == "Draft mark"]
        assert len(marks) == 1 and marks[0].text_frame.text == "草稿・未經審閱"
        assert marks[0].rotation != 0
    footer = [s for s in slides[-1].shapes if s.name == "Footer"]
    assert footer and "草稿・未經審閱" in footer[0].text_frame.text


def test_final_refuses_a_draft_with_a_located_message_and_no_output(tmp_path: Path) -> None:
    draft = _draft_copy(tmp_path)
    result = run_cli("build", draft, "-o", tmp_path / "out", "--final", "-f", "all")
    assert result.code == 1
    assert f"{draft}:1:1: review_date: no review_date" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    reviewed = run_cli("build", SHOULDER, "-o", tmp_path / "ok", "--final")
    assert reviewed.code == 0, reviewed.stderr


def test_final_refuses_a_talk_that_uses_a_draft(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(HANDOUTS, folder / "handouts")
    shutil.copytree(REPO / "decks", folder / "decks")
    sciatica = folder / "handouts" / "sciatica.yaml"
    sciatica.write_text(sciatica.read_text(encoding="utf-8").replace("review_date:", "# review_date:"))
    talk = folder / "decks" / "back-buttock-leg.yaml"
    result = run_cli("build", talk, "-o", tmp_path / "out", "--final")
    assert result.code == 1 and "sciatica.yaml:1:1: review_date:" in result.stderr
    built = run_cli("build", talk, "-o", tmp_path / "out")
    assert built.code == 0 and "sciatica.yaml: no review_date" in built.stderr
    slides = Presentation(str(tmp_path / "out" / "back-buttock-leg.deck.pptx")).slides
    assert all(any(s.name == "Draft mark" for s in slide.shapes) for slide in slides)


@pytest.mark.parametrize(("every", "warned"), [(None, False), (6, True)])
def test_an_old_review_warns_by_the_clinics_interval(tmp_path: Path, every: int | None, warned: bool) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(
        "name: 範例診所\n" + (f"review_every_months: {every}\n" if every else ""), encoding="utf-8"
    )
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "title: 手腕痛\nlanguage: zh-Hant-TW\nclinic: clinic.yaml\nreview_date: 2025-01-10\n"
        "red_flags: {items: [手指發白、發冷。]}\n",
        encoding="utf-8",
    )
    result = run_cli("build", spec, "-o", tmp_path)
    assert result.code == 0, result.stderr
    assert ("more than 6 months ago" in result.stderr) is warned
    clinic.write_text("name: 範例診所\nreview_every_months: 0\n", encoding="utf-8")
    bad = run_cli("build", spec, "-o", tmp_path / "bad")
    assert bad.code == 1 and "clinic.yaml:2:" in bad.stderr and "review_every_months" in bad.stderr


def test_a_converted_spec_builds_as_a_draft(tmp_path: Path) -> None:
    folder = tmp_path / "handouts"
    shutil.copytree(HANDOUTS, folder)
    assert run_cli("convert", folder / "sciatica.yaml", "--to", "zh-Hans-CN").code == 0
    converted = folder / "sciatica.zh-Hans-CN.yaml"
    result = run_cli("build", converted, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    pages = pdf_text(tmp_path / "out" / "sciatica.zh-Hans-CN.leaflet.pdf").pages
    assert all("草稿・未经审阅" in squash(page) for page in pages)
    assert run_cli("build", converted, "-o", tmp_path / "final", "--final").code == 1
