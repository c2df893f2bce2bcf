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
