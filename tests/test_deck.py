"""Talk decks read back with python-pptx, and rendered with LibreOffice where it is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, HANDOUTS, REPO, SEEDS, deck_text, in_order, pdffonts, run_cli, squash
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from builder.preview import fontconfig_file
from builder.spec.loader import load_spec, load_talk
from builder.typeset import normalize_text

DECKS = REPO / "decks"
TALK = DECKS / "back-buttock-leg.yaml"
ADVERSARIAL = DATA / "adversarial-deck.yaml"
LAYOUT_DECKS = DATA / "decks"  # shoulder (Traditional), knee (Simplified), an ugly shoulder
PROFESSIONAL = DATA / "talk-professional.yaml"  # audience: professional
OLDER_ADULTS = DATA / "talk-older-adults.yaml"  # the same talk for the default audience
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every seed's condition deck, the bundled talk, the adversarial spec, the test-data decks
    of other body regions (card grids, maps, pictures, an ugly one) and a talk for each audience,
    built once."""
    out = tmp_path_factory.mktemp("decks")
    specs = (HANDOUTS, TALK, ADVERSARIAL, LAYOUT_DECKS, PROFESSIONAL, OLDER_ADULTS)
    result = run_cli("build", *specs, "-o", out, "-f", "deck")
    assert result.code == 0, result.stderr
    yield out


def _all_decks(out: Path) -> list[Path]:
    return sorted(out.glob("*.deck.pptx"))


def test_every_seed_and_the_talk_have_a_deck(decks: Path) -> None:
    names = {p.name for p in _all_decks(decks)}
    assert {f"{seed.stem}.deck.pptx" for seed in SEEDS} <= names
    assert "back-buttock-leg.deck.pptx" in names


def test_slides_are_16_9_with_our_layouts_only(decks: Path) -> None:
    for path in _all_decks(decks):
        prs = Presentation(str(path))
        assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
        names = [layout.name for layout in prs.slide_layouts]
        assert names == [
            "Title Slide",
            "Section Header",
            "Big Statement",
            "Title and Content",
            "Two Content",
            "Picture and Text",
            "Card Grid",
            "Body Map",
            "Comparison Table",
            "Checklist",
            "Red Flags",
            "Summary",
            "Q&A and Contact",
        ]
        for layout in prs.slide_layouts:
            for shape in layout.placeholders:  # every layout box is inside a 16:9 slide
                assert shape.left + shape.width <= prs.slide_width
                assert shape.top + shape.height <= prs.slide_height


def test_core_properties_are_ours_and_fixed(decks: Path) -> None:
    spec = load_spec(HANDOUTS / "sciatica.yaml").spec
    props = Presentation(str(decks / "sciatica.deck.pptx")).core_properties
    assert props.title == normalize_text(spec.title)
    assert props.last_modified_by == "leafdeck"
    assert props.author == "安心復健科診所（範例）"
    assert spec.review_date is not None
    assert props.created is not None and props.created.date() == spec.review_date
    assert props.modified == props.created
    assert props.revision == 1
    talk = Presentation(str(decks / "back-buttock-leg.deck.pptx")).core_properties
    assert talk.created is not None and talk.created.date().isoformat() == "2026-12-05"


def _xml_parts(path: Path) -> Iterator[tuple[str, etree._Element]]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith(("ppt/slides/slide", "ppt/notesSlides/notesSlide")) and name.endswith(".xml"):
                yield name, etree.fromstring(archive.read(name))


