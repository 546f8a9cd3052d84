"""Pure computations: a frame of customs lines in, the fiche's figures out (no I/O, no Office).

Every function takes the canonical frame (see docs/ARCHITECTURE.md) already restricted to one
year and one scope, and returns model objects with integer euros.

Every figure of the fiche (totals, products, partners, flows, and `indicators`' exposure and
change) is a sum of values per flow, A129 product and country. The lines are summed once to that
grain (`Cells`: one pandas group-by), then every figure is summed from the cells in plain Python
integers: a few thousand cells for a department, instead of a dozen pandas group-bys over its
lines (each a millisecond or two of fixed cost). The functions take the lines or their `Cells`.
Ties are broken by code, so no order depends on the order of the lines.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable
from typing import Protocol

import numpy as np
import pandas as pd

from officefiches.model import (
    EXPORT,
    FOLDED_CODES,
    IMPORT,
    OTHER_CODE,
    OTHER_LABEL,
    DataInfo,
    Fiche,
    FlowMatrix,
    Link,
    Member,
    Node,
    Partner,
    Product,
    Scope,
    ScopeFigures,
    Shares,
    Territoires,
    Totals,
    share_pct,
)
from officefiches.resources import data_text

TOP_N = 10  # products and countries on each side of a Sankey, rows of the butterfly chart
HIGHLIGHTED = 5  # largest named flows drawn in red


class LabelSource(Protocol):
    def a129_label(self, code: str) -> str: ...
    def pays_label(self, code: str) -> str: ...


@functools.cache
def not_countries() -> dict[str, str]:
    """The partner codes that name no country (data/partenaires_non_pays.csv), with what they
    stand for: undetermined or secret partners (QU, QV–QZ), high seas, bunkering (QP–QT), an
    unspecified EU member (EU), French goods returned (FR)."""
    rows = csv.DictReader(io.StringIO(data_text("partenaires_non_pays.csv")), delimiter=";")
    return {row["code"]: row["nature"] for row in rows}


def is_country(code: str) -> bool:
    """False for a partner code that names no country: it is shown with its weight, but never
    a main partner nor a single-origin dependence (nothing to act on)."""
    return code not in not_countries()


CELL_COLUMNS = ("flux", "a129", "pays")


class Cells:
    """A scope's lines summed per (flow, A129 product, country): one entry per combination
    present (a zero sum included), each code as its position in `names[column]`, values in
    int64 euros. Sums over the cells are exact integer sums (numpy's add.at, no float)."""

    __slots__ = ("flux", "a129", "pays", "valeur", "names")

    def __init__(self, flux, a129, pays, valeur, names: dict[str, list[str]]):
        self.flux, self.a129, self.pays, self.valeur = flux, a129, pays, valeur
        self.names = names

    @classmethod
    def of(cls, frame: pd.DataFrame | Cells) -> Cells:
        """The cells of these lines (the cells themselves when given cells)."""
        if isinstance(frame, Cells):
            return frame
        return cls.of_sums(
            frame.groupby(list(CELL_COLUMNS), observed=True, sort=False)["valeur"].sum()
        )

    @classmethod
    def of_sums(cls, sums: pd.Series) -> Cells:
        """The cells of values already summed per (flux, a129, pays) (a group-by's result)."""
        index = sums.index
        names = {c: [str(v) for v in index.levels[i].tolist()] for i, c in enumerate(CELL_COLUMNS)}
        codes = [np.asarray(index.codes[i], dtype=np.int64) for i in range(len(CELL_COLUMNS))]
        return cls(*codes, sums.to_numpy(dtype=np.int64), names)

    def code(self, column: str, value: str) -> int:
        """The position of a code among `names[column]`, -1 when absent."""
        names = self.names[column]
        return names.index(value) if value in names else -1

    def sums(self, column: str, flux: str | None = None) -> dict[str, int]:
        """{code: euros} of `column` ("flux", "a129" or "pays") over one flow (or both), every
        code present included, zero sums too."""
        cells = self if flux is None else self.where(flux)
        return _sum_codes(getattr(cells, column), cells.valeur, self.names[column])

    def where(self, flux: str, pays: str | None = None) -> Cells:
        """The cells of one flow (and one country)."""
        chosen = self.flux == self.code("flux", flux)
        if pays is not None:
            chosen &= self.pays == self.code("pays", pays)
        return Cells(
            self.flux[chosen], self.a129[chosen], self.pays[chosen], self.valeur[chosen], self.names
        )

    def __len__(self) -> int:
        return len(self.valeur)


def _sum_codes(codes: np.ndarray, values: np.ndarray, names: list[str]) -> dict[str, int]:
    """{name: exact sum} of the codes present (zero sums included)."""
    if len(codes) == 0:
        return {}
    sums = np.zeros(len(names), dtype=np.int64)
    np.add.at(sums, codes, values)  # the scope's total fits 63 bits (reader.py): no wrap
    present = np.bincount(codes, minlength=len(names)) > 0
    return {names[i]: int(sums[i]) for i in np.flatnonzero(present)}


def cells_of(frame: pd.DataFrame | Cells) -> Cells:
    return Cells.of(frame)


def totals(frame: pd.DataFrame | Cells) -> Totals:
    by_flux = cells_of(frame).sums("flux")
    return Totals(exports=by_flux.get(EXPORT, 0), imports=by_flux.get(IMPORT, 0))


def ranked(values: dict[str, int]) -> list[tuple[str, int]]:
    """(code, value) largest first; ties broken by code so the order never depends on row order."""
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))


