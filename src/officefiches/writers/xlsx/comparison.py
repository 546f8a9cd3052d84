"""Comparaison (a department's workbook): its totals beside its region's and France's, and the
weight of its main products and partners in each, as SUMIFS over the three data Tables."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT
from officefiches.writers.look import COMPARE, NO_TRADE, WORDS
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import A129, COUNTRY, COUNTRY_LABEL
from officefiches.writers.xlsx.formulas import MILLION, ratio, share
from officefiches.writers.xlsx.sizing import header_height, label_width
from officefiches.writers.xlsx.styles import rank_order_axes

# A products block (title, header, 10 rows) and its chart fit a landscape A4 page at 100 %
CHART_HEIGHT = 340  # px
CHART_ROWS = 19  # rows the chart takes (20 px each) and a blank one


def write(book: Book, sheet) -> None:
    fiche = book.fiche
    names = [p.label for flux in (EXPORT, IMPORT) for p in fiche.department.products(flux)[:10]]
    names += [p.label for p in fiche.department.partners]
    book.set_widths(sheet, (10, label_width(names, 30, 62), *([15] * 6)))
    title = book.sheet_text("comparaison.titre")
    note = book.sheet_text("comparaison.note")
    row = book.heading(sheet, title, note, width=8)
    sheet.freeze_panes(1, 0)
    # one page each: the totals and the partners, then each flow's products and their chart
    row = _comparison_totals(book, sheet, row)
    row = _comparison_partners(book, sheet, row + 1)
    breaks = []
    for flux in (EXPORT, IMPORT):
        breaks.append(row + 1)
        row = _comparison_products(book, sheet, flux, row + 1)
    sheet.set_h_pagebreaks(breaks)


def _comparison_totals(book: Book, sheet, row: int) -> int:
    fmt = book.fmt
    sheet.write_string(row, 0, "Totaux", fmt["subtitle"])
    names = [name for _, name in book.table_scopes]
    sheet.merge_range(row + 1, 0, row + 1, 1, "", fmt["header"])
    sheet.write_row(row + 1, 2, names, fmt["header"])
    sheet.set_row(row + 1, header_height(names, book.widths(sheet)[2:]))
    labels = ("Exportations (M€)", "Importations (M€)", "Solde (M€)", "Taux de couverture")
    for i, label in enumerate(labels):
        sheet.merge_range(row + 2 + i, 0, row + 2 + i, 1, label, fmt["label_cell"])
    for col, (table, _) in enumerate(book.table_scopes, start=2):
        exp, imp = book.total_ref(table, EXPORT), book.total_ref(table, IMPORT)
        sums = book.sums[table]
        sheet.write_formula(row + 2, col, f"={exp}", fmt["meur"], sums.of(EXPORT) / MILLION)
        sheet.write_formula(row + 3, col, f"={imp}", fmt["meur"], sums.of(IMPORT) / MILLION)
        balance = (sums.of(EXPORT) - sums.of(IMPORT)) / MILLION
        sheet.write_formula(row + 4, col, f"={exp}-{imp}", fmt["signed"], balance)
        cover = ratio(sums.of(EXPORT), sums.of(IMPORT))
        formula = f'=IF({imp}=0,"{formatting.NOT_AVAILABLE}",{exp}/{imp})'
        sheet.write_formula(row + 5, col, formula, fmt["pct1"], cover)
    book.balance_colours(sheet, row + 4, 2, row + 4, 4)
    sheet.write_string(row + 6, 0, "Taux de couverture : exportations / importations.", fmt["note"])
    return row + 7


def _share_formula(book: Book, table: str, flux: str, column: str, code_cell: str) -> str:
    total = book.total_ref(table, flux)
    part = book.sumifs(table, flux, (column, code_cell))
    return f"=IF({total}=0,0,{part}/{MILLION}/{total})"


def _comparison_products(book: Book, sheet, flux: str, row: int) -> int:
    fmt = book.fmt
    products = book.fiche.department.products(flux)[:10]
    title = book.sheet_text(f"comparaison.produits_{flux.key}")
    sheet.write_string(row, 0, title, fmt["subtitle"])
    if not products:
        text = book.sheet_text(f"activites.aucun_{flux.key}")
        sheet.write_string(row + 1, 0, text, fmt["text"])
        return row + 2
    heads = [A129, "Produit"] + [f"Part dans {name}" for _, name in book.table_scopes]
    book.header_row(sheet, row + 1, heads)
    first = row + 2
    for i, product in enumerate(products):
        r = first + i
        sheet.write_string(r, 0, product.code, fmt["code"])
        book.label_cell(sheet, r, 1, "a129", product.code, product.label)
        code = xl_rowcol_to_cell(r, 0, col_abs=True)
        for col, (table, _) in enumerate(book.table_scopes, start=2):
            sums = book.sums[table]
            cached = share(sums.of(flux, "a129", product.code), sums.of(flux))
            formula = _share_formula(book, table, flux, A129, code)
            sheet.write_formula(r, col, formula, fmt["pct1"], cached)
    last = first + len(products) - 1
    _comparison_chart(book, sheet, flux, first, last, last + 2)
    return last + 2 + CHART_ROWS


def _comparison_chart(book: Book, sheet, flux: str, first: int, last: int, at: int) -> None:
    chart = book.chart("bar", book.sheet_text(f"comparaison.graphique_{flux.key}"))
    series = [
        (col, scope, colour)
        for col, ((_, scope), colour) in enumerate(
            zip(book.table_scopes, COMPARE[flux], strict=True), 2
        )
    ]
    book.add_series(chart, sheet, (first, last), 1, series, 60)
    rank_order_axes(chart, {"num_format": "0%"})
    chart.set_size({"width": 820, "height": CHART_HEIGHT})
    description = book.sheet_text(f"comparaison.description_{flux.key}")
    sheet.insert_chart(at, 0, chart, {"description": description})


def _comparison_partners(book: Book, sheet, row: int) -> int:
    fmt, partners = book.fmt, book.fiche.department.partners
    sheet.write_string(
        row,
        0,
        book.sheet_text("comparaison.pays"),
        fmt["subtitle"],
    )
    if not partners:
        sheet.write_string(row + 1, 0, NO_TRADE, fmt["text"])
        return row + 2
    heads = [COUNTRY, COUNTRY_LABEL]
    for flux in (EXPORT, IMPORT):
        heads += [f"Part des {WORDS[flux].noun} : {name}" for _, name in book.table_scopes]
    book.header_row(sheet, row + 1, heads)
    for i, partner in enumerate(partners):
        r = row + 2 + i
        sheet.write_string(r, 0, partner.code, fmt["code"])
        book.label_cell(sheet, r, 1, "pays", partner.code, partner.label)
        code = xl_rowcol_to_cell(r, 0, col_abs=True)
        col = 2
        for flux in (EXPORT, IMPORT):
            for table, _ in book.table_scopes:
                sums = book.sums[table]
                cached = share(sums.of(flux, "pays", partner.code), sums.of(flux))
                formula = _share_formula(book, table, flux, COUNTRY, code)
                sheet.write_formula(r, col, formula, fmt["pct1"], cached)
                col += 1
    return row + 2 + len(partners)


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Comparaison", write),)
