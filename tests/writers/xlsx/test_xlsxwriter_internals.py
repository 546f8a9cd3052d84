"""Each XlsxWriter internal of writers/xlsx/_xlsxwriter.py, checked against the installed
XlsxWriter: when the library changes under us, these fail naming it and its version (instead of
a workbook silently written wrong)."""

from __future__ import annotations

import inspect
import re
import zipfile
from datetime import datetime

import pandas as pd
import pytest
import xlsxwriter
import xlsxwriter.workbook
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet

from officefiches.writers import _zipfile
from officefiches.writers.xlsx import _xlsxwriter
from officefiches.writers.xlsx.book import workbook_options
from officefiches.writers.xlsx.styles import formats as book_formats
from officefiches.writers.xlsx.tables import Column, Strings, bulk_table

VERSION = f"XlsxWriter {xlsxwriter.__version__}"


def relied_on(condition: bool, what: str) -> None:
    """Fail loudly, naming the library, its version and the internal."""
    if not condition:
        pytest.fail(
            f"{VERSION} : {what} a changé ; writers/xlsx/_xlsxwriter.py en dépend "
            "(vérifiez cette version et ajustez la borne de pyproject.toml)."
        )


def test_fast_workbook_is_zipped_by_the_fast_deflate(tmp_path, monkeypatch):
    store = getattr(xlsxwriter.Workbook, "_store_workbook", None)
    relied_on(store is not None, "Workbook._store_workbook")
    relied_on("ZipFile(" in inspect.getsource(store), "Workbook._store_workbook (ZipFile)")
    members = []
    original = _zipfile._compressor

    def spy(compress_type, compresslevel=None):
        members.append(compress_type)
        return original(compress_type, compresslevel)

    monkeypatch.setattr(_zipfile, "_compressor", spy)
    workbook = _xlsxwriter.FastWorkbook(str(tmp_path / "f.xlsx"), workbook_options())
    workbook.add_worksheet().write_string(0, 0, "x")
    workbook.close()
    relied_on(members and set(members) == {zipfile.ZIP_DEFLATED}, "Workbook._store_workbook")
    with zipfile.ZipFile(tmp_path / "f.xlsx") as package:
        assert package.testzip() is None  # every member's CRC checks out under zlib
    assert load_workbook(tmp_path / "f.xlsx").active["A1"].value == "x"


