"""Flux export / Flux import: the flow matrices (10 × 10 + "Autres") of the subject and of the
scopes it is compared with, one per printed page, the five largest flows in red, and a chart of
the subject's countries read from its matrix totals.

Each cell is a SUMIFS over the scope's Table (product × country); « Autres » is what the row's,
the column's or the flow's total leaves beyond the named cells, so that every total follows the
Table. Which 10 products and countries are named, and which 5 flows are red, is fixed when the
workbook is written (`officefiches deck` ranks them again from the Tables)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from xlsxwriter.utility import xl_range

from officefiches import formatting
from officefiches.compute.aggregate import not_countries
from officefiches.model import EXPORT, IMPORT, FlowMatrix, ScopeFigures
from officefiches.writers import look
from officefiches.writers.xlsx import formulas
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import A129, COUNTRY
from officefiches.writers.xlsx.formulas import MILLION
from officefiches.writers.xlsx.sizing import header_height, label_width, wrapped_lines
from officefiches.writers.xlsx.styles import data_labels, font
from officefiches.writers.xlsx.tables import FLUX_LABEL

CHART_ROWS = 17  # rows the country chart takes (320 px) and a blank one
MATRIX_COLUMN = 13.5  # a matrix column: room for a product name's longest word in its header


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


def total_sentence(book: Book, flux: str, scope: ScopeFigures) -> tuple[str, str]:
    """A scope's total of the flow in a sentence (formula, cached text); the subject's is the
    Synthèse's."""
    if scope is book.subject:
        return book.total_lines[flux]
    column = 1 + book.scopes.index(scope)
    cell = book.key_cells[(column, flux)]
    name = scope.scope.name
    value = scope.totals.of(flux)
    empty = book.sheet_text(f"flux.aucun_{flux.key}", nom=name)
    figures = {"total": (formulas.millions(cell), formatting.meur(value))}
    formula, cached = book.sentence(f"flux.total_{flux.key}", figures, nom=name)
    return (
        f"=IF({cell}=0,{formulas.quote(empty)},{formula[1:]})",
        cached if value else empty,
    )


def write(book: Book, sheet, flux: str) -> None:
    labels = (node.label for scope in book.scopes for node in scope.flows(flux).left)
    book.set_widths(sheet, (label_width(labels, 24, 56), *([MATRIX_COLUMN] * 12)))
    title = book.sheet_text(f"flux.titre_{flux.key}")
    note = book.sheet_text("flux.note")
    row = book.heading(sheet, title, note, width=13)
    sheet.freeze_panes(1, 1)
    breaks = []
    for scope in book.scopes:
        if scope is not book.subject:
            breaks.append(row)  # one scope per printed page
        subtitle = book.sheet_text(f"flux.sous_titre_{flux.key}", nom=scope.scope.name)
        sheet.write_string(row, 0, subtitle, book.fmt["subtitle"])
        formula, cached = total_sentence(book, flux, scope)
        sheet.merge_range(row + 1, 0, row + 1, 12, "", book.fmt["text"])
        sheet.write_formula(row + 1, 0, formula, book.fmt["text"], cached)
        row += 2
        if scope.flows(flux).total:
            cells = _matrix(book, sheet, scope, scope.flows(flux), row + 1)
            row = _undetermined_note(book, sheet, scope, flux, cells.total_row + 1)
            if scope is book.subject:
                row = _country_chart(book, sheet, flux, cells, row)
        row += 2
    sheet.set_h_pagebreaks(breaks)


exports = partial(write, flux=EXPORT)
imports = partial(write, flux=IMPORT)


def _criteria(matrix: FlowMatrix, side: str, code: str) -> tuple[str, str]:
    """The SUMIFS criterion of a product or country node."""
    kind = matrix.left_kind if side == "left" else matrix.right_kind
    return (A129 if kind == "product" else COUNTRY, formulas.quote(code))


