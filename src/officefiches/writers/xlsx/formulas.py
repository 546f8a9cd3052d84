"""Excel formulas as text (pure): SUMIFS over the data Tables, the label a chart shows (the
team's short label when « Libellés » has one), sentences whose figures are cells, and what a
ratio's formula shows (the cached values of `ratio` and `share`).

Every formula uses functions Excel 2010 and LibreOffice both know (SUMIFS, SUMPRODUCT, LARGE,
IFERROR, VLOOKUP, FIXED, ROUND, ABS, ISNUMBER, IF, SUM); none needs Excel 365's function
prefixes (`_xlsxwriter.FormulaSheet`). tests/writers/xlsx/test_department.py evaluates every
formula of a workbook against its cached value; tests/writers/xlsx/test_recalculation.py has
LibreOffice recalculate them (when it is installed).
"""

from __future__ import annotations

import functools
import string

from officefiches.formatting import MINUS, NNBSP, NOT_AVAILABLE
from officefiches.writers.xlsx.bookmeta import (
    FLUX,
    LABEL_CODE,
    LABEL_SHEET_COLUMNS,
    LABEL_SHORT,
    TABLE_LABELS,
    VALUE,
)

MILLION = 1_000_000


def quote(text: str) -> str:
    """A string literal of a formula."""
    return '"' + str(text).replace('"', '""') + '"'


def column(table: str, name: str) -> str:
    """A structured reference to a Table's column."""
    return f"{table}[{name}]"


def sumifs(table: str, flux_label: str, *criteria: tuple[str, str]) -> str:
    """SUMIFS of a Table's values for one flow (and `criteria`: column, cell or literal)."""
    rest = "".join(criterion(table, name, ref) for name, ref in criteria)
    return f"{sumifs_start(table, flux_label)}{rest})"


def criterion(table: str, name: str, ref: str) -> str:
    """One criterion of `sumifs` as it writes it: ",Table[Colonne],ref"."""
    return f",{column(table, name)},{ref}"


@functools.cache  # a workbook writes ~1 000 SUMIFS over its few Tables and two flows
def sumifs_start(table: str, flux_label: str) -> str:
    """`sumifs` before its criteria and closing parenthesis."""
    return f"SUMIFS({column(table, VALUE)},{column(table, FLUX)},{quote(flux_label)}"


def sumifs_any(table: str, flux_label: str, name: str, codes) -> str:
    """The sum of a Table's values for one flow whose column `name` is any of `codes`."""
    within = ",".join(quote(code) for code in codes)
    return f"SUMPRODUCT({sumifs(table, flux_label, (name, '{' + within + '}'))})"


def label(code: str, fallback: str) -> str:
    """The name shown for a code: its « Libellé court » in the Table Libelles when filled,
    else `fallback`, our display name (as a literal, so that a deleted row still shows a name).
    VLOOKUP of an empty cell gives 0: `&""` makes it the empty text."""
    column = LABEL_SHEET_COLUMNS.index(LABEL_SHORT) - LABEL_SHEET_COLUMNS.index(LABEL_CODE) + 1
    lookup = (
        f'VLOOKUP({quote(code)},{TABLE_LABELS}[[{LABEL_CODE}]:[{LABEL_SHORT}]],{column},FALSE)&""'
    )
    return f'IF(IFERROR({lookup},"")="",{quote(fallback)},{lookup})'


def millions(expr: str, decimals: int = 1) -> str:
    """A value in M€ as text, with the reader's separators: FIXED(x;1)."""
    return f"FIXED({expr},{decimals})"


def signed_millions(expr: str, decimals: int = 1) -> str:
    """ "+12,3", "−4,0", "0,0" (what formatting.signed_meur prints)."""
    fixed = f"FIXED({expr},{decimals})"
    return (
        f'IF(ROUND({expr},{decimals})>0,"+"&{fixed},IF(ROUND({expr},{decimals})<0,'
        f"{quote(MINUS)}&FIXED(-({expr}),{decimals}),{fixed}))"
    )


def percent(fraction: str, decimals: int) -> str:
    """A fraction as "12,3 %" (narrow no-break space before %)."""
    return f"FIXED(({fraction})*100,{decimals})&{quote(NNBSP + '%')}"


def signed_percent(fraction: str, decimals: int = 1) -> str:
    """ "+4,7 %", "−3,2 %", "0,0 %" (what formatting.signed_pct prints)."""
    scaled = f"({fraction})*100"
    return signed_millions(scaled, decimals) + f"&{quote(NNBSP + '%')}"


def sentence(template: str, figures: dict[str, str]) -> str:
    """A text template whose placeholders in `figures` are formula expressions (text), the
    others already filled: the concatenation as a formula body."""
    pieces = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            pieces.append(quote(literal))
        if field is not None:
            pieces.append(f"({figures[field]})" if field in figures else quote("{" + field + "}"))
    return "&".join(pieces) or '""'


def ratio(part: int, whole: int) -> float | str:
    """What =IF(whole=0,"n.d.",part/whole) shows."""
    return part / whole if whole else NOT_AVAILABLE


def share(part: int, whole: int) -> float:
    """What =IF(whole=0,0,part/whole) shows."""
    return part / whole if whole else 0.0
