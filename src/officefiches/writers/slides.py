"""The deck's slide titles, in order, without writing a deck: the workbook's « Messages » sheet
lists them (a team writes a key message beside each), and `officefiches deck` hands each
message to the slide of that title.

The titles come from the same texts as the deck's slides (templates/textes.toml, the titles of
templates/*.md), for the same slides in the same order as writers/pptx/department.py and
writers/pptx/synthesis.py (tests/writers/test_slides.py checks them against a written deck).
`key()` is how a title is matched: the deck may print it with French typography (non-breaking
spaces, curly apostrophes) that a workbook edited in Excel may not keep.
"""

from __future__ import annotations

import re
import unicodedata

from officefiches.model import FLOWS, Fiche, Synthesis
from officefiches.writers import texts

TEXT_SLIDES = ("introduction.md", "contexte.md", "methodologie.md")


def _values(doc: Fiche | Synthesis) -> dict[str, str]:
    """The placeholders a title may use (those of the deck's contexts)."""
    data = doc.data
    if isinstance(doc, Fiche):
        subject, region = doc.department.scope.name, doc.region.scope.name
        territoires = ", ".join(doc.territoires.names)
    else:
        subject = region = doc.whole.scope.name
        territoires = ""
    return {
        "annee": str(data.year),
        "periode": str(data.year),
        "trimestres": data.partial_note or ", ".join(f"T{q}" for q in data.quarters),
        "departement": subject,
        "territoire": subject,
        "region": region,
        "territoires": territoires,
    }


def _text_title(name: str, values: dict[str, str]) -> str:
    text = texts.long_text(name, values)
    return text.title or name.removesuffix(".md").capitalize()


def titles(doc: Fiche | Synthesis) -> tuple[str, ...]:
    """Every slide title of the document's deck, in the deck's order."""
    values = _values(doc)

    def short(key: str, **extra: str) -> str:
        return texts.short(key, values | extra)

    found = [short("titre")]
    if isinstance(doc, Fiche):
        found += [_text_title(name, values) for name in TEXT_SLIDES]
        scopes = (doc.department, doc.region, doc.france)
        exposure = doc.exposure
    else:
        kind = "france" if doc.parent is None else "region"
        found += [
            short("titre_chiffres"),
            short(f"titre_comparaison_{kind}"),
            short(f"titre_tableau_{kind}"),
        ]
        scopes = (doc.whole,)
        exposure = doc.exposure
    found += [short("titre_balance"), short("titre_activites")]
    for flux in FLOWS:
        found += [short(f"titre_{flux.key}", territoire=s.scope.name) for s in scopes]
    if doc.evolution is not None:
        found.append(short("titre_evolution", annee_precedente=str(doc.evolution.previous_year)))
    if doc.trends is not None:
        found.append(
            short("titre_tendances", premiere=str(doc.trends.first), derniere=str(doc.trends.last))
        )
    if exposure is not None:
        found.append(short("titre_exposition"))
    found.append(_text_title("informations.md", values))
    return tuple(found)


_SPACES = re.compile(r"\s+")


def key(title: str) -> str:
    """A title as it is matched: Unicode-normalised, any space (non-breaking, narrow) as one
    space, curly apostrophes straight, case ignored."""
    text = unicodedata.normalize("NFC", str(title)).replace("\u2019", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip().casefold()
