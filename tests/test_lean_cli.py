"""The lean lane (builder.entry): a plain `leafdeck build` line is read without typer, into exactly
what typer would have passed to builder.build_command.build; anything else is left to typer.
Not timed: speed is measured in benchmarks/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import DATA, HANDOUTS, REPO

from builder import build_command
from builder.build_command import BUILD_OPTIONS, CommandExit
from builder.cli import app
from builder.entry import _built_without_typer, read_build_line

# Each line as a user types it after `leafdeck`; the lean reader must read every one as typer does.
READ_ALIKE = [
    ["build"],
    ["build", "handouts/sciatica.yaml"],
    ["build", "a.yaml", "b.yaml", "-f", "leaflet"],
    ["build", "a.yaml", "--format", "leaflet,deck"],
    ["build", "--format=all", "a.yaml"],
    ["build", "-fexercise", "a.yaml"],
    ["build", "-f", "leaflet", "--format", "deck", "a.yaml"],  # the last one wins
    ["build", "-o", "out dir", "a.yaml"],
    ["build", "--out", "/tmp/x y/z", "a.yaml"],
    ["build", "--out=out2", "a.yaml"],
    ["build", "-o=odd", "a.yaml"],  # click reads a short option's attached value whole: "=odd"
    ["build", "-o", "a", "-o", "b", "a.yaml"],
    ["build", "a.yaml", "-j", "2"],
    ["build", "a.yaml", "--jobs", "3", "--jobs=4"],
    ["build", "-j2", "a.yaml"],
    ["build", "--paper", "a5", "a.yaml"],
    ["build", "--paper=letter", "a.yaml"],
    ["build", "--paper", "A3", "a.yaml"],  # checked later, by build, the same for both
    ["build", "--large-print", "--final", "--handout", "--embed-fonts", "a.yaml"],
    ["build", "--bleed", "3", "a.yaml"],
    ["build", "--bleed=2.5", "a.yaml"],
    ["build", "--bleed", "10", "--bleed", "0", "a.yaml"],
    ["build", "--bleed", "0.1", "a.yaml"],
    ["build", "--bleed", "10.0", "a.yaml"],
    ["build", "--bleed", "00.50", "-out", "a.yaml"],  # -out: click reads -o with "ut"
    ["build", "--only", "1,2", "--dose", "sets=3, reps=12", "a.yaml"],
    ["build", "--only", "橋式,貓牛式", "--name=王小明", "a.yaml"],
    ["build", "--name", "a=b", "--format=leaflet=x", "a.yaml"],
    ["build", "--debug", "a.yaml"],
    ["build", "--debug", "--no-debug", "a.yaml"],
    ["build", "--no-debug", "--debug", "a.yaml"],
    ["build", "a.yaml", "-f", "deck", "b.yaml", "-o", "o", "c.yaml"],  # options among the paths
    ["build", "--", "-weird.yaml", "with space.yaml"],
    ["build", "-f", "deck", "--", "--final", "-o"],  # after --, all are paths
    ["build", "--", "--help", "--"],
    ["build", "handouts/坐骨神經痛.yaml", "-o", "輸出 資料夾", "病人/"],
    ["build", "../specs/knee.yml", "./a.yaml", "~/b.yaml"],
]

# Lines the lean reader leaves to typer: other commands, help, mistakes, values typer refuses
# or might read otherwise.
LEFT_TO_TYPER = [
    [],
    ["--help"],
    ["Build", "a.yaml"],
    ["validate", "a.yaml"],
    ["preview", "a.yaml"],
    ["build", "--help"],
    ["build", "a.yaml", "--help"],
    ["build", "-h"],
    ["build", "--bogus"],
    ["build", "-x", "a.yaml"],
    ["build", "--form", "leaflet"],  # click does not complete an abbreviation
    ["build", "--no-final"],
    ["build", "--final=yes"],
    ["build", "-j", "0"],
    ["build", "-j", "-1"],
    ["build", "-j", "01"],
    ["build", "-j", "two"],
    ["build", "-j", "2.0"],
    ["build", "-j", "２"],
    ["build", "-j", "9999999"],
    ["build", "--bleed", "11"],
    ["build", "--bleed", "10.5"],
    ["build", "--bleed", "-1"],
    ["build", "--bleed", "1e1"],
    ["build", "--bleed", ".5"],
    ["build", "--bleed", "nan"],
    ["build", "-o"],
    ["build", "a.yaml", "-f"],
    ["build", "--format=", "a.yaml"],
    ["build", "-o", "-x", "a.yaml"],
    ["build", "-o", "--", "a.yaml"],
    ["build", "-"],
    ["build", ""],
    ["build", "--", "-"],
    ["build", "a\udcff.yaml"],  # a file name the file system's encoding could not decode
]


def _typer_keywords(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> dict[str, Any]:
    """What typer's build command passes to the shared function for this command line."""
    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(build_command, "build", lambda **keywords: seen.append(keywords))
    app(argv, standalone_mode=False)
    assert len(seen) == 1
    return seen[0]


