"""QR runs come from the cache folder after the first time, identical to segno's; damage is redone."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import qrcode

URL = "https://clinic.example/knee?lang=zh-TW"


def test_cached_runs_equal_fresh_ones_and_damage_is_redone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path))
    fresh = qrcode._encode(URL)
    qrcode.qr_runs.cache_clear()
    assert qrcode.qr_runs(URL) == fresh  # made, and stored
    (entry,) = tmp_path.glob("qr-*.marshal")
    qrcode.qr_runs.cache_clear()
    monkeypatch.setattr(qrcode, "_encode", lambda url: pytest.fail("encoded again"))
    assert qrcode.qr_runs(URL) == fresh  # read back from the cache
    monkeypatch.undo()
    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path))
    entry.write_bytes(b"\x00damaged")
    qrcode.qr_runs.cache_clear()
    assert qrcode.qr_runs(URL) == fresh
    assert entry.read_bytes() != b"\x00damaged"
    qrcode.qr_runs.cache_clear()
