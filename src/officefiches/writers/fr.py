"""officefiches.formatting, memoised for the deck: the same figures come back on several slides,
in the notes and alt texts, and in every deck of a region (Babel takes ~0.1 ms per number)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from officefiches import formatting
from officefiches.formatting import MINUS

__all__ = ["MINUS", "index", "meur", "pct", "signed_meur", "signed_pct"]

meur = lru_cache(maxsize=16_384)(formatting.meur)
signed_meur = lru_cache(maxsize=4_096)(formatting.signed_meur)
pct = lru_cache(maxsize=4_096)(formatting.pct)


@lru_cache(maxsize=4_096)
def signed_pct(value: Decimal | None, decimals: int = 1) -> str:
    """A change in percent with its sign: "+4,7 %", "−3,2 %", "0,0 %"; None → "n.d."."""
    text = pct(value, decimals)
    if value is None or text.startswith(MINUS) or not text.strip("0,\u202f%"):
        return text
    return "+" + text


@lru_cache(maxsize=1_024)
def index(value: Decimal) -> str:
    """An index between 0 and 1, three decimals: "0,322"."""
    return formatting.number(value, 3)
