"""Tendances: the subject's trade over several years (`Trends`): exports, imports and balance
per year with its shares of its region and of France, the average annual growth rate, and its
top 5 partners and products of the last year followed back, each with a native line chart (one
point per year).

A year of the span that the data do not hold complete is « n.d. » in the tables and a gap in
the lines: the charts read a block of their own at the right of the sheet (« Valeurs des
graphiques »), where such a year is an empty cell, never an estimate. Amounts are numbers (the
earlier years' lines are not in the workbook); balances and growth rates are formulas over them,
with their cached values.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, Trends, TrendSeries
from officefiches.writers import look
from officefiches.writers.look import WORDS
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import A129, COUNTRY, COUNTRY_LABEL
from officefiches.writers.xlsx.formulas import MILLION
from officefiches.writers.xlsx.sizing import label_width

NA = formatting.NOT_AVAILABLE
CHART_ROWS = 17  # rows a chart covers (300 px)
BLOCK_GAP = 2  # empty columns between the tables and the charts' block
MARKERS = ("circle", "square", "triangle", "diamond", "x")
SECTIONS = (("pays", EXPORT), ("pays", IMPORT), ("produits", EXPORT), ("produits", IMPORT))


def write(book: Book, sheet) -> None:
    trends: Trends = book.doc.trends
    fmt = book.fmt
    years = trends.years
    span = {"premiere": trends.first, "derniere": trends.last}
    note = book.sheet_text("tendances.note", **span)
    if trends.gaps:
        note += " " + gaps_sentence(book, trends)
    row = book.heading(sheet, book.sheet_text("tendances.titre", **span), note, width=8)
    sheet.freeze_panes(1, 0)  # the title stays in view, as on every sheet
    series = [*trends.partners_export, *trends.partners_import, *trends.products_export]
    series += trends.products_import
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, label_width((s.label for s in series), 30, 52))
    sheet.set_column(2, 2 + max(len(years), len(trends.shares) + 3), 12)
    block = _ChartBlock(book, sheet, years)

    row = _totals(book, sheet, row, trends, block, span)
    breaks = []
    for kind, flux in SECTIONS:
        breaks.append(row)
        listed = trends.partners(flux) if kind == "pays" else trends.products(flux)
        title = book.sheet_text(f"tendances.{kind}_{flux.key}", **span)
        row = _series_table(book, sheet, row, title, listed, block, kind, flux)
    sheet.write_string(row, 0, book.sheet_text("tendances.choix", **span), fmt["note"])
    breaks.append(row + 2)
    block.write(row + 2)  # the charts' values, below everything
    sheet.set_h_pagebreaks(breaks)


def gaps_sentence(book: Book, trends: Trends) -> str:
    """ "2022 : absente des données ; 2019 : incomplète (importations : T1–T2)." """
    parts = [
        book.sheet_text("tendances.annee_incomplete", annee_nd=gap.year, detail=gap.partial)
        if gap.partial
        else book.sheet_text("tendances.annee_absente", annee_nd=gap.year)
        for gap in trends.gaps
    ]
    return " ; ".join(parts) + "."


def _totals(book: Book, sheet, row: int, trends: Trends, block, span) -> int:
    """Year by year: exports, imports, balance and shares; the growth rate under them; the
    chart of the three lines. Returns the next free row. The amounts stand in the columns of
    the years of the tables below (C, D, E…), the year over A:B."""
    fmt = book.fmt
    sheet.write_string(row, 0, book.sheet_text("tendances.totaux", **span), fmt["subtitle"])
    shares = trends.shares
    heads = ["Exportations (M€)", "Importations (M€)", "Solde (M€)"]
    heads += [book.sheet_text(f"tendances.part_{s.whole.kind}_{s.flux.key}") for s in shares]
    header = row + 1
    sheet.merge_range(header, 0, header, 1, "Année", fmt["header"])
    sheet.write_row(header, 2, heads, fmt["header"])
    sheet.set_row(header, 45)
    first = header + 1
    for i, year in enumerate(trends.years):
        r = first + i
        sheet.merge_range(r, 0, r, 1, "", fmt["code"])
        sheet.write_number(r, 0, year, fmt["code"])
        exports, imports = trends.exports[i], trends.imports[i]
        if exports is None:
            for col in range(2, 5 + len(shares)):
                sheet.write_string(r, col, NA, fmt["pct_signed"])
            continue
        sheet.write_number(r, 2, exports / MILLION, fmt["meur"])
        sheet.write_number(r, 3, imports / MILLION, fmt["meur"])
        cells = [xl_rowcol_to_cell(r, c) for c in (2, 3)]
        sheet.write_formula(
            r, 4, f"={cells[0]}-{cells[1]}", fmt["signed"], (exports - imports) / MILLION
        )
        for col, share in enumerate(shares, start=5):
            style = "pct1" if share.whole.kind == "region" else "pct2"
            sheet.write_number(r, col, float(share.values[i]) / 100, fmt[style])
    last = first + len(trends.years) - 1
    book.balance_colours(sheet, first, 4, last, 4)
    growth = last + 1
    label = book.sheet_text("tendances.croissance", **span)
    sheet.merge_range(growth, 0, growth, 1, label, fmt["label_cell"])
    for col, flux in ((2, EXPORT), (3, IMPORT)):
        _growth_cell(sheet, fmt, growth, col, first, last, trends.growth(flux))
    sheet.write_string(growth + 1, 0, book.sheet_text("tendances.note_croissance"), fmt["note"])

    title = book.sheet_text("tendances.graphique_totaux", **span)
    lines = (
        ("Exportations", trends.exports, look.EXPORTS, "solid"),
        ("Importations", trends.imports, look.IMPORTS, "solid"),
        ("Solde", trends.balance, look.COUNTRY_NODE, "dash"),
    )
    chart = _line_chart(book, title)
    block.add(chart, title, lines, markers=("circle",))
    at = growth + 3
    description = book.sheet_text("tendances.description_totaux", **span)
    sheet.insert_chart(at, 0, chart, {"description": description})
    return at + CHART_ROWS + 1


def _growth_cell(sheet, fmt, row, col, first, last, growth) -> None:
    """=IF(first=0,"n.d.",(last/first)^(1/years)-1), with the model's value cached (the years
    are those of column A)."""
    start, end = xl_rowcol_to_cell(first, col), xl_rowcol_to_cell(last, col)
    years = f"({xl_rowcol_to_cell(last, 0)}-{xl_rowcol_to_cell(first, 0)})"
    formula = f'=IF({start}=0,"{NA}",IF({end}=0,-1,({end}/{start})^(1/{years})-1))'
    value = NA if growth is None else float(growth) / 100
    sheet.write_formula(row, col, formula, fmt["pct_signed"], value)


def _series_table(book: Book, sheet, row, title, listed, block, kind, flux) -> int:
    """The top 5 of the last year, one line each, the years across, with their chart."""
    fmt = book.fmt
    sheet.write_string(row, 0, title, fmt["subtitle"])
    if not listed:
        sheet.write_string(row + 1, 0, book.sheet_text("tendances.aucun"), fmt["text"])
        return row + 3
    years = block.years
    code = COUNTRY if kind == "pays" else A129
    label = COUNTRY_LABEL if kind == "pays" else "Produit"
    heads = [code, label, *(f"{y} (M€)" for y in years), "Croissance annuelle moyenne"]
    header = row + 1
    sheet.write_row(header, 0, heads, fmt["header"])
    sheet.set_row(header, 45)
    for i, each in enumerate(listed):
        r = header + 1 + i
        sheet.write_string(r, 0, each.code, fmt["code"])
        sheet.write_string(r, 1, each.label, fmt["cell"])
        for col, value in enumerate(each.values, start=2):
            if value is None:
                sheet.write_string(r, col, NA, fmt["pct_signed"])
            else:
                sheet.write_number(r, col, value / MILLION, fmt["meur"])
        first_cell, last_cell = xl_rowcol_to_cell(r, 2), xl_rowcol_to_cell(r, 1 + len(years))
        span = years[-1] - years[0]
        formula = (
            f'=IF({first_cell}=0,"{NA}",IF({last_cell}=0,-1,'
            f"({last_cell}/{first_cell})^(1/{span})-1))"
        )
        sheet.write_formula(r, 2 + len(years), formula, fmt["pct_signed"], _growth(each, span))
    last = header + len(listed)
    colours = look.TREND_LINES
    lines = [
        (each.label, each.values, colours[i % len(colours)], "solid")
        for i, each in enumerate(listed)
    ]
    chart = _line_chart(book, title)
    block.add(chart, title, lines, markers=MARKERS)
    words = WORDS[flux]
    description = book.sheet_text(
        f"tendances.description_{kind}", nombre=len(listed), flux=words.noun, **_span(years)
    )
    sheet.insert_chart(last + 2, 0, chart, {"description": description})
    return last + 2 + CHART_ROWS + 1


def _span(years) -> dict[str, int]:
    return {"premiere": years[0], "derniere": years[-1]}


def _growth(series: TrendSeries, years: int) -> float | str:
    """What the growth formula shows: from zero, n.d."""
    first, last = series.values[0], series.values[-1]
    if not first:
        return NA
    return (last / first) ** (1 / years) - 1


def _line_chart(book: Book, title: str):
    """Lines with markers, one point per year; an empty cell is a gap, never joined."""
    chart = book.chart("line", title)
    chart.show_blanks_as("gap")
    chart.set_size({"width": 760, "height": 300})
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
    chart.set_x_axis({"num_font": {"size": 9}})
    chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}, "major_gridlines": grid})
    return chart


class _ChartBlock:
    """The values the charts read, written below everything once the tables are: one row per
    line, one column per year, an empty cell where a year is not available (a gap)."""

    def __init__(self, book: Book, sheet, years: tuple[int, ...]):
        self.book, self.sheet, self.years = book, sheet, years
        self.groups: list[tuple[object, str, tuple, tuple[str, ...]]] = []

    def add(self, chart, title: str, lines, markers) -> None:
        """A chart's lines, each (name, values, colour, dash): written by `write`, which then
        gives the chart its series (markers taken in turn, so colour is not the only cue)."""
        self.groups.append((chart, title, tuple(lines), markers))

    def write(self, row: int) -> None:
        sheet, fmt, count = self.sheet, self.book.fmt, len(self.years)
        name = sheet.get_name()
        sheet.write_string(row, 0, self.book.sheet_text("tendances.bloc"), fmt["subtitle"])
        sheet.write_string(row + 1, 0, self.book.sheet_text("tendances.note_bloc"), fmt["note"])
        row += 3
        for chart, title, lines, markers in self.groups:
            header = row + 1
            sheet.write_string(row, 0, title, fmt["label"])
            sheet.write_row(header, 2, [str(y) for y in self.years], fmt["header"])
            for i, (label, values, colour, dash) in enumerate(lines):
                r = header + 1 + i
                sheet.merge_range(r, 0, r, 1, label, fmt["cell"])
                for j, value in enumerate(values):
                    if value is not None:  # else an empty cell: a gap in the line
                        sheet.write_number(r, 2 + j, value / MILLION, fmt["axis"])
                chart.add_series(
                    {
                        "name": [name, r, 0],
                        "categories": [name, header, 2, header, 1 + count],
                        "values": [name, r, 2, r, 1 + count],
                        "line": {"color": look.xl(colour), "width": 2.25, "dash_type": dash},
                        "marker": {
                            "type": markers[i % len(markers)],
                            "size": 6,
                            "fill": {"color": look.xl(colour)},
                            "border": {"color": look.xl(colour)},
                        },
                    }
                )
            row = header + 2 + len(lines)


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Tendances", write, when=lambda book: book.doc.trends is not None),)
