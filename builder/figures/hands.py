"""Close-ups of a hand seen from the thumb side, the fingers in a named shape: for exercises
whose point is the hand's position (tendon glides), which a whole figure 30 mm wide cannot show.

Drawn upright in figure units (y upwards, like builder.figures.skeleton): the forearm rests
on a table edge, the palm faces left, and the fingers bend towards it. A row of shapes is
joined by arrows in the order they are done.
"""

from __future__ import annotations

import math

from builder.figures.scene import Group, Item, Path, Point, capsule, polygon, polyline
from builder.figures.skeleton import FAR, NEAR, SKIN_LINE

# finger joints bent (knuckle, middle joint, end joint) and the thumb's direction, degrees
HAND_SHAPES: dict[str, tuple[float, float, float, float]] = {
    "straight": (0, 0, 0, 25),  # fingers straight up, thumb beside them
    "hook": (0, 95, 75, 25),  # knuckles straight, fingers curled to touch the top of the palm
    "tabletop": (90, 0, 0, 30),  # knuckles bent, fingers straight out
    "straight_fist": (90, 90, 0, 60),  # knuckles and middle joints bent, fingertips on the palm
    "fist": (90, 100, 70, 75),  # a full fist, the thumb across it
}
PHALANGES = (5.2, 3.3, 2.5)  # finger bones, knuckle to tip
PALM = 9.0  # wrist to knuckle
FOREARM = 9.0  # as much of the forearm as shows above the table
SLOT = 24.0  # the width each hand takes in a row
TABLE = "#7A8794"


def _at(p: Point, angle: float, length: float) -> Point:
    a = math.radians(angle)
    return (p[0] + math.cos(a) * length, p[1] + math.sin(a) * length)


def hand_items(shape: str, x: float) -> list[Item]:
    """One hand in `shape`, its wrist above (x, FOREARM): forearm, palm, a far finger behind
    and a near finger in front, and the thumb."""
    knuckle_bend, middle_bend, end_bend, thumb = HAND_SHAPES[shape]
    elbow, wrist = (x, 0.0), (x, FOREARM)
    knuckle = (x - 0.4, FOREARM + PALM)
    items: list[Item] = []
    for tone, shift in ((FAR, (0.9, -0.5)), (NEAR, (0.0, 0.0))):
        joint, angle = (knuckle[0] + shift[0], knuckle[1] + shift[1]), 90.0
        for bend, length, width in zip(
            (knuckle_bend, middle_bend, end_bend), PHALANGES, (1.95, 1.75, 1.5), strict=True
        ):
            angle += bend  # bending turns the finger towards the palm, on the left
            end = _at(joint, angle, length)
            items.append(
                Path(capsule(joint, end, width, width - 0.1), fill=tone, stroke=SKIN_LINE, stroke_width=0.5)
            )
            joint = end
        if tone == FAR:  # the palm and forearm go over the far finger, under the near one
            items.append(Path(capsule(elbow, wrist, 2.8, 2.4), fill=NEAR, stroke=SKIN_LINE, stroke_width=0.6))
            items.append(
                Path(capsule(wrist, knuckle, 2.6, 2.5), fill=NEAR, stroke=SKIN_LINE, stroke_width=0.6)
            )
    base = (x - 2.2, FOREARM + 2.0)
    tip = _at(base, 90 + thumb, 6.0)
    items.append(Path(capsule(base, tip, 1.6, 1.3), fill=NEAR, stroke=SKIN_LINE, stroke_width=0.5))
    return items


def hand_row(shapes: list[str]) -> list[Item]:
    """The shapes side by side on one table edge, an arrow from each to the next."""
    items: list[Item] = []
    for index, shape in enumerate(shapes):
        x = index * SLOT
        items.append(Path(polygon([(x - 6, 0), (x + 6, 0), (x + 6, -2.2), (x - 6, -2.2)]), fill=TABLE))
        items.append(Group(tuple(hand_items(shape, x)), name=f"Hand {index + 1}: {shape}"))
        if index:  # an arrow between this hand and the one before, at wrist height
            left, right = x - SLOT + 6.5, x - 6.0
            items.append(
                Path(
                    polyline([(left, FOREARM), (right, FOREARM)]),
                    stroke="#1A1A1A",
                    stroke_width=0.9,
                    arrow_end=True,
                    name=f"Then {index + 1}",
                )
            )
    return items
