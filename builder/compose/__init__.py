"""Compose: decide what goes into each output format, as format-independent blocks."""

from builder.compose.document import Document
from builder.compose.leaflet import compose_leaflet

__all__ = ["Document", "compose_leaflet"]
