"""Library pictures' scenes kept in the cache folder: the same scene as posed anew, and never one
kept for other code, another picture or other arguments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.figures import library
from builder.figures.picture import picture_scene


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path))
    library.library_scene.cache_clear()
    yield tmp_path
    library.library_scene.cache_clear()


def _posed(name: str, *args: object) -> object:
    return picture_scene(library.library()[name], *args)  # type: ignore[arg-type]


def test_a_kept_scene_is_the_scene_posed_anew(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = library.library_scene("bridge", "zh-Hant-TW", "ok", 10)
    assert made == _posed("bridge", "zh-Hant-TW", "ok", 10)
    assert len(list(cache.glob("scene-*.pickle"))) == 1
    library.library_scene.cache_clear()  # as a new process
    posed: list[str] = []
    monkeypatch.setattr(library, "picture_scene", lambda picture, *a: posed.append(picture.name))
    kept = library.library_scene("bridge", "zh-Hant-TW", "ok", 10)
    assert kept == made and kept is not made
    assert not posed  # read, not posed


def test_other_arguments_or_other_code_never_take_a_kept_scene(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.typeset import cache as cache_module

    library.library_scene("bridge", "zh-Hant-TW", None, None)
    for args in [("zh-Hans-CN", None, None), ("zh-Hant-TW", "avoid", None), ("zh-Hant-TW", None, 5)]:
        assert library.library_scene("bridge", *args) == _posed("bridge", *args)
    plank = ("zh-Hant-TW", None, None)
    assert library.library_scene("plank", *plank) == _posed("plank", *plank)
    assert len(list(cache.glob("scene-*.pickle"))) == 5
    # a change to leafdeck's code or library.json (both in code_version) keys every scene anew
    monkeypatch.setattr(cache_module, "code_version", lambda: "another library.json")
    library.library_scene.cache_clear()
    library.library_scene("bridge", "zh-Hant-TW", None, None)
    assert len(list(cache.glob("scene-*.pickle"))) == 6


def test_a_damaged_kept_scene_is_posed_again(cache: Path) -> None:
    made = library.library_scene("dead_bug", "zh-Hant-TW", None, None)
    (entry,) = cache.glob("scene-*.pickle")
    entry.write_bytes(entry.read_bytes()[:-10])
    library.library_scene.cache_clear()
    assert library.library_scene("dead_bug", "zh-Hant-TW", None, None) == made


def test_a_kept_body_map_is_the_map_drawn_anew(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.compose import leaflet
    from builder.figures.bodymap import MapRequest, map_scene

    request = MapRequest("back", "left", (("buttock",), ("back_thigh",)), ())
    other = MapRequest("back", "right", (("buttock",), ("back_thigh",)), ())
    leaflet._map_scene.cache_clear()
    made = leaflet._map_scene(request, "zh-Hant-TW", ("① 屁股",), True)
    assert made == map_scene(request, "zh-Hant-TW", ["① 屁股"], crop=True)
    leaflet._map_scene.cache_clear()  # as a new process
    drawn: list[MapRequest] = []
    monkeypatch.setattr(leaflet, "map_scene", lambda request, *a, **k: drawn.append(request))
    assert leaflet._map_scene(request, "zh-Hant-TW", ("① 屁股",), True) == made
    assert not drawn
    for args in [(other, "zh-Hant-TW", ("① 屁股",), True), (request, "zh-Hans-CN", ("① 屁股",), True)]:
        leaflet._map_scene(*args)
    assert drawn == [other, request]  # another request, another language: drawn, not taken
    leaflet._map_scene.cache_clear()


def test_an_entry_of_another_kind_is_never_taken(cache: Path) -> None:
    from builder.typeset.cache import kept_object

    assert kept_object("probe", ("a",), lambda: [1, 2], list) == [1, 2]
    assert kept_object("probe", ("a",), lambda: [3], list) == [1, 2]  # kept
    assert kept_object("probe", ("b",), lambda: [3], list) == [3]  # other parts
    assert kept_object("probe", ("a",), lambda: "made", str) == "made"  # a list is not a str


def test_a_value_that_does_not_pickle_is_made_and_not_kept(cache: Path) -> None:
    from builder.typeset.cache import kept_object

    made = kept_object("unpicklable", ("a",), lambda: lambda: None, type(lambda: None))
    assert callable(made)
    assert not list(cache.glob("unpicklable-*"))
