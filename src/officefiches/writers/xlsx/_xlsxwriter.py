"""Every XlsxWriter internal the workbooks rely on, in this one module.

XlsxWriter has no public API for these speed-ups; each overrides or reads a private member
(named in its docstring) of the version pinned in pyproject.toml. tests/writers/xlsx/
test_xlsxwriter_internals.py checks each one against the installed XlsxWriter and fails naming
it and the version when the library changes under it.

- `FastWorkbook`: the zip deflated at level 1 (swaps `xlsxwriter.workbook.ZipInfo` while
  `Workbook._store_workbook` runs).
- `FormulaSheet`: no Excel 365 function rewriting for our own formulas
  (`Worksheet._prepare_formula`).
- `BulkSheet`: a large table body rendered in one pass (`Worksheet._write_sheet_data`,
  `_write_rows`, `_check_dimensions`, `dim_rowmin` / `dim_rowmax`, `fh`, `_xml_start_tag` /
  `_xml_end_tag`, `str_table._get_shared_string_index` and `.count`, `Format._get_xf_index`,
  and the dict `add_table` appends to `Worksheet.tables`).
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import numpy as np
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from officefiches.writers.xlsx.tables import Column, Strings


class _FastZipInfo(zipfile.ZipInfo):
    """A zip entry deflated at zlib level 1 (ZipFile.writestr takes the level from the entry)."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compresslevel = 1


class FastWorkbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, zipped with fast compression.

    A large department's data sheet is tens of MB of XML and zipping it at zlib's default level
    was a third of the writing time; level 1 takes half of that for files ~30 % larger.
    XlsxWriter has no option for it: the entry class it uses is swapped during the save.
    """

    def _store_workbook(self) -> None:
        original = xlsxwriter.workbook.ZipInfo
        xlsxwriter.workbook.ZipInfo = _FastZipInfo
        try:
            super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipInfo = original


class FormulaSheet(Worksheet):
    """A worksheet for this writer's own formulas (SUMIFS, SUM, IF and arithmetic only).

    XlsxWriter runs ~30 regular expressions on every formula to prefix Excel 365 functions with
    "_xlfn."; none of ours needs it, and it was a tenth of the writing time.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


class BulkSheet(FormulaSheet):
    """A worksheet holding one large table body, rendered in one pass when the file is saved.

    The header row and everything else go through XlsxWriter as usual (rows above the body).
    """

    CHUNK = 20_000

    def __init__(self) -> None:
        super().__init__()
        self._body: tuple[int, list[tuple[str, list]]] | None = None

    def add_bulk_table(self, rows: int, options: dict) -> None:
        """An Excel Table from A1: header row + `rows` rows (at least one, blank if no data).

        XlsxWriter's add_table records every cell of the range to detect overlaps (seconds for
        a large table); the table is declared on its first data row, then extended.
        """
        columns = len(options["columns"])
        self.add_table(0, 0, 1, columns - 1, options)
        table = self.tables[-1]
        ref = xl_range(0, 0, max(rows, 1), columns - 1)
        table["range"] = table["a_range"] = table["autofilter"] = ref

    def write_body(self, first_row: int, columns: list[Column], formats: dict) -> None:
        """Store the table body starting at `first_row` (0-based), columns from column A."""
        cells = []
        rows = len(columns[0].values) if columns else 0
        for col, column in enumerate(columns):
            letter = xl_col_to_name(col)
            values = column.values
            style = ""
            if column.style:
                style = f' s="{formats[column.style]._get_xf_index()}"'
            if column.text:
                values = self._string_indices(column.values)
                cells.append(
                    (f'<c r="{letter}{{0}}"{style} t="s"><v>{{{col + 1}}}</v></c>', values)
                )
            else:
                values = np.asarray(values, dtype="int64").tolist()
                cells.append((f'<c r="{letter}{{0}}"{style}><v>{{{col + 1}}}</v></c>', values))
        if rows:
            self._check_dimensions(first_row + rows - 1, len(columns) - 1)
            self._body = (first_row, cells)

    def _string_indices(self, strings: Strings) -> list[str]:
        """Each row's index in the shared strings table, as text (each value added once)."""
        table = self.str_table
        index = [str(table._get_shared_string_index(u)) for u in strings.uniques]
        table.count += len(strings.codes) - len(index)  # every cell counts as one use
        return np.asarray(index, dtype=object)[strings.codes].tolist() if index else []

    def _write_sheet_data(self) -> None:
        if self._body is None:
            super()._write_sheet_data()
            return
        first_row, cells = self._body
        self._xml_start_tag("sheetData")
        last = self.dim_rowmax
        self.dim_rowmax = first_row - 1  # the ordinary rows above the body
        if self.dim_rowmin is not None and self.dim_rowmin < first_row:
            self._write_rows()
        self.dim_rowmax = last
        template = '<row r="{0}">' + "".join(cell for cell, _ in cells) + "</row>"
        columns = [values for _, values in cells]
        rows = len(columns[0])
        for start in range(0, rows, self.CHUNK):
            end = min(start + self.CHUNK, rows)
            numbers = map(str, range(first_row + 1 + start, first_row + 1 + end))
            parts = [column[start:end] for column in columns]
            self.fh.write("".join(map(template.format, numbers, *parts)))
        self._xml_end_tag("sheetData")
