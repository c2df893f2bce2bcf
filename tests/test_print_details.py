"""Issue 11.14, read back from the PDFs: references justified without gaps inside their numbers,
the clinic's phone in one form everywhere, its name and phone once on a folded piece's back
panel, and no wide gaps between the characters of a tri-fold's narrow panels."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, pdf_text, run_cli, squash

SPEC = DATA / "knee-exercises.yaml"  # its clinic: 青松物理治療所（測試）, phone (02) 2960-0000
NAME, PHONE = "青松物理治療所（測試）", "(02)2960-0000"
STRESS = DATA / "shoulder-stress.yaml"  # references, ranges and long lines in narrow panels


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("contact")
    result = run_cli("build", SPEC, STRESS, "-o", out, "-f", "leaflet,booklet,trifold")
    assert result.code == 0, result.stderr
    return out


def test_references_keep_their_numbers_and_punctuation_together(built: Path) -> None:
    """A justified reference line read 「2013 ; 43 ( 5 ) :」 (pdftotext sees the gaps as spaces)."""
    import subprocess

    pdf = built / "shoulder-stress.leaflet.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ther. 2013;43(5):" in text and "2020;396(10256):" in text
    assert "2013 ;" not in text and "( 5 )" not in text


def test_the_footer_prints_the_phone_as_the_contact_block_does(built: Path) -> None:
    """The footer printed 「（02）2960-0000」 while the contact block printed (02) 2960-0000."""
    pages = [squash(page) for page in pdf_text(built / "knee-exercises.leaflet.pdf").pages]
    for page in pages:  # the footer, on every page
        assert "電話：" + PHONE in page, page[-200:]
        assert "（02）" not in page
    assert sum(page.count(PHONE) for page in pages) == len(pages) + 1  # and the contact block


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_the_back_panel_names_the_clinic_once(built: Path, kind: str) -> None:
    """The back panel printed the contact block and then the footer's line with name and phone."""
    doc = pdfium.PdfDocument(str(built / f"knee-exercises.{kind}.pdf"))
    outside = doc[0].get_textpage()  # the outside of the sheet: back panel, cover (and flap)
    text = squash(outside.get_text_range())
    outside.close()
    doc.close()
    assert text.count(NAME) == 1 and text.count(PHONE) == 1, text
    assert "審閱日期" in text  # the review date stays on the back panel


def _widest_gap(path: Path) -> tuple[float, str]:
    """The widest gap between two Chinese characters side by side on a line, in em, and its line."""
    from itertools import pairwise

    from builder.typeset.chars import is_han

    widest = (0.0, "")
    doc = pdfium.PdfDocument(str(path))
    for page in doc:
        textpage = page.get_textpage()
        rows: dict[int, list[tuple[float, float, str]]] = {}
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if char.strip():
                left, bottom, right, _ = textpage.get_charbox(index, loose=True)
                rows.setdefault(round(bottom), []).append((left, right, char))
        for row in rows.values():
            row.sort()
            line = "".join(char for _, _, char in row)
            for (left, right, a), (next_left, _, b) in pairwise(row):
                em = right - left
                gap = (next_left - right) / em if em else 0.0
                if is_han(a) and is_han(b) and gap < 1.0:  # wider: the next panel or column
                    widest = max(widest, (gap, line))
        textpage.close()
    doc.close()
    return widest


@pytest.mark.parametrize("spec", [SPEC, STRESS], ids=["knee", "shoulder"])
def test_no_wide_gaps_between_characters_in_a_trifold(built: Path, spec: Path) -> None:
    """A short line justified across a narrow panel opened up to a quarter em between every two
    characters (the clinic's line on the back panel, 「五十肩的病程分三期：疼痛期約」)."""
    gap, line = _widest_gap(built / f"{spec.stem}.trifold.pdf")
    assert gap <= 0.13, (round(gap, 2), line)
