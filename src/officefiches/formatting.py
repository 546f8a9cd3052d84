"""French typography for every figure the outputs print (Babel, locale fr_FR).

- thousands separator: narrow no-break space U+202F (Babel's fr_FR group symbol);
- decimal comma; rounding half-up as the published fiches (never banker's rounding, never
  binary floats: values go through Decimal first);
- narrow no-break space before "%", no-break space U+00A0 before "€" (Babel's fr_FR currency
  pattern);
- negative numbers with the typographic minus sign U+2212.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal

LOCALE = Locale.parse("fr_FR")  # parsed once: Babel would build it anew for each number
NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"  # no-break space
MINUS = "\u2212"  # minus sign
NOT_AVAILABLE = "n.d."

Number = int | float | Decimal


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # shortest repr: 1879.25 stays 1879.25, not 1879.2499…
    return Decimal(value)


@lru_cache(maxsize=65_536, typed=True)  # equal values of one type print the same
def number(value: Number, decimals: int = 0) -> str:
    """A number rounded half-up to `decimals` places: "1 879,3", "−12", "0,32"."""
    quantized = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(abs(quantized), format=pattern, locale=LOCALE)
    return (MINUS + text) if quantized < 0 else text


def integer(value: Number) -> str:
    """An integer with thousands separators: "1 234 567"."""
    return number(value, 0)


def meur(euros: Number, decimals: int = 1) -> str:
    """Euros shown in millions of euros: 1_879_300_000 → "1 879,3", 207_000_000 → "207,0"."""
    return number(_decimal(euros) / Decimal(1_000_000), decimals)


def signed_meur(euros: Number, decimals: int = 1) -> str:
    """A balance in millions of euros with an explicit sign: "+12,3", "−12,3", "0,0"."""
    text = meur(euros, decimals)
    if text.startswith(MINUS) or text.strip("0,") == "":
        return text
    return "+" + text


def pct(value: Decimal | float | None, decimals: int) -> str:
    """A percentage (already in percent): Decimal("6.7") → "6,7 %"; None → "n.d."."""
    if value is None:
        return NOT_AVAILABLE
    return f"{number(value, decimals)}{NNBSP}%"


def signed_pct(value: Decimal | None, decimals: int = 1) -> str:
    """A change in percent with its sign: "+4,7 %", "−3,2 %", "0,0 %" (no sign on what
    rounds to zero); None → "n.d."."""
    text = pct(value, decimals)
    if value is None or text.startswith(MINUS) or not text.strip(f"0,{NNBSP}%"):
        return text
    return "+" + text


def index(value: Number) -> str:
    """An index between 0 and 1, three decimals: "0,322"."""
    return number(value, 3)


def euros(value: Number) -> str:
    """Whole euros: 1_879_300_000 → "1 879 300 000 €"."""
    return f"{integer(value)}{NBSP}€"


# --- French typography of running text ------------------------------------------------------------

_APOSTROPHE = "\u2019"
# A space (plain or already no-break) that French typography wants unbreakable: inside « »,
# before : ; ? ! %, between a number and its unit, and in "millions d'euros".
_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0\u202f]+([;?!%])")
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")
_NUMBER_UNIT = re.compile(r"(\d) (M€|Md€|k€|€|%)")
_MILLIONS = re.compile(r"\b(millions|milliards) d’euros\b")


@lru_cache(maxsize=16_384)  # the same labels and sentences, deck after deck
def typographie(text: str) -> str:
    """`text` with French typography: curly apostrophes (’), no-break spaces inside « » and
    before : ; ? ! % (only where a space was typed: "https://" keeps its colon), between a
    number and its unit, and in "millions d’euros" (never "d’euros" alone on a line)."""
    if not text:
        return text
    # each pattern only where the character it needs is (most texts have few of them: a
    # pattern not tried is some 0.5 µs saved, on tens of thousands of texts a run)
    text = text.replace("'", _APOSTROPHE)
    if "«" in text:
        text = _AFTER_OPENING.sub("«" + NBSP, text)
    if "»" in text:
        text = _BEFORE_CLOSING.sub(NBSP + "»", text)
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP + ":", text)
    if ";" in text or "?" in text or "!" in text or "%" in text:
        text = _BEFORE_PUNCTUATION.sub(NNBSP + r"\1", text)
    if "€" in text or "%" in text:
        text = _NUMBER_UNIT.sub(r"\1" + NBSP + r"\2", text)
    if "d’euros" in text:
        text = _MILLIONS.sub(r"\1" + NBSP + "d’euros", text)
    return text
