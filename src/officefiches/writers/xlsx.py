"""One department's workbook (XlsxWriter): the fiche's figures over pivot-ready Excel Tables.

Sheets, in order: Synthèse, Balance par pays, Activités, Flux export, Flux import, Comparaison,
Évolution (when the data hold a comparable previous year), Exposition (when known), Données (the
department's source lines, Table "Lignes"), Données région and Données France (flux × A129 ×
country, Tables "Region" and "France"; the countries outside the department's main partners are
summed into "Autres pays"), Méthode (templates/methode.md). The sheets shared with the region's
and France's workbooks (`write_synthesis_workbook`, xlsx_synthesis.py) are written by
`xlsx_sheets.Book` and `xlsx_indicators`.

Design notes
- Figures are formulas over the Tables (SUMIFS) or over other cells (SUM, IF), each written with
  its cached value so that viewers which do not recalculate show the right number; charts read
  their values from those cells, so an edit in a Table reaches the Synthèse and the charts.
- Speed: the large tables are written by `xlsx_tables` (bulk table bodies, formulas without
  Excel 365 function rewriting, zip deflated at level 1).
- Strings stay strings (`strings_to_formulas` / `strings_to_numbers` off): a label "=cmd" is text.
- Deterministic: fixed `created` date (XlsxWriter then stamps the zip entries with a fixed date).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, Fiche
from officefiches.writers.xlsx_indicators import (
    EVOLUTION_SHEET,
    EXPOSURE_SHEET,
    evolution_sheet,
    exposition_sheet,
    summary_lines,
)
from officefiches.writers.xlsx_sheets import (
    COMPARE,
    FLOW_WORDS,
    MILLION,
    NO_TRADE,
    Book,
    close_workbook,
    header_lines,
    new_workbook,
    rank_order_axes,
    ratio,
    share,
)
from officefiches.writers.xlsx_synthesis import write_synthesis_workbook
from officefiches.writers.xlsx_tables import (
    DETAIL_COUNTRIES,
    FLUX_LABEL,
    TABLE_FRANCE,
    TABLE_LINES,
    TABLE_REGION,
    VALUE,
    BulkSheet,
    Sums,
    bulk_table,
    compact_detail,
    detail_columns,
    detail_countries,
    line_columns,
    sorted_lines,
    table_sums,
)

__all__ = ["VALUE", "WorkbookTables", "write_synthesis_workbook", "write_workbook"]


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
    _DepartmentBook(workbook, fiche, tables).write()
    close_workbook(workbook, path)


SHEETS = (
    "Synthèse",
    "Balance par pays",
    "Activités",
    "Flux export",
    "Flux import",
    "Comparaison",
)
DATA_SHEETS = (
    ("Données", TABLE_LINES),
    ("Données région", TABLE_REGION),
    ("Données France", TABLE_FRANCE),
)


class _DepartmentBook(Book):
    """The department's workbook: the shared sheets, its Synthèse and Comparaison over the Tables
    of its data sheets, and where the figures live."""

    VALUES_NOTE = " Valeurs calculées sur l'onglet « Données »."

    def __init__(self, workbook, fiche: Fiche, tables: WorkbookTables):
        super().__init__(
            workbook, fiche, (fiche.department, fiche.region, fiche.france), fiche.exposure
        )
        self.fiche = fiche
        self.tables = tables
        self.dept = self.name
        self.sums: dict[str, Sums] = {}
        self.total_refs: dict[tuple[str, str], str] = {}  # (table, flux) -> Synthèse cell (M€)

    def write(self) -> None:
        sheets = {name: self.sheet(name) for name in SHEETS}
        evolution = self.sheet(EVOLUTION_SHEET) if self.fiche.evolution else None
        exposition = self.sheet(EXPOSURE_SHEET) if self.exposures else None
        data = {
            name: self.wb.add_worksheet(name, worksheet_class=BulkSheet) for name, _ in DATA_SHEETS
        }
        methode = self.sheet("Méthode")
        for sheet in data.values():
            self.print_setup(sheet)
        self.data_sheets(*data.values())
        self.synthese(sheets["Synthèse"])
        self.balance(sheets["Balance par pays"])
        self.activites(sheets["Activités"])
        self.flows(sheets["Flux export"], EXPORT)
        self.flows(sheets["Flux import"], IMPORT)
        self.comparaison(sheets["Comparaison"])
        if evolution is not None:
            evolution_sheet(self, evolution, self.fiche.evolution)
        if exposition is not None:
            exposition_sheet(self, exposition, self.exposures)
        self.methode(methode, self._methode_values(), {"département"})
        sheets["Synthèse"].activate()

    def _methode_values(self) -> dict[str, str]:
        return {
            "departement": self.dept,
            "region": self.fiche.region.scope.name,
            "lignes": formatting.integer(len(self.tables.lines)),
            "pays_detail": str(DETAIL_COUNTRIES),
        }

    def value_cell(self, sheet, row, col, euros, fluxes, criterion=None, style="meur") -> None:
        """SUMIFS over the Table "Lignes" in M€, with its cached value."""
        terms = [self._sumifs(TABLE_LINES, f, *([criterion] if criterion else [])) for f in fluxes]
        sums = terms[0] if len(terms) == 1 else f"({'+'.join(terms)})"
        sheet.write_formula(row, col, f"={sums}/{MILLION}", self.fmt[style], euros / MILLION)

    def _sumifs(self, table: str, flux: str, *criteria: tuple[str, str]) -> str:
        """SUMIFS over a table's values for one flow (and `criteria`: column, cell or literal)."""
        parts = [f"{table}[{VALUE}]", f"{table}[Flux]", f'"{FLUX_LABEL[flux]}"']
        for column, ref in criteria:
            parts += [f"{table}[{column}]", ref]
        return f"SUMIFS({','.join(parts)})"

    # -- Données -----------------------------------------------------------------------------

    def data_sheets(self, donnees, region, france) -> None:
        """The three data tables; their sums are kept for the formulas' cached values."""
        labels = self.tables.labels
        lines = sorted_lines(self.tables.lines)
        bulk_table(donnees, TABLE_LINES, line_columns(lines, labels), self.fmt)
        self.sums[TABLE_LINES] = table_sums(lines)
        countries = detail_countries(lines, self.fiche.department.partners)
        for sheet, name, detail in (
            (region, TABLE_REGION, self.tables.region_detail),
            (france, TABLE_FRANCE, self.tables.france_detail),
        ):
            compact = compact_detail(detail, countries)
            bulk_table(sheet, name, detail_columns(compact, labels), self.fmt)
            self.sums[name] = table_sums(compact)

    # -- Synthèse ----------------------------------------------------------------------------

    def synthese(self, sheet) -> None:
        row = self.synthese_start(sheet, self._identity())
        tables = (TABLE_LINES, TABLE_REGION, TABLE_FRANCE)
        columns = [
            (name, self.sums[table].totals, lambda flux, t=table: self._sumifs(t, flux))
            for (_, name), table in zip(self._scopes(), tables, strict=True)
        ]
        region = self.fiche.region.scope.name
        shares = [(f"dans la région {region}", 2, "pct1"), ("dans la France entière", 3, "pct2")]
        note = (
            "Formules calculées sur les tableaux des onglets « Données », « Données région » et "
            "« Données France » : elles suivent vos corrections."
        )
        row = self.key_figures(
            sheet, row + 1, columns, f"Part du département ({self.dept})", shares, note
        )
        for (table, _), col in zip(self._scopes(), (1, 2, 3), strict=True):
            for flux in (EXPORT, IMPORT):
                self.total_refs[(table, flux)] = f"'Synthèse'!{self.key_cells[(col, flux)]}"
        texts = [self.subject_sentence(EXPORT), self.subject_sentence(IMPORT)]
        row = self.sentences(
            sheet, row + 1, "Comme dans la fiche", [*texts, self.balance_sentence()]
        )
        self.sentences(sheet, row + 1, "Au-delà de la fiche", summary_lines(self))

    def _identity(self) -> list[tuple[str, str]]:
        fiche = self.fiche
        ti = fiche.territoires
        names = "; ".join(ti.names) if ti.names else "aucun Territoire d'industrie connu"
        if ti.footnote:
            names += " (les Territoires comptant moins de 5 communes dans le département sont omis)"
        return [
            ("Département", f"{self.dept} ({fiche.department.scope.code})"),
            ("Région", fiche.region.scope.name),
            ("Année", self.year_text()),
            ("Territoires d'industrie", names),
            *self.source_rows(),
        ]

    def subject_sentence(self, flux: str) -> str:
        """ "Total des exportations : X millions d'euros, soit Y % … région …, soit Z % …"."""
        fiche = self.fiche
        noun, _, participle = FLOW_WORDS[flux]
        shares = fiche.shares(flux)
        if shares.value == 0:
            return f"Total des {noun} : {NO_TRADE}."
        return (
            f"Total des {noun} : {formatting.meur(shares.value)} millions d'euros, "
            f"soit {formatting.pct(shares.region_pct, 1)} de la valeur {participle} par la "
            f"région {fiche.region.scope.name}, soit {formatting.pct(shares.france_pct, 2)} "
            f"de la valeur {participle} au niveau national."
        )

    # -- Comparaison ---------------------------------------------------------------------------

    def comparaison(self, sheet) -> None:
        title = f"{self.dept}, sa région et la France ({self.year})"
        note = "Totaux en millions d'euros ; parts en % du flux de chaque territoire."
        row = self.heading(sheet, title, note, width=8)
        sheet.set_column(0, 0, 9)
        sheet.set_column(1, 1, 42)
        sheet.set_column(2, 7, 15)
        row = self._comparison_totals(sheet, row)
        breaks = []
        for flux in (EXPORT, IMPORT):
            breaks.append(row + 1)
            row = self._comparison_products(sheet, flux, row + 1)
        breaks.append(row + 1)
        self._comparison_partners(sheet, row + 1)
        sheet.set_h_pagebreaks(breaks)

    def _scopes(self):
        fiche = self.fiche
        return (
            (TABLE_LINES, self.dept),
            (TABLE_REGION, fiche.region.scope.name),
            (TABLE_FRANCE, fiche.france.scope.name),
        )

    def _comparison_totals(self, sheet, row: int) -> int:
        fmt = self.fmt
        sheet.write_string(row, 0, "Totaux", fmt["subtitle"])
        names = [name for _, name in self._scopes()]
        sheet.merge_range(row + 1, 0, row + 1, 1, "", fmt["header"])
        sheet.write_row(row + 1, 2, names, fmt["header"])
        sheet.set_row(row + 1, 15 * header_lines(names, 14))
        labels = ("Exportations (M€)", "Importations (M€)", "Solde (M€)", "Taux de couverture")
        for i, label in enumerate(labels):
            sheet.merge_range(row + 2 + i, 0, row + 2 + i, 1, label, fmt["label_cell"])
        for col, (table, _) in enumerate(self._scopes(), start=2):
            exp, imp = self.total_refs[(table, EXPORT)], self.total_refs[(table, IMPORT)]
            sums = self.sums[table]
            sheet.write_formula(row + 2, col, f"={exp}", fmt["meur"], sums.of(EXPORT) / MILLION)
            sheet.write_formula(row + 3, col, f"={imp}", fmt["meur"], sums.of(IMPORT) / MILLION)
            balance = (sums.of(EXPORT) - sums.of(IMPORT)) / MILLION
            sheet.write_formula(row + 4, col, f"={exp}-{imp}", fmt["signed"], balance)
            cover = ratio(sums.of(EXPORT), sums.of(IMPORT))
            formula = f'=IF({imp}=0,"{formatting.NOT_AVAILABLE}",{exp}/{imp})'
            sheet.write_formula(row + 5, col, formula, fmt["pct1"], cover)
        self.balance_colours(sheet, row + 4, 2, row + 4, 4)
        sheet.write_string(
            row + 6, 0, "Taux de couverture : exportations / importations.", fmt["note"]
        )
        return row + 7

    def _share_formula(self, table: str, flux: str, column: str, code_cell: str) -> str:
        total = self.total_refs[(table, flux)]
        part = self._sumifs(table, flux, (column, code_cell))
        return f"=IF({total}=0,0,{part}/{MILLION}/{total})"

    def _comparison_products(self, sheet, flux: str, row: int) -> int:
        fmt = self.fmt
        noun = FLOW_WORDS[flux][0]
        products = self.fiche.department.products(flux)[:10]
        title = f"Poids des principaux produits des {noun} du département, {self.dept}"
        sheet.write_string(row, 0, title, fmt["subtitle"])
        if not products:
            sheet.write_string(row + 1, 0, f"{noun.capitalize()} : {NO_TRADE}.", fmt["text"])
            return row + 2
        heads = ["Code A129", "Produit"] + [f"Part dans {name}" for _, name in self._scopes()]
        sheet.write_row(row + 1, 0, heads, fmt["header"])
        sheet.set_row(row + 1, 15 * header_lines(heads[2:], 14))
        first = row + 2
        for i, product in enumerate(products):
            r = first + i
            sheet.write_string(r, 0, product.code, fmt["code"])
            sheet.write_string(r, 1, product.label, fmt["cell"])
            code = xl_rowcol_to_cell(r, 0, col_abs=True)
            for col, (table, _) in enumerate(self._scopes(), start=2):
                sums = self.sums[table]
                cached = share(sums.of(flux, "a129", product.code), sums.of(flux))
                formula = self._share_formula(table, flux, "Code A129", code)
                sheet.write_formula(r, col, formula, fmt["pct1"], cached)
        last = first + len(products) - 1
        self._comparison_chart(sheet, flux, first, last, last + 2)
        return last + 2 + 22

    def _comparison_chart(self, sheet, flux: str, first: int, last: int, at: int) -> None:
        noun = FLOW_WORDS[flux][0]
        chart = self.chart("bar", f"Poids des principaux produits des {noun}, {self.dept}")
        series = [
            (col, scope, colour)
            for col, ((_, scope), colour) in enumerate(
                zip(self._scopes(), COMPARE[flux], strict=True), 2
            )
        ]
        self.add_series(chart, sheet, (first, last), 1, series, 60)
        rank_order_axes(chart, {"num_format": "0%"})
        chart.set_size({"width": 820, "height": 420})
        description = (
            f"Barres groupées : part de chacun des principaux produits des {noun} du "
            f"département ({self.dept}) dans les {noun} du département, de la région et de la "
            f"France, en {self.year}."
        )
        sheet.insert_chart(at, 0, chart, {"description": description})

    def _comparison_partners(self, sheet, row: int) -> int:
        fmt, partners = self.fmt, self.fiche.department.partners
        sheet.write_string(
            row,
            0,
            f"Poids des principaux pays partenaires du département, {self.dept}",
            fmt["subtitle"],
        )
        if not partners:
            sheet.write_string(row + 1, 0, NO_TRADE, fmt["text"])
            return row + 2
        heads = ["Code pays", "Pays"]
        for flux in (EXPORT, IMPORT):
            heads += [f"Part des {FLOW_WORDS[flux][0]} : {name}" for _, name in self._scopes()]
        sheet.set_column(2, 7, 15)
        sheet.write_row(row + 1, 0, heads, fmt["header"])
        sheet.set_row(row + 1, 15 * header_lines(heads[2:], 14))
        for i, partner in enumerate(partners):
            r = row + 2 + i
            sheet.write_string(r, 0, partner.code, fmt["code"])
            sheet.write_string(r, 1, partner.label, fmt["cell"])
            code = xl_rowcol_to_cell(r, 0, col_abs=True)
            col = 2
            for flux in (EXPORT, IMPORT):
                for table, _ in self._scopes():
                    sums = self.sums[table]
                    cached = share(sums.of(flux, "pays", partner.code), sums.of(flux))
                    formula = self._share_formula(table, flux, "Code pays", code)
                    sheet.write_formula(r, col, formula, fmt["pct1"], cached)
                    col += 1
        return row + 2 + len(partners)
