"""The sheets beyond the fiche: Évolution (year-on-year) and Exposition (exposure, dependence),
written for a Book's subject, and the Synthèse lines that sum them up.

Values of the current year go through `Book.value_cell` (SUMIFS over "Lignes" in a department's
workbook, numbers in a synthesis); values of the previous year are numbers (their lines are not
in the workbook); changes and shares are formulas over those cells, with their cached values.
Exposure indicators (shares, Herfindahl, top 3) are numbers computed by `indicators`.
"""

from __future__ import annotations

from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, Change, Concentration, Evolution, Exposure
from officefiches.writers.xlsx_sheets import (
    ACCENT,
    COMPARE,
    GREY,
    MILLION,
    NO_TRADE,
    Book,
    label_width,
    rank_order_axes,
    ratio,
)

EVOLUTION_SHEET = "Évolution"
EXPOSURE_SHEET = "Exposition"
NOT_SIGNIFICANT = "n.s."
NO_US_EXPORTS = "aucune exportation vers les États-Unis"
NO_DEPENDENCE = "aucun produit importé à plus de la moitié d'un seul pays"
SHORT_NAME = {"region": "région", "france": "France"}  # a comparison scope in a Synthèse line


def signed_pct(value: Decimal | None) -> str:
    """A change in percent with its sign: "+3,2 %", "−1,5 %", "n.d."."""
    text = formatting.pct(value, 1)
    return f"+{text}" if value is not None and value > 0 else text


def _pct_cell(value: Decimal | None) -> float | str:
    """A percentage of the model (Decimal, in percent) as the cell's fraction, or "n.d."."""
    return formatting.NOT_AVAILABLE if value is None else float(value / 100)


# --------------------------------------------------------------------------------------------
# Synthèse


def summary_lines(book: Book) -> list[str]:
    """The Synthèse's lines beyond the fiche: exposure to the US, change since last year."""
    lines = []
    if book.exposures:
        subject, *others = book.exposures
        text = f"Part des exportations vers les États-Unis : {formatting.pct(subject.us_pct, 1)}"
        compared = [
            f"{SHORT_NAME.get(e.scope.kind, e.scope.name)} {formatting.pct(e.us_pct, 1)}"
            for e in others
        ]
        lines.append(text + (f" ({', '.join(compared)})." if compared else "."))
    evolution = book.doc.evolution
    if evolution is not None:
        exports, imports = (signed_pct(c.pct) for c in (evolution.exports, evolution.imports))
        lines.append(
            f"Évolution depuis {evolution.previous_year} : exportations {exports}, "
            f"importations {imports}."
        )
    return lines


# --------------------------------------------------------------------------------------------
# Évolution


