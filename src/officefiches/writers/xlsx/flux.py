"""Flux export / Flux import: the flow matrices (10 × 10 + "Autres") of the subject and of the
scopes it is compared with, one per printed page, the five largest flows in red, and a chart of
the subject's countries read from its matrix totals."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, FlowMatrix, ScopeFigures
from officefiches.writers import look
from officefiches.writers.xlsx.book import MILLION, Book, header_lines, label_width


@dataclass(frozen=True)
class MatrixCells:
    """Where a flow matrix was written (0-based rows and columns)."""

    header: int
    first: int  # first row of values
    rows: int
    columns: int

    @property
    def total_row(self) -> int:
        return self.first + self.rows

    @property
    def total_col(self) -> int:
        return self.columns + 1


def total_sentence(book: Book, flux: str, scope: ScopeFigures | None = None) -> str:
    """A scope's total of the flow in a sentence; the subject's is the workbook's own."""
    if scope is None or scope is book.subject:
        return book.subject_sentence(flux)
    value = scope.totals.of(flux)
    if not value:
        return book.sheet_text(f"flux.aucun_{flux.key}", nom=scope.scope.name)
    total = formatting.meur(value)
    return book.sheet_text(f"flux.total_{flux.key}", nom=scope.scope.name, total=total)


def write(book: Book, sheet, flux: str) -> None:
    title = book.sheet_text(f"flux.titre_{flux.key}")
    note = book.sheet_text("flux.note")
    row = book.heading(sheet, title, note, width=13)
    labels = (node.label for scope in book.scopes for node in scope.flows(flux).left)
    sheet.set_column(0, 0, label_width(labels))
    sheet.set_column(1, 12, 11.5)
    breaks = []
    for scope in book.scopes:
        if scope is not book.subject:
            breaks.append(row)  # one scope per printed page
        subtitle = book.sheet_text(f"flux.sous_titre_{flux.key}", nom=scope.scope.name)
        sheet.write_string(row, 0, subtitle, book.fmt["subtitle"])
        sheet.write_string(row + 1, 0, total_sentence(book, flux, scope), book.fmt["text"])
        row += 2
        if scope.flows(flux).total:
            cells = _matrix(book, sheet, scope.flows(flux), row + 1)
            row = cells.total_row + 1
            if scope is book.subject:
                row = _country_chart(book, sheet, flux, cells, row)
        row += 2
    sheet.set_h_pagebreaks(breaks)


exports = partial(write, flux=EXPORT)
imports = partial(write, flux=IMPORT)


def _matrix(book: Book, sheet, matrix: FlowMatrix, row: int) -> MatrixCells:
    """The matrix from `row`: header row, one row per left node, row and column totals."""
    fmt, left, right = book.fmt, matrix.left, matrix.right
    corner = book.sheet_text(f"flux.coin_{matrix.flux.key}")
    sheet.write_string(row, 0, corner, fmt["header"])
    sheet.write_row(row, 1, [node.label for node in right], fmt["header_center"])
    sheet.write_string(row, len(right) + 1, "Total", fmt["header_center"])
    sheet.set_row(row, 15 * header_lines(node.label for node in right))
    cells = MatrixCells(header=row, first=row + 1, rows=len(left), columns=len(right))
    links = {(link.source, link.target): link for link in matrix.links}
    for i, node in enumerate(left):
        r = cells.first + i
        sheet.write_string(r, 0, node.label, fmt["cell"])
        for j in range(len(right)):
            link = links.get((i, j))
            style = fmt["flow_red"] if link is not None and link.highlighted else fmt["flow"]
            sheet.write_number(r, j + 1, (link.value if link else 0) / MILLION, style)
        book.sum_cell(sheet, (r, cells.total_col), (r, 1), (r, len(right)), node.value)
    sheet.write_string(cells.total_row, 0, "Total", fmt["total_label"])
    last = cells.total_row - 1
    for col, node in enumerate(right, start=1):
        at = (cells.total_row, col)
        book.sum_cell(sheet, at, (cells.first, col), (last, col), node.value)
    total = (cells.total_row, cells.total_col)
    book.sum_cell(
        sheet, total, (cells.first, cells.total_col), (last, cells.total_col), matrix.total
    )
    heat_map = {
        "type": "3_color_scale",
        "min_color": look.xl(look.WHITE),
        "mid_type": "percentile",
        "mid_value": 75,
        "mid_color": look.xl(look.HEAT[matrix.flux][0]),
        "max_color": look.xl(look.HEAT[matrix.flux][1]),
    }
    sheet.conditional_format(cells.first, 1, last, len(right), heat_map)
    return cells


def _country_chart(book: Book, sheet, flux: str, cells: MatrixCells, row: int) -> int:
    """The department's countries (destinations or origins), read from the matrix totals."""
    matrix = book.subject.flows(flux)
    name = sheet.get_name()
    if flux == EXPORT:  # countries are the columns: header row, total row
        named = sum(not node.is_other for node in matrix.right)
        categories = [name, cells.header, 1, cells.header, named]
        values = [name, cells.total_row, 1, cells.total_row, named]
        title = book.sheet_text("flux.graphique_export")
    else:  # countries are the rows: first column, total column
        named = sum(not node.is_other for node in matrix.left)
        last = cells.first + named - 1
        categories = [name, cells.first, 0, last, 0]
        values = [name, cells.first, cells.total_col, last, cells.total_col]
        title = book.sheet_text("flux.graphique_import")
    if not named:
        return row
    chart = book.chart("column", title)
    chart.add_series(
        {
            "name": title,
            "categories": categories,
            "values": values,
            "fill": {"color": look.xl(look.FLOWS[flux])},
            "border": {"none": True},
            "gap": 60,
            "data_labels": {"value": True, "num_format": "#,##0.0", "font": {"size": 8}},
        }
    )
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": {"size": 8}})
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
    chart.set_y_axis({"num_format": "#,##0", "num_font": {"size": 8}, "major_gridlines": grid})
    chart.set_size({"width": 900, "height": 320})
    description = book.sheet_text(f"flux.description_{flux.key}", nombre=named)
    sheet.insert_chart(row + 1, 0, chart, {"description": description})
    return row + 18