@pytest.mark.parametrize("stem", [*(s.stem for s in SEEDS), "back-buttock-leg"])
def test_every_run_says_its_language_and_east_asian_font(decks: Path, stem: str) -> None:
    language = (
        load_talk(TALK).talk.language
        if stem == "back-buttock-leg"
        else load_spec(HANDOUTS / f"{stem}.yaml").spec.language
    )
    lang = {"zh-Hant-TW": "zh-TW", "zh-Hans-CN": "zh-CN"}[language]
    font = {"zh-TW": "Microsoft JhengHei", "zh-CN": "Microsoft YaHei"}[lang]
    checked = 0
    for name, root in _xml_parts(decks / f"{stem}.deck.pptx"):
        for props in root.iter(f"{A}rPr", f"{A}endParaRPr"):
            parent = props.getparent()
            assert parent is not None
            if parent.tag not in (f"{A}r", f"{A}br", f"{A}p"):
                continue
            assert props.get("lang") == lang, (name, etree.tostring(parent, encoding="unicode")[:200])
            assert props.get("altLang") == "en-US"
            ea = props.find(f"{A}ea")
            latin = props.find(f"{A}latin")
            assert ea is not None and ea.get("typeface") == font, name
            # the region, shape and pitch, so a PC without the face substitutes one of this region
            assert ea.get("charset") == {"zh-TW": "-120", "zh-CN": "-122"}[lang], name
            assert ea.get("panose") and ea.get("pitchFamily") == "34", name
            assert latin is not None and latin.get("typeface") == "Arial", name
            assert (latin.get("charset"), latin.get("panose")) == ("0", "020B0604020202020204"), name
            checked += 1
    assert checked > 100


def _condition_strings(stem: str) -> list[str]:
    loaded = load_spec(HANDOUTS / f"{stem}.yaml")
    return [normalize_text(text) for text, _ in loaded.texts()]


@pytest.mark.parametrize("stem", [s.stem for s in SEEDS])
def test_every_spec_string_is_on_a_slide_or_in_notes(decks: Path, stem: str) -> None:
    text = deck_text(decks / f"{stem}.deck.pptx")
    for string in _condition_strings(stem):
        assert in_order(squash(string), text) and squash(string)[:12] in text, string


def test_talk_shows_its_own_text_and_every_red_flag(decks: Path) -> None:
    loaded = load_talk(TALK)
    text = deck_text(decks / "back-buttock-leg.deck.pptx")
    own = [normalize_text(t) for t, location in loaded.texts() if location.file == loaded.path]
    assert len(own) > 20
    for string in own:
        assert squash(string) in text, string
    for condition in loaded.distinct_conditions():
        assert squash(normalize_text(condition.spec.title)) in text
        # red flags are shown even where the talk's section list leaves them out
        assert condition.spec.red_flags is not None
        for flag in condition.spec.red_flags.items:
            assert squash(normalize_text(flag)) in text, flag


def test_a_talk_without_its_own_disclaimer_calls_itself_slides_not_a_leaflet(decks: Path) -> None:
    """The default disclaimer on a talk's last slide said 本單張 (this leaflet) to a room."""
    assert load_talk(TALK).talk.disclaimer is None
    prs = Presentation(str(decks / "back-buttock-leg.deck.pptx"))
    last = squash("".join(s.text_frame.text for s in prs.slides[-1].shapes if s.has_text_frame))
    assert "本簡報僅供衛教參考" in last and "本單張" not in last


def test_talk_follows_the_sections_it_chose(decks: Path) -> None:
    text = deck_text(decks / "back-buttock-leg.deck.pptx")
    sciatica = load_spec(HANDOUTS / "sciatica.yaml").spec
    assert squash(normalize_text(sciatica.comparisons[0].title)) in text  # chosen
    assert sciatica.myths and squash(normalize_text(sciatica.myths[0].myth)) not in text  # not chosen


