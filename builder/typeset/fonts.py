"""Font files, their metrics, and which fonts a language uses.

Metrics come straight from each font's cmap and hmtx tables (fontTools), so the
PDF and the deck renderer measure identically. Parsing a 5 MB CJK font takes
~0.15 s, so the character→advance table is cached on disk per font file.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from builder.typeset.cache import cache_dir, store
from builder.typeset.fontconvert import FontError, ensure_truetype, failure_reason

BUNDLED_REGIONS = {"zh-Hant-TW": ("TC", "SC"), "zh-Hans-CN": ("SC", "TC")}
_CACHE_VERSION = 2


def bundled_fonts_dir() -> Path:
    """Where the shipped fonts are: $LEAFDECK_FONTS_DIR, the repository, or the installed package."""
    override = os.environ.get("LEAFDECK_FONTS_DIR")
    if override:
        return Path(override)
    repo = Path(__file__).resolve().parents[2] / "fonts"
    if (repo / "manifest.json").is_file():
        return repo
    return Path(__file__).resolve().parents[1] / "_fonts"


Metrics = tuple[str, bool, float, dict[int, float]]  # family, bold, ascent (em), advances (em)


class FontFace:
    """One font file: its metrics (in em) and the unique name renderers register it under.

    Metrics are read on first use, so a fallback face that a document never
    needs costs nothing.
    """

    def __init__(self, path: Path, name: str, key: str) -> None:
        self.path = path
        self.name = name
        self._key = key
        self._metrics: Metrics | None = None

    def _load(self) -> Metrics:
        if self._metrics is None:
            cached = _read_cache(self._key)
            if cached is None:
                cached = _read_font(self.path)
                store(f"metrics-{self._key}.marshal", marshal.dumps(cached))
            self._metrics = cached
        return self._metrics

    def read(self) -> None:
        """Read the font now rather than on first use (a bad font is then found early)."""
        self._load()

    @property
    def family(self) -> str:
        return self._load()[0]

    @property
    def bold(self) -> bool:
        return self._load()[1]

    @property
    def ascent(self) -> float:
        """Height above the baseline, in em, that lines are set to."""
        return self._load()[2]

    @property
    def advances(self) -> dict[int, float]:
        return self._load()[3]

    def has(self, char: str) -> bool:
        return ord(char) in self.advances

    def advance(self, char: str) -> float:
        """Advance width in em; characters the face lacks count as 1 em."""
        return self.advances.get(ord(char), 1.0)

    def __repr__(self) -> str:
        return f"FontFace({self.path.name})"


@dataclass(frozen=True)
class FontStack:
    """Faces tried in order for each character (the user's font, then the bundled ones)."""

    faces: tuple[FontFace, ...]
    _chosen: dict[str, tuple[FontFace, float]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def primary(self) -> FontFace:
        return self.faces[0]

    def face_for(self, char: str) -> FontFace:
        return self.choose(char)[0]

    def choose(self, char: str) -> tuple[FontFace, float]:
        """The face that draws char and its advance in em (memoised: this is the hot path)."""
        chosen = self._chosen.get(char)
        if chosen is None:
            face = next((f for f in self.faces if f.has(char)), self.faces[0])
            chosen = self._chosen[char] = (face, face.advance(char))
        return chosen

    def covers(self, char: str) -> bool:
        return self.choose(char)[0].has(char)


@dataclass(frozen=True)
class FontSet:
    """The regular and bold stacks one document uses."""

    regular: FontStack
    bold: FontStack

    def missing(self, text: str) -> list[str]:
        """Characters in text that no face can draw (whitespace aside), in order of appearance."""
        seen: list[str] = []
        for char in text:
            if (
                char != " "
                and char not in seen
                and not (self.regular.covers(char) and self.bold.covers(char))
            ):
                seen.append(char)
        return seen

    def describe(self) -> str:
        """The families in the regular stack, e.g. "Noto Sans TC, Noto Sans SC"."""
        return ", ".join(dict.fromkeys(face.family for face in self.regular.faces))


def fonts_for_language(language: str, regular: Path | None = None, bold: Path | None = None) -> FontSet:
    """The bundled regional fonts for a language (TC for Taiwan, SC for mainland),
    after the user's own font files if any are given."""
    bundled = _bundled(language, bundled_fonts_dir())
    user_bold_path = bold or regular
    if not user_bold_path:
        return bundled
    user_regular = (load_face(ensure_truetype(regular)),) if regular else ()
    user_bold = (load_face(ensure_truetype(user_bold_path)),)
    return FontSet(FontStack(user_regular + bundled.regular.faces), FontStack(user_bold + bundled.bold.faces))


@lru_cache(maxsize=8)
def _bundled(language: str, folder: Path) -> FontSet:
    """The bundled fonts of a language, one FontSet per process. Why: its stacks remember which
    face draws each character and how wide it is (FontStack.choose), and a batch, watch mode or
    a deck asks that again for every build; a new set per build chose every character afresh
    (checking a spec's characters against the fonts took 2 ms a build instead of 1)."""
    regions = BUNDLED_REGIONS[language]
    regular = tuple(load_face(folder / f"NotoSans{r}-Regular.ttf") for r in regions)
    bold = tuple(load_face(folder / f"NotoSans{r}-Bold.ttf") for r in regions)
    return FontSet(FontStack(regular), FontStack(bold))


@lru_cache(maxsize=32)
def load_face(path: Path) -> FontFace:
    """The face for a font file, once per process; its metrics are cached on disk too."""
    path = Path(path).resolve()
    try:
        stat = path.stat()
    except OSError:
        raise FontError(f"font file not found: {path}") from None
    seen = f"{_CACHE_VERSION}|{path}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}"  # see facecache
    key = hashlib.sha1(seen.encode()).hexdigest()
    return FontFace(path, f"{path.stem}-{key[:8]}", key)


# tables reportlab needs to embed a TrueType font (and we need to measure it)
_REQUIRED_TABLES = ("head", "hhea", "hmtx", "maxp", "cmap", "name", "OS/2", "post", "loca", "glyf")


def _read_font(path: Path) -> Metrics:
    """Metrics of a font, or a FontError in plain words: a damaged, partial or unusual font
    is refused here, before anything is drawn."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, lazy=True)
    except Exception as exc:  # fontTools raises many kinds for a file that is not a font
        raise FontError(f"is not a font file that can be read ({failure_reason(exc)})") from None
    if "glyf" not in font:
        raise FontError("has no TrueType outlines; convert it first")
    if "fvar" in font:
        raise FontError("is a variable font; use a static (single-weight) file")
    missing = [tag for tag in _REQUIRED_TABLES if tag not in font]
    if missing:
        raise FontError(
            f"has no '{missing[0]}' table, which a font needs to be embedded; use another font file"
        )
    try:
        for tag in _REQUIRED_TABLES:
            font[tag]  # read every table now: a truncated file fails here, not halfway through a build
        upem = font["head"].unitsPerEm
        if not 16 <= upem <= 16384:
            raise FontError(f"says its units per em are {upem} (a usable font has 16 to 16384)")
        cmap = font.getBestCmap()
        if not cmap:
            raise FontError("has no Unicode character map, so no character can be found in it")
        hmtx = font["hmtx"].metrics
        advances = {cp: hmtx[glyph][0] / upem for cp, glyph in cmap.items()}
        os2 = font["OS/2"]
        family = font["name"].getBestFamilyName() or path.stem
        bold = bool(os2.fsSelection & 0x20) or os2.usWeightClass >= 600
        ascent = os2.sTypoAscender / upem
    except FontError:
        raise
    except Exception as exc:
        raise FontError(f"is damaged ({failure_reason(exc)}); use another copy of the font") from None
    return family, bold, ascent, advances


def check_font(path: Path, notes: list[str] | None = None) -> None:
    """Convert (if needed) and read a user's font now, so a bad one is named where it was given."""
    load_face(ensure_truetype(path, notes)).read()


def _read_cache(key: str) -> Metrics | None:
    try:
        family, bold, ascent, advances = marshal.loads((cache_dir() / f"metrics-{key}.marshal").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return family, bold, ascent, advances