def _typed(keywords: dict[str, Any] | None) -> dict[str, tuple[type, Any]] | None:
    """Values with their types: 3 and 3.0 are equal, but typer makes a float of --bleed."""
    if keywords is None:
        return None
    return {key: (type(value), value) for key, value in keywords.items()}


@pytest.mark.parametrize("argv", READ_ALIKE, ids=" ".join)
def test_the_lean_reader_reads_a_build_line_as_typer_does(
    monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    assert _typed(read_build_line(argv)) == _typed(_typer_keywords(monkeypatch, argv))


@pytest.mark.parametrize("argv", LEFT_TO_TYPER, ids=repr)
def test_the_lean_reader_leaves_anything_else_to_typer(argv: list[str]) -> None:
    assert read_build_line(argv) is None


def test_the_lean_reader_knows_every_option_typer_declares(monkeypatch: pytest.MonkeyPatch) -> None:
    """One table (BUILD_OPTIONS) for both: every spelling typer accepts is read alike, and no other."""
    command = typer.main.get_command(app).commands["build"]  # type: ignore[attr-defined]
    declared = {name: param.name for param in command.params for name in (*param.opts, *param.secondary_opts)}
    assert declared.pop("paths") == "paths"
    tabled = {
        spelling: option
        for option in BUILD_OPTIONS
        for names in option.names
        for spelling in names.split("/")
    }
    assert declared == {spelling: option.key for spelling, option in tabled.items()}
    sample = {str: "x", Path: "x", int: "2", float: "1"}
    for spelling, option in tabled.items():
        argv = ["build", spelling, *([] if option.kind is bool else [sample[option.kind]])]
        assert _typed(read_build_line(argv)) == _typed(_typer_keywords(monkeypatch, argv)), argv


# --- both lanes, in this process: the same endings ------------------------------------------------

_TYPER_LANE = ["-j", "01"]  # accepted by typer as --jobs 1, left to typer by the lean reader


def _ending(monkeypatch: pytest.MonkeyPatch, argv: list[str], happening: BaseException) -> int:
    def build(**keywords: object) -> None:
        build_command.err("said before the end")
        raise happening

    monkeypatch.setattr(build_command, "build", build)
    with pytest.raises(SystemExit) as end:
        if not _built_without_typer(argv):
            app(argv)
    return int(end.value.code or 0)


@pytest.mark.parametrize(
    ("happening", "code"), [(CommandExit(1), 1), (CommandExit(2), 2), (KeyboardInterrupt(), 130)]
)
def test_an_ending_inside_build_is_the_same_in_both_lanes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], happening: BaseException, code: int
) -> None:
    argv = ["build", "a.yaml"]
    assert read_build_line(argv + _TYPER_LANE) is None
    assert _ending(monkeypatch, argv, happening) == code
    lean = capsys.readouterr()
    assert _ending(monkeypatch, argv + _TYPER_LANE, happening) == code
    assert capsys.readouterr() == lean == ("", "said before the end\n")


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
@pytest.mark.parametrize("err", [False, True])
def test_build_says_its_lines_as_typer_echo_does(encoding: str, err: bool) -> None:
    """Byte for byte, on a UTF-8 stream and on one set to ASCII (which typer writes UTF-8 to, what
    it cannot encode replaced)."""
    line = "built 輸出/坐骨.pdf \\x1b[31mred\\x1b[0m" + (" \\udcff" if encoding == "ascii" else "")
    ours = f"from builder.build_command import echo, err; {'err' if err else 'echo'}('{line}')"
    typers = f"import typer; typer.echo('{line}', err={err})"
    said = []
    for code in (ours, typers):
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": encoding}
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
        said.append((proc.stdout, proc.stderr))
    assert said[0] == said[1]
    assert b"\xe5\x9d\x90" in said[0][err]  # 坐, in UTF-8


# --- whole commands, as a user runs them ------------------------------------------------------------


