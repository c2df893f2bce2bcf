"""Property tests (hypothesis): any valid spec builds without losing text; any mutation of a
valid spec either builds or fails with a leafdeck error — never a crash or a half-written file."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from conftest import HANDOUTS, deck_text, in_order, pdf_text, squash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import build_spec
from builder.errors import LeafdeckError
from builder.spec.loader import load_spec
from builder.typeset import normalize_text

WORDS = ["痛", "麻", "腰", "腿", "神經", "骨盆", "醫師", "運動", "MRI", "L4/L5", "10 分鐘", "PRP", "x"]
MARKS = ["，", "。", "、", "：", "？", "「", "」", "（", "）", " "]
text = st.lists(st.sampled_from(WORDS + MARKS), min_size=1, max_size=40).map(
    lambda parts: "".join(parts).strip(" ，。、：？」）") or "字"
)
texts = st.lists(text, min_size=1, max_size=6)


@st.composite
def specs(draw: st.DrawFn) -> dict[str, object]:
    spec: dict[str, object] = {
        "title": draw(text),
        "language": draw(st.sampled_from(["zh-Hant-TW", "zh-Hans-CN"])),
        "main_message": draw(text),
    }
    for key in ("key_points", "symptoms", "worse", "better"):
        if draw(st.booleans()):
            spec[key] = draw(texts)
    if draw(st.booleans()):
        spec["red_flags"] = {"items": draw(texts), "action": draw(text)}
    if draw(st.booleans()):
        columns = draw(st.integers(2, 4))
        rows = draw(st.lists(st.lists(text, min_size=columns, max_size=columns), min_size=1, max_size=4))
        spec["comparisons"] = [
            {
                "title": draw(text),
                "columns": draw(st.lists(text, min_size=columns, max_size=columns)),
                "rows": rows,
            }
        ]
    if draw(st.booleans()):
        spec["faq"] = [{"q": q, "a": a} for q, a in zip(draw(texts), draw(texts), strict=False)]
    return spec


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs())
def test_any_valid_spec_builds_and_keeps_every_string(spec: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "spec.yaml"
        path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
        built = build_spec(path, Path(work) / "out", ["leaflet", "deck"])
        leaflet = squash("".join(pdf_text(built[0].path).pages))
        deck = deck_text(built[1].path)
        for string, _ in load_spec(path).texts():
            wanted = squash(normalize_text(string))
            assert in_order(wanted, leaflet), string
            assert in_order(wanted, deck), string


SEED = (HANDOUTS / "superior-cluneal-nerve.yaml").read_text(encoding="utf-8")
NOISE = [
    "\t",
    ":",
    " ",
    "-",
    '"',
    "'",
    "[",
    "{",
    "#",
    "&a",
    "*a",
    "|",
    ">",
    "\u0007",
    "😀",
    "𠀋",
    "\n",
    "  ",
    "？",
]


@st.composite
def mutations(draw: st.DrawFn) -> str:
    lines = SEED.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "truncate", "swap"]))
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(NOISE)) + line[at:]
        elif kind == "indent":
            lines[index] = draw(st.sampled_from(["", " ", "    ", "\t"])) + lines[index].lstrip()
        elif kind == "truncate":
            lines = lines[: index + 1]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_a_mutated_spec_builds_or_fails_cleanly(text: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        shutil.copytree(HANDOUTS / "clinics", folder / "clinics")
        path = folder / "spec.yaml"
        path.write_text(text, encoding="utf-8")
        out = folder / "out"
        try:
            built = build_spec(path, out, ["leaflet", "deck"])
        except LeafdeckError as exc:
            message = str(exc)
            assert message and "Traceback" not in message
            assert str(path) in message or "spec.yaml" in message or "clinic" in message, message
            assert not out.exists() or not any(out.iterdir())  # nothing half-written
        else:
            assert all(b.path.is_file() and b.path.stat().st_size > 0 for b in built)
