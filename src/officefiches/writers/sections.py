"""The fiche's sections, declared once: for each, the sheet module (writers/xlsx/<module>.py),
the slide module (writers/pptx/<module>.py), the slide titles and which documents have it.
The workbooks' tab order, the decks' slide order, the « Messages » sheet (one row per slide
title) and `officefiches deck` (a message back to its slide) all come from SECTIONS.

A sheet module declares its sheets as `SHEETS` (the same for every document) or as
`DEPARTMENT` / `SYNTHESIS` tuples of `xlsx.book.Sheet`; a slide module its slide functions the
same way (`SLIDES`, or `DEPARTMENT` / `SYNTHESIS`). Modules are found by name, so that this
registry imports neither writer package (they never import each other either).

To add a section: write the sheet module and the slide module, add one line below (see
docs/ARCHITECTURE.md, "Adding a fiche section").
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from officefiches.model import FLOWS, Fiche, Synthesis
from officefiches.writers import look, texts

Kind = Literal["department", "synthesis"]
Titles = Callable[[Fiche | Synthesis, Callable[..., str]], list[str]]


def _no_titles(doc, short) -> list[str]:
    return []


def _title(key: str) -> Titles:
    """The section's one slide title, templates/textes.toml's `key`."""
    return lambda doc, short: [short(key)]


@dataclass(frozen=True)
class Section:
    """One section of the fiche: a sheet, a slide, or both."""

    module: str  # writers/xlsx/<module>.py and writers/pptx/<module>.py
    sheet: bool = True  # it has a sheet module
    slide: bool = True  # it has a slide module
    department: bool = True  # in a department's workbook and deck
    synthesis: bool = True  # in a region's or France's
    titles: Titles = _no_titles  # the titles of the slides it writes (Messages, `deck`)
    text: str = ""  # a slide of long text: templates/<text>, drawn by writers/pptx/text.py
    sheet_after: str = ""  # its sheet's tab after that section's (else the deck's order)


def _text_section(module: str, name: str, **where: bool) -> Section:
    def titles(doc, short) -> list[str]:
        text = texts.long_text(name, _values(doc))
        return [text.title or name.removesuffix(".md").capitalize()]

    return Section(module, sheet=False, titles=titles, text=name, **where)


def _member_titles(doc, short) -> list[str]:
    kind = "france" if doc.parent is None else "region"
    return [short(f"titre_comparaison_{kind}"), short(f"titre_tableau_{kind}")]


def _flow_titles(doc, short) -> list[str]:
    if isinstance(doc, Fiche):  # a region of one department: its slides would repeat it
        scopes = (
            (doc.department, doc.france)
            if doc.region_alone
            else (doc.department, doc.region, doc.france)
        )
    else:
        scopes = (doc.whole,)
    return [short(f"titre_{flux.key}", territoire=s.scope.name) for flux in FLOWS for s in scopes]


def _evolution_titles(doc, short) -> list[str]:
    if doc.evolution is None:
        return []
    before = doc.data.when_of(doc.evolution.previous_year)
    return [short("titre_evolution", annee_precedente=before)]


def _trend_titles(doc, short) -> list[str]:
    if doc.trends is None:
        return []
    trends = doc.trends
    return [short("titre_tendances", premiere=str(trends.first), derniere=str(trends.last))]


def _quarter_titles(doc, short) -> list[str]:
    if doc.quarters is None or not doc.quarters.values:
        return []
    first, last = doc.quarters.values[0].label, doc.quarters.values[-1].label
    return [short("titre_trimestres", premier=first, dernier=last)]


def _exposure_titles(doc, short) -> list[str]:
    return [short("titre_exposition")] if doc.exposure is not None else []


# In the deck's order; a workbook's tabs follow it too, but for `sheet_after`.
SECTIONS = (
    Section("cover", titles=_title("titre")),  # « Synthèse » and the cover slide
    Section("messages", slide=False),
    Section("labels", slide=False),  # « Libellés »
    _text_section("text", "introduction.md", synthesis=False),
    _text_section("text", "contexte.md", synthesis=False),
    _text_section("text", "methodologie.md", synthesis=False),
    Section("key_figures", sheet=False, department=False, titles=_title("titre_chiffres")),
    Section("members", department=False, titles=_member_titles),
    Section("balance", titles=_title("titre_balance")),
    Section("activities", titles=_title("titre_activites")),
    Section("flows", titles=_flow_titles),
    Section("comparison", slide=False, synthesis=False),
    Section("evolution", titles=_evolution_titles),
    Section("quarters", titles=_quarter_titles),  # « Trimestres »
    Section("trends", titles=_trend_titles, sheet_after="exposure"),
    Section("exposure", titles=_exposure_titles),
    _text_section("text", "informations.md"),
    Section("data", slide=False),  # « Données », « Données région »…
    Section("method", slide=False),  # « Méthode »
    Section("parameters", slide=False),  # the hidden sheet read back by `deck`
)


def _of(kind: Kind) -> list[Section]:
    return [s for s in SECTIONS if getattr(s, kind)]


def sheet_sections(kind: Kind) -> list[Section]:
    """The sections with a sheet in a `kind` workbook, in tab order."""
    order = [s for s in _of(kind) if s.sheet]
    for section in [s for s in order if s.sheet_after]:
        order.remove(section)
        after = next(i for i, s in enumerate(order) if s.module == section.sheet_after)
        order.insert(after + 1, section)
    return order


def slide_sections(kind: Kind) -> list[Section]:
    """The sections with slides in a `kind` deck, in slide order."""
    return [s for s in _of(kind) if s.slide]


def _declared(module, kind: Kind) -> tuple:
    """What a writer module declares for `kind`: its DEPARTMENT or SYNTHESIS tuple, else its
    SHEETS or SLIDES."""
    for name in (kind.upper(), "SHEETS", "SLIDES"):
        if hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"{module.__name__} declares no sheets or slides for a {kind}")


def sheets(package: str, kind: Kind) -> tuple:
    """Every `Sheet` of a `kind` workbook, in tab order (`package`: writers.xlsx)."""
    found: list = []
    for section in sheet_sections(kind):
        found += _declared(importlib.import_module(f"{package}.{section.module}"), kind)
    return tuple(found)


def slides(package: str, kind: Kind) -> tuple:
    """Every slide function of a `kind` deck, in order (`package`: writers.pptx)."""
    found: list = []
    for section in slide_sections(kind):
        module = importlib.import_module(f"{package}.{section.module}")
        found += [module.slide(section.text)] if section.text else _declared(module, kind)
    return tuple(found)


def kind_of(doc: Fiche | Synthesis) -> Kind:
    return "department" if isinstance(doc, Fiche) else "synthesis"


def _values(doc: Fiche | Synthesis) -> dict[str, str]:
    """The placeholders a title may use (those of the deck's contexts)."""
    data = doc.data
    if isinstance(doc, Fiche):
        subject, region = doc.department.scope.name, doc.region.scope.name
        territoires = ", ".join(doc.territoires.names)
    else:
        subject = region = doc.whole.scope.name
        territoires = ""
    when = look.period_values(data) or {
        "annee": str(data.year),
        "periode": str(data.year),
        "trimestres": data.partial_note or ", ".join(f"T{q}" for q in data.quarters),
    }
    return when | {
        "departement": subject,
        "territoire": subject,
        "region": region,
        "territoires": territoires,
    }


def titles(doc: Fiche | Synthesis) -> tuple[str, ...]:
    """Every slide title of the document's deck, in the deck's order, without writing it: the
    workbook's « Messages » sheet lists them, `officefiches deck` hands each message back."""
    values = _values(doc)

    def short(key: str, **extra: str) -> str:
        return texts.short(key, values | extra)

    found: Iterator[str] = (t for s in slide_sections(kind_of(doc)) for t in s.titles(doc, short))
    return tuple(found)


_SPACES = re.compile(r"\s+")


def key(title: str) -> str:
    """A title as it is matched: Unicode-normalised, any space (non-breaking, narrow) as one
    space, curly apostrophes straight, case ignored (the deck prints French typography that a
    workbook edited in Excel may not keep)."""
    text = unicodedata.normalize("NFC", str(title)).replace("\u2019", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip().casefold()
