"""Doses a therapist fills in: the leaflet says so, the exercise sheet prints empty boxes
(or the numbers given with --dose)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from conftest import DATA, HANDOUTS, body_text, pdf_text, run_cli, squash

from builder.spec.loader import load_spec

SHOULDER = DATA / "shoulder-open-dose.yaml"
KNEE = DATA / "knee-open-dose-cn.yaml"


def _lines(path: Path) -> int:
    """Straight lines drawn on the pages (a table box is four of them)."""
    count = 0
    doc = pdfium.PdfDocument(str(path))
    for page in doc:
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
            if raw.FPDFPath_CountSegments(obj.raw) == 2:  # move-to + line-to
                count += 1
    return count


def _dark_fraction(path: Path) -> float:
    page = pdfium.PdfDocument(str(path))[0]
    image = page.render(scale=1).to_pil().convert("L")
    histogram = image.histogram()
    return sum(histogram[:100]) / (image.width * image.height)


def test_as_prescribed_reads_as_the_therapists_call_in_the_leaflet(tmp_path: Path) -> None:
    result = run_cli("build", SHOULDER, KNEE, "-o", tmp_path, "-f", "leaflet")
    assert result.code == 0, result.stderr
    shoulder = squash("".join(pdf_text(tmp_path / "shoulder-open-dose.leaflet.pdf").pages))
    assert shoulder.count("次數依治療師指示") == 2
    assert "2組" in shoulder and "每天2次" in shoulder  # the fields that are given still print
    knee = squash("".join(pdf_text(tmp_path / "knee-open-dose-cn.leaflet.pdf").pages))
    assert "次数遵治疗师指示" in knee


def test_the_sheet_has_empty_boxes_for_open_counts_and_fills_them_from_dose(tmp_path: Path) -> None:
    result = run_cli("build", SHOULDER, "-o", tmp_path / "open", "-f", "exercise")
    assert result.code == 0, result.stderr
    sheet = tmp_path / "open" / "shoulder-open-dose.exercise.pdf"
    text = squash("".join(pdf_text(sheet).pages))
    # 鐘擺運動: all four counts open; 爬牆運動: reps and hold open
    assert text.count("組數：") == 1 and text.count("每組次數：") == 2
    assert text.count("停留秒數：") == 2 and text.count("每天次數：") == 1
    open_lines = _lines(sheet)

    filled = run_cli(
        "build",
        SHOULDER,
        "-o",
        tmp_path / "filled",
        "-f",
        "exercise",
        "--dose",
        "sets=3,reps=12,hold=5,times=2",
    )
    assert filled.code == 0, filled.stderr
    (custom,) = (tmp_path / "filled").glob("shoulder-open-dose.exercise*.pdf")  # named for the dose
    text = squash("".join(pdf_text(custom).pages))
    assert "組數：" not in text and "每組次數：" not in text and "次數依治療師指示" not in text
    assert "3組，每組12下" in text and "每天2次" in text
    assert open_lines - _lines(custom) == 6 * 4  # a four-sided box per blank left open
    assert _dark_fraction(sheet) > _dark_fraction(custom)  # the boxes are really drawn


def test_simplified_sheet_with_a_long_name_keeps_its_boxes(tmp_path: Path) -> None:
    result = run_cli("build", KNEE, "-o", tmp_path, "-f", "exercise")
    assert result.code == 0, result.stderr
    text = squash("".join(pdf_text(tmp_path / "knee-open-dose-cn.exercise.pdf").pages))
    assert "每组次数：" in text and "每天次数：" in text and "组数：" not in text.replace("每组次数：", "")


def test_bundled_handouts_leave_unsourced_doses_open(seed_build: Path) -> None:
    spec = load_spec(HANDOUTS / "superior-cluneal-nerve.yaml").spec
    doses = [e.dose for stage in spec.exercises for e in stage.exercises]
    assert doses and all(d is not None and d.open_fields() for d in doses)  # seed 001 gives no dose
    text = body_text(seed_build / "superior-cluneal-nerve.leaflet.pdf", "安心復健科診所（範例）")
    assert text.count("次數依治療師指示") == len(doses)
