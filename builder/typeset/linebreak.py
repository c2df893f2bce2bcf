"""Chinese line breaking of the project's own, shared by the PDF and deck renderers.

Text is cut into unbreakable atoms: one Chinese character, one Latin word
(L4/L5, 10-20), a number with its unit (10-20 分鐘), a run of —— or ……, each
with the punctuation that must not be separated from it (clreq: closing marks
stay with the atom before, opening marks with the atom after). Lines are then
filled greedily with whole atoms, so no line starts with ，。」 or ends with 「（,
and no line is wider than asked. Justification spreads the slack over the gaps
between characters, never inside a Latin word or a number with its punctuation, and
never past the frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import cast

from builder.typeset.chars import (
    GLUE,
    NO_LINE_END,
    NO_LINE_START,
    UNBREAKABLE_RUNS,
    UNITS,
    URL_PREFIXES,
    WORD_CONNECTORS,
    fuses_with_han,
    is_cjk,
    is_han,
    is_word_char,
)
from builder.typeset.cutpoints import cut_points, is_url
from builder.typeset.fonts import FontFace, FontStack

_EPSILON = 1e-6
# The most a justified line opens each gap between characters. A line that would need more
# (a short line, or one whose next word or number was too wide to join it) is set ragged:
# at a quarter em, 「青松物理治療所（測試）電話：（02）」 spread across a tri-fold panel
# with a visible hole between every two characters.
MAX_JUSTIFY_GAP_EM = 0.125


@dataclass(frozen=True)
class Style:
    """How a span is set: the font stack, the size in points, and a colour for renderers."""

    fonts: FontStack
    size: float
    color: str = "#000000"

    def advance(self, char: str) -> float:
        return self.fonts.choose(char)[1] * self.size

    def width(self, text: str) -> float:
        return sum(self.advance(char) for char in text)


@dataclass(frozen=True)
class Span:
    text: str
    style: Style


# How an atom of _units was made from the text, whatever its style (see _SHAPES): characters
# [start, end) with the space flag, or two shapes joined, left then right. None for an atom made
# without its place in the text (`at`), and for any atom joined from one: never remembered.
_Shape = tuple[int, int, bool] | tuple["_Shape", "_Shape"]


class _Atom:
    """An unbreakable piece of a line; width and text are computed once (the hot path)."""

    __slots__ = ("chars", "shape", "soft", "space", "text", "width")

    def __init__(
        self, chars: tuple[tuple[str, Style], ...], space: bool = False, soft: bool = False, at: int = -1
    ) -> None:
        self.chars = chars
        self.space = space
        self.soft = soft  # ends in a hyphen the breaker added: a word cut because it cannot fit
        if len(chars) == 1:  # most atoms: one Chinese character (the sum, without its loop)
            char, style = chars[0]
            self.width = 0 + style.advance(char)  # as the sum's loop gave it (-0.0 too)
            self.text = char
        else:
            self.width = sum(style.advance(char) for char, style in chars)
            self.text = "".join(char for char, _ in chars)
        self.shape: _Shape | None = (at, at + len(chars), space) if at >= 0 else None

    def __add__(self, other: _Atom) -> _Atom:
        # Widths and texts add up: summing every character again made a run of pieces glued
        # together (850 opening brackets in a title) quadratic per line break, cubic per fit.
        joined = _Atom.__new__(_Atom)
        joined.chars = self.chars + other.chars
        joined.space = False
        joined.soft = False
        joined.width = self.width + other.width
        joined.text = self.text + other.text
        joined.shape = None if self.shape is None or other.shape is None else (self.shape, other.shape)
        return joined


@dataclass(frozen=True)
class Run:
    """A piece of one line drawn with one face at one position: what a renderer paints."""

    x: float
    text: str
    face: FontFace
    style: Style
    char_space: float
    width: float


@dataclass(frozen=True)
class Line:
    atoms: tuple[_Atom, ...]
    width: float
    last: bool

    @property
    def text(self) -> str:
        """The line as printed (with the hyphen of a word cut at its end, if any)."""
        return "".join(atom.text for atom in self.atoms)

    @property
    def hyphenated(self) -> bool:
        """The line ends in a hyphen the breaker added to a word too wide for any line."""
        return bool(self.atoms) and self.atoms[-1].soft

    @property
    def size(self) -> float:
        """The largest type size on the line (0 for an empty line)."""
        return max((style.size for atom in self.atoms for _, style in atom.chars), default=0.0)

    @property
    def ascent(self) -> float:
        """The tallest ascent on the line in points, from the fonts' own metrics."""
        return max(
            (
                style.size * style.fonts.face_for(char).ascent
                for atom in self.atoms
                for char, style in atom.chars
            ),
            default=0.0,
        )

    def runs(self, measure: float, justify: bool = True) -> list[Run]:
        """Runs positioned from x = 0; justified to `measure` unless this is the last line of a
        paragraph or would need gaps wider than MAX_JUSTIFY_GAP_EM (then it is set ragged)."""
        chars = [pair for atom in self.atoms for pair in atom.chars]
        beside = [_takes_slack(char) for char, _ in chars]  # each character looked at once
        stretch = [beside[i] or beside[i + 1] for i in range(len(chars) - 1)]
        stretch.append(False)
        gap = 0.0
        slots = sum(stretch)
        if justify and not self.last and slots and self.width < measure:
            gap = (measure - self.width) / slots
            size = max(style.size for _, style in chars)
            if gap > MAX_JUSTIFY_GAP_EM * size:
                gap = 0.0
        runs: list[Run] = []
        x = 0.0
        i = 0
        while i < len(chars):
            char, style = chars[i]
            face = style.fonts.face_for(char)
            j = i
            flag = stretch[i]
            while (
                j + 1 < len(chars)
                and stretch[j] == flag
                and (chars[j + 1][1] is style or chars[j + 1][1] == style)
                and style.fonts.face_for(chars[j + 1][0]) is face
            ):
                j += 1
            text = "".join([c for c, _ in chars[i : j + 1]])
            char_space = gap if flag else 0.0
            width = style.width(text) + char_space * (len(text) - 1)
            runs.append(Run(x, text, face, style, char_space, width))
            x += width + (gap if stretch[j] else 0.0)
            i = j + 1
        return runs


