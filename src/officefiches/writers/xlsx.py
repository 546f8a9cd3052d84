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

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import __version__, formatting
from officefiches.errors import OutputError
from officefiches.model import EXPORT, IMPORT, Fiche, FlowMatrix
from officefiches.resources import template_text
from officefiches.writers.xlsx_tables import (
    DETAIL_COUNTRIES,
    FLUX_LABEL,
    TABLE_FRANCE,
    TABLE_LINES,
    TABLE_REGION,
    VALUE,
    BulkSheet,
    FastWorkbook,
    FormulaSheet,
    Sums,
    bulk_table,
    compact_detail,
    detail_columns,
    detail_countries,
    line_columns,
    sorted_lines,
    table_sums,
)

DEMO_BANNER = "Données de démonstration (synthétiques)"
NO_TRADE = "aucun échange enregistré"
PARTIAL = "année partielle"
SOURCE = "DGDDI, statistiques régionales et départementales du commerce extérieur"

# Palette of the fiche (docs/FICHE.md)
BLUE = "#1F4E9C"  # imports
PURPLE = "#7B3FA0"  # exports
RED = "#D62728"  # the 5 largest flows
GREEN = "#2E8B57"  # positive balance
NEG_RED = "#C0392B"  # negative balance
ACCENT = "#000091"  # titles
TEXT = "#1E1E1E"
GREY = "#B8C2CC"

MILLION = 1_000_000

# Excel number formats; Excel and LibreOffice show them with the reader's separators.
NUM_MEUR = "#,##0.0"
NUM_EUROS = "#,##0"
NUM_PCT1 = '0.0"\u202f"%'
NUM_PCT2 = '0.00"\u202f"%'
NUM_SIGNED = '+#,##0.0;"\u2212"#,##0.0;0.0'
NUM_FLOW = '#,##0.0;"\u2212"#,##0.0;"\u2013"'  # an empty cell of a matrix shows "–"
HEAT = {EXPORT: ("#EDE3F4", "#C3A3D9"), IMPORT: ("#E1E9F6", "#9FB7E2")}  # heat-map tints
COMPARE = {  # department, region, France
    EXPORT: (PURPLE, "#B58FCE", "#8C96A0"),
    IMPORT: (BLUE, "#7D9ED6", "#8C96A0"),
}


@dataclass(frozen=True)
class WorkbookTables:
    """The data tables of the workbook (the figures are in the Fiche)."""

    lines: pd.DataFrame  # the department's source lines for the year (canonical frame)
    region_detail: pd.DataFrame  # region: flux, a129, pays, valeur, masse
    france_detail: pd.DataFrame  # France: same columns
    labels: object  # a129_label(code), cpf4_label(code), pays_label(code) -> str


def write_workbook(fiche: Fiche, tables: WorkbookTables, path: Path, created: datetime) -> None:
    """Write the department's workbook to `path`."""
    workbook = FastWorkbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "in_memory": True,
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
        },
    )
    workbook.set_properties(
        {
            "title": f"Commerce extérieur — {fiche.department.scope.name} ({fiche.year})",
            "subject": "Les indicateurs clés : commerce extérieur",
            "author": "officefiches",
            "company": "",
            "comments": f"Source : {SOURCE}. Produit par officefiches {__version__}.",
            "created": created,
        }
    )
    book = _Book(workbook, fiche, tables)
    book.write()
    try:
        workbook.close()
    except (OSError, xlsxwriter.exceptions.XlsxWriterException) as error:
        raise OutputError(f"Impossible d'écrire le classeur {path} : {error}") from error


# --------------------------------------------------------------------------------------------
# The workbook

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
FLOW_WORDS = {  # noun, adjective, participle
    EXPORT: ("exportations", "export", "exportée"),
    IMPORT: ("importations", "import", "importée"),
}


@dataclass(frozen=True)
class _MatrixCells:
    """Where a flow matrix was written (0-based rows and columns)."""

    header: int
    first: int  # first row of values
    rows: int
    columns: int

    @property
    def total_row(self) -> int:
        return self.first + self.rows

    @property
    def total_col(self) -> int:
        return self.columns + 1


