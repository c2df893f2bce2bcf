"""Pictures a spec or clinic profile names (logos, exercise pictures): checked before drawing.

Only PNG and JPEG inside the spec's (or profile's) folder, of a sane size: a symlink out
of the folder, a GIF, or a decompression bomb is a located error, not a crash.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from builder.errors import SpecError
from builder.spec.loader import LoadedSpec, LoadedTalk, resolve_reference
from builder.spec.model import ConditionSpec, InlinePose
from builder.spec.yamlsource import FieldPath, YamlDocument

if TYPE_CHECKING:
    from builder.figures.marks import Verdict
    from builder.figures.picture import PictureDef
    from builder.figures.scene import Scene


def check_logo(loaded: LoadedSpec | LoadedTalk) -> None:
    """A clinic logo must be a PNG or JPEG of sensible size, checked before anything is drawn."""
    clinic, source = loaded.clinic, loaded.clinic_source
    if clinic is None or source is None or clinic.logo is None:
        return
    check_image(clinic.logo, source, ("logo",), "a logo")


def picture_fields(spec: ConditionSpec) -> list[tuple[str | InlinePose, FieldPath]]:
    """Every `picture:` a spec gives, with where it is written."""
    found: list[tuple[str | InlinePose | None, FieldPath]] = []
    found += [(m.picture, ("ng_moves", i, "picture")) for i, m in enumerate(spec.ng_moves)]
    found += [(p.picture, ("sleep_positions", i, "picture")) for i, p in enumerate(spec.sleep_positions)]
    found += [
        (e.picture, ("exercises", s, "exercises", i, "picture"))
        for s, stage in enumerate(spec.exercises)
        for i, e in enumerate(stage.exercises)
    ]
    return [(value, where) for value, where in found if value]


def check_pictures(loaded: LoadedSpec | LoadedTalk) -> None:
    """Every `picture:` names a library picture, a PNG/JPEG inside the spec's folder, or is a
    pose a body can take (an impossible one names the joint, the angle and the range allowed)."""
    from builder.figures.library import is_library_picture
    from builder.figures.picture import PictureError

    specs = loaded.distinct_conditions() if isinstance(loaded, LoadedTalk) else [loaded]
    for item in specs:
        source = item.source
        for value, where in picture_fields(item.spec):
            if isinstance(value, InlinePose):
                try:
                    inline_picture(value)
                except PictureError as error:
                    raise SpecError(str(error), source.locate((*where, *error.where))) from None
                continue
            if is_library_picture(value):
                _check_exercise_picture(value, where, source, item.spec.language)
                continue
            if Path(value).suffix.lower() not in (".png", ".jpg", ".jpeg"):
                raise SpecError(
                    f"'{value}' is neither a library picture (list them with `leafdeck pictures`) "
                    "nor a PNG or JPEG file",
                    source.locate(where, value=True),
                )
            check_image(value, source, where, "a picture")


def _check_exercise_picture(name: str, where: FieldPath, source: YamlDocument, language: str) -> None:
    """An exercise's picture shows the move to do: a library picture of a move to avoid (drawn
    with ✗ 避免 and a red frame, e.g. 站著大幅度往側邊彎腰拉筋) beside the steps would tell the
    patient both to do it and not to, and without its mark it would show the harmful version."""
    from builder.figures.library import library

    picture = library()[name]
    if where[0] != "exercises" or picture.verdict != "avoid":
        return
    raise SpecError(
        f"'{name}' is a picture of a move to avoid ({picture.description(language)}), "
        "drawn with a ✗; an exercise needs a picture of the move to do: choose another (list them "
        "with `leafdeck pictures`) or describe the pose here (see README, Pictures)",
        source.locate(where, value=True),
    )


def inline_picture(pose: InlinePose) -> PictureDef:
    """A spec's own pose as a picture (PictureError when a body cannot take it)."""
    from builder.figures.library import positions
    from builder.figures.picture import parse_picture

    data = pose.model_dump(exclude_none=True)
    return parse_picture("inline pose", data, positions())


def figure_scene(
    value: str | InlinePose | None,
    language: str,
    verdict: Verdict | None = None,
    hold: int | None = None,
    word: str | None = None,
) -> Scene | None:
    """A spec's `picture:` value as a posed figure (an inline pose, or a library picture posed
    once per process); None for an image file or no picture. The one place leaflets and decks
    turn a picture value into a scene (see builder.figures.picture.picture_scene for `word`)."""
    from builder.figures.library import is_library_picture, library_scene
    from builder.figures.picture import picture_scene

    if isinstance(value, InlinePose):
        return picture_scene(inline_picture(value), language, verdict, hold, word)
    if is_library_picture(value):
        assert isinstance(value, str)
        return library_scene(value, language, verdict, hold, word)
    return None


def check_image(value: str, source: YamlDocument, where: FieldPath, what: str) -> None:
    """The named file is inside the allowed folder and is a whole PNG or JPEG under 40 megapixels."""
    path = resolve_reference(value, source, where)
    from PIL import Image, UnidentifiedImageError

    located = source.locate(where, value=True)
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        raise SpecError(
            f"'{value}' is far too many pixels for {what}; use one under 40 megapixels", located
        ) from None
    except (UnidentifiedImageError, OSError):
        raise SpecError(
            f"'{value}' is not an image that can be read; use a PNG or JPEG file", located
        ) from None
    if kind not in ("PNG", "JPEG"):
        raise SpecError(f"'{value}' is a {kind} image; use a PNG or JPEG file", located)
    if width * height > 40_000_000:
        raise SpecError(f"'{value}' is {width} × {height} pixels; use {what} under 40 megapixels", located)
    try:  # decode every pixel now: a damaged file must fail here, not halfway through a build
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SpecError(
            f"'{value}' is damaged ({reason}); open it in an image editor and save it again as PNG or JPEG",
            located,
        ) from None