def _takes_slack(char: str) -> bool:
    """Slack may go beside a space or a Chinese character or mark (on either side of it), never
    between Latin letters, digits and the ASCII punctuation written against them: a reference's
    「2013;43(5):」 keeps its spacing (it printed as 「2013 ; 43 ( 5 ) :」)."""
    return char.isspace() or is_cjk(char)


def break_lines(spans: Sequence[Span], measure: float) -> list[Line]:
    """Break styled text into lines no wider than `measure` points."""
    atoms = _units(spans)
    lines: list[Line] = []
    current: list[_Atom] = []
    width = 0.0
    for atom in atoms:
        if atom.space:
            if current:
                current.append(atom)
                width += atom.width
            continue
        if current and width + atom.width > measure + _EPSILON:
            lines.append(_finish(current, last=False))
            current, width = [], 0.0
        if not current and atom.width > measure + _EPSILON:
            pieces = _split_oversized(atom, measure)
            for piece in pieces[:-1]:
                lines.append(_finish([piece], last=False))
            atom = pieces[-1]
        current.append(atom)
        width += atom.width
    if current:
        lines.append(_finish(current, last=True))
    return lines


def _finish(atoms: list[_Atom], last: bool) -> Line:
    while atoms and atoms[-1].space:
        atoms = atoms[:-1]
    return Line(tuple(atoms), sum(atom.width for atom in atoms), last)


def _split_oversized(atom: _Atom, measure: float) -> list[_Atom]:
    """A unit wider than the whole line (a long URL, a word in a narrow table cell) must be cut:
    at the best place that fills the line (see cutpoints), with a hyphen when inside a word."""
    pieces: list[_Atom] = []
    chars = atom.chars
    url = is_url(atom.text)
    rest = atom.width
    while len(chars) > 1 and rest > measure + _EPSILON:
        cut, hyphen = _choose_cut(_window(chars, measure), measure, url)
        head = chars[:cut] + ((("-", chars[cut - 1][1]),) if hyphen else ())
        pieces.append(_Atom(head, soft=hyphen))
        rest -= sum(style.advance(c) for c, style in chars[:cut])
        chars = chars[cut:]
    pieces.append(_Atom(chars))
    return pieces


_LOOKAHEAD = 128  # characters past the line's end that a cut's rank may depend on (its word)