def _flow_title(flux: str) -> str:
    if flux == EXPORT:
        return "Flux à l'export par produit et par pays"
    return "Flux à l'import par pays et par produit"


class _Book:
    """The workbook being written: its formats, its sheets in order, and where figures live."""

    def __init__(self, workbook, fiche: Fiche, tables: WorkbookTables):
        self.wb = workbook
        self.fiche = fiche
        self.tables = tables
        self.fmt = _formats(workbook)
        self.dept = fiche.department.scope.name
        self.year = fiche.year
        self.sums: dict[str, Sums] = {}
        self.total_refs: dict[tuple[str, str], str] = {}  # (table, flux) -> Synthèse cell (M€)

    def write(self) -> None:
        sheets = {name: self._sheet(name) for name in SHEETS}
        data = {
            name: self.wb.add_worksheet(name, worksheet_class=BulkSheet) for name, _ in DATA_SHEETS
        }
        methode = self._sheet("Méthode")
        for sheet in data.values():
            self._print_setup(sheet)
        self.data_sheets(*data.values())
        self.synthese(sheets["Synthèse"])
        self.balance(sheets["Balance par pays"])
        self.activites(sheets["Activités"])
        self.flows(sheets["Flux export"], EXPORT)
        self.flows(sheets["Flux import"], IMPORT)
        self.comparaison(sheets["Comparaison"])
        self.methode(methode)
        sheets["Synthèse"].activate()

    # -- sheet scaffolding -------------------------------------------------------------------

    def _sheet(self, name: str):
        sheet = self.wb.add_worksheet(name, worksheet_class=FormulaSheet)
        self._print_setup(sheet)
        sheet.hide_gridlines(2)
        return sheet

    def _print_setup(self, sheet) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        sheet.set_header(f"&L&8{_escape_hf(self.dept)} — commerce extérieur {self.year}&R&8&A")
        sheet.set_footer(f"&L&8Source : {SOURCE}, {self.year}&R&8Page &P / &N")

    def _heading(self, sheet, title: str, note: str = "", width: int = 6) -> int:
        """Title (row 1), demo banner, note; returns the first free row."""
        sheet.write_string(0, 0, title, self.fmt["title"])
        row = 1
        if self.fiche.is_demo:
            sheet.merge_range(row, 0, row, width - 1, DEMO_BANNER, self.fmt["banner"])
            row += 1
        if note:
            sheet.write_string(row, 0, note, self.fmt["note"])
            row += 1
        return row + 1

    def _chart(self, kind: str, title: str):
        chart = self.wb.add_chart({"type": kind})
        chart.set_title({"name": title, "name_font": {"size": 11, "bold": True, "color": ACCENT}})
        chart.set_chartarea({"border": {"none": True}})
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        return chart

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
        row = self._heading(sheet, title, width=4)
        for label, value in self._identity():
            sheet.write_string(row, 0, label, self.fmt["label"])
            sheet.merge_range(row, 1, row, 3, value, self.fmt["wrap"])
            sheet.set_row(row, 13.5 * _text_lines(value, 80))  # merged cells do not auto-fit
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
        self._balance_colours(sheet, first + 2, 1, first + 2, 3)
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
                cached = _ratio(self.sums[TABLE_LINES].of(flux), self.sums[table].of(flux))
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
            text = self._total_sentence(flux)
            sheet.merge_range(row, 0, row, 3, text, fmt["wrap"])
            sheet.set_row(row, 13.5 * _text_lines(text, 120))
            row += 1
        balance = fiche.department.totals.balance
        word = "excédent" if balance > 0 else "déficit" if balance < 0 else "équilibre"
        text = f"Solde commercial : {formatting.signed_meur(balance)} millions d'euros ({word})."
        sheet.merge_range(row, 0, row, 3, text, fmt["wrap"])

    def _total_sentence(self, flux: str, scope=None) -> str:
        """ "Total des exportations : X millions d'euros, soit Y % … région …, soit Z % …"."""
        fiche = self.fiche
        noun, _, participle = FLOW_WORDS[flux]
        if scope is not None and scope is not fiche.department:
            value = scope.totals.of(flux)
            text = f"Total des {noun} ({scope.scope.name}) : "
            return text + (f"{formatting.meur(value)} millions d'euros." if value else NO_TRADE)
        shares = fiche.shares(flux)
        if shares.value == 0:
            return f"Total des {noun} : {NO_TRADE}."
        return (
            f"Total des {noun} : {formatting.meur(shares.value)} millions d'euros, "
            f"soit {formatting.pct(shares.region_pct, 1)} de la valeur {participle} par la "
            f"région {fiche.region.scope.name}, soit {formatting.pct(shares.france_pct, 2)} "
            f"de la valeur {participle} au niveau national."
        )

    def _balance_colours(self, sheet, first_row, first_col, last_row, last_col) -> None:
        """Green when positive, red when negative (the number format adds the sign)."""
        for criteria, key in ((">", "positive"), ("<", "negative")):
            sheet.conditional_format(
                first_row,
                first_col,
                last_row,
                last_col,
                {"type": "cell", "criteria": criteria, "value": 0, "format": self.fmt[key]},
            )

    # -- Balance par pays ----------------------------------------------------------------------

    def balance(self, sheet) -> None:
        fmt, partners = self.fmt, self.fiche.department.partners
        title = f"Principaux pays à l'import et à l'export, {self.dept} ({self.year})"
        note = (
            "En millions d'euros. Solde = exportations − importations (« + » excédent, "
            "« − » déficit). Valeurs calculées sur l'onglet « Données »."
        )
        row = self._heading(sheet, title, note, width=7)
        sheet.fit_to_pages(1, 1)
        for col, width in enumerate((6, 9, 30, 15, 15, 13, 17)):
            sheet.set_column(col, col, width)
        if not partners:
            sheet.write_string(row, 0, f"{self.dept} : {NO_TRADE} en {self.year}.", fmt["label"])
            return
        heads = [
            "Rang",
            "Code pays",
            "Pays",
            "Importations (M€)",
            "Exportations (M€)",
            "Solde (M€)",
            "Importations, axe du graphique",
        ]
        sheet.write_row(row, 0, heads, fmt["header"])
        sheet.set_row(row, 30)
        first = row + 1
        for i, partner in enumerate(partners):
            r = first + i
            code = xl_rowcol_to_cell(r, 1, col_abs=True)
            imp, exp = (xl_rowcol_to_cell(r, c) for c in (3, 4))
            sheet.write_number(r, 0, i + 1, fmt["rank"])
            sheet.write_string(r, 1, partner.code, fmt["code"])
            sheet.write_string(r, 2, partner.label, fmt["cell"])
            for col, flux, value in ((3, IMPORT, partner.imports), (4, EXPORT, partner.exports)):
                formula = f"={self._sumifs(TABLE_LINES, flux, ('Code pays', code))}/{MILLION}"
                sheet.write_formula(r, col, formula, fmt["meur"], value / MILLION)
            sheet.write_formula(r, 5, f"={exp}-{imp}", fmt["signed"], partner.balance / MILLION)
            sheet.write_formula(r, 6, f"=-{imp}", fmt["axis"], -partner.imports / MILLION)
        last = first + len(partners) - 1
        self._balance_colours(sheet, first, 5, last, 5)
        sheet.freeze_panes(first, 0)
        self._butterfly(sheet, first, last, last + 2)

    def _butterfly(self, sheet, first: int, last: int, at: int) -> None:
        name = sheet.get_name()
        chart = self._chart("bar", f"Principaux pays à l'import et à l'export, {self.dept}")
        for col, label, colour in ((6, "Importations", BLUE), (4, "Exportations", PURPLE)):
            chart.add_series(
                {
                    "name": label,
                    "categories": [name, first, 2, last, 2],
                    "values": [name, first, col, last, col],
                    "fill": {"color": colour},
                    "border": {"none": True},
                    "invert_if_negative": False,
                    "overlap": 100,
                    "gap": 40,
                    "data_labels": {
                        "value": True,
                        "num_format": "#,##0.0;#,##0.0",
                        "font": {"size": 8},
                    },
                }
            )
        _rank_order_axes(
            chart,
            {
                "num_format": "#,##0;#,##0",  # imports are negative: shown without the minus
                "name": "← importations      millions d'euros      exportations →",
                "name_font": {"size": 9, "bold": False},
            },
            low_labels=True,
        )
        chart.set_size({"width": 760, "height": 120 + 32 * (last - first + 1)})
        description = (
            f"Graphique en barres opposées : pour chacun des {last - first + 1} principaux pays "
            f"partenaires du département ({self.dept}, {self.year}), importations à gauche "
            "(bleu) et exportations à droite (violet), en millions d'euros."
        )
        sheet.insert_chart(at, 0, chart, {"description": description})

    # -- Activités -----------------------------------------------------------------------------

    def activites(self, sheet) -> None:
        title = f"Principales activités à l'export et à l'import, {self.dept} ({self.year})"
        note = (
            "Produits de la nomenclature A129, en millions d'euros ; part dans le total du flux. "
            "Exportations en violet, importations en bleu."
        )
        row = self._heading(sheet, title, note, width=11)
        for first_col in (0, 6):
            for offset, width in enumerate((6, 8, self._product_width(), 13, 10)):
                sheet.set_column(first_col + offset, first_col + offset, width)
        sheet.set_column(5, 5, 3)
        charts_row, table_row = row, row + 24
        sheet.set_h_pagebreaks([table_row])
        for flux, first_col in ((EXPORT, 0), (IMPORT, 6)):
            rows = self._product_table(sheet, flux, table_row, first_col)
            if rows:
                self._product_chart(sheet, flux, rows, first_col, charts_row)
            else:
                noun = FLOW_WORDS[flux][0].capitalize()
                sheet.write_string(
                    charts_row, first_col, f"{noun} : {NO_TRADE}.", self.fmt["label"]
                )

    def _product_width(self) -> float:
        """Width of the product columns: the longest label, within reason."""
        products = self.fiche.department.products_export + self.fiche.department.products_import
        return _label_width(p.label for p in products)

    def _product_table(self, sheet, flux: str, row: int, col: int) -> tuple[int, int] | None:
        """Every product of the flow (value, share); returns the first and last data rows."""
        fmt, products = self.fmt, self.fiche.department.products(flux)
        noun = FLOW_WORDS[flux][0].capitalize()
        sheet.write_string(row, col, f"{noun} par produit", fmt["subtitle"])
        if not products:
            sheet.write_string(row + 1, col, NO_TRADE, fmt["text"])
            return None
        heads = ["Rang", "Code A129", "Produit", "Valeur (M€)", "Part"]
        sheet.write_row(row + 1, col, heads, fmt["header"])
        sheet.set_row(row + 1, 28)
        first, last = row + 2, row + 1 + len(products)
        total = xl_rowcol_to_cell(last + 1, col + 3, row_abs=True)
        flow_total = sum(p.value for p in products)
        for i, product in enumerate(products):
            r = first + i
            code = xl_rowcol_to_cell(r, col + 1, col_abs=True)
            value = xl_rowcol_to_cell(r, col + 3)
            sheet.write_number(r, col, i + 1, fmt["rank"])
            sheet.write_string(r, col + 1, product.code, fmt["code"])
            sheet.write_string(r, col + 2, product.label, fmt["cell"])
            formula = f"={self._sumifs(TABLE_LINES, flux, ('Code A129', code))}/{MILLION}"
            sheet.write_formula(r, col + 3, formula, fmt["meur"], product.value / MILLION)
            sheet.write_formula(
                r,
                col + 4,
                f"=IF({total}=0,0,{value}/{total})",
                fmt["pct1"],
                product.share_pct / 100,
            )
        sheet.write_string(last + 1, col + 2, "Total", fmt["total_label"])
        first_value, last_value = (xl_rowcol_to_cell(r, col + 3) for r in (first, last))
        sheet.write_formula(
            last + 1,
            col + 3,
            f"=SUM({first_value}:{last_value})",
            fmt["total"],
            flow_total / MILLION,
        )
        return first, last

    def _product_chart(self, sheet, flux: str, rows: tuple[int, int], col: int, at: int) -> None:
        first, last = rows[0], min(rows[1], rows[0] + 9)
        noun = FLOW_WORDS[flux][0]
        colour = PURPLE if flux == EXPORT else BLUE
        chart = self._chart("bar", f"Principaux produits à l'{FLOW_WORDS[flux][1]}, {self.dept}")
        chart.add_series(
            {
                "name": f"{noun.capitalize()} (M€)",
                "categories": [sheet.get_name(), first, col + 2, last, col + 2],
                "values": [sheet.get_name(), first, col + 3, last, col + 3],
                "fill": {"color": colour},
                "border": {"none": True},
                "gap": 50,
                "data_labels": {"value": True, "num_format": "#,##0.0", "font": {"size": 8}},
            }
        )
        _rank_order_axes(chart, {"num_format": "#,##0"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 560, "height": 440})
        description = (
            f"Barres horizontales : les {last - first + 1} premiers produits (A129) des {noun} "
            f"du département ({self.dept}, {self.year}), en millions d'euros."
        )
        sheet.insert_chart(at, col, chart, {"description": description})

    # -- Flux export / Flux import -------------------------------------------------------------

    def flows(self, sheet, flux: str) -> None:
        fiche = self.fiche
        title = f"{_flow_title(flux)}, {self.dept} (en valeur, {self.year})"
        note = (
            "En millions d'euros. Les 10 premiers produits (A129) et pays, le reste dans "
            "« Autres ». En rouge et encadrés : les 5 flux les plus importants entre un produit "
            "et un pays nommés."
        )
        row = self._heading(sheet, title, note, width=13)
        scopes = (fiche.department, fiche.region, fiche.france)
        labels = (node.label for scope in scopes for node in scope.flows(flux).left)
        sheet.set_column(0, 0, _label_width(labels))
        sheet.set_column(1, 12, 11.5)
        breaks = []
        for scope in scopes:
            if scope is not fiche.department:
                breaks.append(row)  # one scope per printed page
            sheet.write_string(
                row, 0, f"{_flow_title(flux)}, {scope.scope.name}", self.fmt["subtitle"]
            )
            sheet.write_string(row + 1, 0, self._total_sentence(flux, scope), self.fmt["text"])
            row += 2
            if scope.flows(flux).total:
                cells = self._matrix(sheet, scope.flows(flux), row + 1)
                row = cells.total_row + 1
                if scope is fiche.department:
                    row = self._country_chart(sheet, flux, cells, row)
            row += 2
        sheet.set_h_pagebreaks(breaks)

    def _matrix(self, sheet, matrix: FlowMatrix, row: int) -> _MatrixCells:
        """The matrix from `row`: header row, one row per left node, row and column totals."""
        fmt, left, right = self.fmt, matrix.left, matrix.right
        corner = (
            "Produit \\ pays de destination"
            if matrix.flux == EXPORT
            else "Pays d'origine \\ produit"
        )
        sheet.write_string(row, 0, corner, fmt["header"])
        sheet.write_row(row, 1, [node.label for node in right], fmt["header_center"])
        sheet.write_string(row, len(right) + 1, "Total", fmt["header_center"])
        sheet.set_row(row, 15 * _header_lines(node.label for node in right))
        cells = _MatrixCells(header=row, first=row + 1, rows=len(left), columns=len(right))
        links = {(link.source, link.target): link for link in matrix.links}
        for i, node in enumerate(left):
            r = cells.first + i
            sheet.write_string(r, 0, node.label, fmt["cell"])
            for j in range(len(right)):
                link = links.get((i, j))
                style = fmt["flow_red"] if link is not None and link.highlighted else fmt["flow"]
                sheet.write_number(r, j + 1, (link.value if link else 0) / MILLION, style)
            self._sum(sheet, (r, cells.total_col), (r, 1), (r, len(right)), node.value)
        sheet.write_string(cells.total_row, 0, "Total", fmt["total_label"])
        last = cells.total_row - 1
        for col, node in enumerate(right, start=1):
            self._sum(sheet, (cells.total_row, col), (cells.first, col), (last, col), node.value)
        total = (cells.total_row, cells.total_col)
        self._sum(
            sheet, total, (cells.first, cells.total_col), (last, cells.total_col), matrix.total
        )
        heat_map = {
            "type": "3_color_scale",
            "min_color": "#FFFFFF",
            "mid_type": "percentile",
            "mid_value": 75,
            "mid_color": HEAT[matrix.flux][0],
            "max_color": HEAT[matrix.flux][1],
        }
        sheet.conditional_format(cells.first, 1, last, len(right), heat_map)
        return cells

    def _sum(self, sheet, at: tuple[int, int], first, last, euros: int) -> None:
        """A bold SUM total in M€ with its cached value."""
        span = f"{xl_rowcol_to_cell(*first)}:{xl_rowcol_to_cell(*last)}"
        sheet.write_formula(*at, f"=SUM({span})", self.fmt["total"], euros / MILLION)

    def _country_chart(self, sheet, flux: str, cells: _MatrixCells, row: int) -> int:
        """The department's countries (destinations or origins), read from the matrix totals."""
        matrix = self.fiche.department.flows(flux)
        name = sheet.get_name()
        if flux == EXPORT:  # countries are the columns: header row, total row
            named = sum(not node.is_other for node in matrix.right)
            categories = [name, cells.header, 1, cells.header, named]
            values = [name, cells.total_row, 1, cells.total_row, named]
            title = f"Exportations par pays de destination, {self.dept} (M€)"
            which = "de destination des exportations"
        else:  # countries are the rows: first column, total column
            named = sum(not node.is_other for node in matrix.left)
            last = cells.first + named - 1
            categories = [name, cells.first, 0, last, 0]
            values = [name, cells.first, cells.total_col, last, cells.total_col]
            title = f"Importations par pays d'origine, {self.dept} (M€)"
            which = "d'origine des importations"
        if not named:
            return row
        chart = self._chart("column", title)
        chart.add_series(
            {
                "name": title,
                "categories": categories,
                "values": values,
                "fill": {"color": PURPLE if flux == EXPORT else BLUE},
                "border": {"none": True},
                "gap": 60,
                "data_labels": {"value": True, "num_format": "#,##0.0", "font": {"size": 8}},
            }
        )
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_font": {"size": 8}})
        grid = {"visible": True, "line": {"color": "#E3E6EA"}}
        chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}, "major_gridlines": grid})
        chart.set_size({"width": 900, "height": 320})
        description = (
            f"Histogramme : les {named} premiers pays {which} du département ({self.dept}, "
            f"{self.year}), "
            "en millions d'euros (totaux du tableau ci-dessus)."
        )
        sheet.insert_chart(row + 1, 0, chart, {"description": description})
        return row + 18

    # -- Comparaison ---------------------------------------------------------------------------

    def comparaison(self, sheet) -> None:
        title = f"{self.dept}, sa région et la France ({self.year})"
        note = "Totaux en millions d'euros ; parts en % du flux de chaque territoire."
        row = self._heading(sheet, title, note, width=8)
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
        sheet.set_row(row + 1, 15 * _header_lines(names, 14))
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
            cover = _ratio(sums.of(EXPORT), sums.of(IMPORT))
            formula = f'=IF({imp}=0,"{formatting.NOT_AVAILABLE}",{exp}/{imp})'
            sheet.write_formula(row + 5, col, formula, fmt["pct1"], cover)
        self._balance_colours(sheet, row + 4, 2, row + 4, 4)
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
        sheet.set_row(row + 1, 15 * _header_lines(heads[2:], 14))
        first = row + 2
        for i, product in enumerate(products):
            r = first + i
            sheet.write_string(r, 0, product.code, fmt["code"])
            sheet.write_string(r, 1, product.label, fmt["cell"])
            code = xl_rowcol_to_cell(r, 0, col_abs=True)
            for col, (table, _) in enumerate(self._scopes(), start=2):
                sums = self.sums[table]
                cached = _share(sums.of(flux, "a129", product.code), sums.of(flux))
                formula = self._share_formula(table, flux, "Code A129", code)
                sheet.write_formula(r, col, formula, fmt["pct1"], cached)
        last = first + len(products) - 1
        self._comparison_chart(sheet, flux, first, last, last + 2)
        return last + 2 + 22

    def _comparison_chart(self, sheet, flux: str, first: int, last: int, at: int) -> None:
        name = sheet.get_name()
        noun = FLOW_WORDS[flux][0]
        chart = self._chart("bar", f"Poids des principaux produits des {noun}, {self.dept}")
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
        _rank_order_axes(chart, {"num_format": "0%"})
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
        sheet.set_row(row + 1, 15 * _header_lines(heads[2:], 14))
        for i, partner in enumerate(partners):
            r = row + 2 + i
            sheet.write_string(r, 0, partner.code, fmt["code"])
            sheet.write_string(r, 1, partner.label, fmt["cell"])
            code = xl_rowcol_to_cell(r, 0, col_abs=True)
            col = 2
            for flux in (EXPORT, IMPORT):
                for table, _ in self._scopes():
                    sums = self.sums[table]
                    cached = _share(sums.of(flux, "pays", partner.code), sums.of(flux))
                    formula = self._share_formula(table, flux, "Code pays", code)
                    sheet.write_formula(r, col, formula, fmt["pct1"], cached)
                    col += 1
        return row + 2 + len(partners)

    # -- Méthode -------------------------------------------------------------------------------

    def methode(self, sheet) -> None:
        fiche, fmt = self.fiche, self.fmt
        sheet.set_column("A:A", 125)
        values = {
            "annee": str(fiche.year),
            "departement": self.dept,
            "region": fiche.region.scope.name,
            "mention_partielle": f" ({PARTIAL})" if fiche.partial_year else "",
            "lignes": formatting.integer(len(self.tables.lines)),
            "fichiers": "; ".join(f"{s.name} (du {s.modified})" for s in fiche.sources)
            or "non précisés",
            "libelles": fiche.label_source or "libellés intégrés",
            "trimestres": ", ".join(f"T{q}" for q in fiche.quarters) or "aucun",
            "pays_detail": str(DETAIL_COUNTRIES),
            "version": __version__,
            "date": self.wb.doc_properties["created"].date().isoformat(),
        }
        row = 0
        if fiche.is_demo:
            sheet.write_string(row, 0, DEMO_BANNER, fmt["banner"])
            row += 2
        for line in _fill(template_text("methode.md"), values).splitlines():
            if not line.strip():
                continue
            if line.startswith("# "):
                sheet.write_string(row, 0, line[2:].strip(), fmt["title"])
                row += 1
            elif line.startswith("## "):
                sheet.write_string(row + 1, 0, line[3:].strip(), fmt["subtitle"])
                row += 2
            else:
                sheet.write_string(row, 0, line.strip(), fmt["wrap"])
                sheet.set_row(row, 13.5 * _text_lines(line, 140))  # viewers rarely auto-fit
                row += 1
        if fiche.warnings:
            sheet.write_string(row + 1, 0, "Avertissements de la production", fmt["subtitle"])
            row += 2
        for warning in fiche.warnings:
            sheet.write_string(row, 0, warning, fmt["wrap"])
            sheet.set_row(row, 13.5 * _text_lines(warning, 140))
            row += 1


