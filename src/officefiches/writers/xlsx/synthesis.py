"""A region's (or France's) own workbook: its figures and a comparison of its members.

There is no data table here (the source lines are in each department's workbook): amounts are
numbers, and balances, shares and totals are formulas over them, with their cached values.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from officefiches import formatting
from officefiches.model import Synthesis
from officefiches.writers.xlsx import (
    activites,
    balance,
    evolution,
    exposition,
    flux,
    membres,
    methode,
    synthese,
    tendances,
)
from officefiches.writers.xlsx.book import Book, Sheet, close_workbook, new_workbook, write_sheets

# The sheets in tab order. To add one: a module with write(book, sheet), one line here.
SHEETS = (
    Sheet("Synthèse", synthese.synthesis),
    Sheet(lambda book: book.sheet_name, membres.write),  # "Départements" or "Régions"
    Sheet("Balance par pays", balance.write),
    Sheet("Activités", activites.write),
    Sheet("Flux export", flux.exports),
    Sheet("Flux import", flux.imports),
    Sheet("Évolution", evolution.write, when=lambda book: book.doc.evolution is not None),
    Sheet("Exposition", exposition.write, when=lambda book: bool(book.exposures)),
    Sheet("Tendances", tendances.write, when=lambda book: book.doc.trends is not None),
    Sheet("Méthode", methode.write),
)

MEMBERS = {  # by whether the whole has a parent: sheet, Table, singular, plural, column
    True: ("Départements", "Departements", "département", "départements", "Département"),
    False: ("Régions", "Regions", "région", "régions", "Région"),
}


def write_synthesis_workbook(synthesis: Synthesis, path: Path, created: datetime) -> None:
    """Write the region's (or France's) workbook to `path`."""
    title = f"Commerce extérieur — {synthesis.whole.scope.name} ({synthesis.year}), synthèse"
    workbook = new_workbook(path, title, created)
    write_sheets(SynthesisBook(workbook, synthesis), SHEETS)
    close_workbook(workbook, path)


class SynthesisBook(Book):
    """A synthesis's workbook: its amounts are numbers computed by officefiches."""

    METHODE_TAG = "synthèse"

    def __init__(self, workbook, synthesis: Synthesis):
        parent = (synthesis.parent,) if synthesis.parent is not None else ()
        exposures = (synthesis.exposure,) if synthesis.exposure is not None else None
        super().__init__(workbook, synthesis, (synthesis.whole, *parent), exposures)
        self.synthesis = synthesis
        self.sheet_name, self.table, self.one, self.many, self.column = MEMBERS[bool(parent)]
        self.kind = "region" if parent else "france"  # picks the texts that differ

    def methode_values(self) -> dict[str, str]:
        return {"membres": self.many, "onglet_membres": self.sheet_name}

    def subject_sentence(self, flux: str) -> str:
        """ "Total des exportations : X millions d'euros, soit Y % de la valeur … nationale"."""
        value = self.subject.totals.of(flux)
        if value == 0:
            return self.sheet_text(f"synthese.aucun_{flux.key}")
        total = formatting.meur(value)
        if self.synthesis.parent is None:
            return self.sheet_text(f"synthese.total_{flux.key}", total=total)
        share = formatting.pct(self.synthesis.parent_share(flux), 2)
        return self.sheet_text(f"synthese.total_region_{flux.key}", total=total, part_france=share)