def products(frame: pd.DataFrame | Cells, flux: str, labels: LabelSource) -> tuple[Product, ...]:
    """Every A129 product of the flow, largest first, with its exact share of the flow."""
    values = ranked(cells_of(frame).sums("a129", flux))
    total = sum(value for _, value in values)
    return tuple(
        Product(
            code=code,
            label=labels.a129_label(code),
            value=value,
            share_pct=(100.0 * value / total) if total else 0.0,
        )
        for code, value in values
        if value != 0
    )


def main_partners(
    frame: pd.DataFrame | Cells, labels: LabelSource, n: int = TOP_N
) -> tuple[Partner, ...]:
    """Union of the top partners at export and at import, taken alternately until `n` countries,
    then ordered by total trade (exports + imports), largest first. Partner codes that name no
    country (`is_country`) are left out: see `non_countries`."""
    cells = cells_of(frame)
    exports = _countries(cells.sums("pays", EXPORT))
    imports = _countries(cells.sums("pays", IMPORT))
    chosen: list[str] = []
    for pair in zip(
        _padded([c for c, _ in ranked(exports)], n),
        _padded([c for c, _ in ranked(imports)], n),
        strict=True,
    ):
        for code in pair:
            if code is not None and code not in chosen and len(chosen) < n:
                chosen.append(code)
    partners = [
        Partner(
            code=code,
            label=labels.pays_label(code),
            imports=imports.get(code, 0),
            exports=exports.get(code, 0),
        )
        for code in chosen
    ]
    partners.sort(key=lambda p: (-(p.exports + p.imports), p.code))
    return tuple(partners)


def _countries(values: dict[str, int]) -> dict[str, int]:
    """The codes that may be ranked as partners: countries (`is_country`), and not the lines
    of FOLDED_CODES a region's or France's workbook table sums the countries no figure names
    into (« Autres pays de l'UE », « Autres pays »: already « Autres »; see readback/fiche.py)."""
    return {c: v for c, v in values.items() if is_country(c) and c not in FOLDED_CODES}


def non_countries(frame: pd.DataFrame | Cells, labels: LabelSource) -> tuple[Partner, ...]:
    """The trade booked to partner codes that name no country (QU, QS…), largest first."""
    cells = cells_of(frame)
    exports = cells.sums("pays", EXPORT)
    imports = cells.sums("pays", IMPORT)
    codes = sorted(c for c in {*exports, *imports} if not is_country(c))
    found = [
        Partner(code, labels.pays_label(code), imports.get(code, 0), exports.get(code, 0))
        for code in codes
    ]
    found = [p for p in found if p.imports or p.exports]
    return tuple(sorted(found, key=lambda p: (-(p.exports + p.imports), p.code)))


def _padded(codes: Iterable, n: int) -> list:
    codes = list(codes)[:n]
    return codes + [None] * (n - len(codes))