# --------------------------------------------------------------------------------------------
# Helpers (pure where possible)


def _formats(workbook) -> dict:
    def add(**props):
        return workbook.add_format({"font_name": "Arial", "font_size": 10, **props})

    border = {"border": 1, "border_color": "#D0D5DB"}
    return {
        "title": add(bold=True, font_size=15, font_color=ACCENT),
        "subtitle": add(bold=True, font_size=12, font_color=ACCENT),
        "banner": add(
            bold=True, font_size=12, font_color="#FFFFFF", bg_color=NEG_RED, align="center"
        ),
        "label": add(bold=True, font_color=TEXT, valign="top"),
        "text": add(font_color=TEXT, valign="top"),
        "wrap": add(font_color=TEXT, text_wrap=True, valign="top"),
        "note": add(italic=True, font_size=9, font_color="#555555"),
        "header": add(
            bold=True,
            font_color="#FFFFFF",
            bg_color=ACCENT,
            text_wrap=True,
            valign="vcenter",
            **border,
        ),
        "header_center": add(
            bold=True,
            font_color="#FFFFFF",
            bg_color=ACCENT,
            text_wrap=True,
            align="center",
            valign="vcenter",
            **border,
        ),
        "label_cell": add(bold=True, font_color=TEXT, **border),
        "cell": add(font_color=TEXT, **border),
        "code": add(font_color=TEXT, align="center", **border),
        "rank": add(font_color=TEXT, align="center", **border),
        "meur": add(num_format=NUM_MEUR, **border),
        "signed": add(num_format=NUM_SIGNED, **border),
        "pct1": add(num_format=NUM_PCT1, **border),
        "pct2": add(num_format=NUM_PCT2, **border),
        "axis": add(num_format=NUM_MEUR, font_color="#6B7280", italic=True, **border),
        "total": add(num_format=NUM_MEUR, bold=True, top=2, **border),
        "total_label": add(bold=True, top=2, **border),
        "flow": add(num_format=NUM_FLOW, **border),
        "flow_red": add(num_format=NUM_FLOW, bold=True, font_color=RED, border=2, border_color=RED),
        "positive": workbook.add_format({"font_color": GREEN, "bold": True}),
        "negative": workbook.add_format({"font_color": NEG_RED, "bold": True}),
        "data_int": add(num_format=NUM_EUROS),
        "data_code": add(align="center"),
        "data_header": add(bold=True, text_wrap=True, valign="vcenter", bottom=1),
    }


