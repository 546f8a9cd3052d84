"""What every workbook shares (XlsxWriter): its creation, formats, sheet scaffolding and the
ordered list of its sheets.

A workbook is a `Book` (the department's or a synthesis's, see department.py / synthesis.py)
and an ordered list of `Sheet`s: to add a sheet, write one module with `write(book, sheet)` and
add one line to the list. Sheets are created in the list's order (the tab order); then the data
sheets are written (their sums are the cached values of every formula over them), then the
others in tab order: a sheet may use what an earlier one recorded in the book (Comparaison
refers to the key-figure cells of Synthèse).

A value in M€ goes through `Book.value_cell`: a number here, a SUMIFS over the department's
Table "Lignes" in the department's workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import __version__, formatting
from officefiches.errors import OutputError
from officefiches.model import ScopeFigures
from officefiches.writers import look, texts
from officefiches.writers.look import DEMO_NOTICE, NO_TRADE, SOURCE
from officefiches.writers.xlsx._xlsxwriter import BulkSheet, FastWorkbook, FormulaSheet

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
SUBJECT_OF = {  # how a sentence names the subject and the year: "du département (Cher, 2024)"
    "department": "du département ({name}, {year})",
    "region": "de la région ({name}, {year})",
    "france": "de la France entière ({year})",
}


def workbook_options() -> dict:
    """XlsxWriter's options for every workbook we write: strings stay text (a label "=cmd|…" or
    "http://…" is never a formula nor a link), in memory, Arial. A new dict each time: XlsxWriter
    changes the one it is given (the default format's properties)."""
    return {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "in_memory": True,
        "default_format_properties": {"font_name": "Arial", "font_size": 10},
    }


def always(book) -> bool:
    return True


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook's ordered list."""

    name: str | Callable[[Book], str]  # or the book's own name for it ("Départements")
    write: Callable[[Book, object], None]
    when: Callable[[Book], bool] = always  # the sheet exists only when this holds
    data: bool = False  # a bulk data table (written first: the formulas' cached values)


def write_sheets(book: Book, sheets: tuple[Sheet, ...]) -> None:
    """Create the sheets in the list's order, write them (data first), open on the first."""
    shown = []
    for spec in sheets:
        if not spec.when(book):
            continue
        name = spec.name(book) if callable(spec.name) else spec.name
        shown.append((spec, book.data_sheet(name) if spec.data else book.sheet(name)))
    for spec, sheet in [s for s in shown if s[0].data] + [s for s in shown if not s[0].data]:
        spec.write(book, sheet)
    shown[0][1].activate()


def new_workbook(path: Path, title: str, created: datetime) -> FastWorkbook:
    """An empty workbook: strings stay strings, fixed creation date (same inputs, same bytes)."""
    workbook = FastWorkbook(str(path), workbook_options())
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


class Book:
    """A workbook being written for one subject: its formats and its sheet scaffolding.

    `doc` is the Fiche or the Synthesis (year, data, evolution); `scopes` the subject and the
    scopes it is compared with (flow matrices); `exposures` the Exposure of each of them that is
    known. Subclasses say where values come from (`value_cell`), how the subject's totals read
    (`subject_sentence`) and what the Méthode sheet adds (`METHODE_TAG`, `methode_values`).
    """

    FROM_DATA = False  # values are formulas over the sheet "Données" (a department's workbook)
    METHODE_TAG = ""  # the lines of templates/methode.md kept: "[département]", "[synthèse]"

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

    def sheet_text(self, key: str, **values) -> str:
        """A text of templates/classeur.toml ("section.key"), with the placeholders every
        sheet has: {territoire}, {annee}, {sujet} ("du département (Cher, 2024)") and
        {aucun_echange}."""
        common = {
            "territoire": self.name,
            "annee": str(self.year),
            "sujet": self.of_subject,
            "aucun_echange": NO_TRADE,
        }
        return texts.sheet_text(key, common | {k: str(v) for k, v in values.items()})

    def subject_sentence(self, flux: str) -> str:
        raise NotImplementedError

    def methode_values(self) -> dict[str, str]:
        return {}

    # -- sheet scaffolding -------------------------------------------------------------------

    def sheet(self, name: str):
        sheet = self.wb.add_worksheet(name, worksheet_class=FormulaSheet)
        self.print_setup(sheet)
        sheet.hide_gridlines(2)
        return sheet

    def data_sheet(self, name: str):
        """A sheet holding one large Table, its body written in bulk."""
        sheet = self.wb.add_worksheet(name, worksheet_class=BulkSheet)
        self.print_setup(sheet)
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
            sheet.merge_range(row, 0, row, width - 1, DEMO_NOTICE, self.fmt["banner"])
            row += 1
        if note:
            sheet.write_string(row, 0, note, self.fmt["note"])
            row += 1
        return row + 1

    def chart(self, kind: str, title: str):
        chart = self.wb.add_chart({"type": kind})
        font = {"size": 11, "bold": True, "color": look.xl(look.ACCENT)}
        chart.set_title({"name": title, "name_font": font})
        chart.set_chartarea({"border": {"none": True}})
        chart.set_legend({"position": "bottom", "font": {"size": 9}})
        return chart

    def add_series(self, chart, sheet, rows, label_col, series, gap, labels=None, **extra):
        """One series per (values column, name, look colour) over `rows` (first, last),
        categories read in `label_col`; `labels`: number format of data labels (none when
        None)."""
        name = sheet.get_name()
        first, last = rows
        for col, title, colour in series:
            options = {
                "name": title,
                "categories": [name, first, label_col, last, label_col],
                "values": [name, first, col, last, col],
                "fill": {"color": look.xl(colour)},
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

    def value_cell(self, sheet, row, col, euros, fluxes, criterion=None, style="meur") -> None:
        """A value in M€ (the sum of `fluxes`, restricted by `criterion`: column, code cell).

        Here a number; the department's workbook writes a SUMIFS over its Table "Lignes".
        """
        sheet.write_number(row, col, euros / MILLION, self.fmt[style])

    def sum_cell(self, sheet, at: tuple[int, int], first, last, euros: int) -> None:
        """A bold SUM total in M€ with its cached value."""
        span = f"{xl_rowcol_to_cell(*first)}:{xl_rowcol_to_cell(*last)}"
        sheet.write_formula(*at, f"=SUM({span})", self.fmt["total"], euros / MILLION)


# --------------------------------------------------------------------------------------------
# Helpers (pure where possible)


def formats(workbook) -> dict:
    accent, text, white = look.xl(look.ACCENT), look.xl(look.TEXT), look.xl(look.WHITE)
    red, green, neg_red = look.xl(look.HIGHLIGHT), look.xl(look.POSITIVE), look.xl(look.NEGATIVE)

    def add(**props):
        return workbook.add_format({"font_name": "Arial", "font_size": 10, **props})

    border = {"border": 1, "border_color": look.xl(look.CELL_BORDER)}
    return {
        "title": add(bold=True, font_size=15, font_color=accent),
        "subtitle": add(bold=True, font_size=12, font_color=accent),
        "banner": add(bold=True, font_size=12, font_color=white, bg_color=neg_red, align="center"),
        "label": add(bold=True, font_color=text, valign="top"),
        "text": add(font_color=text, valign="top"),
        "wrap": add(font_color=text, text_wrap=True, valign="top"),
        "note": add(italic=True, font_size=9, font_color=look.xl(look.NOTE)),
        "header": add(
            bold=True,
            font_color=white,
            bg_color=accent,
            text_wrap=True,
            valign="vcenter",
            **border,
        ),
        "header_center": add(
            bold=True,
            font_color=white,
            bg_color=accent,
            text_wrap=True,
            align="center",
            valign="vcenter",
            **border,
        ),
        "label_cell": add(bold=True, font_color=text, **border),
        "cell": add(font_color=text, **border),
        "code": add(font_color=text, align="center", **border),
        "rank": add(font_color=text, align="center", **border),
        "meur": add(num_format=NUM_MEUR, **border),
        "signed": add(num_format=NUM_SIGNED, **border),
        "pct1": add(num_format=NUM_PCT1, **border),
        "pct2": add(num_format=NUM_PCT2, **border),
        "pct_signed": add(num_format=NUM_PCT_SIGNED, align="right", **border),
        "index": add(num_format=NUM_INDEX, **border),
        "integer": add(num_format=NUM_EUROS, **border),
        "axis": add(num_format=NUM_MEUR, font_color=look.xl(look.AXIS_CELL), italic=True, **border),
        "total": add(num_format=NUM_MEUR, bold=True, top=2, **border),
        "total_label": add(bold=True, top=2, **border),
        "flow": add(num_format=NUM_FLOW, **border),
        "flow_red": add(num_format=NUM_FLOW, bold=True, font_color=red, border=2, border_color=red),
        "positive": workbook.add_format({"font_color": green, "bold": True}),
        "negative": workbook.add_format({"font_color": neg_red, "bold": True}),
        "data_int": add(num_format=NUM_EUROS),
        "data_code": add(align="center"),
        "data_header": add(bold=True, text_wrap=True, valign="vcenter", bottom=1),
    }


def escape_hf(text: str) -> str:
    """Header/footer text: "&" is a control character there."""
    return text.replace("&", "&&")


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
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
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
