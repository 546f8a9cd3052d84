"""A region's (or France's) own workbook: its figures and a comparison of its members, as
formulas over its data Tables: the whole's flux × A129 × country (every country), France's
beside a region's (the countries a figure names), the members' flux × country, and the compared
year's when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from officefiches.model import Synthesis
from officefiches.writers import sections
from officefiches.writers.xlsx import bookmeta
from officefiches.writers.xlsx.book import (
    Book,
)

# The sheets in tab order, from the fiche's sections (writers/sections.py).
SHEETS = sections.sheets(__package__, "synthesis")

MEMBERS = {  # by whether the whole has a parent: sheet, Table, singular, plural, column
    True: ("Départements", "Departements", "département", "départements", "Département"),
    False: ("Régions", "Regions", "région", "régions", "Région"),
}


@dataclass(frozen=True)
class SynthesisTables:
    """The data tables of a synthesis's workbook (the figures are in the Synthesis)."""

    detail: pd.DataFrame  # the whole's flux, a129, pays, valeur, masse (every country)
    members: pd.DataFrame  # flux, membre, nom, pays, valeur
    labels: object
    parent_detail: pd.DataFrame | None = None  # France's, beside a region's
    previous_detail: pd.DataFrame | None = None  # the whole's compared year


class SynthesisBook(Book):
    """A synthesis's workbook: its figures are SUMIFS over the Tables of its data sheets."""

    METHODE_TAG = "synthèse"
    SHEETS = SHEETS

    @staticmethod
    def identity(synthesis: Synthesis) -> tuple[str, str, str]:
        scope = synthesis.whole.scope
        kind = "region" if synthesis.parent is not None else "france"
        return (
            f"Commerce extérieur — {scope.name} ({synthesis.data.when}), synthèse",
            kind,
            scope.code,
        )

    def __init__(self, workbook, synthesis: Synthesis, tables: SynthesisTables, team=None):
        parent = (synthesis.parent,) if synthesis.parent is not None else ()
        exposures = None
        if synthesis.exposure is not None:
            exposures = (synthesis.exposure,)
            if synthesis.parent_exposure is not None:
                exposures += (synthesis.parent_exposure,)
        super().__init__(workbook, synthesis, (synthesis.whole, *parent), exposures, team)
        self.synthesis = synthesis
        self.tables = tables
        self.has_parent = bool(parent)
        self.sheet_name, self.table, self.one, self.many, self.column = MEMBERS[bool(parent)]
        self.kind = "region" if parent else "france"  # picks the texts that differ
        self.KIND = self.kind
        self.member_column = bookmeta.MEMBER_HEADERS[self.kind][0]
        self.member_sums: dict = {}

    def methode_values(self) -> dict[str, str]:
        return {"membres": self.many, "onglet_membres": self.sheet_name}

    def parameters(self) -> list[tuple[str, str]]:
        synthesis = self.synthesis
        concentrations = {}
        if synthesis.parent_exposure is not None:
            exposure = synthesis.parent_exposure
            concentrations["france"] = {
                "E": exposure.partners_export,
                "I": exposure.partners_import,
            }
        return bookmeta.parameters(
            self.kind,
            synthesis.whole.scope.code,
            self.name,
            synthesis.data,
            previous_year=synthesis.evolution.previous_year if synthesis.evolution else None,
            concentrations=concentrations,
            trends=synthesis.trends,
            quarters=synthesis.quarters,
        )
