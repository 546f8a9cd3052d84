"""Pure computations beyond the fiche: year-on-year change, tariff exposure, dependence.

Same contract as `aggregate`: a canonical frame already restricted to one scope and one year in,
frozen model objects out, integer euros, no I/O.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from officefiches.aggregate import LabelSource, totals
from officefiches.model import (
    EXPORT,
    FOLDED_CODES,
    IMPORT,
    OTHER_EU_CODE,
    Change,
    Concentration,
    Dependence,
    Evolution,
    Exposure,
    ProductExposure,
    Scope,
    ScopeFigures,
    share_pct,
)

UNITED_STATES = "US"
# The 27 member states since 1 February 2020, as customs partner codes (France is not a partner).
EU27 = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
TOP_EXPOSED = 10
TOP_CHANGES = 10


def _sums(frame: pd.DataFrame, flux: str | None, column: str) -> dict[str, int]:
    rows = frame if flux is None else frame[frame["flux"] == flux]
    grouped = rows.groupby(column, observed=True)["valeur"].sum()
    return {str(code): int(value) for code, value in grouped.items() if int(value) != 0}


def evolution(current: ScopeFigures, previous_frame: pd.DataFrame, previous_year: int) -> Evolution:
    """Change of totals, main partners and main products since `previous_year`."""
    before = totals(previous_frame)
    partners_before = _sums(previous_frame, None, "pays")
    changes = {}
    for flux in (EXPORT, IMPORT):
        products_before = _sums(previous_frame, flux, "a129")
        changes[flux] = tuple(
            Change(p.code, p.label, products_before.get(p.code, 0), p.value)
            for p in current.products(flux)[:TOP_CHANGES]
        )
    return Evolution(
        previous_year=previous_year,
        exports=Change(EXPORT, "Exportations", before.exports, current.totals.exports),
        imports=Change(IMPORT, "Importations", before.imports, current.totals.imports),
        partners=tuple(
            Change(p.code, p.label, partners_before.get(p.code, 0), p.exports + p.imports)
            for p in current.partners
        ),
        products_export=changes[EXPORT],
        products_import=changes[IMPORT],
    )


def concentration(values: dict[str, int]) -> Concentration:
    """Herfindahl index (3 decimals) and top-3 share (1 decimal) of positive values."""
    total = sum(values.values())
    if total <= 0:
        return Concentration(Decimal(0), Decimal(0), 0)
    shares = [Decimal(v) / Decimal(total) for v in values.values()]
    herfindahl = sum(s * s for s in shares).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    top3 = sum(sorted(values.values(), reverse=True)[:3])
    return Concentration(herfindahl, share_pct(top3, total, 1), len(values))


def exposure(frame: pd.DataFrame, scope: Scope, labels: LabelSource) -> Exposure:
    """Exposure to the United States and the EU, concentration and single-origin dependence."""
    exports = frame[frame["flux"] == EXPORT]
    export_total = int(exports["valeur"].sum())
    by_country = _sums(frame, EXPORT, "pays")
    us = by_country.get(UNITED_STATES, 0)
    eu = sum(v for code, v in by_country.items() if code in EU27 or code == OTHER_EU_CODE)
    return Exposure(
        scope=scope,
        us_pct=share_pct(us, export_total, 1),
        eu_pct=share_pct(eu, export_total, 1),
        extra_eu_pct=share_pct(export_total - eu, export_total, 1),
        us_products=_us_products(exports, labels),
        partners_export=concentration(by_country),
        partners_import=concentration(_sums(frame, IMPORT, "pays")),
        products_export=concentration(_sums(frame, EXPORT, "a129")),
        products_import=concentration(_sums(frame, IMPORT, "a129")),
        dependences=_dependences(frame[frame["flux"] == IMPORT], labels),
    )


def _us_products(exports: pd.DataFrame, labels: LabelSource) -> tuple[ProductExposure, ...]:
    product_totals = _sums(exports, None, "a129")
    to_us = _sums(exports[exports["pays"] == UNITED_STATES], None, "a129")
    ranked = sorted(to_us.items(), key=lambda item: (-item[1], item[0]))[:TOP_EXPOSED]
    return tuple(
        ProductExposure(
            code, labels.a129_label(code), value, share_pct(value, product_totals[code], 1)
        )
        for code, value in ranked
    )


def _dependences(imports: pd.DataFrame, labels: LabelSource) -> tuple[Dependence, ...]:
    """Imported products more than half supplied by one country (exact test: 2 × part > whole)."""
    cells = imports.groupby(["a129", "pays"], observed=True)["valeur"].sum().reset_index()
    cells["whole"] = cells.groupby("a129", observed=True)["valeur"].transform("sum")
    found = cells[(cells["valeur"] * 2 > cells["whole"]) & (cells["valeur"] > 0)]
    found = found[~found["pays"].astype(str).isin(FOLDED_CODES)]  # « Autres pays » (workbook)
    found = found.sort_values(["valeur", "a129"], ascending=[False, True], kind="mergesort")
    return tuple(
        Dependence(
            str(product),
            labels.a129_label(str(product)),
            str(country),
            labels.pays_label(str(country)),
            int(value),
            int(whole),
            share_pct(int(value), int(whole), 1),
        )
        for product, country, value, whole in found[["a129", "pays", "valeur", "whole"]].itertuples(
            index=False
        )
    )
