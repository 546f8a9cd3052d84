"""Trimestres: the subject's exports and imports quarter by quarter (`Quarters`), each beside
the same quarter a year earlier when the data hold it, and the change over a year; a native
column chart per flow. Amounts are numbers (most quarters' lines are not in the workbook); the
changes are formulas over them, with their cached values. A quarter a year earlier that the
data do not hold is an empty cell (no bar) and « n.d. », never an estimate."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, Quarters
from officefiches.writers import look
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.formulas import MILLION

NA = formatting.NOT_AVAILABLE
CHART_ROWS = 17  # rows a chart covers (300 px)
FLOWS = ((EXPORT, 1, look.EXPORTS), (IMPORT, 4, look.IMPORTS))  # (flow, first column, colour)


def write(book: Book, sheet) -> None:
    quarters: Quarters = book.doc.quarters
    fmt = book.fmt
    span = {"premier": quarters.values[0].label, "dernier": quarters.values[-1].label}
    row = book.heading(
        sheet, book.sheet_text("trimestres.titre", **span), book.sheet_text("trimestres.note"), 7
    )
    sheet.freeze_panes(1, 0)
    book.set_widths(sheet, (12, 15, 17, 12, 15, 17, 12))
    heads = ["Trimestre"]
    for flux, _, _ in FLOWS:
        heads += [book.sheet_text(f"trimestres.{flux.key}"), "Même trimestre un an plus tôt"]
        heads.append("Sur un an (%)")
    sheet.write_row(row, 0, heads, fmt["header"])
    sheet.set_row(row, 45)
    first = row + 1
    for i, value in enumerate(quarters.values):
        r = first + i
        sheet.write_string(r, 0, value.label, fmt["code"])
        for flux, col, _ in FLOWS:
            now, before = value.of(flux)
            sheet.write_number(r, col, now / MILLION, fmt["meur"])
            if before is None:  # an empty cell: no bar, never an estimate
                sheet.write_blank(r, col + 1, None, fmt["meur"])
            else:
                sheet.write_number(r, col + 1, before / MILLION, fmt["meur"])
            _change_cell(sheet, fmt, r, col, now, before)
    last = first + len(quarters.values) - 1
    at = last + 2
    for flux, col, colour in FLOWS:
        title = book.sheet_text(f"trimestres.graphique_{flux.key}", **span)
        chart = book.chart("column", title)
        chart.set_size({"width": 760, "height": 300})
        series = ((col + 1, heads[col + 1], look.PREVIOUS_YEAR), (col, "Trimestre", colour))
        book.add_series(chart, sheet, (first, last), 0, series, 40)
        chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}})
        description = book.sheet_text(f"trimestres.description_{flux.key}", **span)
        sheet.insert_chart(at, 0, chart, {"description": description})
        at += CHART_ROWS + 1


def _change_cell(sheet, fmt, row: int, col: int, now: int, before: int | None) -> None:
    """=IF(before="","n.d.",IF(before=0,"n.d.",now/before-1)), with the value cached."""
    now_cell, before_cell = xl_rowcol_to_cell(row, col), xl_rowcol_to_cell(row, col + 1)
    formula = f'=IF(OR({before_cell}="",{before_cell}=0),"{NA}",{now_cell}/{before_cell}-1)'
    value = NA if not before else now / before - 1
    sheet.write_formula(row, col + 2, formula, fmt["pct_signed"], value)


# The sheets of this section (writers/sections.py), in tab order.
def _shown(book: Book) -> bool:
    return book.doc.quarters is not None and bool(book.doc.quarters.values)


SHEETS = (Sheet("Trimestres", write, when=_shown),)
