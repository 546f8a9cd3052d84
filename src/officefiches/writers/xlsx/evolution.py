"""Évolution: the subject's year-on-year change (totals, main partners, main products) with
clustered bar charts of both years.

Values of the current year are SUMIFS over the subject's Table, those of the previous year over
the Table "Precedent" (the subject's compared year, flux × A129 × country); changes and shares
are formulas over those cells, with their cached values. The partners and products listed are
those of the data as generated.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, Change, Evolution
from officefiches.writers import look
from officefiches.writers.look import NO_TRADE, NOT_SIGNIFICANT
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import A129, COUNTRY, COUNTRY_LABEL
from officefiches.writers.xlsx.data import previous_name
from officefiches.writers.xlsx.formulas import MILLION, ratio
from officefiches.writers.xlsx.sizing import label_width
from officefiches.writers.xlsx.styles import font, rank_order_axes
from officefiches.writers.xlsx.tables import TABLE_PREVIOUS


def write(book: Book, sheet) -> None:
    evolution = book.doc.evolution
    before, now = book.doc.data.when_of(evolution.previous_year), book.when
    fmt = book.fmt
    title = book.sheet_text("evolution.titre", annee_precedente=before)
    note = book.sheet_text(
        "evolution.note", annee_precedente=before, onglet_precedent=previous_name(book)
    )
    note += book.sheet_text("evolution.valeurs_donnees")
    changes = (*evolution.partners, *evolution.products_export, *evolution.products_import)
    book.set_widths(sheet, (10, label_width((c.label for c in changes), 36, 62), 13, 13, 14, 13))
    row = book.heading(sheet, title, note, width=6)
    sheet.freeze_panes(1, 0)
    heads = [f"{before} (M€)", f"{now} (M€)", "Variation (M€)", "Variation (%)"]

    sheet.write_string(row, 0, "Totaux", fmt["subtitle"])
    sheet.merge_range(row + 1, 0, row + 1, 1, "", fmt["header"])
    sheet.write_row(row + 1, 2, heads, fmt["header"])
    sheet.set_row(row + 1, 30)
    first = row + 2
    for i, change in enumerate((evolution.exports, evolution.imports)):
        sheet.merge_range(first + i, 0, first + i, 1, change.label, fmt["label_cell"])
        _change_row(book, sheet, first + i, change, (change.code,))
    _balance_row(book, sheet, first + 2, evolution)
    book.balance_colours(sheet, first, 4, first + 2, 5)
    note = book.sheet_text("evolution.note_solde", ns=NOT_SIGNIFICANT)
    sheet.write_string(first + 3, 0, note, fmt["note"])
    chart = _evolution_chart(book, sheet, (first, first + 1), 0, "totaux")
    chart.set_size({"width": 700, "height": 300})
    description = book.sheet_text("evolution.description_totaux", annee_precedente=before)
    sheet.insert_chart(first + 5, 0, chart, {"description": description})
    row = first + 21

    partners = evolution.partners
    subtitle = book.sheet_text("evolution.pays")
    sheet.write_string(row, 0, subtitle, fmt["subtitle"])
    last = _change_table(book, sheet, row + 1, (COUNTRY, COUNTRY_LABEL), partners, (EXPORT, IMPORT))
    if partners:
        chart = _evolution_chart(book, sheet, (row + 2, last), 1, "pays")
        height = 80 + 24 * len(partners)  # the table and its chart fit one printed page
        chart.set_size({"width": 700, "height": height})
        description = book.sheet_text(
            "evolution.description_pays", annee_precedente=before, nombre=len(partners)
        )
        sheet.insert_chart(last + 2, 0, chart, {"description": description})
        last += 2 + -(-height // 20)  # rows of 20 px
    breaks = [row]
    for flux in (EXPORT, IMPORT):
        row = last + 2
        if flux == EXPORT:
            breaks.append(row)  # the products of both flows on one page
        sheet.write_string(
            row, 0, book.sheet_text(f"evolution.produits_{flux.key}"), fmt["subtitle"]
        )
        products = evolution.products(flux)
        last = _change_table(book, sheet, row + 1, (A129, "Produit"), products, (flux,))
    sheet.set_h_pagebreaks(breaks)


def _change_row(book: Book, sheet, r: int, change: Change, fluxes, criterion=None) -> None:
    """N-1 and N (SUMIFS over "Precedent" and the subject's Table), variation and variation in
    % (formulas)."""
    fmt = book.fmt
    before, now = (xl_rowcol_to_cell(r, c) for c in (2, 3))
    if TABLE_PREVIOUS in book.sums:
        book.value_cell(sheet, r, 2, change.previous, fluxes, criterion, table=TABLE_PREVIOUS)
    else:  # a previous year without its table (not written by build)
        sheet.write_number(r, 2, change.previous / MILLION, fmt["meur"])
    book.value_cell(sheet, r, 3, change.current, fluxes, criterion)
    sheet.write_formula(r, 4, f"={now}-{before}", fmt["signed"], change.delta / MILLION)
    formula = f'=IF({before}=0,"{formatting.NOT_AVAILABLE}",({now}-{before})/{before})'
    sheet.write_formula(r, 5, formula, fmt["pct_signed"], ratio(change.delta, change.previous))


def _balance_row(book: Book, sheet, r: int, evolution: Evolution) -> None:
    fmt = book.fmt
    sheet.merge_range(r, 0, r, 1, "Solde commercial", fmt["label_cell"])
    exports, imports = evolution.exports, evolution.imports
    for col, (exp, imp) in (
        (2, (exports.previous, imports.previous)),
        (3, (exports.current, imports.current)),
    ):
        top, bottom = (xl_rowcol_to_cell(r - i, col) for i in (2, 1))
        sheet.write_formula(r, col, f"={top}-{bottom}", fmt["signed"], (exp - imp) / MILLION)
    before, now = (xl_rowcol_to_cell(r, c) for c in (2, 3))
    delta = exports.delta - imports.delta
    sheet.write_formula(r, 4, f"={now}-{before}", fmt["signed"], delta / MILLION)
    sheet.write_string(r, 5, NOT_SIGNIFICANT, fmt["pct_signed"])


def _change_table(book: Book, sheet, row: int, heads, changes, fluxes) -> int:
    """Header at `row`, one line per change; returns the last row written."""
    fmt, year = book.fmt, book.when
    if not changes:
        sheet.write_string(row, 0, NO_TRADE, fmt["text"])
        return row
    before = book.doc.data.when_of(book.doc.evolution.previous_year)
    columns = [*heads, f"{before} (M€)", f"{year} (M€)", "Variation (M€)", "Variation (%)"]
    sheet.write_row(row, 0, columns, fmt["header"])
    sheet.set_row(row, 30)
    column = COUNTRY if heads[0] == COUNTRY else A129
    for i, change in enumerate(changes):
        r = row + 1 + i
        sheet.write_string(r, 0, change.code, fmt["code"])
        kind = "pays" if column == COUNTRY else "a129"
        book.label_cell(sheet, r, 1, kind, change.code, change.label)
        code = xl_rowcol_to_cell(r, 0, col_abs=True)
        _change_row(book, sheet, r, change, fluxes, (column, code))
    last = row + len(changes)
    book.balance_colours(sheet, row + 1, 4, last, 5)
    return last


def _evolution_chart(book: Book, sheet, rows: tuple[int, int], label_col: int, what: str):
    """Clustered bars: the previous year in grey, the current year in dark blue; `what` is
    "totaux" or "pays" (the chart's title in templates/classeur.toml)."""
    evolution = book.doc.evolution
    kind = "column" if label_col == 0 else "bar"
    before = book.doc.data.when_of(evolution.previous_year)
    chart = book.chart(
        kind, book.sheet_text(f"evolution.graphique_{what}", annee_precedente=before)
    )
    series = ((2, before, look.NEUTRAL), (3, book.when, look.ACCENT))
    book.add_series(chart, sheet, rows, label_col, series, 60, "#,##0.0")
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
    if kind == "bar":  # values from 0: bars compare lengths
        rank_order_axes(chart, {"num_format": "#,##0", "min": 0}, low_labels=True)
    else:
        chart.set_x_axis({"num_font": font(9)})
        chart.set_y_axis(
            {"num_format": "#,##0", "num_font": font(8), "major_gridlines": grid, "min": 0}
        )
    return chart


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Évolution", write, when=lambda book: book.doc.evolution is not None),)
