"""Pure computations beyond the fiche: year-on-year change, tariff exposure, dependence.

Same contract as `aggregate`: a canonical frame already restricted to one scope and one year in
(or its `aggregate.Cells`), frozen model objects out, integer euros, no I/O.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from officefiches.compute.aggregate import Cells, LabelSource, is_country, ranked, totals
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


def _sums(frame: pd.DataFrame | Cells, flux: str | None, column: str) -> dict[str, int]:
    """{code: euros} of the codes with trade, by code."""
    sums = Cells.of(frame).sums(column, flux)
    return {code: value for code, value in sorted(sums.items()) if value != 0}


def evolution(
    current: ScopeFigures, previous_frame: pd.DataFrame | Cells, previous_year: int
) -> Evolution:
    """Change of totals, main partners and main products since `previous_year`."""
    previous = Cells.of(previous_frame)
    before = totals(previous)
    partners_before = _sums(previous, None, "pays")
    changes = {}
    for flux in (EXPORT, IMPORT):
        products_before = _sums(previous, flux, "a129")
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


def exposure(frame: pd.DataFrame | Cells, scope: Scope, labels: LabelSource) -> Exposure:
    """Exposure to the United States and the EU, concentration and single-origin dependence."""
    cells = Cells.of(frame)
    exports = cells.where(EXPORT)
    export_total = int(exports.valeur.sum())
    by_country = _sums(cells, EXPORT, "pays")
    dependences, undetermined = _dependences(cells.where(IMPORT), labels)
    us = by_country.get(UNITED_STATES, 0)
    eu = sum(v for code, v in by_country.items() if code in EU27 or code == OTHER_EU_CODE)
    return Exposure(
        scope=scope,
        us_pct=share_pct(us, export_total, 1),
        eu_pct=share_pct(eu, export_total, 1),
        extra_eu_pct=share_pct(export_total - eu, export_total, 1),
        us_products=_us_products(exports, labels),
        partners_export=concentration(by_country),
        partners_import=concentration(_sums(cells, IMPORT, "pays")),
        products_export=concentration(_sums(cells, EXPORT, "a129")),
        products_import=concentration(_sums(cells, IMPORT, "a129")),
        dependences=dependences,
        undetermined=undetermined,
    )


def _us_products(exports: Cells, labels: LabelSource) -> tuple[ProductExposure, ...]:
    product_totals = _sums(exports, None, "a129")
    to_us = _sums(exports.where(EXPORT, UNITED_STATES), None, "a129")
    return tuple(
        ProductExposure(
            code, labels.a129_label(code), value, share_pct(value, product_totals[code], 1)
        )
        for code, value in ranked(to_us)[:TOP_EXPOSED]
    )


def _dependences(
    imports: Cells, labels: LabelSource
) -> tuple[tuple[Dependence, ...], tuple[Dependence, ...]]:
    """Imported products more than half supplied by one partner (exact test: part > whole −
    part, that is 2 × part > whole, without doubling a 63-bit value): those of a country
    (dependences), and those of a code that names no country (QU…). The cells hold one entry
    per product and country."""
    names = imports.names["a129"]
    wholes = np.zeros(len(names), dtype=np.int64)
    np.add.at(wholes, imports.a129, imports.valeur)
    whole = wholes[imports.a129]
    chosen = np.flatnonzero((imports.valeur > whole - imports.valeur) & (imports.valeur > 0))
    found = [
        (
            names[imports.a129[i]],
            imports.names["pays"][imports.pays[i]],
            int(imports.valeur[i]),
            int(whole[i]),
        )
        for i in chosen
        if imports.names["pays"][imports.pays[i]] not in FOLDED_CODES  # « Autres pays » (workbook)
    ]
    found.sort(key=lambda item: (-item[2], item[0]))  # one partner at most per product
    found = tuple(
        Dependence(
            product,
            labels.a129_label(product),
            country,
            labels.pays_label(country),
            value,
            whole,
            share_pct(value, whole, 1),
        )
        for product, country, value, whole in found
    )
    countries = tuple(d for d in found if is_country(d.country_code))
    return countries, tuple(d for d in found if not is_country(d.country_code))
