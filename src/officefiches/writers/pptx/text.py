"""Slides of long text (templates/*.md: introduction, contexte, méthodologie, informations):
the largest size at which the text fits below the title, links kept, notes in plain text."""

from __future__ import annotations

from functools import partial

from officefiches.writers import texts
from officefiches.writers.look import ACCENT, TEXT
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.deck import Canvas
from officefiches.writers.pptx.drawing import Para, Run, inches

TEXT_SIZES = (18, 17, 16, 15, 14, 13, 12, 11, 10)


def slide(name: str):
    """The slide function writing templates/<name>."""
    return partial(write, name=name)


def write(ctx, name: str) -> None:
    text = texts.long_text(name, ctx.values)
    canvas = ctx.deck.new_slide(text.title or name.removesuffix(".md").capitalize())
    box = canvas.content.inset(0, inches(0.1))
    size = fitting_size(text.blocks, box.w)(box.h)
    canvas.text(box, [block_para(canvas, block, size) for block in text.blocks], name="Texte")
    canvas.notes(notes(text))


def fitting_size(blocks, width: int):
    """A function of the available height giving the largest size whose text fits."""

    def size_for(height: int) -> float:
        for size in TEXT_SIZES:
            if blocks_height(blocks, size, width) <= height:
                return size
        return TEXT_SIZES[-1]

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
        return Para((Run(texts.plain(block.text), size * 1.15, True, ACCENT),), space_before=size)
    runs = tuple(
        Run(
            span.text,
            size,
            bold=span.bold,
            color=ACCENT if span.url else TEXT,
            link=canvas.link(span.url) if span.url else None,
        )
        for span in texts.spans(block.text)
    )
    return Para(runs, bullet=block.kind == "li", space_before=size * 0.6)


def notes(text) -> str:
    return "\n".join(("• " if b.kind == "li" else "") + texts.plain(b.text) for b in text.blocks)
