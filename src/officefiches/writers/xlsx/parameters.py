"""The hidden sheet « officefiches »: what `officefiches deck` needs that no Table holds (the
data's description, the Territoires d'industrie, the compared year, the concentration of the
region's and France's partners), one (key, JSON) per row (bookmeta.parameters), and the lists of
codes the concentration formulas of « Exposition » sum over (columns D and E)."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches.writers.xlsx import bookmeta
from officefiches.writers.xlsx.book import Book, Sheet

CODE_COLUMNS = {"pays": 3, "a129": 4}  # the code lists: countries in D, products in E


def code_list(book: Book, kind: str) -> list[str]:
    """Countries of the subject's Table (complete: the subject's concentration sums over them),
    or products of every Table (`kind` "pays" or "a129"). Asked for every concentration cell:
    made once for the sums the book holds."""
    key = (kind, tuple(map(id, book.sums.values())))  # the Sums are held by the book
    if key not in book.code_lists:
        if kind == "pays":
            sums = book.sums[book.subject_table]
            codes = sorted({code for _, code in sums.pays if code not in bookmeta.FOLDED})
        else:
            codes = sorted({code for sums in book.sums.values() for _, code in sums.a129})
        book.code_lists[key] = codes
    return book.code_lists[key]


def code_range(book: Book, kind: str) -> str:
    """The absolute range of a code list on this sheet (written by `write`)."""
    codes = code_list(book, kind)
    col = CODE_COLUMNS[kind]
    first = xl_rowcol_to_cell(1, col, row_abs=True, col_abs=True)
    last = xl_rowcol_to_cell(max(len(codes), 1), col, row_abs=True, col_abs=True)
    return f"'{bookmeta.PARAMETERS_SHEET}'!{first}:{last}"


def write(book: Book, sheet) -> None:
    sheet.hide()
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 0, bookmeta.PARAMETERS_NOTE)
    for row, (key, value) in enumerate(book.parameters(), start=1):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    for kind, col in CODE_COLUMNS.items():
        for row, code in enumerate(code_list(book, kind), start=1):
            sheet.write_string(row, col, code)


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet(bookmeta.PARAMETERS_SHEET, write, last=True),)
