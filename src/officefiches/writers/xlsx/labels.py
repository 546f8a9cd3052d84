"""« Libellés »: the Table "Libelles" where a team writes its short labels: every product (A129)
and country the workbook names (recorded as its sheets wrote them), with its official label,
the name officefiches shows by default (« Nom affiché par défaut »: writers/look.display_name)
and an empty « Libellé court » (or the one carried from the previous workbook); a short label
carried whose code no sheet names this year is kept, marked in « Remarque ». The type, code,
official label and default name are officefiches' (typing there is refused); a short label's
length is bounded by what the slides hold. A filled short label replaces the default name in
the workbook's tables and charts (their name cells are formulas over this Table) and on the
slides of `officefiches deck`."""

from __future__ import annotations

import unicodedata

from officefiches.writers import look
from officefiches.writers.look import LABEL_MAX_CHARS
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.bookmeta import (
    KIND_TYPES,
    LABEL_NOTE,
    LABEL_SHEET_COLUMNS,
    TABLE_LABELS,
)
from officefiches.writers.xlsx.sizing import label_width

KIND_ORDER = {"a129": 0, "pays": 1, "cpf4": 2}


def write(book: Book, sheet) -> None:
    fmt = book.fmt
    row = book.heading(
        sheet, book.sheet_text("libelles.titre"), book.sheet_text("libelles.note"), 5
    )
    entries = sorted(book.shown.items(), key=lambda e: (KIND_ORDER[e[0][0]], _sort(e[1]), e[0][1]))
    kept = _kept(book)
    columns = LABEL_SHEET_COLUMNS + ((LABEL_NOTE,) if kept else ())
    defaults = {key: look.default_name(*key, label) for key, label in entries + kept}
    widths = (14, 9, label_width(book.shown.values(), 40, 80), 30, 30, 50)
    book.set_widths(sheet, widths[: len(columns)])
    header = row
    last = header + max(len(entries) + len(kept), 1)
    book.team_table(sheet, header, last, TABLE_LABELS, columns)
    for i, ((kind, code), label) in enumerate(entries + kept, start=header + 1):
        sheet.write_string(i, 0, KIND_TYPES[kind], fmt["cell"])
        sheet.write_string(i, 1, code, fmt["code"])
        sheet.write_string(i, 2, label, fmt["cell"])
        sheet.write_string(i, 3, defaults[(kind, code)], fmt["cell"])
        short = book.team.short_labels.get((kind, code), "")
        if short:
            sheet.write_string(i, 4, short, fmt["input"])
        else:
            sheet.write_blank(i, 4, None, fmt["input"])
        if i > header + len(entries):
            sheet.write_string(i, 5, book.sheet_text("libelles.non_utilise"), fmt["cell"])
    rows = (header + 1, last)
    book.typed_cells(sheet, rows, 4, "libelles", LABEL_MAX_CHARS)
    book.fixed_cells(sheet, rows, (0, 3), "libelles")
    sheet.freeze_panes(header + 1, 0)
    sheet.repeat_rows(header)


def _kept(book: Book) -> list[tuple[tuple[str, str], str]]:
    """The team's short labels whose code no sheet names this year (another year's, or a code
    the data lack now): kept, with their official label, for the years to come."""
    team = book.team
    kept = [
        ((kind, code), team.official.get((kind, code), ""))
        for kind, code in team.short_labels
        if (kind, code) not in book.shown and kind in KIND_TYPES
    ]
    return sorted(kept, key=lambda e: (KIND_ORDER[e[0][0]], _sort(e[1]), e[0][1]))


def _sort(label: str) -> str:
    """Alphabetical order, accents ignored (« Éléments » among the E)."""
    return "".join(
        c for c in unicodedata.normalize("NFD", label.casefold()) if not unicodedata.combining(c)
    )


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet("Libellés", write, last=True),)
