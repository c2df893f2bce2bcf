"""`leafdeck convert`: Taiwan ↔ mainland words, comments and order kept, marked for review."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import HANDOUTS, run_cli

from builder.convert import converter
from builder.spec.loader import load_spec


def test_words_not_just_characters() -> None:
    to_cn = converter("zh-Hans-CN")
    to_tw = converter("zh-Hant-TW")
    assert to_cn("復健科的超音波檢查，請看影片") == "康复科的超声波检查，请看视频"
    assert to_cn("「骨頭壓到神經」") == "“骨头压到神经”"
    assert to_tw("康复科医生说是梨状肌综合征") == "復健科醫師說是梨狀肌症候群"
    assert to_tw("做磁共振和核磁共振") == "做核磁共振和核磁共振"
    assert to_tw("体外冲击波") == "體外震波"


def test_convert_writes_a_valid_marked_copy(tmp_path: Path) -> None:
    folder = tmp_path / "handouts"
    shutil.copytree(HANDOUTS, folder)
    result = run_cli("convert", folder / "sciatica.yaml", "--to", "zh-Hans-CN")
    assert result.code == 0, result.stderr
    written = folder / "sciatica.zh-Hans-CN.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Converted from sciatica.yaml (zh-Hant-TW) to zh-Hans-CN")
    assert "NOT REVIEWED" in text
    assert "# 坐骨神經痛：從神經系統的角度看疼痛" in text  # the author's comment is kept
    original = (folder / "sciatica.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in original.splitlines() if line[:1].isalpha()]
    new_keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert new_keys == [k for k in keys if k != "review_date"]  # same order; not reviewed yet
    spec = load_spec(written).spec
    assert spec.language == "zh-Hans-CN"
    assert spec.review_date is None
    assert spec.title == "坐骨神经痛：不只是腰痛"
    built = run_cli("build", written, "-o", tmp_path / "out")
    assert built.code == 0, built.stderr
    assert "no review_date" in built.stderr


def test_convert_refuses_to_overwrite_and_to_convert_to_the_same_language(tmp_path: Path) -> None:
    folder = tmp_path / "handouts"
    shutil.copytree(HANDOUTS, folder)
    target = tmp_path / "taken.yaml"
    target.write_text("mine")
    taken = run_cli("convert", folder / "sciatica.yaml", "--to", "zh-Hans-CN", "-o", target)
    assert taken.code == 1 and "already exists" in taken.stderr
    assert target.read_text() == "mine"
    same = run_cli("convert", folder / "sciatica.yaml", "--to", "zh-Hant-TW")
    assert same.code == 1 and "already in zh-Hant-TW" in same.stderr
    usage = run_cli("convert", folder / "sciatica.yaml", "--to", "zh-CN")
    assert usage.code == 2
