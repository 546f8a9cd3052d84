"""Départements / Régions (a synthesis's workbook): its members compared in the Excel Table
"Departements" / "Regions" (exports, imports, balance, shares, first partner) with a chart.
Amounts are SUMIFS over the Table "Membres" (flux × member × country); the first partner named
is the one of the data as generated, its trade a SUMIFS."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from officefiches import formatting
from officefiches.model import EXPORT, IMPORT, UNASSIGNED, Totals
from officefiches.writers import look
from officefiches.writers.look import NO_TRADE
from officefiches.writers.xlsx import bookmeta, formulas
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.formulas import MILLION, ratio
from officefiches.writers.xlsx.sizing import label_width
from officefiches.writers.xlsx.styles import rank_order_axes
from officefiches.writers.xlsx.tables import TABLE_MEMBERS


def write(book: Book, sheet) -> None:
    fmt, synthesis = book.fmt, book.synthesis
    title = book.sheet_text(f"membres.titre_{book.kind}")
    note = book.sheet_text(f"membres.note_{book.kind}")
    members = synthesis.members
    names = [m.name for m in members] + [f"Total {book.name}"]
    partners = [m.top_partner.label for m in members if m.top_partner is not None]
    widths = (7, label_width(names, 16, 40), 14, 14, 13, 13, 13, label_width(partners, 18), 18)
    book.set_widths(sheet, widths)
    row = book.heading(sheet, title, note, width=9)
    if not members:
        sheet.write_string(row, 0, NO_TRADE, fmt["text"])
        return
    heads = [
        "Code",
        book.column,
        "Exportations (M€)",
        "Importations (M€)",
        "Solde (M€)",
        "Part des exportations",
        "Part des importations",
        "Premier partenaire",
        "Échanges avec le premier partenaire (M€)",
    ]
    first, last = row + 1, row + len(members)
    sheet.add_table(
        row,
        0,
        last,
        len(heads) - 1,
        {
            "name": book.table,
            "style": "Table Style Light 9",
            "columns": [{"header": h, "header_format": fmt["header"]} for h in heads],
        },
    )
    sheet.set_row(row, 45)
    total_row = last + 1
    rest = _unassigned(book)
    if rest is not None:
        total_row += 1
    totals = {col: xl_rowcol_to_cell(total_row, col, row_abs=True) for col in (2, 3)}
    whole_totals = synthesis.whole.totals
    for i, member in enumerate(members):
        r = first + i
        _member_row(book, sheet, r, member.code, member.name, member.totals, totals)
        partner = member.top_partner
        if partner is None:
            sheet.write_string(r, 7, NO_TRADE, fmt["cell"])
            sheet.write_blank(r, 8, None, fmt["meur"])
        else:
            book.label_cell(sheet, r, 7, "pays", partner.code, partner.label)
            code = (bookmeta.COUNTRY, formulas.quote(partner.code))
            book.value_cell(
                sheet, r, 8, partner.exports + partner.imports, (EXPORT, IMPORT),
                (book.member_column, formulas.quote(member.code)), table=TABLE_MEMBERS,
                extra=code,
            )  # fmt: skip
    if rest is not None:
        label = f"Non rattaché à {'une' if book.one == 'région' else 'un'} {book.one}"
        _member_row(book, sheet, last + 1, UNASSIGNED, label, rest, totals)
    sheet.write_string(total_row, 1, f"Total {book.name}", fmt["total_label"])
    sheet.write_blank(total_row, 0, None, fmt["total_label"])
    for col, euros in ((2, whole_totals.exports), (3, whole_totals.imports)):
        book.sum_cell(sheet, (total_row, col), (first, col), (total_row - 1, col), euros)
    exp, imp = (xl_rowcol_to_cell(total_row, c) for c in (2, 3))
    balance = whole_totals.balance / MILLION
    sheet.write_formula(total_row, 4, f"={exp}-{imp}", fmt["signed"], balance)
    book.balance_colours(sheet, first, 4, total_row, 4)
    sheet.freeze_panes(first, 2)
    _members_chart(book, sheet, first, last, total_row + 2)


def _member_row(book: Book, sheet, r: int, code: str, name: str, totals: Totals, whole) -> None:
    """Code, name, exports, imports, balance (formula), shares of the whole (formulas)."""
    fmt = book.fmt
    sheet.write_string(r, 0, code if code != UNASSIGNED else "", fmt["code"])
    sheet.write_string(r, 1, name, fmt["cell"])
    member = (book.member_column, formulas.quote(code))
    for col, flux in ((2, EXPORT), (3, IMPORT)):
        book.value_cell(sheet, r, col, totals.of(flux), (flux,), member, table=TABLE_MEMBERS)
    exp, imp = (xl_rowcol_to_cell(r, c) for c in (2, 3))
    sheet.write_formula(r, 4, f"={exp}-{imp}", fmt["signed"], totals.balance / MILLION)
    for col, value_col, flux in ((5, 2, EXPORT), (6, 3, IMPORT)):
        part, total = xl_rowcol_to_cell(r, value_col), whole[value_col]
        formula = f'=IF({total}=0,"{formatting.NOT_AVAILABLE}",{part}/{total})'
        cached = ratio(totals.of(flux), book.subject.totals.of(flux))
        sheet.write_formula(r, col, formula, fmt["pct1"], cached)


def _unassigned(book: Book) -> Totals | None:
    """What the whole holds beyond its members (lines of no known department), if any."""
    whole, members = book.synthesis.whole.totals, book.synthesis.members
    rest = Totals(
        whole.exports - sum(m.totals.exports for m in members),
        whole.imports - sum(m.totals.imports for m in members),
    )
    return rest if (rest.exports, rest.imports) != (0, 0) else None


def _members_chart(book: Book, sheet, first: int, last: int, at: int) -> None:
    chart = book.chart("bar", book.sheet_text(f"membres.graphique_{book.kind}"))
    series = ((2, "Exportations", look.EXPORTS), (3, "Importations", look.IMPORTS))
    book.add_series(chart, sheet, (first, last), 1, series, 50, "#,##0.0")
    rank_order_axes(chart, {"num_format": "#,##0"})
    count = last - first + 1
    chart.set_size({"width": 760, "height": 100 + (40 if count <= 8 else 28) * count})
    if count > 8:  # the chart on its own page
        sheet.set_h_pagebreaks([at])
    sheet.repeat_rows(first - 1)
    description = book.sheet_text("membres.description", nombre=count, membres=book.many)
    sheet.insert_chart(at, 0, chart, {"description": description})


# The sheets of this section (writers/sections.py), in tab order.
SHEETS = (Sheet(lambda book: book.sheet_name, write),)  # "Départements" or "Régions"
