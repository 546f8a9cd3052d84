"""Données, Données région, Données France (a department's workbook): the department's source
lines (Table "Lignes") and the region's and France's flux × A129 × country tables (Tables
"Region" and "France"; countries outside the department's main partners summed into "Autres
pays"), each rendered in bulk; their sums are kept for the cached values of every formula."""

from __future__ import annotations

from functools import partial

from officefiches.writers.xlsx.book import Book
from officefiches.writers.xlsx.tables import (
    TABLE_FRANCE,
    TABLE_LINES,
    TABLE_REGION,
    bulk_table,
    compact_detail,
    detail_columns,
    detail_countries,
    line_columns,
    table_sums,
)


def lines(book: Book, sheet) -> None:
    """Données: the department's source lines, Table "Lignes"."""
    rows = book.sorted_lines
    bulk_table(sheet, TABLE_LINES, line_columns(rows, book.tables.labels), book.fmt)
    book.sums[TABLE_LINES] = table_sums(rows)


def detail(book: Book, sheet, table: str) -> None:
    """Données région / Données France: Table "Region" or "France"."""
    frame = book.tables.region_detail if table == TABLE_REGION else book.tables.france_detail
    countries = detail_countries(book.sorted_lines, book.fiche.department.partners)
    compact = compact_detail(frame, countries)
    bulk_table(sheet, table, detail_columns(compact, book.tables.labels), book.fmt)
    book.sums[table] = table_sums(compact)


region = partial(detail, table=TABLE_REGION)
france = partial(detail, table=TABLE_FRANCE)
