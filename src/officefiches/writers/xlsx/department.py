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
from functools import cached_property

import pandas as pd

from officefiches import formatting, geography
from officefiches.model import Fiche
from officefiches.writers import sections
from officefiches.writers.xlsx import bookmeta
from officefiches.writers.xlsx.book import (
    Book,
)
from officefiches.writers.xlsx.tables import (
    DETAIL_COUNTRIES,
    TABLE_FRANCE,
    TABLE_LINES,
    TABLE_REGION,
    department_countries,
    sorted_lines,
)

# The sheets in tab order, from the fiche's sections (writers/sections.py).
SHEETS = sections.sheets(__package__, "department")


@dataclass(frozen=True)
class WorkbookTables:
    """The data tables of the workbook (the figures are in the Fiche)."""

    lines: pd.DataFrame  # the department's source lines for the year (canonical frame)
    region_detail: pd.DataFrame  # region: flux, a129, pays, valeur, masse
    france_detail: pd.DataFrame  # France: same columns
    labels: object  # a129_label(code), cpf4_label(code), pays_label(code) -> str
    previous_detail: pd.DataFrame | None = None  # the compared year's, the department's


class DepartmentBook(Book):
    """The department's workbook: its figures are SUMIFS over the Tables of its data sheets."""

    METHODE_TAG = "département"
    KIND = "departement"
    SHEETS = SHEETS

    @staticmethod
    def identity(fiche: Fiche) -> tuple[str, str, str]:
        scope = fiche.department.scope
        return f"Commerce extérieur — {scope.name} ({fiche.data.when})", "departement", scope.code

    def __init__(self, workbook, fiche: Fiche, tables: WorkbookTables, team=None):
        super().__init__(
            workbook, fiche, (fiche.department, fiche.region, fiche.france), fiche.exposure, team
        )
        self.fiche = fiche
        self.tables = tables
        self.dept = self.name

    @cached_property
    def sorted_lines(self) -> pd.DataFrame:
        return sorted_lines(self.tables.lines)

    @cached_property
    def countries(self) -> list[str]:
        """The department's countries its region's and France's tables keep by name."""
        return department_countries(self.sorted_lines, self.fiche.department.partners)

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
        return self.key_cells[(column, flux)]

    def methode_values(self) -> dict[str, str]:
        return {
            "departement": self.dept,
            "region": self.fiche.region.scope.name,
            "lignes": formatting.integer(len(self.tables.lines)),
            "pays_detail": str(DETAIL_COUNTRIES),
        }

    def parameters(self) -> list[tuple[str, str]]:
        fiche = self.fiche
        region = geography.region_of(fiche.department.scope.code)
        concentrations = {}
        if fiche.exposure is not None:
            for name, exposure in (("region", fiche.exposure[1]), ("france", fiche.exposure[2])):
                concentrations[name] = {
                    "E": exposure.partners_export,
                    "I": exposure.partners_import,
                }
        return bookmeta.parameters(
            "departement",
            fiche.department.scope.code,
            self.dept,
            fiche.data,
            territoires=fiche.territoires,
            previous_year=fiche.evolution.previous_year if fiche.evolution else None,
            concentrations=concentrations,
            trends=fiche.trends,
            quarters=fiche.quarters,
            region=(region.insee, region.name),
        )
