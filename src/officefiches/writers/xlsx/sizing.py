"""Sizes estimated from a text's length (no font is measured): column widths, the lines a wrapped
cell takes, row heights; and the no-break spaces that keep French punctuation with its word when
a cell wraps."""

from __future__ import annotations

import math

# Characters of Arial 10 text a column unit holds (a unit is the width of "0"; letters and
# spaces are narrower): a label of n characters needs about n × TEXT_UNITS + 2 units.
TEXT_UNITS = 0.85


def text_width(text: str) -> float:
    """The column width (units) a text needs on one line."""
    return len(text) * TEXT_UNITS + 2


def label_width(labels, low: float = 24, high: float = 62) -> float:
    """A name column's width: its longest name on one line, within [low, high]; a longer one
    wraps (`wrapped_lines`)."""
    return max(low, min(high, max((text_width(label) for label in labels), default=low)))


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` units takes for `text`."""
    return max(1, math.ceil((text_width(text) - 2) / max(width - 2, 1)))


def header_height(heads, widths) -> float:
    """A header row's height (points) showing each wrapped header whole (bold: wider)."""
    lines = max(
        (wrapped_lines(head, width / 1.1) for head, width in zip(heads, widths, strict=False)),
        default=1,
    )
    return max(2, lines) * 13 + 4


def french_spaces(text: str) -> str:
    """No-break spaces where French typography wants them (inside « », before : ; ? !), so that
    a wrapped note never leaves a guillemet or a colon alone at a line's start."""
    for plain, fixed in (("« ", "«\u00a0"), (" »", "\u00a0»"), (" :", "\u00a0:"),
                         (" ;", "\u00a0;"), (" ?", "\u00a0?"), (" !", "\u00a0!")):  # fmt: skip
        text = text.replace(plain, fixed)
    return text


def text_lines(text: str, per_line: int) -> int:
    """Lines a wrapped text needs in a merged cell about `per_line` characters wide."""
    return max(1, -(-len(text) // per_line))