def _window(chars: tuple[tuple[str, Style], ...], measure: float) -> tuple[tuple[str, Style], ...]:
    """The start of a unit that a cut needs to see: what fits the line, and the rest of its word.
    Choosing a cut looked at the whole unit, so cutting 850 unbreakable characters into lines
    measured them all once per line (quadratic, and a deck fit repeats it at every size)."""
    if len(chars) <= 2 * _LOOKAHEAD:
        return chars
    width = 0.0
    for index, (char, style) in enumerate(chars):
        width += style.advance(char)
        if width > measure + _EPSILON:
            return chars[: index + _LOOKAHEAD]
    return chars


def _choose_cut(chars: tuple[tuple[str, Style], ...], measure: float, url: bool) -> tuple[int, bool]:
    """The latest cut of the best rank whose first part (with its hyphen) fits the line."""
    prefix = [0.0]
    for char, style in chars:
        prefix.append(prefix[-1] + style.advance(char))
    best: dict[int, tuple[int, bool]] = {}
    for index, rank, hyphen in cut_points("".join(c for c, _ in chars), url):
        extra = chars[index - 1][1].advance("-") if hyphen else 0.0
        if prefix[index] + extra <= measure + _EPSILON:
            best[rank] = (index, hyphen)  # points come in order: the last that fits wins
    if best:
        return best[min(best)]
    fits = max((i for i in range(1, len(chars)) if prefix[i] <= measure + _EPSILON), default=1)
    return fits, False


def _units(spans: Sequence[Span]) -> tuple[_Atom, ...]:
    """Text cut into the pieces a line may break between (spaces are their own pieces)."""
    if sum(len(span.text) for span in spans) > LONGEST_REMEMBERED:
        return tuple(_glue_kinsoku(_glue_units(_atomize(spans))))
    return _styled_units(tuple(spans))


# Longer texts are cut anew each time: a paragraph is a few hundred characters, and remembering
# every size a deck tried of a text thousands of characters long (a pasted article) took tens
# of MB for little time (the soak's worst spec: 260 → 324 MB at its peak).
LONGEST_REMEMBERED = 1000


@lru_cache(maxsize=4096)  # the same styled text at other measures: a leaflet's fit, its editions
def _styled_units(spans: tuple[Span, ...]) -> tuple[_Atom, ...]:
    """The pieces of styled text, remembered (nothing changes an atom once made).

    Where the pieces fall depends on the characters alone, so it is found once per text
    (_SHAPES) and the pieces are made again for these styles in the same way, their widths
    added in the same order: the same atoms, to the last bit. Why: a deck's fit measures one
    text at size after size, and a leaflet, its booklet, tri-fold and exercise sheet set the
    same texts in the same styles at other widths; cutting them anew was a tenth of a whole
    library's build."""
    text = "".join(span.text for span in spans)
    shapes = _SHAPES.get(text)
    if shapes is None:  # a text not met before: cut as ever, and how it was cut remembered
        atoms = tuple(_glue_kinsoku(_glue_units(_atomize(spans))))
        shapes_made = tuple(atom.shape for atom in atoms if atom.shape is not None)
        if len(shapes_made) == len(atoms):  # every atom knows where it came from
            if len(_SHAPES) >= _MOST_SHAPES:
                _SHAPES.pop(next(iter(_SHAPES)))  # the oldest: a long watch session stays bounded
            _SHAPES[text] = shapes_made
        return atoms
    chars = [(char, span.style) for span in spans for char in span.text]
    return tuple(_grow(shape, chars) for shape in shapes)


_SHAPES: dict[str, tuple[_Shape, ...]] = {}  # how _units cut each text, for any styles
_MOST_SHAPES = 8192  # texts, as the line caches hold them (render.pdf.flowables)


class _Unmeasured:
    """A style for cutting text where only the pieces matter, not their widths (nonbreaking)."""

    def advance(self, char: str) -> float:
        return 0.0


_UNMEASURED = cast(Style, _Unmeasured())


def _grow(shape: _Shape, chars: list[tuple[str, Style]]) -> _Atom:
    """The atom a shape describes, made of these styled characters as _atomize and the gluing
    made it: the same pieces joined in the same order (so the same width). Ends: each node of
    the finite shape is pushed at most twice; no recursion, as a shape may be 850 pieces deep."""
    if len(shape) == 3:  # most atoms: one piece
        return _piece(shape, chars)
    stack: list[tuple[_Shape, bool]] = [(shape, False)]
    made: list[_Atom] = []
    while stack:
        node, expanded = stack.pop()
        if len(node) == 3:
            made.append(_piece(node, chars))
        elif expanded:
            right = made.pop()
            made.append(made.pop() + right)
        else:
            left, right_shape = node
            stack += [(node, True), (right_shape, False), (left, False)]
    return made[0]


