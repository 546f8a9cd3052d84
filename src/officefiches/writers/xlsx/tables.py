"""The department workbook's data tables: columns built from the canonical frame.

A large department's source lines are hundreds of thousands of cells: the column builders turn
the canonical frame (and the region / France flux × A129 × country tables) into the Tables
"Lignes", "Region" and "France" as columns of distinct strings plus one index per row, which
`_xlsxwriter.BulkSheet` renders in one pass; `Sums` keeps their sums for the cached values of
the formulas over them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from officefiches.model import EXPORT, IMPORT, Totals
from officefiches.writers.look import WORDS
from officefiches.writers.xlsx._xlsxwriter import BulkSheet

FLUX_LABEL = {flux: words.label for flux, words in WORDS.items()}
DETAIL_COUNTRIES = 20  # the department's partners kept by name in the region/France tables
OTHER_COUNTRIES = ("_AUTRES", "Autres pays")
TABLE_LINES = "Lignes"
TABLE_REGION = "Region"
TABLE_FRANCE = "France"
VALUE = "Valeur (€)"
MASS = "Masse (kg)"


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
