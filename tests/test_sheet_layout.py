"""Exercise sheets on handouts beyond the bundled five: cards kept whole (or continued under
their name), a tick grid whose rows grow with their names, and no type under the promised size."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, in_order, pdf_text, run_cli, squash

from builder.spec.loader import load_spec
from builder.typeset import normalize_text

KNEE = DATA / "knee-exercises.yaml"
ANKLE = DATA / "ankle-sprain-hans.yaml"
LONG_NAME = "側躺蚌殼式（膝蓋彎曲、雙腳併攏，上方膝蓋慢慢打開）"
EDITIONS = {"a4": [], "a5": ["--paper", "a5"], "letter": ["--paper", "letter"], "large": ["--large-print"]}


def _variant(tmp_path: Path, name: str, text: str) -> Path:
    """The knee handout with the long exercise name replaced, beside a copy of its clinic."""
    folder = tmp_path / "spec"
    folder.mkdir(exist_ok=True)
    shutil.copytree(DATA / "clinics", folder / "clinics", dirs_exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(KNEE.read_text(encoding="utf-8").replace(LONG_NAME, text), encoding="utf-8")
    return path


def _build(spec: Path, out: Path, *options: str) -> Path:
    result = run_cli("build", spec, "-o", out, "-f", "exercise", *options)
    assert result.code == 0, result.stderr
    built = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("built ")]
    return Path(built[0])


def _chars(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float], float]]:
    """Each character with its box (left, bottom, right, top) and font size."""
    textpage = page.get_textpage()
    found = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char.strip():
            size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, index)
            found.append((char, textpage.get_charbox(index), size))
    textpage.close()
    return found


def _rules(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Horizontal lines drawn on the page (a table's row lines among them)."""
    bounds = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH])]
    return [b for b in bounds if b[3] - b[1] < 2 and b[2] - b[0] > 40]


def _grid_name_chars(path: Path, name: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    """Boxes of the characters of the name's last printed occurrence (its row in the grid)."""
    doc = pdfium.PdfDocument(str(path))
    hits: list[tuple[int, tuple[float, float, float, float]]] = []
    for number, page in enumerate(doc):
        chars = _chars(page)
        flat = "".join(c for c, _, _ in chars)
        start = flat.rfind(name[:6])
        if start >= 0:
            hits = [(number, box) for _, box, _ in chars[start : start + len(name)]]
    doc.close()
    return hits


@pytest.mark.parametrize("length", [30, 600])
def test_a_long_name_never_crosses_the_grid_lines(tmp_path: Path, length: int) -> None:
    """Issue 10.3: a name that wraps grows its row; a very long one is shortened in the grid with
    「…」 and printed whole on its card; no name runs below the table or off the page."""
    name = ("側躺蚌殼式膝蓋彎曲雙腳併攏上方膝蓋慢慢打開" * 40)[:length]
    for edition, options in EDITIONS.items():
        path = _build(_variant(tmp_path, f"long{length}", name), tmp_path / edition, *options)
        doc = pdfium.PdfDocument(str(path))
        text = squash("".join(pdf_text(path).pages))
        assert in_order(name, text)  # whole, on its card (a page may end inside it)
        hits = _grid_name_chars(path, name)
        assert hits, "the name's row in the grid"
        page = doc[hits[0][0]]
        width, height = page.get_size()
        rules = _rules(page)
        for _, (left, bottom, right, top) in hits:
            assert left >= 0 and right <= width and bottom >= 0 and top <= height, "off the page"
            for r_left, r_bottom, r_right, r_top in rules:
                if r_left < right and left < r_right:
                    middle = (r_bottom + r_top) / 2
                    assert not bottom + 1 < middle < top - 1, f"{edition}: a row line through the name"
        if length == 600:
            assert "…" in pdf_text(path).pages[hits[0][0]]
        doc.close()


def test_cards_stay_on_one_page_when_they_fit(tmp_path: Path) -> None:
    """Issue 11.9: each card's name, steps and cautions are on one page in every edition."""
    spec = load_spec(KNEE).spec
    for edition, options in EDITIONS.items():
        path = _build(KNEE, tmp_path / edition, *options)
        pages = [squash(page) for page in pdf_text(path).pages]
        for stage in spec.exercises:
            for exercise in stage.exercises:
                parts = [exercise.name, *exercise.steps, *exercise.cautions]
                needles = [squash(normalize_text(p)) for p in parts]
                holding = [i for i, page in enumerate(pages) if all(n in page for n in needles)]
                assert holding, f"{edition}: the card of {exercise.name} is split"
            # a stage's heading and goal never end a page without its first card
            heading = next(i for i, page in enumerate(pages) if squash(normalize_text(stage.name)) in page)
            first_card = squash(normalize_text(stage.exercises[0].name))
            assert first_card in pages[heading], f"{edition}: {stage.name} ends a page alone"


def test_a_card_taller_than_a_page_repeats_its_name(tmp_path: Path) -> None:
    """Issue 11.9: a card that cannot fit on one page goes on under 「name（續）」."""
    steps = "\n".join(
        f"          - 第 {n} 步：慢慢做，保持呼吸，動作不要太快，感覺到肌肉出力就好。" for n in range(1, 41)
    )
    text = KNEE.read_text(encoding="utf-8").replace(
        "          - 換腳重複。\n", "          - 換腳重複。\n" + steps + "\n"
    )
    folder = tmp_path / "spec"
    shutil.copytree(DATA / "clinics", folder / "clinics")
    spec = folder / "tall-card.yaml"
    spec.write_text(text, encoding="utf-8")
    for edition in ("a4", "a5"):
        path = _build(spec, tmp_path / edition, *EDITIONS[edition])
        pages = [squash(page) for page in pdf_text(path).pages]
        first = next(i for i, page in enumerate(pages) if "第1步" in page)
        last = next(i for i, page in enumerate(pages) if "第40步" in page)
        assert last > first
        for page in pages[first + 1 : last + 1]:
            assert "股四頭肌等長收縮（續）" in page


@pytest.mark.parametrize("spec", [KNEE, ANKLE], ids=["knee", "ankle"])
@pytest.mark.parametrize("edition", ["a4", "large"])
def test_no_type_under_the_promised_size(tmp_path: Path, spec: Path, edition: str) -> None:
    """Issue 11.11: every character on every printed piece — the footer and the tick grid's day
    numbers included — is at least 12 pt (16 pt in large print)."""
    smallest = 16 if edition == "large" else 12
    result = run_cli(
        "build", spec, "-o", tmp_path, "-f", "leaflet,exercise,booklet,trifold", *EDITIONS[edition]
    )
    assert result.code == 0, result.stderr
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 4
    for path in pdfs:
        doc = pdfium.PdfDocument(str(path))
        small = {
            (char, round(size, 1)) for page in doc for char, _, size in _chars(page) if size < smallest - 0.01
        }
        doc.close()
        assert not small, f"{path.name}: {sorted(small)[:10]}"
