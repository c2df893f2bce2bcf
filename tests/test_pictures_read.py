"""Pictures read right without their caption: reviewers shown the pictures alone misread some
of them (a face-down back extension read as a sitting V, a knee pillow as a leg raise…).
Each test checks the geometric property that the misreading came from."""

from __future__ import annotations

import math

from builder.figures.library import library
from builder.figures.skeleton import HEAD, Figure, build_figure

ARROWHEAD = 1.6 * 3.2  # an arrow's stroke (builder.figures.marks) times the head the renderers draw


def _figure(name: str) -> Figure:
    return build_figure(library()[name].pose)  # y upwards


def _rise(figure: Figure, start: str, end: str) -> float:
    """How steeply the line from one body point to another rises from the floor, in degrees."""
    (x0, y0), (x1, y1) = figure.points[start], figure.points[end]
    return math.degrees(math.atan2(y1 - y0, abs(x1 - x0)))


def test_superman_lies_face_down_with_the_belly_on_the_floor() -> None:
    """Seen at review: the back extension (小燕飛) read as sitting in a V, the trunk and the legs
    both raised steeply from the hips. Lying face down, only the chest and the legs lift a little;
    the belly and pelvis stay lowest, and the face points down."""
    figure = _figure("superman")
    trunk, thigh = _rise(figure, "pelvis", "shoulder"), _rise(figure, "near_hip", "near_knee")
    assert 0 < trunk < 18 and 0 < thigh < 18, (trunk, thigh)
    lowest = min(figure.hull, key=lambda p: p[1])
    assert abs(lowest[0] - figure.points["pelvis"][0]) < HEAD, "the belly and pelvis rest on the floor"
    assert figure.points["face"][1] < figure.points["head"][1], "the face points down"


def test_superman_arrows_have_a_shaft() -> None:
    """Seen at review: the lift arrow was so short that only its head showed."""
    arrows = library()["superman"].arrows
    assert len(arrows) >= 1
    assert all(arrow.length >= 1.8 * ARROWHEAD for arrow in arrows), [a.length for a in arrows]


def _eyes(figure: Figure) -> list[tuple[float, float]]:
    """The centre of each eye drawn on the head."""
    centres = []
    for name, outline, _ in figure.parts:
        if name == "Eye":
            points = [s.p for s in outline if hasattr(s, "p")]
            centres.append((sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)))
    return centres


def test_a_face_shows_which_way_it_points() -> None:
    """Seen at review: faceless heads made lying face down read as lying face up. An eye on the
    face side of the head points down when lying face down and up when lying on the back."""
    for name in ("prone", "sleep_prone", "prone_belly_pillow", "superman", "supine_knee_pillow", "bridge"):
        figure = _figure(name)
        eyes = _eyes(figure)
        assert len(eyes) == 1, (name, eyes)
        below = eyes[0][1] < figure.points["head"][1] - 1.0
        above = eyes[0][1] > figure.points["head"][1] + 1.0
        assert below if name.startswith(("prone", "sleep_prone", "superman")) else above, (name, eyes)


def test_lying_on_the_side_rests_the_lower_side_on_the_floor() -> None:
    """Seen at review: side-lying with a pillow between the knees read as a face-up spread-eagle
    floating above the floor. The lower shoulder and the lower leg rest on the floor, the legs
    lie together (the pillow between the knees), and the face shows both eyes, one above the other
    (a head on its side)."""
    for name in ("side_lying_pillow", "side_lying_painful_side"):
        figure = _figure(name)
        floor = min(p[1] for p in figure.hull)
        for part in ("far_ankle", "far_shoulder"):
            assert figure.points[part][1] - floor < 2.5, (name, part, figure.points[part][1] - floor)
        feet = math.dist(figure.points["near_foot"], figure.points["far_foot"])
        hips = math.dist(figure.points["near_hip"], figure.points["far_hip"])
        assert feet < 1.3 * hips, (name, feet, hips)
        eyes = _eyes(figure)
        assert len(eyes) == 2 and abs(eyes[0][0] - eyes[1][0]) < 0.5, (name, eyes)


def test_knees_bent_over_a_pillow_keep_the_heels_on_the_bed() -> None:
    """Seen at review: the shin pointed up into the air above the knee pillow, a leg raise.
    Lying on the back with a pillow under the knees, the knees are the highest point of the
    legs and the heels rest on the bed."""
    figure = _figure("supine_knee_pillow")
    floor = min(p[1] for p in figure.hull)
    knee, ankle = figure.points["near_knee"][1], figure.points["near_ankle"][1]
    assert ankle - floor < 2.5, ankle - floor
    assert knee - ankle > 0.5 * HEAD, (knee, ankle)


