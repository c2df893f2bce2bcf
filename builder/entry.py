"""`leafdeck` and `python -m builder`: start the command, and read a plain build line without typer.

Why: before it calls the build, typer spends 0.16 s CPU of a cold one-leaflet build (its import,
click's parsing, a pydantic TypeAdapter made for each of the command's fourteen parameters); this
reader gets there in 0.05 s, Python's own start-up included. The whole build gains less, 0.02 to
0.03 s CPU (alternated runs, medians), as the spec models import pydantic anyway.

So `read_build_line` reads the common case, `build` with its options in their usual spellings,
from the table of options typer declares too (builder.build_command.BUILD_OPTIONS), and anything
else — no arguments, --help, other commands, an unknown option, a value typer would refuse,
anything unusual — goes to typer (builder.cli) as before, so usage mistakes keep typer's words
and exit 2. When in doubt, the reader says None and typer decides.
"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

from builder import build_command
from builder.build_command import BUILD_OPTIONS, BuildOption, CommandExit, UsageProblem, err


def main() -> None:
    """Console entry point; usage errors exit 2, bad input 1, Ctrl+C 130."""
    import signal

    from builder.collector import pause_collector

    pause_collector()  # until the first spec is built: see builder.collector

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends a build like Ctrl+C: no temporary files left
    # Pydantic looks for plugins (validation hooks) in every installed package's metadata before
    # building the spec models; a one-shot command has none to run. A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        if not _built_without_typer(sys.argv[1:]):
            from builder.cli import app

            app()
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            raise
        _output_failed(exc)


def _built_without_typer(argv: list[str]) -> bool:
    """Run a plain build line here and say True; False leaves the whole line to typer.

    What typer does around its commands is done here too: a Ctrl+C inside the command ends it
    with 130 and no further word, a closed pipe with 1."""
    arguments = read_build_line(argv)
    if arguments is None:
        return False
    try:
        build_command.build(**arguments)
    except UsageProblem:  # raised before anything was done: typer says it, in its words
        return False
    except CommandExit as end:
        sys.exit(end.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _silence_stdout()
        sys.exit(1)
    return True


def read_build_line(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments typer would pass to builder.build_command.build for this command
    line, or None when this reader is not sure typer would accept it so (typer then reads it).

    Read as click reads: options and paths in any order, the last of a repeated option wins,
    `--name=value`, a short option's value attached (`-j2`), `--` ends the options."""
    if not argv or argv[0] != "build" or os.name == "nt":  # on Windows click expands ~, $X and * itself
        return None
    values: dict[str, Any] = {option.key: option.default for option in BUILD_OPTIONS}
    paths: list[str] = []
    rest = argv[1:]
    while rest:
        arg = rest.pop(0)
        if not _plain(arg):
            return None
        if arg == "--":
            if not all(_plain(path) for path in rest):
                return None
            paths += rest
            break
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        if arg.startswith("--"):
            name, equals, attached = arg.partition("=")
            given: str | None = attached if equals else None
        else:
            name, given = arg[:2], arg[2:] or None
        found = _NAMES.get(name)
        if found is None:
            return None
        option, on = found
        if option.kind is bool:
            if given is not None:
                return None
            values[option.key] = on
            continue
        if given is None:
            if not rest:
                return None
            given = rest.pop(0)
        value = _value(option, given)
        if value is None:
            return None
        values[option.key] = value
    return {"paths": [Path(path) for path in paths] or None, **values}


def _names() -> dict[str, tuple[BuildOption, bool]]:
    """Each spelling of each option: the option, and for a flag the value it sets."""
    names = {}
    for option in BUILD_OPTIONS:
        for declared in option.names:
            on, _, off = declared.partition("/")
            names[on] = (option, True)
            if off:
                names[off] = (option, False)
    return names


_NAMES = _names()


def _plain(arg: str) -> bool:
    """An argument read the same by any reader: not empty, not stdin's `-`, and valid text."""
    if arg in ("", "-"):
        return False
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system's encoding could not decode
        return False
    return True


def _value(option: BuildOption, text: str) -> Any:
    """An option's value as typer makes it, or None when typer might read it otherwise or refuse
    it: a value that looks like an option, a number written unusually or out of its limits."""
    if not _plain(text) or text.startswith("-"):
        return None
    if option.kind is str:
        return text
    if option.kind is Path:
        return Path(text)
    if option.kind is int and _digits(text) and not text.startswith("0") and len(text) < 7:
        number: float = int(text)
    elif option.kind is float and _decimal(text):
        number = float(text)
    else:
        return None
    if (option.min is not None and number < option.min) or (option.max is not None and number > option.max):
        return None
    return number


def _decimal(text: str) -> bool:
    """Digits with at most one decimal point between digits: 3, 0.5, 10.0."""
    whole, point, part = text.partition(".")
    return _digits(whole) and (not point or _digits(part))


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


# Writing to the terminal, a pipe or a file failed: full disk, closed pipe, lost terminal.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT}


def _output_failed(exc: OSError) -> None:
    """One line on stderr instead of a traceback; stdout is pointed at nothing so that Python's
    own flush at exit does not fail a second time."""
    _silence_stdout()
    with suppress(OSError):
        err(f"error: cannot write the command's output ({exc.strerror or exc})")
    sys.exit(1)


def _silence_stdout() -> None:
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