def _matrix(book: Book, sheet, scope: ScopeFigures, matrix: FlowMatrix, row: int) -> MatrixCells:
    """The matrix from `row`: header row, one row per left node, row and column totals."""
    fmt, left, right = book.fmt, matrix.left, matrix.right
    table, flux = book.table_of(scope), matrix.flux
    corner = book.sheet_text(f"flux.coin_{flux.key}")
    sheet.write_string(row, 0, corner, fmt["header"])
    kinds = {"product": "a129", "country": "pays"}
    for j, node in enumerate(right, start=1):
        book.label_cell(sheet, row, j, kinds[matrix.right_kind], node.code, node.label,
                        "header_center")  # fmt: skip
    sheet.write_string(row, len(right) + 1, "Total", fmt["header_center"])
    sheet.set_row(row, header_height([n.label for n in right], [MATRIX_COLUMN] * len(right)))
    cells = MatrixCells(header=row, first=row + 1, rows=len(left), columns=len(right))
    links = {(link.source, link.target): link for link in matrix.links}
    named = (  # the named nodes of each side
        [i for i, node in enumerate(left) if not node.is_other],
        [j for j, node in enumerate(right) if not node.is_other],
    )
    criteria = (  # each node's SUMIFS criterion, made once for its row or column
        [_criteria(matrix, "left", node.code) for node in left],
        [_criteria(matrix, "right", node.code) for node in right],
    )
    # a named cell's SUMIFS: its start, its row's criterion and its column's, as texts
    pieces = (
        formulas.sumifs_start(table, FLUX_LABEL[flux]),
        [formulas.criterion(table, *c) for c in criteria[0]],
        [formulas.criterion(table, *c) for c in criteria[1]],
    )
    for i, node in enumerate(left):
        r = cells.first + i
        book.label_cell(sheet, r, 0, kinds[matrix.left_kind], node.code, node.label, "cell_wrap")
        lines = wrapped_lines(node.label, book.widths(sheet)[0])
        if lines > 1:
            sheet.set_row(r, 13 * lines + 2)
        for j in range(len(right)):
            link = links.get((i, j))
            style = fmt["flow_red"] if link is not None and link.highlighted else fmt["flow"]
            cached = (link.value if link else 0) / MILLION
            if left[i].is_other or right[j].is_other:
                formula = _cell_formula(book, table, matrix, cells, i, j, named, criteria)
            else:  # book.sumifs(table, flux, row's criterion, column's), made of its pieces
                formula = f"={pieces[0]}{pieces[1][i]}{pieces[2][j]})/{MILLION}"
            sheet.write_formula(r, j + 1, formula, style, cached)
        book.sum_cell(sheet, (r, cells.total_col), (r, 1), (r, len(right)), node.value)
    sheet.write_string(cells.total_row, 0, "Total", fmt["total_label"])
    last = cells.total_row - 1
    for col, node in enumerate(right, start=1):
        book.sum_cell(sheet, (cells.total_row, col), (cells.first, col), (last, col), node.value)
    total = f"={book.sumifs(table, flux)}/{MILLION}"
    sheet.write_formula(
        cells.total_row, cells.total_col, total, fmt["total"], matrix.total / MILLION
    )
    heat_map = {
        "type": "3_color_scale",
        "min_color": look.xl(look.WHITE),
        "mid_type": "percentile",
        "mid_value": 75,
        "mid_color": look.xl(look.HEAT[flux][0]),
        "max_color": look.xl(look.HEAT[flux][1]),
    }
    sheet.conditional_format(cells.first, 1, last, len(right), heat_map)
    return cells


def _cell_formula(book, table, matrix, cells, i, j, named, criteria) -> str:
    """A named cell: SUMIFS of its product and country; « Autres » of a named row or column:
    the row's or column's total less its named cells; « Autres » × « Autres »: the flow's
    total less every other cell. `named`: the named nodes of each side, `criteria`: each
    node's criterion (left, right)."""
    left, right, flux = matrix.left, matrix.right, matrix.flux
    named_left, named_right = named
    r = cells.first + i
    if not left[i].is_other and not right[j].is_other:
        both = (criteria[0][i], criteria[1][j])
        return f"={book.sumifs(table, flux, *both)}/{MILLION}"
    if not left[i].is_other:  # the row's « Autres » column
        whole = book.sumifs(table, flux, criteria[0][i])
        cells_named = xl_range(r, 1, r, len(named_right)) if named_right else None
        return f"={whole}/{MILLION}" + (f"-SUM({cells_named})" if cells_named else "")
    if not right[j].is_other:  # the « Autres » row of a named column
        whole = book.sumifs(table, flux, criteria[1][j])
        col = j + 1
        cells_named = xl_range(cells.first, col, cells.first + len(named_left) - 1, col)
        return f"={whole}/{MILLION}" + (f"-SUM({cells_named})" if named_left else "")
    # « Autres » × « Autres »: the flow's total less the rest of the matrix
    parts = []
    if named_left:
        parts.append(xl_range(cells.first, 1, cells.first + len(named_left) - 1, cells.columns))
    if named_right:
        parts.append(xl_range(r, 1, r, len(named_right)))
    minus = "".join(f"-SUM({p})" for p in parts)
    return f"={book.sumifs(table, flux)}/{MILLION}{minus}"


def _undetermined_note(book: Book, sheet, scope: ScopeFigures, flux: str, row: int) -> int:
    """Under the matrix, how much of its « Autres » is trade of codes that name no country
    (QU…: never ranked as a country, aggregate.is_country), as a SUMIFS over the Table; the
    row after it."""
    amount = scope.flows(flux).undetermined
    if not amount:
        return row
    table = book.table_of(scope)
    within = formulas.sumifs_any(table, FLUX_LABEL[flux], COUNTRY, sorted(not_countries()))
    figures = {"montant": (formulas.millions(f"{within}/{MILLION}"), formatting.meur(amount))}
    formula, cached = book.sentence(f"flux.non_determines_{flux.key}", figures)
    sheet.merge_range(row, 0, row, 12, "", book.fmt["note"])
    sheet.write_formula(row, 0, formula, book.fmt["note"], cached)
    return row + 1


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
            "data_labels": data_labels("#,##0.0"),
        }
    )
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": font(8)})
    grid = {"visible": True, "line": {"color": look.xl(look.GRIDLINES)}}
    chart.set_y_axis({"num_format": "#,##0", "num_font": font(8), "major_gridlines": grid})
    chart.set_size({"width": 900, "height": 320})
    description = book.sheet_text(f"flux.description_{flux.key}", nombre=named)
    sheet.insert_chart(row + 1, 0, chart, {"description": description})
    return row + CHART_ROWS + 1


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Flux export", exports), Sheet("Flux import", imports))
