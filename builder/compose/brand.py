"""What a clinic profile changes in the look of every output: colours, logo, slide fonts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.spec.loader import LoadedSpec, LoadedTalk, resolve_reference


@dataclass(frozen=True)
class Brand:
    """What a clinic profile changes in the look of its leaflets and decks."""

    primary: str | None = None
    accent: str | None = None
    logo: Path | None = None
    east_asian_font: str | None = None
    latin_font: str | None = None


def brand_of(loaded: LoadedSpec | LoadedTalk) -> Brand:
    """The clinic profile's colours, logo and slide fonts (nothing when there is no profile)."""
    clinic = loaded.clinic
    if clinic is None or loaded.clinic_source is None:
        return Brand()
    logo = None
    if clinic.logo:
        logo = resolve_reference(clinic.logo, loaded.clinic_source, ("logo",))
    colours = clinic.colours
    font = clinic.slide_font
    return Brand(
        primary=colours.primary if colours else None,
        accent=colours.accent if colours else None,
        logo=logo,
        east_asian_font=font.east_asian if font else None,
        latin_font=(font.latin or font.east_asian) if font else None,
    )
