"""A picture: a pose, its props and marks, and what it says in words; built into a scene.

Library pictures (builder/figures/library.json) and a spec's inline poses share one form:

    {"view": "side", "position": "hook_lying", "joints": {"hip": 60}, "props": ["floor"],
     "arrows": [{"at": "pelvis", "direction": "up"}], "stretch": ["near_thigh"],
     "verdict": "avoid", "zh-Hant-TW": "…", "zh-Hans-CN": "…"}

A position is a named starting pose (standing, sitting, lying on the back…); `joints` gives
only the angles that differ from it. The verdict (from a sleep position's rating or a move to
avoid) and the hold time (from an exercise's dose) are added where the picture is used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from builder.figures.hands import HAND_SHAPES, hand_row
from builder.figures.marks import (
    Arrow,
    Verdict,
    arrow_angle,
    arrow_items,
    hold_badge,
    stretch_items,
    verdict_badge,
    verdict_frame,
)
from builder.figures.props import PROPS, PropUse, prop_items, supports
from builder.figures.scene import (
    Circle,
    Close,
    CurveTo,
    Group,
    Item,
    LineTo,
    MoveTo,
    Path,
    Point,
    Scene,
    Segment,
    Text,
    item_bounds,
    outline_points,
    polygon,
)
from builder.figures.skeleton import VIEWS, Pose, PoseError, build_figure, check_pose, figure_items

WIDTH, HEIGHT = 100.0, 70.0  # every picture's box, in scene units
BAND = 13.0  # the strip above the figure that badges use
BADGE = 9.0  # a badge's height
VERDICTS = ("ok", "maybe", "avoid")
ARROW_KINDS = ("straight", "curved", "circle")


@dataclass(frozen=True)
class Position:
    view: str
    tilt: float
    facing: str
    joints: Mapping[str, float]
    stand: bool = False


@dataclass(frozen=True)
class PictureDef:
    name: str
    pose: Pose
    props: tuple[PropUse, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    stretch: tuple[str, ...] = ()
    verdict: Verdict | None = None
    descriptions: Mapping[str, str] = field(default_factory=dict)
    hands: tuple[str, ...] = ()  # close-ups of the hand in these shapes, in order, instead of the figure

    def description(self, language: str) -> str:
        return self.descriptions.get(language) or next(iter(self.descriptions.values()), self.name)


class PictureError(Exception):
    """A picture definition that cannot be drawn; `where` is the path to the bad field."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where


POINT_NAMES = (
    "head",
    "face",
    "shoulder",
    "chest",
    "waist",
    "pelvis",
    *(
        f"{side}_{part}"
        for side in ("near", "far")
        for part in (
            "shoulder",
            "upper_arm",
            "elbow",
            "forearm",
            "wrist",
            "hand",
            "hip",
            "thigh",
            "knee",
            "shin",
            "ankle",
            "foot",
        )
    ),
)


def parse_picture(name: str, data: Mapping[str, Any], positions: Mapping[str, Position]) -> PictureDef:
    """A picture from its mapping (library entry or a spec's inline pose); PictureError if wrong."""
    known = {
        "view",
        "position",
        "tilt",
        "facing",
        "joints",
        "props",
        "arrows",
        "stretch",
        "verdict",
        "zh-Hant-TW",
        "zh-Hans-CN",
        "description",
        "hands",
    }
    for key in data:
        if key not in known:
            raise PictureError((key,), f"'{key}' is not part of a pose; use {', '.join(sorted(known))}")
    position_name = data.get("position", "standing")
    if position_name not in positions:
        raise PictureError(
            ("position",), f"no position '{position_name}'; choose from {', '.join(positions)}"
        )
    base = positions[position_name]
    view = data.get("view", base.view)
    if view not in VIEWS:
        raise PictureError(("view",), f"view '{view}' is not one of {', '.join(VIEWS)}")
    joints = dict(base.joints)
    given = data.get("joints") or {}
    if not isinstance(given, Mapping):
        raise PictureError(("joints",), "joints must be a mapping of joint: angle in degrees")
    for joint, value in given.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise PictureError(("joints", joint), f"{joint} must be an angle in degrees, not '{value}'")
        joints[str(joint)] = float(value)
    facing = data.get("facing", base.facing)
    if facing not in ("left", "right"):
        raise PictureError(("facing",), "facing must be left or right")
    tilt = data.get("tilt", base.tilt)
    if isinstance(tilt, bool) or not isinstance(tilt, (int, float)):
        raise PictureError(("tilt",), f"tilt must be an angle in degrees, not '{tilt}'")
    pose = Pose(view, float(tilt), facing, joints, base.stand)  # type: ignore[arg-type]
    try:
        check_pose(pose)
    except PoseError as error:
        where: tuple[str | int, ...] = ("joints", error.joint) if error.joint in given else ("position",)
        if error.joint == "tilt":
            where = ("tilt",)
        raise PictureError(where, str(error)) from None
    props = tuple(_prop(i, p) for i, p in enumerate(data.get("props") or []))
    arrows = tuple(_arrow(i, a) for i, a in enumerate(data.get("arrows") or []))
    stretch = tuple(data.get("stretch") or [])
    for i, point in enumerate(stretch):
        if point not in POINT_NAMES:
            raise PictureError(
                ("stretch", i), f"'{point}' is not a body point; use one of {', '.join(POINT_NAMES)}"
            )
    verdict = data.get("verdict")
    if verdict is not None and verdict not in VERDICTS:
        raise PictureError(("verdict",), f"verdict must be one of {', '.join(VERDICTS)}")
    descriptions = {k: str(data[k]) for k in ("zh-Hant-TW", "zh-Hans-CN") if data.get(k)}
    if data.get("description"):
        descriptions.setdefault("any", str(data["description"]))
    hands = data.get("hands") or []
    if not isinstance(hands, list) or len(hands) > 4:
        raise PictureError(
            ("hands",), "hands is a list of one to four hand shapes, in the order they are done"
        )
    for i, shape in enumerate(hands):
        if shape not in HAND_SHAPES:
            raise PictureError(
                ("hands", i), f"'{shape}' is not a hand shape; use one of {', '.join(HAND_SHAPES)}"
            )
    return PictureDef(name, pose, props, arrows, stretch, verdict, descriptions, tuple(hands))