def test_the_foam_roller_touches_the_side_it_rolls() -> None:
    """Seen at review: the roller sat on the floor under the chest, not touching the body. It
    lies under the side of the waist, the body resting on it (scene units, y downwards)."""
    from builder.figures.picture import picture_scene
    from builder.figures.scene import Group, MoveTo, Path, walk

    scene = picture_scene(library()["foam_roll_side"], "zh-Hant-TW")
    figure = next(i for i in scene.items if isinstance(i, Group) and i.name == "Figure")
    leaves = [i for i in walk(figure.items) if isinstance(i, Path)]
    roller = next(i for i in leaves if i.name == "Foam roller")
    rim = [s.p for s in roller.segments[:5] if hasattr(s, "p")]  # the outer circle's quarter points
    xs, ys = [p[0] for p in rim], [p[1] for p in rim]
    centre, radius = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2), (max(xs) - min(xs)) / 2
    body = next(i for i in leaves if i.name == "Body")
    outline = [s.p for s in body.segments if hasattr(s, "p") and not isinstance(s, MoveTo)]
    gap = min(math.dist(p, centre) for p in outline) - radius
    assert gap < 0.8, gap
    assert min(p[0] for p in outline) < centre[0] < max(p[0] for p in outline), "under the trunk"


def test_the_side_bend_bends_the_trunk_and_arches_the_arm_over_the_head() -> None:
    """Seen at review: the side bend read as reaching an arm overhead, the arm straight up past
    a trunk that barely leaned. The trunk tilts well to the side and the raised arm arches over
    the head towards the bend, its hand beyond the head."""
    figure = _figure("side_bend_stretch")
    (px, py), (sx, sy) = figure.points["pelvis"], figure.points["shoulder"]
    tilt = math.degrees(math.atan2(abs(sx - px), sy - py))
    assert tilt > 28, tilt
    bend = 1.0 if sx > px else -1.0
    hand, head = figure.points["far_hand"], figure.points["head"]
    assert (hand[0] - head[0]) * bend > 0, (hand, head)
    assert hand[1] > figure.points["far_shoulder"][1], "the hand is above the shoulder"


def test_belly_breathing_keeps_the_hips_down_and_a_hand_on_the_belly() -> None:
    """Seen at review: belly breathing read as a bridge (on the back, knees bent, an arrow up
    over the belly). The pelvis rests on the floor and a hand lies on top of the belly, the
    arrow rising from it."""
    figure = _figure("abdominal_breathing")
    points = figure.points
    floor = min(p[1] for p in figure.hull)
    assert points["pelvis"][1] - floor < 5.0, "the pelvis rests on the floor"
    hand = points["near_hand"]
    lo, hi = sorted((points["pelvis"][0], points["shoulder"][0]))
    assert lo < hand[0] < hi, (hand, lo, hi)
    belly_top = max(p[1] for p in figure.hull if abs(p[0] - points["waist"][0]) < 3.0)
    assert abs(hand[1] - belly_top) < 0.5 * HEAD and hand[1] > points["waist"][1], (hand, belly_top)
    assert [a.direction for a in library()["abdominal_breathing"].arrows] == ["up"]


def test_figures_touch_the_floor_they_lie_or_stand_on() -> None:
    """A figure rests on its drawn outline, not on the control points standing off its rounded
    shapes: lying figures read as floating a little above the floor otherwise."""
    from builder.figures.picture import picture_scene
    from builder.figures.scene import Group, Path, outline_points, walk
    from builder.figures.skeleton import FAR, NEAR

    for name, picture in library().items():
        if picture.hands or {u.prop for u in picture.props} & {"step", "roller", "bed", "chair"}:
            continue
        scene = picture_scene(picture, "zh-Hant-TW")
        figure = next(i for i in scene.items if isinstance(i, Group) and i.name == "Figure")
        leaves = [i for i in walk(figure.items) if isinstance(i, Path)]
        floors = [i for i in leaves if i.name == "Floor"]
        if not floors:
            continue
        floor = floors[0].segments[0].p[1]  # type: ignore[union-attr]
        lowest = max(p[1] for i in leaves if i.fill in (NEAR, FAR) for p in outline_points(i.segments))
        assert floor - lowest < 0.3, (name, floor - lowest)


def test_knees_bent_on_the_back_keep_the_feet_flat_on_the_floor() -> None:
    """Lying on the back with the knees bent (hook lying), the feet stand flat on the floor
    rather than hovering above it."""
    for name in ("abdominal_breathing", "pelvic_tilt"):
        figure = _figure(name)
        floor = min(p[1] for p in figure.hull)
        toe, ankle = figure.points["near_foot"], figure.points["near_ankle"]
        assert toe[1] - floor < 2.0 and ankle[1] - floor < 0.5 * HEAD, (
            name,
            toe[1] - floor,
            ankle[1] - floor,
        )


def _inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Ray casting: is the point inside the closed outline?"""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


# standing or kneeling seen from the side, an arm raised past the head crosses the face: bird_dog
# (its pose is reworked on another branch), towel_behind_back and overhead_lifting
SEEN_THROUGH_AN_ARM = {"bird_dog", "towel_behind_back", "overhead_lifting"}


def test_no_limb_hides_the_face() -> None:
    """Seen at review: sleeping with the arms overhead drew the near arm over the head, a figure
    without a head. Whatever the pose, a limb drawn over the head leaves an eye showing."""
    from builder.figures.scene import outline_points

    for name, picture in library().items():
        if picture.hands or name in SEEN_THROUGH_AN_ARM:
            continue
        figure = build_figure(picture.pose)
        names = [part[0] for part in figure.parts]
        if "Eye" not in names:
            continue
        over = figure.parts[names.index("Eye") :]
        covered = [
            [n for n, outline, _ in over if n != "Eye" and _inside(eye, outline_points(outline))]
            for eye in _eyes(figure)
        ]
        assert not all(covered), (name, covered)  # at least one eye shows
