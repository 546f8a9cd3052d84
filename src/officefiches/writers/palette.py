"""The deck's colours (FICHE.md "Look"), in one place: each keeps its meaning on every slide."""

from __future__ import annotations

from officefiches.model import EXPORT, IMPORT

EXPORTS = "7B3FA0"  # purple: exports, exported goods
IMPORTS = "1F4E9C"  # blue: imports, imported goods
FLOWS = {EXPORT: EXPORTS, IMPORT: IMPORTS}
LIGHT_FLOWS = {EXPORT: "D9C8E6", IMPORT: "C6D3EA"}  # "Autres" boxes of the treemap
HIGHLIGHT = "D62728"  # the 5 largest flows of a Sankey
NEUTRAL = "B8C2CC"  # the other flows (partly transparent)
POSITIVE = "2E8B57"  # positive balance, with "+"
NEGATIVE = "C0392B"  # negative balance, with "−"
ACCENT = "000091"  # titles
TEXT = "1E1E1E"
MUTED = "5A6470"  # captions, reading keys, footers
WARNING = "B34000"  # demo banner, partial year
PANEL = "EEF0F8"  # tinted panels of the cover
COUNTRY_NODE = "3C4A5A"
OTHER_NODE = "8C96A0"
WHITE = "FFFFFF"
PREVIOUS_YEAR = "AEB8C4"  # year-on-year bars: the earlier year, light
CURRENT_YEAR = "3C4A5A"  # and the fiche's year, dark (told apart by lightness, not hue)


def balance(text: str) -> str:
    """Colour of a balance printed by formatting.signed_meur ("+12,3", "−4,0", "0,0")."""
    if text.startswith("+"):
        return POSITIVE
    if text.startswith("\u2212"):
        return NEGATIVE
    return MUTED
