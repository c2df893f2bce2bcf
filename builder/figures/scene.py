"""A neutral vector scene: what a picture is made of, before any renderer draws it.

Figures, props, marks and body maps are built as scenes; the PDF renderer draws a scene
as vector paths and the deck renderer as native grouped, named shapes. Keeping the
geometry here (and only drawing in the renderers) is what makes one definition look the
same in print and on a slide.

Units are abstract scene units, origin top-left, y downwards; a renderer scales the
whole scene (coordinates, stroke widths, text sizes) to the width it is given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Point = tuple[float, float]


@dataclass(frozen=True)
class MoveTo:
    p: Point


@dataclass(frozen=True)
class LineTo:
    p: Point


@dataclass(frozen=True)
class CurveTo:
    """A cubic Bézier from the current point through control points c1, c2 to p."""

    c1: Point
    c2: Point
    p: Point


@dataclass(frozen=True)
class Close:
    pass


Segment = MoveTo | LineTo | CurveTo | Close


@dataclass(frozen=True)
class Hatch:
    """Parallel lines over a filled region, so shading survives a grayscale print."""

    colour: str
    spacing: float = 3.0
    angle: float = 45.0  # degrees, anticlockwise from the x axis as seen on the page
    width: float = 0.5


@dataclass(frozen=True)
class Path:
    segments: tuple[Segment, ...]
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    hatch: Hatch | None = None
    arrow_start: bool = False
    arrow_end: bool = False
    dash: tuple[float, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Circle:
    centre: Point
    radius: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0
    name: str = ""


@dataclass(frozen=True)
class Text:
    """One line of text; `at` is the anchor's x and the vertical centre of the line."""

    text: str
    at: Point
    size: float
    colour: str = "#1A1A1A"
    bold: bool = False
    anchor: Literal["start", "middle", "end"] = "middle"
    name: str = ""

    @property
    def extent(self) -> float:
        """About how wide the line is set (Latin, digits and spaces narrow, Chinese a full em):
        what its ink bounds, a badge around it and a text box holding it are sized by, with no
        font at hand."""
        return text_extent(self.text, self.size)


def text_extent(text: str, size: float) -> float:
    """See Text.extent: 1 em a Chinese glyph, 0.6 em a Latin one."""
    return sum(size * (0.6 if c.isascii() else 1.0) for c in text)


@dataclass(frozen=True)
class Group:
    items: tuple[Item, ...]
    name: str = ""


Item = Path | Circle | Text | Group


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    items: tuple[Item, ...]
    name: str
    alt: str = ""


# --- geometry helpers -------------------------------------------------------------------------


def polygon(points: Sequence[Point]) -> tuple[Segment, ...]:
    """Straight sides through the points, closed."""
    return (MoveTo(points[0]), *(LineTo(p) for p in points[1:]), Close())


def polyline(points: Sequence[Point]) -> tuple[Segment, ...]:
    """Straight segments through the points, open."""
    return (MoveTo(points[0]), *(LineTo(p) for p in points[1:]))


def smooth(points: Sequence[Point], closed: bool = True, tension: float = 1.0) -> tuple[Segment, ...]:
    """A Catmull-Rom curve through every point, as cubic Béziers (rounded body outlines)."""
    n = len(points)
    if n < 3:
        return polygon(points) if closed else polyline(points)
    out: list[Segment] = [MoveTo(points[0])]
    last = n if closed else n - 1
    for i in range(last):
        p0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        p1, p2 = points[i], points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed or i + 2 < n else points[n - 1]
        k = tension / 6
        c1 = (p1[0] + (p2[0] - p0[0]) * k, p1[1] + (p2[1] - p0[1]) * k)
        c2 = (p2[0] - (p3[0] - p1[0]) * k, p2[1] - (p3[1] - p1[1]) * k)
        out.append(CurveTo(c1, c2, p2))
    if closed:
        out.append(Close())
    return tuple(out)


_KAPPA = 0.5522847498


def ellipse(centre: Point, rx: float, ry: float, rotation: float = 0.0) -> tuple[Segment, ...]:
    """An ellipse as four Bézier quarters, rotated by `rotation` degrees."""
    cx, cy = centre
    c, s = math.cos(math.radians(rotation)), math.sin(math.radians(rotation))

    def at(x: float, y: float) -> Point:
        return (cx + x * c - y * s, cy + x * s + y * c)

    k = _KAPPA
    return (
        MoveTo(at(rx, 0)),
        CurveTo(at(rx, k * ry), at(k * rx, ry), at(0, ry)),
        CurveTo(at(-k * rx, ry), at(-rx, k * ry), at(-rx, 0)),
        CurveTo(at(-rx, -k * ry), at(-k * rx, -ry), at(0, -ry)),
        CurveTo(at(k * rx, -ry), at(rx, -k * ry), at(rx, 0)),
        Close(),
    )


