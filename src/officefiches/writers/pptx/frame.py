"""Parts shared by the slides that show a figure: caption above, reading key below, the area
left between them, the line saying how much trade the figure leaves to codes that name no
country, and the message shown instead of a figure when there is no trade."""

from __future__ import annotations

from decimal import Decimal

from officefiches.model import share_pct
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.look import MUTED, TEXT
from officefiches.writers.pptx import textfit
from officefiches.writers.pptx.deck import Canvas
from officefiches.writers.pptx.drawing import Box, inches, para

HEADING = inches(0.34)


def caption(canvas: Canvas, text: str) -> Box:
    """The chart's caption above it; returns the area left below."""
    head, rest = canvas.content.split_y(inches(0.42))
    size = textfit.fitting_size(text, (15, 14, 13, 12), head.w, bold=True)
    canvas.text(head, [para(text, size, bold=True, color=TEXT)], name="Légende du graphique")
    return rest


def reading_key(canvas: Canvas, box: Box, text: str) -> Box:
    """The reading key at the bottom of `box`; returns the area left above."""
    lines = len(textfit.wrap(text, 11, int(box.w * 0.95)))
    height = textfit.line_height(11, lines) + inches(0.1)
    above, below = box.split_y(box.h - height)
    canvas.text(
        below, [para(text, 11, color=MUTED, italic=True)], name="Clé de lecture", anchor="b"
    )
    return above


def heading(canvas: Canvas, box: Box, title: str) -> Box:
    """A bold heading at the top of `box` (over a table or a chart); returns the area below."""
    head, body = box.split_y(HEADING)
    size = textfit.fitting_size(title, (13, 12, 11), head.w, bold=True)
    canvas.text(head, [para(title, size, bold=True, color=TEXT)], name=title)
    return body


def chart_area(ctx, title: str, caption_text: str, reading: str) -> tuple[Canvas, Box]:
    """A new slide with its caption and reading key; returns the canvas and the area between."""
    canvas = ctx.deck.new_slide(title)
    area = caption(canvas, caption_text)
    return canvas, reading_key(canvas, area, reading)


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


def undetermined_below(canvas: Canvas, box: Box, line: str) -> Box:
    """`line` (undetermined_sentence) at the bottom of `box`; returns the area left above."""
    if not line:
        return box
    lines = len(textfit.wrap(line, 11, int(box.w * 0.95)))
    height = textfit.line_height(11, lines) + inches(0.1)
    gap = inches(0.08)  # clear of the figure's last label
    above, below = box.split_y(box.h - height - gap, gap)
    canvas.text(below, [para(line, 11, color=MUTED)], name="Partenaires non déterminés")
    return above