def evolution_sheet(book: Book, sheet, evolution: Evolution) -> None:
    before, now = evolution.previous_year, book.year
    fmt = book.fmt
    title = f"Évolution {before} → {now}, {book.name}"
    note = (
        f"En millions d'euros ; variation en % de la valeur de {before} (« n.d. » quand elle est "
        f"nulle). Valeurs de {before} : fichiers des douanes de {before}, mêmes trimestres."
        + (f" Valeurs de {now} calculées sur l'onglet « Données »." if book.VALUES_NOTE else "")
    )
    row = book.heading(sheet, title, note, width=6)
    changes = (*evolution.partners, *evolution.products_export, *evolution.products_import)
    widths = (10, label_width((c.label for c in changes), 42, 68), 13, 13, 14, 13)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
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
    note = f"{NOT_SIGNIFICANT} : non significatif (variation en % d'un solde)."
    sheet.write_string(first + 3, 0, note, fmt["note"])
    chart = _evolution_chart(book, sheet, (first, first + 1), 0, "Exportations et importations")
    chart.set_size({"width": 700, "height": 300})
    sheet.insert_chart(first + 5, 0, chart, {"description": _description(book, evolution, "")})
    row = first + 21

    partners = evolution.partners
    subtitle = "Principaux pays partenaires : échanges (exportations + importations)"
    sheet.write_string(row, 0, subtitle, fmt["subtitle"])
    last = _change_table(book, sheet, row + 1, ("Code pays", "Pays"), partners, (EXPORT, IMPORT))
    if partners:
        chart = _evolution_chart(book, sheet, (row + 2, last), 1, "Principaux pays partenaires")
        height = 90 + 28 * len(partners)
        chart.set_size({"width": 700, "height": height})
        what = f" de ses {len(partners)} principaux pays partenaires"
        sheet.insert_chart(last + 2, 0, chart, {"description": _description(book, evolution, what)})
        last += 2 + -(-height // 20)  # rows of 20 px
    breaks = [row]
    for flux in (EXPORT, IMPORT):
        row = last + 2
        if flux == EXPORT:
            breaks.append(row)  # the products of both flows on one page
        noun = "l'export" if flux == EXPORT else "l'import"
        sheet.write_string(row, 0, f"Principaux produits à {noun}", fmt["subtitle"])
        products = evolution.products(flux)
        last = _change_table(book, sheet, row + 1, ("Code A129", "Produit"), products, (flux,))
    sheet.set_h_pagebreaks(breaks)


def _change_row(book: Book, sheet, r: int, change: Change, fluxes, criterion=None) -> None:
    """N-1 (number), N (value cell), variation (formula) and variation in % (formula)."""
    fmt = book.fmt
    before, now = (xl_rowcol_to_cell(r, c) for c in (2, 3))
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
    fmt, year = book.fmt, book.year
    if not changes:
        sheet.write_string(row, 0, NO_TRADE, fmt["text"])
        return row
    before = book.doc.evolution.previous_year
    columns = [*heads, f"{before} (M€)", f"{year} (M€)", "Variation (M€)", "Variation (%)"]
    sheet.write_row(row, 0, columns, fmt["header"])
    sheet.set_row(row, 30)
    column = "Code pays" if heads[0] == "Code pays" else "Code A129"
    for i, change in enumerate(changes):
        r = row + 1 + i
        sheet.write_string(r, 0, change.code, fmt["code"])
        sheet.write_string(r, 1, change.label, fmt["cell"])
        code = xl_rowcol_to_cell(r, 0, col_abs=True)
        _change_row(book, sheet, r, change, fluxes, (column, code))
    last = row + len(changes)
    book.balance_colours(sheet, row + 1, 4, last, 5)
    return last


def _evolution_chart(book: Book, sheet, rows: tuple[int, int], label_col: int, what: str):
    """Clustered bars: the previous year in grey, the current year in dark blue."""
    evolution = book.doc.evolution
    kind = "column" if label_col == 0 else "bar"
    chart = book.chart(kind, f"{what} : {evolution.previous_year} et {book.year}, {book.name}")
    series = ((2, str(evolution.previous_year), GREY), (3, str(book.year), ACCENT))
    book.add_series(chart, sheet, rows, label_col, series, 60, "#,##0.0")
    grid = {"visible": True, "line": {"color": "#E3E6EA"}}
    if kind == "bar":  # values from 0: bars compare lengths
        rank_order_axes(chart, {"num_format": "#,##0", "min": 0}, low_labels=True)
    else:
        chart.set_x_axis({"num_font": {"size": 9}})
        chart.set_y_axis(
            {"num_format": "#,##0", "num_font": {"size": 8}, "major_gridlines": grid, "min": 0}
        )
    return chart


def _description(book: Book, evolution: Evolution, what: str) -> str:
    return (
        f"Barres groupées : exportations et importations{what} {book.of_subject}, en millions "
        f"d'euros, en {evolution.previous_year} (gris) et en {book.year} (bleu foncé)."
    )


# --------------------------------------------------------------------------------------------
# Exposition


def exposition_sheet(book: Book, sheet, exposures: tuple[Exposure, ...]) -> None:
    fmt = book.fmt
    subject = exposures[0]
    title = f"Exposition et dépendance, {book.name} ({book.year})"
    note = (
        "Parts en % des exportations ; concentration : indice de Herfindahl (de 0 à 1) et part "
        "des 3 premiers. Indicateurs calculés par officefiches sur les fichiers des douanes ; "
        "définitions dans l'onglet « Méthode »."
    )
    row = book.heading(sheet, title, note, width=6)
    labels = [p.label for p in subject.us_products] + [d.product_label for d in subject.dependences]
    for col, width in enumerate((10, label_width(labels, 44, 68), 17, 17, 17, 13)):
        sheet.set_column(col, col, width)
    names = [e.scope.name for e in exposures]

    sheet.write_string(row, 0, "Destination des exportations", fmt["subtitle"])
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
    sheet.write_string(row, 0, "Concentration des échanges", fmt["subtitle"])
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
    note = (
        "Indice de Herfindahl : 1 = un seul partenaire ou produit ; proche de 0 = échanges "
        "dispersés entre beaucoup d'entre eux."
    )
    sheet.write_string(r, 0, note, fmt["note"])
    breaks.append(r + 2)
    row = _us_products(book, sheet, subject, r + 2)
    _dependences(book, sheet, subject, row + 1)
    sheet.set_h_pagebreaks(breaks)


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
    chart = book.chart("column", f"Destination des exportations, {book.name} ({book.year})")
    colours = zip(exposures, COMPARE[EXPORT], strict=False)
    series = [(col, e.scope.name, colour) for col, (e, colour) in enumerate(colours, 2)]
    book.add_series(chart, sheet, rows, 0, series, 80, "0.0%")
    grid = {"visible": True, "line": {"color": "#E3E6EA"}}
    chart.set_x_axis({"num_font": {"size": 9}})
    chart.set_y_axis(
        {"num_format": "0%", "num_font": {"size": 8}, "major_gridlines": grid, "min": 0}
    )
    chart.set_size({"width": 700, "height": 320})
    compared = ", ".join(e.scope.name for e in exposures[1:])
    description = (
        "Histogramme groupé : part des exportations vers les États-Unis, vers l'Union "
        f"européenne et hors de l'Union {book.of_subject}"
        + (f", comparée à celle de : {compared}." if compared else ".")
    )
    sheet.insert_chart(at, 0, chart, {"description": description})


def _us_products(book: Book, sheet, exposure: Exposure, row: int) -> int:
    """The subject's products most exported to the US; returns the last row written."""
    fmt = book.fmt
    sheet.write_string(
        row, 0, f"Produits les plus exposés aux États-Unis, {book.name}", fmt["subtitle"]
    )
    if not exposure.us_products:
        sheet.write_string(row + 1, 0, NO_US_EXPORTS, fmt["text"])
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
    title = f"Importations à plus de la moitié d'un seul pays, {book.name}"
    title += f" : {count} produit{'s' if count > 1 else ''}" if count else ""
    sheet.write_string(row, 0, title, fmt["subtitle"])
    if not exposure.dependences:
        sheet.write_string(row + 1, 0, NO_DEPENDENCE, fmt["text"])
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
