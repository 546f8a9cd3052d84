"""The workbooks' data tables: columns built from the canonical frame (pure over the frames).

A large department's source lines are hundreds of thousands of cells: the column builders turn
the canonical frame (and the region / France flux × A129 × country tables) into the Tables
"Lignes", "Region", "France", "Precedent" and "Membres" as columns of distinct strings plus one
index per row, which `_xlsxwriter.BulkSheet` renders in one pass; `Sums` keeps their sums for
the cached values of the formulas over them.

The region's and France's tables in a department's workbook keep by name every country a figure
of the fiche names (`kept_countries`), the others of each product summed into one line
« Autres pays »: every figure the deck shows of the region and France is then recomputed exactly
from them, but the concentration of their partners (Herfindahl index, top 3, count), which needs
every country, is kept in the parameters sheet (docs/ARCHITECTURE.md, "The workbook drives the
deck").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from officefiches import columns
from officefiches.columns import FIELDS
from officefiches.compute.aggregate import is_country
from officefiches.compute.indicators import EU27, UNITED_STATES
from officefiches.model import EXPORT, FLOWS, IMPORT, Totals
from officefiches.writers.look import WORDS
from officefiches.writers.xlsx import bookmeta
from officefiches.writers.xlsx._xlsxwriter import BulkSheet
from officefiches.writers.xlsx.bookmeta import (
    A129,
    A129_LABEL,
    COUNTRY,
    COUNTRY_LABEL,
    FLUX,
    FOLDED,
    MASS,
    OTHER_COUNTRIES,
    OTHER_EU_COUNTRIES,
    VALUE,
)

FLUX_LABEL = {flux: words.label for flux, words in WORDS.items()}
DETAIL_COUNTRIES = 20  # the department's partners kept by name in the region/France tables
SCOPE_COUNTRIES = 10  # each scope's own largest countries of each flow, kept by name
TABLE_LINES = bookmeta.TABLE_LINES
TABLE_REGION = bookmeta.TABLE_REGION
TABLE_FRANCE = bookmeta.TABLE_FRANCE
TABLE_PREVIOUS = bookmeta.TABLE_PREVIOUS
TABLE_MEMBERS = bookmeta.TABLE_MEMBERS


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


CODES = ("flux", "a129", "pays")  # the code columns a table's sums are taken over


def code_strings(frame: pd.DataFrame) -> dict[str, Strings]:
    """The table's code columns as `Strings`, found once for its columns and its sums."""
    return {column: Strings.of(frame[column]) for column in CODES}


def table_sums(frame: pd.DataFrame, strings: dict[str, Strings] | None = None) -> Sums:
    """The sums of a table of lines or of flux × A129 × country (`flux`, `a129`, `pays`,
    `valeur` columns): per flow, per flow and product, per flow and country; `strings`: its
    `code_strings` when already found (then `frame` may be a dict holding `valeur` alone)."""
    strings = strings or code_strings(frame)
    values = np.asarray(frame["valeur"], dtype=np.int64)
    a129, pays = (_sums_by(strings["flux"], strings[c], values) for c in ("a129", "pays"))
    flows = dict.fromkeys(FLOWS, 0)
    for (flux, _), value in a129.items():
        flows[flux] = flows.get(flux, 0) + value
    return Sums(flows={flux: flows[flux] for flux in FLOWS}, a129=a129, pays=pays)


