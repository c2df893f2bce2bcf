"""The leaflet prints legibly in black and white: every text colour against its background,
converted to gray as an office laser printer would, keeps a contrast of at least 4.5 : 1."""

from __future__ import annotations

import pytest

from builder.render.pdf.theme import DEFAULT_THEME as T


def _gray(hex_colour: str) -> float:
    """Relative luminance of the colour's gray value (Rec. 601 weights, as printers convert)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    gray = 0.299 * r + 0.587 * g + 0.114 * b
    return gray / 12.92 if gray <= 0.04045 else ((gray + 0.055) / 1.055) ** 2.4


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_gray(a), _gray(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BACKGROUNDS = ["#FFFFFF", T.key_fill, T.note_fill, T.alarm_fill]
TEXT = [T.body.color, T.lead.color, T.h1.color, T.h2.color, T.h3.color, T.footer.color]


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("text", TEXT)
def test_text_on_backgrounds(text: str, background: str) -> None:
    assert _contrast(text, background) >= 4.5


def test_white_title_on_the_red_flags_band() -> None:
    assert _contrast("#FFFFFF", T.alarm) >= 4.5


def test_body_sizes_for_older_readers() -> None:
    assert T.body.size >= 12 and T.lead.size >= T.body.size
    assert T.h3.size > T.body.size and T.h2.size > T.h3.size and T.h1.size > T.h2.size
    assert T.body.leading >= 1.5 * T.body.size


@pytest.mark.parametrize("primary", ["#2E7D32", "#1F5F8B", "#F9E547", "#FFB3C6", "#6A1B9A"])
def test_a_clinic_colour_never_makes_headings_unreadable_in_grayscale(primary: str) -> None:
    from builder.render.pdf.theme import DEFAULT_THEME as BASE

    branded = BASE.branded(primary, None)
    for role in (branded.h1, branded.h2, branded.h3):
        assert _contrast(role.color, "#FFFFFF") >= 4.5
        assert _contrast(role.color, branded.key_fill) >= 4.5
    for text in (branded.body.color, branded.h3.color):
        assert _contrast(text, branded.key_fill) >= 4.5  # text on the tinted boxes