def test_a_chosen_section_the_spec_lacks_is_a_warning(tmp_path: Path) -> None:
    talk = tmp_path / "decks" / "t.yaml"
    talk.parent.mkdir()
    shutil.copytree(HANDOUTS, tmp_path / "handouts")
    talk.write_text(
        "title: 講座\nlanguage: zh-Hant-TW\nparts:\n  - condition: ../handouts/sciatica.yaml\n"
        "    sections: [what_it_is, ng_moves]\n"
    )
    result = run_cli("build", talk, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    assert "parts[0]: sciatica.yaml has no ng_moves" in result.stderr
    assert (tmp_path / "out" / "t.deck.pptx").is_file()


def test_condition_deck_has_the_slides_a_talk_needs(decks: Path) -> None:
    prs = Presentation(str(decks / "superior-cluneal-nerve.deck.pptx"))
    titles = [slide.shapes.title.text_frame.text.replace("\v", "") for slide in prs.slides]
    for wanted in (
        "一句話記住",
        "今天要談的",
        "危險警訊：請立即就醫",
        "睡姿建議",
        "常見問題",
        "重點回顧",
        "Q&A 問與答",
    ):
        assert any(t.startswith(wanted) for t in titles), (wanted, titles)
    closing = prs.slides[-1]
    assert any(shape.name == "QR code" for shape in closing.shapes)
    tables = [s for s in prs.slides if any(getattr(sh, "has_table", False) for sh in s.shapes)]
    assert tables, "comparison tables are native tables"


def test_simplified_deck_uses_simplified_labels(decks: Path) -> None:
    text = deck_text(decks / "calf-cramp-sciatica.deck.pptx")
    assert "危险信号" in text and "重点回顾" in text
    assert "危險警訊" not in text


def test_same_spec_same_bytes(tmp_path: Path, decks: Path) -> None:
    again = tmp_path / "again"
    result = run_cli("build", TALK, HANDOUTS / "sciatica.yaml", "-o", again, "-f", "deck")
    assert result.code == 0, result.stderr
    for name in ("back-buttock-leg.deck.pptx", "sciatica.deck.pptx"):
        assert (again / name).read_bytes() == (decks / name).read_bytes(), name
    with zipfile.ZipFile(again / "sciatica.deck.pptx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_adversarial_spec_continues_instead_of_overflowing(decks: Path) -> None:
    prs = Presentation(str(decks / "adversarial-deck.deck.pptx"))
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert any(t.endswith("（續）") for t in titles if t.startswith("十二列的比較表"))
    assert any(t.endswith("（續）") for t in titles if t.startswith("危險警訊"))
    assert any(t.endswith("（續）") for t in titles if t.startswith("常見症狀"))
    for slide in prs.slides:  # a table that continues repeats its header row
        for shape in slide.shapes:
            if getattr(shape, "has_table", False):
                assert [c.text for c in shape.table.rows[0].cells] == ["情況", "症狀", "檢查", "處理"]
    text = deck_text(decks / "adversarial-deck.deck.pptx")
    for string, _ in load_spec(ADVERSARIAL).texts():
        assert in_order(squash(normalize_text(string)), text), string[:30]


def test_no_text_is_set_below_the_floors(decks: Path) -> None:
    """Body text at least 28 pt and titles at least 36 pt for older adults (every deck but a talk
    for professionals: 24 and 32 pt); only the footer line and the closing slide's small print
    (review date, disclaimer, QR caption) are smaller."""
    for path in _all_decks(decks):
        body, title = (24, 32) if path.name == "talk-professional.deck.pptx" else (28, 36)
        for slide in Presentation(str(path)).slides:
            for shape in slide.shapes:
                if not shape.has_text_frame or shape.name in (
                    "Footer",
                    "Review date and disclaimer",
                    "QR caption",
                ):
                    continue
                floor = title if shape == slide.shapes.title else body
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size is not None and run.font.size.pt >= floor, (path.name, run.text)


def _questions(shape: object) -> int:
    """The FAQ questions of a text box (paragraphs marked Q): a FAQ section's items."""
    return sum(
        1
        for paragraph in shape.text_frame.paragraphs  # type: ignore[attr-defined]
        if (bullet := paragraph._p.find(f"{A}pPr/{A}buChar")) is not None and bullet.get("char") == "Q"
    )


def _body_lines(shape: object) -> int:
    """Lines of a text box, measured as the deck fitter measures them."""
    from test_long_titles import _INVISIBLE, MEASURE

    lines = 0
    inner = Emu(shape.width).pt - 2 * 6.0  # type: ignore[attr-defined]
    for paragraph in shape.text_frame.paragraphs:  # type: ignore[attr-defined]
        runs = paragraph.runs
        if runs:
            text = "".join(run.text for run in runs).translate(_INVISIBLE)
            margin = int(paragraph._p.pPr.get("marL", "0")) / EMU_PER_PT
            bold = any(run.font.bold for run in runs)
            lines += MEASURE.lines(text, runs[0].font.size.pt, bold, inner - margin)
    return lines


@pytest.mark.parametrize("stem", ["back-buttock-leg", "sciatica", "talk-older-adults", "talk-professional"])
def test_a_slide_holds_at_most_six_lines_for_older_adults(decks: Path, stem: str) -> None:
    """Item 13.3: at most six lines of text in a slide's box (nine for professionals); the Q&A
    slide's contact details, copied down rather than read, and red flags, kept on one slide
    where they fit, may take nine (twelve)."""
    most, longer = (9, 12) if stem == "talk-professional" else (6, 9)
    slides = list(Presentation(str(decks / f"{stem}.deck.pptx")).slides)
    for number, slide in enumerate(slides, 1):
        allowed = longer if number == len(slides) or slide.slide_layout.name == "Red Flags" else most
        for shape in slide.placeholders:
            if shape == slide.shapes.title or not shape.has_text_frame:
                continue
            lines = _body_lines(shape)
            assert lines <= allowed, (stem, number, lines)


def test_a_talk_for_professionals_is_denser(decks: Path) -> None:
    professional = Presentation(str(decks / "talk-professional.deck.pptx"))
    older = Presentation(str(decks / "talk-older-adults.deck.pptx"))
    assert len(professional.slides) < len(older.slides)
    assert load_talk(PROFESSIONAL).talk.audience == "professional"
    assert load_talk(OLDER_ADULTS).talk.audience == "older_adults"  # the default


_TIME = re.compile(r"(?:建議時間：約|建议时间：约) (?:(\d+) 分(?:鐘|钟| (\d+) 秒)|(\d+) 秒)")


def _times(path: Path) -> list[int | None]:
    """Each slide's suggested time in seconds, from the first line of its notes (None: none)."""
    from test_long_titles import _INVISIBLE

    times: list[int | None] = []
    for slide in Presentation(str(path)).slides:
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        found = _TIME.fullmatch(notes.translate(_INVISIBLE).split("\n")[0])
        if found is None:
            times.append(None)
            continue
        minutes, seconds, only = found.groups()
        times.append(int(minutes or 0) * 60 + int(seconds or 0) + int(only or 0))
    return times


@pytest.mark.parametrize("spec", [TALK, PROFESSIONAL, OLDER_ADULTS], ids=lambda p: p.stem)
def test_suggested_times_add_up_to_the_talks_minutes(decks: Path, spec: Path) -> None:
    """Item 13.5: every slide's notes open with a suggested time, in 15-second steps, adding up to
    `minutes:`; a cover or section divider gets less than a slide of content on average."""
    times = _times(decks / f"{spec.stem}.deck.pptx")
    assert None not in times
    seconds = [t for t in times if t is not None]
    minutes = load_talk(spec).talk.minutes
    assert minutes is not None and sum(seconds) == minutes * 60
    assert all(t % 15 == 0 and t >= 15 for t in seconds)
    assert seconds[0] <= sum(seconds) / len(seconds)


def test_a_deck_without_minutes_suggests_no_times(decks: Path) -> None:
    """A condition spec's own deck has no length to share out: no times in its notes."""
    assert set(_times(decks / "sciatica.deck.pptx")) == {None}
    assert set(_times(decks / "calf-cramp-sciatica.deck.pptx")) == {None}


# --- LibreOffice: render the decks and check that every text lies inside its box -------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("LEAFDECK_REQUIRE_SOFFICE"):
    raise RuntimeError("LEAFDECK_REQUIRE_SOFFICE is set but LibreOffice (soffice) is not installed")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


FONT_SETUPS = ("mapped", "unmapped")


def _unmapped_fontconfig(work: Path) -> Path | None:
    """A fontconfig that sees only Debian's fonts-noto-cjk and fonts-dejavu, with the system's own
    rules (its metric aliases) and none of ours: a PC that has neither the fonts the deck names nor
    the bundled ones. None when those packages are not installed."""
    found = [
        next(Path("/usr/share/fonts").rglob(name), None)
        for name in ("NotoSansCJK-Regular.ttc", "DejaVuSans.ttf")
    ]
    if not all(found):
        return None
    dirs = "".join(f"<dir>{path.parent}</dir>\n" for path in found if path)
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'{dirs}<include ignore_missing="yes">/etc/fonts/conf.d</include>\n'
        f"<cachedir>{work / 'fontconfig-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module", params=FONT_SETUPS)
def rendered(decks: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """PDFs of every deck, rendered by LibreOffice in a folder named after the font set-up:
    "mapped", the bundled fonts standing in for the Windows fonts the decks name (fontconfig
    aliases, as `leafdeck preview` does), and "unmapped", none of that: only the CJK and Latin
    fonts a Debian machine has, chosen by LibreOffice itself."""
    assert SOFFICE is not None
    work = tmp_path_factory.mktemp(f"soffice-{request.param}")
    if request.param == "mapped":
        conf = fontconfig_file(work)
    else:
        found = _unmapped_fontconfig(work)
        if found is None:
            if os.environ.get("LEAFDECK_REQUIRE_SOFFICE"):  # CI installs them: a skip would hide a failure
                raise RuntimeError(
                    "LEAFDECK_REQUIRE_SOFFICE is set but fonts-noto-cjk or fonts-dejavu is missing"
                )
            pytest.skip("Debian's fonts-noto-cjk and fonts-dejavu are not installed")
        conf = found
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(work), "PATH": "/usr/bin:/bin"}
    out = work / request.param
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, _all_decks(decks)),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


def _page_chars(page: pdfium.PdfPage, height: float) -> list[tuple[str, float, float, float, float]]:
    textpage = page.get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1).replace("\ufffe", "-")  # pdfium: a hyphen at a line end
        if not char.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        chars.append((char, left, height - top, right, height - bottom))
    textpage.close()
    return chars


def _boxes(slide: object) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) in points for every shape that shows text."""
    boxes = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            text = squash(shape.text_frame.text)
        elif getattr(shape, "has_table", False):
            text = squash("".join(cell.text for row in shape.table.rows for cell in row.cells))
        else:
            continue
        if text:
            x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            boxes.append((text, x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT))
    return boxes


@needs_soffice
def test_libreoffice_renders_every_slide_and_nothing_overflows(decks: Path, rendered: Path) -> None:
    tolerance = 1.5
    checked = 0
    for path in _all_decks(decks):
        prs = Presentation(str(path))
        pdf = pdfium.PdfDocument(str(rendered / f"{path.stem}.pdf"))
        assert len(pdf) == len(prs.slides), path.name
        for number, (slide, page) in enumerate(zip(prs.slides, pdf, strict=True), 1):
            height = page.get_height()
            chars = _page_chars(page, height)
            for text, left, top, right, bottom in _boxes(slide):
                inside = "".join(
                    c
                    for c, x0, t, r, b in chars
                    if x0 >= left - tolerance
                    and r <= right + tolerance
                    and t >= top - tolerance
                    and b <= bottom + tolerance
                )
                assert in_order(text, inside), f"{path.name} slide {number}: text leaves its box: {text[:40]}"
                checked += 1
            page.close()
        pdf.close()
    assert checked > 200
    used = {slide.slide_layout.name for path in _all_decks(decks) for slide in Presentation(str(path)).slides}
    master = {layout.name for layout in Presentation(str(_all_decks(decks)[0])).slide_layouts}
    assert used == master, master - used  # the check above has covered every layout


@needs_soffice
def test_libreoffice_uses_the_regional_fonts(decks: Path, rendered: Path) -> None:
    """The decks name Microsoft JhengHei / YaHei; mapped (fontconfig aliases), LibreOffice draws
    them with Noto Sans TC for Traditional and Noto Sans SC for Simplified, never the other
    region's; unmapped, with Debian's Noto Sans CJK collection."""
    for stem, wanted, unwanted in (
        ("calf-cramp-sciatica", "NotoSansSC", "NotoSansTC"),
        ("sciatica", "NotoSansTC", "NotoSansSC"),
    ):
        names = " ".join(font["name"] for font in pdffonts(rendered / f"{stem}.deck.pdf"))
        if rendered.name == "mapped":
            assert wanted in names and unwanted not in names, (stem, names)
        else:
            # One font for every region: the collection's faces share one CFF table, named after
            # its first (Japanese) face, so the name cannot tell the region (the next test can).
            assert "NotoSansCJK" in names, (stem, names)


NOTO_CJK = next(Path("/usr/share/fonts").rglob("NotoSansCJK-Regular.ttc"), None)
if NOTO_CJK is None and os.environ.get("LEAFDECK_REQUIRE_SOFFICE"):
    raise RuntimeError("LEAFDECK_REQUIRE_SOFFICE is set but Debian's fonts-noto-cjk is not installed")


def _regional_shapes(text: str, region: str) -> dict[str, dict[str, float]]:
    """{character: {region: width / height of its glyph}} for the Chinese characters of the text
    whose glyph in this region differs clearly in shape from the other two (Noto Sans CJK)."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTCollection

    assert NOTO_CJK is not None
    faces = {}
    for font in TTCollection(str(NOTO_CJK), lazy=True).fonts:
        name = str(font["name"].getDebugName(6))
        for tag in ("jp", "sc", "tc"):
            if name == f"NotoSansCJK{tag}-Regular":
                faces[tag.upper()] = font
    shapes: dict[str, dict[str, float]] = {}
    for char in sorted(set(text)):
        if not "\u4e00" <= char <= "\u9fff":
            continue
        ratios, names = {}, {}
        for other, font in faces.items():
            glyphs = font.getGlyphSet()
            names[other] = font.getBestCmap()[ord(char)]
            pen = BoundsPen(glyphs)
            glyphs[names[other]].draw(pen)
            assert pen.bounds is not None
            left, bottom, right, top = pen.bounds
            ratios[other] = (right - left) / (top - bottom)
        # the other regions that draw it differently (a simplified character's Traditional face
        # often has the same glyph as the Simplified one)
        rivals = {other: ratio for other, ratio in ratios.items() if names[other] != names[region]}
        if rivals and all(abs(ratios[region] - ratio) > 0.06 for ratio in rivals.values()):
            shapes[char] = {region: ratios[region], **rivals}
    return shapes


@needs_soffice
@pytest.mark.skipif(NOTO_CJK is None, reason="Debian's fonts-noto-cjk is not installed")
def test_libreoffice_draws_the_regions_glyph_forms(decks: Path, rendered: Path) -> None:
    """What the reader sees: the glyphs drawn have the shapes of the deck's region (a character's
    Traditional, Simplified and Japanese forms differ in width and height, like 曾, 复, 关), in
    both set-ups. Unmapped, LibreOffice draws Debian's Noto Sans CJK, and the run's lang picks the
    region's forms from it (OpenType locl); the deck's charset on a:ea is for PowerPoint."""
    for stem, region in (("calf-cramp-sciatica", "SC"), ("sciatica", "TC"), ("back-buttock-leg", "TC")):
        shapes = _regional_shapes(deck_text(decks / f"{stem}.deck.pptx", notes=False), region)
        votes = {"JP": 0, "SC": 0, "TC": 0}
        pdf = pdfium.PdfDocument(str(rendered / f"{stem}.deck.pdf"))
        for page in pdf:
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                char = textpage.get_text_range(index, 1)
                if char not in shapes:
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                if top - bottom < 1:
                    continue
                drawn = (right - left) / (top - bottom)
                votes[min(shapes[char], key=lambda r: abs(shapes[char][r] - drawn))] += 1
            textpage.close()
        pdf.close()
        assert votes[region] >= 5 and votes[region] >= 0.9 * sum(votes.values()), (stem, votes)


def test_clinic_profile_brands_the_deck(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "clinics").mkdir()
    Image.new("RGB", (300, 100), (30, 120, 60)).save(tmp_path / "clinics" / "logo.png")
    (tmp_path / "clinics" / "brand.yaml").write_text(
        "name: 綠葉診所\nwebsite: https://green.example.org\nlogo: logo.png\n"
        'colours:\n  primary: "#2E7D32"\n  accent: "#F9A825"\n'
        "slide_font:\n  east_asian: 標楷體\n  latin: Arial\n"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        (HANDOUTS / "sciatica.yaml").read_text().replace("clinics/example-clinic.yaml", "clinics/brand.yaml")
    )
    out = tmp_path / "out"
    result = run_cli("build", spec, "-o", out, "-f", "deck")
    assert result.code == 0, result.stderr
    deck = out / "spec.deck.pptx"
    prs = Presentation(str(deck))
    assert any(shape.name == "Clinic logo" for shape in prs.slides[0].shapes)
    with zipfile.ZipFile(deck) as archive:
        theme = archive.read("ppt/theme/theme1.xml").decode()
    assert '<a:accent1><a:srgbClr val="2E7D32"/>' in theme
    assert '<a:accent2><a:srgbClr val="F9A825"/>' in theme
    faces = {
        (props.find(f"{A}ea").get("typeface"), props.find(f"{A}latin").get("typeface"))
        for _, root in _xml_parts(deck)
        for props in root.iter(f"{A}rPr")
    }
    assert faces == {("標楷體", "Arial")}
    tables = [sh for s in prs.slides for sh in s.shapes if getattr(sh, "has_table", False)]
    assert str(tables[0].table.cell(0, 0).fill.fore_color.rgb) == "2E7D32"


@needs_soffice
def test_closing_qr_code_decodes_to_the_clinic_website(decks: Path, rendered: Path) -> None:
    """Read the QR code off LibreOffice's render of the last slide, as a phone camera would."""
    zxingcpp = pytest.importorskip("zxingcpp")
    for stem in ("sciatica", "back-buttock-leg", "calf-cramp-sciatica"):
        doc = pdfium.PdfDocument(str(rendered / f"{stem}.deck.pdf"))
        image = doc[len(doc) - 1].render(scale=2).to_pil()
        found = [result.text for result in zxingcpp.read_barcodes(image)]
        doc.close()
        assert found and found[0].startswith("https://clinic.example"), (stem, found)


def test_sleep_ng_and_exercise_slides_show_their_pictures(decks: Path) -> None:
    prs = Presentation(str(decks / "superior-cluneal-nerve.deck.pptx"))
    found = {
        shape.name.removeprefix("Picture ")
        for slide in prs.slides
        for shape in slide.shapes
        if shape.name.startswith("Picture ")
    }
    assert {"side_lying_pillow", "sleep_prone", "toe_touch", "dead_bug", "bridge", "bird_dog"} <= found
    for slide in prs.slides:  # native shapes the speaker can edit, never a picture
        for shape in slide.shapes:
            if shape.name.startswith("Picture "):
                assert shape.shape_type == 6 and len(shape.shapes) >= 1  # a group of named shapes
                assert (
                    shape.left + shape.width <= prs.slide_width
                    and shape.top + shape.height <= prs.slide_height
                )


def test_the_notes_master_speaks_the_decks_language(decks: Path) -> None:
    """Notes a speaker types later inherit zh-TW and the East Asian face, not python-pptx's Calibri."""
    with zipfile.ZipFile(decks / "sciatica.deck.pptx") as archive:
        names = [n for n in archive.namelist() if n.startswith("ppt/notesMasters/") and n.endswith(".xml")]
        assert names
        root = etree.fromstring(archive.read(names[0]))
    styles = list(root.iter(f"{A}defRPr"))
    assert styles
    for props in styles:
        assert props.get("lang") == "zh-TW"
        ea = props.find(f"{A}ea")
        assert ea is not None and ea.get("typeface") == "Microsoft JhengHei"


