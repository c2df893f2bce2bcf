"""Pictograms: each one draws (and a move to avoid carries its red ✗); specs name them or their own image."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import HANDOUTS, run_cli
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from builder.pictograms import PICTOGRAMS
from builder.render.pdf.pictogram import draw_pictogram

EXPECTED = {
    "side_lying_pillow",
    "supine_knee_pillow",
    "prone",
    "abdominal_breathing",
    "dead_bug",
    "clam",
    "bridge",
    "bird_dog",
    "plank",
    "hip_hinge",
    "wall_stand",
    "straight_leg_raise",
    "nerve_glide",
    "side_bend_stretch",
    "toe_touch",
    "foam_roll_side",
    "heavy_massage",
    "sleep_prone",
}


def _render(key: str) -> Image.Image:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 140))
    draw_pictogram(canvas, PICTOGRAMS[key], 0, 0, 200)
    canvas.save()
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    return page.render(scale=1).to_pil().convert("RGB")


def test_the_library_has_every_pictogram_the_seeds_need() -> None:
    assert set(PICTOGRAMS) == EXPECTED


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_pictogram_draws_and_moves_to_avoid_are_crossed_out(key: str) -> None:
    raw = _render(key).tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    dark = sum(1 for r, g, b in pixels if r + g + b < 150)
    red = sum(1 for r, g, b in pixels if r > 140 and g < 60 and b < 80)
    assert dark > 300, "the figure is drawn"
    assert (red > 300) == PICTOGRAMS[key].forbidden


def _copy_spec(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "handouts"
    shutil.copytree(HANDOUTS / "clinics", folder / "clinics")
    spec = folder / name
    spec.write_text(text, encoding="utf-8")
    return spec


def test_a_spec_may_use_its_own_picture(tmp_path: Path) -> None:
    text = (HANDOUTS / "superior-cluneal-nerve.yaml").read_text(encoding="utf-8")
    spec = _copy_spec(tmp_path, "s.yaml", text.replace("picture: bridge", "picture: my-bridge.png"))
    Image.new("RGB", (300, 200), (40, 90, 160)).save(spec.parent / "my-bridge.png")
    result = run_cli("build", spec, "-o", tmp_path / "out", "-f", "exercise")
    assert result.code == 0, result.stderr
    doc = pdfium.PdfDocument(str(tmp_path / "out" / "s.exercise.pdf"))
    images = [o for page in doc for o in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])]
    assert len(images) == 1


def test_exercise_video_is_a_qr_code_that_decodes(tmp_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    text = (HANDOUTS / "sciatica.yaml").read_text(encoding="utf-8")
    video = "        video: https://video.example.org/breathing\n"
    spec = _copy_spec(
        tmp_path, "s.yaml", text.replace("      - name: 腹式呼吸\n", "      - name: 腹式呼吸\n" + video)
    )
    result = run_cli("build", spec, "-o", tmp_path / "out", "-f", "exercise")
    assert result.code == 0, result.stderr
    page = pdfium.PdfDocument(str(tmp_path / "out" / "s.exercise.pdf"))[0]
    found = {r.text for r in zxingcpp.read_barcodes(page.render(scale=3).to_pil())}
    assert {"https://video.example.org/breathing", "https://clinic.example.org"} <= found
