"""Python's cyclic garbage collector while a command starts.

Why: a cold `leafdeck build` makes some 90 000 objects that live as long as the process —
modules, classes, restored font faces, typesetting caches — and the collector examines them
over and over while they pile up (212 collections, one of the whole heap) without freeing
anything: a fifth of a one-leaflet build's CPU time (0.54 → 0.44 s with it paused, alternated
runs; peak memory +1 MB). So the command line starts with the collector paused; once the
first spec is built, what is alive is frozen (`gc.freeze`: left out of every later
collection) and the collector resumes, so a batch or a watch session frees the garbage of its
later builds as before. A process that never paused (a library user, the tests) is left as
it is.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    """For a command's start-up: the command line calls this first thing."""
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
