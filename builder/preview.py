"""Page and slide pictures of built outputs, and one contact sheet per document.

PDF pages are drawn with pypdfium2. Decks are first turned into PDF by LibreOffice,
when it is installed, so the pictures show what a clinic PC would show; without it,
leafdeck draws the slides itself from the deck file, with the bundled fonts.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from builder.errors import BuildError, Location
from builder.output import write_atomic

if TYPE_CHECKING:
    from PIL.Image import Image

DPI = 72
SHEET_COLUMNS = 4


@dataclass(frozen=True)
class Preview:
    source: Path
    pages: list[Path]
    sheet: Path
    note: str = ""  # how the pictures were made, when that is not the usual way


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def preview(output: Path, folder: Path) -> Preview:
    """Pictures of every page (or slide) of a built PDF or PPTX, written into folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot make the preview folder ({exc.strerror})", Location(folder)) from None
    if output.suffix == ".pptx":
        with tempfile.TemporaryDirectory() as work:
            if soffice() is None:
                pictures = _pictures(_drawn_deck(output, Path(work)), output, folder)
                return Preview(pictures.source, pictures.pages, pictures.sheet, _DRAWN)
            return _pictures(deck_to_pdf(output, Path(work)), output, folder)
    return _pictures(output, output, folder)


_DRAWN = (
    "slides drawn by leafdeck with the bundled fonts (LibreOffice is not installed; "
    "apt-get install libreoffice-impress shows them as a clinic PC would)"
)


def _drawn_deck(deck: Path, work: Path) -> Path:
    """The deck's slides drawn from the file itself, as a PDF in work/."""
    from builder.render.pdf.slides import deck_language, render_slides_pdf
    from builder.typeset import fonts_for_language

    try:
        data = deck.read_bytes()
        pdf = render_slides_pdf(data, fonts_for_language(deck_language(data)))
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"the deck could not be read ({exc})", Location(deck)) from None
    path = work / f"{deck.stem}.pdf"
    path.write_bytes(pdf)
    return path


def fontconfig_file(work: Path) -> Path:
    """A fontconfig setup that adds the bundled fonts and lets them stand in for the Windows
    fonts a deck names, so LibreOffice draws what leafdeck measured, in the right glyph forms."""
    from builder.render.pptx.theme import DEFAULT_FONT_NAMES
    from builder.typeset.fonts import bundled_fonts_dir

    stand_ins = {"zh-Hant-TW": "Noto Sans TC", "zh-Hans-CN": "Noto Sans SC"}
    aliases = "".join(
        f'<alias binding="same"><family>{names.east_asian}</family>'
        f"<prefer><family>{stand_ins[language]}</family></prefer></alias>\n"
        for language, names in DEFAULT_FONT_NAMES.items()
    )
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"<dir>{bundled_fonts_dir()}</dir>\n<cachedir>{work / 'fontconfig-cache'}</cachedir>\n"
        f"{aliases}</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def deck_to_pdf(deck: Path, work: Path) -> Path:
    """The deck as LibreOffice renders it, as a PDF in work/."""
    program = soffice()
    if program is None:
        raise BuildError(
            "slide pictures need LibreOffice, which is not installed "
            "(Debian/Ubuntu: apt-get install libreoffice-impress); the deck itself is fine",
            Location(deck),
        )
    command = [
        program,
        "--headless",
        f"-env:UserInstallation=file://{work / 'profile'}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(deck),
    ]
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(work))}
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=300, env=env)
    except (subprocess.SubprocessError, OSError) as exc:
        raise BuildError(f"LibreOffice could not open the deck ({exc})", Location(deck)) from None
    pdf = work / f"{deck.stem}.pdf"
    if not pdf.is_file():
        raise BuildError("LibreOffice did not write a PDF of the deck", Location(deck))
    return pdf


def _pictures(pdf: Path, source: Path, folder: Path) -> Preview:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    pages: list[Path] = []
    images: list[Image] = []
    try:
        for number, page in enumerate(document, 1):
            image = page.render(scale=DPI / 72).to_pil().convert("RGB")
            page.close()
            path = folder / f"{source.stem}-{number}.png"
            _save(image, path)
            pages.append(path)
            images.append(image)
    finally:
        document.close()
    sheet = folder / f"{source.stem}.png"
    _save(_contact_sheet(images), sheet)
    return Preview(source, pages, sheet)


def _save(image: Image, path: Path) -> None:
    """A PNG written atomically; a folder of the same name is a plain error, not IsADirectoryError."""
    if path.is_dir():
        raise BuildError("a folder has the name this picture needs; move or rename it", Location(path))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    write_atomic(path, buffer.getvalue())


def _contact_sheet(images: list[Image]) -> Image:
    """All pages side by side, four to a row, at half size, on grey."""
    from PIL import Image as PILImage

    thumbs = [image.resize((image.width // 2, image.height // 2)) for image in images]
    width = max(t.width for t in thumbs)
    height = max(t.height for t in thumbs)
    gap = 8
    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = (len(thumbs) + columns - 1) // columns
    sheet = PILImage.new("RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), "#888888")
    for index, thumb in enumerate(thumbs):
        x = gap + (index % columns) * (width + gap)
        y = gap + (index // columns) * (height + gap)
        sheet.paste(thumb, (x, y))
    return sheet
