"""The project's own 16:9 template, written as OOXML parts rather than taken from python-pptx.

python-pptx's default template is 4:3, carries eleven layouts sized for it and
core properties from its authors. Writing the few parts a deck needs gives a true
16:9 master with our layouts, a theme whose fonts name the East Asian typeface and
the Hant / Hans scripts, the clinic's colours, and fixed core properties.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from builder.render.pptx.theme import (
    DEFAULT_FONT_NAMES,
    LANGUAGE_OF_TAG,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    THEME_SCRIPTS,
    DeckTheme,
    FontNames,
    emu,
    face_attributes,
)

_NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Placeholder:
    kind: str  # title, ctrTitle, subTitle, body, tbl, pic
    idx: int
    name: str
    box: Box


@dataclass(frozen=True)
class Layout:
    name: str
    type: str
    placeholders: tuple[Placeholder, ...]


def body_top(theme: DeckTheme) -> float:
    """Where the body starts under a one- or two-line title (the layouts' body boxes)."""
    return theme.title_top + 64 + theme.gap


CARD_GAP = 20.0  # between the cards of a card grid
CARD_PAD = 8.0  # inside a card's panel
MOST_CARDS = 4  # a card grid holds two to four cards
PICTURE_SHARE = 0.58  # of the body width: a picture + text slide's picture (a third of the slide)
MAP_SHARE = 0.45  # of the content width at most: a body map's column, the slide's full height
MAP_GAP = 36.0  # between a body map's column and its title and steps


def card_boxes(box: Box, count: int) -> tuple[Box, ...]:
    """`count` cards side by side across a body box, the card grid's geometry (the layout's
    placeholders and the renderer's cards both come from it)."""
    width = (box.w - (count - 1) * CARD_GAP) / count
    return tuple(Box(box.x + i * (width + CARD_GAP), box.y, width, box.h) for i in range(count))


def card_placeholders(box: Box, count: int = MOST_CARDS) -> tuple[Placeholder, ...]:
    """Each card's picture (upper part) and text (lower part): idx 10 + 2i and 11 + 2i."""
    out = []
    for i, card in enumerate(card_boxes(box, count)):
        inner = Box(card.x + CARD_PAD, card.y + CARD_PAD, card.w - 2 * CARD_PAD, card.h - 2 * CARD_PAD)
        picture_h = min(inner.w * 0.7, inner.h * 0.5)
        out += [
            Placeholder(
                "pic", 10 + 2 * i, f"Card {i + 1} Picture", Box(inner.x, inner.y, inner.w, picture_h)
            ),
            Placeholder(
                "body",
                11 + 2 * i,
                f"Card {i + 1} Text",
                Box(inner.x, inner.y + picture_h + 6, inner.w, inner.h - picture_h - 6),
            ),
        ]
    return tuple(out)


def layouts(theme: DeckTheme) -> tuple[Layout, ...]:
    """The layouts, in the order the deck renderer refers to them (see LAYOUT_INDEX). Every
    kind of slide has its own, with placeholders named for their roles, so PowerPoint's Layout
    menu offers them and a clinic restyles the deck by restyling the master once."""
    mx, w = theme.margin_x, theme.content_width
    title = Placeholder("title", 0, "Title", Box(mx, theme.title_top, w, 64))
    top = body_top(theme)
    body = Box(mx, top, w, theme.body_bottom - top)
    half = (w - theme.column_gap) / 2
    left = Box(mx, top, half, body.h)
    right = Box(mx + half + theme.column_gap, top, half, body.h)
    picture_w = w * PICTURE_SHARE
    beside = Box(mx + picture_w + 24, top, w - picture_w - 24, body.h)
    map_w = w * MAP_SHARE
    map_top = theme.band + 12
    beside_map = mx + map_w + MAP_GAP
    return (
        Layout(
            "Title Slide",
            "title",
            (
                Placeholder("ctrTitle", 0, "Title", Box(mx, 150, w, 150)),
                Placeholder("subTitle", 1, "Subtitle", Box(mx, 310, w, 160)),
            ),
        ),
        Layout(
            "Section Header",
            "secHead",
            (
                Placeholder("title", 0, "Title", Box(mx, 170, w, 130)),
                Placeholder("body", 1, "Text", Box(mx, 310, w, 150)),
            ),
        ),
        Layout("Big Statement", "obj", (title, Placeholder("body", 1, "Message", body))),
        Layout("Title and Content", "obj", (title, Placeholder("body", 1, "Content", body))),
        Layout(
            "Two Content",
            "twoObj",
            (title, Placeholder("body", 1, "Left", left), Placeholder("body", 2, "Right", right)),
        ),
        Layout(
            "Picture and Text",
            "picTx",
            (
                title,
                Placeholder("pic", 1, "Picture", Box(mx, top, picture_w, body.h)),
                Placeholder("body", 2, "Steps", beside),
            ),
        ),
        Layout("Card Grid", "obj", (title, *card_placeholders(body))),
        Layout(
            "Body Map",
            "picTx",
            (
                Placeholder("title", 0, "Title", Box(beside_map, theme.title_top, w - map_w - MAP_GAP, 64)),
                Placeholder("pic", 1, "Body Map", Box(mx, map_top, map_w, theme.body_bottom - map_top)),
                Placeholder("body", 2, "Route Steps", Box(beside_map, top, w - map_w - MAP_GAP, body.h)),
            ),
        ),
        Layout("Comparison Table", "tbl", (title, Placeholder("tbl", 1, "Table", body))),
        Layout(
            "Checklist",
            "twoObj",
            (title, Placeholder("body", 1, "Questions", body), Placeholder("body", 2, "Rule", body)),
        ),
        Layout("Red Flags", "obj", (title, Placeholder("body", 1, "Warning Signs", body))),
        Layout("Summary", "obj", (title, Placeholder("body", 1, "Key Points", body))),
        Layout("Q&A and Contact", "obj", (title, Placeholder("body", 1, "Contact", left))),
    )


LAYOUT_INDEX = {
    "title": 0,
    "section": 1,
    "statement": 2,
    "content": 3,
    "two_column": 4,
    "picture": 5,
    "cards": 6,
    "map": 7,
    "table": 8,
    "checklist": 9,
    "rule": 9,
    "alert": 10,
    "summary": 11,
    "closing": 12,
}
# The placeholder a kind's running text goes into (the others' is idx 1).
TEXT_INDEX = {"picture": 2, "map": 2, "rule": 2}


def _xfrm(box: Box) -> str:
    return (
        f'<a:xfrm><a:off x="{emu(box.x)}" y="{emu(box.y)}"/>'
        f'<a:ext cx="{emu(box.w)}" cy="{emu(box.h)}"/></a:xfrm>'
    )


def _rpr(tag: str, lang: str, fonts: str, extra: str = "", size: float | None = None) -> str:
    sz = f' sz="{round(size * 100)}"' if size else ""
    return f'<a:{tag} lang="{lang}" altLang="en-US"{sz}{extra}>{fonts}</a:{tag}>'


def _font_refs(kind: str) -> str:
    return f'<a:latin typeface="+{kind}-lt"/><a:ea typeface="+{kind}-ea"/><a:cs typeface="+{kind}-cs"/>'


def _placeholder(ph: Placeholder, shape_id: int, lang: str, on_master: bool) -> str:
    attrs = f'type="{ph.kind}"' + (f' idx="{ph.idx}"' if ph.idx else "")
    geometry = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' if on_master else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(ph.name)} {shape_id - 1}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {attrs}/></p:nvPr></p:nvSpPr>'
        f"<p:spPr>{_xfrm(ph.box)}{geometry}</p:spPr>"
        '<p:txBody><a:bodyPr wrap="square" lIns="76200" tIns="50800" rIns="76200" bIns="50800"><a:noAutofit/>'
        f"</a:bodyPr><a:lstStyle/><a:p>{_rpr('endParaRPr', lang, '')}</a:p></p:txBody></p:sp>"
    )


