"""The leaflet is rendered once: pages are counted by a layout pass that paints nothing, and that
count must be the real one, or pictures would be dropped (or kept) wrongly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, SEEDS, run_cli

from builder.build import check_spec
from builder.compose.leaflet import Fit, compose_leaflet
from builder.leaflet_fit import fit_leaflet, notes
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.leaflet import leaflet_pages
from builder.render.pdf.theme import theme_for
from builder.spec.loader import LoadedSpec

SPEED = DATA / "speed"
FITS = (Fit(), Fit("compact"), Fit("compact", cards=True), Fit("none"))
SPECS = [
    *SEEDS,
    SPEED / "wrist-tendon.yaml",
    SPEED / "knee-long-ugly.yaml",
    SPEED / "elbow-lateral.yaml",
    DATA / "decks" / "neck-ugly-hans.yaml",
    DATA / "extreme.yaml",
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_layout_pass_counts_the_pages_rendering_makes(spec: Path) -> None:
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    for theme in (theme_for(), theme_for("a5", large_print=True)):
        for fit in FITS:
            document = compose_leaflet(loaded, fit=fit)
            rendered = render_leaflet_pdf(document, fonts, theme)
            assert leaflet_pages(document, fonts, theme) == rendered.pages


@pytest.mark.parametrize(
    "spec",
    [SPEED / "knee-long-ugly.yaml", SPEED / "wrist-tendon.yaml", *SEEDS],
    ids=lambda p: p.stem,
)
def test_pictures_shrink_or_go_only_when_they_push_past_one_sheet(tmp_path: Path, spec: Path) -> None:
    """From real renders: a leaflet that fits keeps everything at full size and says nothing; one
    that does not fits once set more compactly or with things left out, says exactly what it left
    out, and nothing it left out would still have fitted (each, put back, runs past one sheet)."""
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    made = run_cli("build", spec, "-o", tmp_path)
    assert made.code == 0
    said = " ".join(made.stderr.split())
    built = len(pdfium.PdfDocument(tmp_path / f"{spec.stem}.leaflet.pdf"))
    full = render_leaflet_pdf(compose_leaflet(loaded), fonts).pages
    fitted = fit_leaflet(loaded, fonts, theme_for(), 2)
    if full <= 2:
        assert fitted.fit == Fit() and "to keep it on one sheet" not in said and built == full
        return
    assert built == render_leaflet_pdf(fitted.document, fonts).pages
    for note in notes(loaded, fitted.fit):
        assert note in said
    if built > 2:  # nothing left out is enough: everything stays, at full size
        assert fitted.fit == Fit()
        return
    for section in fitted.fit.no_pictures:
        back = replace(fitted.fit, no_pictures=fitted.fit.no_pictures - {section})
        assert render_leaflet_pdf(compose_leaflet(loaded, fit=back), fonts).pages > 2, section
    for where in fitted.fit.no_maps:
        back = replace(fitted.fit, no_maps=fitted.fit.no_maps - {where})
        assert render_leaflet_pdf(compose_leaflet(loaded, fit=back), fonts).pages > 2, where
