"""reportlab faces restored from the cache folder instead of parsed from the font file each run.

Why: reportlab's TTFontFile walks the cmap, hmtx and loca tables of a 5 MB CJK
font every time a process registers it (≈ 0.05–0.1 s per face, on every build),
although the result is the same for the same file. The parsed state — what
reportlab needs to subset and embed glyphs — is kept once per font content
(and reportlab version) in the cache folder, like the typesetting core's
metrics; the font's bytes are still read from the file itself. A missing,
stale or damaged cache entry only means the font is parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import marshal
import os
import zlib
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from builder.errors import BuildError
from builder.typeset.cache import cache_dir, keep, recall, store

_FORMAT = 2
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the file's bytes, and a function rebuilt from unitsPerEm
_ON_DEMAND = "glyphToChar"  # kept packed until something asks for it (see _Face.__getattr__)


def cached_ttfont(name: str, path: Path) -> TTFont:
    """A reportlab TTFont for the font file, in the same state reportlab's own parse leaves it."""
    key = _content_digest(path)
    entry = f"reportlab-face-{_FORMAT}-{reportlab.Version}-{key}.marshal"
    face = _restore(entry, str(path))
    if face is None:
        face = _Face(str(path))
        store(entry, _dump(face))
    _CONTENT_KEYS[face] = key  # names its subsets in the cache folder (see _Face.makeSubset)
    return _RestoredTTFont(name, face)


class _Face(TTFontFace):  # type: ignore[misc]
    """reportlab's face, with the font programs of its subsets remembered for the process and,
    compressed as a PDF embeds them, in the cache folder.

    Why: reportlab cuts each 256-character subset out of the 5 MB font for every document (a
    twentieth of a leaflet's build), and a batch or watch mode builds documents with the same
    characters over and over. The same subset gives the same bytes, so they are made once. In
    the cache folder too: a library built again (every document's subsets the same as last
    time) cut and compressed some 60 subsets in each run, a tenth of its workers' time."""

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 - reportlab's name
        made = _SUBSETS.setdefault(self, {})
        key = tuple(subset)
        if key not in made:
            if len(made) >= _MOST_SUBSETS:
                made.pop(next(iter(made)))  # the oldest: a long watch session stays bounded
            made[key] = self._kept_subset(key)
        return made[key]

    def _kept_subset(self, subset: tuple[int, ...]) -> bytes:
        """The subset's font program from the cache folder, its compressed form handed to the
        PDF writer's compression (render.pdf.fonts), or cut now and kept there."""
        from reportlab.pdfbase import pdfdoc

        compressor, font = pdfdoc.PDFZCompress, _CONTENT_KEYS.get(self)
        if font is None or not hasattr(compressor, "remember"):
            return bytes(TTFontFace.makeSubset(self, list(subset)))
        entry = _subset_entry(font, subset)
        kept = recall(entry)
        if kept is not None and len(kept) > 8:
            size = int.from_bytes(kept[:8], "big")
            program, packed = kept[8 : 8 + size], kept[8 + size :]
            if len(program) == size and packed:
                compressor.remember(program, packed)
                with contextlib.suppress(OSError):  # used now: pruned last (see _prune)
                    os.utime(cache_dir() / entry)
                return program
        program = bytes(TTFontFace.makeSubset(self, list(subset)))
        keep(entry, len(program).to_bytes(8, "big") + program + compressor.encode(program))
        if next(_STORES) % _PRUNE_EVERY == 0:  # a listing of the folder is ≈ 0.4 ms: not at each store
            _prune(cache_dir() / _SUBSET_FOLDER)
        return program

    def get_table(self, tag: str) -> Any:
        """A table of the font, as reportlab reads it; the glyph table without copying it.

        Why: reportlab's makeSubset (the only reader of 'glyf' once a face is made) copies the
        whole 4 MB table out of the font for each subset, to slice a few hundred glyphs from it."""
        if tag != "glyf":
            return TTFontFace.get_table(self, tag)
        start, length = self.get_table_pos(tag)
        return _Slices(memoryview(self._ttf_data)[start : start + length])

    def __getattr__(self, name: str) -> Any:
        """A restored face's glyph → characters table, unpacked when first asked for, and its
        font file's bytes, read when first asked for (to cut a subset not kept yet).

        Why: only reportlab's shaping (uharfbuzz, which leafdeck does not use) reads the table,
        yet it is a list for each of 17 000 glyphs: 1.35 MB of a face's 6 MB, a cold leaflet's
        peak memory; the file is 5 MB more. Python asks here only for an attribute the face
        does not have."""
        if name == _FILE_DATA and "filename" in self.__dict__:  # a restored face's font file
            data = Path(self.filename).read_bytes()
            key = _CONTENT_KEYS.get(self)
            if key is not None and hashlib.sha1(data).hexdigest() != key:
                # replaced since the face was made (a watch session, a font swapped in place):
                # its glyphs' places are the old file's, so no subset may be cut from these bytes
                changed = f"the font file {self.filename} changed while leafdeck was using it"
                raise BuildError(f"{changed}; run it again")
            setattr(self, name, data)
            return data
        packed = self.__dict__.pop(_PACKED, None) if name == _ON_DEMAND else None
        if packed is None:
            raise AttributeError(name)
        value = marshal.loads(packed)
        setattr(self, name, value)
        return value