def _tree(shapes: str) -> str:
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree>'
    )


def _level(n: int, size: float, lang: str, kind: str, colour: str, bullet: str, indent: float) -> str:
    marl = emu(indent * (n + 1)) if bullet else 0
    ind = -emu(indent) if bullet else 0
    bullet_xml = (
        f'<a:buClr><a:srgbClr val="{colour}"/></a:buClr><a:buFont typeface="+{kind}-ea"/>'
        f'<a:buChar char="{bullet}"/>'
        if bullet
        else "<a:buNone/>"
    )
    return (
        f'<a:lvl{n + 1}pPr marL="{marl}" indent="{ind}" eaLnBrk="1" hangingPunct="0" latinLnBrk="0">'
        '<a:lnSpc><a:spcPct val="120000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{round(size * 40)}"/></a:spcBef>'
        f"{bullet_xml}"
        f'<a:defRPr lang="{lang}" altLang="en-US" sz="{round(size * 100)}">'
        '<a:solidFill><a:schemeClr val="tx1"/>'
        f"</a:solidFill>{_font_refs(kind)}</a:defRPr></a:lvl{n + 1}pPr>"
    )


def _master(theme: DeckTheme, lang: str, count: int) -> str:
    mx, w = theme.margin_x, theme.content_width
    title = Placeholder("title", 0, "Title", Box(mx, theme.title_top, w, 64))
    body = Placeholder(
        "body", 1, "Text", Box(mx, theme.title_top + 78, w, theme.body_bottom - theme.title_top - 78)
    )
    primary = theme.title_colour().lstrip("#")
    accent = theme.marker_colour().lstrip("#")
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="rId{i + 1}"/>' for i in range(count))
    levels = "".join(_level(n, 28 - 2 * n, lang, "mn", accent, "●" if n == 0 else "–", 30) for n in range(5))
    title_style = (
        '<a:lvl1pPr algn="l" eaLnBrk="1" hangingPunct="0" latinLnBrk="0">'
        '<a:lnSpc><a:spcPct val="110000"/></a:lnSpc><a:buNone/>'
        f'<a:defRPr lang="{lang}" altLang="en-US" sz="4000" b="1"><a:solidFill><a:srgbClr val="{primary}"/>'
        f"</a:solidFill>{_font_refs('mj')}</a:defRPr></a:lvl1pPr>"
    )
    other = _level(0, 18, lang, "mn", accent, "", 0)
    shapes = _placeholder(title, 2, lang, True) + _placeholder(body, 3, lang, True)
    return (
        f'{_HEAD}<p:sldMaster {_NS}><p:cSld><p:bg><p:bgPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill>'
        f"<a:effectLst/></p:bgPr></p:bg>{_tree(shapes)}"
        '</p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
        'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
        'folHlink="folHlink"/>'
        f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:txStyles><p:titleStyle>{title_style}</p:titleStyle>"
        f"<p:bodyStyle>{levels}</p:bodyStyle><p:otherStyle>{other}</p:otherStyle></p:txStyles></p:sldMaster>"
    )


