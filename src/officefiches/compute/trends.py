"""Pure computations over several years: « Tendances FIRST–LAST » (no I/O, no Office).

Input: the reduced lines every year read leaves (`reader.REDUCED_COLUMNS`: per year, department ×
flow × partner and department × flow × A129 product; see reader.py) and the span of years to
show. Output: a scope's `Trends`, integer euros, one value per year of the span.

Rules (README, « Tendances »):
- a year counts only when both flows hold its four quarters; the span runs from the first such
  year (not before `--since`) to the last one not after the fiche's year, and needs at least
  `MIN_YEARS` of them. A year inside the span that is not complete is a gap: None in every
  series (n.d. in the tables, a break in the lines), never interpolated;
- shares: the scope's value over its region's (1 decimal) and France's (2 decimals), same year;
- top partners and products: the `TOP` largest of the last year in each flow (ties by code),
  followed back over the span (0 in a complete year without trade);
- average annual growth rate: (last / first) ** (1 / (last year − first year)) − 1, in percent,
  1 decimal half-up; None when the first year's value is 0 (a growth from nothing has no rate);
- what moved most: the largest change in euros, first to last year, among the partners and
  products shown (both flows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
import pandas as pd

from officefiches.compute.aggregate import is_country
from officefiches.model import (
    EXPORT,
    FLOWS,
    IMPORT,
    Scope,
    TrendGap,
    TrendMove,
    Trends,
    TrendSeries,
    TrendShare,
    share_pct,
)

MIN_YEARS = 3  # complete years for the trends to be shown
AXES = ("pays", "a129")  # reader.AXES: partners, then A129 products
TOP = 5  # partners and products followed in each flow


@dataclass(frozen=True)
class Span:
    """The years shown: `first` to `last`, of which `complete` are held whole by the data."""

    first: int
    last: int
    complete: tuple[int, ...]
    gaps: tuple[TrendGap, ...] = ()  # the others, each absent or partial

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))


def choose_span(
    complete: Iterable[int],
    until: int,
    since: int | None = None,
    partial: Callable[[int], str] = lambda _year: "",
) -> Span | None:
    """The span of the trends: complete years from `since` (if given) to `until` (the fiche's
    year); None when fewer than MIN_YEARS. `partial(year)` says what a year inside the span
    holds when it is not complete ("" when it is absent)."""
    chosen = sorted(y for y in set(complete) if y <= until and (since is None or y >= since))
    if len(chosen) < MIN_YEARS:
        return None
    first, last = chosen[0], chosen[-1]
    gaps = tuple(
        TrendGap(year, partial(year)) for year in range(first, last + 1) if year not in chosen
    )
    return Span(first, last, tuple(chosen), gaps)


def growth_pct(first: int, last: int, years: int) -> Decimal | None:
    """Average annual growth rate from `first` to `last` over `years` years, in percent, 1
    decimal half-up; None when `first` is 0 (or below), or over no year."""
    if first <= 0 or years <= 0:
        return None
    if last <= 0:
        return Decimal("-100.0")
    with localcontext() as context:
        context.prec = 30
        rate = (Decimal(last) / Decimal(first)) ** (Decimal(1) / Decimal(years)) - 1
        return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class History:
    """The reduced lines of the span's complete years, held as integer-coded arrays sorted by
    department, so that a department's trends read a slice (a few thousand rows) and a region's
    or France's the slices of their departments: no group-by over every year's rows per scope."""

    def __init__(self, reduced: pd.DataFrame, span: Span, labels):
        self.span = span
        self.labels = labels
        rows = reduced[reduced["annee"].isin(span.complete)]
        self.axes = {axis: _Coded(rows[rows["axe"] == axis], span.first) for axis in AXES}
        self._totals: dict[tuple[str, ...] | None, dict[tuple[int, str], int]] = {}

    def totals(self, departments: Sequence[str] | None) -> dict[tuple[int, str], int]:
        """{(year, flow): euros} of the departments (all France when None), once per set of
        departments (a region's and France's serve every department's shares)."""
        key = None if departments is None else tuple(departments)
        if key not in self._totals:
            totals: dict[tuple[int, str], int] = {}
            for (year, flux, _code), value in self.axes["pays"].sums(departments).items():
                totals[year, flux] = totals.get((year, flux), 0) + value
            self._totals[key] = totals
        return self._totals[key]

    def trends(
        self,
        scope: Scope,
        departments: Sequence[str] | None,
        wholes: Sequence[tuple[Scope, Sequence[str] | None, int]] = (),
    ) -> Trends:
        """The trends of the departments' scope (France when `departments` is None); `wholes`
        lists the larger scopes to give its share of: (scope, departments, decimals)."""
        span = self.span
        sums = {axis: coded.sums(departments) for axis, coded in self.axes.items()}
        own: dict[tuple[int, str], int] = {}
        for (year, flux, _code), value in sums["pays"].items():
            own[year, flux] = own.get((year, flux), 0) + value
        series = {flux: self._values(own, flux) for flux in FLOWS}
        shares = []
        for whole, members, decimals in wholes:
            totals = self.totals(members)
            for flux in FLOWS:
                values = tuple(
                    None
                    if year not in span.complete
                    else share_pct(own.get((year, flux), 0), totals.get((year, flux), 0), decimals)
                    for year in span.years
                )
                shares.append(TrendShare(whole, flux, values))
        label_of = {"pays": self.labels.pays_label, "a129": self.labels.a129_label}
        kinds = {"pays": "partner", "a129": "product"}
        tops = {
            (kinds[axis], flux): self._top(sums[axis], flux, label_of[axis], axis)
            for axis in AXES
            for flux in FLOWS
        }
        return Trends(
            scope=scope,
            years=span.years,
            gaps=span.gaps,
            exports=series[EXPORT],
            imports=series[IMPORT],
            shares=tuple(shares),
            partners_export=tops["partner", EXPORT],
            partners_import=tops["partner", IMPORT],
            products_export=tops["product", EXPORT],
            products_import=tops["product", IMPORT],
            growth_exports=self._growth(series[EXPORT]),
            growth_imports=self._growth(series[IMPORT]),
            move=_largest_move(tops),
        )

    def _values(self, totals: dict[tuple[int, str], int], flux: str) -> tuple[int | None, ...]:
        complete = self.span.complete
        return tuple(
            totals.get((year, flux), 0) if year in complete else None for year in self.span.years
        )

    def _growth(self, values: tuple[int | None, ...]) -> Decimal | None:
        return growth_pct(values[0], values[-1], self.span.last - self.span.first)

    def _top(self, sums: dict, flux: str, label_of, axis: str) -> tuple[TrendSeries, ...]:
        """The TOP largest codes of the last year (ties by code), followed back; partners are
        countries only (a code such as QU is never a main partner: aggregate.is_country)."""
        last = [
            (value, code)
            for (year, each, code), value in sums.items()
            if each == flux
            and year == self.span.last
            and value > 0
            and (axis != "pays" or is_country(code))
        ]
        ranked = sorted(last, key=lambda item: (-item[0], item[1]))[:TOP]
        complete = self.span.complete
        return tuple(
            TrendSeries(
                code,
                label_of(code),
                tuple(
                    sums.get((year, flux, code), 0) if year in complete else None
                    for year in self.span.years
                ),
            )
            for _, code in ranked
        )


class _Coded:
    """One axis of the reduced lines as integer arrays sorted by department: each row's
    (flow, code, year) cell as one integer, its value in int64 euros."""

    def __init__(self, rows: pd.DataFrame, first_year: int):
        self.first_year = first_year
        department_codes, departments = _factorized(rows["departement"])
        order = np.argsort(department_codes, kind="stable")
        self.department_codes = department_codes[order]
        self.department_of = {name: i for i, name in enumerate(departments)}
        flux, self.flux_names = _factorized(rows["flux"])
        code, self.code_names = _factorized(rows["code"])
        year = rows["annee"].to_numpy().astype(np.int64) - first_year
        self.years = int(year.max()) + 1 if len(year) else 1
        # one integer per (flow, code, year): the cells a scope's sums are made of
        self.cells = len(self.flux_names) * len(self.code_names) * self.years
        self.key = ((flux * len(self.code_names) + code) * self.years + year)[order]
        self.values = rows["valeur"].to_numpy().astype(np.int64)[order]

    def sums(self, departments: Sequence[str] | None) -> dict[tuple[int, str, str], int]:
        """{(year, flow, code): euros} of the departments (all when None), exact."""
        if departments is None:
            key, values = self.key, self.values
        else:
            ranges = []
            for name in departments:
                code = self.department_of.get(name)
                if code is not None:
                    start = np.searchsorted(self.department_codes, code, side="left")
                    end = np.searchsorted(self.department_codes, code, side="right")
                    ranges.append(np.arange(start, end))
            chosen = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
            key, values = self.key[chosen], self.values[chosen]
        sums = np.zeros(max(self.cells, 1), dtype=np.int64)
        np.add.at(sums, key, values)  # integer sums, exact (no float weights)
        present = np.flatnonzero(np.bincount(key, minlength=max(self.cells, 1)))
        per_flux = len(self.code_names) * self.years
        return {
            (
                self.first_year + cell % self.years,
                self.flux_names[cell // per_flux],
                self.code_names[(cell // self.years) % len(self.code_names)],
            ): value
            for cell, value in zip(present.tolist(), sums[present].tolist(), strict=True)
        }


def _factorized(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(each row's position among the distinct codes, the codes as text): from a categorical's
    own codes when it is one (no text compared row by row)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = [str(c) for c in column.cat.categories]
        return column.cat.codes.to_numpy().astype(np.int64), names
    positions, names = pd.factorize(column.to_numpy())
    return positions.astype(np.int64), [str(n) for n in names]


def _largest_move(tops: dict[tuple[str, str], tuple[TrendSeries, ...]]) -> TrendMove | None:
    """The largest change in euros (first to last year) among the series shown; ties go to
    the first met (partners before products, exports before imports, rank order)."""
    best: TrendMove | None = None
    for (kind, flux), series in tops.items():
        for each in series:
            first, last = each.values[0], each.values[-1]
            if first is None or last is None:
                continue
            move = TrendMove(kind, flux, each.code, each.label, first, last)
            if best is None or abs(move.delta) > abs(best.delta):
                best = move
    return best
