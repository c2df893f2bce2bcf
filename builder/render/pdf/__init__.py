"""PDF output with reportlab, drawing text positioned by the shared typesetting core."""

from reportlab import rl_config

from builder.render.pdf.leaflet import render_leaflet_pdf

# Binary streams as raw Flate data, not ASCII85 text: a quarter smaller, and faster.
rl_config.useA85 = 0

__all__ = ["render_leaflet_pdf"]
