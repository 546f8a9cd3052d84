"""The document model: frozen dataclasses computed by `aggregate`, read by every writer.

All money values are integers in euros; rounding happens only when formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

EXPORT = "E"
IMPORT = "I"
FLOWS = (EXPORT, IMPORT)
OTHER_CODE = "_AUTRES"
OTHER_LABEL = "Autres"


def share_pct(part: int, whole: int, decimals: int) -> Decimal | None:
    """part/whole in percent, rounded half-up as the fiches print; None when whole is 0."""
    if whole == 0:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Scope:
    """What a set of figures describes: a department, a region or France."""

    kind: str  # "department" | "region" | "france"
    code: str  # department code ("18"), INSEE region code ("24") or "FR"
    name: str  # "Cher", "Centre-Val de Loire", "France entière"


@dataclass(frozen=True)
class Totals:
    exports: int
    imports: int

    @property
    def balance(self) -> int:
        return self.exports - self.imports

    def of(self, flux: str) -> int:
        return self.exports if flux == EXPORT else self.imports


@dataclass(frozen=True)
class Shares:
    """Shares of a department's total in its region's (1 decimal) and in France's (2 decimals)."""

    flux: str
    value: int
    region_total: int
    france_total: int
    region_pct: Decimal | None
    france_pct: Decimal | None


@dataclass(frozen=True)
class Partner:
    code: str
    label: str
    imports: int
    exports: int

    @property
    def balance(self) -> int:
        return self.exports - self.imports


@dataclass(frozen=True)
class Product:
    """A product (A129 level) and its value within one flow."""

    code: str
    label: str
    value: int
    share_pct: float  # exact share of the flow total, in percent (not rounded)


@dataclass(frozen=True)
class Node:
    """One side of a Sankey: a product or a country, or the "Autres" bucket."""

    code: str
    label: str
    value: int

    @property
    def is_other(self) -> bool:
        return self.code == OTHER_CODE


@dataclass(frozen=True)
class Link:
    source: int  # index into FlowMatrix.left
    target: int  # index into FlowMatrix.right
    value: int
    highlighted: bool  # one of the 5 largest named flows (drawn in red)


@dataclass(frozen=True)
class FlowMatrix:
    """Top-N × top-N flows with "Autres" on each side.

    Export: left = products, right = countries. Import: left = countries, right = products.
    `links` holds every non-zero cell, including those touching "Autres" (which is last on each
    side when present). Sum of links == sum of left == sum of right == total.
    """

    flux: str
    left_kind: str  # "product" | "country"
    right_kind: str
    left: tuple[Node, ...]
    right: tuple[Node, ...]
    links: tuple[Link, ...]
    total: int

    def value(self, left: int, right: int) -> int:
        for link in self.links:
            if link.source == left and link.target == right:
                return link.value
        return 0


@dataclass(frozen=True)
class ScopeFigures:
    """Every figure of the fiche for one scope (department, region or France)."""

    scope: Scope
    totals: Totals
    partners: tuple[Partner, ...]  # main partners, in rank order (largest total trade first)
    products_export: tuple[Product, ...]  # all A129 products, largest first
    products_import: tuple[Product, ...]
    flows_export: FlowMatrix
    flows_import: FlowMatrix

    def products(self, flux: str) -> tuple[Product, ...]:
        return self.products_export if flux == EXPORT else self.products_import

    def flows(self, flux: str) -> FlowMatrix:
        return self.flows_export if flux == EXPORT else self.flows_import


@dataclass(frozen=True)
class Territoires:
    """The department's Territoires d'industrie, as the fiche lists them."""

    names: tuple[str, ...]
    omitted: tuple[str, ...] = ()  # TIs left out by the 5-commune rule (footnote)
    source: str = ""  # where the list comes from ("" when none is known)
    # the footnote "TIs with fewer than 5 communes here were left out" applies (omitted may be
    # empty when the source only says that some were left out, as the Cher fiche does)
    footnote: bool = False

    @property
    def known(self) -> bool:
        return bool(self.source)


@dataclass(frozen=True)
class DataSource:
    """One input file, as the outputs cite it."""

    name: str
    modified: str  # ISO date of the file (or of the ZIP member)
    lines: int


@dataclass(frozen=True)
class Fiche:
    """Everything one department's workbook and deck show."""

    year: int
    department: ScopeFigures
    region: ScopeFigures
    france: ScopeFigures
    shares_export: Shares
    shares_import: Shares
    territoires: Territoires
    quarters: tuple[int, ...]  # quarters present for the year (a full year has 1..4)
    is_demo: bool
    sources: tuple[DataSource, ...] = ()
    label_source: str = ""  # "annexes DGDDI" or "libellés intégrés"
    warnings: tuple[str, ...] = field(default=())

    @property
    def partial_year(self) -> bool:
        return tuple(self.quarters) != (1, 2, 3, 4)

    def shares(self, flux: str) -> Shares:
        return self.shares_export if flux == EXPORT else self.shares_import
