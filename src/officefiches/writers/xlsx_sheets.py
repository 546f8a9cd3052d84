"""What every workbook shares (XlsxWriter): formats, scaffolding, and the sheets written for
one subject, a department or a synthesis's whole (a region, France).

`Book` writes a subject's Balance par pays, Activités, Flux export / Flux import, Évolution,
Exposition and Méthode; the department's workbook (`xlsx.py`) and a synthesis's
(`xlsx_synthesis.py`) add their own sheets. A value in M€ goes through `Book.value_cell`: a
number here, a SUMIFS over the department's Table "Lignes" in the department's workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import __version__, formatting
from officefiches.errors import OutputError
from officefiches.model import EXPORT, IMPORT, FlowMatrix, ScopeFigures
from officefiches.resources import template_text
from officefiches.writers.xlsx_tables import FastWorkbook, FormulaSheet

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
NUM_PCT_SIGNED = '+0.0"\u202f"%;"\u2212"0.0"\u202f"%;0.0"\u202f"%'  # a change in percent
NUM_INDEX = "0.000"  # Herfindahl index
HEAT = {EXPORT: ("#EDE3F4", "#C3A3D9"), IMPORT: ("#E1E9F6", "#9FB7E2")}  # heat-map tints
COMPARE = {  # department, region, France
    EXPORT: (PURPLE, "#B58FCE", "#8C96A0"),
    IMPORT: (BLUE, "#7D9ED6", "#8C96A0"),
}
FLOW_WORDS = {  # noun, adjective, participle
    EXPORT: ("exportations", "export", "exportée"),
    IMPORT: ("importations", "import", "importée"),
}
SUBJECT_OF = {  # how a sentence names the subject and the year: "du département (Cher, 2024)"
    "department": "du département ({name}, {year})",
    "region": "de la région ({name}, {year})",
    "france": "de la France entière ({year})",
}


def new_workbook(path: Path, title: str, created: datetime) -> FastWorkbook:
    """An empty workbook: strings stay strings, fixed creation date (same inputs, same bytes)."""
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
            "title": title,
            "subject": "Les indicateurs clés : commerce extérieur",
            "author": "officefiches",
            "company": "",
            "comments": f"Source : {SOURCE}. Produit par officefiches {__version__}.",
            "created": created,
        }
    )
    return workbook


def close_workbook(workbook: FastWorkbook, path: Path) -> None:
    try:
        workbook.close()
    except (OSError, xlsxwriter.exceptions.XlsxWriterException) as error:
        raise OutputError(f"Impossible d'écrire le classeur {path} : {error}") from error


@dataclass(frozen=True)
class MatrixCells:
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


def flow_title(flux: str) -> str:
    if flux == EXPORT:
        return "Flux à l'export par produit et par pays"
    return "Flux à l'import par pays et par produit"


class Book:
    """A workbook being written for one subject: its formats and its shared sheets.

    `doc` is the Fiche or the Synthesis (year, is_demo, quarters, sources, label_source,
    warnings, partial_year, evolution); `scopes` the subject and the scopes it is compared with
    (flow matrices); `exposures` the Exposure of each of them that is known.
    """

    VALUES_NOTE = ""  # where the values come from, after a sheet's note

    def __init__(self, workbook, doc, scopes: tuple[ScopeFigures, ...], exposures=None):
        self.wb = workbook
        self.doc = doc
        self.subject = scopes[0]
        self.scopes = scopes
        self.exposures = exposures
        self.fmt = formats(workbook)
        self.name = self.subject.scope.name
        self.year = doc.year
        self.key_cells: dict[tuple[int, str], str] = {}  # (Synthèse column, flux) -> cell

    @property
    def of_subject(self) -> str:
        """The subject and the year in a sentence: "du département (Cher, 2024)"."""
        return SUBJECT_OF[self.subject.scope.kind].format(name=self.name, year=self.year)

    # -- sheet scaffolding -------------------------------------------------------------------

    def sheet(self, name: str):
        sheet = self.wb.add_worksheet(name, worksheet_class=FormulaSheet)
        self.print_setup(sheet)
        sheet.hide_gridlines(2)
        return sheet

    def print_setup(self, sheet) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
        sheet.set_header(f"&L&8{escape_hf(self.name)} — commerce extérieur {self.year}&R&8&A")
        sheet.set_footer(f"&L&8Source : {SOURCE}, {self.year}&R&8Page &P / &N")

    def heading(self, sheet, title: str, note: str = "", width: int = 6) -> int:
        """Title (row 1), demo banner, note; returns the first free row."""
        sheet.write_string(0, 0, title, self.fmt["title"])
        row = 1
        if self.doc.data.is_demo:
            sheet.merge_range(row, 0, row, width - 1, DEMO_BANNER, self.fmt["banner"])
            row += 1
        if note:
            sheet.write_string(row, 0, note, self.fmt["note"])
            row += 1
        return row + 1

    def chart(self, kind: str, title: str):
        chart = self.wb.add_chart({"type": kind})
        chart.set_title({"name": title, "name_font": {"size": 11, "bold": True, "color": ACCENT}})
        chart.set_chartarea({"border": {"none": True}})
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        return chart

    def add_series(self, chart, sheet, rows, label_col, series, gap, labels=None, **extra):
        """One series per (values column, name, colour) over `rows` (first, last), categories
        read in `label_col`; `labels`: number format of data labels (none when None)."""
        name = sheet.get_name()
        first, last = rows
        for col, title, colour in series:
            options = {
                "name": title,
                "categories": [name, first, label_col, last, label_col],
                "values": [name, first, col, last, col],
                "fill": {"color": colour},
                "border": {"none": True},
                "gap": gap,
                **extra,
            }
            if labels is not None:
                font = {"size": 8}
                options["data_labels"] = {"value": True, "num_format": labels, "font": font}
            chart.add_series(options)

    def table_rows(self, sheet, row: int, heads: list[str], rows, styles) -> int:
        """A header at `row` and one line per row of values (text or number, one style each;
        columns beyond them are left to the caller); returns the first row after them."""
        sheet.write_row(row, 0, heads, self.fmt["header"])
        sheet.set_row(row, 15 * header_lines(heads[2:], 16))
        for i, values in enumerate(rows, start=row + 1):
            for col, (value, style) in enumerate(zip(values, styles, strict=True)):
                if isinstance(value, str):
                    sheet.write_string(i, col, value, self.fmt[style])
                else:
                    sheet.write_number(i, col, value, self.fmt[style])
        return row + 1 + len(rows)

    def balance_colours(self, sheet, first_row, first_col, last_row, last_col) -> None:
        """Green when positive, red when negative (the number format adds the sign)."""
        for criteria, key in ((">", "positive"), ("<", "negative")):
            sheet.conditional_format(
                first_row,
                first_col,
                last_row,
                last_col,
                {"type": "cell", "criteria": criteria, "value": 0, "format": self.fmt[key]},
            )

    # -- Synthèse ----------------------------------------------------------------------------

    def synthese_start(self, sheet, identity: list[tuple[str, str]]) -> int:
        """Columns, title, banner and the identity rows; returns the next free row."""
        sheet.set_column("A:A", 34)
        sheet.set_column("B:D", 24)
        sheet.set_column("E:F", 12)
        sheet.fit_to_pages(1, 1)
        sheet.freeze_panes(1, 0)
        title = f"Les indicateurs clés : commerce extérieur — {self.name}"
        row = self.heading(sheet, title, width=4)
        for label, value in identity:
            sheet.write_string(row, 0, label, self.fmt["label"])
            sheet.merge_range(row, 1, row, 3, value, self.fmt["wrap"])
            sheet.set_row(row, 13.5 * text_lines(value, 80))  # merged cells do not auto-fit
            row += 1
        return row

    def year_text(self) -> str:
        doc = self.doc
        if not doc.data.partial_year:
            return str(doc.year)
        present = ", ".join(f"T{q}" for q in doc.data.quarters) or "aucun"
        return f"{doc.year} — {PARTIAL} (trimestres présents : {present})"

    def source_rows(self) -> list[tuple[str, str]]:
        data = self.doc.data
        files = "; ".join(
            f"{s.name} (du {s.modified}, {formatting.integer(s.lines)} lignes)"
            for s in data.sources
        )
        rows = [("Source", SOURCE), ("Fichiers de données", files or "non précisés")]
        if data.label_source:
            rows.append(("Libellés", data.label_source))
        return rows

    def key_figures(self, sheet, row: int, columns, share_title: str, shares, note: str) -> int:
        """Exports, imports and balance (M€) of each column, then the subject's shares.

        `columns`: (name, Totals, formula(flux) or None: a number is written); `shares`:
        (heading, key-figures column of the whole, style). Records `key_cells`.
        """
        fmt = self.fmt
        sheet.write_string(row, 0, "Chiffres clés (en millions d'euros)", fmt["subtitle"])
        sheet.write_row(row + 1, 0, ["", *(name for name, _, _ in columns)], fmt["header"])
        sheet.set_row(row + 1, 28)
        first = row + 2
        for i, (flux, label) in enumerate(
            ((EXPORT, "Exportations (FAB)"), (IMPORT, "Importations (CAF)"))
        ):
            sheet.write_string(first + i, 0, label, fmt["label"])
            for col, (_, totals, formula) in enumerate(columns, start=1):
                value = totals.of(flux) / MILLION
                if formula is None:
                    sheet.write_number(first + i, col, value, fmt["meur"])
                else:
                    sheet.write_formula(
                        first + i, col, f"={formula(flux)}/{MILLION}", fmt["meur"], value
                    )
                cell = xl_rowcol_to_cell(first + i, col, row_abs=True, col_abs=True)
                self.key_cells[(col, flux)] = cell
        sheet.write_string(first + 2, 0, "Solde commercial", fmt["label"])
        for col, (_, totals, _) in enumerate(columns, start=1):
            exp, imp = (xl_rowcol_to_cell(first + i, col) for i in (0, 1))
            sheet.write_formula(
                first + 2, col, f"={exp}-{imp}", fmt["signed"], totals.balance / MILLION
            )
        self.balance_colours(sheet, first + 2, 1, first + 2, len(columns))
        row = first + 4
        if shares:
            sheet.write_string(row, 0, share_title, fmt["subtitle"])
            sheet.write_row(row + 1, 0, ["", *(heading for heading, _, _ in shares)], fmt["header"])
            sheet.set_row(row + 1, 28)
            row += 2
            subject = columns[0][1]
            for i, (flux, label) in enumerate(((EXPORT, "Exportations"), (IMPORT, "Importations"))):
                sheet.write_string(row, 0, label, fmt["label"])
                part = xl_rowcol_to_cell(first + i, 1)
                for col, (_, whole_col, style) in enumerate(shares, start=1):
                    whole = xl_rowcol_to_cell(first + i, whole_col)
                    formula = f'=IF({whole}=0,"{formatting.NOT_AVAILABLE}",{part}/{whole})'
                    totals = columns[whole_col - 1][1]
                    cached = ratio(subject.of(flux), totals.of(flux))
                    sheet.write_formula(row, col, formula, fmt[style], cached)
                row += 1
        sheet.write_string(row, 0, note, fmt["note"])
        return row + 1

    def sentences(self, sheet, row: int, title: str, texts: list[str]) -> int:
        """A subtitle and one merged, wrapped line per text; returns the next free row."""
        if not texts:
            return row
        sheet.write_string(row, 0, title, self.fmt["subtitle"])
        row += 1
        for text in texts:
            sheet.merge_range(row, 0, row, 3, text, self.fmt["wrap"])
            sheet.set_row(row, 13.5 * text_lines(text, 120))
            row += 1
        return row

    def balance_sentence(self) -> str:
        balance = self.subject.totals.balance
        word = "excédent" if balance > 0 else "déficit" if balance < 0 else "équilibre"
        return f"Solde commercial : {formatting.signed_meur(balance)} millions d'euros ({word})."

    def value_cell(self, sheet, row, col, euros, fluxes, criterion=None, style="meur") -> None:
        """A value in M€ (the sum of `fluxes`, restricted by `criterion`: column, code cell).

        Here a number; the department's workbook writes a SUMIFS over its Table "Lignes".
        """
        sheet.write_number(row, col, euros / MILLION, self.fmt[style])

    def sum_cell(self, sheet, at: tuple[int, int], first, last, euros: int) -> None:
        """A bold SUM total in M€ with its cached value."""
        span = f"{xl_rowcol_to_cell(*first)}:{xl_rowcol_to_cell(*last)}"
        sheet.write_formula(*at, f"=SUM({span})", self.fmt["total"], euros / MILLION)

    # -- Balance par pays ----------------------------------------------------------------------

    def balance(self, sheet) -> None:
        fmt, partners = self.fmt, self.subject.partners
        title = f"Principaux pays à l'import et à l'export, {self.name} ({self.year})"
        note = (
            "En millions d'euros. Solde = exportations − importations (« + » excédent, "
            "« − » déficit)." + self.VALUES_NOTE
        )
        row = self.heading(sheet, title, note, width=7)
        sheet.fit_to_pages(1, 1)
        for col, width in enumerate((6, 9, 30, 15, 15, 13, 17)):
            sheet.set_column(col, col, width)
        if not partners:
            sheet.write_string(row, 0, f"{self.name} : {NO_TRADE} en {self.year}.", fmt["label"])
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
                self.value_cell(sheet, r, col, value, (flux,), ("Code pays", code))
            sheet.write_formula(r, 5, f"={exp}-{imp}", fmt["signed"], partner.balance / MILLION)
            sheet.write_formula(r, 6, f"=-{imp}", fmt["axis"], -partner.imports / MILLION)
        last = first + len(partners) - 1
        self.balance_colours(sheet, first, 5, last, 5)
        sheet.freeze_panes(first, 0)
        self._butterfly(sheet, first, last, last + 2)

    def _butterfly(self, sheet, first: int, last: int, at: int) -> None:
        chart = self.chart("bar", f"Principaux pays à l'import et à l'export, {self.name}")
        series = ((6, "Importations", BLUE), (4, "Exportations", PURPLE))
        self.add_series(
            chart, sheet, (first, last), 2, series, 40, "#,##0.0;#,##0.0",
            invert_if_negative=False, overlap=100,
        )  # fmt: skip
        rank_order_axes(
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
            f"partenaires {self.of_subject}, importations à gauche "
            "(bleu) et exportations à droite (violet), en millions d'euros."
        )
        sheet.insert_chart(at, 0, chart, {"description": description})

    # -- Activités -----------------------------------------------------------------------------

    def activites(self, sheet) -> None:
        title = f"Principales activités à l'export et à l'import, {self.name} ({self.year})"
        note = (
            "Produits de la nomenclature A129, en millions d'euros ; part dans le total du flux. "
            "Exportations en violet, importations en bleu."
        )
        row = self.heading(sheet, title, note, width=11)
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
        products = self.subject.products_export + self.subject.products_import
        return label_width(p.label for p in products)

    def _product_table(self, sheet, flux: str, row: int, col: int) -> tuple[int, int] | None:
        """Every product of the flow (value, share); returns the first and last data rows."""
        fmt, products = self.fmt, self.subject.products(flux)
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
            self.value_cell(sheet, r, col + 3, product.value, (flux,), ("Code A129", code))
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
        chart = self.chart("bar", f"Principaux produits à l'{FLOW_WORDS[flux][1]}, {self.name}")
        series = ((col + 3, f"{noun.capitalize()} (M€)", colour),)
        self.add_series(chart, sheet, (first, last), col + 2, series, 50, "#,##0.0")
        rank_order_axes(chart, {"num_format": "#,##0"})
        chart.set_legend({"none": True})
        chart.set_size({"width": 560, "height": 440})
        description = (
            f"Barres horizontales : les {last - first + 1} premiers produits (A129) des {noun} "
            f"{self.of_subject}, en millions d'euros."
        )
        sheet.insert_chart(at, col, chart, {"description": description})

    # -- Flux export / Flux import -------------------------------------------------------------

    def total_sentence(self, flux: str, scope: ScopeFigures | None = None) -> str:
        """A scope's total of the flow in a sentence; the subject's is the workbook's own."""
        if scope is None or scope is self.subject:
            return self.subject_sentence(flux)
        noun = FLOW_WORDS[flux][0]
        value = scope.totals.of(flux)
        text = f"Total des {noun} ({scope.scope.name}) : "
        return text + (f"{formatting.meur(value)} millions d'euros." if value else NO_TRADE)

    def subject_sentence(self, flux: str) -> str:
        raise NotImplementedError

    def flows(self, sheet, flux: str) -> None:
        title = f"{flow_title(flux)}, {self.name} (en valeur, {self.year})"
        note = (
            "En millions d'euros. Les 10 premiers produits (A129) et pays, le reste dans "
            "« Autres ». En rouge et encadrés : les 5 flux les plus importants entre un produit "
            "et un pays nommés."
        )
        row = self.heading(sheet, title, note, width=13)
        labels = (node.label for scope in self.scopes for node in scope.flows(flux).left)
        sheet.set_column(0, 0, label_width(labels))
        sheet.set_column(1, 12, 11.5)
        breaks = []
        for scope in self.scopes:
            if scope is not self.subject:
                breaks.append(row)  # one scope per printed page
            sheet.write_string(
                row, 0, f"{flow_title(flux)}, {scope.scope.name}", self.fmt["subtitle"]
            )
            sheet.write_string(row + 1, 0, self.total_sentence(flux, scope), self.fmt["text"])
            row += 2
            if scope.flows(flux).total:
                cells = self._matrix(sheet, scope.flows(flux), row + 1)
                row = cells.total_row + 1
                if scope is self.subject:
                    row = self._country_chart(sheet, flux, cells, row)
            row += 2
        sheet.set_h_pagebreaks(breaks)

    def _matrix(self, sheet, matrix: FlowMatrix, row: int) -> MatrixCells:
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
        sheet.set_row(row, 15 * header_lines(node.label for node in right))
        cells = MatrixCells(header=row, first=row + 1, rows=len(left), columns=len(right))
        links = {(link.source, link.target): link for link in matrix.links}
        for i, node in enumerate(left):
            r = cells.first + i
            sheet.write_string(r, 0, node.label, fmt["cell"])
            for j in range(len(right)):
                link = links.get((i, j))
                style = fmt["flow_red"] if link is not None and link.highlighted else fmt["flow"]
                sheet.write_number(r, j + 1, (link.value if link else 0) / MILLION, style)
            self.sum_cell(sheet, (r, cells.total_col), (r, 1), (r, len(right)), node.value)
        sheet.write_string(cells.total_row, 0, "Total", fmt["total_label"])
        last = cells.total_row - 1
        for col, node in enumerate(right, start=1):
            at = (cells.total_row, col)
            self.sum_cell(sheet, at, (cells.first, col), (last, col), node.value)
        total = (cells.total_row, cells.total_col)
        self.sum_cell(
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

    def _country_chart(self, sheet, flux: str, cells: MatrixCells, row: int) -> int:
        """The department's countries (destinations or origins), read from the matrix totals."""
        matrix = self.subject.flows(flux)
        name = sheet.get_name()
        if flux == EXPORT:  # countries are the columns: header row, total row
            named = sum(not node.is_other for node in matrix.right)
            categories = [name, cells.header, 1, cells.header, named]
            values = [name, cells.total_row, 1, cells.total_row, named]
            title = f"Exportations par pays de destination, {self.name} (M€)"
            which = "de destination des exportations"
        else:  # countries are the rows: first column, total column
            named = sum(not node.is_other for node in matrix.left)
            last = cells.first + named - 1
            categories = [name, cells.first, 0, last, 0]
            values = [name, cells.first, cells.total_col, last, cells.total_col]
            title = f"Importations par pays d'origine, {self.name} (M€)"
            which = "d'origine des importations"
        if not named:
            return row
        chart = self.chart("column", title)
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
            f"Histogramme : les {named} premiers pays {which} {self.of_subject}, "
            "en millions d'euros (totaux du tableau ci-dessus)."
        )
        sheet.insert_chart(row + 1, 0, chart, {"description": description})
        return row + 18

    # -- Méthode -------------------------------------------------------------------------------

    def methode(self, sheet, values: dict[str, str], tags: set[str]) -> None:
        """templates/methode.md: its lines tagged "[tag] " kept only for the `tags` given (and
        "évolution" / "exposition" when those sheets exist), {placeholders} filled."""
        doc, fmt = self.doc, self.fmt
        sheet.set_column("A:A", 125)
        values = {
            "annee": str(doc.year),
            "territoire": self.name,
            "mention_partielle": f" ({PARTIAL})" if doc.data.partial_year else "",
            "fichiers": "; ".join(f"{s.name} (du {s.modified})" for s in doc.data.sources)
            or "non précisés",
            "libelles": doc.data.label_source or "libellés intégrés",
            "trimestres": ", ".join(f"T{q}" for q in doc.data.quarters) or "aucun",
            "annee_precedente": str(doc.evolution.previous_year) if doc.evolution else "",
            "version": __version__,
            "date": self.wb.doc_properties["created"].date().isoformat(),
        } | values
        tags = set(tags)
        if doc.evolution is not None:
            tags.add("évolution")
        if self.exposures:
            tags.add("exposition")
        row = 0
        if doc.data.is_demo:
            sheet.write_string(row, 0, DEMO_BANNER, fmt["banner"])
            row += 2
        for line in fill(tagged_lines(template_text("methode.md"), tags), values).splitlines():
            if line.startswith("# "):
                sheet.write_string(row, 0, line[2:].strip(), fmt["title"])
                row += 1
            elif line.startswith("## "):
                sheet.write_string(row + 1, 0, line[3:].strip(), fmt["subtitle"])
                row += 2
            else:
                sheet.write_string(row, 0, line.strip(), fmt["wrap"])
                sheet.set_row(row, 13.5 * text_lines(line, 140))  # viewers rarely auto-fit
                row += 1
        if doc.data.warnings:
            sheet.write_string(row + 1, 0, "Avertissements de la production", fmt["subtitle"])
            row += 2
        for warning in doc.data.warnings:
            sheet.write_string(row, 0, warning, fmt["wrap"])
            sheet.set_row(row, 13.5 * text_lines(warning, 140))
            row += 1


