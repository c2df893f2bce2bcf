"""Props drawn to the figure's scale: floor, mat, bed, pillows, chair, wall, table, step,
foam roller, towel, small ball, elastic band.

Each prop is placed from the posed figure's points (a pillow under the head, a ball under the
foot), so a pose change carries its props along. Props that hold the body up (a step, a roller)
also tell the figure how high it rests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from builder.figures.scene import Item, Path, Point, ellipse, polygon, polyline, smooth
from builder.figures.skeleton import HEAD, Figure

PROP_FILL = "#D9E0E7"
PROP_LINE = "#6B7B8C"
SOFT_FILL = "#EEF1F4"  # pillows and towels: lighter than furniture
GROUND = "#6B7B8C"

PROPS = (
    "floor",
    "mat",
    "bed",
    "pillow_head",
    "pillow_knees",
    "pillow_under_knees",
    "pillow_belly",
    "chair",
    "wall",
    "table",
    "step",
    "roller",
    "towel",
    "ball",
    "band",
)
# where each prop goes when a picture does not say
DEFAULT_AT = {
    "pillow_head": "head",
    "pillow_knees": "near_knee",
    "pillow_under_knees": "near_knee",
    "pillow_belly": "pelvis",
    "table": "near_forearm",
    "step": "near_ankle",
    "roller": "near_thigh",
    "towel": "near_hand",
    "ball": "near_foot",
    "band": "near_hand",
    "chair": "pelvis",
}
# props that hold part of the body up by at least this much (figure units)
SUPPORT = {"step": 0.6 * HEAD, "roller": 0.9 * HEAD, "bed": 0.0}


@dataclass(frozen=True)
class PropUse:
    prop: str
    at: str = ""  # a figure point (near_knee, head…); "" for the prop's usual place
    to: str = ""  # the other end of a towel or band (a figure point, or "wall")

    @property
    def anchor(self) -> str:
        return self.at or DEFAULT_AT.get(self.prop, "pelvis")


def supports(uses: Sequence[PropUse], figure: Figure) -> list[tuple[float, float, float]]:
    """(left, right, height): stretches of ground raised by a step or a roller."""
    out = []
    for use in uses:
        if use.prop in ("step", "roller"):
            x = figure.points[use.anchor][0]
            half = 0.9 * HEAD if use.prop == "step" else 0.4 * HEAD
            out.append((x - half, x + half, SUPPORT[use.prop]))
    return out


def _bottom_near(figure: Figure, x: float, reach: float = 2.5) -> float:
    """The lowest outline point of the figure near x (where a pillow or ball meets it)."""
    ys = [p[1] for p in figure.hull if abs(p[0] - x) <= reach]
    return min(ys) if ys else 0.0


def prop_items(
    uses: Sequence[PropUse], figure: Figure, left: float, right: float, ground: float
) -> tuple[list[Item], list[Item]]:
    """(behind the figure, in front of it), in figure units with y upwards; the ground at `ground`."""
    behind: list[Item] = []
    front: list[Item] = []
    pts = figure.points
    names = {u.prop for u in uses}
    floor_y = ground - (0.9 * HEAD if "bed" in names else 0.0)
    for use in uses:
        prop = use.prop
        x, y = pts[use.anchor] if use.anchor in pts else pts["pelvis"]
        if prop in ("floor", "mat") or (prop == "bed"):
            pass  # drawn below, once the other props are known
        elif prop == "pillow_head":
            top = _bottom_near(figure, x, 3.5) + 1.0
            h = max(top - ground, 2.2)
            behind.append(_soft(smooth(_rounded_box(x - 6.5, ground, 13, h)), "Pillow under the head"))
        elif prop == "pillow_knees":
            other = pts[use.anchor.replace("near_", "far_")] if use.anchor.startswith("near_") else (x, y)
            cx, cy = (x + other[0]) / 2, (y + other[1]) / 2
            front.append(_soft(ellipse((cx, cy), 4.8, 2.4), "Pillow between the knees"))
        elif prop == "pillow_under_knees":
            top = _bottom_near(figure, x, 4.0)
            h = max(top - ground + 1.0, 2.5)
            behind.append(_soft(smooth(_rounded_box(x - 6, ground, 12, h)), "Pillow under the knees"))
        elif prop == "pillow_belly":
            top = _bottom_near(figure, x, 4.0)
            h = max(top - ground + 1.2, 2.5)
            behind.append(_soft(smooth(_rounded_box(x - 7, ground, 14, h)), "Pillow under the belly"))
        elif prop == "chair":
            behind.append(_chair(figure, x, y, ground))
        elif prop == "wall":
            xs = [p[0] for p in figure.hull]
            wx = min(xs) - 0.4 if use.at != "front" else max(xs) + 0.4
            w = 2.2 if use.at != "front" else -2.2
            top = ground + 8.4 * HEAD
            behind.append(
                Path(
                    polygon([(wx - w, ground), (wx, ground), (wx, top), (wx - w, top)]),
                    PROP_FILL,
                    name="Wall",
                )
            )
        elif prop == "table":
            top = _bottom_near(figure, x, 3.0)
            xs = [p[0] for p in figure.hull]
            far_edge = max(xs) + 4 if pts["pelvis"][0] > x else min(xs) - 4
            lo, hi = sorted((x - 3 if far_edge > x else x + 3, far_edge))
            behind.append(
                Path(
                    polygon([(lo, top), (hi, top), (hi, top - 1.6), (lo, top - 1.6)])
                    + polygon([(lo + 1, top - 1.6), (lo + 2, top - 1.6), (lo + 2, ground), (lo + 1, ground)])
                    + polygon([(hi - 2, top - 1.6), (hi - 1, top - 1.6), (hi - 1, ground), (hi - 2, ground)]),
                    PROP_FILL,
                    PROP_LINE,
                    0.5,
                    name="Table",
                )
            )
        elif prop == "step":
            h = SUPPORT["step"]  # the feet stand on it: its top is where they rest
            behind.append(
                Path(
                    polygon(
                        [
                            (x - 0.9 * HEAD, ground + h),
                            (x + 0.9 * HEAD, ground + h),
                            (x + 0.9 * HEAD, ground),
                            (x - 0.9 * HEAD, ground),
                        ]
                    ),
                    PROP_FILL,
                    PROP_LINE,
                    0.5,
                    name="Step",
                )
            )
        elif prop == "roller":
            # on the floor and touching the body above it: the figure rests on the raised
            # ground or on another part (a forearm, the feet), so the roller fills the gap
            bottom = _bottom_near(figure, x, 1.5)
            r = min(max(SUPPORT["roller"], bottom - ground) / 2, SUPPORT["roller"])
            behind.append(_roller(x, ground + r, r))
        elif prop == "ball":
            if use.anchor.endswith("hand"):  # held in the hand
                front.append(Path(ellipse((x, y), 1.9, 1.9), "#C9D2DC", PROP_LINE, 0.5, name="Ball"))
            else:  # on the floor, under the foot
                top = _bottom_near(figure, x, 2.0)
                r = max(min((top - ground) / 2, 0.45 * HEAD), 1.3)
                behind.append(Path(ellipse((x, ground + r), r, r), "#C9D2DC", PROP_LINE, 0.5, name="Ball"))
        elif prop in ("towel", "band"):
            end = pts.get(use.to)
            front.append(_strap(prop, (x, y), end, left, ground))
    if "floor" in names or "mat" in names or "bed" in names:
        if "bed" in names:
            behind.insert(
                0,
                Path(
                    polygon(
                        [
                            (left, ground),
                            (right, ground),
                            (right, floor_y + 0.4 * HEAD),
                            (left, floor_y + 0.4 * HEAD),
                        ]
                    )
                    + polygon(
                        [
                            (left + 1, floor_y + 0.4 * HEAD),
                            (left + 2.4, floor_y + 0.4 * HEAD),
                            (left + 2.4, floor_y),
                            (left + 1, floor_y),
                        ]
                    )
                    + polygon(
                        [
                            (right - 2.4, floor_y + 0.4 * HEAD),
                            (right - 1, floor_y + 0.4 * HEAD),
                            (right - 1, floor_y),
                            (right - 2.4, floor_y),
                        ]
                    ),
                    PROP_FILL,
                    PROP_LINE,
                    0.5,
                    name="Bed",
                ),
            )
        if "mat" in names:
            behind.insert(
                0,
                Path(
                    polygon(
                        [
                            (left + 2, ground),
                            (right - 2, ground),
                            (right - 2, ground - 1.0),
                            (left + 2, ground - 1.0),
                        ]
                    ),
                    "#B7C3CF",
                    name="Mat",
                ),
            )
        behind.insert(
            0,
            Path(
                polyline([(left - 2, floor_y), (right + 2, floor_y)]),
                stroke=GROUND,
                stroke_width=0.8,
                name="Floor",
            ),
        )
    return behind, front


def _soft(outline: tuple, name: str) -> Path:  # type: ignore[type-arg]
    return Path(outline, SOFT_FILL, PROP_LINE, 0.5, name=name)


def _rounded_box(x: float, y: float, w: float, h: float) -> list[Point]:
    r = min(h / 2, 2.0)
    return [
        (x + r, y),
        (x + w - r, y),
        (x + w, y + h / 2),
        (x + w - r, y + h),
        (x + r, y + h),
        (x, y + h / 2),
    ]


def _chair(figure: Figure, x: float, y: float, ground: float) -> Path:
    """A plain chair: the seat under the thighs, the back behind the pelvis, legs to the floor."""
    pts = figure.points
    seat = y - 2.6
    knee_x = pts["near_knee"][0]
    forward = 1.0 if knee_x >= x else -1.0
    back_x = x - forward * 4.0
    front_x = x + forward * 0.75 * abs(knee_x - x)
    lo, hi = sorted((back_x, front_x))
    segments = polygon([(lo, seat), (hi, seat), (hi, seat - 1.2), (lo, seat - 1.2)])
    segments += polygon(
        [(lo + 0.3, seat - 1.2), (lo + 1.3, seat - 1.2), (lo + 1.3, ground), (lo + 0.3, ground)]
    )
    segments += polygon(
        [(hi - 1.3, seat - 1.2), (hi - 0.3, seat - 1.2), (hi - 0.3, ground), (hi - 1.3, ground)]
    )
    bx = back_x - forward * 0.2
    segments += polygon(
        [
            (bx, seat),
            (bx - forward * 1.2, seat),
            (bx - forward * 1.8, seat + 2.6 * HEAD),
            (bx - forward * 0.6, seat + 2.6 * HEAD),
        ]
    )
    return Path(segments, PROP_FILL, PROP_LINE, 0.5, name="Chair")


def _roller(x: float, cy: float, r: float) -> Path:
    return Path(
        ellipse((x, cy), r, r) + ellipse((x, cy), r * 0.45, r * 0.45),
        PROP_FILL,
        PROP_LINE,
        0.6,
        name="Foam roller",
    )


def _strap(prop: str, start: Point, end: Point | None, left: float, ground: float) -> Path:
    """A towel (wide, light) or an elastic band (thin, dark) from a hand to its other end."""
    if end is None:  # tied to a door or wall at the hand's height
        end = (left - 1, start[1])
    if prop == "towel":
        return Path(polyline([start, end]), stroke="#8A9AAB", stroke_width=1.8, name="Towel")
    return Path(polyline([start, end]), stroke="#5E7D3A", stroke_width=0.9, name="Elastic band")
