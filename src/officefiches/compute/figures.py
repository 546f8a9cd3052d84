"""The figures a run shares, computed once (pure: frames in, model out, no I/O).

Data flow one way: read → figures → fiche → writers. `RunFigures` holds the year's lines (and the
compared year's), computes France's and each region's figures, details and exposure once, and
assembles from them each department's `Fiche` and each region's or France's `Synthesis`.
It is built before the workers start and handed to them whole (shared by fork, pickled by spawn).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass, replace

import numpy as np
import pandas as pd

from officefiches import geography
from officefiches.compute import aggregate, indicators
from officefiches.compute.quarters import QuarterHistory
from officefiches.compute.trends import History
from officefiches.model import (
    LABEL_KIND,
    UNASSIGNED,
    UNASSIGNED_NAME,
    DataInfo,
    Exposure,
    Fiche,
    Quarters,
    Scope,
    ScopeFigures,
    Synthesis,
    Territoires,
    Trends,
)

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
    quarter_history: QuarterHistory | None = None  # every quarter's sums, for « Trimestres »
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
        return self._once(key, lambda: aggregate.detail_of_sums(self._sums(region)))

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

    def quarters(self, scope: Scope, departments: tuple[str, ...] | None) -> Quarters | None:
        """A scope's quarters (« Trimestres »), or None when the deck does not show them."""
        if self.quarter_history is None:
            return None
        return self._once(
            ("quarters", scope.kind, scope.code),
            lambda: self.quarter_history.quarters(scope, departments),
        )

    def department_trends(self, dept: geography.Department) -> Trends | None:
        """The department's trends, with its share of its region and of France."""
        if self.history is None:
            return None
        region = geography.region_of(dept.code)
        wholes = [(Scope("region", region.insee, region.name), region.departments, 1)]
        if region.is_only(dept.code):  # its share of the region would be 100 % each year
            wholes = []
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
        if len(regions) > 1:  # every region's sums in one group-by of the lines
            sums = aggregate.cell_sums_by_region(
                self.frame,
                {d.code: geography.region_of(d.code).insee for d in geography.departments()},
            )
            for region in regions:
                if region.insee in sums:
                    self._memo.setdefault(("sums", region.insee), sums[region.insee])
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
        return department_fiche(
            self.data,
            self.labels,
            Scope("department", dept.code, dept.name),
            self.department_rows(dept.code),
            (self.region(region), self.exposure(region)),
            (self.france(), self.exposure(None)),
            territoires,
            self._previous_rows([dept.code]) if self.compare_year is not None else None,
            self.compare_year,
            trends=self.department_trends(dept),
            quarters=self.quarters(Scope("department", dept.code, dept.name), (dept.code,)),
        )

    def previous_detail(self, codes: list[str] | None) -> pd.DataFrame | None:
        """The compared year's flux × A129 × country table of these departments (of France when
        `codes` is None), for the workbooks; None without a compared year."""
        if self.compare_year is None:
            return None
        key = ("previous", tuple(codes) if codes is not None else "FR")
        return self._once(key, lambda: aggregate.a129_by_country(self._previous_rows(codes)))

    def members_detail(self, region: geography.Region | None) -> pd.DataFrame:
        """A synthesis's members (the region's departments, or France's regions) by flow and
        country: columns flux, membre, nom, pays, valeur (lines of no member: `UNASSIGNED`)."""
        key = ("members", region.insee if region else "FR")
        return self._once(key, lambda: members_table(self.rows_of(region), member_groups(region)))

    # --- a region's or France's synthesis --------------------------------------------------------

    def synthesis(self, region: geography.Region | None) -> Synthesis:
        """A region's document (its departments compared), or France's (its regions compared)."""
        if region is None:
            whole, parent = (self.france(), self.exposure(None)), None
            previous = self._previous_rows(None)
        else:
            whole = (self.region(region), self.exposure(region))
            parent = (self.france(), self.exposure(None))
            previous = self._previous_rows(list(region.departments))
        return synthesis_doc(
            self.data,
            self.labels,
            whole,
            parent,
            self.cells(region),
            member_groups(region),
            previous if self.compare_year is not None else None,
            self.compare_year,
            select=lambda codes: self._rows("frame", codes),
            trends=self.trends(region),
            quarters=self.quarters(whole[0].scope, region.departments if region else None),
        )


