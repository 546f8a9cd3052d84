"""Exposition: where the subject's exports go (United States, European Union, outside it) and
how concentrated its trade is, beside the scopes it is compared with; its products most exported
to the United States; its imports more than half supplied by one country. Indicators are numbers
computed by `indicators`; the dependence shares are formulas."""

from __future__ import annotations

from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, Concentration, Exposure
from officefiches.writers import look
from officefiches.writers.look import COMPARE
from officefiches.writers.xlsx.book import MILLION, Book, label_width


def write(book: Book, sheet) -> None:
    exposures = book.exposures
    fmt = book.fmt
    subject = exposures[0]
    title = book.sheet_text("exposition.titre")
    note = book.sheet_text("exposition.note")
    row = book.heading(sheet, title, note, width=6)
    labels = [p.label for p in subject.us_products] + [d.product_label for d in subject.dependences]
    for col, width in enumerate((10, label_width(labels, 44, 68), 17, 17, 17, 13)):
        sheet.set_column(col, col, width)
    names = [e.scope.name for e in exposures]

    sheet.write_string(row, 0, book.sheet_text("exposition.destination"), fmt["subtitle"])
    first = _indicator_header(book, sheet, row + 1, names)
    rows = (
        ("Part vers les États-Unis", "us_pct"),
        ("Part vers l'Union européenne (27)", "eu_pct"),
        ("Part hors de l'Union européenne", "extra_eu_pct"),
    )
    for i, (label, field) in enumerate(rows):
        sheet.merge_range(first + i, 0, first + i, 1, label, fmt["label_cell"])
        for col, exposure in enumerate(exposures, start=2):
            value = getattr(exposure, field)
            style = fmt["pct1"] if value is not None else fmt["pct_signed"]
            _write(sheet, first + i, col, _pct_cell(value), style)
    last = first + len(rows) - 1
    if subject.us_pct is not None:
        _destination_chart(book, sheet, exposures, (first, last), last + 2)
        row = last + 20
    else:
        row = last + 2
    breaks = [row]  # one page each: destinations, concentration, products
    sheet.write_string(row, 0, book.sheet_text("exposition.concentration"), fmt["subtitle"])
    first = _indicator_header(book, sheet, row + 1, names)
    r = first
    for what, field in (
        ("Pays partenaires à l'export", "partners_export"),
        ("Pays partenaires à l'import", "partners_import"),
        ("Produits (A129) à l'export", "products_export"),
        ("Produits (A129) à l'import", "products_import"),
    ):
        for label, attribute, style in (
            ("indice de Herfindahl", "herfindahl", "index"),
            ("part des 3 premiers", "top3_pct", "pct1"),
            ("nombre", "count", "integer"),
        ):
            sheet.merge_range(r, 0, r, 1, f"{what} : {label}", fmt["label_cell"])
            for col, exposure in enumerate(exposures, start=2):
                concentration: Concentration = getattr(exposure, field)
                value = getattr(concentration, attribute)
                cell = float(value / 100) if attribute == "top3_pct" else float(value)
                sheet.write_number(r, col, cell, fmt[style])
            r += 1
    note = book.sheet_text("exposition.note_herfindahl")
    sheet.write_string(r, 0, note, fmt["note"])
    breaks.append(r + 2)
    row = _us_products(book, sheet, subject, r + 2)
    _dependences(book, sheet, subject, row + 1)
    sheet.set_h_pagebreaks(breaks)


def _pct_cell(value: Decimal | None) -> float | str:
    """A percentage of the model (Decimal, in percent) as the cell's fraction, or "n.d."."""
    return formatting.NOT_AVAILABLE if value is None else float(value / 100)


def _write(sheet, row, col, value, style) -> None:
    if isinstance(value, str):
        sheet.write_string(row, col, value, style)
    else:
        sheet.write_number(row, col, value, style)


def _indicator_header(book: Book, sheet, row: int, names: list[str]) -> int:
    sheet.merge_range(row, 0, row, 1, "", book.fmt["header"])
    sheet.write_row(row, 2, names, book.fmt["header"])
    sheet.set_row(row, 30)
    return row + 1


def _destination_chart(book: Book, sheet, exposures, rows: tuple[int, int], at: int) -> None:
    chart = book.chart("column", book.sheet_text("exposition.graphique"))
    colours = zip(exposures, COMPARE[EXPORT], strict=False)
    series = [(col, e.scope.name, colour) for col, (e, colour) in enumerate(colours, 2)]
    book.add_series(chart, sheet, rows, 0, series, 80, "0.0%")
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
    chart.set_x_axis({"num_font": {"size": 9}})
    chart.set_y_axis(
        {"num_format": "0%", "num_font": {"size": 8}, "major_gridlines": grid, "min": 0}
    )
    chart.set_size({"width": 700, "height": 320})
    compared = ", ".join(e.scope.name for e in exposures[1:])
    if compared:
        description = book.sheet_text("exposition.description_comparee", autres=compared)
    else:
        description = book.sheet_text("exposition.description")
    sheet.insert_chart(at, 0, chart, {"description": description})


def _us_products(book: Book, sheet, exposure: Exposure, row: int) -> int:
    """The subject's products most exported to the US; returns the last row written."""
    fmt = book.fmt
    sheet.write_string(row, 0, book.sheet_text("exposition.produits_us"), fmt["subtitle"])
    if not exposure.us_products:
        sheet.write_string(row + 1, 0, book.sheet_text("exposition.aucun_us"), fmt["text"])
        return row + 2
    heads = [
        "Code A129",
        "Produit",
        "Exportations vers les États-Unis (M€)",
        "Part des exportations du produit",
    ]
    rows = [
        (p.code, p.label, p.value / MILLION, float(p.share_pct / 100)) for p in exposure.us_products
    ]
    return book.table_rows(sheet, row + 1, heads, rows, ("code", "cell", "meur", "pct1"))


def _dependences(book: Book, sheet, exposure: Exposure, row: int) -> None:
    """The imported products more than half supplied by one country, share as a formula."""
    fmt = book.fmt
    count = len(exposure.dependences)
    key = "dependances" if count == 0 else "dependances_un" if count == 1 else "dependances_n"
    title = book.sheet_text(f"exposition.{key}", nombre=count)
    sheet.write_string(row, 0, title, fmt["subtitle"])
    if not exposure.dependences:
        sheet.write_string(row + 1, 0, book.sheet_text("exposition.aucune_dependance"), fmt["text"])
        return
    heads = [
        "Code A129",
        "Produit",
        "Pays d'origine",
        "Importations depuis ce pays (M€)",
        "Importations du produit (M€)",
        "Part du pays",
    ]
    rows = [
        (
            d.product_code,
            d.product_label,
            d.country_label,
            d.value / MILLION,
            d.product_total / MILLION,
        )
        for d in exposure.dependences
    ]
    book.table_rows(sheet, row + 1, heads, rows, ("code", "cell", "cell", "meur", "meur"))
    for i, dependence in enumerate(exposure.dependences):
        r = row + 2 + i
        part, whole = (xl_rowcol_to_cell(r, c) for c in (3, 4))
        cached = dependence.value / dependence.product_total
        sheet.write_formula(r, 5, f"=IF({whole}=0,0,{part}/{whole})", fmt["pct1"], cached)
