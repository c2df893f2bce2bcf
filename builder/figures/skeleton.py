"""The posable figure: a skeleton about 7½ heads tall, posed by joint angles, drawn as filled,
rounded body shapes.

A pose is a view (side, front, back, above) and the angles of its joints. Each joint turns
the next body part in the picture's plane; which movement that is depends on the view
(side: bending forward and back; front/back/above: out to the side). The figure is built
standing upright and facing right, then tilted by `tilt` (90: lying on the back, head to the
left) and mirrored when it faces left. Far-side limbs are drawn first, in a lighter tone,
so crossing limbs stay readable, also in grayscale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from builder.figures.scene import Item, Path, Point, Segment, capsule, ellipse, smooth

View = Literal["side", "front", "back", "above"]
VIEWS: tuple[View, ...] = ("side", "front", "back", "above")
HEAD = 8.0  # one head, in figure units; the figure is 7½ of them tall

# tones that stay apart in grayscale: near body dark, far limbs light, a white seam between parts
NEAR = "#37587E"
FAR = "#A9BCD0"
SKIN_LINE = "#FFFFFF"

# the movement each joint makes in the picture's plane, with the range a body allows (degrees)
RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "side": {
        "neck": (-60, 60),  # + chin towards chest, − looking up
        "spine": (-30, 90),  # + bending forward, − arching back
        "shoulder": (-60, 180),  # + arm forward and up, − arm back
        "elbow": (0, 150),  # + bending
        "wrist": (-80, 80),  # + towards the palm, − towards the back of the hand
        "hip": (-30, 130),  # + thigh forward and up, − thigh back
        "knee": (0, 150),  # + bending (never backwards)
        "ankle": (-50, 30),  # + toes up, − pointing the toes
    },
    "front": {
        "neck": (-45, 45),  # + head tips to the picture's right
        "spine": (-40, 40),  # + bending to the picture's right
        "shoulder": (-30, 180),  # + arm out to the side and up
        "elbow": (0, 150),  # + forearm turns up and in
        "wrist": (-80, 80),
        "hip": (-30, 60),  # + leg out to the side
        "knee": (0, 150),  # + shin turns in (a bent knee seen from in front, as in a clamshell)
        "ankle": (-40, 40),
    },
}
RANGES["back"] = RANGES["above"] = RANGES["front"]
TILT_RANGE = (-180.0, 180.0)
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
SIDES = ("near", "far")


def joint_names() -> list[str]:
    """Every name a pose may set: neck, spine, and each limb joint alone (both sides) or per side."""
    names = ["neck", "spine"]
    for joint in LIMB_JOINTS:
        names += [joint, f"near_{joint}", f"far_{joint}"]
    return names


@dataclass(frozen=True)
class Pose:
    view: View = "side"
    tilt: float = 0.0  # the whole body turned from upright, degrees anticlockwise (90: lying, head left)
    facing: Literal["right", "left"] = "right"
    joints: Mapping[str, float] = field(default_factory=dict)
    stand: bool = False  # standing: the body turns so the pelvis is above the feet

    def angle(self, joint: str, side: str = "") -> float:
        """A joint's angle: the side's own value, else the value for both sides, else 0."""
        if side and f"{side}_{joint}" in self.joints:
            return self.joints[f"{side}_{joint}"]
        return self.joints.get(joint, 0.0)


@dataclass(frozen=True)
class PoseError(Exception):
    """A joint set beyond what a body can do, or a name that is not a joint."""

    joint: str
    message: str

    def __str__(self) -> str:
        return self.message


def check_pose(pose: Pose) -> None:
    """Raise PoseError naming the joint, the angle given and the range allowed."""
    ranges = RANGES[pose.view]
    known = joint_names()
    for name, value in pose.joints.items():
        if name not in known:
            raise PoseError(name, f"'{name}' is not a joint; use one of {', '.join(known)}")
        base = name.split("_", 1)[1] if name.startswith(("near_", "far_")) else name
        low, high = ranges[base]
        if not low <= value <= high:
            raise PoseError(
                name,
                f"{name} {value:g}° is beyond what a body can do in the {pose.view} view "
                f"(allowed {low:g}° to {high:g}°)",
            )
    if not TILT_RANGE[0] <= pose.tilt <= TILT_RANGE[1]:
        raise PoseError("tilt", f"tilt {pose.tilt:g}° is outside {TILT_RANGE[0]:g}° to {TILT_RANGE[1]:g}°")


# --- proportions (heads) ---------------------------------------------------------------------------
_L = {
    "neck": 0.35,
    "trunk": 2.45,  # hip joint to shoulder joint
    "thigh": 1.85,
    "shin": 1.75,
    "ankle": 0.3,
    "foot": 1.05,
    "upper_arm": 1.45,
    "forearm": 1.2,
    "hand": 0.7,
}


def _h(name: str) -> float:
    return _L[name] * HEAD


def _at(p: Point, angle: float, length: float) -> Point:
    a = math.radians(angle)
    return (p[0] + math.cos(a) * length, p[1] + math.sin(a) * length)


@dataclass
class Figure:
    """The posed figure: drawing layers (far limbs, body, near limbs) and named points for props
    and marks, all in figure units with y upwards."""

    parts: list[tuple[str, tuple[Segment, ...], str]]  # name, outline, tone; in drawing order
    points: dict[str, Point]
    hull: list[Point]  # points on the outline: where the figure meets the ground


def build_figure(pose: Pose) -> Figure:
    """Pose the skeleton and dress it in rounded shapes (upright, facing right, then turned)."""
    side_view = pose.view == "side"
    pts: dict[str, Point] = {}
    body: list[tuple[str, tuple[Segment, ...]]] = []
    limbs: dict[str, tuple[list[tuple[str, tuple[Segment, ...]]], list[tuple[str, tuple[Segment, ...]]]]] = {}
    hull: list[Point] = []

    pelvis = (0.0, 0.0)
    spine = pose.angle("spine")
    pelvic = 90.0  # the pelvis stays put: the spine bends above it, the legs hang from it
    lower = 90 - spine * 0.45  # the lower back takes a little under half of the bend
    upper = 90 - spine
    waist = _at(pelvis, lower, _h("trunk") * 0.45)
    shoulder_c = _at(waist, upper, _h("trunk") * 0.55)
    neck_angle = upper - pose.angle("neck")
    head_base = _at(shoulder_c, upper, _h("neck") + 0.2 * HEAD)
    head_c = _at(head_base, neck_angle, 0.5 * HEAD)
    pts.update(pelvis=pelvis, waist=waist, chest=_mid(waist, shoulder_c), shoulder=shoulder_c, head=head_c)

    if side_view:
        # torso: a smooth outline with a rounded belly and bottom, a back and a chest
        def off(p: Point, angle: float, d: float) -> Point:
            return _at(p, angle - 90, d)  # to the figure's front when d > 0

        outline = [
            off(shoulder_c, upper, 3.9),
            off(_mid(waist, shoulder_c), upper, 4.9),
            off(waist, (lower + upper) / 2, 4.3),
            off(pelvis, pelvic, 4.3),
            _at(off(pelvis, pelvic, 1.0), pelvic - 90 - 60, 4.2),
            off(_at(pelvis, pelvic, -0.6), pelvic, -4.5),
            off(waist, (lower + upper) / 2, -3.9),
            off(_mid(waist, shoulder_c), upper, -4.6),
            off(shoulder_c, upper, -3.7),
            _at(shoulder_c, upper, 3.0),
        ]
        body.append(("Body", smooth(outline)))
        hull += outline
        neck_end = _at(shoulder_c, upper, _h("neck") + 0.25 * HEAD)
        body.append(("Neck", capsule(shoulder_c, neck_end, 1.7, 1.6)))
        head = _head_side(head_c, neck_angle)
        hull += _ring(head_c, 4.2)
        pts["face"] = _at(head_c, neck_angle - 90, 3.8)
        # an eye near the nose: which way the face points (up, down, ahead) reads at 30 mm,
        # where the nose alone did not, so face-down and face-up lying stay apart
        eyes = [("Eye", ellipse(_at(_at(head_c, neck_angle - 90, 2.2), neck_angle, 0.9), 0.85, 0.85))]
        arm_root = {"near": shoulder_c, "far": shoulder_c}
        hip_root = {"near": pelvis, "far": pelvis}
        sign = {"near": 1.0, "far": 1.0}
    else:
        across = upper - 90  # the shoulders' line, to the picture's right
        arm_root = {"near": _at(shoulder_c, across, 6.2), "far": _at(shoulder_c, across, -6.2)}
        hip_root = {"near": _at(pelvis, pelvic - 90, 3.6), "far": _at(pelvis, pelvic - 90, -3.6)}
        outline = [
            _at(arm_root["near"], upper, 1.2),
            _at(arm_root["near"], across - 90, 2.0),
            _at(waist, lower - 90, 5.3),
            _at(hip_root["near"], pelvic - 90, 2.4),
            _at(hip_root["near"], pelvic - 110, 2.6),
            _at(pelvis, pelvic, -2.6),
            _at(hip_root["far"], pelvic - 70, -2.6),
            _at(hip_root["far"], pelvic - 90, -2.4),
            _at(waist, lower - 90, -5.3),
            _at(arm_root["far"], across + 90, -2.0),
            _at(arm_root["far"], upper, 1.2),
            _at(shoulder_c, upper, 1.6),
        ]
        body.append(("Body", smooth(outline)))
        hull += outline
        neck_end = _at(shoulder_c, upper, _h("neck") + 0.25 * HEAD)
        body.append(("Neck", capsule(shoulder_c, neck_end, 2.0, 1.8)))
        head = ellipse(head_c, 3.5, 4.5, neck_angle - 90)
        hull += _ring(head_c, 4.2)
        pts["face"] = head_c
        # two eyes when the face is towards us: a head lying on its side shows them one above
        # the other, which tells side-lying from a body seen from above; none from the back
        brow = _at(head_c, neck_angle, 0.7)
        eyes = (
            []
            if pose.view == "back"
            else [("Eye", ellipse(_at(brow, neck_angle - 90, k * 1.5), 0.6, 0.6)) for k in (1.0, -1.0)]
        )
        sign = {"near": 1.0, "far": -1.0}

    for side in SIDES:
        s = sign[side]
        # arm
        if side_view:
            upper_arm = upper - 180 + pose.angle("shoulder", side)
            forearm = upper_arm + pose.angle("elbow", side)
            hand = forearm - pose.angle("wrist", side)
        else:
            upper_arm = upper - 180 + s * pose.angle("shoulder", side)
            forearm = upper_arm + s * pose.angle("elbow", side)
            hand = forearm - s * pose.angle("wrist", side)
        sh = arm_root[side]
        el = _at(sh, upper_arm, _h("upper_arm"))
        wr = _at(el, forearm, _h("forearm"))
        tip = _at(wr, hand, _h("hand"))
        # leg
        if side_view:
            thigh = pelvic - 180 + pose.angle("hip", side)
            shin = thigh - pose.angle("knee", side)
            foot = shin + 90 + pose.angle("ankle", side)
        else:
            thigh = pelvic - 180 + s * pose.angle("hip", side)
            shin = thigh - s * pose.angle("knee", side)
            foot = shin + s * pose.angle("ankle", side)
        hp = hip_root[side]
        kn = _at(hp, thigh, _h("thigh"))
        an = _at(kn, shin, _h("shin"))
        leg = [
            (f"{side.title()} thigh", capsule(hp, kn, 3.9, 2.5)),
            (f"{side.title()} shin", capsule(kn, an, 2.4, 1.4)),
        ]
        if side_view:
            heel = _at(an, shin, _h("ankle"))
            toe = _at(heel, foot, _h("foot"))
            leg.append((f"{side.title()} foot", _foot(an, heel, toe)))
            hull += [heel, toe, _at(toe, foot - 90, 0.8)]
        else:
            toe = _at(an, foot, _h("ankle") + 0.7 * HEAD)
            leg.append((f"{side.title()} foot", capsule(an, toe, 1.3, 1.1)))
            hull += [toe]
        arm = [
            (f"{side.title()} upper arm", capsule(sh, el, 2.2, 1.7)),
            (f"{side.title()} forearm", capsule(el, wr, 1.7, 1.25)),
            (f"{side.title()} hand", capsule(wr, tip, 1.3, 1.0)),
        ]
        hull += _ring(kn, 2.3) + _ring(an, 1.3) + _ring(el, 1.5) + _ring(wr, 1.1) + _ring(tip, 0.9)
        hull += _ring(hp, 3.4)
        limbs[side] = (leg, arm)
        pts.update(
            {
                f"{side}_shoulder": sh,
                f"{side}_elbow": el,
                f"{side}_wrist": wr,
                f"{side}_hand": tip,
                f"{side}_hip": hp,
                f"{side}_knee": kn,
                f"{side}_ankle": an,
                f"{side}_foot": toe,
                f"{side}_thigh": _mid(hp, kn),
                f"{side}_shin": _mid(kn, an),
                f"{side}_upper_arm": _mid(sh, el),
                f"{side}_forearm": _mid(el, wr),
            }
        )
    body.append(("Head", head))
    body += eyes
    parts: list[tuple[str, tuple[Segment, ...], str]] = []
    if side_view:  # far limbs behind the body in a light tone, near limbs in front of it
        parts += [(n, o, FAR) for n, o in limbs["far"][0] + limbs["far"][1]]
        parts += [(n, o, _body_tone(n)) for n, o in body]
        parts += [(n, o, NEAR) for n, o in limbs["near"][0] + limbs["near"][1]]
    else:  # front, back, above: legs under the body, arms over it
        parts += [(n, o, NEAR) for side in SIDES for n, o in limbs[side][0]]
        parts += [(n, o, _body_tone(n)) for n, o in body]
        parts += [(n, o, NEAR) for side in SIDES for n, o in limbs[side][1]]
    figure = Figure(parts, pts, hull)
    turn = pose.tilt
    if pose.stand:  # lean the body so the pelvis is straight above the middle of the ankles
        ax = (pts["near_ankle"][0] + pts["far_ankle"][0]) / 2
        ay = (pts["near_ankle"][1] + pts["far_ankle"][1]) / 2
        turn += -90 - math.degrees(math.atan2(ay, ax))
    _turn(figure, turn, pose.facing == "left")
    return figure


def _body_tone(name: str) -> str:
    """Eyes are white marks on the head; every other body part is the near tone."""
    return SKIN_LINE if name == "Eye" else NEAR


def _mid(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _ring(c: Point, r: float) -> list[Point]:
    return [_at(c, a, r) for a in range(0, 360, 45)]


def _head_side(c: Point, axis: float) -> tuple[Segment, ...]:
    """A head seen from the side: round skull, a nose and chin towards the way it faces."""
    front = axis - 90
    pts = [
        _at(c, axis, 4.62),
        _at(c, axis + 40, 4.51),
        _at(c, axis + 90, 3.96),
        _at(c, axis + 150, 4.18),
        _at(c, axis + 190, 4.40),
        _at(_at(c, axis + 200, 3.63), front, 1.32),
        _at(c, front - 25, 3.96),
        _at(_at(c, front, 3.85), axis, -0.2),
        _at(c, front + 12, 5.3),  # nose: long enough to show which way the face points
        _at(c, front + 35, 3.96),
        _at(c, axis - 40, 4.29),
    ]
    return smooth(pts)


def _foot(ankle: Point, heel: Point, toe: Point) -> tuple[Segment, ...]:
    length = math.hypot(toe[0] - heel[0], toe[1] - heel[1]) or 1.0
    ux, uy = (toe[0] - heel[0]) / length, (toe[1] - heel[1]) / length
    nx, ny = -uy, ux  # towards the top of the foot
    back = (heel[0] - ux * 1.0, heel[1] - uy * 1.0)
    pts = [
        (ankle[0] - ux * 1.2, ankle[1] - uy * 1.2),
        back,
        (heel[0] + ux * length * 0.5 - nx * 0.2, heel[1] + uy * length * 0.5 - ny * 0.2),
        (toe[0] - nx * 0.1, toe[1] - ny * 0.1),
        (toe[0] + nx * 1.1, toe[1] + ny * 1.1),
        (ankle[0] + ux * 1.4, ankle[1] + uy * 1.4),
    ]
    return smooth(pts)


def _turn(figure: Figure, tilt: float, mirror: bool) -> None:
    """Turn the whole figure by `tilt` degrees about the pelvis, then mirror it if it faces left."""
    a = math.radians(tilt)
    c, s = math.cos(a), math.sin(a)

    def move(p: Point) -> Point:
        x, y = p[0] * c - p[1] * s, p[0] * s + p[1] * c
        return (-x, y) if mirror else (x, y)

    def seg(segment: Segment) -> Segment:
        from builder.figures.scene import Close, CurveTo, LineTo, MoveTo

        if isinstance(segment, MoveTo):
            return MoveTo(move(segment.p))
        if isinstance(segment, LineTo):
            return LineTo(move(segment.p))
        if isinstance(segment, CurveTo):
            return CurveTo(move(segment.c1), move(segment.c2), move(segment.p))
        return Close()

    figure.parts = [(name, tuple(seg(x) for x in shape), tone) for name, shape, tone in figure.parts]
    figure.points = {k: move(p) for k, p in figure.points.items()}
    figure.hull = [move(p) for p in figure.hull]


def figure_items(figure: Figure) -> list[Item]:
    """The figure's shapes as scene paths (y upwards still), a white seam between overlapping parts."""
    return [
        Path(shape, fill=tone, stroke=SKIN_LINE, stroke_width=0.7, name=name)
        for name, shape, tone in figure.parts
    ]
