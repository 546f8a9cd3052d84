"""« Messages »: the Table "Messages" where a team writes what the committee should retain: one
row per slide of the deck (its title, in order, from writers/sections.py) and an empty
« Message » (or the one carried from the previous workbook); `officefiches deck` shows a
message on its slide as the key message and first in its notes."""

from __future__ import annotations

from officefiches.writers import sections
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import MESSAGE_COLUMNS, TABLE_MESSAGES
from officefiches.writers.xlsx.sizing import text_lines


def write(book: Book, sheet) -> None:
    fmt = book.fmt
    book.set_widths(sheet, (58, 110))
    row = book.heading(
        sheet, book.sheet_text("messages.titre"), book.sheet_text("messages.note"), 2
    )
    titles = sections.titles(book.doc)
    header, last = row, row + len(titles)
    sheet.add_table(
        header,
        0,
        last,
        1,
        {
            "name": TABLE_MESSAGES,
            "style": "Table Style Light 9",
            "columns": [{"header": h, "header_format": fmt["header"]} for h in MESSAGE_COLUMNS],
        },
    )
    sheet.set_row(header, 18)
    for i, title in enumerate(titles, start=header + 1):
        sheet.write_string(i, 0, title, fmt["cell_wrap"])
        carried = book.team.messages.get(sections.key(title))
        if carried:
            sheet.write_string(i, 1, carried[1], fmt["input_wrap"])
            sheet.set_row(i, 13.5 * text_lines(carried[1], 120))
        else:
            sheet.write_blank(i, 1, None, fmt["input_wrap"])
            sheet.set_row(i, 27)  # room for a two-line message
    sheet.freeze_panes(header + 1, 0)
    sheet.repeat_rows(header)


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Messages", write, last=True),)
