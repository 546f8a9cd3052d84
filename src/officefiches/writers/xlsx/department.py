"""One department's workbook (XlsxWriter): the fiche's figures over pivot-ready Excel Tables.

Design notes
- Figures are formulas over the Tables (SUMIFS) or over other cells (SUM, IF), each written with
  its cached value so that viewers which do not recalculate show the right number; charts read
  their values from those cells, so an edit in a Table reaches the Synthèse and the charts.
- Speed: the large tables are written in bulk (`_xlsxwriter.BulkSheet`), formulas without
  Excel 365 function rewriting, zip deflated at level 1.
- Strings stay strings (`strings_to_formulas` / `strings_to_urls` off): a label "=cmd" is text.
- Deterministic: fixed `created` date (XlsxWriter then stamps the zip entries with a fixed date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

import pandas as pd

from officefiches import formatting
from officefiches.model import Fiche
from officefiches.writers.xlsx import (
    activites,
    balance,
    comparaison,
    donnees,
    evolution,
    exposition,
    flux,
    methode,
    synthese,
    tendances,
)
from officefiches.writers.xlsx.book import (
    MILLION,
    Book,
    Sheet,
    close_workbook,
    new_workbook,
    write_sheets,
)
from officefiches.writers.xlsx.tables import (
    DETAIL_COUNTRIES,
    FLUX_LABEL,
    TABLE_FRANCE,
    TABLE_LINES,
    TABLE_REGION,
    VALUE,
    Sums,
    sorted_lines,
)

# The sheets in tab order. To add one: a module with write(book, sheet), one line here.
SHEETS = (
    Sheet("Synthèse", synthese.department),
    Sheet("Balance par pays", balance.write),
    Sheet("Activités", activites.write),
    Sheet("Flux export", flux.exports),
    Sheet("Flux import", flux.imports),
    Sheet("Comparaison", comparaison.write),
    Sheet("Évolution", evolution.write, when=lambda book: book.doc.evolution is not None),
    Sheet("Exposition", exposition.write, when=lambda book: bool(book.exposures)),
    Sheet("Tendances", tendances.write, when=lambda book: book.doc.trends is not None),
    Sheet("Données", donnees.lines, data=True),
    Sheet("Données région", donnees.region, data=True),
    Sheet("Données France", donnees.france, data=True),
    Sheet("Méthode", methode.write),
)


@dataclass(frozen=True)
class WorkbookTables:
    """The data tables of the workbook (the figures are in the Fiche)."""

    lines: pd.DataFrame  # the department's source lines for the year (canonical frame)
    region_detail: pd.DataFrame  # region: flux, a129, pays, valeur, masse
    france_detail: pd.DataFrame  # France: same columns
    labels: object  # a129_label(code), cpf4_label(code), pays_label(code) -> str


def write_workbook(fiche: Fiche, tables: WorkbookTables, path: Path, created: datetime) -> None:
    """Write the department's workbook to `path`."""
    title = f"Commerce extérieur — {fiche.department.scope.name} ({fiche.year})"
    workbook = new_workbook(path, title, created)
    write_sheets(DepartmentBook(workbook, fiche, tables), SHEETS)
    close_workbook(workbook, path)


class DepartmentBook(Book):
    """The department's workbook: its figures are SUMIFS over the Tables of its data sheets."""

    FROM_DATA = True
    METHODE_TAG = "département"

    def __init__(self, workbook, fiche: Fiche, tables: WorkbookTables):
        super().__init__(
            workbook, fiche, (fiche.department, fiche.region, fiche.france), fiche.exposure
        )
        self.fiche = fiche
        self.tables = tables
        self.dept = self.name
        self.sums: dict[str, Sums] = {}  # each data Table's sums, recorded by donnees

    @cached_property
    def sorted_lines(self) -> pd.DataFrame:
        return sorted_lines(self.tables.lines)

    @property
    def table_scopes(self) -> tuple[tuple[str, str], ...]:
        """(data Table, scope name) of the department, its region and France."""
        fiche = self.fiche
        return (
            (TABLE_LINES, self.dept),
            (TABLE_REGION, fiche.region.scope.name),
            (TABLE_FRANCE, fiche.france.scope.name),
        )

    def total_ref(self, table: str, flux: str) -> str:
        """The Synthèse's key-figure cell of a Table's flow total (M€)."""
        column = 1 + [t for t, _ in self.table_scopes].index(table)
        return f"'Synthèse'!{self.key_cells[(column, flux)]}"

    def methode_values(self) -> dict[str, str]:
        return {
            "departement": self.dept,
            "region": self.fiche.region.scope.name,
            "lignes": formatting.integer(len(self.tables.lines)),
            "pays_detail": str(DETAIL_COUNTRIES),
        }

    def value_cell(self, sheet, row, col, euros, fluxes, criterion=None, style="meur") -> None:
        """SUMIFS over the Table "Lignes" in M€, with its cached value."""
        terms = [self.sumifs(TABLE_LINES, f, *([criterion] if criterion else [])) for f in fluxes]
        sums = terms[0] if len(terms) == 1 else f"({'+'.join(terms)})"
        sheet.write_formula(row, col, f"={sums}/{MILLION}", self.fmt[style], euros / MILLION)

    def sumifs(self, table: str, flux: str, *criteria: tuple[str, str]) -> str:
        """SUMIFS over a table's values for one flow (and `criteria`: column, cell or literal)."""
        parts = [f"{table}[{VALUE}]", f"{table}[Flux]", f'"{FLUX_LABEL[flux]}"']
        for column, ref in criteria:
            parts += [f"{table}[{column}]", ref]
        return f"SUMIFS({','.join(parts)})"

    def subject_sentence(self, flux: str) -> str:
        """ "Total des exportations : X millions d'euros, soit Y % … région …, soit Z % …"."""
        shares = self.fiche.shares(flux)
        if shares.value == 0:
            return self.sheet_text(f"synthese.aucun_{flux.key}")
        return self.sheet_text(
            f"synthese.total_departement_{flux.key}",
            total=formatting.meur(shares.value),
            part_region=formatting.pct(shares.region_pct, 1),
            region=self.fiche.region.scope.name,
            part_france=formatting.pct(shares.france_pct, 2),
        )
