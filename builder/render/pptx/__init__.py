"""The deck renderer (python-pptx). It never imports the PDF renderer."""

from builder.render.pptx.deck import MAX_SLIDES, RenderedDeck, TooManySlidesError, render_deck_pptx

__all__ = ["MAX_SLIDES", "RenderedDeck", "TooManySlidesError", "render_deck_pptx"]
