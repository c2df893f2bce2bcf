"""Regenerate the bundled static Noto Sans TC / SC fonts from the variable originals.

Why: reportlab embeds only TrueType (glyf) fonts and cannot read variable or CFF
fonts, and the full CJK fonts are too large to ship four times. This script
instances the variable fonts (PyPI ``justmytype-intl-cjk``) to weights 400 and
700, keeps the characters of Big5, GB2312, ASCII, common punctuation and every
character used by the seed articles and bundled handouts, and records each
output's sha256 in ``manifest.json``.

Run: ``pip install justmytype-intl-cjk fonttools && python fonts/regenerate.py``
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from importlib import metadata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PACKAGE = "justmytype-intl-cjk"
FAMILIES = {"TC": "notosanstc/NotoSansTC[wght].ttf", "SC": "notosanssc/NotoSansSC[wght].ttf"}
WEIGHTS = {"Regular": 400, "Bold": 700}


def _codec_chars(codec: str) -> set[int]:
    """Every character a double-byte legacy codec can encode."""
    chars: set[int] = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def wanted_codepoints() -> set[int]:
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    cps |= set(range(0x2000, 0x2070))  # general punctuation: dashes, quotes, ellipsis
    cps |= set(range(0x2190, 0x2200))  # arrows
    cps |= set(range(0x2460, 0x24FF))  # circled numbers
    cps |= set(range(0x2500, 0x2600))  # box drawing, shapes (tick boxes)
    cps |= {0x2605, 0x2606, 0x2610, 0x2611, 0x2612, 0x2713, 0x2714, 0x2715, 0x2716, 0x2717}
    cps |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    cps |= set(range(0xFF00, 0xFFF0))  # full-width forms
    cps |= {0x00B0, 0x00D7, 0x00F7, 0x2103, 0x2116, 0x2122, 0x2160, 0x2161, 0x2162, 0x2163}
    cps |= _codec_chars("big5") | _codec_chars("gb2312")
    for folder in (REPO / "handouts", REPO.parent / "shared" / "seeds"):
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.suffix in {".txt", ".yaml", ".yml"}:
                cps |= {ord(c) for c in path.read_text(encoding="utf-8")}
    return {c for c in cps if c >= 0x20}


def build(source: Path, weight: int, target: Path, cps: set[int]) -> None:
    font = TTFont(source)
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["STAT", "DSIG"]
    subsetter = subset.Subsetter(options)
    present = set(static.getBestCmap())
    subsetter.populate(unicodes=sorted(cps & present))
    subsetter.subset(static)
    static.save(target)


def main() -> int:
    import justmytype_intl_cjk

    root = Path(justmytype_intl_cjk.__file__).resolve().parent / "fonts" / "ofl"
    version = metadata.version(PACKAGE)
    cps = wanted_codepoints()
    entries = []
    for region, rel in FAMILIES.items():
        source = root / rel
        for style, weight in WEIGHTS.items():
            name = f"NotoSans{region}-{style}.ttf"
            target = HERE / name
            print(f"building {name} from {source.name} at wght={weight}", flush=True)
            build(source, weight, target, cps)
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            entries.append(
                {
                    "file": name,
                    "family": f"Noto Sans {region}",
                    "style": style,
                    "weight": weight,
                    "source": f"{PACKAGE} {version}: fonts/ofl/{rel}",
                    "sha256": digest,
                    "bytes": target.stat().st_size,
                }
            )
    shutil.copyfile(root / "notosanstc" / "OFL.txt", HERE / "OFL.txt")
    manifest = {
        "source_package": PACKAGE,
        "source_version": version,
        "upstream": "Noto Sans TC / SC variable fonts (google/fonts, OFL-1.1)",
        "regenerate": "python fonts/regenerate.py",
        "coverage": "Big5, GB2312, ASCII, Latin-1, CJK punctuation, seed and handout characters",
        "license": "OFL-1.1 (fonts/OFL.txt)",
        "fonts": entries,
    }
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