# --- assembling documents (shared with readback: a workbook's tables give the same documents) --


def department_fiche(
    data: DataInfo,
    labels,
    scope: Scope,
    rows: pd.DataFrame,
    region: tuple[ScopeFigures, Exposure],
    france: tuple[ScopeFigures, Exposure],
    territoires: Territoires,
    previous_rows: pd.DataFrame | None = None,
    compare_year: int | None = None,
    trends: Trends | None = None,
    quarters: Quarters | None = None,
) -> Fiche:
    """A department's Fiche from its lines (or its flux × A129 × country table), its region's
    and France's figures and exposure, and the compared year's lines when there is one."""
    cells = aggregate.Cells.of(rows)  # summed once, used twice
    figures = aggregate.scope_figures(cells, scope, labels)
    evolution = None
    if compare_year is not None and previous_rows is not None:
        evolution = indicators.evolution(figures, previous_rows, compare_year)
    exposure = (indicators.exposure(cells, scope, labels), region[1], france[1])
    return aggregate.make_fiche(
        data,
        figures,
        region[0],
        france[0],
        territoires,
        evolution=evolution,
        exposure=exposure,
        trends=trends,
        quarters=quarters,
    )


def synthesis_doc(
    data: DataInfo,
    labels,
    whole: tuple[ScopeFigures, Exposure],
    parent: tuple[ScopeFigures, Exposure] | None,
    member_rows: pd.DataFrame,
    groups: dict[str, tuple[str, str]],
    previous_rows: pd.DataFrame | None = None,
    compare_year: int | None = None,
    select=None,
    trends: Trends | None = None,
    quarters: Quarters | None = None,
) -> Synthesis:
    """A region's or France's Synthesis: `member_rows` are lines (or a Membres table) whose
    `departement` column `groups` maps to (member code, name), or the whole's cells with
    `select(codes)` giving the lines of those departments (aggregate.members)."""
    evolution = None
    if compare_year is not None and previous_rows is not None:
        evolution = indicators.evolution(whole[0], previous_rows, compare_year)
    return Synthesis(
        data=data,
        whole=whole[0],
        parent=parent[0] if parent else None,
        members=aggregate.members(member_rows, groups, labels, select),
        exposure=whole[1],
        evolution=evolution,
        parent_exposure=parent[1] if parent else None,
        trends=trends,
        quarters=quarters,
    )


def member_groups(region: geography.Region | None) -> dict[str, tuple[str, str]]:
    """Department code → (member code, name): a region's departments, or France's regions."""
    if region is None:
        return {c: (r.insee, r.name) for r in geography.regions() for c in r.departments}
    return {c: (c, geography.department(c).name) for c in region.departments}


