"""Colour arithmetic shared by the renderers: contrast on screens and on grayscale printers, tints."""

from __future__ import annotations


def _channels(colour: str) -> tuple[float, float, float]:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return r, g, b


def _linear(value: float) -> float:
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def _ratio(a: float, b: float) -> float:
    high, low = max(a, b), min(a, b)
    return (high + 0.05) / (low + 0.05)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours, as a screen or projector shows them."""

    def luminance(colour: str) -> float:
        r, g, b = (_linear(c) for c in _channels(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    return _ratio(luminance(a), luminance(b))


def gray_contrast(a: str, b: str) -> float:
    """Contrast ratio after a grayscale laser printer has turned both colours gray (Rec. 601)."""

    def gray(colour: str) -> float:
        r, g, b = _channels(colour)
        return _linear(0.299 * r + 0.587 * g + 0.114 * b)

    return _ratio(gray(a), gray(b))


def tint(colour: str, white: float) -> str:
    """The colour mixed with this share of white (0.88: a pale panel behind text)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in (r, g, b))
