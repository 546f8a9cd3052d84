"""« Messages »: the Table "Messages" where a team writes what the committee should retain: one
row per slide of the deck (its title, in order, from writers/sections.py) and an empty
« Message » (or the one carried from the previous workbook); `officefiches deck` shows a
message on its slide as the key message and first in its notes.

With `build --carry-over`, a third column « Message de 2023 » holds what the team wrote for
that year's slide of the same title (the years in a title aside): read again, never shown on
the slides. The titles and that column are officefiches' (typing there is refused); a message's
length is bounded by what its slide holds."""

from __future__ import annotations

import re

from officefiches.writers import sections
from officefiches.writers.look import MESSAGE_MAX_CHARS
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import EARLIER_MESSAGE, MESSAGE_COLUMNS, TABLE_MESSAGES
from officefiches.writers.xlsx.sizing import text_lines

YEARS = re.compile(r"\b(19|20)\d\d\b")


def write(book: Book, sheet) -> None:
    fmt, team = book.fmt, book.team
    titles = sections.titles(book.doc)
    earlier = _earlier(titles, team.earlier_messages) if team.earlier_year else {}
    columns = list(MESSAGE_COLUMNS)
    note = book.sheet_text("messages.note")
    if earlier:
        columns.append(EARLIER_MESSAGE.format(annee=team.earlier_year))
        note += " " + book.sheet_text("messages.note_reprise", annee_reprise=team.earlier_year)
    book.set_widths(sheet, (58, 110, 80)[: len(columns)])
    row = book.heading(sheet, book.sheet_text("messages.titre"), note, len(columns))
    header, last = row, row + len(titles)
    book.team_table(sheet, header, last, TABLE_MESSAGES, columns)
    for i, title in enumerate(titles, start=header + 1):
        sheet.write_string(i, 0, title, fmt["cell_wrap"])
        carried = team.messages.get(sections.key(title))
        if carried:
            sheet.write_string(i, 1, carried[1], fmt["input_wrap"])
        else:
            sheet.write_blank(i, 1, None, fmt["input_wrap"])
        before = earlier.get(i - header - 1)
        if before:
            sheet.write_string(i, 2, before, fmt["cell_wrap"])
        elif earlier:
            sheet.write_blank(i, 2, None, fmt["cell_wrap"])
        lines = [text_lines(carried[1], 120)] if carried else []
        lines += [text_lines(before, 90)] if before else []
        sheet.set_row(i, 13.5 * max([2, *lines]))  # room for two lines at least
    rows = (header + 1, last)
    book.typed_cells(sheet, rows, 1, "messages", MESSAGE_MAX_CHARS)
    book.fixed_cells(sheet, rows, (0, 0), "messages")
    if earlier:
        book.fixed_cells(sheet, rows, (2, 2), "messages")
    sheet.freeze_panes(header + 1, 0)
    sheet.repeat_rows(header)


def _earlier(titles: tuple[str, ...], messages: dict[str, tuple[str, str]]) -> dict[int, str]:
    """Each row's message of another year: the slide of the same title, else of the same title
    but for its years (« Tendances 2019–2023 » beside « Tendances 2020–2024 »)."""
    by_key = {key: text for key, (_, text) in messages.items()}
    by_shape = {YEARS.sub("", key): text for key, text in by_key.items()}
    found = {}
    for i, title in enumerate(titles):
        key = sections.key(title)
        text = by_key.get(key) or by_shape.get(YEARS.sub("", key))
        if text:
            found[i] = text
    return found


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Messages", write, last=True),)
