"""Every XlsxWriter internal the workbooks rely on, in this one module.

XlsxWriter has no public API for these speed-ups; each overrides or reads a private member
(named in its docstring) of the version pinned in pyproject.toml. tests/writers/xlsx/
test_xlsxwriter_internals.py checks each one against the installed XlsxWriter and fails naming
it and the version when the library changes under it.

- `FastWorkbook`: the zip deflated by ISA-L (`Workbook._store_workbook` runs within
  writers/_zipfile.py's `fast_deflate`); plain shared strings written in one go
  (`Workbook._get_packager`, `Packager._write_shared_strings_file` and `_filename`,
  `SharedStrings._write_sst_strings`, `_write_si`, `string_table.string_array`, `fh`).
- `FormulaSheet`: no Excel 365 function rewriting for our own formulas
  (`Worksheet._prepare_formula`), nor dynamic-array check (`_write_formula`, `table`);
  `write_formula` / `write_string` straight to `_write_formula` / `_write_string`, each
  storing its cell at once (`_check_dimensions`, `xls_strmax`, `str_table`, `table`);
  formatted cells written in one go (`Worksheet._write_cell`, `CellFormulaTuple`,
  `CellStringTuple`, `CellNumberTuple`, `CellBlankTuple`, `constant_memory`, `fh`), each
  format's index found once per sheet (`Format._get_xf_index`), rows walked over the cells
  there are (`_write_rows`, `_write_row`, `row_info`, `row_spans`, `comments`,
  `excel_version`, `dim_rowmin` / `dim_rowmax`), a plain row's tag written as `_write_row`
  does (`default_row_height`, `original_row_height`).
- `BulkSheet`: a large table body rendered in one pass (`Worksheet._write_sheet_data`,
  `_write_rows`, `_check_dimensions`, `dim_rowmin` / `dim_rowmax`, `fh`, `_xml_start_tag` /
  `_xml_end_tag`, `str_table._get_shared_string_index` and `.count`, `Format._get_xf_index`,
  and the dict `add_table` appends to `Worksheet.tables`); its XML in ASCII alone
  (`_escape_data`, `_escape_attributes`), kept as bytes for the zip (`Packager._filename`,
  `filenames` and its binary flag, `in_memory`, `_write_worksheet_files`; the worksheet's
  `_set_xml_writer` takes a `StringIO`).
"""

from __future__ import annotations

import functools
import io
import re
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import xl_col_to_name, xl_range, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

from officefiches.writers._zipfile import fast_deflate


class FastWorkbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, zipped with fast compression (writers/_zipfile.py: ISA-L's
    deflate, five times zlib's speed: a large department's data sheet is tens of MB of XML).
    XlsxWriter has no option for it: its save runs within `fast_deflate`."""

    def _store_workbook(self) -> None:
        with fast_deflate():
            super()._store_workbook()

    def _get_packager(self) -> Packager:
        return _Packager()


class _Packager(Packager):
    def _write_worksheet_files(self) -> None:
        # the files XlsxWriter is about to name for the sheets holding a bulk body (as it
        # numbers them: worksheets, chartsheets aside)
        sheets = (sheet for sheet in self.workbook.worksheets() if not sheet.is_chartsheet)
        self._bulk_files = {
            f"xl/worksheets/sheet{index}.xml"
            for index, sheet in enumerate(sheets, start=1)
            if isinstance(sheet, BulkSheet) and sheet._body is not None
        }
        super()._write_worksheet_files()

    def _filename(self, xml_filename):
        # A bulk sheet's XML (tens of MB) as bytes, zipped as XlsxWriter zips its binary files:
        # its own StringIO would copy it twice more (the text gathered, then encoded).
        if self.in_memory and xml_filename in getattr(self, "_bulk_files", ()):
            data = _XmlBytes()
            self.filenames.append((data, xml_filename, True))
            return data
        return super()._filename(xml_filename)

    def _write_shared_strings_file(self) -> None:
        # XlsxWriter's, with the shared strings below
        sst = _SharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


class _XmlBytes(io.StringIO):
    """A file's XML as UTF-8, each piece copied in as it is written (a bulk body's chunks
    straight from Arrow's buffer, which is then free for the next one), the whole zipped as
    it is; a `StringIO` for XlsxWriter's `_set_xml_writer`."""

    def __init__(self) -> None:
        super().__init__()
        self._data = bytearray()

    def write(self, data) -> int:
        self._data += data.encode("utf-8") if isinstance(data, str) else data
        return len(data)

    def getvalue(self) -> bytearray:
        return self._data


