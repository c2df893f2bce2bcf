"""The project's own pictograms: sleep positions, the seeds' exercises, and moves to avoid.

Each is defined once, as strokes (limbs, with round ends), dots (heads) and filled shapes
(pillows, a roller, a wall) in a 100 × 70 box, y downwards. The PDF renderer draws them
with reportlab, the deck renderer as native shapes; "moves to avoid" get a red ✗.
Stick figures keep them readable small and in grayscale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Point = tuple[float, float]
Role = Literal["figure", "prop", "floor", "mark"]
WIDTH, HEIGHT = 100.0, 70.0
COLOURS = {"figure": "#1A1A1A", "prop": "#5A6B7D", "floor": "#9AA5B1", "mark": "#1F5F8B"}
PROP_FILL = "#D5DDE5"
FORBIDDEN = "#B00020"


@dataclass(frozen=True)
class Stroke:
    points: tuple[Point, ...]
    width: float = 4.0
    role: Role = "figure"


@dataclass(frozen=True)
class Dot:
    centre: Point
    radius: float = 5.0
    role: Role = "figure"


@dataclass(frozen=True)
class Shape:
    """A filled polygon: a pillow, a roller, a chair."""

    points: tuple[Point, ...]
    role: Role = "prop"


Part = Stroke | Dot | Shape


@dataclass(frozen=True)
class Pictogram:
    key: str
    parts: tuple[Part, ...]
    forbidden: bool = False  # a move to avoid: drawn with a red ✗


def _floor(y: float = 62.0) -> Stroke:
    return Stroke(((4.0, y), (96.0, y)), 1.5, "floor")


def _pillow(x: float, y: float, w: float, h: float) -> Shape:
    r = h / 2
    return Shape(((x + r, y), (x + w - r, y), (x + w, y + r), (x + w - r, y + h), (x + r, y + h), (x, y + r)))


def _figure(head: Point, *limbs: tuple[Point, ...]) -> tuple[Part, ...]:
    return (Dot(head), *(Stroke(limb) for limb in limbs))


_LIBRARY: tuple[Pictogram, ...] = (
    # --- sleep positions -------------------------------------------------------------------
    Pictogram(
        "supine_knee_pillow",
        (
            _floor(),
            _pillow(4, 53, 16, 8),
            _pillow(54, 52, 20, 9),
            *_figure((14, 47), ((20, 52), (50, 53)), ((50, 53), (64, 46), (80, 56)), ((22, 52), (40, 56))),
        ),
    ),
    Pictogram(
        "side_lying_pillow",
        (
            _floor(),
            _pillow(4, 50, 16, 11),
            _pillow(58, 41, 10, 9),
            *_figure(
                (14, 42),
                ((20, 46), (50, 48)),
                ((50, 48), (64, 38), (80, 45)),
                ((50, 48), (62, 52), (78, 57)),
                ((22, 46), (32, 40), (38, 46)),
            ),
        ),
    ),
    Pictogram(
        "prone",
        (
            _floor(),
            _pillow(4, 54, 16, 7),
            *_figure((12, 49), ((18, 55), (50, 56)), ((50, 56), (84, 57)), ((18, 55), (8, 58))),
        ),
    ),
    # --- exercises ---------------------------------------------------------------------------
    Pictogram(
        "abdominal_breathing",
        (
            _floor(),
            *_figure(
                (14, 52),
                ((20, 56), (50, 56)),
                ((50, 56), (62, 44), (74, 58)),
                ((22, 56), (34, 48), (40, 52)),
            ),
            Stroke(((36, 40), (36, 30)), 2, "mark"),
            Stroke(((32, 34), (36, 29), (40, 34)), 2, "mark"),
        ),
    ),
    Pictogram(
        "dead_bug",
        (
            _floor(),
            *_figure(
                (14, 52),
                ((20, 56), (50, 56)),
                ((22, 55), (22, 32)),
                ((50, 56), (54, 40), (68, 40)),
                ((50, 56), (70, 52), (88, 50)),
            ),
        ),
    ),
    Pictogram(
        "clam",
        (
            _floor(),
            _pillow(4, 52, 14, 9),
            *_figure(
                (14, 44),
                ((20, 48), (50, 50)),
                ((50, 50), (64, 54), (60, 60)),
                ((50, 50), (66, 34), (60, 58)),
                ((22, 48), (32, 44), (36, 50)),
            ),
            Stroke(((72, 44), (70, 36)), 2, "mark"),
        ),
    ),
    Pictogram(
        "bridge",
        (
            _floor(),
            *_figure((12, 54), ((18, 58), (46, 40)), ((46, 40), (62, 38), (68, 61)), ((20, 58), (40, 61))),
            Stroke(((46, 32), (46, 22)), 2, "mark"),
            Stroke(((42, 26), (46, 21), (50, 26)), 2, "mark"),
        ),
    ),
    Pictogram(
        "bird_dog",
        (
            _floor(),
            *_figure(
                (14, 34),
                ((24, 38), (56, 38)),
                ((24, 38), (24, 61)),
                ((56, 38), (56, 61), (72, 61)),
                ((56, 38), (90, 36)),
                ((24, 38), (6, 30)),
            ),
        ),
    ),
    Pictogram(
        "plank",
        (
            _floor(),
            *_figure((12, 42), ((20, 46), (86, 58)), ((20, 46), (22, 61), (36, 61)), ((86, 58), (88, 61))),
        ),
    ),
    Pictogram(
        "hip_hinge",
        (
            _floor(66),
            *_figure(
                (26, 18),
                ((32, 24), (56, 36)),
                ((56, 36), (54, 50), (56, 65)),
                ((34, 25), (36, 46)),
            ),
            Stroke(((24, 30), (50, 42)), 1.5, "mark"),
        ),
    ),
    Pictogram(
        "wall_stand",
        (
            _floor(66),
            Shape(((70, 2), (78, 2), (78, 66), (70, 66))),
            *_figure((64, 10), ((66, 17), (67, 42)), ((67, 42), (66, 54), (62, 65)), ((66, 19), (60, 40))),
        ),
    ),
    Pictogram(
        "straight_leg_raise",
        (
            _floor(),
            *_figure(
                (12, 52),
                ((18, 56), (48, 56)),
                ((48, 56), (76, 26)),
                ((48, 56), (62, 44), (74, 60)),
                ((20, 56), (40, 60)),
            ),
        ),
    ),
    Pictogram(
        "nerve_glide",
        (
            _floor(66),
            Shape(((34, 44), (58, 44), (58, 48), (34, 48))),
            Stroke(((36, 48), (36, 66)), 2.5, "prop"),
            Stroke(((56, 48), (56, 66)), 2.5, "prop"),
            *_figure(
                (38, 10),
                ((40, 17), (42, 42)),
                ((42, 42), (62, 42), (80, 34)),
                ((42, 42), (60, 44), (60, 65)),
                ((40, 19), (50, 34)),
            ),
        ),
    ),
    # --- moves to avoid ----------------------------------------------------------------------
    Pictogram(
        "side_bend_stretch",
        (
            _floor(66),
            *_figure(
                (30, 14),
                ((36, 20), (50, 40)),
                ((50, 40), (44, 65)),
                ((50, 40), (58, 65)),
                ((36, 20), (24, 6)),
                ((38, 22), (50, 30)),
            ),
        ),
        forbidden=True,
    ),
    Pictogram(
        "toe_touch",
        (
            _floor(66),
            *_figure((40, 52), ((44, 44), (52, 24)), ((52, 24), (52, 65)), ((44, 44), (50, 64))),
        ),
        forbidden=True,
    ),
    Pictogram(
        "foam_roll_side",
        (
            _floor(),
            Shape(((40, 50), (52, 50), (56, 56), (52, 62), (40, 62), (36, 56))),
            *_figure(
                (12, 40),
                ((18, 44), (46, 48)),
                ((46, 48), (86, 56)),
                ((18, 44), (16, 61)),
            ),
            Stroke(((60, 40), (70, 40)), 2, "mark"),
            Stroke(((30, 40), (20, 40)), 2, "mark"),
        ),
        forbidden=True,
    ),
    Pictogram(
        "heavy_massage",
        (
            _floor(),
            *_figure((12, 49), ((18, 55), (50, 56)), ((50, 56), (84, 57)), ((18, 55), (8, 58))),
            Stroke(((36, 24), (36, 46)), 5, "mark"),
            Stroke(((30, 40), (36, 48), (42, 40)), 4, "mark"),
            Stroke(((54, 24), (54, 46)), 5, "mark"),
            Stroke(((48, 40), (54, 48), (60, 40)), 4, "mark"),
        ),
        forbidden=True,
    ),
)
_LIBRARY += (Pictogram("sleep_prone", _LIBRARY[2].parts, forbidden=True),)

PICTOGRAMS: dict[str, Pictogram] = {p.key: p for p in _LIBRARY}


def pictogram(key: str) -> Pictogram:
    """A pictogram by key; KeyError names the choices."""
    try:
        return PICTOGRAMS[key]
    except KeyError:
        raise KeyError(f"no pictogram '{key}'; choose from {', '.join(PICTOGRAMS)}") from None
