"""Slides of long text (templates/*.md: introduction, contexte, méthodologie, informations):
the largest size at which the text fits below the title, links kept, notes in plain text."""

from __future__ import annotations

from functools import partial

from officefiches.writers import texts
from officefiches.writers.look import ACCENT, PANEL, TEXT
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.deck import Canvas
from officefiches.writers.pptx.drawing import Para, Run, inches

TEXT_SIZES = (20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10)
PANEL_SIZES = (18, 17, 16, 15, 14, 13, 12, 11, 10)


def slide(name: str):
    """The slide function writing templates/<name>."""
    return partial(write, name=name)


PANEL_SHARE = 0.36  # of the width, for the side panel
PANEL_INSET = inches(0.25)


def write(ctx, name: str) -> None:
    text = texts.long_text(name, ctx.values)
    canvas = ctx.deck.new_slide(text.title or name.removesuffix(".md").capitalize())
    box = canvas.content.inset(0, inches(0.1))
    main = [b for b in text.blocks if not b.kind.startswith("aside")]
    aside = [b for b in text.blocks if b.kind.startswith("aside")]
    if aside:
        box, panel = box.split_x(int(box.w * (1 - PANEL_SHARE)), inches(0.35))
        side_panel(canvas, panel, aside)
    size = fitting_size(main, box.w)(box.h)
    canvas.text(box, [block_para(canvas, block, size) for block in main], name="Texte")
    canvas.notes(notes(text))


def side_panel(canvas: Canvas, box, blocks) -> None:
    """The side panel ("> " lines): a tinted panel as tall as the text's area, an accent bar at
    its left, its paragraphs at the largest size that fits."""
    inner = box.inset(PANEL_INSET)
    blocks = [texts.Block("h2" if b.kind == "aside_h2" else "p", b.text) for b in blocks]
    size = fitting_size(blocks, inner.w, PANEL_SIZES)(inner.h)
    paras = [block_para(canvas, block, size) for block in blocks]
    canvas.add(
        drawing.rect_xml(box, PANEL, name="Encadré", paras=paras, anchor="ctr", inset=PANEL_INSET)
    )
    canvas.add(drawing.rect_xml(box.split_x(inches(0.07))[0], ACCENT, name="Filet de l'encadré"))


def fitting_size(blocks, width: int, sizes=TEXT_SIZES):
    """A function of the available height giving the largest size whose text fits."""

    def size_for(height: int) -> float:
        for size in sizes:
            if blocks_height(blocks, size, width) <= height:
                return size
        return sizes[-1]

    return size_for


def blocks_height(blocks, size: float, width: int) -> int:
    total = 0
    for block in blocks:
        block_size = size * 1.15 if block.kind == "h2" else size
        indent = drawing.points(16) if block.kind == "li" else 0
        plain = texts.plain(block.text)
        lines = len(textfit.wrap(plain, block_size, int((width - indent) * 0.95), True))
        total += textfit.line_height(block_size, lines) + drawing.points(size * 0.6)
    return total


def block_para(canvas: Canvas, block, size: float) -> Para:
    if block.kind == "h2":
        heading = textfit.glued(texts.plain(block.text))
        return Para((Run(heading, size * 1.15, True, ACCENT),), space_before=size)
    runs = tuple(
        Run(
            textfit.glued(span.text),  # the viewer wraps these lines: never at « États-Unis »
            size,
            bold=span.bold,
            color=ACCENT if span.url else TEXT,
            link=canvas.link(span.url) if span.url else None,
        )
        for span in texts.spans(block.text)
    )
    return Para(runs, bullet=block.kind == "li", space_before=size * 0.6)


def notes(text) -> str:
    return "\n".join(
        ("• " if b.kind in ("li", "aside") else "") + texts.plain(b.text) for b in text.blocks
    )
