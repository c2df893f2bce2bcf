"""Body maps: where it hurts and the route the pain runs, on a body outline with named regions.

The outlines and regions are data (bodymap.yaml beside this file): views (front, back, side,
hand, foot) made of tubes cut into cells, plus polygons, and the Chinese words for every
region. This module reads them, checks a spec's map against them (with a did-you-mean) and
builds a neutral scene (builder.figures.scene) that both renderers draw: the body in light
grey with thin lines between regions, the regions that hurt shaded and hatched (so a
grayscale print keeps them), and the route as one arrowed path through numbered markers.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import marshal
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from builder.figures.scene import (
    Circle,
    Group,
    Hatch,
    Item,
    Path,
    Point,
    Scene,
    Segment,
    Text,
    polygon,
    polyline,
    smooth,
)
from builder.typeset.cache import cache_dir, store

View = Literal["front", "back", "side", "hand", "foot"]
Side = Literal["left", "right", "both"]
VIEWS: tuple[str, ...] = ("front", "back", "side", "hand", "foot")
SIDES: tuple[str, ...] = ("left", "right", "both")
Polygon = tuple[Point, ...]

BODY_FILL, BODY_LINE, REGION_LINE = "#F3F3F3", "#555555", "#B8B8B8"
PAIN_FILL, PAIN_HATCH = "#F2A48C", "#8E1B1B"  # light and dark: apart in colour and in grey
ROUTE, MARKER = "#1A3A8A", "#1A3A8A"
MARGIN = 8.0  # scene units of body kept above and below a cropped map's regions
HEADER = 13.0  # a band above the body for the words saying which side is which (12 pt at 30 mm)
FOOT = 5.0  # room below the body for a marker on the soles or the fingertips


@dataclass(frozen=True)
class BodyView:
    """One view for one side: its box, its silhouette and its regions as polygons."""

    key: str
    side: str  # the side shown ("left"/"right"), or "both" for the front and back views
    width: float
    height: float
    outline: tuple[Polygon, ...]
    head: tuple[float, float, float, float] | None
    regions: dict[tuple[str, str], tuple[Polygon, ...]]  # (side, region) -> polygons
    groups: dict[str, tuple[str, ...]]
    right_on: str  # which side of the picture the patient's right is on ("left"/"right"), or ""

    def names(self) -> set[str]:
        """The region names a spec may use in this view."""
        return {name for _, name in self.regions} | set(self.groups)

    def polygons(self, side: str, name: str) -> tuple[Polygon, ...]:
        """The polygons of a region (or of every region of a group) on one side."""
        found: list[Polygon] = []
        for part in self.groups.get(name, (name,)):
            found += self.regions.get((side, part), ())
        return tuple(found)


@cache
def _data() -> dict[str, Any]:
    """The body-map data, parsed once per process and kept in the cache folder by its content:
    ruamel's YAML constructor is plain Python and took a tenth of a cold leaflet build."""
    text = resources.files("builder.figures").joinpath("bodymap.yaml").read_text(encoding="utf-8")
    entry = f"bodymap-{hashlib.sha1(text.encode('utf-8')).hexdigest()}.marshal"
    try:
        kept = marshal.loads((cache_dir() / entry).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        kept = None
    if isinstance(kept, dict) and "views" in kept:
        return kept
    return _parse_and_keep(text, entry)


def _parse_and_keep(text: str, entry: str) -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(text)
    store(entry, marshal.dumps(data))
    return data


def _at(rows: Sequence[Any], station: float, fraction: float) -> Point:
    """The point `fraction` of the way from edge A to edge B at `station` along a tube."""
    for (s0, a0, b0), (s1, a1, b1) in itertools.pairwise(rows):
        if min(s0, s1) <= station <= max(s0, s1):
            t = 0.0 if s1 == s0 else (station - s0) / (s1 - s0)
            a = (a0[0] + (a1[0] - a0[0]) * t, a0[1] + (a1[1] - a0[1]) * t)
            b = (b0[0] + (b1[0] - b0[0]) * t, b0[1] + (b1[1] - b0[1]) * t)
            return (a[0] + (b[0] - a[0]) * fraction, a[1] + (b[1] - a[1]) * fraction)
    raise ValueError(f"station {station} is outside the tube")


def _cell(rows: Sequence[Any], start: float, end: float, f0: float, f1: float) -> Polygon:
    """A cell of a tube: between two stations and two fractions, following the tube's edges."""
    low, high = min(start, end), max(start, end)
    inside = [s for s, _, _ in rows if low < s < high]
    stations = sorted({start, end, *inside}, reverse=start > end)
    return tuple([_at(rows, s, f0) for s in stations] + [_at(rows, s, f1) for s in reversed(stations)])


def _sides(shape: Polygon) -> list[tuple[Point, Point]]:
    """A polygon's sides as (start, end) pairs, the last one closing it."""
    return list(zip(shape, (*shape[1:], shape[0]), strict=True))


def _mirror(shape: Polygon, axis: float) -> Polygon:
    return tuple((2 * axis - x, y) for x, y in reversed(shape))


@cache
def body_view(key: str, side: str) -> BodyView:
    """A view as drawn for `side` (front and back views always show both sides)."""
    spec = _data()["views"][key]
    width, height = (float(v) for v in spec["size"])
    axis = float(spec["mirror_x"])
    outline: list[Polygon] = []
    written: dict[str, list[Polygon]] = {}
    for tube in spec.get("tubes", []):
        rows = tube["rows"]
        outline.append(_cell(rows, rows[0][0], rows[-1][0], 0.0, 1.0))
        for start, end, f0, f1, region in tube["cells"]:
            written.setdefault(region, []).append(_cell(rows, start, end, f0, f1))
    for entry in spec.get("polygons", []):
        shape = tuple((float(x), float(y)) for x, y in entry["points"])
        outline.append(shape)
        written.setdefault(entry["region"], []).append(shape)
    head = tuple(float(v) for v in spec["head"]) if "head" in spec else None
    regions: dict[tuple[str, str], tuple[Polygon, ...]] = {}
    if spec["sides"] == "both":
        # the written half is at the viewer's left; which side of the patient that is depends on the view
        near, far = ("right", "left") if spec["right_on"] == "viewer_left" else ("left", "right")
        for name, shapes in written.items():
            regions[(near, name)] = tuple(shapes)
            regions[(far, name)] = tuple(_mirror(s, axis) for s in shapes)
        outline += [_mirror(s, axis) for s in outline]
        shown, right_on = "both", "left" if near == "right" else "right"
    else:
        flip = side != spec["drawn_side"]
        for name, shapes in written.items():
            regions[(side, name)] = tuple(_mirror(s, axis) if flip else s for s in shapes)
        outline = [_mirror(s, axis) if flip else s for s in outline]
        if head is not None and flip:
            head = (2 * axis - head[0], *head[1:])
        shown, right_on = side, ""
    groups = {name: tuple(parts) for name, parts in _data().get("groups", {}).get(key, {}).items()}
    return BodyView(key, shown, width, height, tuple(outline), head, regions, groups, right_on)  # type: ignore[arg-type]


def view_regions(key: str) -> list[str]:
    """The region names of a view, in the order the data gives them."""
    view = body_view(key, "right")
    order = list(_data()["regions"])
    return sorted(view.names(), key=lambda n: order.index(n) if n in order else len(order))


def all_regions() -> list[str]:
    """Every region name, in the data's order."""
    return list(_data()["regions"])


def region_label(name: str, language: str) -> str:
    """A region's words in the spec's language (zh-Hant-TW → Traditional, zh-Hans-CN → Simplified)."""
    return str(_data()["regions"][name][_script(language)])


def side_label(side: str, language: str) -> str:
    return str(_data()["sides"][side][_script(language)])


def view_label(key: str, language: str) -> str:
    return str(_data()["views"][key]["label"][_script(language)])


def _script(language: str) -> str:
    return "zh-Hans" if language.startswith("zh-Hans") else "zh-Hant"


def region_problem(name: str, view: str) -> str | None:
    """Why `name` cannot be drawn in `view`, in words for the spec's author; None if it can."""
    names = body_view(view, "right").names()
    if name in names:
        return None
    elsewhere = [v for v in VIEWS if name in body_view(v, "right").names()]
    if elsewhere:
        return f"region '{name}' is not drawn in the {view} view; use the {' or '.join(elsewhere)} view"
    close = difflib.get_close_matches(name, [*all_regions(), *names], n=1, cutoff=0.6)
    hint = (
        f"; did you mean '{close[0]}'?"
        if close
        else f"; the {view} view has: {', '.join(view_regions(view))}"
    )
    return f"unknown region '{name}'{hint}"


def side_problem(view: str, side: str) -> str | None:
    """A one-sided view (side, hand, foot) needs `left` or `right`."""
    if side == "both" and _data()["views"][view]["sides"] != "both":
        return f"the {view} view shows one side; choose side: left or side: right"
    return None


# --- the scene ------------------------------------------------------------------------------


def _area_centre(shapes: Sequence[Polygon]) -> Point:
    """The centre of area of some polygons together (a marker sits there)."""
    total = cx = cy = 0.0
    for shape in shapes:
        for (x0, y0), (x1, y1) in _sides(shape):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if abs(total) < 1e-9:
        xs = [p[0] for s in shapes for p in s]
        ys = [p[1] for s in shapes for p in s]
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    return (cx / (3 * total), cy / (3 * total))


def _inside(point: Point, shape: Polygon) -> bool:
    """Whether a point lies inside a polygon (even-odd rule)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in _sides(shape):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _marker_point(shapes: Sequence[Polygon]) -> Point:
    """Where a step's number goes: the centre of its regions together, or, when that falls
    outside them (a region drawn in two panels), the centre of its largest piece."""
    centre = _area_centre(shapes)
    if any(_inside(centre, s) for s in shapes):
        return centre
    return _area_centre([max(shapes, key=lambda s: abs(_area(s)))])


def _area(shape: Polygon) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in _sides(shape)) / 2


def _clip(shape: Polygon, top: float, bottom: float) -> Polygon:
    """A polygon cut to the band top ≤ y ≤ bottom (Sutherland-Hodgman against two lines)."""
    points = list(shape)
    for limit, keep_below in ((top, True), (bottom, False)):
        if not points:
            break
        out: list[Point] = []
        for (x0, y0), (x1, y1) in _sides(tuple(points)):
            in0 = y0 >= limit if keep_below else y0 <= limit
            in1 = y1 >= limit if keep_below else y1 <= limit
            if in0:
                out.append((x0, y0))
            if in0 != in1:
                t = (limit - y0) / (y1 - y0)
                out.append((x0 + (x1 - x0) * t, limit))
        points = out
    return tuple(points)


def _edges(shape: Polygon, top: float, bottom: float) -> list[list[Point]]:
    """The outline of a clipped polygon as open lines, leaving out the cut along the crop."""
    lines: list[list[Point]] = []
    n = len(shape)
    if n < 3:
        return lines
    cut = [
        (abs(a[1] - top) < 1e-6 and abs(b[1] - top) < 1e-6)
        or (abs(a[1] - bottom) < 1e-6 and abs(b[1] - bottom) < 1e-6)
        for a, b in _sides(shape)
    ]
    if not any(cut):
        return [[*shape, shape[0]]]
    start = cut.index(True) + 1
    current: list[Point] = []
    for k in range(n):
        i = (start + k) % n
        if cut[i]:
            if len(current) > 1:
                lines.append(current)
            current = []
        else:
            if not current:
                current = [shape[i]]
            current.append(shape[(i + 1) % n])
    if len(current) > 1:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class MapRequest:
    """What one map shows: the places that hurt and the route, by region name (no side)."""

    view: str
    side: str
    route: tuple[tuple[str, ...], ...] = ()
    regions: tuple[str, ...] = ()


def alt_text(request: MapRequest, language: str, steps: Sequence[str] = ()) -> str:
    """The map in words: view, side, the numbered route, other places that hurt."""
    hant = not language.startswith("zh-Hans")
    words = [f"{view_label(request.view, language)}（{side_label(request.side, language)}）"]
    shown = steps or ["、".join(region_label(n, language) for n in step) for step in request.route]
    if shown:
        lead = "痛的路線" if hant else "疼痛的路线"
        words.append(lead + "：" + " → ".join(f"{i} {s}" for i, s in enumerate(shown, 1)))
    extra = [region_label(n, language) for n in request.regions]
    if extra:
        words.append(("也會痛：" if hant else "也会痛：") + "、".join(extra))
    return "；".join(words)


def map_scene(
    request: MapRequest, language: str, steps: Sequence[str] = (), crop: bool = True, name: str = "Body map"
) -> Scene:
    """The scene of one map. `crop` keeps only the band of the body around the marked regions
    (and some body above and below), so a leaflet's map stays large where it matters."""
    view = body_view(request.view, request.side if request.side != "both" else "right")
    sides = ("right", "left") if request.side == "both" else (request.side,)
    marked: list[Polygon] = []
    for side in sides:
        for step in request.route:
            for region in step:
                marked += view.polygons(side, region)
        for region in request.regions:
            marked += view.polygons(side, region)
    top, bottom = 0.0, view.height
    if crop and marked:
        ys = [p[1] for shape in marked for p in shape]
        top, bottom = max(0.0, min(ys) - MARGIN), min(view.height, max(ys) + MARGIN)
        if bottom - top < view.width * 0.75:  # never a thin strip
            middle = (top + bottom) / 2
            half = view.width * 0.375
            top, bottom = max(0.0, middle - half), min(view.height, middle + half)

    def moved(shape: Polygon) -> Polygon:
        return tuple((x, y - top + HEADER) for x, y in _clip(shape, top, bottom))

    low, high = HEADER, bottom - top + HEADER  # where the cut edges of a cropped body lie

    items: list[Item] = []
    body: list[Item] = []
    for shape in view.outline:
        cut = moved(shape)
        if len(cut) >= 3:
            body.append(Path(polygon(cut), fill=BODY_FILL))
    if view.head is not None:
        hx, hy, rx, ry = view.head
        if hy + ry > top and hy - ry < bottom:
            head = tuple(
                (hx + rx * math.cos(2 * math.pi * k / 32), hy + ry * math.sin(2 * math.pi * k / 32))
                for k in range(32)
            )
            cut = moved(head)
            if len(cut) >= 3:
                body.append(Path(smooth(cut) if len(cut) == 32 else polygon(cut), fill=BODY_FILL))
                for line in _edges(cut, low, high):
                    closed = len(line) == 33
                    body.append(
                        Path(
                            smooth(line[:-1]) if closed else polyline(line),
                            stroke=BODY_LINE,
                            stroke_width=0.7,
                            name="Head",
                        )
                    )
    items.append(Group(tuple(body), name="Body"))
    # every border between regions is one path, and the outline another: two shapes, not hundreds
    borders: list[Segment] = []
    for _, shapes in sorted(view.regions.items()):
        for shape in shapes:
            for line in _edges(moved(shape), low, high):
                borders += polyline(line)
    if borders:
        items.append(Path(tuple(borders), stroke=REGION_LINE, stroke_width=0.3, name="Regions"))
    edges: list[Segment] = []
    for shape in view.outline:
        for line in _edges(moved(shape), low, high):
            edges += polyline(line)
    if edges:
        items.append(Path(tuple(edges), stroke=BODY_LINE, stroke_width=0.7, name="Outline"))
    pain: list[Item] = []
    hatch = Hatch(PAIN_HATCH, spacing=2.4, angle=45.0, width=0.45)
    for side in sides:
        wanted = [r for step in request.route for r in step] + list(request.regions)
        for region in dict.fromkeys(wanted):
            for shape in view.polygons(side, region):
                cut = moved(shape)
                if len(cut) >= 3:
                    pain.append(
                        Path(
                            polygon(cut),
                            fill=PAIN_FILL,
                            stroke=PAIN_HATCH,
                            stroke_width=0.5,
                            hatch=hatch,
                            name=f"{side} {region}",
                        )
                    )
    items.append(Group(tuple(pain), name="Where it hurts"))
    for side in sides:
        items += _route(view, side, request.route, top - HEADER)
    items += _side_words(view, request, language)
    alt = alt_text(request, language, steps)
    return Scene(view.width, high + FOOT, tuple(items), name=name, alt=alt)


def _route(view: BodyView, side: str, route: Sequence[Sequence[str]], top: float) -> list[Item]:
    """One arrowed path through the route's steps, and a numbered marker on each step."""
    points = []
    for step in route:
        shapes = [s for region in step for s in view.polygons(side, region)]
        if shapes:
            x, y = _marker_point(shapes)
            points.append((x, y - top))
    if not points:
        return []
    items: list[Item] = []
    radius = 4.2
    if len(points) > 1:
        # the path starts and ends at the markers' rims, so numbers are never covered
        path: list[Point] = list(points)
        path[0] = _towards(points[0], points[1], radius)
        path[-1] = _towards(points[-1], points[-2], radius + 0.6)
        segments: tuple[Segment, ...] = smooth(path, closed=False) if len(path) > 2 else polyline(path)
        items.append(Path(segments, stroke="#FFFFFF", stroke_width=2.6, name=f"Route casing {side}"))
        items.append(Path(segments, stroke=ROUTE, stroke_width=1.3, arrow_end=True, name=f"Route {side}"))
    for number, (x, y) in enumerate(points, 1):
        items.append(Circle((x, y), radius, fill=MARKER, stroke="#FFFFFF", stroke_width=0.8))
        items.append(Text(str(number), (x, y), 5.6, colour="#FFFFFF", bold=True, name=f"Step {number}"))
    return [Group(tuple(items), name=f"Route {side}")]


def _towards(p: Point, q: Point, distance: float) -> Point:
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy) or 1.0
    return (p[0] + dx / length * distance, p[1] + dy / length * distance)