def _prop(index: int, value: Any) -> PropUse:
    if isinstance(value, str):
        value = {"prop": value}
    if not isinstance(value, Mapping) or value.get("prop") not in PROPS:
        shown = value.get("prop") if isinstance(value, Mapping) else value
        raise PictureError(("props", index), f"'{shown}' is not a prop; choose from {', '.join(PROPS)}")
    for key in ("at", "to"):
        point = value.get(key, "")
        if point and point not in POINT_NAMES and not (key == "at" and point == "front"):
            raise PictureError(
                ("props", index, key), f"'{point}' is not a body point; use one of {', '.join(POINT_NAMES)}"
            )
    return PropUse(value["prop"], value.get("at", ""), value.get("to", ""))


def _arrow(index: int, value: Any) -> Arrow:
    if not isinstance(value, Mapping) or value.get("at") not in POINT_NAMES:
        raise PictureError(
            ("arrows", index, "at"), f"an arrow needs `at:` a body point, one of {', '.join(POINT_NAMES)}"
        )
    direction = _number(value.get("direction", "up"))
    if not isinstance(direction, (int, float)) and direction not in (
        "up",
        "down",
        "left",
        "right",
        "forward",
        "back",
    ):
        raise PictureError(
            ("arrows", index, "direction"), "direction is up, down, left, right, forward, back or degrees"
        )
    kind = value.get("kind", "straight")
    if kind not in ARROW_KINDS:
        raise PictureError(("arrows", index, "kind"), f"kind is one of {', '.join(ARROW_KINDS)}")
    length = _number(value.get("length", 12))
    if isinstance(length, bool) or not isinstance(length, (int, float)) or not 4 <= length <= 30:
        raise PictureError(("arrows", index, "length"), "length is a number from 4 to 30 (a head is 8)")
    toward = value.get("toward", False)
    if toward not in (True, False, "true", "false"):
        raise PictureError(("arrows", index, "toward"), "toward is true or false")
    return Arrow(value["at"], direction, kind, float(length), toward in (True, "true"))