def _run(*args: str | Path, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        *(["-X", "importtime"] if importtime else []),
        "-m",
        "builder",
        *map(str, args),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def _imported(stderr: str) -> set[str]:
    return set(re.findall(r"^import time:.*\| +(\S+)$", stderr, re.MULTILINE))


def _said(stderr: str) -> str:
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("import time:"))


def test_a_plain_build_does_without_typer_and_makes_the_same_pdf(tmp_path: Path) -> None:
    spec = HANDOUTS / "sciatica.yaml"
    lean = _run("build", spec, "-f", "leaflet", "-o", tmp_path / "lean", importtime=True)
    assert lean.returncode == 0, lean.stderr
    modules = _imported(lean.stderr)
    assert "builder.spec.model" in modules  # the probe saw the build
    # typer (with the click it carries), and what only typer's parameter handling loads: a pydantic
    # TypeAdapter for each parameter (the spec models are BaseModels and need none)
    left_out = ("typer", "click", "pydantic.type_adapter", "builder.cli")
    assert sorted(m for m in modules if m.split(".")[0] in left_out or m in left_out) == []
    typed = _run("build", spec, "-f", "leaflet", "-o", tmp_path / "typer", *_TYPER_LANE, importtime=True)
    assert typed.returncode == 0, typed.stderr
    assert "typer" in _imported(typed.stderr)  # it did go through typer
    pdf = "sciatica.leaflet.pdf"
    assert (tmp_path / "lean" / pdf).read_bytes() == (tmp_path / "typer" / pdf).read_bytes()
    assert lean.stdout.replace("/lean/", "/typer/") == typed.stdout
    assert _said(lean.stderr) == _said(typed.stderr)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("build", "missing.yaml"), 1, "file not found"),
        (("build", DATA / "bad" / "bad-indent.yaml"), 1, "the YAML is not well-formed"),
        (("build", HANDOUTS / "sciatica.yaml", "-f", "brochure"), 2, "Invalid value for '--format'"),
        (("build", HANDOUTS / "sciatica.yaml", "--paper", "b5"), 2, "Invalid value for '--paper'"),
        (("build", HANDOUTS / "sciatica.yaml", "--handout", "-f", "leaflet"), 2, "add -f deck"),
        (("build", "{tmp}/a/knee.yaml", "{tmp}/b/knee.yaml"), 2, "would both be written as"),
    ],
    ids=["missing", "yaml", "format", "paper", "handout", "clash"],
)
def test_a_mistake_is_told_the_same_in_both_lanes(
    tmp_path: Path, args: tuple[str | Path, ...], code: int, words: str
) -> None:
    """A usage mistake found by build is handed to typer whole, which says it in its words."""
    for folder in ("a", "b"):  # two specs that would write the same files
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "knee.yaml").write_text("title: 膝\n", encoding="utf-8")
    args = tuple(str(arg).format(tmp=tmp_path) for arg in args)
    out = ("-o", tmp_path / "out")
    lean = _run(*args, *out)
    typed = _run(*args, *out, *_TYPER_LANE)
    assert (lean.returncode, lean.stdout, lean.stderr) == (typed.returncode, typed.stdout, typed.stderr)
    assert lean.returncode == code, lean.stderr
    assert words in lean.stdout + lean.stderr
    assert "Traceback" not in lean.stderr


def test_a_closed_pipe_ends_both_lanes_alike(tmp_path: Path) -> None:
    """`leafdeck build … | head -0`: exit 1 and nothing said, as typer does."""
    endings = []
    for lane in ([], _TYPER_LANE):
        reader, writer = os.pipe()
        os.close(reader)  # nobody reads: the first line written fails with EPIPE
        command = [sys.executable, "-m", "builder", "build", HANDOUTS / "sciatica.yaml", "-o", tmp_path]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        proc = subprocess.run([*command, *lane], cwd=REPO, env=env, stdout=writer, stderr=subprocess.PIPE)
        os.close(writer)
        endings.append((proc.returncode, proc.stderr))
    assert endings[0] == endings[1] == (1, b"")


def test_on_windows_typer_reads_every_build_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """click expands ~, $VAR and * in a Windows command line itself; the lean reader does not."""
    import builder.entry

    assert builder.entry.read_build_line(["build", "handouts/*.yaml"]) is not None
    monkeypatch.setattr(builder.entry.os, "name", "nt")
    assert builder.entry.read_build_line(["build", "handouts/*.yaml"]) is None