def capsule(a: Point, b: Point, ra: float, rb: float) -> tuple[Segment, ...]:
    """A rounded limb from a to b: a tapered bar with a half-round cap at each end."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return ellipse(a, max(ra, rb), max(ra, rb))
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux  # left-hand normal

    def arc(c: Point, r: float, start: float, sweep: float) -> list[Segment]:
        """A circular arc of ≤ 180° as two Bézier pieces."""
        pieces: list[Segment] = []
        step = sweep / 2
        k = 4 / 3 * math.tan(math.radians(step) / 4)
        for i in range(2):
            t0, t1 = math.radians(start + i * step), math.radians(start + (i + 1) * step)
            p0 = (c[0] + r * math.cos(t0), c[1] + r * math.sin(t0))
            p1 = (c[0] + r * math.cos(t1), c[1] + r * math.sin(t1))
            c1 = (p0[0] - k * r * math.sin(t0), p0[1] + k * r * math.cos(t0))
            c2 = (p1[0] + k * r * math.sin(t1), p1[1] - k * r * math.cos(t1))
            pieces.append(CurveTo(c1, c2, p1))
        return pieces

    heading = math.degrees(math.atan2(uy, ux))
    start = (a[0] + nx * ra, a[1] + ny * ra)
    return (
        MoveTo(start),
        LineTo((b[0] + nx * rb, b[1] + ny * rb)),
        *arc(b, rb, heading + 90, -180),
        LineTo((a[0] - nx * ra, a[1] - ny * ra)),
        *arc(a, ra, heading - 90, -180),
        Close(),
    )


def arc_points(centre: Point, radius: float, start: float, end: float, steps: int = 12) -> list[Point]:
    """Points along a circular arc from `start` to `end` degrees (y downwards: clockwise on the page)."""
    return [
        (
            centre[0] + radius * math.cos(math.radians(start + (end - start) * i / steps)),
            centre[1] + radius * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def arrowhead(tip: Point, towards: Point, size: float) -> tuple[Point, Point, Point]:
    """The triangle of an arrowhead at `tip`, pointing away from `towards` (the point before it)."""
    dx, dy = tip[0] - towards[0], tip[1] - towards[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * size, tip[1] - uy * size)
    half = size * 0.55
    return tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)


def path_ends(segments: Sequence[Segment]) -> tuple[tuple[Point, Point], tuple[Point, Point]]:
    """((start tip, the point it is approached from), (end tip, likewise)) of an open path:
    where arrowheads go and which way they point."""
    drawn = [s for s in segments if not isinstance(s, Close)]
    points = [s.p for s in drawn if isinstance(s, (MoveTo, LineTo, CurveTo))]
    if len(points) < 2:
        raise ValueError("an arrow needs a path of at least two points")
    second = drawn[1]
    start_from = second.c1 if isinstance(second, CurveTo) and second.c1 != points[0] else points[1]
    last = drawn[-1]
    end_from = last.c2 if isinstance(last, CurveTo) and last.c2 != points[-1] else points[-2]
    return (points[0], start_from), (points[-1], end_from)


def segment_points(segments: Iterable[Segment]) -> list[Point]:
    """Every point and control point (a Bézier lies inside its control points' hull)."""
    out: list[Point] = []
    for seg in segments:
        if isinstance(seg, (MoveTo, LineTo)):
            out.append(seg.p)
        elif isinstance(seg, CurveTo):
            out += [seg.c1, seg.c2, seg.p]
    return out


def outline_points(segments: Iterable[Segment], steps: int = 8) -> list[Point]:
    """Points on the drawn outline itself (each Bézier sampled), not its control points, which
    stand off a rounded shape: what rests on the floor is the ink, not its hull."""
    out: list[Point] = []
    here: Point = (0.0, 0.0)
    for seg in segments:
        if isinstance(seg, (MoveTo, LineTo)):
            here = seg.p
            out.append(here)
        elif isinstance(seg, CurveTo):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = here, seg.c1, seg.c2, seg.p
            for i in range(1, steps + 1):
                t = i / steps
                u = 1 - t
                a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
                out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
            here = seg.p
    return out


def item_bounds(item: Item) -> tuple[float, float, float, float] | None:
    """The box an item's ink can reach (control points included; text as Text.extent)."""
    if isinstance(item, Path):
        pts = segment_points(item.segments)
        if not pts:
            return None
        pad = item.stroke_width / 2 + (item.stroke_width * 3 if item.arrow_start or item.arrow_end else 0)
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
    if isinstance(item, Circle):
        r = item.radius + item.stroke_width / 2
        return item.centre[0] - r, item.centre[1] - r, item.centre[0] + r, item.centre[1] + r
    if isinstance(item, Text):
        width = item.extent
        left = {"start": 0.0, "middle": -width / 2, "end": -width}[item.anchor] + item.at[0]
        return left, item.at[1] - item.size / 2, left + width, item.at[1] + item.size / 2
    boxes = [b for b in (item_bounds(child) for child in item.items) if b is not None]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def bounds(scene: Scene) -> tuple[float, float, float, float] | None:
    """The box all of a scene's ink can reach: tests check it stays inside (0, 0, width, height)."""
    return item_bounds(Group(scene.items))


def walk(items: Iterable[Item]) -> Iterable[Path | Circle | Text]:
    """Every leaf item, depth first, in drawing order."""
    for item in items:
        if isinstance(item, Group):
            yield from walk(item.items)
        else:
            yield item
