"""Render a composed Document as an A4 leaflet PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageTemplate,
    Table,
    TableStyle,
)

from builder.compose.document import (
    Block,
    Callout,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Section,
    SideBySide,
)
from builder.compose.document import Table as TableBlock
from builder.render.pdf.flowables import Columns, Stack, TextBlock
from builder.render.pdf.fonts import pdf_font_name
from builder.render.pdf.markers import marker_painter
from builder.render.pdf.theme import DEFAULT_THEME, PdfTheme, TextRole
from builder.typeset import FontSet, Span, Style, break_lines, text_width

PDF_LANG = {"zh-Hant-TW": "zh-TW", "zh-Hans-CN": "zh-CN"}


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


class _Flowables:
    """Turns document blocks into reportlab flowables for one font set and theme."""

    def __init__(self, fonts: FontSet, theme: PdfTheme, frame_height: float) -> None:
        self.fonts = fonts
        self.theme = theme
        self.frame_height = frame_height

    def style(self, role: TextRole, bold: bool | None = None, color: str | None = None) -> Style:
        stack = self.fonts.bold if (role.bold if bold is None else bold) else self.fonts.regular
        return Style(stack, role.size, color or role.color)

    def text(self, paragraph: Paragraph, role: TextRole, color: str | None = None, **kw: object) -> TextBlock:
        spans = [
            Span(inline.text, self.style(role, bold=inline.strong or role.bold, color=color))
            for inline in paragraph.inlines
        ]
        return TextBlock(spans, role.leading, **kw)  # type: ignore[arg-type]

    def role(self, paragraph: Paragraph) -> TextRole:
        return self.theme.lead if paragraph.role == "lead" else self.theme.body

    def block(self, block: Block) -> Flowable:
        t = self.theme
        if isinstance(block, Paragraph):
            return self.text(block, self.role(block))
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, ItemList):
            return self.item_list(block)
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, Callout):
            return self.callout(block)
        if isinstance(block, SideBySide):
            return self.side_by_side(block)
        if isinstance(block, Section):
            children = [self.heading(block.heading), *self.blocks(block.blocks)]
            gap = t.section_gap if block.heading.level == 2 else t.block_gap
            return Stack(children, gap=t.block_gap, keep_first=True, space_before=gap)
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def blocks(self, blocks: Sequence[Block]) -> list[Flowable]:
        return [self.block(b) for b in blocks]

    def heading(self, heading: Heading) -> TextBlock:
        t = self.theme
        role = {1: t.h1, 2: t.h2, 3: t.h3}[heading.level]
        spans = [Span(heading.text, self.style(role))]
        if heading.level == 2:
            return TextBlock(spans, role.leading, justify=False, rule_below=t.rule)
        return TextBlock(spans, role.leading, justify=False, space_after=4 if heading.level == 1 else 0)

    def item_list(self, block: ItemList) -> Flowable:
        t = self.theme
        entries = []
        for item in block.items:
            children = [self.text(p, self.role(p)) for p in item.paragraphs]
            painter = marker_painter(item.marker, t, self.fonts.bold, item.label)
            entries.append(
                Stack(
                    children,
                    gap=t.paragraph_gap,
                    indent=t.list_indent,
                    marker=painter,
                    keep_together=True,  # a question stays with its answer, a move with its reason
                    keep_limit=self.frame_height / 3,
                )
            )
        single = Stack(entries, gap=t.paragraph_gap + 1)
        natural = self._one_line_widths(block)
        if len(entries) < 3 or natural is None:
            return single
        half = (len(entries) + 1) // 2
        return Columns(
            [Stack(entries[:half], gap=t.paragraph_gap + 1)],
            [Stack(entries[half:], gap=t.paragraph_gap + 1)],
            natural=natural,
            single=single,
        )

    def _one_line_widths(self, block: ItemList) -> list[float] | None:
        """Widths of items that are one short paragraph each (they may go in two columns)."""
        widths = []
        for item in block.items:
            if len(item.paragraphs) != 1 or item.marker == "question":
                return None
            paragraph = item.paragraphs[0]
            style = self.role(paragraph)
            widths.append(
                self.theme.list_indent
                + sum(text_width(i.text, self.style(style, bold=i.strong)) for i in paragraph.inlines)
            )
        return widths

    def callout(self, block: Callout) -> Stack:
        t = self.theme
        children: list[Flowable] = []
        if block.kind == "red_flags":
            if block.title:
                children.append(
                    TextBlock(
                        [Span(block.title, self.style(t.lead, bold=True, color="#FFFFFF"))],
                        t.lead.leading,
                        justify=False,
                        band=t.alarm,
                        band_pad=5,
                    )
                )
            children += self.blocks(block.blocks)
            return Stack(
                children,
                gap=t.paragraph_gap + 2,
                padding=t.box_padding,
                fill=t.alarm_fill,
                stroke=t.alarm,
                stroke_width=2.5,
                keep_together=block.keep_together,
                keep_limit=self.frame_height,
                space_before=t.section_gap,
            )
        if block.title:
            children.append(TextBlock([Span(block.title, self.style(t.h3))], t.h3.leading, justify=False))
        children += self.blocks(block.blocks)
        styles = {
            "main": dict(fill=t.key_fill, stroke=t.accent, stroke_width=1.5, space_before=4),
            "key_points": dict(fill=t.key_fill, space_before=t.block_gap),
            "rule": dict(fill=t.note_fill, stroke=t.note_stroke, stroke_width=0.8),
            "note": dict(stroke=t.note_stroke, stroke_width=0.8),
        }[block.kind]
        return Stack(
            children,
            gap=t.paragraph_gap,
            padding=t.box_padding,
            keep_together=block.keep_together,
            keep_limit=self.frame_height,
            **styles,  # type: ignore[arg-type]
        )

    def table(self, block: TableBlock) -> Table:
        t = self.theme
        pad = 5.0
        head_style = self.style(t.body, bold=True)
        body_style = self.style(t.body)
        widths = _column_widths(block, head_style, body_style, t.column_width, 2 * pad)
        data = [[TextBlock([Span(c, head_style)], t.body.leading, justify=False) for c in block.header]]
        # Cells are narrow: justifying them would open wide gaps, so they are set ragged.
        data += [
            [TextBlock([Span(c, body_style)], t.body.leading, justify=False) for c in row]
            for row in block.rows
        ]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), pdf_font_name(self.fonts.regular.primary)),
                    ("GRID", (0, 0), (-1, -1), 0.6, HexColor(t.note_stroke)),
                    ("BACKGROUND", (0, 0), (-1, 0), HexColor(t.key_fill)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        return table

    def side_by_side(self, block: SideBySide) -> Columns:
        left, right = self.blocks(block.left), self.blocks(block.right)
        single = Stack([*left, *right], gap=self.theme.block_gap)
        return Columns(left, right, share=block.left_share, min_width=380, single=single)


def _column_widths(block: TableBlock, head: Style, body: Style, total: float, pad: float) -> list[float]:
    """Columns as wide as their content wants, shrunk fairly when the page is narrower."""
    columns = len(block.header)
    natural = []
    for index in range(columns):
        cells = [text_width(block.header[index], head)] + [text_width(r[index], body) for r in block.rows]
        natural.append(max(cells) + pad + 1)
    floor = min(total / columns, 4 * body.size + pad)
    if sum(natural) <= total:
        scale = total / sum(natural)
        return [w * scale for w in natural]
    widths = [min(w, floor) for w in natural]
    spare = total - sum(widths)
    wants = [w - f for w, f in zip(natural, widths, strict=True)]
    return [f + spare * want / sum(wants) for f, want in zip(widths, wants, strict=True)]


def _frames(theme: PdfTheme, bottom: float, height: float, header: float) -> list[Frame]:
    """A full-width header frame (first page only) above two body columns."""
    frames = []
    body = height
    if header:
        body = height - header - theme.header_gap
        frames.append(
            Frame(
                theme.margin_x,
                bottom + body + theme.header_gap,
                theme.frame_width,
                header,
                0,
                0,
                0,
                0,
                id="header",
            )
        )
    for index in range(2):
        x = theme.margin_x + index * (theme.column_width + theme.column_gap)
        frames.append(Frame(x, bottom, theme.column_width, body, 0, 0, 0, 0, id=f"column{index + 1}"))
    return frames


def _footer_lines(document: Document, fonts: FontSet, theme: PdfTheme) -> list[list[Span]]:
    role = theme.footer
    plain = Style(fonts.regular, role.size, role.color)
    return [[Span(line, plain)] for line in document.footer.lines] + [
        [Span(document.footer.disclaimer, plain)]
    ]


def render_leaflet_pdf(document: Document, fonts: FontSet, theme: PdfTheme = DEFAULT_THEME) -> RenderedPdf:
    """Lay out and write the leaflet; returns the PDF bytes and the page count."""
    width, height = theme.page_size
    role = theme.footer
    footer_spans = _footer_lines(document, fonts, theme)
    page_label_width = text_width(
        document.footer.page_label.format(page=99, pages=99), Style(fonts.regular, role.size)
    )
    footer_measure = theme.frame_width
    footer_breaks = [
        break_lines(spans, footer_measure - (page_label_width + 10 if i == 0 else 0))
        for i, spans in enumerate(footer_spans)
    ]
    footer_height = sum(len(lines) for lines in footer_breaks) * role.leading + 8
    bottom = theme.margin_bottom + footer_height + theme.footer_gap
    frame_height = height - theme.margin_top - bottom
    builder = _Flowables(fonts, theme, frame_height)
    header = Stack(builder.blocks(document.header), gap=theme.block_gap)
    _, header_height = header.wrap(theme.frame_width, frame_height)
    flowables = [NextPageTemplate("rest"), header, FrameBreak(), *builder.blocks(document.blocks)]

    def draw_footer(canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        top = theme.margin_bottom + footer_height
        canv.setStrokeColor(HexColor(theme.rule))
        canv.setLineWidth(0.8)
        canv.line(theme.margin_x, top, width - theme.margin_x, top)
        y = top - 4
        label = document.footer.page_label.format(page=page, pages=pages)
        canv.setFont(pdf_font_name(fonts.regular.face_for(label[0])), role.size)
        canv.setFillColor(HexColor(role.color))
        canv.drawRightString(width - theme.margin_x, y - role.leading + 3.5, label)
        for lines in footer_breaks:
            for line in lines:
                y -= role.leading
                text = canv.beginText()
                for run in line.runs(footer_measure, justify=False):
                    text.setTextOrigin(theme.margin_x + run.x, y + 3.5)
                    text.setFont(pdf_font_name(run.face), run.style.size)
                    text.setFillColor(HexColor(run.style.color))
                    text.textOut(run.text)
                canv.drawText(text)
        canv.restoreState()

    class FooterCanvas(Canvas):  # type: ignore[misc]
        """Defers page output until the page count is known, for "page x / y"."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=theme.page_size,
        leftMargin=theme.margin_x,
        rightMargin=theme.margin_x,
        topMargin=theme.margin_top,
        bottomMargin=bottom,
        title=document.title,
        author=document.author,
        subject=document.subject,
        creator="leafdeck",
        producer="leafdeck",
        keywords=list(document.keywords),
        invariant=1,
        initialFontName=pdf_font_name(fonts.regular.primary),
        initialFontSize=12,
        lang=PDF_LANG.get(document.language),
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=_frames(theme, bottom, frame_height, header_height + 1)),
            PageTemplate(id="rest", frames=_frames(theme, bottom, frame_height, 0.0)),
        ]
    )
    canvases: list[FooterCanvas] = []

    def maker(*args: object, **kwargs: object) -> FooterCanvas:
        canvas = FooterCanvas(*args, **kwargs)
        canvases.append(canvas)
        return canvas

    doc.build(flowables, canvasmaker=maker)
    return RenderedPdf(buffer.getvalue(), len(canvases[-1]._pages))