def _layout(layout: Layout, lang: str) -> str:
    shapes = "".join(_placeholder(ph, i + 2, lang, False) for i, ph in enumerate(layout.placeholders))
    return (
        f'{_HEAD}<p:sldLayout {_NS} type="{layout.type}" preserve="1"><p:cSld name="{escape(layout.name)}">'
        f"{_tree(shapes)}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


def _theme(theme: DeckTheme, fonts: FontNames, lang: str) -> str:
    def srgb(name: str, colour: str) -> str:
        return f'<a:{name}><a:srgbClr val="{colour.lstrip("#")}"/></a:{name}>'

    colours = "".join(
        srgb(name, colour)
        for name, colour in (
            ("dk1", theme.text),
            ("lt1", "#FFFFFF"),
            ("dk2", theme.primary),
            ("lt2", theme.tint),
            ("accent1", theme.primary),
            ("accent2", theme.accent),
            ("accent3", theme.alarm),
            ("accent4", "#2E7D32"),
            ("accent5", "#6A4C93"),
            ("accent6", theme.muted),
            ("hlink", theme.primary),
            ("folHlink", theme.muted),
        )
    )
    face = _theme_fonts(fonts, lang)
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">' + solid + '<a:prstDash val="solid"/></a:ln>'
    return (
        f'{_HEAD}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="leafdeck">'
        f'<a:themeElements><a:clrScheme name="leafdeck">{colours}</a:clrScheme>'
        f'<a:fontScheme name="leafdeck"><a:majorFont>{face}</a:majorFont><a:minorFont>{face}</a:minorFont>'
        f'</a:fontScheme><a:fmtScheme name="leafdeck"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{''.join(line.format(w=w) for w in (9525, 19050, 28575))}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"
        "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def _attributes(values: dict[str, str]) -> str:
    return "".join(f' {key}="{escape(value, {chr(34): "&quot;"})}"' for key, value in values.items())


def _theme_fonts(fonts: FontNames, lang: str) -> str:
    """The theme's Latin and East Asian faces (with charset, panose and pitch family, as on every
    run) and one face per Chinese script: the deck's own script names the deck's face (the
    clinic's, if it names one), the other script the default face of that script, so text typed
    in the other script in PowerPoint gets a face of its own region."""
    language = LANGUAGE_OF_TAG[lang]
    latin = _attributes(face_attributes(fonts.latin, language, False))
    ea = _attributes(face_attributes(fonts.east_asian, language, True))
    script_faces = {
        script: fonts.east_asian if key == language else DEFAULT_FONT_NAMES[key].east_asian
        for key, script in THEME_SCRIPTS.items()
    }
    scripts = "".join(
        f'<a:font script="{script}"{_attributes({"typeface": face})}/>'
        for script, face in script_faces.items()
    )
    return f'<a:latin{latin}/><a:ea{ea}/><a:cs typeface=""/>{scripts}'


def _rels(*targets: tuple[str, str]) -> str:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, 1)
    )
    return f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def _core(title: str, author: str, subject: str, lang: str, when: dt.date) -> str:
    stamp = f"{when.isoformat()}T00:00:00Z"
    return (
        f"{_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator><cp:lastModifiedBy>leafdeck</cp:lastModifiedBy>"
        f"<cp:revision>1</cp:revision><dc:language>{lang}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


@dataclass(frozen=True)
class TemplateInfo:
    title: str
    author: str
    subject: str
    lang: str
    date: dt.date


def template_package(theme: DeckTheme, fonts: FontNames, info: TemplateInfo) -> bytes:
    """A .pptx with a master, our layouts and no slides, ready for python-pptx to open."""
    all_layouts = layouts(theme)
    parts: dict[str, str] = {}
    overrides = [
        ("/ppt/presentation.xml", f"{_CT}.presentationml.presentation.main+xml"),
        ("/ppt/slideMasters/slideMaster1.xml", f"{_CT}.presentationml.slideMaster+xml"),
        ("/ppt/theme/theme1.xml", f"{_CT}.theme+xml"),
        ("/ppt/presProps.xml", f"{_CT}.presentationml.presProps+xml"),
        ("/ppt/viewProps.xml", f"{_CT}.presentationml.viewProps+xml"),
        ("/ppt/tableStyles.xml", f"{_CT}.presentationml.tableStyles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_CT}.extended-properties+xml"),
    ]
    overrides += [
        (f"/ppt/slideLayouts/slideLayout{i}.xml", f"{_CT}.presentationml.slideLayout+xml")
        for i in range(1, len(all_layouts) + 1)
    ]
    types = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    parts["[Content_Types].xml"] = (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{types}</Types>'
    )
    parts["_rels/.rels"] = _rels(
        (f"{_REL}/officeDocument", "ppt/presentation.xml"),
        (
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (f"{_REL}/extended-properties", "docProps/app.xml"),
    )
    parts["docProps/core.xml"] = _core(info.title, info.author, info.subject, info.lang, info.date)
    parts["docProps/app.xml"] = (
        f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>leafdeck</Application><PresentationFormat>On-screen Show (16:9)</PresentationFormat>"
        "</Properties>"
    )
    lang = info.lang
    default_style = _level(0, 18, lang, "mn", theme.marker_colour().lstrip("#"), "", 0)
    parts["ppt/presentation.xml"] = (
        f'{_HEAD}<p:presentation {_NS} saveSubsetFonts="1">'
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        f'<p:sldSz cx="{emu(SLIDE_WIDTH)}" cy="{emu(SLIDE_HEIGHT)}"/><p:notesSz cx="6858000" cy="9144000"/>'
        f"<p:defaultTextStyle>{default_style}</p:defaultTextStyle></p:presentation>"
    )
    parts["ppt/_rels/presentation.xml.rels"] = _rels(
        (f"{_REL}/slideMaster", "slideMasters/slideMaster1.xml"),
        (f"{_REL}/theme", "theme/theme1.xml"),
        (f"{_REL}/presProps", "presProps.xml"),
        (f"{_REL}/viewProps", "viewProps.xml"),
        (f"{_REL}/tableStyles", "tableStyles.xml"),
    )
    parts["ppt/presProps.xml"] = f"{_HEAD}<p:presentationPr {_NS}/>"
    parts["ppt/viewProps.xml"] = (
        f'{_HEAD}<p:viewPr {_NS}><p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="80000"/>'
        '</p:normalViewPr><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
    )
    parts["ppt/tableStyles.xml"] = (
        f'{_HEAD}<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'
    )
    parts["ppt/theme/theme1.xml"] = _theme(theme, fonts, lang)
    parts["ppt/slideMasters/slideMaster1.xml"] = _master(theme, lang, len(all_layouts))
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = _rels(
        *[
            (f"{_REL}/slideLayout", f"../slideLayouts/slideLayout{i}.xml")
            for i in range(1, len(all_layouts) + 1)
        ],
        (f"{_REL}/theme", "../theme/theme1.xml"),
    )
    for i, layout in enumerate(all_layouts, 1):
        parts[f"ppt/slideLayouts/slideLayout{i}.xml"] = _layout(layout, lang)
        parts[f"ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"] = _rels(
            (f"{_REL}/slideMaster", "../slideMasters/slideMaster1.xml")
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()
