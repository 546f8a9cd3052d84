"""The workbooks' data tables, written fast (XlsxWriter).

A large department's source lines are hundreds of thousands of cells: `BulkSheet` renders a table
body in one pass (one string template per row, shared strings registered once per distinct
value), `FormulaSheet` skips XlsxWriter's Excel 365 function rewriting for this writer's own
formulas, and `FastWorkbook` deflates the zip at level 1. The column builders turn the canonical
frame (and the region / France flux × A129 × country tables) into the Tables "Lignes", "Region"
and "France"; `Sums` keeps their sums for the cached values of the formulas over them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

from officefiches.model import EXPORT, IMPORT, Totals

FLUX_LABEL = {EXPORT: "Export", IMPORT: "Import"}
DETAIL_COUNTRIES = 20  # the department's partners kept by name in the region/France tables
OTHER_COUNTRIES = ("_AUTRES", "Autres pays")
TABLE_LINES = "Lignes"
TABLE_REGION = "Region"
TABLE_FRANCE = "France"
VALUE = "Valeur (€)"
MASS = "Masse (kg)"


class _FastZipInfo(zipfile.ZipInfo):
    """A zip entry deflated at zlib level 1 (ZipFile.writestr takes the level from the entry)."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compresslevel = 1


class FastWorkbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, zipped with fast compression.

    A large department's data sheet is tens of MB of XML and zipping it at zlib's default level
    was a third of the writing time; level 1 takes half of that for files ~30 % larger.
    XlsxWriter has no option for it: the entry class it uses is swapped during the save.
    """

    def _store_workbook(self) -> None:
        original = xlsxwriter.workbook.ZipInfo
        xlsxwriter.workbook.ZipInfo = _FastZipInfo
        try:
            super()._store_workbook()
        finally:
            xlsxwriter.workbook.ZipInfo = original


@dataclass(frozen=True)
class Strings:
    """A text column: its distinct values, and per row the index of the row's value."""

    codes: np.ndarray
    uniques: list[str]

    @classmethod
    def of(cls, values: pd.Series) -> Strings:
        codes, uniques = pd.factorize(values, sort=False)  # categorical: no string per row
        return cls(codes, [str(u) for u in uniques])

    def mapped(self, label_of) -> Strings:
        """The same rows, each value replaced by `label_of(value)` (called once per value)."""
        return Strings(self.codes, [str(label_of(u)) for u in self.uniques])

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class Column:
    header: str
    values: Strings | pd.Series  # text, or integers (one per row)
    width: float
    style: str | None = None  # key of the workbook's formats

    @property
    def text(self) -> bool:
        return isinstance(self.values, Strings)


class FormulaSheet(Worksheet):
    """A worksheet for this writer's own formulas (SUMIFS, SUM, IF and arithmetic only).

    XlsxWriter runs ~30 regular expressions on every formula to prefix Excel 365 functions with
    "_xlfn."; none of ours needs it, and it was a tenth of the writing time.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


class BulkSheet(FormulaSheet):
    """A worksheet holding one large table body, rendered in one pass when the file is saved.

    The header row and everything else go through XlsxWriter as usual (rows above the body).
    """

    CHUNK = 20_000

    def __init__(self) -> None:
        super().__init__()
        self._body: tuple[int, list[tuple[str, list]]] | None = None

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

    def write_body(self, first_row: int, columns: list[Column], formats: dict) -> None:
        """Store the table body starting at `first_row` (0-based), columns from column A."""
        cells = []
        rows = len(columns[0].values) if columns else 0
        for col, column in enumerate(columns):
            letter = xl_col_to_name(col)
            values = column.values
            style = ""
            if column.style:
                style = f' s="{formats[column.style]._get_xf_index()}"'
            if column.text:
                values = self._string_indices(column.values)
                cells.append(
                    (f'<c r="{letter}{{0}}"{style} t="s"><v>{{{col + 1}}}</v></c>', values)
                )
            else:
                values = np.asarray(values, dtype="int64").tolist()
                cells.append((f'<c r="{letter}{{0}}"{style}><v>{{{col + 1}}}</v></c>', values))
        if rows:
            self._check_dimensions(first_row + rows - 1, len(columns) - 1)
            self._body = (first_row, cells)

    def _string_indices(self, strings: Strings) -> list[str]:
        """Each row's index in the shared strings table, as text (each value added once)."""
        table = self.str_table
        index = [str(table._get_shared_string_index(u)) for u in strings.uniques]
        table.count += len(strings.codes) - len(index)  # every cell counts as one use
        return np.asarray(index, dtype=object)[strings.codes].tolist() if index else []

    def _write_sheet_data(self) -> None:
        if self._body is None:
            super()._write_sheet_data()
            return
        first_row, cells = self._body
        self._xml_start_tag("sheetData")
        last = self.dim_rowmax
        self.dim_rowmax = first_row - 1  # the ordinary rows above the body
        if self.dim_rowmin is not None and self.dim_rowmin < first_row:
            self._write_rows()
        self.dim_rowmax = last
        template = '<row r="{0}">' + "".join(cell for cell, _ in cells) + "</row>"
        columns = [values for _, values in cells]
        rows = len(columns[0])
        for start in range(0, rows, self.CHUNK):
            end = min(start + self.CHUNK, rows)
            numbers = map(str, range(first_row + 1 + start, first_row + 1 + end))
            parts = [column[start:end] for column in columns]
            self.fh.write("".join(map(template.format, numbers, *parts)))
        self._xml_end_tag("sheetData")


