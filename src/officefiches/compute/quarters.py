"""The quarters at a glance (« Trimestres »): a scope's exports and imports quarter by quarter
over every quarter the data hold for both flows (the last twelve at most), each beside the same
quarter a year earlier when the data hold it. Pure: the quarters' sums in, model out.

The sums come from every file read (reader.Dataset.quarter_sums: per year, quarter, flow and
department), not from the lines the fiche keeps: twelve quarters span four years."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from officefiches.model import EXPORT, IMPORT, Quarters, QuarterValue, Scope

LAST = 12  # quarters shown at most
MIN_BEYOND = 4  # quarters past the fiche's year that make the slide worth a calendar year's deck


def worth_showing(held: Iterable[tuple[int, int]], year: int, period: bool) -> bool:
    """Whether a deck shows the quarters: over a period, always; for a calendar year, when the
    data hold at least MIN_BEYOND quarters after it (what the year's own figures cannot say)."""
    return period or sum(1 for q in held if q > (year, 4)) >= MIN_BEYOND


@dataclass
class QuarterHistory:
    """Every quarter's sums (columns annee, trimestre, flux, departement, valeur) and the
    quarters both flows hold, in order."""

    sums: pd.DataFrame
    held: Sequence[tuple[int, int]]

    def quarters(self, scope: Scope, departments: Iterable[str] | None) -> Quarters:
        """`scope`'s quarters: the sums of `departments` (every line when None, France)."""
        sums = self.sums
        if departments is not None:
            sums = sums[sums["departement"].isin(list(departments))]
        totals = sums.groupby(["annee", "trimestre", "flux"])["valeur"].sum()
        value = {(int(y), int(q), str(f)): int(v) for (y, q, f), v in totals.items()}
        held = set(self.held)

        def of(year: int, quarter: int, flux: str) -> int | None:
            if (year, quarter) not in held:
                return None
            return value.get((year, quarter, flux), 0)  # a held quarter without trade: 0

        shown = list(self.held)[-LAST:]
        return Quarters(
            scope=scope,
            values=tuple(
                QuarterValue(
                    year=y,
                    quarter=q,
                    exports=of(y, q, EXPORT),
                    imports=of(y, q, IMPORT),
                    exports_before=of(y - 1, q, EXPORT),
                    imports_before=of(y - 1, q, IMPORT),
                )
                for y, q in shown
            ),
        )
