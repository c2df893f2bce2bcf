"""Seeded random specs (odd lengths, punctuation runs, huge cells, long lists) all build and
lose nothing. A regression net for layout corner cases. (Line rules cannot always hold
here: random runs of punctuation are wider than a narrow table cell; the rules are
tested on text where they can hold, in test_linebreak and test_leaflet_pdf.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import body_text, in_order, squash

from builder.build import build_spec
from builder.compose.leaflet import compose_leaflet
from builder.spec import load_spec
from builder.typeset import normalize_text
from builder.typeset.chars import NO_LINE_END, NO_LINE_START

PIECES = [*"痛麻刺腰腿腳神經骨盆臀部醫師運動，。、；：？！「」（）《》…—"]
PIECES += [" ", "MRI", "L4/L5", "10-20 分鐘", "https://example.org/a/b", "PRP", "——", "……"]


def _spec(rng: random.Random) -> str:
    def text(longest: int) -> str:
        chosen = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, longest)))
        # Real sentences do not start with a closing mark or end with an opening one.
        chosen = chosen.strip().lstrip("".join(NO_LINE_START)).rstrip("".join(NO_LINE_END)).strip()
        return '"' + (chosen or "字") + '"'

    def many(count: int, longest: int) -> str:
        return "[" + ", ".join(text(longest) for _ in range(rng.randint(1, count))) + "]"

    lines = [f"title: {text(rng.choice([10, 80]))}", f"language: {rng.choice(['zh-Hant-TW', 'zh-Hans-CN'])}"]
    lines.append(f"main_message: {text(rng.choice([30, 300, 900]))}")
    for key in ("key_points", "symptoms", "worse", "references"):
        if rng.random() < 0.6:
            lines.append(f"{key}: {many(rng.choice([3, 12, 40]), rng.choice([8, 40, 200]))}")
    if rng.random() < 0.7:
        columns = rng.randint(2, 4)
        rows = ", ".join(
            "[" + ", ".join(text(rng.choice([5, 30, 400])) for _ in range(columns)) + "]"
            for _ in range(rng.randint(1, 12))
        )
        lines.append(
            f"comparisons: [{{title: {text(20)}, columns: {many(1, 10)[:-1]}"
            + "".join(f", {text(10)}" for _ in range(columns - 1))
            + f"], rows: [{rows}]}}]"
        )
    questions = rng.randint(1, 8)
    lines.append(
        f"self_check: {{questions: [{', '.join(text(50) for _ in range(questions))}], "
        f"rule: {{threshold: {rng.randint(1, questions)}, at_or_above: {text(40)}, below: {text(40)}}}}}"
    )
    lines.append(f"red_flags: {{items: {many(rng.choice([4, 30]), 80)}, action: {text(30)}}}")
    if rng.random() < 0.6:
        faq = ", ".join(f"{{q: {text(40)}, a: {text(300)}}}" for _ in range(rng.randint(1, 15)))
        lines.append(f"faq: [{faq}]")
    return "\n".join(lines) + "\nreview_date: 2026-11-01\n"


@pytest.mark.parametrize("seed", range(30))
def test_random_spec_builds_completely(tmp_path: Path, seed: int) -> None:
    spec = tmp_path / f"random-{seed}.yaml"
    spec.write_text(_spec(random.Random(seed)), encoding="utf-8")
    built = build_spec(spec, tmp_path / "out", ["leaflet"])[0]
    loaded = load_spec(spec)
    text = body_text(built.path, compose_leaflet(loaded).footer.lines[0])
    for string, where in loaded.texts():
        needle = squash(normalize_text(string))
        if where.field.startswith("comparisons"):
            assert in_order(needle, text), where
        elif where.field != "disclaimer":
            assert needle in text, where
