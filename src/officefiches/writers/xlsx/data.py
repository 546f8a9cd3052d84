"""The data sheets, each one Excel Table rendered in bulk, whose sums are the cached values of
every formula over them:
- a department's workbook: « Données » (its source lines, Table "Lignes"), « Données région »
  and « Données France » (flux × A129 × country, Tables "Region" and "France", the countries no
  figure names summed per product into « Autres pays »: `tables.kept_countries`);
- a synthesis's workbook: « Données » (the whole's flux × A129 × country, every country: Table
  "Region" or "France"), « Données France » beside a region's (as above), « Données
  départements » / « Données régions » (flux × member × country, Table "Membres");
- both, when the data hold a compared year: « Données AAAA » (the subject's flux × A129 ×
  country that year, Table "Precedent").
"""

from __future__ import annotations

from functools import partial

from officefiches.writers.xlsx import bookmeta
from officefiches.writers.xlsx.book import Book, Sheet
from officefiches.writers.xlsx.tables import (
    TABLE_FRANCE,
    TABLE_LINES,
    TABLE_MEMBERS,
    TABLE_PREVIOUS,
    TABLE_REGION,
    bulk_table,
    code_strings,
    compact_columns,
    detail_columns,
    line_columns,
    member_columns,
    table_sums,
)


def lines(book: Book, sheet) -> None:
    """Données: the department's source lines, Table "Lignes"."""
    rows = book.sorted_lines
    strings = code_strings(rows)  # for its columns and its sums
    bulk_table(sheet, TABLE_LINES, line_columns(rows, book.tables.labels, strings), book.fmt)
    book.sums[TABLE_LINES] = table_sums(rows, strings)


def detail(book: Book, sheet, table: str) -> None:
    """Données région / Données France of a department's workbook (Table "Region" or
    "France"); Données France beside a region's synthesis."""
    tables = book.tables
    if book.KIND == "departement":
        frame = tables.region_detail if table == TABLE_REGION else tables.france_detail
        extra = book.countries
    else:  # France beside a region: its countries, and the region's main partners named
        frame = tables.parent_detail
        extra = [p.code for p in book.subject.partners]
    strings, numbers = compact_columns(frame, extra)  # for its columns and its sums
    bulk_table(sheet, table, detail_columns(numbers, tables.labels, strings), book.fmt)
    book.sums[table] = table_sums(numbers, strings)


region = partial(detail, table=TABLE_REGION)
france = partial(detail, table=TABLE_FRANCE)


def whole(book: Book, sheet) -> None:
    """Données of a synthesis: the whole's flux × A129 × country, every country."""
    frame = book.tables.detail
    table = book.subject_table
    strings = code_strings(frame)
    bulk_table(sheet, table, detail_columns(frame, book.tables.labels, strings), book.fmt)
    book.sums[table] = table_sums(frame, strings)


def members(book: Book, sheet) -> None:
    """Données départements / régions: flux × member × country, Table "Membres"."""
    frame = book.tables.members
    headers = bookmeta.MEMBER_HEADERS[book.KIND]
    bulk_table(sheet, TABLE_MEMBERS, member_columns(frame, book.tables.labels, headers), book.fmt)
    book.member_sums = member_sums(frame)


def member_sums(frame) -> dict[tuple[str, str, str], int]:
    """(flux, member, country) → euros, and (flux, member, "") → the member's total."""
    sums: dict[tuple[str, str, str], int] = {}
    for flux, member, pays, value in frame[["flux", "membre", "pays", "valeur"]].itertuples(
        index=False
    ):
        sums[(flux, member, pays)] = sums.get((flux, member, pays), 0) + int(value)
        sums[(flux, member, "")] = sums.get((flux, member, ""), 0) + int(value)
    return sums


def has_previous(book: Book) -> bool:
    return book.doc.evolution is not None and book.tables.previous_detail is not None


def previous_name(book: Book) -> str:
    """« Données 2023 »; over a period, whose words would pass a sheet name's 31 characters,
    « Données période précédente »."""
    if book.doc.data.period is not None:
        return "Données période précédente"
    return f"Données {book.doc.evolution.previous_year}"


def previous(book: Book, sheet) -> None:
    """Données AAAA: the subject's compared year, flux × A129 × country, Table "Precedent"."""
    frame = book.tables.previous_detail
    strings = code_strings(frame)
    bulk_table(sheet, TABLE_PREVIOUS, detail_columns(frame, book.tables.labels, strings), book.fmt)
    book.sums[TABLE_PREVIOUS] = table_sums(frame, strings)


# The sheets of this section (writers/sections.py), in tab order.
DEPARTMENT = (
    Sheet("Données", lines, data=True),
    Sheet("Données région", region, data=True),
    Sheet("Données France", france, data=True),
    Sheet(previous_name, previous, when=has_previous, data=True),
)
SYNTHESIS = (
    Sheet("Données", whole, data=True),
    Sheet("Données France", france, when=lambda book: book.has_parent, data=True),
    Sheet(lambda book: f"Données {book.many}", members, data=True),
    Sheet(previous_name, previous, when=has_previous, data=True),
)