@dataclass(frozen=True)
class Sums:
    """One data table's sums, computed once, for the cached values of the formulas over it."""

    flows: dict[str, int]
    a129: dict[tuple[str, str], int]
    pays: dict[tuple[str, str], int]

    def of(self, flux: str, column: str | None = None, code: str | None = None) -> int:
        if column is None:
            return self.flows[flux]
        return getattr(self, column).get((flux, code), 0)

    @property
    def totals(self) -> Totals:
        return Totals(self.flows[EXPORT], self.flows[IMPORT])


def table_sums(frame: pd.DataFrame) -> Sums:
    flows = frame.groupby("flux", observed=True)["valeur"].sum()

    def by(column: str) -> dict[tuple[str, str], int]:
        sums = frame.groupby(["flux", column], observed=True)["valeur"].sum()
        return {(str(f), str(c)): int(v) for (f, c), v in sums.items()}

    return Sums(
        flows={flux: int(flows.get(flux, 0)) for flux in (EXPORT, IMPORT)},
        a129=by("a129"),
        pays=by("pays"),
    )


def sorted_lines(lines: pd.DataFrame) -> pd.DataFrame:
    keys = ["flux", "trimestre", "a129", "cpf4", "pays"]
    return lines.sort_values(keys, kind="mergesort", ignore_index=True)


def _width(header: str, strings: Strings, high: float = 60) -> float:
    longest = max((len(v) for v in strings.uniques), default=0)
    return max(8, min(high, max(len(header) + 3, longest + 1)))


def _text_column(header: str, strings: Strings, high: float = 60) -> Column:
    return Column(header, strings, _width(header, strings, high))


def _code_column(header: str, strings: Strings) -> Column:
    return Column(header, strings, _width(header, strings), "data_code")


def line_columns(lines: pd.DataFrame, labels) -> list[Column]:
    """The department's lines: codes and labels (text), quarter, year, value and mass."""
    a129, cpf4, pays = (Strings.of(lines[c]) for c in ("a129", "cpf4", "pays"))
    return [
        _text_column("Flux", Strings.of(lines["flux"]).mapped(flux_label)),
        Column("Trimestre", lines["trimestre"], 11, "data_code"),
        Column("Année", lines["annee"], 8, "data_code"),
        _code_column("Département", Strings.of(lines["departement"])),
        _code_column("Code A129", a129),
        _text_column("Produit A129", a129.mapped(labels.a129_label), 50),
        _code_column("Code CPF4", cpf4),
        _text_column("Produit CPF4", cpf4.mapped(labels.cpf4_label), 60),
        _code_column("Code pays", pays),
        _text_column("Pays", pays.mapped(labels.pays_label), 30),
        Column(VALUE, lines["valeur"], 16, "data_int"),
        Column(MASS, lines["masse"], 15, "data_int"),
    ]


def flux_label(code: str) -> str:
    return FLUX_LABEL.get(code, code)


def detail_countries(lines: pd.DataFrame, partners, n: int = DETAIL_COUNTRIES) -> list[str]:
    """The department's main partners and its n largest partners by total trade."""
    sums = lines.groupby("pays", observed=True)["valeur"].sum().rename("v").reset_index()
    sums["pays"] = sums["pays"].astype(str)
    sums = sums.sort_values(["v", "pays"], ascending=[False, True], kind="mergesort")
    chosen = [p.code for p in partners]
    return chosen + [c for c in sums["pays"].head(n) if c not in chosen]


def compact_detail(detail: pd.DataFrame, countries: list[str]) -> pd.DataFrame:
    """Flux × A129 × country, the countries outside `countries` summed into "Autres pays"."""
    named = detail["pays"].isin(countries).to_numpy()
    columns = ["flux", "a129", "pays", "valeur", "masse"]
    kept = detail.loc[named, columns]
    others = detail.loc[~named].groupby(["flux", "a129"], observed=True, sort=False)
    rest = others[["valeur", "masse"]].sum().reset_index().assign(pays=OTHER_COUNTRIES[0])
    frame = pd.concat([_as_text(kept), _as_text(rest[columns])], ignore_index=True)
    return frame.sort_values(["flux", "a129", "pays"], kind="mergesort", ignore_index=True)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Code columns as plain strings (categories of different frames do not concatenate)."""
    return frame.astype({"flux": str, "a129": str, "pays": str})


def detail_columns(detail: pd.DataFrame, labels) -> list[Column]:
    def country(code: str) -> str:
        return OTHER_COUNTRIES[1] if code == OTHER_COUNTRIES[0] else labels.pays_label(code)

    a129, pays = Strings.of(detail["a129"]), Strings.of(detail["pays"])
    return [
        _text_column("Flux", Strings.of(detail["flux"]).mapped(flux_label)),
        _code_column("Code A129", a129),
        _text_column("Produit A129", a129.mapped(labels.a129_label), 50),
        _code_column("Code pays", pays),
        _text_column("Pays", pays.mapped(country), 30),
        Column(VALUE, detail["valeur"], 18, "data_int"),
        Column(MASS, detail["masse"], 17, "data_int"),
    ]


def bulk_table(sheet: BulkSheet, name: str, columns: list[Column], fmt: dict) -> None:
    """A named, filterable Excel Table from A1, header frozen, body rendered in bulk."""
    rows = len(columns[0].values)
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    sheet.add_bulk_table(
        rows,
        {
            "name": name,
            "style": "Table Style Light 9",
            "columns": [
                {"header": column.header, "header_format": fmt["data_header"]} for column in columns
            ],
        },
    )
    sheet.write_body(1, columns, fmt)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 18)
    sheet.repeat_rows(0)