def _piece(shape: _Shape, chars: list[tuple[str, Style]]) -> _Atom:
    start, end, space = cast(tuple[int, int, bool], shape)
    return _Atom(tuple(chars[start:end]), space, at=start)


def _atomize(spans: Sequence[Span]) -> list[_Atom]:
    chars = [(char, span.style) for span in spans for char in span.text]
    atoms: list[_Atom] = []
    i, n = 0, len(chars)
    glued = False  # the atom before ends in a no-break space or a word joiner: no break after it
    while i < n:
        char = chars[i][0]
        j = i + 1
        if not glued and _alone(char) and (j == n or chars[j][0] not in GLUE):
            atoms.append(_Atom((chars[i],), at=i))  # most characters: what the steps below make of them
            i = j
            continue
        if char.isspace() and char not in GLUE:
            while j < n and chars[j][0].isspace() and chars[j][0] not in GLUE:
                j += 1
            atoms.append(_Atom((chars[i],), space=True, at=i))  # a run of spaces counts as its first
            i = j
            glued = False
            continue
        if _url_at(chars, i):
            while j < n and not chars[j][0].isspace() and not is_cjk(chars[j][0]):
                j += 1
        elif is_word_char(char):
            while j < n:
                nxt = chars[j][0]
                if is_word_char(nxt):
                    j += 1
                elif nxt in WORD_CONNECTORS and j + 1 < n and is_word_char(chars[j + 1][0]):
                    j += 2
                else:
                    break
            if j == i + 1 and j < n and fuses_with_han(chars[i - 1][0] if i else " ", char, chars[j][0]):
                j += 1  # X光: a letter fused to a Chinese word
        elif char in UNBREAKABLE_RUNS:
            while j < n and chars[j][0] == char:
                j += 1
        while j < n and chars[j][0] in GLUE:
            j += 1
        atom = _Atom(tuple(chars[i:j]), at=i)
        if (glued or char in GLUE) and atoms and not atoms[-1].space:
            atoms[-1] = atoms[-1] + atom
        else:
            atoms.append(atom)
        glued = chars[j - 1][0] in GLUE
        i = j
    return atoms


def _alone(char: str) -> bool:
    """A Chinese character or mark that _atomize's steps make an atom of its own (unless a no-break
    character is beside it): not a space (U+3000 is one), no web address, Latin word or —— run
    starts with it."""
    return is_cjk(char) and not char.isspace() and char not in UNBREAKABLE_RUNS


def _url_at(chars: list[tuple[str, Style]], i: int) -> bool:
    if not chars[i][0].lower().startswith(_URL_HEADS):  # most atoms: no address starts here
        return False
    head = "".join([c for c, _ in chars[i : i + 8]]).lower()
    return head.startswith(URL_PREFIXES)


_URL_HEADS = tuple(sorted({prefix[0] for prefix in URL_PREFIXES}))  # a first letter, lowered


def _glue_units(atoms: list[_Atom]) -> list[_Atom]:
    """Keep a number with the unit after it: 3 組, 10-20 分鐘, 5 kg."""
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        i += 1
        if atom.space or not any(c.isdigit() for c in atom.text):
            out.append(atom)
            continue
        k = i + 1 if i < len(atoms) and atoms[i].space else i
        following = "".join(a.text for a in atoms[k : k + 4])
        unit = next((u for u in UNITS if following.startswith(u)), None)
        if unit is None:
            out.append(atom)
            continue
        covered = 0
        end = k
        while covered < len(unit):
            covered += len(atoms[end].text)
            end += 1
        if covered != len(unit):
            out.append(atom)
            continue
        for extra in atoms[i:end]:
            atom = atom + extra
        out.append(atom)
        i = end
    return out


def _glue_kinsoku(atoms: list[_Atom]) -> list[_Atom]:
    backward: list[_Atom] = []
    for atom in atoms:
        closing = not atom.space and atom.text[0] in NO_LINE_START
        if closing and backward and backward[-1].space and len(backward) > 1:
            space = backward.pop()
            backward[-1] = backward[-1] + space + atom
        elif closing and backward:
            backward[-1] = backward[-1] + atom
        else:
            backward.append(atom)
    out: list[_Atom] = []
    carry: _Atom | None = None
    for atom in backward:
        if carry is not None:
            if atom.space:
                continue
            atom, carry = carry + atom, None
        if not atom.space and atom.text[-1] in NO_LINE_END:
            carry = atom
            continue
        out.append(atom)
    if carry is not None:
        out.append(carry)
    return out


