from __future__ import annotations

import pytest

from builder.typeset import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("坐骨神經痛,不只是腰痛!", "坐骨神經痛，不只是腰痛！"),
        ("MRI 正常?那為什麼痛", "MRI 正常？那為什麼痛"),
        ("甚麼是卡壓 (Superior Cluneal Nerve) ?", "甚麼是卡壓（Superior Cluneal Nerve）？"),
        ("腰椎 MRI 檢查", "腰椎 MRI 檢查"),
        ("時間 10:30,請到", "時間 10:30，請到"),
        ("第一行\n  第二行", "第一行第二行"),
        ("A (B) c, d", "A (B) c, d"),
        ("L4/L5, L5/S1", "L4/L5, L5/S1"),
        ("說明:重點", "說明：重點"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected
