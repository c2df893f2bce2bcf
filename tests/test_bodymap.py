"""Body maps: every region of every view draws (PDF and PPTX), maps stay in their box, a spec's
map appears in the leaflet and the deck with its numbers, and mistakes are located errors."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import DATA, run_cli
from pptx import Presentation
from reportlab.pdfgen.canvas import Canvas

from builder.figures.bodymap import (
    BODY_FILL,
    HEADER,
    VIEWS,
    MapRequest,
    _marker_point,
    alt_text,
    body_view,
    map_scene,
    region_label,
    region_problem,
    view_regions,
)
from builder.figures.scene import Path as ScenePath
from builder.figures.scene import Text, bounds, walk
from builder.preview import deck_to_pdf, soffice
from builder.render.pdf.scene import draw_scene
from builder.render.pptx.scene import add_scene
from builder.render.pptx.text import Language
from builder.render.pptx.theme import DEFAULT_FONT_NAMES
from builder.typeset import fonts_for_language

# The regions the issue names (as a clinic says them); each must be drawn in some view.
NAMED = (
    *("neck", "shoulder", "upper_arm", "elbow", "forearm", "wrist", "palm", "thumb", "index_finger"),
    *("middle_finger", "ring_finger", "little_finger", "chest", "upper_back", "lower_back", "flank"),
    *("iliac_crest", "upper_buttock", "lower_buttock", "groin", "front_thigh", "back_thigh"),
    *("outer_thigh", "inner_thigh", "front_knee", "back_knee", "outer_knee", "inner_knee", "shin"),
    *("calf", "inner_ankle", "outer_ankle", "heel", "sole", "top_of_foot", "toes"),
)


def _sides(view: str) -> tuple[str, ...]:
    return ("both",) if view in ("front", "back") else ("left", "right")


def _shown(view: str, side: str) -> tuple[str, ...]:
    return ("right", "left") if side == "both" else (side,)


def test_every_named_region_is_drawn_with_words_in_both_scripts() -> None:
    for name in NAMED:
        assert any(name in view_regions(v) for v in VIEWS), name
        assert region_label(name, "zh-Hant-TW") and region_label(name, "zh-Hans-CN")
    assert region_label("ring_finger", "zh-Hant-TW") == "無名指"
    assert region_label("ring_finger", "zh-Hans-CN") == "无名指"


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_renders_non_blank_in_pdf(view: str) -> None:
    """Each region, shaded alone, changes the pixels inside it: no region is empty or hidden."""
    fonts = fonts_for_language("zh-Hant-TW")
    for side in _sides(view):
        names = view_regions(view)
        requests = [MapRequest(view, side)] + [MapRequest(view, side, regions=(n,)) for n in names]
        scenes = [map_scene(r, "zh-Hant-TW", crop=False) for r in requests]
        buffer = io.BytesIO()
        scale = 6.0  # points per scene unit
        first = scenes[0]
        canvas = Canvas(buffer, pagesize=(first.width * scale, first.height * scale), invariant=1)
        for scene in scenes:
            draw_scene(canvas, scene, 0, 0, scene.width * scale, fonts)
            canvas.showPage()
        canvas.save()
        pdf = pdfium.PdfDocument(buffer.getvalue())
        plain = pdf[0].render(scale=1).to_pil().convert("RGB")
        for index, name in enumerate(names, 1):
            shaded = pdf[index].render(scale=1).to_pil().convert("RGB")
            view_data = body_view(view, side if side != "both" else "right")
            for shown in _shown(view, side):
                shapes = view_data.polygons(shown, name)
                assert shapes, (view, shown, name)
                x, y = _marker_point(shapes)
                at = (round(x * scale), round((y + HEADER) * scale))  # below the header band
                assert plain.getpixel(at) != shaded.getpixel(at), (view, shown, name)
                assert shaded.getpixel(at) != (0xF3, 0xF3, 0xF3), (view, shown, name)


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_is_a_native_named_shape_in_pptx(view: str) -> None:
    """In a deck each shaded region is its own filled shape, named after the region, with an extent."""
    language = Language("zh-TW", DEFAULT_FONT_NAMES["zh-Hant-TW"])
    for side in _sides(view):
        names = view_regions(view)
        scene = map_scene(MapRequest(view, side, regions=tuple(names)), "zh-Hant-TW", crop=False)
        deck = Presentation()
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        group = add_scene(slide.shapes, scene, 20, 20, 300, language)
        shapes = {}
        for child in group.shapes:
            if child.shape_type is not None and child.shape_type == 6:  # a group
                for grandchild in child.shapes:
                    shapes[grandchild.name] = grandchild
        for name in names:
            for shown in _shown(view, side):
                shape = shapes.get(f"{shown} {name}")
                assert shape is not None, (view, shown, name)
                assert shape.width > 0 and shape.height > 0
                fill = shape._element.spPr.find(
                    "{http://schemas.openxmlformats.org/drawingml/2006/main}pattFill"
                )
                assert fill is not None, (view, shown, name)  # hatched, so grayscale keeps it


@pytest.mark.parametrize("view", VIEWS)
def test_maps_stay_inside_their_box(view: str) -> None:
    for side in _sides(view):
        names = view_regions(view)
        route = tuple((n,) for n in names[:: max(1, len(names) // 5)])
        for crop in (True, False):
            scene = map_scene(MapRequest(view, side, route=route), "zh-Hans-CN", crop=crop)
            box = bounds(scene)
            assert box is not None
            x0, y0, x1, y1 = box
            assert x0 >= -0.01 and y0 >= -0.01, (view, side, box)
            assert x1 <= scene.width + 0.01 and y1 <= scene.height + 0.01, (view, side, box, scene.height)


def test_left_and_right_are_mirrors_and_the_side_view_turns() -> None:
    front = body_view("front", "right")
    right = front.polygons("right", "outer_thigh")[0]
    left = front.polygons("left", "outer_thigh")[0]
    assert {round(front.width - x, 6) for x, _ in right} == {round(x, 6) for x, _ in left}
    # front view: the patient's right is on the viewer's left; back view: on the viewer's right
    assert max(x for x, _ in right) < front.width / 2
    back = body_view("back", "right")
    assert min(x for x, _ in back.polygons("right", "outer_thigh")[0]) > back.width / 2
    # a side view of the left side faces the viewer's left: the toes are left of the heel
    for side, toes_left in (("left", True), ("right", False)):
        view = body_view("side", side)
        toes = _marker_point(view.polygons(side, "toes"))
        heel = _marker_point(view.polygons(side, "heel"))
        assert (toes[0] < heel[0]) == toes_left


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_front_and_back_maps_name_their_view_between_right_and_left(language: str) -> None:
    """Faceless front and back views look alike and put 右 on opposite sides: a reviewer took a
    back view's sides for a front view's until the view said which it was."""
    for view, right_first in (("front", True), ("back", False)):
        scene = map_scene(MapRequest(view, "right", route=(("outer_thigh",),)), language)
        texts = [item for item in walk(scene.items) if isinstance(item, Text)]
        header = sorted((item.at[0], item.text) for item in texts if item.at[1] < HEADER)
        words = [text for _, text in header]
        assert words[1] == ("正面" if view == "front" else "背面"), words
        assert words[0] == ("右" if right_first else "左") and words[2] == ("左" if right_first else "右")
        assert header[0][0] < header[1][0] < header[2][0]


@pytest.mark.parametrize(
    ("view", "side", "words"),
    [
        ("side", "right", "右側面"),
        ("side", "left", "左側面"),
        ("foot", "right", "右腳"),
        ("hand", "left", "左手"),
    ],
)
def test_a_one_side_map_says_which_side_of_what(view: str, side: str, words: str) -> None:
    """「右側」 read as 「右腿」 or 「從右邊看」, over an outer leg and an inner foot alike."""
    region = {"side": "outer_thigh", "foot": "sole", "hand": "palm"}[view]
    scene = map_scene(MapRequest(view, side, route=((region,),)), "zh-Hant-TW")
    texts = [item.text for item in walk(scene.items) if isinstance(item, Text) and item.at[1] < HEADER]
    assert texts == [words]


def test_route_is_one_arrowed_path_through_numbered_markers() -> None:
    request = MapRequest(
        "back", "right", route=(("flank", "iliac_crest"), ("upper_buttock",), ("outer_thigh",))
    )
    scene = map_scene(request, "zh-Hant-TW")
    leaves = list(walk(scene.items))
    numbers = [leaf.text for leaf in leaves if getattr(leaf, "name", "").startswith("Step ")]
    assert numbers == ["1", "2", "3"]
    arrows = [leaf for leaf in leaves if isinstance(leaf, ScenePath) and leaf.arrow_end]
    assert len(arrows) == 1
    shaded = [leaf for leaf in leaves if isinstance(leaf, ScenePath) and leaf.hatch is not None]
    assert {leaf.name for leaf in shaded} == {
        "right flank",
        "right iliac_crest",
        "right upper_buttock",
        "right outer_thigh",
    }
    assert all(leaf.fill not in (None, BODY_FILL) for leaf in shaded)
    assert "1 腰側、髂骨上緣（褲頭）" in scene.alt and "3 大腿外側" in scene.alt
    assert alt_text(request, "zh-Hans-CN").startswith("背面（右侧）")


def test_unknown_regions_get_a_did_you_mean_or_the_right_view() -> None:
    assert (
        region_problem("outer_thigth", "back") == "unknown region 'outer_thigth'; did you mean 'outer_thigh'?"
    )
    assert "use the front or back view" in (region_problem("inner_thigh", "side") or "")
    assert region_problem("outer_thigh", "side") is None
    assert region_problem("fingers", "hand") is None  # a group of the five fingers


def _page_pixels(pdf: Path) -> list[object]:
    document = pdfium.PdfDocument(str(pdf))
    return [document[i].render(scale=1).to_pil().convert("RGB") for i in range(len(document))]


def _pain_pixels(image: object) -> int:
    """How many pixels are the map's reddish shading or its dark red hatching (nothing else on
    these pages is red: the red-flag box is checked for separately by its own tests)."""
    data = image.tobytes()  # type: ignore[attr-defined]
    return sum(
        1
        for i in range(0, len(data), 3)
        if data[i] - data[i + 2] > 60 and data[i + 1] < data[i] - 40 and data[i] < 0xF8
    )


@pytest.mark.parametrize("spec", ["bodymap-wrist.yaml", "bodymap-knee-foot.yaml"])
def test_a_spec_map_appears_in_the_leaflet_and_the_deck(spec: str, tmp_path: Path) -> None:
    result = run_cli("build", DATA / spec, "-o", tmp_path, "-f", "leaflet,deck")
    assert result.code == 0, result.stderr
    stem = Path(spec).stem
    leaflet = tmp_path / f"{stem}.leaflet.pdf"
    assert sum(_pain_pixels(p) for p in _page_pixels(leaflet)) > 500
    text = "".join(pdfium.PdfDocument(str(leaflet))[0].get_textpage().get_text_range().split())
    assert "①" in text and "②" in text
    deck = Presentation(str(tmp_path / f"{stem}.deck.pptx"))
    maps = [
        shape
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == 6 and shape.name == "Body map"
    ]
    assert len(maps) == (3 if "knee" in spec else 2)
    descr = maps[0]._element.nvGrpSpPr.cNvPr.get("descr")
    assert descr and ("→" in descr or "也" in descr)


def test_a_map_with_a_route_but_no_text_numbers_the_region_words(tmp_path: Path) -> None:
    result = run_cli("build", DATA / "bodymap-ugly.yaml", "-o", tmp_path, "-f", "leaflet")
    assert result.code == 0, result.stderr
    document = pdfium.PdfDocument(str(tmp_path / "bodymap-ugly.leaflet.pdf"))
    text = "".join("".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))
    assert "①大拇指、食指→②手掌→③手腕→④前臂" in text
    assert "⑪腳跟" in text


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_draws_the_deck_map_with_its_shading(tmp_path: Path) -> None:
    result = run_cli("build", DATA / "bodymap-knee-foot.yaml", "-o", tmp_path, "-f", "deck")
    assert result.code == 0, result.stderr
    pdf = deck_to_pdf(tmp_path / "bodymap-knee-foot.deck.pptx", tmp_path)
    document = pdfium.PdfDocument(str(pdf))
    counts = [_pain_pixels(document[i].render(scale=1).to_pil().convert("RGB")) for i in range(len(document))]
    assert sum(1 for count in counts if count > 2000) == 3, counts  # one slide per map, each shaded


@pytest.mark.parametrize("language", ["zh-Hant-TW", "zh-Hans-CN"])
def test_the_bundled_fonts_show_every_word_a_map_prints(language: str) -> None:
    words = [region_label(name, language) for view in VIEWS for name in view_regions(view)]
    words += [
        alt_text(MapRequest(view, side), language) for view in VIEWS for side in ("left", "right", "both")
    ]
    words.append("".join(chr(0x2460 + i) for i in range(20)))  # ① … ⑳, the numbered steps
    assert not fonts_for_language(language).missing("".join(words))


def test_body_map_data_comes_from_the_cache_folder_after_the_first_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data file is parsed once per content (the YAML constructor is slow plain Python) and
    read back as is; a damaged entry is parsed and kept again."""
    from builder.figures import bodymap

    monkeypatch.setenv("LEAFDECK_CACHE_DIR", str(tmp_path))
    parsed = bodymap._data()
    bodymap._data.cache_clear()
    first = bodymap._data()
    (entry,) = tmp_path.glob("bodymap-*.marshal")
    assert first == parsed
    bodymap._data.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(bodymap, "_parse_and_keep", lambda text, entry: pytest.fail("parsed again"))
        assert bodymap._data() == parsed
    entry.write_bytes(b"\x00damaged")
    bodymap._data.cache_clear()
    assert bodymap._data() == parsed
    assert entry.read_bytes() != b"\x00damaged"
    bodymap._data.cache_clear()
