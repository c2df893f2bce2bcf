"""Python's cyclic garbage collector, paused where a burst of long-lived objects is made.

A collection in the middle of such a burst walks objects that will live as long as the process
anyway and promotes them into the old generation, which sets off full collections later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the block runs, then left as it was.

    Why, in the leaflet fit's search (builder.leaflet_fit): it lays the leaflet out up to 2n + 2
    times, each making and dropping reportlab frames and templates (cycles only the collector
    frees) while the line and scene caches fill. Collections during it promoted those caches to
    the old generation and set off full collections of the whole process, 0.04–0.09 s each in a
    batch or watch session (a never-built superior-cluneal-nerve: 0.14 s → 0.09 s CPU). Paused,
    the next young collection frees the search's garbage; the peak memory of a build stays the
    same (84 MB). In a batch's preload (builder.batch): collections while the code and fonts
    load, all of which lives as long as the process, were a fifth of the preload (0.06 s)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# --- a command's start-up ---------------------------------------------------------------------
# Python's cyclic garbage collector while a command starts.
#
# Why: a cold `leafdeck build` makes some 90 000 objects that live as long as the process —
# modules, classes, restored font faces, typesetting caches — and the collector examines them
# over and over while they pile up (212 collections, one of the whole heap) without freeing
# anything: a fifth of a one-leaflet build's CPU time (0.54 → 0.44 s with it paused, alternated
# runs; peak memory +1 MB). So the command line starts with the collector paused; once the
# first spec is built, what is alive is frozen (`gc.freeze`: left out of every later
# collection) and the collector resumes, so a batch or a watch session frees the garbage of its
# later builds as before. A process that never paused (a library user, the tests) is left as
# it is.

_paused = False


def pause_collector() -> None:
    """For a command's start-up: the command line calls this first thing. A command ends the
    pause (`started`) once it has built, validated or linted its first spec."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def started() -> None:
    """After a spec is built: the first time, freeze what is alive and resume the collector.

    A worker process forked while paused inherits the pause and ends it after its own first
    spec. The first build's own garbage is frozen with the rest (one build's worth, once);
    collecting it first would cost the full collection the pause avoids."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
