"""Bad input: exit 1, one located line, no traceback, no output file; usage mistakes exit 2."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DATA, HANDOUTS, REPO, run_cli

BAD = DATA / "bad"

# file, line, words the message must contain
CASES = [
    ("tab-indent.yaml", 4, "tab"),
    ("unknown-key.yaml", 3, "did you mean 'red_flags'"),
    ("wrong-type.yaml", 6, "self_check.rule.threshold: needs a whole number"),
    ("missing-clinic.yaml", 3, "file not found"),
    ("outside-font.yaml", 5, "U+1F600"),
    ("extension-b.yaml", 3, "U+2000B"),
    ("unclosed-quote.yaml", None, "quote"),
    ("duplicate-key.yaml", 3, "'title' appears twice"),
    ("empty.yaml", 1, "empty"),
    ("bad-language.yaml", 2, "zh-Hant-TW"),
    ("clinic-outside-folder.yaml", 3, "outside the spec's folder"),
    ("missing-title.yaml", 1, "'title' is required"),
    ("rule-unreachable.yaml", 5, "only 1 questions"),
    ("table-row-length.yaml", 4, "row 1 has 2 cells"),
    ("alias-bomb.yaml", None, "too many aliases"),
    ("talk-missing-condition.yaml", 4, "file not found"),
    ("talk-other-language.yaml", 7, "written in zh-Hans-CN but the talk is in zh-Hant-TW"),
    ("talk-both-kinds.yaml", 4, "either 'condition:'"),
    ("talk-unknown-section.yaml", 5, "did you mean 'red_flags'"),
    ("talk-outside.yaml", 4, "outside the spec's folder"),
    ("talk-empty-slide.yaml", 4, "a slide needs 'points:' or 'table:'"),
    ("misspelt-nested.yaml", 5, "did you mean 'rule'"),
    ("misspelt-top.yaml", 3, "did you mean 'main_message'"),
    ("text-for-list.yaml", 3, "symptoms: needs a list"),
    ("list-for-group.yaml", 3, "red_flags: needs a group of 'key: value' lines"),
    ("bool-for-text.yaml", 1, "title: needs text here, not true/false"),
    ("empty-title.yaml", 1, "title: must not be empty"),
    ("bad-date.yaml", 3, "review_date: needs a date written as YYYY-MM-DD, not '2026-13-45'"),
    ("zero-sets.yaml", 8, "dose.sets: must be at least 1"),
    ("bad-rating.yaml", 5, "must be one of 'recommended'"),
    ("five-columns.yaml", 5, "can have at most 4 items"),
    ("top-level-list.yaml", 1, "the file holds a list"),
    ("control-char.yaml", 1, "control character (U+0007)"),
    ("nul-byte.yaml", 3, "NUL byte"),
    ("not-utf8.yaml", 1, "not UTF-8"),
    ("missing-font.yaml", 4, "font.regular: file not found"),
    ("unclosed-bracket.yaml", 4, "not well-formed"),
    ("bad-indent.yaml", 6, "not well-formed"),
    ("unknown-picture.yaml", 6, "neither a library picture"),
    (
        "bad-pose-knee.yaml",
        10,
        "knee -20° is beyond what a body can do in the side view (allowed 0° to 150°)",
    ),
    ("bad-pose-prop.yaml", 9, "'trampoline' is not a prop"),
    ("talk-500-parts.yaml", 3, "parts: can have at most 60 items"),
    ("unknown-region.yaml", 9, "map.route[1]: unknown region 'outer_thigth'; did you mean 'outer_thigh'?"),
    (
        "region-not-in-view.yaml",
        6,
        "region 'inner_thigh' is not drawn in the side view; use the front or back",
    ),
    ("bad-map-view.yaml", 7, "map.view: must be one of 'front', 'back', 'side', 'hand' or 'foot', not 'top'"),
    ("map-steps-mismatch.yaml", 9, "the map's route has 2 steps but the route above has 3"),
    ("map-both-sides-one-view.yaml", 5, "symptoms_map.side: the hand view shows one side"),
]


# More cases say what they expect in their own last line, so a case is one new file:
#     # expect: LINE[:COLUMN] words the message must contain
#     # expect: parts/clinic-x.yaml:LINE[:COLUMN] words    (the error is in a file the spec names)
EXPECT = re.compile(rb"^# expect: (?:(\S+\.yaml):)?(\d+)(?::(\d+))? (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Expected:
    spec: Path
    file: Path  # where the error must point
    line: int
    column: int | None
    words: str


def _expectations() -> list[Expected]:
    found = []
    for spec in sorted(BAD.glob("*.yaml")):
        match = list(EXPECT.finditer(spec.read_bytes()))
        if match:
            where, line, column, words = match[-1].groups()
            file = BAD / where.decode() if where else spec
            found.append(Expected(spec, file, int(line), column and int(column), words.decode().strip()))
    return found


EXPECTED = _expectations()


@pytest.mark.parametrize("case", EXPECTED, ids=[case.spec.name for case in EXPECTED])
@pytest.mark.parametrize("command", ["build", "validate"])
def test_bad_file_says_what_it_expects(tmp_path: Path, case: Expected, command: str) -> None:
    out = tmp_path / "out"
    spec = case.spec.relative_to(REPO)
    result = run_cli(command, spec, *(["-o", out, "-f", "all"] if command == "build" else []))
    assert result.code == 1, result.stderr
    shown = case.file.relative_to(REPO)
    line = f"{case.line}:{case.column}" if case.column else case.line
    _assert_one_clean_error(result.stderr, shown, line, case.words)
    assert not out.exists() or not any(out.iterdir())


def test_every_case_is_checked_once() -> None:
    listed = {name for name, *_ in CASES} | {name for name, *_ in CLINIC_CASES}
    expected = {case.spec.name for case in EXPECTED}
    assert not listed & expected, "a case is both listed and marked '# expect:'"
    assert {p.name for p in BAD.glob("*.yaml")} == listed | expected


# errors found in the clinic profile a spec names: the message points into the profile
CLINIC_CASES = [
    ("bad-logo.yaml", "clinic-bad-logo.yaml", 2, "not an image that can be read"),
    ("bad-colour.yaml", "clinic-bad-colour.yaml", 3, "#RRGGBB"),
    ("missing-logo.yaml", "clinic-missing-logo.yaml", 2, "logo: file not found"),
    ("logo-outside.yaml", "clinic-logo-outside.yaml", 2, "outside the spec's folder"),
    ("logo-absolute.yaml", "clinic-logo-absolute.yaml", 2, "outside the spec's folder"),
    ("logo-symlink.yaml", "clinic-logo-symlink.yaml", 2, "outside the spec's folder"),
    ("logo-gif.yaml", "clinic-logo-gif.yaml", 2, "is a GIF image"),
    ("bad-url.yaml", "clinic-bad-url.yaml", 2, "needs a web address starting with https://"),
]


def _assert_one_clean_error(stderr: str, spec: Path, line: int | str | None, words: str) -> None:
    assert "Traceback" not in stderr
    errors = [row for row in stderr.splitlines() if row.strip()]
    assert len(errors) == 1, stderr
    message = errors[0]
    assert message.startswith("error: ")
    assert len(message) < 400, "a message is one readable line, not an echo of the input"
    prefix = f"{spec}:{line}:" if line else f"{spec}:"
    assert prefix in message, message
    assert words in message, message


@pytest.mark.parametrize(("name", "line", "words"), CASES)
def test_bad_spec_fails_cleanly(tmp_path: Path, name: str, line: int | None, words: str) -> None:
    spec = BAD / name
    out = tmp_path / "out"
    result = run_cli("build", spec.relative_to(BAD.parents[2]), "-o", out)
    assert result.code == 1
    _assert_one_clean_error(result.stderr, spec.relative_to(BAD.parents[2]), line, words)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(("name", "line", "words"), CASES)
def test_validate_reports_the_same(name: str, line: int | None, words: str) -> None:
    spec = (BAD / name).relative_to(BAD.parents[2])
    result = run_cli("validate", spec)
    assert result.code == 1
    _assert_one_clean_error(result.stderr, spec, line, words)


@pytest.mark.parametrize(("name", "profile", "line", "words"), CLINIC_CASES)
def test_bad_clinic_profile_fails_cleanly(
    tmp_path: Path, name: str, profile: str, line: int, words: str
) -> None:
    out = tmp_path / "out"
    result = run_cli("build", BAD / name, "-o", out, "-f", "all")
    assert result.code == 1
    _assert_one_clean_error(result.stderr, (BAD / "parts" / profile).relative_to(REPO), line, words)
    assert not out.exists() or not any(out.iterdir())


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size (its pixels are never read): enough to test a decompression bomb."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


# made at test time: too big to keep in the repository (and kept out of test ids, which
# pytest puts in the environment of the processes a test starts)
GENERATED = {
    "huge-text.yaml": (
        lambda: "title: 標題\nlanguage: zh-Hant-TW\nsubtitle: " + "痛" * 333_333 + "\n",
        3,
        "characters long",
    ),
    "many-items.yaml": (
        lambda: "title: 標題\nlanguage: zh-Hant-TW\nsymptoms:\n" + "  - 腰痛\n" * 2000,
        4,
        "this list has 2000 items",
    ),
    # a 54 KB spec whose one 9,999-character anchor is used 3,500 times (35 million characters)
    "alias-text-bomb.yaml": (
        lambda: (
            "title: 標題\nlanguage: zh-Hant-TW\nsubtitle: &a "
            + "痛" * 9999
            + "\n"
            + "".join(f"{section}:\n" + "  - *a\n" * 500 for section in _LISTS)
        ),
        3,
        "expands to more than 200,000 characters of text",
    ),
    "alias-uses.yaml": (
        lambda: (
            "title: 標題\nlanguage: zh-Hant-TW\nsubtitle: &short_alias 痛\n"
            + "".join(f"{section}:\n" + "  - *short_alias\n" * 400 for section in _LISTS[:3])
        ),
        3,
        "too many aliases: a spec may use aliases (*name) at most 1000 times",
    ),
    "too-much-text.yaml": (
        lambda: "title: 標題\nlanguage: zh-Hant-TW\nkey_points:\n" + ("  - " + "痛" * 9000 + "\n") * 25,
        26,
        "key_points[22]: the file expands to more than 200,000 characters of text",
    ),
    "over-2-mb.yaml": (
        lambda: "title: 標題\nlanguage: zh-Hant-TW\n" + "#" * (2_000_001 - 36) + "\n",
        None,
        "the file is larger than 2,000,000 bytes (2 MB), the most a spec may be",
    ),
}
_LISTS = ("key_points", "symptoms", "worse", "better", "references", "what_it_is", "anatomy")


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bad_spec_fails_cleanly(tmp_path: Path, name: str) -> None:
    make, line, words = GENERATED[name]
    spec = tmp_path / name
    spec.write_text(make(), encoding="utf-8")
    assert spec.stat().st_size > 10_000
    result = run_cli("build", spec, "-o", tmp_path / "out")
    assert result.code == 1
    _assert_one_clean_error(result.stderr, spec, line, words)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_logo_of_30000_by_30000_pixels_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(_png_header(30_000, 30_000))
    (tmp_path / "clinic.yaml").write_text("name: 範例診所\nlogo: logo.png\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text("title: 標題\nlanguage: zh-Hant-TW\nclinic: clinic.yaml\n", encoding="utf-8")
    result = run_cli("build", spec, "-o", tmp_path / "out", "-f", "all")
    assert result.code == 1
    _assert_one_clean_error(result.stderr, tmp_path / "clinic.yaml", 2, "too many pixels for a logo")


def test_the_whole_corpus_in_one_batch_still_builds_the_good_spec(tmp_path: Path) -> None:
    """Every bad file fails with one line of its own; the good spec in the same batch is built."""
    bad = sorted(BAD.glob("*.yaml"))
    assert len(bad) + len(GENERATED) + 1 >= 100  # the corpus the hardening issues ask for
    out = tmp_path / "out"
    result = run_cli("build", *bad, HANDOUTS / "sciatica.yaml", "-o", out, "-f", "all")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    errors = [row for row in result.stderr.splitlines() if row.startswith("error: ")]
    assert len(errors) == len(bad), "\n".join(errors)
    assert sorted(p.name for p in out.iterdir()) == [
        "sciatica.booklet.pdf",
        "sciatica.deck.pptx",
        "sciatica.exercise.pdf",
        "sciatica.leaflet.pdf",
        "sciatica.trifold.pdf",
    ]
    assert f"{len(bad)} of {len(bad) + 1} specs failed" in result.stderr


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("build", HANDOUTS / "sciatica.yaml", "-o", blocker / "out")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    lines = [row for row in result.stderr.splitlines() if row.strip()]
    assert len(lines) == 1 and "cannot write to the output folder" in lines[0]
    assert str(blocker / "out") in lines[0]
    assert blocker.read_text().startswith("a file")


def test_one_bad_spec_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    (folder / "clinics").mkdir(parents=True)
    (folder / "clinics" / "c.yaml").write_text((HANDOUTS / "clinics" / "example-clinic.yaml").read_text())
    (folder / "a-good.yaml").write_text(
        (HANDOUTS / "sciatica.yaml").read_text().replace("clinics/example-clinic.yaml", "clinics/c.yaml")
    )
    (folder / "b-bad.yaml").write_text((BAD / "unknown-key.yaml").read_text())
    out = tmp_path / "out"
    result = run_cli("build", folder, "-o", out)
    assert result.code == 1
    assert (out / "a-good.leaflet.pdf").is_file()
    assert not (out / "b-bad.leaflet.pdf").exists()
    assert "1 of 2 specs failed" in result.stderr


def test_failed_build_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run_cli("build", BAD / "outside-font.yaml", "-o", out)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("build", "-f", "brochure"),
        ("build", "--no-such-option"),
        ("no-such-command",),
    ],
)
def test_usage_mistakes_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert "Traceback" not in result.stderr


def test_missing_path_is_bad_input(tmp_path: Path) -> None:
    result = run_cli("build", tmp_path / "nope.yaml", "-o", tmp_path / "out")
    assert result.code == 1
    assert "file not found" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["build", "validate", "lint"])
def test_a_path_too_long_to_look_at_is_one_located_line(tmp_path: Path, command: str) -> None:
    name = "a" * 300 + ".yaml"  # longer than a file name may be
    result = run_cli(command, name, *(["-o", tmp_path] if command == "build" else []))
    assert result.code == 1
    assert "File name too long" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
