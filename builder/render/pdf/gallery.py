"""The picture gallery: a contact sheet of every library picture with its name and description,
so a clinic can choose pictures without reading code."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from builder.compose.labels import LANGUAGE_TAGS
from builder.figures.scene import Scene
from builder.render.pdf.paint import paint_lines
from builder.render.pdf.scene import draw_scene
from builder.typeset import FontSet, Span, Style, break_lines

COLUMNS, ROWS = 3, 5
MARGIN = 14 * mm


def render_gallery(
    entries: Sequence[tuple[str, str, Scene]], fonts: FontSet, title: str, language: str
) -> bytes:
    """One cell per (name, description, scene), COLUMNS × ROWS to an A4 page."""
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=A4, invariant=1, lang=LANGUAGE_TAGS.get(language))
    canv.setTitle(title)
    canv.setCreator("leafdeck")
    canv.setProducer("leafdeck")
    width, height = A4
    cell_w = (width - 2 * MARGIN) / COLUMNS
    cell_h = (height - 2 * MARGIN - 12 * mm) / ROWS
    name_style = Style(fonts.bold, 9.5, "#1A1A1A")
    text_style = Style(fonts.regular, 8.5, "#333333")
    per_page = COLUMNS * ROWS
    for start in range(0, len(entries), per_page):
        paint_lines(
            canv,
            break_lines([Span(title, Style(fonts.bold, 14, "#1A1A1A"))], width),
            MARGIN,
            height - MARGIN,
            18,
            width,
            False,
        )
        for index, (name, description, scene) in enumerate(entries[start : start + per_page]):
            col, row = index % COLUMNS, index // COLUMNS
            x = MARGIN + col * cell_w
            top = height - MARGIN - 12 * mm - row * cell_h
            picture_w = cell_w - 6 * mm
            picture_h = picture_w * scene.height / scene.width
            draw_scene(canv, scene, x, top - picture_h, picture_w, fonts)
            name_top = top - picture_h - 2
            paint_lines(
                canv, break_lines([Span(name, name_style)], picture_w), x, name_top, 12, picture_w, False
            )
            lines = break_lines([Span(description, text_style)], picture_w)[:3]
            paint_lines(canv, lines, x, name_top - 12, 10.5, picture_w, False)
        canv.showPage()
    canv.save()
    return buffer.getvalue()
