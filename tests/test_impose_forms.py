"""Imposition places each panel as a form XObject (builder.render.pdf.impose): the sheets must
look as they did when pypdf merged the panels' content streams into them, operator by operator
(three quarters of a folded piece's build time), with and without a print shop's bleed."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from conftest import HANDOUTS
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter, Transformation

from builder.build import check_spec
from builder.compose.folded import available_sections, compose_folded_back, compose_folded_body
from builder.folding import panel_theme
from builder.render.pdf import render_leaflet_pdf
from builder.render.pdf.impose import TRIFOLD, _sheets, impose, panels_of
from builder.render.pdf.theme import PAPER_SIZES
from builder.spec.loader import LoadedSpec


def _merged(panels: list, layout: tuple, panel: tuple[float, float], bleed: float) -> bytes:
    """The sheets as pypdf's page merging made them before."""
    sides = PdfReader(io.BytesIO(_sheets(len(layout), len(layout[0]), panel, bleed))).pages
    writer = PdfWriter()
    for side, blank in zip(layout, sides, strict=True):
        sheet = writer.add_page(blank)
        for slot, index in enumerate(side):
            if index < len(panels) and panels[index] is not None:
                move = Transformation().translate(bleed + slot * panel[0], bleed)
                sheet.merge_transformed_page(panels[index], move)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _images(data: bytes) -> list[Image.Image]:
    document = pdfium.PdfDocument(data)
    return [page.render(scale=100 / 72).to_pil().convert("L") for page in document]


@pytest.mark.parametrize("bleed", [0.0, 8.5])
def test_imposed_sheets_look_as_merged_ones(bleed: float) -> None:
    loaded, fonts, _ = check_spec(HANDOUTS / "superior-cluneal-nerve.yaml")
    assert isinstance(loaded, LoadedSpec)
    width, height = sorted(PAPER_SIZES["a4"], reverse=True)
    panel = (width / 3, height)
    theme = panel_theme(panel, False)
    body = render_leaflet_pdf(compose_folded_body(loaded, available_sections(loaded)[:4]), fonts, theme)
    back = render_leaflet_pdf(compose_folded_back(loaded), fonts, theme)
    pages = panels_of(body.data)[:5]
    panels = [*pages, *[None] * (5 - len(pages)), panels_of(back.data)[0]]
    now, before = impose(panels, TRIFOLD, panel, bleed), _merged(panels, TRIFOLD, panel, bleed)
    assert len(now) < len(before)  # the panels' content stays compressed
    for new, old in zip(_images(now), _images(before), strict=True):
        assert new.size == old.size
        changed = ImageChops.difference(new, old).point(lambda v: 255 if v > 32 else 0)
        assert changed.histogram()[255] <= 100  # anti-aliasing of rounded coordinates at most
    assert len(PdfReader(io.BytesIO(now)).pages) == 2
