"""Figures: posable people, props, marks and body maps, built as neutral vector scenes.

A stage beside typeset: both renderers draw the same scene (builder.figures.scene).
"""

from builder.figures.scene import (
    Circle,
    Close,
    CurveTo,
    Group,
    Hatch,
    Item,
    LineTo,
    MoveTo,
    Path,
    Point,
    Scene,
    Segment,
    Text,
    arrowhead,
    bounds,
    capsule,
    ellipse,
    polygon,
    polyline,
    smooth,
)

__all__ = [
    "Circle",
    "Close",
    "CurveTo",
    "Group",
    "Hatch",
    "Item",
    "LineTo",
    "MoveTo",
    "Path",
    "Point",
    "Scene",
    "Segment",
    "Text",
    "arrowhead",
    "bounds",
    "capsule",
    "ellipse",
    "polygon",
    "polyline",
    "smooth",
]
