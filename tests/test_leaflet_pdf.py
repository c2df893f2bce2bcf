"""The real leaflet PDFs, read back with pdfium and poppler."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, HANDOUTS, SEEDS, body_text, in_order, pdf_text, pdffonts, run_cli, squash

from builder.compose.leaflet import compose_leaflet
from builder.spec import load_spec
from builder.typeset import normalize_text
from builder.typeset.chars import NO_LINE_END, NO_LINE_START

SEED_IDS = [p.stem for p in SEEDS]


def _pdf(out: Path, spec: Path) -> Path:
    return out / f"{spec.stem}.leaflet.pdf"


def test_there_are_five_seed_handouts() -> None:
    assert len(SEEDS) == 5
    languages = sorted(load_spec(p).spec.language for p in SEEDS)
    assert languages == ["zh-Hans-CN"] + ["zh-Hant-TW"] * 4


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_every_spec_string_is_printed(seed_build: Path, spec: Path) -> None:
    loaded = load_spec(spec)
    footer = compose_leaflet(loaded).footer
    text = body_text(_pdf(seed_build, spec), footer.lines[0])
    everything = squash("".join(pdf_text(_pdf(seed_build, spec)).pages))
    missing = [
        s
        for s, where in loaded.texts()
        if squash(normalize_text(s)) not in (everything if where.field == "disclaimer" else text)
    ]
    assert not missing


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_footer_on_every_page(seed_build: Path, spec: Path) -> None:
    loaded = load_spec(spec)
    footer = compose_leaflet(loaded).footer
    pages = pdf_text(_pdf(seed_build, spec)).pages
    for number, page in enumerate(pages, 1):
        flat = squash(page)
        for line in footer.lines:
            assert squash(line) in flat
        assert squash(footer.disclaimer) in flat
        assert squash(footer.page_label.format(page=number, pages=len(pages))) in flat
    assert loaded.clinic is not None and squash(loaded.clinic.name) in squash(footer.lines[0])
    assert "2026-11-01" in footer.lines[-1]


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_fonts_embedded_subset_and_regional(seed_build: Path, spec: Path) -> None:
    fonts = pdffonts(_pdf(seed_build, spec))
    assert fonts
    for font in fonts:
        assert font["emb"] == "yes" and font["sub"] == "yes", font
        assert "Helvetica" not in font["name"]
    region = "SC" if load_spec(spec).spec.language == "zh-Hans-CN" else "TC"
    assert any(f"NotoSans{region}-Regular" in font["name"] for font in fonts)
    assert any(f"NotoSans{region}-Bold" in font["name"] for font in fonts)


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_no_line_starts_with_closing_or_ends_with_opening_mark(seed_build: Path, spec: Path) -> None:
    for line in pdf_text(_pdf(seed_build, spec)).lines:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_pages_render_and_are_not_blank(seed_build: Path, spec: Path) -> None:
    doc = pdfium.PdfDocument(str(_pdf(seed_build, spec)))
    try:
        assert len(doc) >= 2
        for page in doc:
            width, height = page.get_size()
            assert (round(width), round(height)) == (595, 842)  # A4 portrait
            image = page.render(scale=0.5, grayscale=True).to_pil().convert("L")
            dark = sum(1 for value in image.get_flattened_data() if value < 128)
            assert dark / (image.width * image.height) > 0.005
            page.close()
    finally:
        doc.close()


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_body_text_is_at_least_12pt(seed_build: Path, spec: Path) -> None:
    """Only the footer (clinic line, review date, disclaimer, page number) and two-digit
    list numbers in their badges may be smaller."""
    doc = pdfium.PdfDocument(str(_pdf(seed_build, spec)))
    try:
        for page in doc:
            textpage = page.get_textpage()
            footer_top = 0.0
            sizes = []
            for index in range(textpage.count_chars()):
                size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, index)
                box = textpage.get_charbox(index)
                char = textpage.get_text_range(index, 1)
                if size and not char.isdigit() and not char.isspace():
                    sizes.append((size, box[3]))
                    if size < 12:
                        footer_top = max(footer_top, box[3])
            assert footer_top < 100, "text under 12 pt outside the footer"
            assert any(size >= 12 for size, _ in sizes)
            textpage.close()
            page.close()
    finally:
        doc.close()


@pytest.mark.parametrize("spec", SEEDS, ids=SEED_IDS)
def test_red_flags_stay_on_one_page(seed_build: Path, spec: Path) -> None:
    loaded = load_spec(spec)
    assert loaded.spec.red_flags is not None
    pages = [squash(page) for page in pdf_text(_pdf(seed_build, spec)).pages]
    items = [squash(normalize_text(i)) for i in loaded.spec.red_flags.items]
    holders = {index for index, page in enumerate(pages) for item in items if item in page}
    assert len(holders) == 1


def test_pdf_language_tag(seed_build: Path) -> None:
    for spec in SEEDS:
        data = _pdf(seed_build, spec).read_bytes()
        tag = b"zh-CN" if load_spec(spec).spec.language == "zh-Hans-CN" else b"zh-TW"
        assert re.search(rb"/Lang \(" + tag + rb"\)", data)


def test_same_spec_same_bytes(seed_build: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_cli("build", SEEDS[0], SEEDS[1], "-o", again).code == 0
    for spec in SEEDS[:2]:
        assert _pdf(again, spec).read_bytes() == _pdf(seed_build, spec).read_bytes()


def test_same_bytes_within_one_process(tmp_path: Path) -> None:
    from builder.build import build_spec

    first = build_spec(SEEDS[2], tmp_path / "a", ["leaflet"])[0].path.read_bytes()
    build_spec(SEEDS[3], tmp_path / "b", ["leaflet"])
    second = build_spec(SEEDS[2], tmp_path / "c", ["leaflet"])[0].path.read_bytes()
    assert first == second


@pytest.mark.parametrize("name", ["adversarial", "extreme"])
def test_adversarial_specs_keep_every_rule(tmp_path: Path, name: str) -> None:
    spec = DATA / f"{name}.yaml"
    result = run_cli("build", spec, "-o", tmp_path)
    assert result.code == 0, result.stderr
    assert "pages" in result.stderr  # the long spec is flagged as longer than two pages
    pdf = tmp_path / f"{name}.leaflet.pdf"
    loaded = load_spec(spec)
    text = body_text(pdf, compose_leaflet(loaded).footer.lines[0])
    for string, where in loaded.texts():
        needle = squash(normalize_text(string))
        if where.field.startswith("comparisons"):
            assert in_order(needle, text), where  # continuation rows interleave their cells
        else:
            assert needle in text, where
    for line in pdf_text(pdf).lines:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line
    assert all(font["emb"] == "yes" for font in pdffonts(pdf))
    if name == "extreme":  # the 2,100-character cell is cut into continuation rows, not clipped
        assert text.count("非") == 300  # one in each of the 300 sentences of that cell
    # The tables run over several columns and pages; their header row comes along.
    header = squash("".join(loaded.spec.comparisons[0].columns))
    assert sum(squash(page).count(header) for page in pdf_text(pdf).pages) >= 3


def test_overlong_main_message_flows_into_the_columns(tmp_path: Path) -> None:
    spec = tmp_path / "long.yaml"
    message = "很長的主要訊息，請一字不漏地印出來。" * 80
    spec.write_text(f"title: 很長的單張\nlanguage: zh-Hant-TW\nmain_message: {message}\n", encoding="utf-8")
    result = run_cli("build", spec, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    footer = compose_leaflet(load_spec(spec)).footer
    text = body_text(tmp_path / "out" / "long.leaflet.pdf", footer.lines[0])
    assert squash(normalize_text(message)) in text


def test_footer_qr_code_decodes_to_the_clinic_website(seed_build: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    for stem, url in (
        ("sciatica", "https://clinic.example.org"),
        ("calf-cramp-sciatica", "https://clinic.example.org/cn"),
    ):
        doc = pdfium.PdfDocument(str(seed_build / f"{stem}.leaflet.pdf"))
        for page in doc:  # on every page
            found = [r.text for r in zxingcpp.read_barcodes(page.render(scale=3).to_pil())]
            assert found == [url], (stem, found)
        doc.close()


def test_clinic_logo_and_colours_brand_the_leaflet(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "clinics").mkdir()
    Image.new("RGB", (400, 120), (46, 125, 50)).save(tmp_path / "clinics" / "logo.png")
    (tmp_path / "clinics" / "c.yaml").write_text(
        'name: 綠葉診所\nlogo: logo.png\ncolours: {primary: "#2E7D32"}\n', encoding="utf-8"
    )
    spec = tmp_path / "s.yaml"
    spec.write_text(
        (HANDOUTS / "sciatica.yaml").read_text().replace("clinics/example-clinic.yaml", "clinics/c.yaml")
    )
    result = run_cli("build", spec, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    doc = pdfium.PdfDocument(str(tmp_path / "out" / "s.leaflet.pdf"))
    for page in doc:
        images = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
        assert len(images) == 1  # the logo, in every page's footer
    page = doc[0]
    colours = set()
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT]):
        r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        pdfium.raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
        colours.add((r.value, g.value, b.value))
    assert (0x2E, 0x7D, 0x32) in colours  # headings in the clinic's colour
    doc.close()
