"""A suggested speaking time for every slide of a talk, adding up to the talk's `minutes:`.

Each slide's share follows what there is to say about it, estimated from the rendered
slide (so continuation slides get theirs): text on the slide is read aloud slowly, the
speaker notes are said at a talking pace, a picture is shown and explained, and a cover
or section divider is a short pause. The estimates only set the proportions; the times
are then scaled to the talk's length and rounded to 15-second steps with the total exact.

A deck without `minutes:` (every condition spec's own deck, and a talk that does not say)
gets no times: an estimate from text alone would state a length nobody chose, and a
presenter planning the talk sets `minutes:` in the talk spec.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Seconds: what one slide takes, before scaling to the talk's length.
BASE = 20.0  # turning to the slide, pointing at it
SHORT = 15.0  # a cover or section divider: a sentence to open the part
SHOWN = 0.4  # per character on the slide: read aloud slowly to older listeners (150 a minute)
SPOKEN = 0.25  # per character of speaker notes said (240 a minute)
PICTURE = 10.0  # per picture or body map shown and explained
STEPS = (15, 5, 1)  # seconds; a finer step only when slides outnumber the 15-second steps


@dataclass(frozen=True)
class SlideContent:
    """What a slide gives the speaker to say: measured on the rendered slide."""

    shown: int  # characters of text on the slide (title and small print aside)
    spoken: int  # characters the speaker notes say beyond the slide's own text (sources aside)
    pictures: int  # pictures and body maps
    short: bool = False  # a cover or section divider


def estimate(content: SlideContent) -> float:
    """Seconds the slide would take at the rates above."""
    if content.short:
        return SHORT
    return BASE + SHOWN * content.shown + SPOKEN * content.spoken + PICTURE * content.pictures


def allot(total: int, weights: Sequence[float]) -> list[int]:
    """Seconds per slide adding up to exactly `total`: each slide one step at least, the rest in
    proportion to the weights, in whole steps (largest remainders first, then the earlier
    slide). The step is 15 s, or 5 s or 1 s when 15 s steps are fewer than the slides; with
    fewer seconds than slides, a slide may get none."""
    count = len(weights)
    if not count:
        return []
    step = next((s for s in STEPS if total % s == 0 and total // s >= count), 1)
    units = total // step
    least = 1 if units >= count else 0
    spare = units - least * count
    whole = sum(weights)
    shares = [spare * w / whole if whole > 0 else spare / count for w in weights]
    given = [math.floor(share) for share in shares]
    order = sorted(range(count), key=lambda i: (given[i] - shares[i], i))
    for index in order[: spare - sum(given)]:
        given[index] += 1
    seconds = [(least + g) * step for g in given]
    seconds[-1] += total - sum(seconds)  # only when total is not a whole number of steps
    return seconds