def members_table(rows: pd.DataFrame, groups: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Flux × member × country sums (`UNASSIGNED` for the lines of no member), sorted."""

    sums = rows.groupby(["flux", "departement", "pays"], observed=True)["valeur"].sum()
    frame = sums.reset_index()
    frame = frame[frame["valeur"] != 0]
    departments = frame["departement"].astype(str)
    frame = frame.assign(
        flux=frame["flux"].astype(str),
        pays=frame["pays"].astype(str),
        membre=departments.map(lambda c: groups.get(c, (UNASSIGNED, ""))[0]),
        nom=departments.map(lambda c: groups.get(c, ("", UNASSIGNED_NAME))[1]),
    )
    frame = frame.groupby(["flux", "membre", "nom", "pays"], sort=False)["valeur"].sum()
    return frame.reset_index().sort_values(
        ["flux", "membre", "pays"], kind="mergesort", ignore_index=True
    )


# --- a team's short labels ----------------------------------------------------------------------


@dataclass
class RelabelMemo:
    """What `relabel` keeps from one call to the next of the items several documents share (a
    region's and France's figures, in every fiche of the region): for each item `keep` accepts
    (only instances of `kinds` are asked), its relabelled copy and the names it asked, in the
    order it asked them. Kept as long as the memo is (the run's), by identity: the item stays
    referenced, so its id is never another's."""

    kinds: frozenset[type]
    keep: Callable[[object], bool]
    items: dict = field(default_factory=dict)  # (id, kind inherited) → (item, copy, names)


def relabel(doc, short, memo: RelabelMemo | None = None):
    """`doc` (a Fiche, a Synthesis, or any of their items) with other names in place of the
    official ones, in every field whose metadata names a product or a partner (model.name_of,
    model.items): an item added to the model gets them by declaring its fields, with no line
    here. `short` is the team's short labels ({("a129" | "pays", code): text}), or a function
    (kind, code, label) -> name (the deck's: writers/look.display_name).

    With a `memo`, an item it keeps that an earlier call relabelled is not walked again: its
    names are asked of `short` again, in the order the walk would ask them (a `short` that
    records them records the same), and when each is the same as then, its copy is reused."""
    if not short:
        return doc
    if callable(short):
        name = short
    else:

        def name(kind: str, code: str, label: str) -> str:
            return short.get((kind, code)) or label

    def kind_of(owner, kind: str | None, kind_field: str, inherited: str | None) -> str | None:
        if kind_field:
            return LABEL_KIND[getattr(owner, kind_field)]
        return kind or inherited

    names: dict[tuple[str, str, str], str] = {}
    asked: dict | None = None  # while a memoised item is walked: the names it asks, in order

    def named(key: tuple[str, str, str]) -> str:
        renamed = names.get(key)
        if renamed is None:  # each name asked once: a fiche repeats its names
            renamed = names[key] = name(*key)
        return renamed

    def walk(value, inherited: str | None = None):
        nonlocal asked
        if isinstance(value, tuple):
            walked = tuple(walk(v, inherited) for v in value)
            return value if all(a is b for a, b in zip(walked, value, strict=True)) else walked
        plan = _relabel_plan(type(value))
        if plan is None:
            return value
        if asked is None and memo is not None and type(value) in memo.kinds and memo.keep(value):
            entry = memo.items.get((id(value), inherited))
            if entry is not None and entry[0] is value:
                if all(named(key) == renamed for key, renamed in entry[2].items()):
                    return entry[1]
            asked = {}
            try:
                walked = walk(value, inherited)
                memo.items[(id(value), inherited)] = (value, walked, asked)
            finally:
                asked = None
            return walked
        changes = {}
        for field_name, name_of, items in plan:
            current = getattr(value, field_name)
            if name_of is not None:
                kind, code, kind_field = name_of
                kind = kind_of(value, kind, kind_field, inherited)
                if kind is not None:
                    key = (kind, getattr(value, code), current)
                    renamed = named(key)
                    if asked is not None:
                        asked.setdefault(key, renamed)
                    if renamed != current:
                        changes[field_name] = renamed
            else:
                walked = walk(current, kind_of(value, *items, None))
                if walked is not current:
                    changes[field_name] = walked
        return replace(value, **changes) if changes else value  # unchanged: the same object

    return walk(doc)


_PLANS: dict[type, tuple | None] = {}


def _relabel_plan(kind: type) -> tuple | None:
    """A dataclass's fields as `relabel` visits them, (name, name_of, items) each, found once per
    class (dataclasses.fields is costly, and a fiche holds tens of thousands of items); None for
    what is not a dataclass instance (a number, a text: nothing to rename)."""
    if kind not in _PLANS:
        if not is_dataclass(kind):
            _PLANS[kind] = None
        else:
            _PLANS[kind] = tuple(
                (f.name, f.metadata.get("name_of"), f.metadata.get("items", (None, "")))
                for f in fields(kind)
            )
    return _PLANS[kind]
