"""officefiches.formatting, memoised for the writers: the same figures come back on several
slides, in the notes and alt texts, and in every deck of a region (Babel takes ~0.1 ms per
number)."""

from __future__ import annotations

from functools import lru_cache

from officefiches import formatting
from officefiches.formatting import MINUS, NOT_AVAILABLE

__all__ = ["MINUS", "NOT_AVAILABLE", "index", "integer", "meur", "pct", "signed_meur", "signed_pct"]

meur = lru_cache(maxsize=16_384)(formatting.meur)
signed_meur = lru_cache(maxsize=4_096)(formatting.signed_meur)
pct = lru_cache(maxsize=4_096)(formatting.pct)
signed_pct = lru_cache(maxsize=4_096)(formatting.signed_pct)
index = lru_cache(maxsize=1_024)(formatting.index)
integer = formatting.integer
