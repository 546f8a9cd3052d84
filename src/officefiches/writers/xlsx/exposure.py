"""Exposition: where the subject's exports go (United States, European Union, outside it) and
how concentrated its trade is, beside the scopes it is compared with; its products most exported
to the United States; its imports more than half supplied by one country.

Every indicator is a formula over the scope's Table (SUMIFS, and SUMPRODUCT over the lists of
codes of the hidden sheet for the concentrations), but the concentration of a region's or
France's partners beside a subject (Herfindahl index, top 3, count): their Tables name only the
countries a figure shows, so those are the numbers officefiches computed over every country.
Which products are listed is fixed when the workbook is written."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.compute.indicators import EU27, UNITED_STATES
from officefiches.model import EXPORT, IMPORT, OTHER_EU_CODE, Concentration, Exposure
from officefiches.writers import look
from officefiches.writers.look import COMPARE
from officefiches.writers.xlsx import parameters
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import A129, COUNTRY, FLUX, VALUE
from officefiches.writers.xlsx.formulas import MILLION, column, quote
from officefiches.writers.xlsx.sizing import label_width
from officefiches.writers.xlsx.styles import font
from officefiches.writers.xlsx.tables import FLUX_LABEL, Sums

CHART_ROWS = 18
NOT_AVAILABLE = formatting.NOT_AVAILABLE
CONCENTRATIONS = (
    ("Pays partenaires à l'export", "partners_export", EXPORT, COUNTRY),
    ("Pays partenaires à l'import", "partners_import", IMPORT, COUNTRY),
    ("Produits (A129) à l'export", "products_export", EXPORT, A129),
    ("Produits (A129) à l'import", "products_import", IMPORT, A129),
)

US_HEADS = ("Produit", "Exportations vers les États-Unis (M€)", "Part des exportations du produit")
DEPENDENCE_HEADS = (
    "Produit", "Pays d'origine", "Importations depuis ce pays (M€)",
    "Importations du produit (M€)", "Part du pays",
)  # fmt: skip


def write(book: Book, sheet) -> None:
    exposures = book.exposures
    fmt = book.fmt
    subject = exposures[0]
    labels = [p.label for p in subject.us_products] + [d.product_label for d in subject.dependences]
    book.set_widths(sheet, (10, label_width(labels, 36, 62), 17, 17, 17, 13))
    title = book.sheet_text("exposition.titre")
    note = book.sheet_text("exposition.note")
    row = book.heading(sheet, title, note, width=6)
    sheet.freeze_panes(1, 0)
    names = [e.scope.name for e in exposures]
    tables = [book.table_of(scope) for scope in book.scopes[: len(exposures)]]

    sheet.write_string(row, 0, book.sheet_text("exposition.destination"), fmt["subtitle"])
    first = _indicator_header(book, sheet, row + 1, names)
    rows = (
        ("Part vers les États-Unis", "us_pct", _us_share),
        ("Part vers l'Union européenne (27)", "eu_pct", _eu_share),
        ("Part hors de l'Union européenne", "extra_eu_pct", _extra_eu_share),
    )
    for i, (label, field, formula_of) in enumerate(rows):
        sheet.merge_range(first + i, 0, first + i, 1, label, fmt["label_cell"])
        for col, (exposure, table) in enumerate(zip(exposures, tables, strict=True), start=2):
            value = getattr(exposure, field)
            style = fmt["pct1"] if value is not None else fmt["pct_signed"]
            cached = _destination(book.sums[table], field)
            sheet.write_formula(first + i, col, formula_of(book, table), style, cached)
    last = first + len(rows) - 1
    if subject.us_pct is not None:
        _destination_chart(book, sheet, exposures, (first, last), last + 2)
        row = last + 2 + CHART_ROWS
    else:
        row = last + 2
    breaks = [row]  # one page each: destinations, concentration, products
    sheet.write_string(row, 0, book.sheet_text("exposition.concentration"), fmt["subtitle"])
    first = _indicator_header(book, sheet, row + 1, names)
    r = first
    for what, field, flux, code_column in CONCENTRATIONS:
        kind = "pays" if code_column == COUNTRY else "a129"
        for label, attribute, style in (
            ("indice de Herfindahl", "herfindahl", "index"),
            ("part des 3 premiers", "top3_pct", "pct1"),
            ("nombre", "count", "integer"),
        ):
            sheet.merge_range(r, 0, r, 1, f"{what} : {label}", fmt["label_cell"])
            for col, (exposure, table) in enumerate(zip(exposures, tables, strict=True), start=2):
                concentration: Concentration = getattr(exposure, field)
                value = getattr(concentration, attribute)
                cell = float(value / 100) if attribute == "top3_pct" else float(value)
                if kind == "pays" and table != book.subject_table:
                    sheet.write_number(r, col, cell, fmt[style + "_fixed"])  # see docstring
                    continue
                codes = parameters.code_list(book, kind)
                formula = CONCENTRATION_FORMULAS[attribute](
                    book, table, flux, code_column, parameters.code_range(book, kind), len(codes)
                )
                cached = _concentration(book.sums[table], flux, kind, codes, attribute)
                sheet.write_formula(r, col, formula, fmt[style], cached)
            r += 1
    note = book.sheet_text("exposition.note_herfindahl")
    sheet.merge_range(r, 0, r, 5, note, fmt["wrap_note"])
    sheet.set_row(r, 25)
    if len(exposures) > 1:
        note = book.sheet_text("exposition.note_fixes")
        sheet.merge_range(r + 1, 0, r + 1, 5, note, fmt["wrap_note"])
        sheet.set_row(r + 1, 25)
        r += 1
    breaks.append(r + 2)
    row = _us_products(book, sheet, subject, r + 2)
    _dependences(book, sheet, subject, row + 2)
    sheet.set_h_pagebreaks(breaks)


def _destination(sums: Sums, field: str) -> float | str:
    """What the destination formulas give (exactly, not the model's rounded percentages)."""
    total = sums.of(EXPORT)
    if total == 0:
        return NOT_AVAILABLE
    eu = sum(sums.of(EXPORT, "pays", code) for code in (*EU27, OTHER_EU_CODE))
    part = {
        "us_pct": sums.of(EXPORT, "pays", UNITED_STATES),
        "eu_pct": eu,
        "extra_eu_pct": total - eu,
    }[field]
    return part / total


def _concentration(sums: Sums, flux: str, kind: str, codes: list[str], attribute: str) -> float:
    """What the concentration formulas give over the code list."""
    total = sums.of(flux)
    values = [sums.of(flux, kind, code) for code in codes]
    if attribute == "count":
        return float(sum(v > 0 for v in values))
    if total == 0:
        return 0.0
    if attribute == "herfindahl":
        return sum((v / total) ** 2 for v in values)
    return sum(sorted(values, reverse=True)[:3]) / total


# --- the indicators as formulas over a Table ---------------------------------------------------


def _exports(book: Book, table: str, *criteria) -> str:
    return book.sumifs(table, EXPORT, *criteria)


def _eu_sum(book: Book, table: str) -> str:
    """The exports to the EU: its members', and « Autres pays de l'UE » of a region's or
    France's table."""
    members = ",".join(quote(code) for code in (*sorted(EU27), OTHER_EU_CODE))
    return (
        f"SUMPRODUCT(SUMIFS({column(table, VALUE)},{column(table, FLUX)},"
        f"{quote(_flux(EXPORT))},{column(table, COUNTRY)},{{{members}}}))"
    )


def _flux(flux: str) -> str:
    return FLUX_LABEL[flux]


def _share(total: str, part: str) -> str:
    return f'=IF({total}=0,"{NOT_AVAILABLE}",{part}/{total})'


def _us_share(book: Book, table: str) -> str:
    total = _exports(book, table)
    return _share(total, _exports(book, table, (COUNTRY, quote(UNITED_STATES))))


def _eu_share(book: Book, table: str) -> str:
    return _share(_exports(book, table), _eu_sum(book, table))


def _extra_eu_share(book: Book, table: str) -> str:
    total = _exports(book, table)
    return _share(total, f"({total}-{_eu_sum(book, table)})")


def _sums_over(table: str, flux: str, code_column: str, codes: str) -> str:
    """The flow's sum for each code of a list: an array."""
    return (
        f"SUMIFS({column(table, VALUE)},{column(table, FLUX)},"
        f"{quote(_flux(flux))},{column(table, code_column)},{codes})"
    )


def _herfindahl(book: Book, table, flux, code_column, codes, count) -> str:
    total = book.sumifs(table, flux)
    sums = _sums_over(table, flux, code_column, codes)
    return f"=IF({total}=0,0,SUMPRODUCT(({sums}/{total})^2))"


def _top3(book: Book, table, flux, code_column, codes, count) -> str:
    total = book.sumifs(table, flux)
    ranks = ",".join(str(k) for k in range(1, min(3, max(count, 1)) + 1))
    sums = _sums_over(table, flux, code_column, codes)
    return f"=IF({total}=0,0,SUMPRODUCT(LARGE({sums},{{{ranks}}}))/{total})"


def _count(book: Book, table, flux, code_column, codes, count) -> str:
    return f"=SUMPRODUCT(({_sums_over(table, flux, code_column, codes)}>0)*1)"


CONCENTRATION_FORMULAS = {"herfindahl": _herfindahl, "top3_pct": _top3, "count": _count}


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
    chart.set_x_axis({"num_font": font(9)})
    chart.set_y_axis({"num_format": "0%", "num_font": font(8), "major_gridlines": grid, "min": 0})
    chart.set_size({"width": 760, "height": 320})
    compared = ", ".join(e.scope.name for e in exposures[1:])
    if compared:
        description = book.sheet_text("exposition.description_comparee", autres=compared)
    else:
        description = book.sheet_text("exposition.description")
    sheet.insert_chart(at, 0, chart, {"description": description})


def _us_products(book: Book, sheet, exposure: Exposure, row: int) -> int:
    """The subject's products most exported to the US; returns the last row written."""
    fmt, table = book.fmt, book.subject_table
    sheet.write_string(row, 0, book.sheet_text("exposition.produits_us"), fmt["subtitle"])
    if not exposure.us_products:
        sheet.write_string(row + 1, 0, book.sheet_text("exposition.aucun_us"), fmt["text"])
        return row + 2
    book.header_row(sheet, row + 1, [A129, *US_HEADS])
    for i, product in enumerate(exposure.us_products):
        r = row + 2 + i
        code = quote(product.code)
        sheet.write_string(r, 0, product.code, fmt["code"])
        book.label_cell(sheet, r, 1, "a129", product.code, product.label)
        to_us = _exports(book, table, (A129, code), (COUNTRY, quote(UNITED_STATES)))
        sheet.write_formula(r, 2, f"={to_us}/{MILLION}", fmt["meur"], product.value / MILLION)
        whole = _exports(book, table, (A129, code))
        product_total = book.sums[table].of(EXPORT, "a129", product.code)
        share = product.value / product_total if product_total else 0
        sheet.write_formula(r, 3, f"=IF({whole}=0,0,{to_us}/{whole})", fmt["pct1"], share)
    return row + 1 + len(exposure.us_products)


def _dependences(book: Book, sheet, exposure: Exposure, row: int) -> None:
    """The imported products more than half supplied by one country, as formulas."""
    fmt, table = book.fmt, book.subject_table
    count = len(exposure.dependences)
    key = "dependances" if count == 0 else "dependances_un" if count == 1 else "dependances_n"
    title = book.sheet_text(f"exposition.{key}", nombre=count)
    sheet.write_string(row, 0, title, fmt["subtitle"])
    if not exposure.dependences:
        sheet.write_string(row + 1, 0, book.sheet_text("exposition.aucune_dependance"), fmt["text"])
        return
    book.header_row(sheet, row + 1, [A129, *DEPENDENCE_HEADS])
    for i, d in enumerate(exposure.dependences):
        r = row + 2 + i
        product = (A129, quote(d.product_code))
        sheet.write_string(r, 0, d.product_code, fmt["code"])
        book.label_cell(sheet, r, 1, "a129", d.product_code, d.product_label)
        book.label_cell(sheet, r, 2, "pays", d.country_code, d.country_label)
        part = book.sumifs(table, IMPORT, product, (COUNTRY, quote(d.country_code)))
        whole = book.sumifs(table, IMPORT, product)
        sheet.write_formula(r, 3, f"={part}/{MILLION}", fmt["meur"], d.value / MILLION)
        sheet.write_formula(r, 4, f"={whole}/{MILLION}", fmt["meur"], d.product_total / MILLION)
        cells = [xl_rowcol_to_cell(r, c) for c in (3, 4)]
        cached = d.value / d.product_total
        formula = f"=IF({cells[1]}=0,0,{cells[0]}/{cells[1]})"
        sheet.write_formula(r, 5, formula, fmt["pct1"], cached)


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Exposition", write, when=lambda book: bool(book.exposures)),)
