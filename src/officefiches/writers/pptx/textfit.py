"""Text measurement without a font file: Arial's advance widths (metric-compatible with
Helvetica and Liberation Sans), enough to wrap labels and pick sizes that fit their boxes."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Advance widths in 1/1000 em (Helvetica AFM, which Arial matches).
_WIDTHS = {
    " ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191, "(": 333,
    ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278,
    "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015, "[": 278, "]": 278, "_": 556,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278,
    "J": 500, "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722,
    "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222,
    "j": 222, "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333,
    "s": 500, "t": 278, "u": 556, "v": 500, "w": 722, "x": 500, "y": 500, "z": 500,
    "«": 556, "»": 556, "’": 222, "–": 556, "—": 1000, "…": 1000, "•": 350, "\u202f": 200,
    "\u00a0": 278, "\u2212": 584, "€": 556, "→": 1000, "œ": 944, "Œ": 1000, "æ": 889,
}  # fmt: skip
_DIGIT = 556
_DEFAULT = 600
BOLD_FACTOR = 1.12
# Room for renderers that substitute a wider font (DejaVu Sans where Arial and Liberation Sans
# are missing is ~10 % wider): text measured to fit still fits there.
SAFETY = 1.1
LINE_HEIGHT = 1.2  # line pitch as a multiple of the font size
PT_EMU = 12_700


def _char_width(char: str) -> int:
    if char in _WIDTHS:
        return _WIDTHS[char]
    if char.isdigit():
        return _DIGIT
    base = unicodedata.normalize("NFD", char)[:1]  # é → e
    return _WIDTHS.get(base, _DEFAULT)


@lru_cache(maxsize=65_536)
def width(text: str, size: float, bold: bool = False) -> int:
    """Width of `text` in EMU at `size` points."""
    em = sum(_char_width(c) for c in text) / 1000
    return int(em * size * PT_EMU * SAFETY * (BOLD_FACTOR if bold else 1.0))


def line_height(size: float, lines: int = 1) -> int:
    """Height in EMU of `lines` lines at `size` points."""
    return int(lines * size * LINE_HEIGHT * PT_EMU)


def wrap(
    text: str, size: float, max_width: int, bold: bool = False, break_words: bool = True
) -> list[str]:
    """Greedy word wrap. A word longer than the line is cut (`break_words`), or ends the text
    with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if width(candidate, size, bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if not break_words and width(word, size, bold) > max_width:
            if not lines:
                return [shorten(word, size, max_width, bold)]
            return lines[:-1] + [shorten(f"{lines[-1]} {word}", size, max_width, bold)]
        while width(current, size, bold) > max_width and len(current) > 1:
            cut = _longest_prefix(current, size, max_width, bold)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def _longest_prefix(word: str, size: float, max_width: int, bold: bool) -> int:
    for cut in range(len(word) - 1, 0, -1):
        if width(word[:cut], size, bold) <= max_width:
            return cut
    return 1


def shorten(text: str, size: float, max_width: int, bold: bool = False) -> str:
    """`text`, cut with an ellipsis to fit on one line of `max_width`."""
    if width(text, size, bold) <= max_width:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:") + "…"
        if width(candidate, size, bold) <= max_width:
            return candidate
    cut = _longest_prefix(text + "…", size, max_width, bold)
    return text[: max(cut - 1, 1)] + "…"


def wrap_lines(
    text: str,
    size: float,
    max_width: int,
    max_lines: int,
    bold: bool = False,
    break_words: bool = True,
) -> list[str]:
    """At most `max_lines` lines; the last one shortened with an ellipsis when text remains."""
    lines = wrap(text, size, max_width, bold, break_words)
    if len(lines) <= max_lines:
        return lines
    kept = lines[: max_lines - 1]
    rest = " ".join(lines[max_lines - 1 :])
    return kept + [shorten(rest, size, max_width, bold)]


def fitting_size(text: str, sizes: tuple[float, ...], max_width: int, bold: bool = False) -> float:
    """The first of `sizes` (largest first) at which `text` holds on one line; else the last."""
    return next((size for size in sizes if width(text, size, bold) <= max_width), sizes[-1])
