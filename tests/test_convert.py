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


CONVERT_DATA = Path(__file__).parent / "data" / "convert"


def _shoulder_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "handouts"
    shutil.copytree(CONVERT_DATA, folder)
    return folder


def test_file_names_and_links_are_never_converted(tmp_path: Path) -> None:
    """鐘擺運動圖.png became 钟摆运动图.png, so the converted copy did not build."""
    folder = _shoulder_folder(tmp_path)
    result = run_cli("convert", folder / "shoulder-frozen.yaml", "--to", "zh-Hans-CN")
    assert result.code == 0, result.stderr
    copy = folder / "shoulder-frozen.zh-Hans-CN.yaml"
    text = copy.read_text(encoding="utf-8")
    assert "picture: 鐘擺運動圖.png" in text and "video: https://video.example/鐘擺運動" in text
    assert "clinic: clinics/shoulder-clinic.yaml" in text and "name: 钟摆运动" in text
    built = run_cli("build", copy, "-o", tmp_path / "out", "-f", "leaflet,exercise")
    assert built.code == 0, built.stderr


def test_a_copy_elsewhere_points_at_the_same_files(tmp_path: Path) -> None:
    folder = _shoulder_folder(tmp_path)
    copy = tmp_path / "shoulder-cn.yaml"  # the parent folder: the files are below it
    result = run_cli("convert", folder / "shoulder-frozen.yaml", "--to", "zh-Hans-CN", "-o", copy)
    assert result.code == 0, result.stderr
    spec = load_spec(copy).spec
    assert spec.clinic == "handouts/clinics/shoulder-clinic.yaml"
    assert spec.exercises[0].exercises[0].picture == "handouts/鐘擺運動圖.png"
    built = run_cli("build", copy, "-o", tmp_path / "out", "-f", "exercise")
    assert built.code == 0, built.stderr


def test_a_copy_that_could_not_reach_its_files_is_refused(tmp_path: Path) -> None:
    folder = _shoulder_folder(tmp_path)
    (tmp_path / "mainland").mkdir()
    copy = tmp_path / "mainland" / "shoulder.yaml"
    result = run_cli("convert", folder / "shoulder-frozen.yaml", "--to", "zh-Hans-CN", "-o", copy)
    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "could not use 鐘擺運動圖.png, clinics/shoulder-clinic.yaml" in errors[0]
    assert f"copy them into {tmp_path / 'mainland'} first" in errors[0]
    assert not copy.exists()
