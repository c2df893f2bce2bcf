"""Traditional (Taiwan) ↔ Simplified (mainland) conversion of a whole spec.

OpenCC converts phrase by phrase with regional vocabulary (s2twp / tw2sp: 視頻 →
影片, not just 视→視). Medical words it leaves in the other region's usage are fixed
by a small glossary of the project's own. The YAML is edited in place (ruamel's
round-trip mode), so comments, key order and quoting stay; paths and the review date
are not text to convert. The result says at the top that a person must review it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from builder.errors import BuildError, Location, SpecError
from builder.images import picture_fields
from builder.output import write_atomic
from builder.spec.loader import LoadedSpec, load_spec, validate_condition
from builder.spec.yamlsource import FieldPath, read_yaml

# applied after OpenCC, in order; keys are patterns of what OpenCC gives, values the region's own word
GLOSSARY: dict[str, dict[str, str]] = {
    "zh-Hant-TW": {
        "康復科": "復健科",
        "康復": "復健",
        "理療": "物理治療",
        "醫生": "醫師",
        "體外衝擊波": "體外震波",
        "衝擊波": "震波",
        "(?<!核)磁共振": "核磁共振",
        "二維碼": "QR code",
        "隨訪": "追蹤",
        "複診": "回診",
        "綜合徵": "症候群",
        "綜合症": "症候群",
        "“": "「",
        "”": "」",
        "‘": "『",
        "’": "』",
    },
    "zh-Hans-CN": {
        "图像": "影像",  # 医学影像: tw2sp's 图像 is the word for pictures
        "复健科": "康复科",
        "复健": "康复",
        "卫教": "健康教育",
        "医师": "医生",
        "健保": "医保",
        "回诊": "复诊",
        "症候群": "综合征",
        "体外震波": "体外冲击波",
        "震波": "冲击波",
        "「": "“",
        "」": "”",
        "『": "‘",
        "』": "’",
    },
}
OPENCC_CONFIG = {"zh-Hant-TW": "s2twp", "zh-Hans-CN": "tw2sp"}
# names of files, web addresses, pictogram keys and font files are never converted:
# 橋式圖.png must not become 桥式图.png, or the copy would not build
NOT_TEXT = {"language", "clinic", "font", "review_date", "logo", "website", "leaflet_url", "picture", "video"}


def converter(target: str) -> Any:
    """A function from text to text in the target region's script and words."""
    import opencc

    engine = opencc.OpenCC(OPENCC_CONFIG[target])
    glossary = [(re.compile(pattern), word) for pattern, word in GLOSSARY[target].items()]

    def convert(text: str) -> str:
        result: str = engine.convert(text)
        for pattern, word in glossary:
            result = pattern.sub(word, result)
        return result

    return convert


def default_output(spec: Path, target: str) -> Path:
    return spec.with_name(f"{spec.stem}.{target}{spec.suffix}")


def convert_spec(spec: Path, target: str, out: Path | None = None, today: dt.date | None = None) -> Path:
    """Write a converted copy of a valid spec; refuses to overwrite a file."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    source = load_spec(spec)
    if source.spec.language == target:
        raise SpecError(f"the spec is already in {target}", source.source.locate(("language",), value=True))
    target_path = out or default_output(spec, target)
    if target_path.exists():
        raise BuildError("the file already exists; choose another name with -o", Location(target_path))
    yaml = YAML(typ="rt")
    yaml.width = 4096  # keep each line as the author wrote it
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  - item", as the bundled specs and `init` write
    yaml.preserve_quotes = True
    data = yaml.load(spec.read_text(encoding="utf-8-sig"))
    assert isinstance(data, CommentedMap)
    for where, moved in _references_from(source, target_path.parent).items():
        _set(data, where, moved)
    convert = converter(target)
    _convert_in_place(data, convert)
    data["language"] = target
    when = (today or dt.date.today()).isoformat()
    if "review_date" in data:
        del data["review_date"]
    header = (
        f"# Converted from {spec.name} ({source.spec.language}) to {target} by leafdeck convert on {when}.\n"
        "# NOT REVIEWED: a person must read every sentence, fix the wording, then add review_date.\n"
        "# Check that 'clinic:' names a clinic profile for this region.\n"
    )
    buffer = io.StringIO()
    buffer.write(header)
    yaml.dump(data, buffer)
    write_atomic(target_path, buffer.getvalue().encode("utf-8"))
    try:  # the copy must be a valid spec (its clinic path is the author's to check)
        validate_condition(read_yaml(target_path))
    except Exception:
        target_path.unlink(missing_ok=True)
        raise
    return target_path


def _references_from(loaded: LoadedSpec, folder: Path) -> dict[FieldPath, str]:
    """The spec's relative file names rewritten for a copy written in folder. A file the copy
    could not reach (files a spec uses must be in its folder or below) is refused, naming it."""
    from builder.figures.library import is_library_picture

    spec = loaded.spec
    named: list[tuple[str, FieldPath]] = [
        (value, where)
        for value, where in picture_fields(spec)
        if isinstance(value, str) and not is_library_picture(value)
    ]
    if spec.clinic:
        named.append((spec.clinic, ("clinic",)))
    if spec.font:
        fonts = (("regular", spec.font.regular), ("bold", spec.font.bold))
        named += [(file, ("font", key)) for key, file in fonts if file]
    here, there = loaded.folder.resolve(), folder.resolve()
    if here == there:
        return {}
    moved: dict[FieldPath, str] = {}
    unreachable: list[str] = []
    for value, where in named:
        file = (here / value).resolve()
        if file.is_relative_to(there):
            moved[where] = file.relative_to(there).as_posix()
        else:
            unreachable.append(value)
    if unreachable:
        raise BuildError(
            f"a copy in {folder} could not use {', '.join(unreachable)} (files a spec uses must be in "
            f"its folder or below): copy them into {folder} first, or write the copy beside the spec",
            Location(folder),
        )
    return moved


def _set(data: Any, where: FieldPath, value: str) -> None:
    for part in where[:-1]:
        data = data[part]
    data[where[-1]] = value


def _convert_in_place(node: Any, convert: Any) -> None:
    if isinstance(node, dict):
        for key in list(node):
            if key in NOT_TEXT:
                continue
            node[key] = _converted(node[key], convert)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            node[index] = _converted(item, convert)


def _converted(value: Any, convert: Any) -> Any:
    if isinstance(value, str):
        return type(value)(convert(str(value))) if type(value) is not str else convert(value)
    _convert_in_place(value, convert)
    return value
