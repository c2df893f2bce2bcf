"""Marks over a posed figure: motion arrows (straight, curved, circling), the "feel the stretch
here" marker, a "hold N s" badge and the verdict badge (✓ recommended, △ acceptable, ✗ avoid).

The verdict is a badge beside the figure, with its word and a coloured frame round the
picture: the figure itself is never hidden, and the meaning never rests on colour alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from builder.figures.scene import (
    Circle,
    Group,
    Item,
    Path,
    Point,
    Text,
    arc_points,
    polygon,
    polyline,
    smooth,
    text_extent,
)

ARROW = "#C45A00"  # dark orange: apart from the blue-grey figure, and mid-dark in grayscale
HALO = "#FFFFFF"
STRETCH = "#C62828"
Verdict = Literal["ok", "maybe", "avoid"]
VERDICT_COLOUR = {"ok": "#2E7D32", "maybe": "#9A6200", "avoid": "#B00020"}
VERDICT_WORDS = {
    "zh-Hant-TW": {"ok": "建議", "maybe": "可以", "avoid": "避免"},
    "zh-Hans-CN": {"ok": "建议", "maybe": "可以", "avoid": "避免"},
}
HOLD_WORDS = {"zh-Hant-TW": "停 {n} 秒", "zh-Hans-CN": "保持 {n} 秒"}
DIRECTIONS = {"right": 0.0, "up": 90.0, "left": 180.0, "down": 270.0}


@dataclass(frozen=True)
class Arrow:
    at: str  # a figure point the movement belongs to
    direction: str | float = "up"  # up, down, left, right, forward, back, or degrees (0 right, 90 up)
    kind: Literal["straight", "curved", "circle"] = "straight"
    length: float = 12.0
    toward: bool = False  # the arrow comes in and ends just short of the part (a push, a press)


def arrow_angle(arrow: Arrow, facing_right: bool) -> float:
    d = arrow.direction
    if isinstance(d, (int, float)):
        return float(d)
    if d in ("forward", "back"):
        return 0.0 if (d == "forward") == facing_right else 180.0
    return DIRECTIONS[d]


def arrow_items(arrow: Arrow, start_at: Point, angle: float, name: str, gap: float = 4.5) -> list[Item]:
    """An arrow that starts `gap` units off the body part and runs `length` units (y upwards)."""
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    if arrow.kind == "circle":
        pts = arc_points(start_at, 5.0, 100, 400, 16)
    else:
        gap = -(4.5 + arrow.length) if arrow.toward else gap
        start = (start_at[0] + ux * gap, start_at[1] + uy * gap)
        end = (start[0] + ux * arrow.length, start[1] + uy * arrow.length)
        if arrow.kind == "curved":
            bend = arrow.length * 0.3
            mid = ((start[0] + end[0]) / 2 - uy * bend, (start[1] + end[1]) / 2 + ux * bend)
            pts = [start, mid, end]
        else:
            pts = [start, end]
    outline = smooth(pts, closed=False) if len(pts) > 2 else polyline(pts)
    return [
        Group(
            (
                Path(outline, stroke=HALO, stroke_width=3.4),
                Path(outline, stroke=ARROW, stroke_width=1.6, arrow_end=True),
            ),
            name=name,
        )
    ]


def stretch_items(at: Point, name: str) -> list[Item]:
    """A ringed spot with short rays: "you should feel the stretch here"."""
    rays: list[Item] = []
    for k in range(8):
        a = math.radians(k * 45 + 22.5)
        p1 = (at[0] + math.cos(a) * 3.4, at[1] + math.sin(a) * 3.4)
        p2 = (at[0] + math.cos(a) * 5.2, at[1] + math.sin(a) * 5.2)
        rays.append(Path(polyline([p1, p2]), stroke=STRETCH, stroke_width=0.9))
    return [
        Group(
            (
                Circle(at, 2.4, fill=HALO, stroke=STRETCH, stroke_width=1.0),
                Circle(at, 1.0, fill=STRETCH),
                *rays,
            ),
            name=name,
        )
    ]


def _badge_box(x: float, y: float, w: float, h: float) -> tuple:  # type: ignore[type-arg]
    r = h / 2
    return smooth(
        [(x + r, y), (x + w - r, y), (x + w, y + r), (x + w - r, y + h), (x + r, y + h), (x, y + r)]
    )


def verdict_badge(
    verdict: Verdict, language: str, x: float, y: float, h: float, word: str | None = None
) -> tuple[Group, float]:
    """The verdict symbol and its word in a rounded badge (scene units, y downwards); its width.
    `word` is the word the text beside the picture uses (a sleep position's rating), so the
    badge and the text never say two things; else the verdict's own word."""
    colour = VERDICT_COLOUR[verdict]
    word = word or VERDICT_WORDS.get(language, VERDICT_WORDS["zh-Hant-TW"])[verdict]
    size = h * 0.62
    w = h + text_extent(word, size) + h * 0.45
    cx, cy, s = x + h * 0.55, y + h / 2, h * 0.28
    if verdict == "ok":
        symbol = Path(
            polyline([(cx - s, cy), (cx - s * 0.3, cy + s * 0.75), (cx + s, cy - s * 0.8)]),
            stroke="#FFFFFF",
            stroke_width=h * 0.14,
        )
    elif verdict == "maybe":
        symbol = Path(
            polygon([(cx, cy - s), (cx + s * 1.1, cy + s * 0.85), (cx - s * 1.1, cy + s * 0.85)]),
            stroke="#FFFFFF",
            stroke_width=h * 0.11,
        )
    else:
        symbol = Path(
            polyline([(cx - s, cy - s), (cx + s, cy + s)]) + polyline([(cx - s, cy + s), (cx + s, cy - s)]),
            stroke="#FFFFFF",
            stroke_width=h * 0.14,
        )
    return (
        Group(
            (
                Path(_badge_box(x, y, w, h), fill=colour),
                symbol,
                Text(word, (x + h * 1.05, cy), size, "#FFFFFF", bold=True, anchor="start"),
            ),
            name=f"Verdict {verdict}",
        ),
        w,
    )


def hold_badge(seconds: int, language: str, right: float, y: float, h: float) -> Group:
    """ "Hold N s": a clock and the words, right-aligned at `right` (scene units, y downwards)."""
    words = HOLD_WORDS.get(language, HOLD_WORDS["zh-Hant-TW"]).format(n=seconds)
    size = h * 0.6
    width = h * 1.2 + text_extent(words, size) + h * 0.3
    x = right - width
    cx, cy, r = x + h * 0.6, y + h / 2, h * 0.3
    return Group(
        (
            Path(_badge_box(x, y, width, h), fill="#FFFFFF", stroke="#37587E", stroke_width=0.7),
            Circle((cx, cy), r, stroke="#37587E", stroke_width=0.7),
            Path(
                polyline([(cx, cy - r * 0.7), (cx, cy), (cx + r * 0.55, cy)]),
                stroke="#37587E",
                stroke_width=0.7,
            ),
            Text(words, (x + h * 1.05, cy), size, "#1A1A1A", bold=True, anchor="start"),
        ),
        name=f"Hold {seconds} s",
    )


def verdict_frame(verdict: Verdict, width: float, height: float) -> Path:
    """A frame round the whole picture in the verdict's colour (dashed for "avoid", so it also
    reads in grayscale)."""
    inset = 0.6
    return Path(
        polygon(
            [(inset, inset), (width - inset, inset), (width - inset, height - inset), (inset, height - inset)]
        ),
        stroke=VERDICT_COLOUR[verdict],
        stroke_width=1.2,
        dash=(3.0, 1.6) if verdict == "avoid" else (),
        name="Verdict frame",
    )