# --------------------------------------------------------------------------------------------
# Helpers (pure where possible)


def formats(workbook) -> dict:
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
        "pct_signed": add(num_format=NUM_PCT_SIGNED, align="right", **border),
        "index": add(num_format=NUM_INDEX, **border),
        "integer": add(num_format=NUM_EUROS, **border),
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


def escape_hf(text: str) -> str:
    """Header/footer text: "&" is a control character there."""
    return text.replace("&", "&&")


def tagged_lines(template: str, tags: set[str]) -> str:
    """The template's non-blank lines, those tagged "[tag] " only when `tags` holds the tag
    (tag removed); a "## " heading left without any line under it is dropped."""
    kept = []
    for line in template.splitlines():
        found = re.match(r"\[([^\]]+)\]\s*", line)
        if found:
            if found.group(1).strip() not in tags:
                continue
            line = line[found.end() :]
        if line.strip():
            kept.append(line)
    return "\n".join(
        line
        for i, line in enumerate(kept)
        if not line.startswith("## ") or (i + 1 < len(kept) and not kept[i + 1].startswith("#"))
    )


def fill(template: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; leave unknown ones (a team's own text) untouched."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def rank_order_axes(chart, value_axis: dict, low_labels: bool = False) -> None:
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


def label_width(labels, low: float = 24, high: float = 58) -> float:
    return max(low, min(high, max((len(label) + 2 for label in labels), default=low)))


def text_lines(text: str, per_line: int) -> int:
    """Lines a wrapped text needs in a merged cell about `per_line` characters wide."""
    return max(1, -(-len(text) // per_line))


def ratio(part: int, whole: int) -> float | str:
    """What =IF(whole=0,"n.d.",part/whole) shows."""
    return part / whole if whole else formatting.NOT_AVAILABLE


def share(part: int, whole: int) -> float:
    """What =IF(whole=0,0,part/whole) shows."""
    return part / whole if whole else 0.0


def header_lines(labels, width: int = 12) -> int:
    """Lines a wrapped header needs (column width ~11.5 characters)."""
    longest = max((len(label) for label in labels), default=0)
    return max(2, min(5, -(-longest // width) + 1))