class _Slices:
    """A table read in place: each slice is bytes, as a slice of the copied table would be."""

    def __init__(self, view: memoryview) -> None:
        self._view = view

    def __getitem__(self, where: slice) -> bytes:
        return self._view[where].tobytes()

    def __len__(self) -> int:
        return len(self._view)


def _prune(folder: Path) -> None:
    """Keep the _MOST_KEPT subset entries used last (an entry read is touched), and what a
    process stores until it prunes again; the least recently used quarter goes past that.
    Another process may be pruning or reading at once: an entry gone is made again, never half
    read."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    if len(entries) <= _MOST_KEPT:
        return
    dated = []
    for entry in entries:
        with contextlib.suppress(OSError):
            dated.append((entry.stat().st_mtime, entry))
    for _, entry in sorted(dated)[: len(dated) - _MOST_KEPT * 3 // 4]:
        with contextlib.suppress(OSError):
            entry.unlink()


def _content_digest(path: Path) -> str:
    """The font file's digest (what its entries are kept under), remembered in the cache folder
    by the file's path, size and modification time, as its metrics are (typeset.fonts).

    Why: reading and hashing the four bundled 5 MB faces was 0.04 s of a library build's serial
    start (the parent, before its workers fork) and 0.02 s of a cold leaflet, and now that the
    subsets are kept the file's bytes are read only to cut a new one (see _Face.__getattr__)."""
    stat = path.stat()
    # the change time too: a file rewritten in place with its old size and time set back again
    seen = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ctime_ns}|{stat.st_ino}"
    name = f"font-digest-{hashlib.sha1(seen.encode()).hexdigest()}.txt"
    kept = recall(name)
    if kept is not None and len(kept) == 40:
        return kept.decode("ascii")
    digest = hashlib.sha1(path.read_bytes()).hexdigest()
    keep(name, digest.encode("ascii"))
    return digest


def _subset_entry(font: str, subset: tuple[int, ...]) -> str:
    """A subset's entry: the font's content, the glyphs, reportlab's and zlib's versions."""
    made = hashlib.sha1(f"{font}|{subset}|{zlib.ZLIB_RUNTIME_VERSION}".encode()).hexdigest()
    return f"{_SUBSET_FOLDER}/{_FORMAT}-{reportlab.Version}-{made}.bin"


_FILE_DATA = "_ttf_data"  # the font file's bytes, which reportlab cuts subsets from
_PACKED = "_packed_glyph_to_char"  # where a restored face keeps glyphToChar until then
_SUBSETS: WeakKeyDictionary[_Face, dict[tuple[int, ...], bytes]] = WeakKeyDictionary()
_CONTENT_KEYS: WeakKeyDictionary[_Face, str] = WeakKeyDictionary()  # each face's font file digest
_MOST_SUBSETS = 64  # per face: a few MB
_SUBSET_FOLDER = "subsets"  # in the cache folder
_MOST_KEPT = 512  # subset entries kept, about 40 KB each: a long watch session stays bounded
_PRUNE_EVERY = 16
_STORES = itertools.count()


class _RestoredTTFont(TTFont):  # type: ignore[misc]
    """TTFont around a face made beforehand: the attributes TTFont.__init__ sets, minus the parse.

    tests/test_facecache.py checks that it has the same attributes as reportlab's own TTFont.
    """

    def __init__(self, name: str, face: TTFontFace) -> None:
        self.fontName = name
        self.face = face
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)


def _dump(face: TTFontFace) -> bytes:
    state = {k: v for k, v in vars(face).items() if k not in _NOT_KEPT}
    state[_ON_DEMAND] = marshal.dumps(state[_ON_DEMAND])
    names = sorted(k for k, v in state.items() if isinstance(v, TTFNameBytes))
    return marshal.dumps((_FORMAT, names, {k: bytes(v) if k in names else v for k, v in state.items()}))


def _restore(entry: str, filename: str) -> TTFontFace | None:
    try:
        version, names, state = marshal.loads((cache_dir() / entry).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if version != _FORMAT or not isinstance(state, dict) or "unitsPerEm" not in state:
        return None
    if not isinstance(state.get(_ON_DEMAND), bytes):
        return None
    face: TTFontFace = _Face.__new__(_Face)
    attributes: dict[str, Any] = vars(face)
    attributes.update(state)
    attributes[_PACKED] = attributes.pop(_ON_DEMAND)
    attributes.update({name: TTFNameBytes(state[name]) for name in names})
    attributes.update(filename=filename, _pdfScale=_scale(state["unitsPerEm"]))  # _ttf_data: when asked
    return face


def _scale(units_per_em: int) -> Callable[[float], float]:
    """Font units → thousandths of an em, as TTFontFile.extractInfo builds it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor
