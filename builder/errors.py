"""Errors a clinic user sees: each names where the problem is and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a YAML file. Lines and columns count from 1, as editors show them."""

    file: Path
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        place = str(_shown(self.file))
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place


def _shown(path: Path) -> Path:
    """A path as the user would type it: relative to the current folder when it is inside it."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path
    return path


class LeafdeckError(Exception):
    """Any problem the user can fix; printed as one line, never as a traceback."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        field = f" {self.location.field}:" if self.location.field else ""
        return f"{self.location}:{field} {self.message}"


class SpecError(LeafdeckError):
    """The spec (or a file it names) is wrong."""


class BuildError(LeafdeckError):
    """The spec is fine but the output could not be made (e.g. folder not writable)."""


class SpecErrors(LeafdeckError):
    """Several problems found in one file, reported together."""

    def __init__(self, errors: list[SpecError]) -> None:
        super().__init__("; ".join(str(e) for e in errors), errors[0].location if errors else None)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def raise_all(errors: list[SpecError]) -> None:
    """Raise the one problem found, or all of them together; do nothing if there are none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise SpecErrors(errors)