def test_formula_sheet_skips_the_future_function_rewriting(tmp_path):
    prepare = getattr(Worksheet, "_prepare_formula", None)
    relied_on(prepare is not None, "Worksheet._prepare_formula")
    parameters = list(inspect.signature(prepare).parameters)
    relied_on(parameters[:2] == ["self", "formula"], "Worksheet._prepare_formula(formula, …)")
    workbook = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"), {"in_memory": True})
    plain = workbook.add_worksheet()
    ours = workbook.add_worksheet(worksheet_class=_xlsxwriter.FormulaSheet)
    plain.write_formula(0, 0, "=SUMIFS(A2:A3,B2:B3,1)+0")
    ours.write_formula(0, 0, "=SUMIFS(A2:A3,B2:B3,1)+0")
    workbook.close()
    with zipfile.ZipFile(tmp_path / "f.xlsx") as package:
        sheets = [package.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
    relied_on(all("<f>SUMIFS(A2:A3,B2:B3,1)+0</f>" in s for s in sheets), "write_formula")


@pytest.mark.parametrize("default_height", [None, 20])
def test_formula_sheet_writes_cells_as_xlsxwriter_does(tmp_path, default_height):
    """Formatted formulas and texts written in one go: the same XML as XlsxWriter's writer,
    whatever the cell (numbers, text and error values, no format, special characters) or the
    rows' default height."""
    from xlsxwriter.worksheet import (
        CellBlankTuple,
        CellFormulaTuple,
        CellNumberTuple,
        CellStringTuple,
    )

    relied_on(CellFormulaTuple._fields == ("formula", "format", "value"), "CellFormulaTuple")
    relied_on(CellStringTuple._fields == ("string", "format"), "CellStringTuple")
    relied_on(CellNumberTuple._fields == ("number", "format"), "CellNumberTuple")
    relied_on(CellBlankTuple._fields == ("format",), "CellBlankTuple")
    write_row = getattr(Worksheet, "_write_row", None)
    relied_on(write_row is not None, "Worksheet._write_row")
    parameters = list(inspect.signature(write_row).parameters)
    relied_on(parameters == ["self", "row", "spans", "row_info", "empty_row"], "_write_row")
    workbook = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"), {"in_memory": True})
    fmt = workbook.add_format({"num_format": "0.0"})
    sheets = [
        workbook.add_worksheet(),
        workbook.add_worksheet(worksheet_class=_xlsxwriter.FormulaSheet),
    ]
    for sheet in sheets:
        for attribute in ("constant_memory", "table", "row_info", "row_spans", "comments",
                          "default_row_height", "original_row_height"):  # fmt: skip
            relied_on(hasattr(sheet, attribute), f"Worksheet.{attribute}")
        if default_height:
            sheet.set_default_row(default_height)
        relied_on(getattr(sheet, "excel_version", None) == 2007, "Worksheet.excel_version")
        cells = [
            ("=SUM(B1:B3)/1000000", fmt, 12.5),
            ('=IF(A1<0,"a & b","x>y")', fmt, 3),
            ("=A1+1", fmt, ""),
            ("=A1", fmt, "#N/A"),
            ("=A1", fmt, "texte"),
            ("=A1", fmt, True),
            ("=A1", None, 7),
        ]
        for row, (formula, cell_format, value) in enumerate(cells):
            sheet.write_formula(row, 0, formula, cell_format, value)
        sheet.write_string(0, 1, "Libellé & <code>", fmt)
        sheet.write_string(1, 1, "sans format")
        sheet.write_number(2, 1, 1.5, fmt)
        sheet.write_number(3, 1, 1e21)
        sheet.write_blank(4, 1, None, fmt)
        sheet.merge_range(20, 2, 21, 5, "fusion", fmt)  # blanks, spans of another block
        sheet.set_row(8, 30)  # a row with attributes only
        sheet.set_row(20, 25, fmt)
        sheet.write_string(40, 9, "loin")
    workbook.close()
    with zipfile.ZipFile(tmp_path / "f.xlsx") as package:
        xml = [package.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
    data = [re.search("<sheetData>.*</sheetData>", x).group(0) for x in xml]
    relied_on(data[0] == data[1], "Worksheet._write_cell (les cellules écrites d'un coup)")


def test_bulk_table_body_reads_back_as_written(tmp_path):
    for owner, name in (
        (Worksheet, "_write_sheet_data"),
        (Worksheet, "_write_rows"),
        (Worksheet, "_check_dimensions"),
        (Worksheet, "_xml_start_tag"),
        (Worksheet, "_xml_end_tag"),
        (xlsxwriter.format.Format, "_get_xf_index"),
    ):
        relied_on(hasattr(owner, name), f"{owner.__name__}.{name}")
    path = tmp_path / "f.xlsx"
    workbook = _xlsxwriter.FastWorkbook(str(path), workbook_options())
    sheet = workbook.add_worksheet("Données", worksheet_class=_xlsxwriter.BulkSheet)
    for attribute in ("str_table", "dim_rowmax", "dim_rowmin", "tables"):
        relied_on(hasattr(sheet, attribute), f"Worksheet.{attribute}")
    relied_on(hasattr(sheet.str_table, "_get_shared_string_index"), "SharedStringTable")
    formats = book_formats(workbook)
    columns = [
        Column("Pays", Strings.of(pd.Series(["=cmd", "Allemagne", "=cmd"])), 10),
        Column("Valeur (€)", pd.Series([1, 22, 333]), 10, "data_int"),
    ]
    bulk_table(sheet, "Lignes", columns, formats)
    sheet.set_header("&L&8Paris — commerce extérieur")
    relied_on(set(sheet.tables[-1]) >= {"range", "a_range", "autofilter"}, "Worksheet.tables")
    workbook.close()
    read = load_workbook(path)["Données"]
    rows = [[cell.value for cell in row] for row in read.iter_rows()]
    relied_on(rows == [["Pays", "Valeur (€)"], ["=cmd", 1], ["Allemagne", 22], ["=cmd", 333]],
              "le corps de tableau écrit en bloc")  # fmt: skip
    relied_on(read.tables["Lignes"].ref == "A1:B4", "la plage du tableau (add_table)")
    # every cell carries its reference (r="B3"): read at the same places by calamine
    # (`officefiches deck`) as by openpyxl
    with zipfile.ZipFile(path) as package:
        body = package.read("xl/worksheets/sheet1.xml").decode()
    assert '<row r="4"><c r="A4" t="s"><v>' in body and '<c r="B4" s="' in body
    # the sheet's XML is ASCII alone (held and encoded fast), the header's text the same
    relied_on(body.isascii(), "Worksheet._escape_data (l'en-tête de page)")
    assert read.oddHeader.left.text == "Paris — commerce extérieur"
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Données").to_python()
    assert calamine == [["Pays", "Valeur (€)"], ["=cmd", 1], ["Allemagne", 22], ["=cmd", 333]]
    with zipfile.ZipFile(path) as package:
        strings = package.read("xl/sharedStrings.xml").decode()
    relied_on('count="5" uniqueCount="4"' in strings, "le compte des chaînes partagées")


def test_shared_strings_are_written_as_xlsxwriter_writes_them(tmp_path):
    """Plain strings in one go, the others XlsxWriter's way: the same sharedStrings.xml."""
    from xlsxwriter.packager import Packager
    from xlsxwriter.sharedstrings import SharedStrings

    relied_on(hasattr(xlsxwriter.Workbook, "_get_packager"), "Workbook._get_packager")
    source = inspect.getsource(Packager._write_shared_strings_file)
    relied_on("SharedStrings()" in source, "Packager._write_shared_strings_file")
    for name in ("_write_sst_strings", "_write_si"):
        relied_on(hasattr(SharedStrings, name), f"SharedStrings.{name}")
    relied_on("string_array" in inspect.getsource(SharedStrings._write_sst_strings),
              "SharedStrings._write_sst_strings (string_table.string_array)")  # fmt: skip
    strings = [
        "Allemagne", "Produits de l'industrie & co", "<r>riche</r>", "a<b", " espace", "fin ",
        "ligne\n", "tab\tau milieu", "ctrl\x07", "_x0041_ littéral", "x_x12_y", "«\u00a0»",
        "\ufffe", "guillemet \"", "é", "\u202f%",
    ]  # fmt: skip
    xml = []
    for workbook_class in (xlsxwriter.Workbook, _xlsxwriter.FastWorkbook):
        path = tmp_path / f"{workbook_class.__name__}.xlsx"
        workbook = workbook_class(str(path), workbook_options())
        sheet = workbook.add_worksheet()
        for row, text in enumerate(strings):
            sheet.write_string(row, 0, text)
        workbook.close()
        with zipfile.ZipFile(path) as package:
            xml.append(package.read("xl/sharedStrings.xml"))
    relied_on(xml[0] == xml[1], "SharedStrings._write_si (les chaînes partagées écrites d'un coup)")


def test_bulk_sheet_xml_is_zipped_as_bytes(tmp_path, monkeypatch):
    """A bulk sheet's XML handed to the zip as bytes (XlsxWriter's binary files): the same
    member as through XlsxWriter's own StringIO."""
    from xlsxwriter.packager import Packager
    from xlsxwriter.xmlwriter import XMLwriter

    relied_on(hasattr(Packager, "_filename"), "Packager._filename")
    relied_on("self.filenames.append((" in inspect.getsource(Packager._filename),
              "Packager._filename (filenames)")  # fmt: skip
    relied_on('"xl/worksheets/sheet"' in inspect.getsource(Packager._write_worksheet_files),
              "Packager._write_worksheet_files")  # fmt: skip
    store = inspect.getsource(xlsxwriter.Workbook._store_workbook)
    relied_on("if is_binary:" in store and "os_filename.getvalue())" in store,
              "Workbook._store_workbook (fichiers binaires)")  # fmt: skip
    relied_on("isinstance(filename, StringIO)" in inspect.getsource(XMLwriter._set_xml_writer),
              "XMLwriter._set_xml_writer")  # fmt: skip
    gathered = []
    original = _xlsxwriter._XmlBytes.getvalue

    def spy(self):
        gathered.append(self)
        return original(self)

    monkeypatch.setattr(_xlsxwriter._XmlBytes, "getvalue", spy)
    members = []
    for bulk_as_bytes in (True, False):
        if not bulk_as_bytes:  # XlsxWriter's own StringIO for every file
            monkeypatch.setattr(_xlsxwriter._Packager, "_filename", Packager._filename)
        path = tmp_path / f"{bulk_as_bytes}.xlsx"
        workbook = _xlsxwriter.FastWorkbook(str(path), workbook_options())
        workbook.set_properties({"created": datetime(2024, 1, 1)})  # same inputs, same bytes
        workbook.add_worksheet("Avant").write_string(0, 0, "é")
        sheet = workbook.add_worksheet("Données", worksheet_class=_xlsxwriter.BulkSheet)
        columns = [
            Column("Pays", Strings.of(pd.Series(["Allemagne", "Italie"] * 30_000)), 10),
            Column("Valeur (€)", pd.Series(range(60_000)), 10, "data_int"),
        ]
        bulk_table(sheet, "Lignes", columns, book_formats(workbook))
        sheet.set_header("&L&8Paris — commerce extérieur")
        workbook.close()
        with zipfile.ZipFile(path) as package:
            members.append([package.read(n) for n in package.namelist()])
    relied_on(len(gathered) == 1, "Packager._filename (la feuille en octets)")
    relied_on(members[0] == members[1], "Workbook._store_workbook (la feuille en octets)")


def test_formula_sheet_writes_formulas_and_strings_undecorated(tmp_path):
    """write_formula / write_string only convert A1 notation, then call their undecorated
    versions, which FormulaSheet calls directly for row numbers."""
    for public, private, call in (
        ("write_formula", "_write_formula", "(row, col, formula, cell_format, value)"),
        ("write_string", "_write_string", "(row, col, string, cell_format)"),
    ):
        source = inspect.getsource(getattr(Worksheet, public))
        relied_on(f"return self.{private}{call}" in source, f"Worksheet.{public}")
    workbook = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"), {"in_memory": True})
    sheet = workbook.add_worksheet(worksheet_class=_xlsxwriter.FormulaSheet)
    sheet.write_formula("B3", "=1+1", None, 2)
    sheet.write_formula(3, 1, "=2+2", value=4)
    sheet.write_string("A1", "a")
    sheet.write_string(1, 0, "b", None)
    assert sheet.table[2][1].formula == "1+1" and sheet.table[3][1].value == 4
    assert {0, 1} <= set(sheet.table) and sheet.table[1][0].format is None
    workbook.close()


def test_bulk_table_body_is_xlsxwriter_s_own_xml(tmp_path, monkeypatch):
    """The body rendered in one pass (rows joined by their number, in chunks) is the XML
    XlsxWriter writes for the same cells, but the rows' spans (optional, left out)."""
    monkeypatch.setattr(_xlsxwriter.BulkSheet, "CHUNK", 7)  # several chunks, one partial
    texts = ["Allemagne", "Italie", "Allemagne", "Chine", "Italie"] * 5
    quarters = pd.Series([1, 2, 3, 4, 1] * 5, dtype="int8")
    amounts = pd.Series([10**9 * k + k for k in range(25)], dtype="int64")
    workbook = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"), workbook_options())
    formats = book_formats(workbook)
    columns = [
        Column("Pays", Strings.of(pd.Series(texts)), 10),
        Column("Code", Strings.of(pd.Series([t[:2].upper() for t in texts])), 10, "data_code"),
        Column("Trimestre", quarters, 10, "data_code"),
        Column("Valeur (€)", amounts, 10, "data_int"),
        Column("Masse (kg)", -amounts, 10),
    ]
    ours = workbook.add_worksheet("Bloc", worksheet_class=_xlsxwriter.BulkSheet)
    bulk_table(ours, "Lignes", columns, formats)
    plain = workbook.add_worksheet("XlsxWriter")
    plain.write_row(0, 0, [c.header for c in columns], formats["data_header"])
    for row in range(len(texts)):
        for col, column in enumerate(columns):
            cell_format = formats[column.style] if column.style else None
            if column.text:
                value = column.values.uniques[column.values.codes[row]]
                plain.write_string(row + 1, col, value, cell_format)
            else:
                plain.write_number(row + 1, col, int(column.values[row]), cell_format)
    workbook.close()
    with zipfile.ZipFile(tmp_path / "f.xlsx") as package:
        xml = [package.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2)]
    body = [re.search('<row r="2".*</sheetData>', x).group(0) for x in xml]
    relied_on(body[0] == re.sub(' spans="[0-9:]+"', "", body[1]),
              "Worksheet._write_rows (le corps de tableau écrit en bloc)")  # fmt: skip


def test_formula_sheet_stores_strings_as_xlsxwriter_does(tmp_path):
    """A text stored at once: the same cell and shared strings as XlsxWriter's `_write_string`
    (its checks and truncation of an overlong text kept: its own writer then)."""
    source = inspect.getsource(Worksheet._write_string)
    for part in ("self.xls_strmax // 2", "self.str_table._get_shared_string_index(string)",
                 "CellStringTuple(string_index, cell_format)"):  # fmt: skip
        relied_on(part in source, f"Worksheet._write_string ({part})")
    stored = []
    for worksheet_class in (Worksheet, _xlsxwriter.FormulaSheet):
        workbook = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"), {"in_memory": True})
        fmt = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(worksheet_class=worksheet_class)
        codes = [
            sheet.write_string(0, 0, "a", fmt),
            sheet.write_string(0, 1, "a"),
            sheet.write_string(3, 2, "é & <b>", fmt),
            sheet.write_string(1, 0, "x" * 40_000),  # truncated: -2
            sheet.write_string(-1, 0, "hors"),
            sheet.write_string(1_048_576, 0, "hors"),
            sheet.write_string("C5", "A1", fmt),
        ]
        cells = {  # the format: this workbook's own
            (r, c): (type(cell), cell.string, cell.format is fmt)
            for r, row in sheet.table.items()
            for c, cell in row.items()
        }
        table = sheet.str_table
        stored.append((codes, cells, dict(table.string_table), table.count, sheet.dim_rowmax))
        workbook.close()
    relied_on(stored[0] == stored[1], "Worksheet._write_string (le texte rangé d'un coup)")


def test_formula_sheet_takes_every_call_form_as_xlsxwriter_does(tmp_path):
    """Row numbers, "A1" notation, arguments by keyword or left out: the same cells as
    XlsxWriter's write_formula and write_string (its own way for all but row numbers)."""
    stored = []
    for worksheet_class in (Worksheet, _xlsxwriter.FormulaSheet):
        workbook = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"), {"in_memory": True})
        fmt = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(worksheet_class=worksheet_class)
        sheet.write_formula(0, 0, "=1+1")
        sheet.write_formula(0, 1, "=1+2", fmt)
        sheet.write_formula(0, 2, "=1+3", fmt, 4)
        sheet.write_formula(0, 3, "=1+4", value=5)
        sheet.write_formula("A2", "=2+1")
        sheet.write_formula("B2", "=2+2", fmt, 3)
        sheet.write_formula("C2", "=2+3", value=6)
        sheet.write_string(2, 0, "a")
        sheet.write_string(2, 1, "b", fmt)
        sheet.write_string(2, 2, "c", cell_format=fmt)
        sheet.write_string("D3", "d", fmt)
        sheet.write_string("E3", "e")
        cells = {
            (r, c): (type(cell), cell[0], cell.format is fmt, getattr(cell, "value", None))
            for r, row in sheet.table.items()
            for c, cell in row.items()
        }
        stored.append(cells)
        workbook.close()
    relied_on(stored[0] == stored[1], "Worksheet.write_formula / write_string (leurs arguments)")
