"""PDF output with reportlab, drawing text positioned by the shared typesetting core."""

from builder.render.pdf.leaflet import render_leaflet_pdf

__all__ = ["render_leaflet_pdf"]