def test_notes_pages_are_copies_of_the_first_that_python_pptx_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-pptx makes the first notes page; the others are copies of it as it was made, the
    same XML and relationships as python-pptx's own, without its per-page placeholder copying."""
    from pptx import Presentation
    from pptx.parts.slide import NotesSlidePart

    from builder.render.pptx.package import NotesPages

    made: list[int] = []
    new = NotesSlidePart.new.__func__
    monkeypatch.setattr(
        NotesSlidePart,
        "new",
        classmethod(lambda cls, package, part: made.append(1) or new(cls, package, part)),
    )
    ours, theirs = Presentation(), Presentation()
    pages = NotesPages()
    for deck in (ours, theirs):
        for _ in range(3):
            deck.slides.add_slide(deck.slide_layouts[1])
    notes = [pages.of(slide) for slide in ours.slides]
    assert len(made) == 1
    assert pages.of(ours.slides[1])._element is notes[1]._element  # asked again: the page it has
    for mine, slide in zip(notes, theirs.slides, strict=True):
        reference = slide.notes_slide  # python-pptx's own
        assert mine._element.xml == reference._element.xml
        assert [(r.reltype, r.target_part.partname) for r in mine.part.rels.values()] == [
            (r.reltype, r.target_part.partname) for r in reference.part.rels.values()
        ]
    for mine, slide in zip(ours.slides, theirs.slides, strict=True):
        assert [(r.rId, r.reltype) for r in mine.part.rels.values()] == [
            (r.rId, r.reltype) for r in slide.part.rels.values()
        ]


def test_many_slides_for_the_minutes_is_a_warning_continuations_aside(tmp_path: Path) -> None:
    """About one slide a minute: continuation slides go on with their topic and are not counted."""
    slides = "".join(f"  - slide: {{title: 第 {n} 張, points: [多活動]}}\n" for n in range(9))
    spec = tmp_path / "talk.yaml"
    spec.write_text(f"title: 講座\nlanguage: zh-Hant-TW\nminutes: 5\nparts:\n{slides}", encoding="utf-8")
    result = run_cli("build", spec, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    assert "12 slides (not counting continuations) for a 5-minute talk" in result.stderr


def _amounts(path: Path) -> list[tuple[str, list[int]]]:
    """For each section that continues: the lines of body text (or table rows) on each of its
    slides, in order; a section is a slide and the 「（續）」 slides after it. A card grid's
    section counts its cards (a picture each; a slide of cards without pictures, one) instead:
    its lines depend on whether a card shares its slide (issue 13: "a continuation must hold
    at least a third of the section's items"). So does a section of items a slide each, every
    slide with a picture of its own (a move too long for a card, an exercise): its slides
    continue the section, not one item's text."""
    # lines, pictures, card grid or not, a picture of its own or not
    sections: list[tuple[str, list[int], list[int], list[bool], list[bool]]] = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        base = title.removesuffix("（續）").removesuffix("（续）")
        amount = 0
        for shape in [*slide.placeholders, *(s for s in slide.shapes if s.name == "Steps, continued")]:
            if getattr(shape, "has_table", False):
                amount += len(shape.table.rows) - 1
            elif shape != slide.shapes.title and shape.has_text_frame:
                questions = _questions(shape)  # FAQ: one or two questions a slide, counted so
                amount += questions or _body_lines(shape)
        names = [s.name for s in slide.shapes if s.shape_type == 6 and s.name.startswith("Picture ")]
        grid = slide.slide_layout.name == "Card Grid"
        if not (title != base and sections and sections[-1][0] == base):
            sections.append((base, [], [], [], []))
            shown: set[str] = set()
        own = slide.slide_layout.name == "Picture and Text" and len(names) == 1 and names[0] not in shown
        shown.update(names)
        sections[-1][1].append(amount)
        sections[-1][2].append(len(names) or 1)
        sections[-1][3].append(grid)
        sections[-1][4].append(grid or own)
    return [
        (t, cards if any(grids) or all(items) else lines)
        for t, lines, cards, grids, items in sections
        if len(lines) > 1
    ]


def test_no_continuation_slide_holds_less_than_a_third_of_its_section(decks: Path) -> None:
    """Issue 13: 「FAQ continues onto a slide that holds one question」. A section on two slides
    puts at least a third of its lines (table rows) on the second; on more slides every
    continuation holds at least half an even share."""
    checked = 0
    for path in _all_decks(decks):
        for title, amounts in _amounts(path):
            total = sum(amounts)
            least = total / 3 if len(amounts) == 2 else total / len(amounts) / 2
            assert min(amounts[1:]) >= least, (path.name, title, amounts)
            checked += 1
    assert checked > 10