class _SharedStrings(SharedStrings):
    """A workbook's thousands of shared strings: XlsxWriter runs five regular expressions on
    each; one tells the plain ones (nothing to escape, no space to keep at either end, not
    rich text), written as it writes them; the others go its own way."""

    def _write_sst_strings(self) -> None:
        write = self.fh.write
        for string in self.string_table.string_array:
            if _NOT_PLAIN.search(string):
                self._write_si(string)
            else:
                write(f"<si><t>{string}</t></si>")


# What XlsxWriter's shared string writer changes or marks: control characters and literal
# "_xHHHH_" (`_escape_control_characters`), & < > (`_escape_data`, and rich text "<r>"),
# leading or trailing space (`_preserve_whitespace`, the same two patterns).
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


_UNSET = object()  # an argument not given


class FormulaSheet(Worksheet):
    """A worksheet for this writer's own formulas (SUMIFS, SUM, IF and arithmetic only).

    XlsxWriter runs ~30 regular expressions on every formula to prefix Excel 365 functions with
    "_xlfn."; none of ours needs it, and it was a tenth of the writing time. Its cell writer
    then tries every kind of cell and escapes every attribute one at a time: a formatted
    formula (a number or a text for value), text, number or blank is written here in one go,
    as it writes them (other cells: its own way).
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula

    # XlsxWriter's write_formula and write_string only convert "A1" notation (a decorator,
    # a try per call, the arguments passed on twice) and call their undecorated versions:
    # ours pass row numbers and positional arguments, called directly (a workbook writes tens
    # of thousands of cells); any other call goes its way with the arguments it was given.
    def write_formula(
        self, row, col=_UNSET, formula=_UNSET, cell_format=_UNSET, value=_UNSET, /, **kwargs
    ):
        if type(row) is int and formula is not _UNSET and not kwargs:
            cell_format = None if cell_format is _UNSET else cell_format
            return self._write_formula(
                row, col, formula, cell_format, 0 if value is _UNSET else value
            )
        given = [a for a in (row, col, formula, cell_format, value) if a is not _UNSET]
        return super().write_formula(*given, **kwargs)

    def write_string(self, row, col=_UNSET, string=_UNSET, cell_format=_UNSET, /, **kwargs):
        if type(row) is int and string is not _UNSET and not kwargs:
            return self._write_string(
                row, col, string, None if cell_format is _UNSET else cell_format
            )
        given = [a for a in (row, col, string, cell_format) if a is not _UNSET]
        return super().write_string(*given, **kwargs)

    def _write_formula(self, row, col, formula, cell_format=None, value=0):
        # Ours are never dynamic-array functions (FILTER, UNIQUE…) nor array formulas ({…}),
        # and never in constant-memory mode: stored at once, without XlsxWriter's regular
        # expression over each formula (tests/writers/xlsx/test_print.py checks them all).
        if self._check_dimensions(row, col):
            return -1
        if formula.startswith("="):  # `_prepare_formula`, inlined
            formula = formula[1:]
        self.table[row][col] = _new_cell(CellFormulaTuple, (formula, cell_format, value))
        return 0

    def _write_string(self, row, col, string, cell_format=None):
        # XlsxWriter's, but in constant-memory mode or for a text it may have to truncate (over
        # half Excel's limit): its shared string stored at once.
        if self.constant_memory or len(string) > self.xls_strmax // 2:
            return super()._write_string(row, col, string, cell_format)
        if self._check_dimensions(row, col):
            return -1
        index = self.str_table._get_shared_string_index(string)
        self.table[row][col] = _new_cell(CellStringTuple, (index, cell_format))
        return 0

    def _write_rows(self) -> None:
        # XlsxWriter's row loop walks every column of every row (twice: spans, then cells);
        # here only the cells there are, the same XML. Comments and Excel 2010 rows: its own.
        if self.comments or self.excel_version != 2007:
            super()._write_rows()
            return
        low, high = self.dim_rowmin, self.dim_rowmax
        filled = {row: cells for row, cells in self.table.items() if cells and low <= row <= high}
        columns = {row: sorted(cells) for row, cells in filled.items()}  # each row's, in order
        spans = {}  # a block of 16 rows -> its columns' span, "first:last" from 1
        for row, cols in columns.items():
            known = spans.get(row // 16)
            first, last = cols[0], cols[-1]
            if known is not None:
                first, last = min(known[0], first), max(known[1], last)
            spans[row // 16] = (first, last)
        self.row_spans = {block: f"{a + 1}:{b + 1}" for block, (a, b) in spans.items()}
        formatted = (row for row in self.row_info if low <= row <= high)
        write = self.fh.write
        # not BulkSheet's header row (XlsxWriter's own writer), nor inline strings
        fast = type(self)._write_cell is FormulaSheet._write_cell and not self.constant_memory
        # a row of the default height without attributes: <row r="…" spans="…">, as _write_row
        plain_rows = self.default_row_height == self.original_row_height
        styles = _Styles()
        for row in sorted(filled.keys() | set(formatted)):
            span = self.row_spans.get(row // 16)
            cells = filled.get(row)
            if cells is None:  # a blank row with attributes only
                self._write_row(row, span, self.row_info[row], empty_row=True)
                continue
            number = str(row + 1)
            row_info = self.row_info.get(row)
            if row_info is None and plain_rows and span:
                write(f'<row r="{number}" spans="{span}">')
            else:
                self._write_row(row, span, row_info)
            for col in columns[row]:
                cell = cells[col]
                # a formatted cell's XML at once (no call per cell), else the cell writer's
                xml = None
                if fast and cell.format:
                    ref = _COLUMN_NAMES[col] + number if col < 64 else _column_name(col) + number
                    xml = _cell_xml(cell, ref, styles[cell.format])
                if xml is None:
                    self._write_cell(row, col, cell)
                else:
                    write(xml)
            write("</row>")

    def _write_cell(self, row: int, col: int, cell) -> None:
        xml = None
        if cell.format:
            xml = _cell_xml(cell, xl_rowcol_to_cell_fast(row, col), _style(cell.format))
        if xml is None or (type(cell) is CellStringTuple and self.constant_memory):
            super()._write_cell(row, col, cell)
        else:
            self.fh.write(xml)


def _style(cell_format) -> str:
    """A format's attribute in its cells' XML: ' s="3"'."""
    return f' s="{cell_format._get_xf_index()}"'


class _Styles(dict):
    """Each format's `_style`, found once per sheet: XlsxWriter finds a format's index anew
    for each cell when an earlier format had the same properties (its key: tens of them)."""

    def __missing__(self, cell_format) -> str:
        style = self[cell_format] = _style(cell_format)
        return style


# A cell's named tuple made at once (its class's constructor is a Python function in between).
_new_cell = tuple.__new__


def _cell_xml(cell, ref: str, style: str) -> str | None:
    """A formatted cell (nearly all of ours) as XlsxWriter writes it: formulas with a number or
    a text for value, shared strings, numbers, blanks; None for any other (its own writer's).
    `ref`: the cell's reference, "B12"; `style`: its format's `_style`."""
    kind = type(cell)
    if kind is CellFormulaTuple:
        value = cell.value
        if type(value) is float or type(value) is int or _is_number(value):
            return f'<c r="{ref}"{style}><f>{_escape(cell.formula)}</f><v>{value}</v></c>'
        if type(value) is str and value and value not in _ERROR_CODES:
            formula = _escape(cell.formula)
            return f'<c r="{ref}"{style} t="str"><f>{formula}</f><v>{_escape(value)}</v></c>'
        return None  # a boolean, an error code, the empty text: its own
    if kind is CellStringTuple:
        return f'<c r="{ref}"{style} t="s"><v>{cell.string}</v></c>'
    if kind is CellNumberTuple:
        return f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>'
    if kind is CellBlankTuple:
        return f'<c r="{ref}"{style}/>'
    return None


_COLUMN_NAMES = [xl_col_to_name(col) for col in range(64)]


def _column_name(col: int) -> str:
    return _COLUMN_NAMES[col] if col < 64 else xl_col_to_name(col)


_ERROR_CODES = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")


def _escape(text: str) -> str:
    """XlsxWriter's escaping of a cell's data (`_escape_data`)."""
    if "&" in text or "<" in text or ">" in text:  # faster than a search on short texts
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _ascii(text):
    if isinstance(text, str) and not text.isascii():
        return text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return text


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class BulkSheet(FormulaSheet):
    """A worksheet holding one large table body, rendered in one pass when the file is saved.

    The header row and everything else go through XlsxWriter as usual (rows above the body).
    """

    CHUNK = 20_000

    # Its few ordinary cells (the header row) by XlsxWriter's own writer: its escaping is this
    # sheet's (ASCII alone, `_escape_data`).
    _write_cell = Worksheet._write_cell

    def __init__(self) -> None:
        super().__init__()
        self._body: tuple[int, int, _Body] | None = None

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

    def write_body(self, first_row: int, columns: list, formats: dict) -> None:
        """Store the table body starting at `first_row` (0-based), columns from column A
        (`tables.Column`s: header, values, style; duck-typed, this module imports none of ours).

        A row is `<row r="{row}">`, then for each cell `<c r="{column}{row}"` and its tail.
        Every row's number sits between two texts: a row is its texts joined by its number
        (`_rows_xml`). They are the row's start, the first cell's start, then per column its
        tail running on to the next cell's start (or the row's end): one of its distinct
        values' tails for a text (style, shared string index) or a small integer (style,
        value), else the row's integer between two fixed texts (`_Number`).
        """
        rows = len(columns[0].values) if columns else 0
        heads = [f'<c r="{xl_col_to_name(col)}' for col in range(len(columns))] + ["</row>"]
        texts = ['<row r="', '">' + heads[0]]  # fixed texts and distinct values' tails
        # a row's texts, between its numbers: an index in `texts`, a `_Coded` or a `_Number`
        segments: list = [0, 1]
        for col, column in enumerate(columns):
            style = ""
            if column.style:
                style = f' s="{formats[column.style]._get_xf_index()}"'
            after = heads[col + 1]  # the next cell's start, or the row's end
            if column.text:
                indices = self._string_indices(column.values)
                tails = [f'"{style} t="s"><v>{i}</v></c>{after}' for i in indices]
                codes = column.values.codes
            elif np.asarray(column.values).dtype.itemsize <= 2:  # a quarter, a year: as texts
                codes, values = pd.factorize(np.asarray(column.values))
                tails = [f'"{style}><v>{int(v)}</v></c>{after}' for v in values]
            else:
                numbers = pa.array(np.asarray(column.values, dtype="int64"))
                segments.append(_Number(f'"{style}><v>', numbers, "</v></c>" + after))
                continue
            codes = np.asarray(codes)
            if len(codes) and codes.min() < 0:  # no value: no tail to take
                raise ValueError(f"colonne {column.header!r} : valeur manquante")
            segments.append(_Coded(len(texts), codes.astype(np.int32)))
            texts += tails
        if rows:
            self._check_dimensions(first_row + rows - 1, len(columns) - 1)
            self._body = (first_row, rows, _Body(pa.array(texts, pa.string()), segments))

    # Any character beyond ASCII (the page header's « — » and « é ») as a character reference:
    # with one such character Python holds the sheet's tens of MB of XML at two bytes a
    # character and encodes it character by character; ASCII alone is copied. Same text.
    def _escape_data(self, data):
        return _ascii(super()._escape_data(data))

    def _escape_attributes(self, attribute):
        return _ascii(super()._escape_attributes(attribute))

    def _string_indices(self, strings) -> list[int]:
        """Each distinct value's index in the shared strings table (each added once);
        `strings`: a `tables.Strings` (uniques, and per row a code)."""
        table = self.str_table
        index = [table._get_shared_string_index(u) for u in strings.uniques]
        table.count += len(strings.codes) - len(index)  # every cell counts as one use
        return index

    def _write_sheet_data(self) -> None:
        if self._body is None:
            super()._write_sheet_data()
            return
        first_row, rows, body = self._body
        self._xml_start_tag("sheetData")
        last = self.dim_rowmax
        self.dim_rowmax = first_row - 1  # the ordinary rows above the body
        if self.dim_rowmin is not None and self.dim_rowmin < first_row:
            self._write_rows()
        self.dim_rowmax = last
        as_bytes = isinstance(self.fh, _XmlBytes)
        for start in range(0, rows, self.CHUNK):
            count = min(self.CHUNK, rows - start)
            xml = _rows_xml(first_row + 1 + start, start, count, body)
            self.fh.write(xml if as_bytes else str(xml, "ascii"))
        self._xml_end_tag("sheetData")


class _Coded(NamedTuple):
    """A column of a bulk body whose rows take one of its distinct values' tails: they are at
    `offset` on in the body's texts, `codes` says which for each row."""

    offset: int
    codes: np.ndarray  # int32


