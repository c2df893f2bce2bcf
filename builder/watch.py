"""Rebuild specs when they, or the files they use, change on disk.

Polling (ten times a second by default: a few stat calls, so a save shows in the PDF
within a fraction of a second) needs no extra package and works the same on
every filesystem and editor, including editors that save by writing a new file and
renaming it. A spec depends on itself, its clinic profile and logo, and — for a
talk — on every condition spec it draws on; changing a clinic profile rebuilds
every spec that names it. An invalid save is reported and the watch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from builder.batch import Outcome, build_one
from builder.build import clash_message, find_specs, name_clashes
from builder.errors import LeafdeckError
from builder.spec.loader import LoadedSpec, LoadedTalk, load_any
from builder.spec.yamlsource import read_yaml

Stamp = tuple[int, int] | None  # (mtime in ns, size), or None when the file is missing


def dependencies(spec: Path) -> set[Path]:
    """Every file a spec's outputs are made from (just the spec while it does not load)."""
    files = {spec.resolve()}
    try:
        loaded = load_any(spec)
    except LeafdeckError:  # still watch what it names: a save that fixes the clinic rebuilds it
        return files | _named(spec, depth=2)
    specs = loaded.distinct_conditions() if isinstance(loaded, LoadedTalk) else []
    for item in (loaded, *specs):
        files |= _own_files(item)
    return files


def _named(path: Path, depth: int) -> set[Path]:
    """Files a spec, talk or clinic profile names (clinic, logo, a talk's conditions), read
    leniently from a file that does not load; missing ones too, so creating them is seen."""
    try:
        data = read_yaml(path).data
    except LeafdeckError:
        return set()
    if not isinstance(data, dict):
        return set()
    parts = data.get("parts")
    names = [data.get("clinic"), data.get("logo")]
    names += (
        [part.get("condition") for part in parts if isinstance(part, dict)] if isinstance(parts, list) else []
    )
    files: set[Path] = set()
    for name in names:
        if not isinstance(name, str):
            continue
        try:
            named = (path.parent / name).resolve()
        except (OSError, RuntimeError, ValueError):  # a loop, a NUL: the build says what is wrong
            continue
        files.add(named)
        if depth > 1 and named.suffix in (".yaml", ".yml"):
            files |= _named(named, depth - 1)
    return files


def _own_files(loaded: LoadedSpec | LoadedTalk) -> set[Path]:
    files = {loaded.path.resolve()}
    if loaded.clinic_source is not None:
        folder = loaded.clinic_source.path.parent
        files.add(loaded.clinic_source.path.resolve())
        if loaded.clinic is not None and loaded.clinic.logo:
            files.add((folder / loaded.clinic.logo).resolve())
    return files


def _stamp(path: Path) -> Stamp:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class Watcher:
    """Keeps the outputs of the specs under `paths` up to date."""

    def __init__(
        self, paths: Iterable[Path], out: Path, formats: list[str] | None, report: Callable[[Outcome], None]
    ) -> None:
        self.paths = list(paths)
        self.out = out
        self.formats = formats
        self.report = report
        self.depends: dict[Path, set[Path]] = {}
        self.stamps: dict[Path, Stamp] = {}
        self.clashes: set[tuple[Path, Path]] = set()  # reported, and not built while they last

    def check(self) -> int:
        """Rebuild what changed since the last check (everything, the first time); returns how many.
        Two specs that would write the same outputs (one saved into a watched folder beside
        another of its name) are reported once and neither is built until one is renamed."""
        specs = self._without_clashes(find_specs(self.paths))
        changed = {path for path, stamp in self.stamps.items() if _stamp(path) != stamp}
        due = [spec for spec in specs if spec not in self.depends or self.depends[spec] & changed]
        for path in changed:
            self.stamps[path] = _stamp(path)
        for spec in due:
            outcome = build_one(spec, self.out, self.formats)
            self.depends[spec] = dependencies(spec)
            for path in self.depends[spec]:
                self.stamps.setdefault(path, _stamp(path))
            self.report(outcome)
        return len(due)

    def _without_clashes(self, specs: list[Path]) -> list[Path]:
        clashes = name_clashes(specs)
        for first, second in clashes:
            if (first, second) not in self.clashes:
                self.report(Outcome(second, errors=[clash_message(first, second, self.out)]))
            for spec in (first, second):  # built afresh once the clash is gone
                self.depends.pop(spec, None)
        self.clashes = set(clashes)
        clashing = {spec for pair in clashes for spec in pair}
        return [spec for spec in specs if spec not in clashing]

    def run(self, interval: float = 0.1, most: int | None = None) -> None:
        """Check forever (or until `most` rebuilds after the first build), sleeping between checks."""
        self.check()
        done = 0
        while most is None or done < most:
            time.sleep(interval)
            done += self.check()
