"""The leaflet is rendered once: pages are counted by a layout pass that paints nothing, and that
count must be the real one, or pictures would be dropped (or kept) wrongly."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, HANDOUTS, SEEDS, run_cli

from builder.build import check_spec
from builder.compose.leaflet import compose_leaflet
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.leaflet import leaflet_pages
from builder.render.pdf.theme import theme_for
from builder.spec.loader import LoadedSpec

SPEED = DATA / "speed"
SPECS = [*SEEDS, SPEED / "wrist-tendon.yaml", SPEED / "knee-long-ugly.yaml", DATA / "extreme.yaml"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_layout_pass_counts_the_pages_rendering_makes(spec: Path) -> None:
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    for theme in (theme_for(), theme_for("a5", large_print=True)):
        for pictures in ("full", "compact", "none"):
            document = compose_leaflet(loaded, pictures=pictures)
            rendered = render_leaflet_pdf(document, fonts, theme)
            assert leaflet_pages(document, fonts, theme) == rendered.pages


def test_pictures_shrink_or_go_only_when_they_push_past_one_sheet(tmp_path: Path) -> None:
    made = {
        spec.stem: run_cli("build", spec, "-o", tmp_path)
        for spec in (
            SPEED / "knee-long-ugly.yaml",
            SPEED / "wrist-tendon.yaml",
            HANDOUTS / "calf-cramp-sciatica.yaml",
        )
    }
    assert all(result.code == 0 for result in made.values())
    assert "pictures drawn at 30 mm in the leaflet" in made["knee-long-ugly"].stderr  # compact fits
    assert "pictures left out of the leaflet" in made["calf-cramp-sciatica"].stderr  # only none fits
    assert "pictures" not in made["wrist-tendon"].stderr  # they fit as they are
    pages = {p.stem: len(pdfium.PdfDocument(p)) for p in tmp_path.glob("*.pdf")}
    assert pages == {"knee-long-ugly.leaflet": 2, "wrist-tendon.leaflet": 1, "calf-cramp-sciatica.leaflet": 2}
