"""Balance par pays: the subject's main partners (imports, exports, balance) and the butterfly
chart reading them (imports drawn as negatives from a helper column). Values are SUMIFS over
the subject's Table; the partners listed are those of the data as generated."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches.model import EXPORT, IMPORT
from officefiches.writers import look
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import COUNTRY, COUNTRY_LABEL
from officefiches.writers.xlsx.formulas import MILLION
from officefiches.writers.xlsx.sizing import label_width
from officefiches.writers.xlsx.styles import font, rank_order_axes

CHART_TOP = 2  # rows between the table and the chart


def write(book: Book, sheet) -> None:
    fmt, partners = book.fmt, book.subject.partners
    book.set_widths(sheet, (6, 9, _country_width(partners), 15, 15, 13, 17))
    title = book.sheet_text("balance.titre")
    note = book.sheet_text("balance.note") + book.sheet_text("balance.valeurs_donnees")
    row = book.heading(sheet, title, note, width=7)
    sheet.fit_to_pages(1, 1)
    if not partners:
        sheet.write_string(row, 0, book.sheet_text("balance.aucun"), fmt["label"])
        return
    heads = [
        "Rang",
        COUNTRY,
        COUNTRY_LABEL,
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
        book.label_cell(sheet, r, 2, "pays", partner.code, partner.label)
        for col, flux, value in ((3, IMPORT, partner.imports), (4, EXPORT, partner.exports)):
            book.value_cell(sheet, r, col, value, (flux,), (COUNTRY, code))
        sheet.write_formula(r, 5, f"={exp}-{imp}", fmt["signed"], partner.balance / MILLION)
        sheet.write_formula(r, 6, f"=-{imp}", fmt["axis"], -partner.imports / MILLION)
    last = first + len(partners) - 1
    book.balance_colours(sheet, first, 5, last, 5)
    sheet.freeze_panes(first, 0)
    sheet.repeat_rows(row)
    _butterfly(book, sheet, first, last, last + CHART_TOP)


def _country_width(partners) -> float:
    """Room for the longest country name (they are shown whole)."""
    return label_width((p.label for p in partners), 24, 70)


def _butterfly(book: Book, sheet, first: int, last: int, at: int) -> None:
    chart = book.chart("bar", book.sheet_text("balance.graphique"))
    series = ((6, "Importations", look.IMPORTS), (4, "Exportations", look.EXPORTS))
    book.add_series(
        chart, sheet, (first, last), 2, series, 40, "#,##0.0;#,##0.0",
        invert_if_negative=False, overlap=100,
    )  # fmt: skip
    rank_order_axes(
        chart,
        {
            "num_format": "#,##0;#,##0",  # imports are negative: shown without the minus
            "name": book.sheet_text("balance.axe"),
            "name_font": font(9),
        },
        low_labels=True,
    )
    chart.set_size({"width": 900, "height": 120 + 32 * (last - first + 1)})
    description = book.sheet_text("balance.description", nombre=last - first + 1)
    sheet.insert_chart(at, 0, chart, {"description": description})


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Balance par pays", write),)
