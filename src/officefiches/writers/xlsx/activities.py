"""Activités: every product of each flow (value, share of the flow), exports at the left, imports
at the right, their header frozen; below them, on a page of their own, a bar chart of the first
ten of each flow. Values are SUMIFS over the subject's Table (the products listed, and their
order, are those of the data as generated)."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches.model import EXPORT, IMPORT
from officefiches.writers import look
from officefiches.writers.look import NO_TRADE, WORDS
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import A129
from officefiches.writers.xlsx.formulas import MILLION
from officefiches.writers.xlsx.sizing import label_width, wrapped_lines
from officefiches.writers.xlsx.styles import rank_order_axes

CHART_ROWS = 30  # rows a chart takes (440 px)
IMPORT_COL = 6


def write(book: Book, sheet) -> None:
    widths = (6, 9, _product_width(book), 12, 9)
    book.set_widths(sheet, (*widths, 2, *widths))
    title = book.sheet_text("activites.titre")
    note = book.sheet_text("activites.note")
    row = book.heading(sheet, title, note, width=11)
    found = {}
    for flux, first_col in ((EXPORT, 0), (IMPORT, IMPORT_COL)):
        found[flux] = _product_table(book, sheet, flux, row, first_col)
    _row_heights(book, sheet, row + 2, widths[2])
    sheet.freeze_panes(row + 2, 0)
    sheet.repeat_rows(row + 1)
    longest = max((r[1] for r in found.values() if r), default=row + 2)
    charts_row = longest + 3
    sheet.set_h_pagebreaks([charts_row])  # the charts on a page of their own
    for flux, first_col in ((EXPORT, 0), (IMPORT, IMPORT_COL)):
        if found[flux]:
            _product_chart(book, sheet, flux, found[flux], first_col, charts_row)
        else:
            noun = WORDS[flux].title
            sheet.write_string(charts_row, first_col, f"{noun} : {NO_TRADE}.", book.fmt["label"])


def _product_width(book: Book) -> float:
    """Width of the product columns: the longest label on one line (beyond, it wraps)."""
    products = book.subject.products_export + book.subject.products_import
    return label_width((p.label for p in products), 30, 62)


def _row_heights(book: Book, sheet, first: int, width: float) -> None:
    """The rows whose product name wraps (in either table) made tall enough for it."""
    exports, imports = (book.subject.products(flux) for flux in (EXPORT, IMPORT))
    for i in range(max(len(exports), len(imports))):
        names = [products[i].label for products in (exports, imports) if i < len(products)]
        lines = max(wrapped_lines(name, width) for name in names)
        if lines > 1:
            sheet.set_row(first + i, 13 * lines + 2)


def _product_table(book: Book, sheet, flux: str, row: int, col: int) -> tuple[int, int] | None:
    """Every product of the flow (value, share); returns the first and last data rows."""
    fmt, products = book.fmt, book.subject.products(flux)
    sheet.write_string(row, col, book.sheet_text(f"activites.tableau_{flux.key}"), fmt["subtitle"])
    if not products:
        sheet.write_string(row + 1, col, NO_TRADE, fmt["text"])
        return None
    heads = ["Rang", A129, "Produit", "Valeur (M€)", "Part"]
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
        book.label_cell(sheet, r, col + 2, "a129", product.code, product.label, "cell_wrap")
        book.value_cell(sheet, r, col + 3, product.value, (flux,), (A129, code))
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


def _product_chart(book: Book, sheet, flux: str, rows: tuple[int, int], col: int, at: int) -> None:
    first, last = rows[0], min(rows[1], rows[0] + 9)
    colour = look.FLOWS[flux]
    chart = book.chart("bar", book.sheet_text(f"activites.graphique_{flux.key}"))
    series = ((col + 3, book.sheet_text(f"activites.serie_{flux.key}"), colour),)
    book.add_series(chart, sheet, (first, last), col + 2, series, 50, "#,##0.0")
    rank_order_axes(chart, {"num_format": "#,##0"})
    chart.set_legend({"none": True})
    chart.set_size({"width": 640, "height": 460})
    description = book.sheet_text(f"activites.description_{flux.key}", nombre=last - first + 1)
    sheet.insert_chart(at, col, chart, {"description": description})


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Activités", write),)