def break_offsets(text: str, style: Style) -> set[int]:
    """Offsets into text (single-spaced, as normalised) where a line may break: before and
    after each space, and between two pieces the body-text rules keep apart."""
    offsets: set[int] = set()
    position = 0
    for atom in _units([Span(text, style)]):
        if position:
            offsets.add(position)
        position += len(atom.text)
    return offsets


def spans_of(lines: Sequence[Line]) -> list[Span]:
    """The styled text of some lines, e.g. the part of a paragraph that moved to the next page."""
    spans: list[Span] = []
    pieces: list[str] = []
    current: Style | None = None
    cut = False  # the line before ended inside a word: no space went, and its hyphen goes
    for line in lines:
        chars = [pair for atom in line.atoms for pair in atom.chars]
        if line.hyphenated:
            chars.pop()
        if chars and pieces and not cut and is_word_char(pieces[-1]) and is_word_char(chars[0][0]):
            chars.insert(0, (" ", chars[0][1]))  # the space a break between two words took away
        cut = line.hyphenated
        for char, style in chars:
            if style is not current and pieces and current is not None:
                spans.append(Span("".join(pieces), current))
                pieces = []
            current = style
            pieces.append(char)
    if pieces and current is not None:
        spans.append(Span("".join(pieces), current))
    return spans


_BREAK_AFTER = frozenset("-–~～/")  # where PowerPoint and LibreOffice break inside a word
_OPEN_AFTER = frozenset("、，；：。！？")  # where they may not break before a number, and we do


def nonbreaking(text: str, style: Style) -> str:
    """Text for a renderer that breaks lines itself (a deck in PowerPoint or LibreOffice), with
    no-break spaces and word joiners where it would break inside what this breaker keeps whole:
    「2–9 個月」, 「09:00-12:00」, 「X光」. The text reads the same; web addresses are left alone.
    What is kept whole depends on the characters only, not on `style` (a deck sets one text at
    several sizes): remembered by text."""
    return _nonbreaking(text)


@lru_cache(maxsize=8192)  # a deck writes each text once per build; watch mode rebuilds it often
def _nonbreaking(text: str) -> str:
    out: list[str] = []
    for atom in _glue_units(_atomize([Span(text, _UNMEASURED)])):
        piece = atom.text
        if out and out[-1][-1] in _OPEN_AFTER and is_word_char(piece[0]):
            out.append("\u200b")  # 「、14:30」: LibreOffice would not break here, the breaker does
        if atom.space or len(piece) < 2 or piece.lower().startswith(URL_PREFIXES):
            out.append(piece)
            continue
        out.append(piece[0])
        for before, after in pairwise(piece):
            if after == " ":
                out.append("\u00a0")
                continue
            if (before in _BREAK_AFTER and is_word_char(after)) or (is_word_char(before) and is_han(after)):
                out.append("\u2060")
            out.append(after)
    return "".join(out)


ELLIPSIS = "…"


def shortened(text: str, style: Style, width: float, most_lines: int) -> str:
    """The text, or its start and 「…」, in at most `most_lines` lines of `width` (a grid's row
    name, a handout's heading; the text is in full elsewhere).

    Ends by construction: each try drops one more character, and an empty start fits."""
    lines = break_lines([Span(text, style)], width)
    if len(lines) <= most_lines:
        return text
    keep = len("".join(line.text for line in lines[:most_lines]))
    for end in range(keep, -1, -1):
        candidate = text[:end].rstrip() + ELLIPSIS
        if len(break_lines([Span(candidate, style)], width)) <= most_lines:
            return candidate
    return ELLIPSIS


def text_width(text: str, style: Style) -> float:
    """Natural width of text in points, as the renderers will set it."""
    return style.width(text)


def min_content_width(text: str, style: Style) -> float:
    """The widest piece of text that cannot be broken (a word, a number with its unit)."""
    atoms = _units([Span(text, style)])
    return max((atom.width for atom in atoms if not atom.space), default=0.0)


def count_lines(text: str, style: Style, measure: float) -> int:
    """How many lines text needs at this size and width."""
    return len(break_lines([Span(text, style)], measure))
