"""When a folded format cannot hold even its heading and red flags, the message names the
text to shorten, at its line (a long subtitle was blamed on "the title and red flags")."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli


@pytest.mark.parametrize("kind", ["booklet", "trifold"])
def test_a_long_subtitle_is_named_at_its_line(tmp_path: Path, kind: str) -> None:
    spec = tmp_path / "long-subtitle.yaml"
    spec.write_text(
        "title: 腕隧道症候群\nlanguage: zh-Hant-TW\nsubtitle: " + "手指發麻，夜裡更明顯" * 400 + "\n"
        "red_flags:\n  items: [手完全無力，拿不住東西]\n",
        encoding="utf-8",
    )
    result = run_cli("build", spec, "-o", tmp_path / "out", "-f", kind)
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{spec}:3:11: subtitle: the subtitle (4,000 characters) and the red flags" in errors[0]
    assert f"inside of one {kind}; shorten the subtitle" in errors[0]
