"""leafdeck: one condition spec (YAML) → patient leaflets (PDF) and clinic-talk decks."""

__version__ = "0.1.0"
