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
