"""The picture library: named poses read from library.json (data, not code), loaded once.

Positions (standing, lying on the back…) are named starting poses; each picture names one
and changes only the joints that differ.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from builder.figures.marks import Verdict
from builder.figures.picture import PictureDef, Position, parse_picture, picture_scene
from builder.figures.scene import Scene

LIBRARY_FILE = Path(__file__).with_name("library.json")


@cache
def _data() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))
    return data


@cache
def positions() -> dict[str, Position]:
    """Named starting poses a picture builds on."""
    return {
        name: Position(
            str(entry.get("view", "side")),
            float(entry.get("tilt", 0.0)),
            str(entry.get("facing", "right")),
            dict(entry.get("joints", {})),
            bool(entry.get("stand", False)),
        )
        for name, entry in _data()["positions"].items()
    }


@cache
def library() -> dict[str, PictureDef]:
    """Every library picture by name, in the file's order."""
    pictures: dict[str, dict[str, Any]] = _data()["pictures"]
    return {name: parse_picture(name, entry, positions()) for name, entry in pictures.items()}


def is_library_picture(value: object) -> bool:
    return isinstance(value, str) and value in _data()["pictures"]


@lru_cache(maxsize=512)
def library_scene(
    name: str, language: str, verdict: Verdict | None, hold: int | None, word: str | None = None
) -> Scene:
    """A library picture's scene, posed once per process: a leaflet is composed again with
    smaller pictures or none when they do not fit, decks pose the same pictures, and watch mode
    composes it all on every save.

    Kept in the cache folder too, so a process poses a picture only the first time any process
    on the machine shows it: posing one is ≈ 2 ms, a tenth of a leaflet's first build in a batch
    or watch process, for a scene that depends only on the arguments and on leafdeck's code and
    library.json (both in every entry's key, see typeset.cache.kept_object)."""
    from builder.typeset.cache import kept_object

    def pose() -> Scene:
        return picture_scene(library()[name], language, verdict, hold, word)

    return kept_object("scene", (name, language, verdict, hold, word), pose, Scene)