def flow_matrix(
    frame: pd.DataFrame | Cells,
    flux: str,
    labels: LabelSource,
    top: int = TOP_N,
    highlighted: int = HIGHLIGHTED,
) -> FlowMatrix:
    """Top products × top countries of one flow, everything else in "Autres" on each side.

    Export reads products → countries, import countries → products, as in the fiche. The
    `highlighted` largest links between two named nodes (not "Autres") are flagged. The country
    side ranks countries only (`_countries`, as `main_partners`): the trade of codes that name
    no country (QU…) goes into "Autres", and `undetermined` says how much.
    """
    cells = cells_of(frame).where(flux)
    product_side, country_side = ("left", "right") if flux == EXPORT else ("right", "left")
    sides = {product_side: ("a129", labels.a129_label), country_side: ("pays", labels.pays_label)}
    nodes, node_of = {}, {}
    undetermined = 0
    for side in ("left", "right"):
        column, label_of = sides[side]
        names = cells.names[column]
        side_sums = _sum_codes(getattr(cells, column), cells.valeur, names)
        order = ranked(side_sums)
        if side == country_side:
            eligible = _countries(side_sums)
            undetermined = sum(v for c, v in side_sums.items() if not is_country(c))
        else:
            eligible = {c: v for c, v in side_sums.items() if c not in FOLDED_CODES}
        kept = [code for code, value in ranked(eligible) if value != 0][:top]
        side_nodes = [Node(code=c, label=label_of(c), value=side_sums[c]) for c in kept]
        if len(order) > len(kept):  # the codes beyond the top go to "Autres", nothing is lost
            rest = sum(side_sums.values()) - sum(node.value for node in side_nodes)
            side_nodes.append(Node(code=OTHER_CODE, label=OTHER_LABEL, value=rest))
        # each code's node: its own when kept, else "Autres" (the last node)
        position = np.full(len(names), len(kept), dtype=np.int64)
        for i, code in enumerate(kept):
            position[names.index(code)] = i
        nodes[side], node_of[side] = side_nodes, position[getattr(cells, column)]
    width = max(len(nodes["right"]), 1)
    folded = np.zeros(len(nodes["left"]) * width, dtype=np.int64)
    np.add.at(folded, node_of["left"] * width + node_of["right"], cells.valeur)
    raw = [(int(k) // width, int(k) % width, int(folded[k])) for k in np.flatnonzero(folded)]
    left, right = nodes["left"], nodes["right"]
    named = [c for c in raw if not left[c[0]].is_other and not right[c[1]].is_other]
    red = {(s, t) for s, t, _ in sorted(named, key=lambda c: (-c[2], c[0], c[1]))[:highlighted]}
    links = tuple(Link(s, t, v, (s, t) in red) for s, t, v in raw)
    return FlowMatrix(
        flux=flux,
        left_kind="product" if flux == EXPORT else "country",
        right_kind="country" if flux == EXPORT else "product",
        left=tuple(nodes["left"]),
        right=tuple(nodes["right"]),
        links=links,
        total=int(cells.valeur.sum()),
        undetermined=undetermined,
    )


def scope_figures(frame: pd.DataFrame | Cells, scope: Scope, labels: LabelSource) -> ScopeFigures:
    """All figures of one scope; `frame` holds that scope's lines for the year only (or their
    cells)."""
    cells = cells_of(frame)
    return ScopeFigures(
        scope=scope,
        totals=totals(cells),
        partners=main_partners(cells, labels),
        products_export=products(cells, EXPORT, labels),
        products_import=products(cells, IMPORT, labels),
        flows_export=flow_matrix(cells, EXPORT, labels),
        flows_import=flow_matrix(cells, IMPORT, labels),
        non_countries=non_countries(cells, labels),
    )


def shares(flux: str, department: Totals, region: Totals, france: Totals) -> Shares:
    """The department's share of its region (1 decimal) and of France (2 decimals), half-up."""
    value = department.of(flux)
    return Shares(
        flux=flux,
        value=value,
        region_total=region.of(flux),
        france_total=france.of(flux),
        region_pct=share_pct(value, region.of(flux), 1),
        france_pct=share_pct(value, france.of(flux), 2),
    )


def make_fiche(
    data: DataInfo,
    department: ScopeFigures,
    region: ScopeFigures,
    france: ScopeFigures,
    territoires: Territoires,
    **extra,
) -> Fiche:
    """Assemble a department's fiche from figures computed once per scope."""
    return Fiche(
        data=data,
        department=department,
        region=region,
        france=france,
        shares_export=shares(EXPORT, department.totals, region.totals, france.totals),
        shares_import=shares(IMPORT, department.totals, region.totals, france.totals),
        territoires=territoires,
        **extra,
    )


def cell_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Values and masses summed per (flux, a129, pays): what `a129_by_country` shows and
    `Cells.of_sums` reads (one group-by for both)."""
    return frame.groupby(list(CELL_COLUMNS), observed=True)[["valeur", "masse"]].sum()


def a129_by_country(frame: pd.DataFrame) -> pd.DataFrame:
    """The scope's values at flux × A129 × country grain (for comparison tables), sorted."""
    return detail_of_sums(cell_sums(frame))


def detail_of_sums(sums: pd.DataFrame) -> pd.DataFrame:
    """`cell_sums` as a table of flux × A129 × country rows, sorted."""
    return sums.reset_index().sort_values(
        ["flux", "a129", "pays"], kind="mergesort", ignore_index=True
    )


def cell_sums_by_region(frame: pd.DataFrame, region_of: dict[str, str]) -> dict[str, pd.DataFrame]:
    """`cell_sums` of each region's lines (`region_of`: department code → region code), in one
    group-by of every line instead of one selection and group-by a region; the same tables."""
    departments = frame["departement"].astype("category").cat  # as read: already categories
    regions, codes = pd.factorize(
        np.array([region_of.get(str(code), "") for code in departments.categories], dtype=object)
    )
    region = regions[departments.codes.to_numpy()]
    keys = [region, *(frame[column] for column in CELL_COLUMNS)]
    sums = frame.groupby(keys, observed=True)[["valeur", "masse"]].sum()
    return {
        codes[index]: part.droplevel(0) for index, part in sums.groupby(level=0) if codes[index]
    }


def members(
    frame: pd.DataFrame | Cells,
    groups: dict[str, tuple[str, str]],
    labels: LabelSource,
    select=None,
) -> tuple[Member, ...]:
    """The whole's members compared: `groups` maps a department code to (member code, name);
    `select(codes)` gives the lines of those departments (by default, picked from `frame`).

    For a region the members are its departments; for France, its regions (departments grouped).
    """
    frame = _with_product(frame)
    whole = totals(frame)
    if select is None:
        select = lambda codes: frame[frame["departement"].isin(codes)]  # noqa: E731
    departments: dict[tuple[str, str], list[str]] = {}
    for department, member in groups.items():
        departments.setdefault(member, []).append(department)
    found = []
    for (code, name), codes in sorted(departments.items()):
        cells = Cells.of(_with_product(select(codes)))
        member_totals = totals(cells)
        partners = _top_partner(cells, labels)
        found.append(
            Member(
                code=code,
                name=name,
                totals=member_totals,
                export_pct=share_pct(member_totals.exports, whole.exports, 1),
                import_pct=share_pct(member_totals.imports, whole.imports, 1),
                top_partner=partners[0] if partners else None,
            )
        )
    found.sort(key=lambda m: (-(m.totals.exports + m.totals.imports), m.code))
    return tuple(found)


def _with_product(frame: pd.DataFrame | Cells) -> pd.DataFrame | Cells:
    """A workbook's « Membres » table has no product column (flow × member × country): one
    product for all its lines, so that its cells sum as the source lines' do."""
    if isinstance(frame, pd.DataFrame) and "a129" not in frame.columns:
        return frame.assign(a129="")
    return frame


def _top_partner(cells: Cells, labels: LabelSource) -> tuple[Partner, ...]:
    """The largest country by total trade (exports + imports), as a 0- or 1-tuple."""
    order = ranked(_countries(cells.sums("pays")))
    if not order or order[0][1] == 0:
        return ()
    code = order[0][0]
    exports = cells.sums("pays", EXPORT).get(code, 0)
    imports = cells.sums("pays", IMPORT).get(code, 0)
    return (Partner(code, labels.pays_label(code), imports, exports),)