def _side_words(view: BodyView, request: MapRequest, language: str) -> list[Item]:
    """Which side is which, so a patient does not mirror the picture onto the wrong leg. On a
    one-side view, the side and what is shown (右側面, 右腳): 「右側」 alone read as the right leg
    or as seen from the right, over an outer leg and an inner foot alike. A front and a back
    view look alike without a face and put 右 on opposite sides: the view's name (正面, 背面)
    stands between 右 and 左, or readers took one view's sides for the other's."""
    size = 11.5  # 12 pt when the map is printed 30 mm wide (an 80-unit view), like body text
    if view.right_on:  # front and back views: 右 and 左 at the top corners
        right_x, left_x = (2.0, view.width - 2.0) if view.right_on == "left" else (view.width - 2.0, 2.0)
        right_anchor: Literal["start", "end"] = "start" if view.right_on == "left" else "end"
        left_anchor: Literal["start", "end"] = "end" if right_anchor == "start" else "start"
        return [
            Text(side_label("right", language)[0], (right_x, HEADER / 2), size, anchor=right_anchor),
            Text(view_label(request.view, language), (view.width / 2, HEADER / 2), size, name="View"),
            Text(side_label("left", language)[0], (left_x, HEADER / 2), size, anchor=left_anchor),
        ]
    headers = _data()["views"][request.view].get("header", {})
    words = (
        headers[request.side][_script(language)]
        if request.side in headers
        else side_label(request.side, language)
    )
    return [Text(str(words), (2.0, HEADER / 2), size, anchor="start")]
