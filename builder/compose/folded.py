"""What a folded piece (A5 booklet, tri-fold) carries: the most useful sections that fit.

A fold has room for less than the two-page leaflet. Sections are taken in order of
priority for a patient at home — red flags (always), the self-check, what not to do,
how to sleep, one key exercise per stage, then the key points, what it is, symptoms and
tips — and the builder leaves out the last ones until the piece fits. When all of them fit
with room to spare, each stage's other exercises go in too, if they all fit. Sections stay whole
where they can; one taller than the room left goes on in the next panel under its heading
marked 續 rather than being left out (never the red flags). The back panel carries the
clinic, the review date, the disclaimer and a QR code to the full leaflet.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from builder.compose.brand import brand_of
from builder.compose.document import Block, Callout, Document, Heading, QrCode, Section
from builder.compose.labels import Labels, labels_for
from builder.compose.leaflet import (
    clinic_section,
    header_blocks,
    page_footer,
    para,
    pictures_of,
    review_line,
    sections_of,
    short_name,
    strong,
)
from builder.spec.loader import LoadedSpec
from builder.spec.model import ConditionSpec
from builder.typeset.normalize import normalize_text as norm

PRIORITY = (
    "red_flags",
    "self_check",
    "ng_moves",
    "sleep_positions",
    "exercises",
    "key_points",
    "what_it_is",
    "symptoms",
    "daily_tips",
)
ALWAYS = frozenset({"red_flags"})  # never left out of any printed piece


def available_sections(loaded: LoadedSpec) -> list[str]:
    """The priority sections this spec has, most important first."""
    found = sections_of(_key_exercises(loaded), labels_for(loaded.spec.language))
    return [name for name in PRIORITY if found.get(name) is not None]


def more_exercises(loaded: LoadedSpec) -> bool:
    """Whether a stage has exercises besides its first (the key one a fold shows)."""
    return any(len(stage.exercises) > 1 for stage in loaded.spec.exercises)


def _key_exercises(loaded: LoadedSpec) -> ConditionSpec:
    """The spec with one exercise per stage: a fold has room for the key ones."""
    spec = loaded.spec
    stages = [stage.model_copy(update={"exercises": stage.exercises[:1]}) for stage in spec.exercises]
    return spec.model_copy(update={"exercises": stages})


def compose_folded_body(
    loaded: LoadedSpec,
    include: Sequence[str],
    spread_breaks: tuple[int, ...] = (),
    maps: bool = True,
    run_on: Collection[str] = (),
    every_exercise: bool = False,
) -> Document:
    """The inside panels: header, then the chosen sections in the order given (the builder puts
    them in priority order, or moves a smaller one forward into a panel's empty space), with body
    maps unless `maps` is False. The sections named in `run_on` may go on in any next panel under
    their heading marked as continued (「症狀（續）」); the others stay whole (see `spread_breaks`).
    The exercises are each stage's first unless `every_exercise` (a fold with room to spare)."""
    spec = loaded.spec if every_exercise else _key_exercises(loaded)
    labels = labels_for(loaded.spec.language)
    found = sections_of(spec, labels, pictures_of(loaded), maps=maps)
    body = tuple(
        _running_on(block, labels) if name in run_on and name not in ALWAYS else block
        for name in include  # in the order given
        if (block := found.get(name)) is not None
    )
    return replace(_document(loaded, tuple(header_blocks(loaded.spec)), body), spread_breaks=spread_breaks)


def _running_on(block: Block, labels: Labels) -> Block:
    """A section that may go on in the next panel, its heading repeated there as the leaflet's
    exercise cards repeat their names: 「居家運動（續）」."""
    if isinstance(block, Section):  # and a stage or a group of tips in it, going on with it
        heading = block.heading
        continued = Heading(short_name(heading.text) + labels.continued, heading.level)
        return replace(block, blocks=tuple(_running_on(b, labels) for b in block.blocks), continued=continued)
    if isinstance(block, Callout) and block.title:
        return replace(block, continued=para(strong(short_name(block.title) + labels.continued)))
    return block


def compose_folded_back(loaded: LoadedSpec) -> Document:
    """The back panel: clinic, review date and disclaimer, and a QR code to the full leaflet."""
    spec = loaded.spec
    labels = labels_for(spec.language)
    footer = page_footer(spec, loaded.clinic, labels)
    # the clinic's name and phone once, in its contact block (not again in the footer's line)
    blocks: list[Block | None] = [clinic_section(loaded.clinic, labels), para(review_line(spec, labels))]
    blocks.append(para(spec.disclaimer or footer.disclaimer))  # in full, however long
    link = spec.leaflet_url or footer.link
    if link:
        caption = labels.full_leaflet if spec.leaflet_url else labels.scan
        blocks.append(QrCode(link, norm(caption)))
    return _document(loaded, (), tuple(b for b in blocks if b is not None))


def _document(loaded: LoadedSpec, header: tuple[Block, ...], blocks: tuple[Block, ...]) -> Document:
    spec = loaded.spec
    labels = labels_for(spec.language)
    footer = replace(page_footer(spec, loaded.clinic, labels), every_page=False)
    return Document(
        title=norm(spec.title),
        language=spec.language,
        header=header,
        blocks=blocks,
        footer=footer,
        subject=norm(spec.main_message or spec.title),
        author=norm(loaded.clinic.name) if loaded.clinic else "",
        brand=brand_of(loaded),
        keep_sections=True,
    )
