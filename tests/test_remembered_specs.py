"""Validated specs remembered in the cache folder (builder.spec.remembered): the same spec and
the same messages as validating afresh, a bad or changed file validated again, and the texts a
reader sees read without pydantic's serializer (loader.plain)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, HANDOUTS, REPO

from builder.errors import SpecError
from builder.spec import loader
from builder.spec.loader import _CLINIC_NOT_PRINTED, _NOT_PRINTED, load_any, plain
from builder.spec.yamlsource import read_yaml

CONDITIONS = [
    p
    for p in [*sorted(HANDOUTS.glob("*.yaml")), *sorted(DATA.glob("*.yaml"))]
    if not (isinstance(read_yaml(p).data, dict) and "parts" in read_yaml(p).data)
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "_CONDITIONS", {})  # nothing kept from earlier tests in this process
    monkeypatch.setattr(loader, "_CLINICS", {})
    return tmp_path / "cache"


@pytest.mark.parametrize("path", CONDITIONS, ids=lambda p: p.name)
def test_plain_data_is_what_model_dump_gives(path: Path) -> None:
    loaded = load_any(path)
    assert isinstance(loaded, loader.LoadedSpec)
    assert plain(loaded.spec, _NOT_PRINTED) == loaded.spec.model_dump(exclude=_NOT_PRINTED)
    assert plain(loaded.spec) == loaded.spec.model_dump()
    if loaded.clinic is not None:
        dumped = loaded.clinic.model_dump(exclude=_CLINIC_NOT_PRINTED)
        assert plain(loaded.clinic, _CLINIC_NOT_PRINTED) == dumped


def test_a_recalled_spec_is_the_one_validated(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = HANDOUTS / "superior-cluneal-nerve.yaml"
    first = load_any(spec)
    assert len(list(cache.glob("validated-*.pickle"))) == 2  # the spec and its clinic profile
    monkeypatch.setattr(loader, "_CONDITIONS", {})
    monkeypatch.setattr(loader, "_CLINICS", {})
    monkeypatch.setattr(loader, "validate", _refuse)  # a recalled spec is not validated again
    again = load_any(spec)
    assert isinstance(first, loader.LoadedSpec) and isinstance(again, loader.LoadedSpec)
    assert again.spec == first.spec and again.clinic == first.clinic
    assert again.source == first.source and again.sources == first.sources
    assert list(again.texts()) == list(first.texts())


def test_a_changed_or_bad_file_is_validated_again(cache: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("title: 測試\nlanguage: zh-Hant-TW\n", encoding="utf-8")
    load_any(spec)
    spec.write_text("title: 測試\nlanguage: zh-Hant-TW\nsumary: x\n", encoding="utf-8")
    for _ in range(2):  # a bad file is never remembered: the second load reports it too
        loader._CONDITIONS.clear()
        with pytest.raises(SpecError, match="3:1: sumary: unknown field 'sumary'"):
            load_any(spec)
    assert len(list(cache.glob("validated-*.pickle"))) == 1


def test_a_damaged_entry_is_validated_again(cache: Path) -> None:
    spec = HANDOUTS / "sciatica.yaml"
    first = load_any(spec)
    for entry in cache.glob("validated-*.pickle"):
        entry.write_bytes(entry.read_bytes()[:-10])  # cut short
    loader._CONDITIONS.clear()
    loader._CLINICS.clear()
    again = load_any(spec)
    assert isinstance(first, loader.LoadedSpec) and isinstance(again, loader.LoadedSpec)
    assert again.spec == first.spec


def test_a_cold_leaflet_build_with_a_remembered_spec_builds_no_validator(tmp_path: Path) -> None:
    """Regression guard (not timed): the spec models' schema is not built in a process that
    recalls the spec (pydantic builds it on the first validate or dump)."""
    probe = (
        "import runpy, sys\n"
        "from builder.spec.model import ConditionSpec\n"
        "sys.argv = ['leafdeck', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('builder', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(ConditionSpec.__pydantic_complete__)\n"
    )
    args = ["build", str(HANDOUTS / "superior-cluneal-nerve.yaml"), "-f", "leaflet", "-o", str(tmp_path)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "LEAFDECK_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", probe, *args]
    runs = [
        subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    runs = [out.split()[-1] for out in runs]
    assert runs == ["True", "False"]  # validated the first time, recalled the second


def _refuse(*args: object) -> None:
    raise AssertionError("validated again")
