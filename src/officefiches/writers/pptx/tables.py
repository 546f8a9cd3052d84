"""Native, editable tables for the deck: a header row (headers wrapped on two lines at most),
optional group rows, banded body rows; columns measured from their texts, the first column's
labels shortened to fit (the notes have them in full), the largest size whose rows fit the box.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from officefiches.writers import look
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, TableCell, inches

SIZES = (12, 11, 10)
MARGIN_X = inches(0.07)
PADDINGS = (inches(0.035), inches(0.008))  # cells' top and bottom margins: usual, compact
MIN_LABEL = inches(1.4)
LABEL_SPARE = inches(1.2)  # at most this beyond its texts for the first column
BAND = look.TABLE_BAND
RULE = look.TABLE_RULE
MAX_HEADER_LINES = 2
ALIGN = {"l": "l", "r": "r", "c": "ctr"}


@dataclass(frozen=True)
class Cell:
    text: str
    color: str = look.TEXT
    bold: bool = False


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    group: bool = False  # a heading row inside the table ("Produits exportés"), one cell wide


@dataclass(frozen=True)
class Table:
    name: str  # the shape's name
    descr: str  # alt text
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    aligns: str  # one letter per column: "l" (left), "r" (right) or "c" (centred)


def row(*texts: str | Cell) -> Row:
    return Row(tuple(t if isinstance(t, Cell) else Cell(t) for t in texts))


def group(text: str) -> Row:
    """A heading row across the table."""
    return Row((Cell(text, bold=True),), group=True)


@dataclass(frozen=True)
class _Fit:
    size: float
    widths: tuple[int, ...]
    header: tuple[tuple[str, ...], ...]  # each header's lines
    rows: int  # how many rows are shown (all unless the box is too small)
    padding: int = PADDINGS[0]

    def height(self) -> int:
        return header_height(self) + self.rows * row_height(self.size, self.padding)


def row_height(size: float, padding: int = PADDINGS[0]) -> int:
    return textfit.line_height(size) + 2 * padding + inches(0.02)


def header_height(fit: _Fit) -> int:
    lines = max(len(lines) for lines in fit.header)
    return textfit.line_height(fit.size, lines) + 2 * fit.padding + inches(0.02)


def add(canvas, box: Box, table: Table, sizes: Sequence[float] = SIZES) -> Box:
    """The table at the top of `box`; returns the box it takes."""
    fit = _fit(table, box, sizes)
    header_cells = [  # one paragraph each, wrapped by the viewer where `fit` measured it would
        TableCell((para_of(text, fit.size, look.WHITE, True, ALIGN[a]),), look.ACCENT)
        for text, a in zip(table.header, table.aligns, strict=True)
    ]
    rows = [(header_height(fit), header_cells)]
    for index, shown in enumerate(table.rows[: fit.rows]):
        cells = _group_cells(shown, fit) if shown.group else _cells(shown, fit, table, index)
        rows.append((row_height(fit.size, fit.padding), cells))
    taken = Box(box.x, box.y, sum(fit.widths), fit.height())
    margins = (MARGIN_X, fit.padding)
    canvas.add(drawing.table_xml(taken, fit.widths, rows, table.name, table.descr, margins))
    return taken


def para_of(text: str, size: float, color: str, bold: bool, align: str) -> Para:
    return Para((Run(text, size, bold=bold, color=color),), align=align)


def _cells(shown: Row, fit: _Fit, table: Table, index: int) -> list[TableCell]:
    fill = BAND if index % 2 else None
    return [
        TableCell((_cell_para(cell, fit, fit.widths[column], ALIGN[a]),), fill, RULE)
        for column, (cell, a) in enumerate(zip(shown.cells, table.aligns, strict=True))
    ]


def _group_cells(shown: Row, fit: _Fit) -> list[TableCell]:
    """One cell across the table (the others merged into it)."""
    count = len(fit.widths)
    first = _cell_para(shown.cells[0], fit, sum(fit.widths), "l")
    merged = [TableCell((), look.PANEL, RULE, merged=True)] * (count - 1)
    return [TableCell((first,), look.PANEL, RULE, span=count), *merged]


def _cell_para(cell: Cell, fit: _Fit, width: int, align: str) -> Para:
    text = textfit.shorten(cell.text, fit.size, width - 2 * MARGIN_X, cell.bold)
    return para_of(text, fit.size, cell.color, cell.bold, align)


def _fit(table: Table, box: Box, sizes: Sequence[float]) -> _Fit:
    """The largest size at which the columns fit the width and the rows the height, headers on
    one line when there is room, else on two; labels whole if possible, else shortened; cells
    with their usual margins, else compact ones. Only when nothing fits are the last rows left
    out (the notes have them)."""
    for padding in PADDINGS:
        for whole in (True, False):
            # whole labels: headers on one line first; shortened ones: on two, for more room
            lines_first = (1, MAX_HEADER_LINES) if whole else (MAX_HEADER_LINES, 1)
            for size, lines in [(size, lines) for size in sizes for lines in lines_first]:
                fit = _fit_width(table, box.w, size, lines, MIN_LABEL if not whole else None)
                if fit is not None:
                    fit = dataclasses.replace(fit, padding=padding)
                    if fit.height() <= box.h:
                        return fit
    fit = _fit_width(table, box.w, sizes[-1], MAX_HEADER_LINES, 0)
    fit = dataclasses.replace(fit, padding=PADDINGS[-1])
    spare = box.h - header_height(fit)
    rows = max(min(len(table.rows), spare // row_height(fit.size, fit.padding)), 0)
    return dataclasses.replace(fit, rows=rows)


def _fit_width(
    table: Table, width: int, size: float, header_lines: int, min_label: int | None
) -> _Fit | None:
    """Columns at `size`: the figures' columns as wide as their texts, the first one taking the
    rest (None when that is less than its labels need, or than `min_label` when given); when the
    rest is much wider than the labels, the figures' columns share it."""
    columns = [_column_width(table, c, size, header_lines) for c in range(len(table.header))]
    label = width - sum(columns[1:])
    if label < (columns[0] if min_label is None else min(columns[0], min_label)):
        return None
    others = columns[1:]
    if others and label > columns[0] + LABEL_SPARE:  # much room: shared with the figures
        spare = label - columns[0] - LABEL_SPARE
        label -= spare
        others = [w + spare // len(others) for w in others]
    widths = (max(label, inches(0.5)), *others)
    header = tuple(
        tuple(textfit.wrap(text, size, w - 2 * MARGIN_X, bold=True))
        for text, w in zip(table.header, widths, strict=True)
    )
    return _Fit(size, widths, header, len(table.rows))


def _column_width(table: Table, column: int, size: float, header_lines: int) -> int:
    body = max(
        (
            textfit.width(r.cells[column].text, size, r.cells[column].bold)
            for r in table.rows
            if not r.group  # group rows span the table
        ),
        default=0,
    )
    return max(body, _header_width(table.header[column], size, header_lines)) + 2 * MARGIN_X


def _header_width(text: str, size: float, lines: int) -> int:
    """The narrowest width holding the header on `lines` lines."""
    longest_word = max((textfit.width(w, size, True) for w in text.split()), default=0)
    candidate = max(longest_word, textfit.width(text, size, True) // lines)
    while len(textfit.wrap(text, size, candidate, True)) > lines:
        candidate += inches(0.05)
    return candidate