class _Number(NamedTuple):
    """A column of a bulk body whose rows each write their own integer between two texts."""

    before: str
    values: pa.Array  # int64
    after: str


class _Body(NamedTuple):
    """A bulk body: per row, its `segments` (an index in `texts`, a `_Coded`, a `_Number`)
    joined by the row's number."""

    texts: pa.Array  # strings
    segments: list


def _rows_xml(number: int, start: int, count: int, body: _Body) -> memoryview:
    """`count` rows of the body from its row `start`, numbered from `number`, as ASCII XML
    (a view of Arrow's buffer, no copy). Arrow (C++) joins each row's texts, its number for
    separator (it sits between any two of them); the texts are taken in one go from the body's
    and the rows' integers (three to four times Python's string formatting)."""
    numbers = pc.cast(pa.array(np.arange(number, number + count)), pa.string())
    width = len(body.segments)
    index = np.empty((count, width), dtype=np.int32)  # each row's texts, from `sources`
    sources, size = [body.texts], len(body.texts)
    for col, segment in enumerate(body.segments):
        if type(segment) is int:
            index[:, col] = segment
        elif type(segment) is _Coded:
            np.add(segment.codes[start : start + count], segment.offset, out=index[:, col])
        else:  # _Number: these rows' own texts, after those taken so far
            values = pc.cast(segment.values.slice(start, count), pa.string())
            sources.append(pc.binary_join(_pairs(segment.before, segment.after, count), values))
            index[:, col] = np.arange(size, size + count, dtype=np.int32)
            size += count
    texts = pa.concat_arrays(sources).take(pa.array(index.ravel()))
    per_row = pa.array(np.arange(0, count * width + 1, width, dtype=np.int32))
    joined = pc.binary_join(pa.ListArray.from_arrays(per_row, texts), numbers)
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)
    first, end = offsets[joined.offset], offsets[joined.offset + len(joined)]
    return memoryview(joined.buffers()[2])[first:end]


def _pairs(before: str, after: str, count: int) -> pa.ListArray:
    """`count` lists [before, after]: joined by each row's integer, its text (twice as fast
    as joining the three by Arrow's element-wise join)."""
    return _pair_lists(before, after, max(count, BulkSheet.CHUNK)).slice(0, count)


@functools.lru_cache(maxsize=32)
def _pair_lists(before: str, after: str, count: int) -> pa.ListArray:
    # made once per column kind (a style, a next cell) of the run's sheets, sliced for each
    texts = pa.array([before, after], pa.string()).take(np.tile(np.int32([0, 1]), count))
    return pa.ListArray.from_arrays(pa.array(np.arange(0, 2 * count + 1, 2, dtype=np.int32)), texts)
