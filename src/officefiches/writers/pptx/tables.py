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
SMALLER_SIZES = (9, 8)  # the floor, before any text is cut
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
    lines: tuple[int, ...]  # each body row's lines (1, or 2 where a name wraps)
    padding: int = PADDINGS[0]
    cut: bool = False  # text shortened with an ellipsis (the last resort)

    @property
    def rows(self) -> int:
        return len(self.lines)

    def height(self) -> int:
        return header_height(self) + sum(row_height(self.size, self.padding, n) for n in self.lines)


def row_height(size: float, padding: int = PADDINGS[0], lines: int = 1) -> int:
    return textfit.line_height(size, lines) + 2 * padding + inches(0.02)


def header_height(fit: _Fit) -> int:
    lines = max(len(lines) for lines in fit.header)
    return textfit.line_height(fit.size, lines) + 2 * fit.padding + inches(0.02)


def add(canvas, box: Box, table: Table, sizes: Sequence[float] = SIZES) -> Box:
    """The table at the top of `box`; returns the box it takes. Texts the table had to cut
    (the last resort, with « … ») are given whole in the slide's notes."""
    fit = _fit(table, box, sizes)
    header_cells = [  # one paragraph each, wrapped by the viewer where `fit` measured it would
        TableCell(
            (para_of(textfit.glued(text), fit.size, look.WHITE, True, ALIGN[a]),), look.ACCENT
        )
        for text, a in zip(table.header, table.aligns, strict=True)
    ]
    rows = [(header_height(fit), header_cells)]
    for index, shown in enumerate(table.rows[: fit.rows]):
        cells = (
            _group_cells(shown, fit) if shown.group else _cells(shown, fit, table, index, canvas)
        )
        rows.append((row_height(fit.size, fit.padding, fit.lines[index]), cells))
    taken = Box(box.x, box.y, sum(fit.widths), fit.height())
    margins = (MARGIN_X, fit.padding)
    canvas.add(drawing.table_xml(taken, fit.widths, rows, table.name, table.descr, margins))
    return taken


def fits(table: Table, box: Box, sizes: Sequence[float] = SIZES) -> bool:
    """Every row of `table` holds in `box` at one of `sizes` (a legible size: else the caller
    puts it elsewhere), no text cut."""
    fit = _fit(table, box, sizes, smaller=False)
    return not fit.cut and fit.rows == len(table.rows)


def para_of(text: str, size: float, color: str, bold: bool, align: str) -> Para:
    return Para((Run(text, size, bold=bold, color=color),), align=align)


def _cells(shown: Row, fit: _Fit, table: Table, index: int, canvas) -> list[TableCell]:
    fill = BAND if index % 2 else None
    cells = []
    for column, (cell, a) in enumerate(zip(shown.cells, table.aligns, strict=True)):
        paragraph = _cell_para(cell, fit, fit.widths[column], ALIGN[a])
        if paragraph.runs[0].text != cell.text and canvas is not None:
            canvas.shortened(cell.text)
        cells.append(TableCell((paragraph,), fill, RULE))
    return cells


def _group_cells(shown: Row, fit: _Fit) -> list[TableCell]:
    """One cell across the table (the others merged into it)."""
    count = len(fit.widths)
    first = _cell_para(shown.cells[0], fit, sum(fit.widths), "l")
    merged = [TableCell((), look.PANEL, RULE, merged=True)] * (count - 1)
    return [TableCell((first,), look.PANEL, RULE, span=count), *merged]


def _cell_para(cell: Cell, fit: _Fit, width: int, align: str) -> Para:
    """The cell's text, whole when it holds on the lines measured, else (the last resort)
    shortened to one line."""
    room = width - 2 * MARGIN_X
    if textfit.fit_lines(cell.text, fit.size, room, MAX_CELL_LINES, cell.bold) is not None:
        text = cell.text
    else:
        text = textfit.shorten(cell.text, fit.size, room, cell.bold)
    return para_of(text, fit.size, cell.color, cell.bold, align)


MAX_CELL_LINES = 2


def _fit(table: Table, box: Box, sizes: Sequence[float], smaller: bool = True) -> _Fit:
    """The largest size at which every text holds whole (a name on two lines if needed) in
    columns sized from their content, and the rows in the box's height; cells with their usual
    margins, else compact ones; else (`smaller`) at SMALLER_SIZES. Else texts of the first
    column shortened; only when nothing fits are the last rows left out (the notes have them)."""
    for padding in PADDINGS:
        for size in sizes:
            fit = _fit_width(table, box.w, size, padding)
            if fit is not None and fit.height() <= box.h:
                return fit
    # a narrow slide (4:3) or large figures (Paris): a smaller size keeps every number on one
    # line and every word whole, which beats any cut
    for size in (s for s in SMALLER_SIZES if smaller and s < sizes[-1]):
        fit = _fit_width(table, box.w, size, PADDINGS[-1])
        if fit is not None and fit.height() <= box.h:
            return fit
    size = sizes[-1]
    fit = _fit_width(table, box.w, size, PADDINGS[-1]) or _cut_fit(table, box.w, size)
    spare = box.h - header_height(fit)
    lines, used = [], 0
    for count in fit.lines:  # the rows that hold, the last ones left out
        if used + row_height(size, fit.padding, count) > spare:
            break
        used += row_height(size, fit.padding, count)
        lines.append(count)
    return dataclasses.replace(fit, lines=tuple(lines))


