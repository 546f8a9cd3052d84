"""Parts shared by the slides that show a figure: caption above, reading key below, the area
left between them, the line saying how much trade the figure leaves to codes that name no
country, and the message shown instead of a figure when there is no trade."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from officefiches.model import share_pct
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.look import MUTED, TEXT
from officefiches.writers.pptx import textfit
from officefiches.writers.pptx.deck import Canvas
from officefiches.writers.pptx.drawing import Box, inches, para

HEADING = inches(0.34)


CAPTION_HEIGHT = inches(0.42)
CAPTION_SIZES = (15, 14, 13, 12)
READING_SIZE = 11


@dataclass(frozen=True)
class Grid:
    """One frame for a set of figure slides (the treemap and the six flow slides): the caption's
    size and the reading key's height are those the longest of them needs, so that title,
    caption, figure area, reading key and footer sit at the same places on every one."""

    caption_size: float
    reading_height: int


def grid_for(width: int, captions: Sequence[str], readings: Sequence[str]) -> Grid:
    """The Grid of slides whose content area is `width` wide, with these captions and keys."""
    return Grid(
        caption_size=min(caption_size(text, width) for text in captions),
        reading_height=max(reading_height(text, width) for text in readings),
    )


def caption_size(text: str, width: int) -> float:
    return textfit.fitting_size(text, CAPTION_SIZES, width, bold=True)


def reading_height(text: str, width: int) -> int:
    lines = len(textfit.wrap(text, READING_SIZE, int(width * 0.95)))
    return textfit.line_height(READING_SIZE, lines) + inches(0.1)


def figure_area(content: Box, grid: Grid) -> Box:
    """The area a figure slide of `grid` leaves between its caption and its reading key."""
    below_caption = content.split_y(CAPTION_HEIGHT)[1]
    return below_caption.split_y(below_caption.h - grid.reading_height)[0]


def caption(canvas: Canvas, text: str, size: float | None = None) -> Box:
    """The chart's caption above it (at `size`, else the largest that holds); returns the area
    left below."""
    head, rest = canvas.content.split_y(CAPTION_HEIGHT)
    size = size or caption_size(text, head.w)
    canvas.text(head, [para(text, size, bold=True, color=TEXT)], name="Légende du graphique")
    return rest


def reading_key(canvas: Canvas, box: Box, text: str, height: int | None = None) -> Box:
    """The reading key at the bottom of `box` (`height` high, else as high as it needs);
    returns the area left above."""
    height = max(height or 0, reading_height(text, box.w))
    above, below = box.split_y(box.h - height)
    canvas.text(
        below,
        [para(textfit.glued(text), 11, color=MUTED, italic=True)],
        name="Clé de lecture",
        anchor="b",
    )
    return above


def heading(canvas: Canvas, box: Box, title: str) -> Box:
    """A bold heading at the top of `box` (over a table or a chart); returns the area below."""
    head, body = box.split_y(HEADING)
    size = textfit.fitting_size(title, (13, 12, 11), head.w, bold=True)
    canvas.text(head, [para(title, size, bold=True, color=TEXT)], name=title)
    return body


def chart_area(
    ctx, title: str, caption_text: str, reading: str, grid: Grid | None = None
) -> tuple[Canvas, Box]:
    """A new slide with its caption and reading key (placed by `grid` when given); returns the
    canvas and the area between."""
    canvas = ctx.deck.new_slide(title)
    if grid is None:
        return canvas, reading_key(canvas, caption(canvas, caption_text), reading)
    area = caption(canvas, caption_text, grid.caption_size)
    return canvas, reading_key(canvas, area, reading, grid.reading_height)


def no_trade(canvas: Canvas, box: Box, ctx) -> None:
    text = [para(ctx.short("aucun_echange"), 20, align="ctr", color=MUTED)]
    canvas.text(box, text, name="Aucun échange", anchor="ctr", line=look.NEUTRAL)


def undetermined_sentence(ctx, key: str, imports: int, exports: int, total: int) -> str:
    """The sentence (text `key`) saying how much trade booked to codes that name no country
    (QU, QS…: never ranked as a country, aggregate.is_country) a figure sets aside, and its
    share of `total`; "" when that rounds to 0,0 M€."""
    amount = imports + exports
    if meur(amount) == meur(0):
        return ""
    share = share_pct(amount, total, 1)
    part = pct(share, 1) if share else "moins de " + pct(Decimal("0.1"), 1)
    return ctx.short(
        key,
        importations=meur(imports),
        exportations=meur(exports),
        montant=meur(amount),
        part=part,
    )


UNDETERMINED_GAP = inches(0.08)  # clear of the figure's last label


def undetermined_height(line: str, width: int) -> int:
    """The room `undetermined_below` takes under a figure `width` wide (0: no line)."""
    return reading_height(line, width) + UNDETERMINED_GAP if line else 0


def undetermined_below(canvas: Canvas, box: Box, line: str, room: int = 0) -> Box:
    """`line` (undetermined_sentence) at the bottom of `box`, in `room` at least (a grid's: the
    same on every slide of it, a line or not); returns the area left above."""
    room = max(room, undetermined_height(line, box.w))
    if not room:
        return box
    above, below = box.split_y(box.h - room, UNDETERMINED_GAP)
    if line:
        paras = [para(textfit.glued(line), READING_SIZE, color=MUTED)]
        canvas.text(below, paras, name="Partenaires non déterminés")
    return above
