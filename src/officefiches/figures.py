"""The figures a run shares, computed once (pure: frames in, model out, no I/O).

Data flow one way: read → figures → fiche → writers. `RunFigures` holds the year's lines (and the
compared year's), computes France's and each region's figures, details and exposure once, and
assembles from them each department's `Fiche` and each region's or France's `Synthesis`.
It is built before the workers start and handed to them whole (shared by fork, pickled by spawn).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from officefiches import aggregate, geography, indicators
from officefiches.model import (
    DataInfo,
    Exposure,
    Fiche,
    Scope,
    ScopeFigures,
    Synthesis,
    Territoires,
    Trends,
)
from officefiches.trends import History

FRANCE = Scope("france", "FR", "France entière")


@dataclass
class RunFigures:
    """The year's lines (and the compared year's, on the same quarters) and everything computed
    from them once per run."""

    frame: pd.DataFrame
    labels: object
    data: DataInfo  # what every document says about its data
    previous_frame: pd.DataFrame | None = None
    compare_year: int | None = None
    history: History | None = None  # every complete year's reduced lines, for the trends
    _memo: dict = field(default_factory=dict, repr=False)

    def _once(self, key, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # --- the shared scopes -----------------------------------------------------------------------

    def france(self) -> ScopeFigures:
        return self._once(
            "france", lambda: aggregate.scope_figures(self.cells(None), FRANCE, self.labels)
        )

    def region(self, region: geography.Region) -> ScopeFigures:
        scope = Scope("region", region.insee, region.name)
        return self._once(
            ("region", region.insee),
            lambda: aggregate.scope_figures(self.cells(region), scope, self.labels),
        )

    def rows_of(self, region: geography.Region | None) -> pd.DataFrame:
        """The region's lines (France's when `region` is None), selected once."""
        if region is None:
            return self.frame
        return self._once(
            ("rows", region.insee), lambda: self._rows("frame", list(region.departments))
        )

    def _sums(self, region: geography.Region | None) -> pd.DataFrame:
        """The region's (or France's) values and masses per flow, A129 and country: one
        group-by of its lines, for its figures, its exposure and its detail table."""
        key = ("sums", region.insee if region else "FR")
        return self._once(key, lambda: aggregate.cell_sums(self.rows_of(region)))

    def cells(self, region: geography.Region | None) -> aggregate.Cells:
        key = ("cells", region.insee if region else "FR")
        return self._once(key, lambda: aggregate.Cells.of_sums(self._sums(region)["valeur"]))

    def detail(self, region: geography.Region | None) -> pd.DataFrame:
        """The region's (or France's) flux × A129 × country table, for the workbooks."""
        key = ("detail", region.insee if region else "FR")
        return self._once(
            key, lambda: aggregate.a129_by_country(self.rows_of(region), self._sums(region))
        )

    def exposure(self, region: geography.Region | None) -> Exposure:
        """Exposure indicators of the region (France's when `region` is None)."""
        scope = self.region(region).scope if region else FRANCE
        key = ("exposure", region.insee if region else "FR")
        return self._once(key, lambda: indicators.exposure(self.cells(region), scope, self.labels))

    def trends(self, region: geography.Region | None) -> Trends | None:
        """The region's trends, with its share of France (France's when `region` is None)."""
        if self.history is None:
            return None
        if region is None:
            return self._once(("trends", "FR"), lambda: self.history.trends(FRANCE, None))
        scope = Scope("region", region.insee, region.name)
        return self._once(
            ("trends", region.insee),
            lambda: self.history.trends(scope, region.departments, [(FRANCE, None, 2)]),
        )

    def department_trends(self, dept: geography.Department) -> Trends | None:
        """The department's trends, with its share of its region and of France."""
        if self.history is None:
            return None
        region = geography.region_of(dept.code)
        wholes = [(Scope("region", region.insee, region.name), region.departments, 1)]
        scope = Scope("department", dept.code, dept.name)
        return self.history.trends(scope, [dept.code], [*wholes, (FRANCE, None, 2)])

    def prepare(self, regions: list[geography.Region]) -> None:
        """Compute France's and these regions' figures now, before the workers start, so that
        each worker has them instead of computing them again."""
        self._positions("frame")
        self._positions("previous_frame")
        self.france()
        self.detail(None)
        self.exposure(None)
        self.trends(None)
        for region in regions:
            self.region(region)
            self.exposure(region)
            self.detail(region)
            self.trends(region)

    # --- a department ----------------------------------------------------------------------------

    def _positions(self, which: str) -> dict[str, np.ndarray]:
        """{department: positions of its lines} in `frame` or `previous_frame`, found once (a
        department then takes its lines without comparing every line's code)."""

        def positions() -> dict[str, np.ndarray]:
            frame = getattr(self, which)
            if frame is None:
                return {}
            groups = frame.groupby("departement", observed=True).indices
            return {str(code): rows for code, rows in groups.items()}

        return self._once(("positions", which), positions)

    def department_rows(self, code: str) -> pd.DataFrame:
        return self._rows("frame", [code])

    def _rows(self, which: str, codes: list[str]) -> pd.DataFrame:
        frame = getattr(self, which)
        found = [self._positions(which).get(code) for code in codes]
        found = [rows for rows in found if rows is not None]
        if not found:
            return frame.iloc[:0]
        return frame.iloc[np.sort(np.concatenate(found)) if len(found) > 1 else found[0]]

    def _previous_rows(self, codes: list[str] | None) -> pd.DataFrame | None:
        previous = self.previous_frame
        if previous is None or codes is None:
            return previous
        return self._rows("previous_frame", codes)

    def fiche(self, dept: geography.Department, territoires: Territoires) -> Fiche:
        """A department's fiche: its figures, its region's and France's (shared), the change since
        the compared year, and the exposure of the three scopes."""
        region = geography.region_of(dept.code)
        cells = aggregate.Cells.of(self.department_rows(dept.code))  # summed once, used thrice
        scope = Scope("department", dept.code, dept.name)
        figures = aggregate.scope_figures(cells, scope, self.labels)
        evolution = None
        if self.compare_year is not None:
            previous = self._previous_rows([dept.code])
            evolution = indicators.evolution(figures, previous, self.compare_year)
        exposure = (
            indicators.exposure(cells, scope, self.labels),
            self.exposure(region),
            self.exposure(None),
        )
        return aggregate.make_fiche(
            self.data,
            figures,
            self.region(region),
            self.france(),
            territoires,
            evolution=evolution,
            exposure=exposure,
            trends=self.department_trends(dept),
        )

    # --- a region's or France's synthesis --------------------------------------------------------

    def synthesis(self, region: geography.Region | None) -> Synthesis:
        """A region's document (its departments compared), or France's (its regions compared)."""
        if region is None:
            whole, parent = self.france(), None
            groups = {c: (r.insee, r.name) for r in geography.regions() for c in r.departments}
            previous = self._previous_rows(None)
        else:
            whole, parent = self.region(region), self.france()
            groups = {c: (c, geography.department(c).name) for c in region.departments}
            previous = self._previous_rows(list(region.departments))
        evolution = None
        if self.compare_year is not None:
            evolution = indicators.evolution(whole, previous, self.compare_year)
        return Synthesis(
            data=self.data,
            whole=whole,
            parent=parent,
            members=aggregate.members(
                self.cells(region), groups, self.labels, lambda codes: self._rows("frame", codes)
            ),
            exposure=self.exposure(region),
            evolution=evolution,
            parent_exposure=self.exposure(None) if region is not None else None,
            trends=self.trends(region),
        )