def _fit_width(table: Table, width: int, size: float, padding: int) -> _Fit | None:
    """Columns at `size` whose texts all hold whole: each as wide as its longest text on one
    line when the width allows, text columns narrowed down to two lines each when it does not
    (None when even then it does not); spare width to the first column (up to LABEL_SPARE
    beyond its texts), the rest shared."""
    columns = range(len(table.header))
    wide = [_one_line(table, c, size) for c in columns]
    narrow = [_two_lines(table, c, size) if table.aligns[c] == "l" else wide[c] for c in columns]
    if sum(narrow) > width:
        return None
    if sum(wide) <= width:
        widths = list(wide)
        spare = width - sum(widths)
        extra = min(spare, LABEL_SPARE)
        widths[0] += extra
        spare -= extra
        if spare > 0 and len(widths) > 1:
            for c in columns[1:]:
                widths[c] += spare // (len(widths) - 1)
    else:  # narrow the text columns, each in proportion to what it can give
        excess = sum(wide) - width
        slack = sum(w - n for w, n in zip(wide, narrow, strict=True))
        widths = [w - -(-(w - n) * excess // slack) for w, n in zip(wide, narrow, strict=True)]
        widths[0] += width - sum(widths)
    widths = [max(w, n) for w, n in zip(widths, narrow, strict=True)]
    header = tuple(
        tuple(textfit.wrap(text, size, w - 2 * MARGIN_X, bold=True))
        for text, w in zip(table.header, widths, strict=True)
    )
    if any(len(lines) > MAX_HEADER_LINES for lines in header):
        return None
    lines = tuple(_row_lines(r, widths, size) for r in table.rows)
    return _Fit(size, tuple(widths), header, lines, padding)


def _row_lines(row: Row, widths, size: float) -> int:
    if row.group:
        return 1
    counts = [
        len(textfit.fit_lines(cell.text, size, w - 2 * MARGIN_X, MAX_CELL_LINES, cell.bold) or [0])
        for cell, w in zip(row.cells, widths, strict=True)
    ]
    return max(counts)


def _cut_fit(table: Table, width: int, size: float) -> _Fit:
    """The last resort: figures' columns as wide as their texts, the first column the rest,
    its texts shortened on one line."""
    columns = [_one_line(table, c, size) for c in range(len(table.header))]
    widths = (max(width - sum(columns[1:]), inches(0.5)), *columns[1:])
    header = tuple(
        tuple(textfit.wrap_lines(text, size, w - 2 * MARGIN_X, MAX_HEADER_LINES, bold=True))
        for text, w in zip(table.header, widths, strict=True)
    )
    return _Fit(size, widths, header, (1,) * len(table.rows), PADDINGS[-1], cut=True)


def _one_line(table: Table, column: int, size: float) -> int:
    """The column's width with every text on one line (its header on two at most)."""
    body = max(
        (textfit.width(r.cells[column].text, size, r.cells[column].bold) for r in _body(table)),
        default=0,
    )
    return max(body, _header_width(table.header[column], size, MAX_HEADER_LINES)) + 2 * MARGIN_X


def _two_lines(table: Table, column: int, size: float) -> int:
    """The narrowest width at which every text of the column holds on two lines."""
    needed = 0
    for r in _body(table):
        cell = r.cells[column]
        needed = max(needed, _narrowest(cell.text, size, cell.bold))
    return max(needed, _header_width(table.header[column], size, MAX_HEADER_LINES)) + 2 * MARGIN_X


def _narrowest(text: str, size: float, bold: bool) -> int:
    """The narrowest width holding `text` whole on two lines (a binary search)."""
    low = max((textfit.width(w, size, bold) for w in text.split()), default=0)
    high = max(textfit.width(text, size, bold), low)
    while high - low > inches(0.02):
        middle = (low + high) // 2
        if textfit.fit_lines(text, size, middle, MAX_CELL_LINES, bold) is None:
            low = middle
        else:
            high = middle
    return high


def _body(table: Table):
    return (r for r in table.rows if not r.group)  # group rows span the table


def _header_width(text: str, size: float, lines: int) -> int:
    """The narrowest width holding the header on `lines` lines."""
    longest_word = max((textfit.width(w, size, True) for w in text.split()), default=0)
    candidate = max(longest_word, textfit.width(text, size, True) // lines)
    while len(textfit.wrap(text, size, candidate, True)) > lines:
        candidate += inches(0.05)
    return candidate