def _number(value: Any) -> Any:
    """A number written as text in YAML ("12") is still a number."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


# --- building the scene --------------------------------------------------------------------------


def picture_scene(
    picture: PictureDef,
    language: str,
    verdict: Verdict | None = None,
    hold: int | None = None,
    word: str | None = None,
) -> Scene:
    """The picture in a 100 × 70 box: badges in a strip at the top, the figure and its props
    scaled to fill the rest and standing on its bottom edge, never crossing the box. `word`:
    what the verdict badge says when the text beside the picture has its own word for it (a
    sleep position's 推薦 / 可以 / 不建議), so the two never say different things."""
    verdict = verdict or picture.verdict
    drawn = hand_row(list(picture.hands)) if picture.hands else _figure_drawn(picture)
    box = item_bounds(Group(tuple(drawn)))
    assert box is not None
    top = BAND if (verdict or hold) else 2.5
    area = (2.5, top, WIDTH - 2.5, HEIGHT - 2.5)  # left, top, right, bottom (y downwards)
    k = min((area[2] - area[0]) / (box[2] - box[0]), (area[3] - area[1]) / (box[3] - box[1]))
    dx = area[0] + ((area[2] - area[0]) - (box[2] - box[0]) * k) / 2 - box[0] * k

    def place(p: Point) -> Point:
        return (p[0] * k + dx, area[3] - (p[1] - box[1]) * k)

    items: list[Item] = [_map(item, place, k) for item in drawn]
    figure_group: list[Item] = [Group(tuple(items), name="Figure")]
    if verdict:
        badge, _ = verdict_badge(verdict, language, 2.5, 2.2, BADGE, word)
        figure_group += [verdict_frame(verdict, WIDTH, HEIGHT), badge]
    if hold:
        figure_group.append(hold_badge(hold, language, WIDTH - 2.5, 2.2, BADGE))
    return Scene(
        WIDTH, HEIGHT, tuple(figure_group), name=f"Picture {picture.name}", alt=picture.description(language)
    )


def _figure_drawn(picture: PictureDef) -> list[Item]:
    """The posed figure with its props and marks, in figure units (y upwards), resting on the
    floor (or on a step or roller under it)."""
    figure = build_figure(picture.pose)
    # rest the figure on the ground (or on a step or roller under it)
    raised = supports(picture.props, figure)

    def lift(p: Point) -> float:
        return max((h for lo, hi, h in raised if lo <= p[0] <= hi), default=0.0)

    ink = [p for _, outline, _ in figure.parts for p in outline_points(outline)]
    rest = -min(p[1] - lift(p) for p in ink)  # the lowest ink touches the floor (or the step)
    figure.points = {k: (x, y + rest) for k, (x, y) in figure.points.items()}
    figure.hull = [(x, y + rest) for x, y in figure.hull]
    figure.parts = [(n, _shift(o, rest), t) for n, o, t in figure.parts]
    xs = [p[0] for p in figure.hull]
    left, right = min(xs) - 4, max(xs) + 4
    behind, front = prop_items(picture.props, figure, left, right, 0.0)
    marks: list[Item] = []
    facing_right = picture.pose.facing == "right"
    for i, arrow in enumerate(picture.arrows):
        angle = arrow_angle(arrow, facing_right)
        gap = _arrow_gap(arrow.at, figure.points, angle)
        marks += arrow_items(arrow, figure.points[arrow.at], angle, f"Arrow {i + 1}", gap)
    for point in picture.stretch:
        marks += stretch_items(figure.points[point], "Stretch here")
    return [*behind, *figure_items(figure), *front, *marks]


TIP_GAP = 2.0  # between a fingertip or toe and an arrow that carries on the way it points


def _arrow_gap(at: str, points: Mapping[str, Point], angle: float) -> float:
    """How far off its body point an arrow starts: 4.5 units off a joint or a part's middle
    (clear of the limb round it), but just off a fingertip or toe when the arrow carries on
    the way the hand or the lower leg points, so it does not float away (seen at review)."""
    side, _, part = at.partition("_")
    limb = {"hand": ("wrist", "hand"), "foot": ("knee", "ankle")}.get(part)  # the way it points
    if limb is None or any(f"{side}_{p}" not in points for p in limb):
        return 4.5
    root, tip = (points[f"{side}_{p}"] for p in limb)
    dx, dy = tip[0] - root[0], tip[1] - root[1]
    length = math.hypot(dx, dy) or 1.0
    along = (dx * math.cos(math.radians(angle)) + dy * math.sin(math.radians(angle))) / length
    return TIP_GAP if along > 0.5 else 4.5


def _shift(outline: tuple[Segment, ...], dy: float) -> tuple[Segment, ...]:
    return tuple(_map_segment(s, lambda p: (p[0], p[1] + dy)) for s in outline)


def _map_segment(seg: Segment, f: Callable[[Point], Point]) -> Segment:
    if isinstance(seg, MoveTo):
        return MoveTo(f(seg.p))
    if isinstance(seg, LineTo):
        return LineTo(f(seg.p))
    if isinstance(seg, CurveTo):
        return CurveTo(f(seg.c1), f(seg.c2), f(seg.p))
    return Close()


def _map(item: Item, f: Callable[[Point], Point], k: float) -> Item:
    """An item moved by f and scaled by k (strokes and sizes with it)."""
    if isinstance(item, Group):
        return Group(tuple(_map(i, f, k) for i in item.items), item.name)
    if isinstance(item, Path):
        hatch = item.hatch
        return Path(
            tuple(_map_segment(s, f) for s in item.segments),
            item.fill,
            item.stroke,
            item.stroke_width * k,
            hatch,
            item.arrow_start,
            item.arrow_end,
            tuple(d * k for d in item.dash),
            item.name,
        )
    if isinstance(item, Circle):
        return Circle(
            f(item.centre), item.radius * k, item.fill, item.stroke, item.stroke_width * k, item.name
        )
    return Text(item.text, f(item.at), item.size * k, item.colour, item.bold, item.anchor, item.name)


FRAME_MARGIN = 2.5  # scene units between a framed picture's drawing and its frame
BADGE_GROWTH = 1.6  # how much larger than its own a framed picture's badges may be drawn


def framed(
    scene: Scene,
    aspect: float,
    backdrop: str | None = None,
    points_wide: float = 0.0,
    badge_points: float = 34.0,
) -> Scene:
    """The scene cut to what it draws and widened (or made taller) to `aspect` (width / height),
    so a slide can show the drawing as large as its box allows instead of a fixed 100 × 70 box
    that is mostly empty around a lying or a standing figure. The drawing stays centred; the
    verdict and hold badges keep their top corners (in the band above it) and the verdict frame
    is drawn round the new box; without a frame, a `backdrop` rectangle shows the picture's box.
    Shown `points_wide`, badges are `badge_points` tall (a picture across a slide would
    otherwise have badges a third of its height, a card's picture small ones), at most
    BADGE_GROWTH times their own size. A body map (no badges) is cut the same way."""
    badge_scale = 1.0  # the badges' scale; their band above the drawing with them
    for _ in range(2):  # the badges' size in points depends on the box they make: twice is near
        cut = _cut(scene, badge_scale)
        if cut is None:
            return scene
        frame, badges, drawing, box, top, width, height = cut
        width, height = max(width, height * aspect), max(height, width / aspect)
        if points_wide > 0:  # badges the same size on every slide: legible, never shouting
            badge_scale = min(BADGE_GROWTH, badge_points / (BADGE * points_wide / width))
    # the drawing in the middle of the room below the band
    dx = (width - (box[2] - box[0])) / 2 - box[0]
    dy = top + (height - top - (box[3] - box[1])) / 2 - box[1]
    items: list[Item] = []
    if frame is None and backdrop:
        corners = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
        items.append(Path(polygon(corners), fill=backdrop, name="Backdrop"))
    items += [_map(i, lambda p: (p[0] + dx, p[1] + dy), 1.0) for i in drawing]
    if frame is not None:
        assert isinstance(frame, Path)
        corners = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]  # its ink is the box
        # as thin as the badges are small: a picture across a slide would have a heavy frame
        weight = frame.stroke_width * min(1.0, badge_scale)
        items.append(replace(frame, segments=polygon(corners), stroke_width=weight))
    for badge in badges:  # a verdict at the left corner stays; a hold time keeps to the right
        b = item_bounds(badge)
        if b is None:
            continue
        right = b[0] > scene.width / 2
        corner = (b[2] if right else b[0], b[1])
        to = (corner[0] + (width - scene.width if right else 0.0), corner[1])
        items.append(_map(badge, _about(corner, to, badge_scale), badge_scale))
    return Scene(width, height, tuple(items), scene.name, scene.alt)