def _sums_by(flux: Strings, column: Strings, values: np.ndarray) -> dict[tuple[str, str], int]:
    """(flux, code) → the sum of `values`, in the order the pairs first appear (as pandas'
    group-by without sorting, but a few array operations: a department has 10⁵ lines)."""
    size = max(len(column.uniques), 1)
    present = (flux.codes >= 0) & (column.codes >= 0)
    keys = flux.codes[present].astype(np.int64) * size + column.codes[present]
    sums = np.zeros(len(flux.uniques) * size, dtype=np.int64)
    np.add.at(sums, keys, values[present])
    fluxes, names = flux.uniques, column.uniques
    return {(fluxes[k // size], names[k % size]): int(sums[k]) for k in pd.unique(keys)}


def sorted_lines(lines: pd.DataFrame) -> pd.DataFrame:
    keys = ["flux", "trimestre", "a129", "cpf4", "pays"]
    return lines.sort_values(keys, kind="mergesort", ignore_index=True)


def _width(header: str, strings: Strings, high: float = 60) -> float:
    """The column's longest text on one line (Arial 10: ~0.9 unit a character), within reason."""
    longest = max((len(v) for v in strings.uniques), default=0)
    return max(8, min(high, max(len(header) + 3, longest * 0.9 + 2)))


def _text_column(header: str, strings: Strings, high: float = 60) -> Column:
    return Column(header, strings, _width(header, strings, high))


def _code_column(header: str, strings: Strings) -> Column:
    return Column(header, strings, _width(header, strings), "data_code")


def line_columns(lines: pd.DataFrame, labels, found=None) -> list[Column]:
    """The department's lines: a column for each field of the official lines that has one
    (columns.FIELDS, in order), a code's names beside it; `found`: its `code_strings` when
    already found."""
    found = found or {}
    built = []
    for field in FIELDS:
        if not field.header:
            continue
        values = lines[field.name]
        if field is columns.FLOW:
            strings = found.get(field.name) or Strings.of(values)
            built.append(_text_column(field.header, strings.mapped(flux_label)))
        elif field.is_code:
            strings = found.get(field.name) or Strings.of(values)
            built.append(_code_column(field.header, strings))
            if field.names:
                names = strings.mapped(getattr(labels, f"{field.names}_label"))
                built.append(_text_column(field.label_header, names, field.label_width))
        else:
            style = "data_int" if field.summed else "data_code"
            built.append(Column(field.header, values, field.width, style))
    return built


def flux_label(code: str) -> str:
    return FLUX_LABEL.get(code, code)


def country_label(labels, code: str) -> str:
    return FOLDED.get(code) or labels.pays_label(code)


def _largest(values: pd.Series, n: int) -> list[str]:
    """The `n` largest codes of a sum by code, ties broken by code (as `aggregate` ranks);
    a few hundred codes: sorted in Python (a frame's sort costs more here)."""
    pairs = zip(values.index, values.to_numpy().tolist(), strict=True)
    ranked = sorted((-value, str(code)) for code, value in pairs if value != 0)
    return [code for _, code in ranked[:n]]


def department_countries(lines: pd.DataFrame, partners, n: int = DETAIL_COUNTRIES) -> list[str]:
    """The department's main partners and its n largest partners by total trade (its
    Comparaison sheet weighs them in the region's and France's tables)."""
    chosen = [p.code for p in partners]
    pays = Strings.of(lines["pays"])
    sums = np.zeros(len(pays.uniques), dtype=np.int64)
    present = pays.codes >= 0
    np.add.at(sums, pays.codes[present], lines["valeur"].to_numpy(dtype=np.int64)[present])
    largest = _largest(pd.Series(sums, index=pd.Index(pays.uniques, name="pays")), n)
    return chosen + [c for c in largest if c not in chosen]


def kept_countries(detail: pd.DataFrame, extra=()) -> set[str]:
    """The partners a region's or France's table keeps by name: its own 10 largest countries
    of each flow (its Sankeys and main partners, `aggregate.is_country`), every code that names
    no country (the amount its slides set aside reads back the same), the United States (where
    its exports go), and `extra` (the department's partners)."""
    kept = set(extra) | {UNITED_STATES}
    for flux in FLOWS:
        rows = detail[detail["flux"] == flux]
        sums = rows.groupby("pays", observed=True)["valeur"].sum()
        countries = [is_country(str(code)) for code in sums.index]
        kept.update(_largest(sums[countries], SCOPE_COUNTRIES))
        kept.update(str(code) for code in sums.index if not is_country(str(code)))
    return kept


def compact_detail(detail: pd.DataFrame, extra=()) -> pd.DataFrame:
    """Flux × A129 × country, the countries outside `kept_countries(detail, extra)` summed per
    product into « Autres pays de l'Union européenne » and « Autres pays » (the share of
    exports to the EU stays exact), but for each imported product its largest origin (a
    single-origin dependence is then always named). Sorted by flux, product and country."""
    scope = ScopeDetail.of(detail)
    return scope.compact(scope.own | set(extra))


def compact_columns(detail: pd.DataFrame, extra=()) -> tuple[dict[str, Strings], dict]:
    """`compact_detail(detail, extra)` as its data Table takes it: its code columns as
    `Strings` (as `code_strings` finds them) and its `valeur` and `masse` arrays, no frame."""
    scope = ScopeDetail.of(detail)
    codes, numbers = scope.compact_codes(scope.own | set(extra))
    return {c: _first_seen(codes[c], scope.values[c]) for c in CODES}, numbers


def _first_seen(codes: np.ndarray, values: list[str]) -> Strings:
    """Rows coded against `values` as `Strings.of` codes them: the values in the order they
    first appear, each row the index of its own among them."""
    present, first = np.unique(codes, return_index=True)
    order = present[np.argsort(first, kind="stable")]  # the values by first appearance
    index = np.empty(len(values), dtype=np.intp)
    index[order] = np.arange(len(order))
    return Strings(index[codes], [values[k] for k in order])


FOLDED_CODES = (OTHER_EU_COUNTRIES[0], OTHER_COUNTRIES[0])  # a folded row's code: EU, or not


@dataclass(frozen=True)
class ScopeDetail:
    """What `compact_detail` needs of a region's or France's table whatever the department,
    found once per table (every department of the run compacts the same few tables): its rows
    sorted, and for each row its codes, its EU membership and its (flux, product) pair as
    numbers, so that a department's compact is a few array operations."""

    values: dict[str, list[str]]  # flux, a129, pays: the distinct values (pays: FOLDED_CODES too)
    codes: dict[str, np.ndarray]  # per row, sorted by flux, a129, pays: its index in `values`
    numbers: dict[str, np.ndarray]  # per row: valeur, masse
    own: frozenset[str]  # kept_countries(detail) without a department's partners
    largest_origin: np.ndarray  # per row: its country is its imported product's largest origin
    eu: np.ndarray  # per row: its country is in the EU
    pairs: dict[str, np.ndarray]  # the distinct (flux, a129), sorted: "flux", "a129" codes
    pair: np.ndarray  # per row: its pair's index in `pairs`
    rank: np.ndarray  # per row: its country's rank among the countries and FOLDED_CODES
    folded: np.ndarray  # the codes (in values["pays"]) of FOLDED_CODES
    folded_rank: np.ndarray  # the ranks of FOLDED_CODES

    _known = {}  # id(detail) → (detail, ScopeDetail): the frame held, so its id stays its own

    @classmethod
    def of(cls, detail: pd.DataFrame) -> ScopeDetail:
        known = cls._known.get(id(detail))
        if known is None or known[0] is not detail:
            # every region and France: departments come in code order, their regions mixed
            if len(cls._known) >= 24:
                cls._known.pop(next(iter(cls._known)))
            known = cls._known[id(detail)] = (detail, cls._make(detail))
        return known[1]

    @classmethod
    def _make(cls, detail: pd.DataFrame) -> ScopeDetail:
        # Each code column's distinct texts and per row an index among them, the rows sorted
        # by their texts (flux, a129, pays): numpy on the codes, a frame's sorts of texts
        # costing ten times more here.
        found = {c: _coded(detail[c]) for c in ("flux", "a129", "pays")}
        order = np.lexsort([rank[codes] for codes, _, rank in reversed(found.values())])
        codes, values = {}, {}
        for column, (found_codes, texts, _) in found.items():
            # as pd.factorize codes the sorted rows: their texts in the order they appear
            codes[column], uniques = pd.factorize(found_codes[order])
            values[column] = [texts[u] for u in uniques]
        numbers = {c: detail[c].to_numpy(dtype=np.int64)[order] for c in ("valeur", "masse")}
        flux, a129, pays = codes["flux"], codes["a129"], codes["pays"]
        imported = flux == values["flux"].index(IMPORT) if IMPORT in values["flux"] else flux < 0
        countries = values["pays"]
        values["pays"] = countries + [c for c in FOLDED_CODES if c not in countries]
        starts = np.r_[True, (flux[1:] != flux[:-1]) | (a129[1:] != a129[:-1])]  # rows sorted
        ranked = sorted(values["pays"])
        rank_of = {code: index for index, code in enumerate(ranked)}
        pays_rank = np.array([rank_of[c] for c in values["pays"]], dtype=np.int64)
        return cls(
            values=values,
            codes=codes,
            numbers=numbers,
            own=frozenset(kept_countries(detail)),
            largest_origin=_largest_origin(imported, a129, pays, pays_rank, numbers["valeur"]),
            eu=np.isin(np.array(values["pays"], dtype=object), list(EU27))[pays],
            pairs={"flux": flux[starts], "a129": a129[starts]},
            pair=np.cumsum(starts) - 1,
            rank=pays_rank[pays],
            folded=np.array([values["pays"].index(c) for c in FOLDED_CODES], dtype=np.intp),
            folded_rank=np.array([rank_of[c] for c in FOLDED_CODES], dtype=np.int64),
        )

    def compact_codes(self, kept: set[str]) -> tuple[dict[str, np.ndarray], dict]:
        """The rows of `kept` countries and of each product's largest origin; the others summed
        per (flux, product) into the two folded rows (EU, other): their codes (in `values`)
        and numbers, sorted. Numpy alone (pandas' steps cost more than the arithmetic here)."""
        countries = self.values["pays"]
        named = np.fromiter((c in kept for c in countries), bool, len(countries))
        named = named[self.codes["pays"]] | self.largest_origin
        folded = ~named
        keys = self.pair[folded] * 2 + (~self.eu[folded])  # 2 × pair + 0 (EU) or 1
        size = 2 * len(self.pairs["flux"])
        groups = np.flatnonzero(np.bincount(keys, minlength=size))  # the folded rows there are
        pairs, bucket = groups // 2, groups % 2
        rest = {"flux": self.pairs["flux"][pairs], "a129": self.pairs["a129"][pairs]}
        rest["pays"] = self.folded[bucket]
        for column in ("valeur", "masse"):
            sums = np.zeros(size, dtype=np.int64)
            np.add.at(sums, keys, self.numbers[column][folded])
            rest[column] = sums[groups]
        order = np.lexsort(  # by pair (flux, product), then country: as the strings sort
            (
                np.concatenate([self.rank[named], self.folded_rank[bucket]]),
                np.concatenate([self.pair[named], pairs]),
            )
        )

        def column(rows: np.ndarray, c: str) -> np.ndarray:
            return np.concatenate([rows[named], rest[c]])[order]

        codes = {c: column(v, c) for c, v in self.codes.items()}
        return codes, {c: column(v, c) for c, v in self.numbers.items()}

    def compact(self, kept: set[str]) -> pd.DataFrame:
        """`compact_codes` as a frame: flux, a129, pays (strings), valeur, masse."""
        codes, numbers = self.compact_codes(kept)
        texts = {c: np.array(self.values[c], dtype=object)[codes[c]] for c in codes}
        # each column of its own type: pandas would make the texts anew as Arrow strings
        columns = texts | numbers
        return pd.DataFrame({c: pd.Series(v, dtype=v.dtype) for c, v in columns.items()})


def _coded(column: pd.Series) -> tuple[np.ndarray, list[str], np.ndarray]:
    """A code column as numbers: per row an index among its distinct values, their texts (as
    `str` makes them), and each one's rank among the texts sorted."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    texts = [str(u) for u in uniques]
    rank = np.empty(len(texts), dtype=np.int64)
    rank[sorted(range(len(texts)), key=texts.__getitem__)] = np.arange(len(texts))
    return codes, texts, rank


def _largest_origin(imported, a129, pays, pays_rank, valeur) -> np.ndarray:
    """Per row: an imported product's row whose country is the product's largest origin (the
    largest value, ties to the first code in order)."""
    rows = np.flatnonzero(imported)
    # the imported rows by product, then value (largest first), then country
    ranked = rows[np.lexsort((pays_rank[pays[rows]], -valeur[rows], a129[rows]))]
    products = a129[ranked]
    first = np.ones(len(ranked), dtype=bool)  # each product's first row
    first[1:] = products[1:] != products[:-1]
    largest = np.full(a129.max(initial=-1) + 1, -1, dtype=np.int64)  # product -> its country
    largest[products[first]] = pays[ranked][first]
    return imported & (pays == largest[a129])


def detail_columns(detail: pd.DataFrame, labels, strings=None) -> list[Column]:
    """Flux × A129 × country; `strings`: its `code_strings` when already found (then `detail`
    may be a dict holding `valeur` and `masse` alone, as `compact_columns` gives them)."""
    strings = strings or code_strings(detail)
    a129, pays = strings["a129"], strings["pays"]
    return [
        _text_column(FLUX, strings["flux"].mapped(flux_label)),
        _code_column(A129, a129),
        _text_column(A129_LABEL, a129.mapped(labels.a129_label), 64),
        _code_column(COUNTRY, pays),
        _text_column(COUNTRY_LABEL, pays.mapped(lambda c: country_label(labels, c)), 78),
        Column(VALUE, detail["valeur"], 18, "data_int"),
        Column(MASS, detail["masse"], 17, "data_int"),
    ]


def member_columns(members: pd.DataFrame, labels, headers: tuple[str, str]) -> list[Column]:
    """A synthesis's Membres table: flux × member × country (`membre`, `nom`, `pays`);
    `headers`: the member's code and name columns (« Code département », « Département »)."""
    pays = Strings.of(members["pays"])
    return [
        _text_column(FLUX, Strings.of(members["flux"]).mapped(flux_label)),
        _code_column(headers[0], Strings.of(members["membre"])),
        _text_column(headers[1], Strings.of(members["nom"]), 40),
        _code_column(COUNTRY, pays),
        _text_column(COUNTRY_LABEL, pays.mapped(labels.pays_label), 78),
        Column(VALUE, members["valeur"], 18, "data_int"),
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
