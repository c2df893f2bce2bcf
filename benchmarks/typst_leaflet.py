"""A Typst twin of a leafdeck leaflet, for the side-by-side speed comparison in bench.py.

The same composed text (leafdeck's own compose step, so nothing is left out or added), the
same bundled fonts, and a similar layout: A4, two columns, 12 pt body on 18 pt, the header
across both columns, boxed callouts, tables, a footer with the disclaimer and page numbers.
It is a yardstick, not a second renderer: no QR code, no pictures, no pictograms.

Run alone to look at it: python benchmarks/typst_leaflet.py handouts/sciatica.yaml out.pdf
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FAMILY = {"zh-Hant-TW": ("Noto Sans TC", "tw"), "zh-Hans-CN": ("Noto Sans SC", "cn")}


def _s(text: str) -> str:
    """Text as a Typst string literal inside markup: nothing in it is read as markup."""
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def typst_source(spec: Path) -> str:
    """The .typ source of the leaflet for a condition spec, as leafdeck composes it (no pictures)."""
    sys.path.insert(0, str(REPO))
    from builder.build import check_spec
    from builder.compose.leaflet import Fit, compose_leaflet
    from builder.spec.loader import LoadedSpec

    loaded, _, _ = check_spec(spec)
    assert isinstance(loaded, LoadedSpec), "a condition spec"
    document = compose_leaflet(loaded, Fit("none"))
    family, region = FAMILY[document.language]
    footer = document.footer
    lines = " \\ ".join(_s(line) for line in footer.lines)
    page_label = footer.page_label.replace("{page}", "PAGE").replace("{pages}", "PAGES")
    before, _, rest = page_label.partition("PAGE")
    middle, _, after = rest.partition("PAGES")
    counter = f"{_s(before)}#counter(page).display(){_s(middle)}#counter(page).final().first(){_s(after)}"
    head = f"""#set page(paper: "a4", columns: 2, margin: (x: 13mm, top: 12mm, bottom: 30mm),
  footer: context [#set text(size: 10pt, fill: rgb("#222222"))
    #line(length: 100%, stroke: 0.6pt + rgb("#9AA5B1"))
    {lines} \\ {_s(footer.disclaimer)} #h(1fr) {counter}])
#set columns(gutter: 16pt)
#set text(font: "{family}", size: 12pt, lang: "zh", region: "{region}")
#set par(justify: true, leading: 6pt, spacing: 6pt)
#show heading: set text(fill: rgb("#12304D"))
#show heading.where(level: 1): set text(size: 24pt)
#show heading.where(level: 2): it => block(below: 6pt, above: 10pt, width: 100%,
  stroke: (bottom: 1.2pt + rgb("#5A6B7D")), inset: (bottom: 3pt), text(size: 15.5pt, it.body))
#show heading.where(level: 3): set text(size: 13.5pt)
"""
    header = "\n".join(_blocks(document.header))
    body = "\n".join(_blocks(document.blocks))
    return f'{head}\n#place(top, scope: "parent", float: true)[\n{header}\n]\n{body}\n'


def _blocks(blocks: Iterable[object]) -> list[str]:
    from builder.compose import document as d

    out: list[str] = []
    for block in blocks:
        if isinstance(block, d.Heading):
            out.append(f"#heading(level: {block.level})[{_s(block.text)}]")
        elif isinstance(block, d.Paragraph):
            out.append(_paragraph(block) + "\n")
        elif isinstance(block, d.Section):
            out += _blocks([block.heading, *block.blocks])
        elif isinstance(block, d.ItemList):
            items = []
            for item in block.items:
                label = _s(item.label) + " " if item.label else ""
                paragraphs = [p for p in item.paragraphs if isinstance(p, d.Paragraph)]
                items.append("[" + label + " \\ ".join(_paragraph(p) for p in paragraphs) + "]")
            out.append(f"#list({', '.join(items)})")
        elif isinstance(block, d.Table):
            cells = [f"[*{_s(c)}*]" for c in block.header] + [f"[{_s(c)}]" for r in block.rows for c in r]
            columns = len(block.header)
            out.append(
                f'#table(columns: {columns}, stroke: 0.6pt + rgb("#9AA5B1"), inset: 5pt, {", ".join(cells)})'
            )
        elif isinstance(block, d.Callout):
            fill = "#FBEAEA" if block.kind == "red_flags" else "#E8EEF5"
            title = f"*{_s(block.title)}* \\\n" if block.title else ""
            inner = "\n".join(_blocks(block.blocks))
            out.append(f'#block(fill: rgb("{fill}"), inset: 5pt, width: 100%)[{title}{inner}]')
        elif isinstance(block, d.SideBySide):
            out += _blocks([*block.left, *block.right])
        elif isinstance(block, d.FillIn):
            out.append(
                " ".join(f"{_s(label)} #box(width: 4em, stroke: (bottom: 0.6pt))" for label in block.labels)
            )
        elif isinstance(block, d.TrackingGrid):
            header = [f"[{_s(block.corner)}]"] + [
                f"[{_s(block.week_label.replace('{n}', str(n)))}]" for n in range(1, block.weeks + 1)
            ]
            rows = [f"[{_s(row)}]" + ", []" * block.weeks for row in block.rows]
            out.append(f"#table(columns: {block.weeks + 1}, {', '.join(header + rows)})")
    return out


def _paragraph(paragraph: object) -> str:
    from builder.compose.document import Paragraph

    assert isinstance(paragraph, Paragraph)
    text = "".join(f"*{_s(i.text)}*" if i.strong else _s(i.text) for i in paragraph.inlines)
    return f'#text(size: 14pt, weight: "bold")[{text}]' if paragraph.role == "lead" else text


if __name__ == "__main__":
    import typst

    source = Path(sys.argv[2]).with_suffix(".typ")
    source.write_text(typst_source(Path(sys.argv[1])), encoding="utf-8")
    typst.compile(str(source), output=sys.argv[2], font_paths=[str(REPO / "fonts")], ignore_system_fonts=True)