def _escape_hf(text: str) -> str:
    """Header/footer text: "&" is a control character there."""
    return text.replace("&", "&&")


def _fill(template: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; leave unknown ones (a team's own text) untouched."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _rank_order_axes(chart, value_axis: dict, low_labels: bool = False) -> None:
    """Bar chart axes: categories from top to bottom in rank order, values along the bottom.

    In an XlsxWriter bar chart `x_axis` is the horizontal (value) axis and `y_axis` the vertical
    (category) axis. Reversing the categories moves the value axis to the top unless it crosses
    the category axis at its maximum.
    """
    category = {"reverse": True, "crossing": "max", "num_font": {"size": 8}}
    if low_labels:  # beside the left edge of the plot, not on the zero line between the bars
        category["label_position"] = "low"
    chart.set_y_axis(category)
    grid = {"visible": True, "line": {"color": "#E3E6EA"}}
    chart.set_x_axis({"num_font": {"size": 8}, "major_gridlines": grid, **value_axis})


def _label_width(labels, low: float = 24, high: float = 58) -> float:
    return max(low, min(high, max((len(label) + 2 for label in labels), default=low)))


def _text_lines(text: str, per_line: int) -> int:
    """Lines a wrapped text needs in a merged cell about `per_line` characters wide."""
    return max(1, -(-len(text) // per_line))


def _ratio(part: int, whole: int) -> float | str:
    """What =IF(whole=0,"n.d.",part/whole) shows."""
    return part / whole if whole else formatting.NOT_AVAILABLE


def _share(part: int, whole: int) -> float:
    """What =IF(whole=0,0,part/whole) shows."""
    return part / whole if whole else 0.0


def _header_lines(labels, width: int = 12) -> int:
    """Lines a wrapped header needs (column width ~11.5 characters)."""
    longest = max((len(label) for label in labels), default=0)
    return max(2, min(5, -(-longest // width) + 1))
