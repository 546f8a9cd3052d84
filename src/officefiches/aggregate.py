"""Pure computations: a frame of customs lines in, the fiche's figures out (no I/O, no Office).

Every function takes the canonical frame (see docs/ARCHITECTURE.md) already restricted to one
year and one scope, and returns model objects with integer euros.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

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

TOP_N = 10  # products and countries on each side of a Sankey, rows of the butterfly chart
HIGHLIGHTED = 5  # largest named flows drawn in red


class LabelSource(Protocol):
    def a129_label(self, code: str) -> str: ...
    def pays_label(self, code: str) -> str: ...


def totals(frame: pd.DataFrame) -> Totals:
    by_flux = frame.groupby("flux", observed=True)["valeur"].sum()
    return Totals(exports=int(by_flux.get(EXPORT, 0)), imports=int(by_flux.get(IMPORT, 0)))


def _ranked(values: pd.Series) -> pd.Series:
    """Largest first; ties broken by code so the order never depends on row order."""
    frame = values.rename("v").reset_index()
    key = frame.columns[0]
    frame = frame.sort_values(["v", key], ascending=[False, True], kind="mergesort")
    return pd.Series(frame["v"].to_numpy(), index=frame[key].to_numpy())


def _sum_by(frame: pd.DataFrame, flux: str, column: str) -> pd.Series:
    rows = frame[frame["flux"] == flux]
    return _ranked(rows.groupby(column, observed=True)["valeur"].sum())


def without_other(values: pd.Series) -> pd.Series:
    """`values` without the codes of FOLDED_CODES: a region's or France's table in a workbook
    sums the countries no figure names into lines of those codes (« Autres pays de l'UE »,
    « Autres pays »), which count in every total but are never ranked as partners (they are
    already « Autres »)."""
    folded = values.index.isin(FOLDED_CODES)
    return values[~folded] if folded.any() else values


def products(frame: pd.DataFrame, flux: str, labels: LabelSource) -> tuple[Product, ...]:
    """Every A129 product of the flow, largest first, with its exact share of the flow."""
    values = _sum_by(frame, flux, "a129")
    total = int(values.sum())
    return tuple(
        Product(
            code=str(code),
            label=labels.a129_label(str(code)),
            value=int(value),
            share_pct=(100.0 * int(value) / total) if total else 0.0,
        )
        for code, value in values.items()
        if int(value) != 0
    )


def main_partners(frame: pd.DataFrame, labels: LabelSource, n: int = TOP_N) -> tuple[Partner, ...]:
    """Union of the top partners at export and at import, taken alternately until `n` countries,
    then ordered by total trade (exports + imports), largest first."""
    exports = without_other(_sum_by(frame, EXPORT, "pays"))
    imports = without_other(_sum_by(frame, IMPORT, "pays"))
    chosen: list[str] = []
    for pair in zip(_padded(exports.index, n), _padded(imports.index, n), strict=True):
        for code in pair:
            if code is not None and code not in chosen and len(chosen) < n:
                chosen.append(str(code))
    partners = [
        Partner(
            code=code,
            label=labels.pays_label(code),
            imports=int(imports.get(code, 0)),
            exports=int(exports.get(code, 0)),
        )
        for code in chosen
    ]
    partners.sort(key=lambda p: (-(p.exports + p.imports), p.code))
    return tuple(partners)


def _padded(codes: Iterable, n: int) -> list:
    codes = list(codes)[:n]
    return codes + [None] * (n - len(codes))


def flow_matrix(
    frame: pd.DataFrame,
    flux: str,
    labels: LabelSource,
    top: int = TOP_N,
    highlighted: int = HIGHLIGHTED,
) -> FlowMatrix:
    """Top products × top countries of one flow, everything else in "Autres" on each side.

    Export reads products → countries, import countries → products, as in the fiche. The
    `highlighted` largest links between two named nodes (not "Autres") are flagged.
    """
    rows = frame.loc[frame["flux"] == flux, ["a129", "pays", "valeur"]]
    product_side, country_side = ("left", "right") if flux == EXPORT else ("right", "left")
    sides = {
        product_side: ("a129", labels.a129_label),
        country_side: ("pays", labels.pays_label),
    }
    # Sum product × country first (a few thousand cells), then fold the codes beyond the top
    # into "Autres": much cheaper than relabelling every source line.
    columns = [sides["left"][0], sides["right"][0]]
    pairs = rows.groupby(columns, observed=True)["valeur"].sum().reset_index()
    pairs[columns] = pairs[columns].astype(str)
    keys = {}
    nodes = {}
    for side, (column, label_of) in sides.items():
        ranked = _ranked(pairs.groupby(column)["valeur"].sum())
        rankable = without_other(ranked)
        kept = [str(c) for c in rankable[rankable != 0].index[:top]]
        keys[side] = pairs[column].where(pairs[column].isin(kept), OTHER_CODE)
        side_nodes = [Node(code=c, label=label_of(c), value=int(ranked[c])) for c in kept]
        if len(ranked) > len(kept):  # the codes beyond the top go to "Autres", nothing is lost
            rest = int(ranked.sum()) - sum(node.value for node in side_nodes)
            side_nodes.append(Node(code=OTHER_CODE, label=OTHER_LABEL, value=rest))
        nodes[side] = side_nodes

    cells = (
        pd.DataFrame({"l": keys["left"], "r": keys["right"], "v": pairs["valeur"]})
        .groupby(["l", "r"])["v"]
        .sum()
    )
    left_index = {node.code: i for i, node in enumerate(nodes["left"])}
    right_index = {node.code: i for i, node in enumerate(nodes["right"])}
    raw = sorted(
        (left_index[l_code], right_index[r_code], int(v))
        for (l_code, r_code), v in cells.items()
        if int(v) != 0
    )
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
        total=int(rows["valeur"].sum()),
    )


def scope_figures(frame: pd.DataFrame, scope: Scope, labels: LabelSource) -> ScopeFigures:
    """All figures of one scope; `frame` holds that scope's lines for the year only."""
    return ScopeFigures(
        scope=scope,
        totals=totals(frame),
        partners=main_partners(frame, labels),
        products_export=products(frame, EXPORT, labels),
        products_import=products(frame, IMPORT, labels),
        flows_export=flow_matrix(frame, EXPORT, labels),
        flows_import=flow_matrix(frame, IMPORT, labels),
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


def a129_by_country(frame: pd.DataFrame) -> pd.DataFrame:
    """The scope's values at flux × A129 × country grain (for comparison tables), sorted."""
    grouped = frame.groupby(["flux", "a129", "pays"], observed=True)[["valeur", "masse"]].sum()
    return grouped.reset_index().sort_values(
        ["flux", "a129", "pays"], kind="mergesort", ignore_index=True
    )


def members(
    frame: pd.DataFrame, groups: dict[str, tuple[str, str]], labels: LabelSource
) -> tuple[Member, ...]:
    """The whole's members compared: `groups` maps a department code to (member code, name).

    For a region the members are its departments; for France, its regions (departments grouped).
    """
    whole = totals(frame)
    departments: dict[tuple[str, str], list[str]] = {}
    for department, member in groups.items():
        departments.setdefault(member, []).append(department)
    found = []
    for (code, name), codes in sorted(departments.items()):
        rows = frame[frame["departement"].isin(codes)]
        member_totals = totals(rows)
        partners = _top_partner(rows, labels)
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


def _top_partner(frame: pd.DataFrame, labels: LabelSource) -> tuple[Partner, ...]:
    """The largest partner by total trade (exports + imports), as a 0- or 1-tuple."""
    ranked = without_other(_ranked(frame.groupby("pays", observed=True)["valeur"].sum()))
    if ranked.empty or int(ranked.iloc[0]) == 0:
        return ()
    code = str(ranked.index[0])
    rows = frame[frame["pays"] == code]
    flows = totals(rows)
    return (Partner(code, labels.pays_label(code), flows.imports, flows.exports),)
