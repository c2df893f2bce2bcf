"""The leaflet fit's decision remembered in the cache folder (issue 12's warm-build budget), and
the cache entries that check themselves (typeset.cache keep/recall), pyphen's patterns among them.

A remembered decision must give the very leaflet the search gives, change with anything the
layout depends on, and be harmless when damaged, wrong, written by two processes at once, or
impossible to write.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HANDOUTS, REPO
from PIL import Image

import builder.leaflet_fit as leaflet_fit
from builder.build import LEAFLET_PAGES, build_spec, check_spec
from builder.compose.leaflet import Fit
from builder.leaflet_fit import Fitted, decision_key, fit_leaflet
from builder.render.pdf.theme import theme_for
from builder.spec.loader import LoadedSpec
from builder.typeset import FontSet, cache, cutpoints

SPEC = HANDOUTS / "superior-cluneal-nerve.yaml"  # leaves pictures out: the search takes 9 layouts


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[Fitted]:
    """Each search the fit runs (a cache hit runs none)."""
    made: list[Fitted] = []
    search = leaflet_fit.search_fit

    def counted(*args: object) -> Fitted:
        made.append(search(*args))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(leaflet_fit, "search_fit", counted)
    return made


def _fit_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("fit-*.marshal"))


def _build(spec: Path, out: Path) -> tuple[bytes, list[str]]:
    built = build_spec(spec, out, ["leaflet"])[0]
    return built.path.read_bytes(), built.notes


def _loaded(spec: Path) -> tuple[LoadedSpec, FontSet]:
    loaded, fonts, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec)
    return loaded, fonts


def test_a_remembered_decision_gives_the_same_leaflet_and_notes(
    cache_folder: Path, searches: list[Fitted], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched = _build(SPEC, tmp_path / "a")
    assert len(searches) == 1 and len(_fit_entries(cache_folder)) == 1
    passes: list[object] = []
    extent = leaflet_fit.leaflet_extent
    monkeypatch.setattr(leaflet_fit, "leaflet_extent", lambda *a: passes.append(a) or extent(*a))
    remembered = _build(SPEC, tmp_path / "b")
    assert len(searches) == 1 and not passes  # no layout pass: the render checks the pages
    assert remembered == searched
    assert any("left out" in note for note in remembered[1])


def _picture_spec(folder: Path, text: str = "腰會痛", colour: tuple[int, int, int] = (200, 50, 50)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), colour).save(folder / "move.png")
    spec = folder / "moves.yaml"
    spec.write_text(
        f"title: 測試\nlanguage: zh-Hant-TW\nng_moves:\n  - move: 彎腰搬重物\n    why: {text}\n"
        "    picture: move.png\n",
        encoding="utf-8",
    )
    return spec


def _key(spec: Path) -> str:
    loaded, fonts = _loaded(spec)
    return decision_key(loaded, fonts, theme_for(), LEAFLET_PAGES)


def test_the_key_changes_with_the_spec_its_pictures_the_page_and_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _key(_picture_spec(tmp_path / "a"))
    assert _key(_picture_spec(tmp_path / "b")) == first  # same content elsewhere: same decision
    assert _key(_picture_spec(tmp_path / "c", text="腰很痛")) != first
    assert _key(_picture_spec(tmp_path / "d", colour=(10, 50, 50))) != first  # the picture's bytes
    loaded, fonts = _loaded(tmp_path / "a" / "moves.yaml")
    assert decision_key(loaded, fonts, theme_for(large_print=True), LEAFLET_PAGES) != first
    assert decision_key(loaded, fonts, theme_for(), 1) != first
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert _key(tmp_path / "a" / "moves.yaml") != first


def test_the_code_version_is_the_content_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "builder"
    (package / "figures").mkdir(parents=True)
    (package / "build.py").write_text("A = 1\n", encoding="utf-8")
    (package / "figures" / "library.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    version = cache.code_version.__wrapped__
    before = version()
    (package / "notes.txt").write_text("not code", encoding="utf-8")
    assert version() == before
    (package / "figures" / "library.json").write_text('{"a": 1}', encoding="utf-8")
    assert version() != before
    assert len(cache.code_version()) == 64 and cache.code_version() == cache.code_version()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong format", "empty"])
def test_a_damaged_entry_is_ignored_and_made_again(
    damage: str, cache_folder: Path, searches: list[Fitted], tmp_path: Path
) -> None:
    searched = _build(SPEC, tmp_path / "a")
    (entry,) = _fit_entries(cache_folder)
    whole = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(whole[: len(whole) // 2])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(whole)))
    elif damage == "wrong format":  # whole, but not a decision: e.g. written by another version
        cache.keep(entry.name, marshal.dumps(("fit", 99, {"pictures": "huge"})))
    else:
        entry.write_bytes(b"")
    assert _build(SPEC, tmp_path / "b") == searched
    assert len(searches) == 2  # searched again
    assert entry.read_bytes() == whole  # and remembered again, whole


def test_a_wrong_remembered_decision_is_caught_by_its_page_count(
    cache_folder: Path, searches: list[Fitted], tmp_path: Path
) -> None:
    """An entry claiming that everything at full size fits on one sheet (it takes more): the
    one layout with it does not give the pages remembered, so the search runs."""
    searched = _build(SPEC, tmp_path / "a")
    (entry,) = _fit_entries(cache_folder)
    cache.keep(entry.name, marshal.dumps((leaflet_fit._FORMAT, "full", False, [], [], LEAFLET_PAGES)))
    assert _build(SPEC, tmp_path / "b") == searched
    assert len(searches) == 2


def test_a_cache_folder_that_cannot_be_written_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, searches: list[Fitted]
) -> None:
    """(A read-only folder does not stop root, who runs CI here: a folder under a file does.)"""
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "elsewhere"))
    expected = _build(SPEC, tmp_path / "a")
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(blocked / "cache"))
    assert _build(SPEC, tmp_path / "b") == expected
    assert _build(SPEC, tmp_path / "c") == expected
    assert len(searches) == 3  # nothing remembered, every build searched


def test_two_processes_filling_the_cache_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(folder)}
    command = [sys.executable, "-m", "builder", "build", str(SPEC), "-f", "leaflet", "-o"]
    procs = [
        subprocess.Popen([*command, str(tmp_path / name)], env=env, cwd=REPO, stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    for proc in procs:
        _, error = proc.communicate(timeout=300)
        assert proc.returncode == 0, error.decode()
    pdfs = [(tmp_path / name / f"{SPEC.stem}.leaflet.pdf").read_bytes() for name in ("a", "b")]
    assert pdfs[0] == pdfs[1]
    assert not [p for p in folder.iterdir() if p.suffix == ".tmp"]
    (entry,) = _fit_entries(folder)
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(folder))
    assert leaflet_fit._recall(entry.name) is not None
    again = subprocess.run([*command, str(tmp_path / "c")], env=env, cwd=REPO, capture_output=True)
    assert again.returncode == 0
    assert (tmp_path / "c" / f"{SPEC.stem}.leaflet.pdf").read_bytes() == pdfs[0]


def test_recall_gives_back_only_whole_entries(cache_folder: Path) -> None:
    cache.keep("entry.bin", b"some bytes")
    assert cache.recall("entry.bin") == b"some bytes"
    kept = (cache_folder / "entry.bin").read_bytes()
    for damaged in (kept[:-1], kept[:10], b"", kept[:-1] + b"X"):
        (cache_folder / "entry.bin").write_bytes(damaged)
        assert cache.recall("entry.bin") is None
    assert cache.recall("missing.bin") is None


def test_remembered_fits_are_the_searched_ones(cache_folder: Path) -> None:
    loaded, fonts = _loaded(SPEC)
    theme = theme_for()
    searched = leaflet_fit.search_fit(loaded, fonts, theme, LEAFLET_PAGES)
    first = fit_leaflet(loaded, fonts, theme, LEAFLET_PAGES)
    again = fit_leaflet(loaded, fonts, theme, LEAFLET_PAGES)
    assert first.fit == again.fit == searched.fit != Fit()
    assert first.pages == again.pages == searched.pages
    assert first.notes == again.notes == searched.notes
    assert first.document == again.document == searched.document


WORDS = ("raphaelclinic", "medical", "academy", "sciatica", "hyphenation", "capsulitis", "representation")


@pytest.mark.parametrize("damaged", [False, True])
def test_kept_hyphenation_patterns_cut_words_as_pyphen_does(cache_folder: Path, damaged: bool) -> None:
    import pyphen

    own = pyphen.Pyphen(lang="en_US", cache=False)
    cutpoints._hyphenator.cache_clear()
    try:
        made = cutpoints._hyphenator()  # parsed, and kept
        (entry,) = cache_folder.glob("pyphen-*.marshal")
        if damaged:
            entry.write_bytes(entry.read_bytes()[:-100])
        cutpoints._hyphenator.cache_clear()
        restored = cutpoints._hyphenator()  # from the cache folder (or parsed again if damaged)
        for word in WORDS:
            assert list(restored.positions(word)) == list(own.positions(word)) == list(made.positions(word))  # type: ignore[attr-defined]
        assert cache.recall(entry.name) is not None  # damaged: made again
    finally:
        cutpoints._hyphenator.cache_clear()


def test_the_collector_is_paused_only_while_the_search_runs(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[bool] = []
    search = leaflet_fit.search_fit

    def watched(*args: object) -> Fitted:
        seen.append(gc.isenabled())
        return search(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(leaflet_fit, "search_fit", watched)
    loaded, fonts = _loaded(SPEC)
    assert gc.isenabled()
    fit_leaflet(loaded, fonts, theme_for(), LEAFLET_PAGES)
    assert seen == [False] and gc.isenabled()

    def failing(*args: object) -> Fitted:
        raise RuntimeError("boom")

    monkeypatch.setattr(leaflet_fit, "search_fit", failing)
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(cache_folder / "other"))
    with pytest.raises(RuntimeError):
        fit_leaflet(loaded, fonts, theme_for(), LEAFLET_PAGES)
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        monkeypatch.setattr(leaflet_fit, "search_fit", watched)
        fit_leaflet(loaded, fonts, theme_for(), LEAFLET_PAGES)
        assert not gc.isenabled()
    finally:
        gc.enable()
