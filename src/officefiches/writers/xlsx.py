"""One department's workbook (XlsxWriter): the fiche's figures over pivot-ready Excel Tables.

Sheets, in order: Synthèse, Balance par pays, Activités, Flux export, Flux import, Comparaison,
Données (the department's source lines, Table "Lignes"), Données région and Données France
(flux × A129 × country, Tables "Region" and "France"; the countries outside the department's
main partners are summed into "Autres pays"), Méthode (templates/methode.md).

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
from officefiches.writers.xlsx_sheets import (
    COMPARE,
    FLOW_WORDS,
    MILLION,
    NO_TRADE,
    PARTIAL,
    SOURCE,
    Book,
    close_workbook,
    header_lines,
    new_workbook,
    rank_order_axes,
    ratio,
    share,
    text_lines,
)
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

__all__ = ["VALUE", "WorkbookTables", "write_workbook"]


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
        sheet.set_column("A:A", 34)
        sheet.set_column("B:D", 24)
        sheet.set_column("E:F", 12)
        sheet.fit_to_pages(1, 1)
        title = f"Les indicateurs clés : commerce extérieur — {self.dept}"
        row = self.heading(sheet, title, width=4)
        for label, value in self._identity():
            sheet.write_string(row, 0, label, self.fmt["label"])
            sheet.merge_range(row, 1, row, 3, value, self.fmt["wrap"])
            sheet.set_row(row, 13.5 * text_lines(value, 80))  # merged cells do not auto-fit
            row += 1
        row = self._key_figures(sheet, row + 1)
        self._fiche_sentences(sheet, row + 1)
        sheet.freeze_panes(1, 0)

    def _identity(self) -> list[tuple[str, str]]:
        fiche = self.fiche
        year = str(fiche.year)
        if fiche.partial_year:
            present = ", ".join(f"T{q}" for q in fiche.quarters) or "aucun"
            year += f" — {PARTIAL} (trimestres présents : {present})"
        ti = fiche.territoires
        names = "; ".join(ti.names) if ti.names else "aucun Territoire d'industrie connu"
        if ti.footnote:
            names += " (les Territoires comptant moins de 5 communes dans le département sont omis)"
        files = "; ".join(
            f"{s.name} (du {s.modified}, {formatting.integer(s.lines)} lignes)"
            for s in fiche.sources
        )
        rows = [
            ("Département", f"{self.dept} ({fiche.department.scope.code})"),
            ("Région", fiche.region.scope.name),
            ("Année", year),
            ("Territoires d'industrie", names),
            ("Source", SOURCE),
            ("Fichiers de données", files or "non précisés"),
        ]
        if fiche.label_source:
            rows.append(("Libellés", fiche.label_source))
        return rows

    def _key_figures(self, sheet, row: int) -> int:
        fiche, fmt = self.fiche, self.fmt
        sheet.write_string(row, 0, "Chiffres clés (en millions d'euros)", fmt["subtitle"])
        heads = ["", self.dept, fiche.region.scope.name, fiche.france.scope.name]
        sheet.write_row(row + 1, 0, heads, fmt["header"])
        sheet.set_row(row + 1, 28)
        first = row + 2
        tables = (TABLE_LINES, TABLE_REGION, TABLE_FRANCE)
        for i, (flux, label) in enumerate(
            ((EXPORT, "Exportations (FAB)"), (IMPORT, "Importations (CAF)"))
        ):
            sheet.write_string(first + i, 0, label, fmt["label"])
            for col, table in enumerate(tables, start=1):
                formula = f"={self._sumifs(table, flux)}/{MILLION}"
                value = self.sums[table].of(flux) / MILLION
                sheet.write_formula(first + i, col, formula, fmt["meur"], value)
                cell = xl_rowcol_to_cell(first + i, col, row_abs=True, col_abs=True)
                self.total_refs[(table, flux)] = f"'Synthèse'!{cell}"
        sheet.write_string(first + 2, 0, "Solde commercial", fmt["label"])
        for col, table in enumerate(tables, start=1):
            exp, imp = (xl_rowcol_to_cell(first + i, col) for i in (0, 1))
            balance = (self.sums[table].of(EXPORT) - self.sums[table].of(IMPORT)) / MILLION
            sheet.write_formula(first + 2, col, f"={exp}-{imp}", fmt["signed"], balance)
        self.balance_colours(sheet, first + 2, 1, first + 2, 3)
        row = first + 4
        sheet.write_string(row, 0, f"Part du département ({self.dept})", fmt["subtitle"])
        heads = ["", f"dans la région {fiche.region.scope.name}", "dans la France entière"]
        sheet.write_row(row + 1, 0, heads, fmt["header"])
        sheet.set_row(row + 1, 28)
        row += 2
        for i, (flux, label) in enumerate(((EXPORT, "Exportations"), (IMPORT, "Importations"))):
            sheet.write_string(row, 0, label, fmt["label"])
            part = xl_rowcol_to_cell(first + i, 1)
            for col, (table, key) in enumerate(((TABLE_REGION, "pct1"), (TABLE_FRANCE, "pct2")), 1):
                whole = xl_rowcol_to_cell(first + i, col + 1)
                formula = f'=IF({whole}=0,"{formatting.NOT_AVAILABLE}",{part}/{whole})'
                cached = ratio(self.sums[TABLE_LINES].of(flux), self.sums[table].of(flux))
                sheet.write_formula(row, col, formula, fmt[key], cached)
            row += 1
        note = (
            "Formules calculées sur les tableaux des onglets « Données », « Données région » et "
            "« Données France » : elles suivent vos corrections."
        )
        sheet.write_string(row, 0, note, fmt["note"])
        return row + 1

    def _fiche_sentences(self, sheet, row: int) -> None:
        fiche, fmt = self.fiche, self.fmt
        sheet.write_string(row, 0, "Comme dans la fiche", fmt["subtitle"])
        row += 1
        for flux in (EXPORT, IMPORT):
            text = self.subject_sentence(flux)
            sheet.merge_range(row, 0, row, 3, text, fmt["wrap"])
            sheet.set_row(row, 13.5 * text_lines(text, 120))
            row += 1
        balance = fiche.department.totals.balance
        word = "excédent" if balance > 0 else "déficit" if balance < 0 else "équilibre"
        text = f"Solde commercial : {formatting.signed_meur(balance)} millions d'euros ({word})."
        sheet.merge_range(row, 0, row, 3, text, fmt["wrap"])

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
        name = sheet.get_name()
        noun = FLOW_WORDS[flux][0]
        chart = self.chart("bar", f"Poids des principaux produits des {noun}, {self.dept}")
        for col, ((_, scope), colour) in enumerate(
            zip(self._scopes(), COMPARE[flux], strict=True), 2
        ):
            chart.add_series(
                {
                    "name": scope,
                    "categories": [name, first, 1, last, 1],
                    "values": [name, first, col, last, col],
                    "fill": {"color": colour},
                    "border": {"none": True},
                    "gap": 60,
                }
            )
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
