"""The deck renderer (python-pptx). It never imports the PDF renderer."""

from builder.render.pptx.deck import RenderedDeck, render_deck_pptx

__all__ = ["RenderedDeck", "render_deck_pptx"]