def _about(corner: Point, to: Point, k: float) -> Callable[[Point], Point]:
    """Scales by k about `corner` and moves `corner` to `to`."""

    def moved(p: Point) -> Point:
        return (to[0] + (p[0] - corner[0]) * k, to[1] + (p[1] - corner[1]) * k)

    return moved


def figure_aspect(scene: Scene) -> float:
    """Width over height of the box `framed` cuts round the drawing before widening it."""
    cut = _cut(scene)
    return scene.width / scene.height if cut is None else cut[5] / cut[6]


_Cut = tuple[Item | None, list[Item], list[Item], tuple[float, float, float, float], float, float, float]


def _cut(scene: Scene, badge_scale: float = 1.0) -> _Cut | None:
    """A scene's verdict frame, badges and drawing; the drawing's bounds, the band above it (for
    badges `badge_scale` times their size) and the box round both (None when it draws nothing)."""
    frame = next((i for i in scene.items if _named(i, "Verdict frame")), None)
    badges = [i for i in scene.items if i is not frame and (_named(i, "Verdict ") or _named(i, "Hold "))]
    drawing = [i for i in scene.items if i is not frame and all(i is not b for b in badges)]
    box = item_bounds(Group(tuple(drawing)))
    if box is None:
        return None
    badge_boxes = [b for b in (item_bounds(i) for i in badges) if b is not None]
    top = FRAME_MARGIN + (BAND - FRAME_MARGIN) * badge_scale if badge_boxes else FRAME_MARGIN
    width = box[2] - box[0] + 2 * FRAME_MARGIN
    width = max(width, sum(b[2] - b[0] for b in badge_boxes) * badge_scale + 4 * FRAME_MARGIN)
    height = box[3] - box[1] + top + FRAME_MARGIN
    return frame, badges, drawing, box, top, width, height


def _named(item: Item, prefix: str) -> bool:
    return isinstance(item, (Group, Path)) and item.name.startswith(prefix)
