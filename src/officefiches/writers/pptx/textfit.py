"""Text measurement without a font file, enough to wrap labels and pick sizes that fit their
boxes, whatever font the deck is shown in.

Each character counts for the wider of two advance widths: Arial's (metric-compatible with
Helvetica and Liberation Sans: our own look) and DejaVu Sans' (what LibreOffice draws where a
template's font, Calibri or Marianne, is missing, and as wide as Verdana). A layout measured so
holds in either: a team's template font, or a machine without Arial, never breaks a number or
pushes a title onto its subtitle (../shared/tools/widefont.py checks it on renders)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from officefiches.formatting import typographie

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
    "\u00a0": 278, "\u2060": 0, "\u2212": 584, "€": 556, "→": 1000, "œ": 944, "Œ": 1000, "æ": 889,
}  # fmt: skip
# DejaVu Sans (Book) advance widths in 1/1000 em, read from its font file (2048 units per em).
_WIDE = {
    ' ': 318, '!': 401, '"': 460, '#': 838, '$': 636, '%': 950, '&': 780, "'": 275, '(': 390,
    ')': 390, '*': 500, '+': 838, ',': 318, '-': 361, '.': 318, '/': 337, '0': 636, '1': 636,
    '2': 636, '3': 636, '4': 636, '5': 636, '6': 636, '7': 636, '8': 636, '9': 636, ':': 337,
    ';': 337, '<': 838, '=': 838, '>': 838, '?': 531, '@': 1000, 'A': 684, 'B': 686, 'C': 698,
    'D': 770, 'E': 632, 'F': 575, 'G': 775, 'H': 752, 'I': 295, 'J': 295, 'K': 656, 'L': 557,
    'M': 863, 'N': 748, 'O': 787, 'P': 603, 'Q': 787, 'R': 695, 'S': 635, 'T': 611, 'U': 732,
    'V': 684, 'W': 989, 'X': 685, 'Y': 611, 'Z': 685, '[': 390, ']': 390, '_': 500, 'a': 613,
    'b': 635, 'c': 550, 'd': 635, 'e': 615, 'f': 352, 'g': 635, 'h': 634, 'i': 278, 'j': 278,
    'k': 579, 'l': 278, 'm': 974, 'n': 634, 'o': 612, 'p': 635, 'q': 635, 'r': 411, 's': 521,
    't': 392, 'u': 634, 'v': 592, 'w': 818, 'x': 592, 'y': 592, 'z': 525, '\xa0': 318, '«': 612,
    '»': 612, 'æ': 982, 'Œ': 1070, 'œ': 1023, '–': 500, '—': 1000, '’': 318, '•': 590, '…': 1000,
    '\u202f': 200, '€': 636, '→': 838, '−': 838,
}  # fmt: skip
_DIGIT = 636  # DejaVu Sans' digits (Arial's: 556)
_DEFAULT = 640
BOLD_FACTOR = 1.12
# Room for what no width table knows: kerning, hinting at small sizes, a renderer's rounding.
SAFETY = 1.04
LINE_HEIGHT = 1.2  # line pitch as a multiple of the font size
PT_EMU = 12_700
# No slide shows more of one text than this: a longer one (a label of a hostile annex) is cut to
# it before being measured, so fitting it costs the same as fitting any label.
MAX_CHARS = 400


_SPACES = re.compile(r"[ \t\r\n]+")


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    """The words of `text` as it will be shown (French typography: drawing applies it to every
    run) between ASCII spaces: a no-break space (« 1 879,3 », « millions d’euros », « : »)
    glues, as in every renderer."""
    return tuple(word for word in _SPACES.split(typographie(bounded(text))) if word)


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if char in _WIDTHS:
        return max(_WIDTHS[char], _WIDE.get(char, 0))
    if char.isdigit():
        return _DIGIT
    base = unicodedata.normalize("NFD", char)[:1]  # é → e
    if base in _WIDTHS:
        return max(_WIDTHS[base], _WIDE.get(base, 0))
    return _DEFAULT


@lru_cache(maxsize=65_536)
def width(text: str, size: float, bold: bool = False) -> int:
    """Width of `text` in EMU at `size` points (of its first MAX_CHARS + 1 characters only:
    wider than any box already, so a longer text is never taken to fit)."""
    em = sum(map(_char_width, text[: MAX_CHARS + 1])) / 1000
    return int(em * size * PT_EMU * SAFETY * (BOLD_FACTOR if bold else 1.0))


def line_height(size: float, lines: int = 1) -> int:
    """Height in EMU of `lines` lines at `size` points."""
    return int(lines * size * LINE_HEIGHT * PT_EMU)


def wrap(
    text: str, size: float, max_width: int, bold: bool = False, break_words: bool = True
) -> list[str]:
    """Greedy word wrap. A word longer than the line is cut (`break_words`), or ends the text
    with an ellipsis."""
    return list(_wrapped(bounded(text), size, max_width, bold, break_words))


@lru_cache(maxsize=65_536)
def _wrapped(
    text: str, size: float, max_width: int, bold: bool, break_words: bool
) -> tuple[str, ...]:
    """`wrap`, measured once per (text, size, width, bold): the long texts' and titles' sizes
    are searched on the same texts in every deck. A tuple, as `_fitted_lines`'s."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        candidate = f"{current} {word}" if current else word
        if width(candidate, size, bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if not break_words and width(word, size, bold) > max_width:
            if not lines:
                return (shorten(word, size, max_width, bold),)
            return (*lines[:-1], shorten(f"{lines[-1]} {word}", size, max_width, bold))
        while width(current, size, bold) > max_width and len(current) > 1:
            cut = _longest_prefix(current, size, max_width, bold)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return tuple(lines)


def bounded(text: str) -> str:
    """`text` cut to MAX_CHARS (at a word when there is one): what a slide can show of it."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _longest_prefix(word: str, size: float, max_width: int, bold: bool) -> int:
    """The longest prefix of `word` (at least 1 character) holding in `max_width`: a binary
    search, the width growing with the prefix."""
    low, high = 1, len(word) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if width(word[:middle], size, bold) <= max_width:
            low = middle
        else:
            high = middle - 1
    return max(low, 1)


def shorten(text: str, size: float, max_width: int, bold: bool = False) -> str:
    """`text`, cut with an ellipsis to fit on one line of `max_width` (the last resort: the
    caller puts the full text in the notes)."""
    text = bounded(text)
    if width(text, size, bold) <= max_width:
        return text
    words = list(_words(text))

    def candidate(count: int) -> str:
        return " ".join(words[:count]).rstrip(",;:") + "…"

    low, high = 0, len(words) - 1  # the most words whose candidate fits (binary search)
    while low < high:
        middle = (low + high + 1) // 2
        if width(candidate(middle), size, bold) <= max_width:
            low = middle
        else:
            high = middle - 1
    if low >= 1:
        return candidate(low)
    cut = _longest_prefix(text + "…", size, max_width, bold)
    return text[: max(cut - 1, 1)] + "…"


_HYPHENATED = re.compile(r"(?<=\w-)(?=\w)")


# A hyphenated word this short is one name a reader takes in at once (Royaume-Uni, États-Unis,
# Pays-Bas, Sri-Lanka): never broken at its hyphen. A longer one may be (Machines-/outils).
UNBROKEN_COMPOUND = 12


_COMPOUND = re.compile(r"(?<![\w-])\w+(?:-\w+)+(?![\w-])")
WORD_JOINER = "\u2060"  # no break here, and nothing drawn: every font has it


def glued(text: str) -> str:
    """`text` with each short compound name (UNBROKEN_COMPOUND) glued at its hyphen by word
    joiners, for text the viewer wraps itself (long texts, key messages): « États-Unis » is
    never « États- / Unis » there either."""

    def glue(match: re.Match) -> str:
        if len(match[0]) > UNBROKEN_COMPOUND:
            return match[0]
        return match[0].replace("-", f"{WORD_JOINER}-{WORD_JOINER}")

    return _COMPOUND.sub(glue, text) if "-" in text else text


def _pieces(text: str) -> list[tuple[str, str]]:
    """(piece, what joins it to the one before): the words of `text`, a long hyphenated one
    split after its hyphens ("Machines-", "outils" joined by "")."""
    return [
        (piece, " " if index == 0 else "")
        for word in _words(text)
        for index, piece in enumerate(
            [word] if len(word) <= UNBROKEN_COMPOUND else _HYPHENATED.split(word)
        )
    ]


def fit_lines(
    text: str, size: float, max_width: int, max_lines: int, bold: bool = False
) -> list[str] | None:
    """`text` wrapped at word boundaries (and after a hyphen, as PowerPoint does) in at most
    `max_lines` lines of `max_width`, nothing cut; None when it does not hold so."""
    if len(text) > MAX_CHARS:  # never fits; not kept in the memo either
        return None
    lines = _fitted_lines(text, size, max_width, max_lines, bold)
    return None if lines is None else list(lines)


@lru_cache(maxsize=65_536)
def _fitted_lines(
    text: str, size: float, max_width: int, max_lines: int, bold: bool
) -> tuple[str, ...] | None:
    """`fit_lines`, measured once per (text, size, box, bold): the layout searches (treemap,
    Sankey, tables) try the same labels in the same boxes again and again, department after
    department. A tuple, so that no caller can change what the memo holds."""
    lines: list[str] = []
    current = ""
    for word, glue in _pieces(text):
        candidate = f"{current}{glue}{word}" if current else word
        if width(candidate, size, bold) <= max_width:
            current = candidate
            continue
        if not current or width(word, size, bold) > max_width:
            return None
        lines.append(current)
        current = word
        if len(lines) >= max_lines:
            return None
    if current:
        lines.append(current)
    return tuple(lines) if len(lines) <= max_lines else None


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
