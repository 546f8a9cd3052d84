"""The document model: frozen dataclasses computed by `aggregate`, read by every writer.

All money values are integers in euros; rounding happens only when formatting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Flow(StrEnum):
    """A trade flow. The values are the DGDDI files' codes, which the data frame's `flux` column
    holds: `Flow.EXPORT == "E"`, so a frame filtered or grouped on "E" matches the enum too."""

    EXPORT = "E"
    IMPORT = "I"

    @property
    def key(self) -> str:
        """ "export" / "import": the suffix of the editable texts' keys (titre_export…)."""
        return "export" if self is Flow.EXPORT else "import"


EXPORT = Flow.EXPORT
IMPORT = Flow.IMPORT
FLOWS = (EXPORT, IMPORT)
OTHER_CODE = "_AUTRES"
# The lines of a region's or France's table in a workbook that sum the countries no figure
# names: the others of the European Union, and the others outside it (OTHER_CODE). Neither is a
# country: never ranked, never a dependence (aggregate.without_other).
OTHER_EU_CODE = "_AUTRES_UE"
FOLDED_CODES = frozenset({OTHER_CODE, OTHER_EU_CODE})
OTHER_LABEL = "Autres"


# --- names a team may shorten ------------------------------------------------------------------
# Every field that holds the name of a product or a partner says so in its metadata, so that
# compute/figures.relabel gives it the team's short label whatever item holds it.
PRODUCT, PARTNER = "a129", "pays"  # the kinds of « Libellés » (the annexes' names)
LABEL_KIND = {"product": PRODUCT, "country": PARTNER, "partner": PARTNER}  # item kinds → kinds


def name_of(kind: str | None = None, code: str = "code", kind_field: str = "") -> dict:
    """Field metadata: this field is the name of the item whose code is the field `code`; a
    `kind` name (PRODUCT, PARTNER), or one whose kind is the field `kind_field` ("product",
    "country", "partner"), or, when neither is given, the kind its container says (`items`)."""
    return {"name_of": (kind, code, kind_field)}


def items(kind: str | None = None, kind_field: str = "") -> dict:
    """Field metadata: the items of this field (Nodes, Changes…) name things of `kind`, or of
    the kind the field `kind_field` says."""
    return {"items": (kind, kind_field)}


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
    label: str = field(metadata=name_of(PARTNER))
    imports: int
    exports: int

    @property
    def balance(self) -> int:
        return self.exports - self.imports


@dataclass(frozen=True)
class Product:
    """A product (A129 level) and its value within one flow."""

    code: str
    label: str = field(metadata=name_of(PRODUCT))
    value: int
    share_pct: float  # exact share of the flow total, in percent (not rounded)


@dataclass(frozen=True)
class Node:
    """One side of a Sankey: a product or a country, or the "Autres" bucket."""

    code: str
    label: str = field(metadata=name_of())  # of the kind of its side
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
    left: tuple[Node, ...] = field(metadata=items(kind_field="left_kind"))
    right: tuple[Node, ...] = field(metadata=items(kind_field="right_kind"))
    links: tuple[Link, ...]
    total: int
    # trade of partner codes that name no country (QU…, aggregate.is_country): never a country
    # node, always inside the country side's "Autres"
    undetermined: int = 0

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
    # trade booked to partner codes that name no country (QU, QS…), largest first: shown with
    # its weight, never among the main partners
    non_countries: tuple[Partner, ...] = ()

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
    """One input file, as the outputs cite it: by its file name (for a ZIP member, the ZIP's
    file name and the member's name), never by a folder of the user's machine."""

    name: str
    modified: str  # ISO date of the file (or of the ZIP member)
    lines: int
    size: int = 0  # bytes (of the member, decompressed, for a ZIP member)
    sha256: str = ""  # of those bytes


MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def quarters_text(quarters: Iterable[int]) -> str:
    """(1, 2) → "T1–T2"; (3,) → "T3"; (1, 3) → "T1, T3"; () → "aucun trimestre"."""
    quarters = sorted(quarters)
    if not quarters:
        return "aucun trimestre"
    if len(quarters) > 1 and quarters == list(range(quarters[0], quarters[-1] + 1)):
        return f"T{quarters[0]}–T{quarters[-1]}"
    return ", ".join(f"T{q}" for q in quarters)


def held_text(quarters: Iterable[tuple[int, int]]) -> str:
    """[(2023, 4), (2024, 1), (2024, 2)] → "T4 2023, T1–T2 2024"; [] → "aucun trimestre"."""
    by_year: dict[int, list[int]] = {}
    for year, quarter in sorted(quarters):
        by_year.setdefault(year, []).append(quarter)
    return ", ".join(f"{quarters_text(q)} {y}" for y, q in by_year.items()) or "aucun trimestre"


@dataclass(frozen=True, order=True)
class Period:
    """Four consecutive quarters, the last one quarter `quarter` of `year` (« 2024-T3 »: October
    2023 to September 2024). A fiche over such a period across two years says it in words, never
    as a year; quarter 4 would be a calendar year, which the fiche calls by its year instead."""

    year: int
    quarter: int

    @property
    def quarters(self) -> tuple[tuple[int, int], ...]:
        """The four (year, quarter), oldest first."""
        last = self.year * 4 + self.quarter - 1  # quarters counted from year 0
        return tuple((i // 4, i % 4 + 1) for i in range(last - 3, last + 1))

    def previous(self) -> Period:
        """The same four quarters a year earlier."""
        return Period(self.year - 1, self.quarter)

    @property
    def code(self) -> str:
        return f"{self.year}-T{self.quarter}"

    @property
    def folder(self) -> str:
        """« 12-mois-a-fin-septembre-2024 »: the output folder of its fiches."""
        import unicodedata

        plain = unicodedata.normalize("NFKD", self.months).encode("ascii", "ignore").decode()
        return plain.replace(" ", "-")

    @property
    def quarters_text(self) -> str:
        """« T4 2023, T1–T3 2024 »."""
        return held_text(self.quarters)

    @property
    def first_month(self) -> str:
        year, quarter = self.quarters[0]
        return f"{MONTHS[3 * quarter - 3]} {year}"

    @property
    def last_month(self) -> str:
        return f"{MONTHS[3 * self.quarter - 1]} {self.year}"

    @property
    def words(self) -> str:
        """« octobre 2023 – septembre 2024 »."""
        return f"{self.first_month} – {self.last_month}"

    @property
    def months(self) -> str:
        """« 12 mois à fin septembre 2024 »."""
        return f"12 mois à fin {self.last_month}"


@dataclass(frozen=True)
class DataInfo:
    """What every document says about its data: the year, the quarters present, where the
    figures come from, whether they are synthetic, and the warnings of the run."""

    year: int
    quarters: tuple[int, ...]  # quarters present for the year (a full year has 1..4)
    is_demo: bool
    sources: tuple[DataSource, ...] = ()
    label_source: str = ""  # "annexes DGDDI" or "libellés intégrés"
    warnings: tuple[str, ...] = field(default=())
    # which flow is partial and its quarters (« importations : T1–T2 »); "" for a whole year
    partial_note: str = ""
    # the four quarters across two years the figures cover (--period 2024-T3), `year` being the
    # last one's; None for a calendar year
    period: Period | None = None

    @property
    def partial_year(self) -> bool:
        """`quarters` are those both flows hold: a year is partial when either flow lacks one."""
        return tuple(self.quarters) != (1, 2, 3, 4)

    @property
    def when(self) -> str:
        """What the figures cover, as documents say it: « 2024 », « octobre 2023 – septembre
        2024 »."""
        return self.period.words if self.period else str(self.year)

    @property
    def folder(self) -> str:
        """The output folder of the run: « 2024 », « 12-mois-a-fin-septembre-2024 »."""
        return self.period.folder if self.period else str(self.year)

    def when_of(self, year: int) -> str:
        """The compared figures' span, as `when` says the fiche's: « 2023 », « octobre 2022 –
        septembre 2023 » (the same quarters, `year` the last one's)."""
        return Period(year, self.period.quarter).words if self.period else str(year)


@dataclass(frozen=True)
class Fiche:
    """Everything one department's workbook and deck show."""

    data: DataInfo
    department: ScopeFigures
    region: ScopeFigures
    france: ScopeFigures
    shares_export: Shares
    shares_import: Shares
    territoires: Territoires
    evolution: Evolution | None = None  # only when the data hold a comparable previous year
    # exposure and dependence of the department, its region and France, in that order
    exposure: tuple[Exposure, Exposure, Exposure] | None = None
    trends: Trends | None = None  # only when the data hold at least three complete years
    quarters: Quarters | None = None  # « Trimestres »: with --period, or quarters past the year

    @property
    def year(self) -> int:
        return self.data.year

    def shares(self, flux: str) -> Shares:
        return self.shares_export if flux == EXPORT else self.shares_import

    @property
    def region_alone(self) -> bool:
        """The region is this department alone (Corse, the overseas departments): its figures are
        the department's, so the deck does not show them twice."""
        from officefiches import geography
        from officefiches.errors import UsageError

        try:
            region = geography.region(self.region.scope.code)
        except UsageError:  # a region we do not know (hand-made data): shown as it is
            return False
        return region.is_only(self.department.scope.code)


# --- beyond the fiche: year-on-year change, exposure and dependence ------------------------------


@dataclass(frozen=True)
class Change:
    """One figure in two years (euros)."""

    code: str
    label: str = field(metadata=name_of())  # a product's, a partner's, or a total's
    previous: int
    current: int

    @property
    def delta(self) -> int:
        return self.current - self.previous

    @property
    def pct(self) -> Decimal | None:
        """Change in percent, one decimal, half-up; None when the previous value is 0."""
        if self.previous == 0:
            return None
        return share_pct(self.delta, self.previous, 1)


@dataclass(frozen=True)
class Evolution:
    """A scope's change from `previous_year` to the fiche's year."""

    previous_year: int
    exports: Change
    imports: Change
    # the main partners of the current year, total trade; its main products
    partners: tuple[Change, ...] = field(metadata=items(PARTNER))
    products_export: tuple[Change, ...] = field(metadata=items(PRODUCT))
    products_import: tuple[Change, ...] = field(metadata=items(PRODUCT))

    def totals(self, flux: str) -> Change:
        return self.exports if flux == EXPORT else self.imports

    def products(self, flux: str) -> tuple[Change, ...]:
        return self.products_export if flux == EXPORT else self.products_import


@dataclass(frozen=True)
class Concentration:
    """How concentrated a flow is on a few partners or products."""

    herfindahl: Decimal  # sum of squared shares (0–1), 3 decimals: 1 = a single one
    top3_pct: Decimal  # share of the 3 largest, 1 decimal
    count: int  # how many partners or products have trade


@dataclass(frozen=True)
class ProductExposure:
    """A product's exports to one destination (the United States), and their weight."""

    code: str
    label: str = field(metadata=name_of(PRODUCT))
    value: int  # euros exported to the destination
    share_pct: Decimal  # of the product's exports, 1 decimal


@dataclass(frozen=True)
class Dependence:
    """An imported product more than half supplied by one origin country."""

    product_code: str
    product_label: str = field(metadata=name_of(PRODUCT, code="product_code"))
    country_code: str
    country_label: str = field(metadata=name_of(PARTNER, code="country_code"))
    value: int  # euros from that country
    product_total: int
    share_pct: Decimal  # 1 decimal


@dataclass(frozen=True)
class Exposure:
    """Tariff exposure and dependence indicators of one scope."""

    scope: Scope
    us_pct: Decimal | None  # share of exports going to the United States (1 decimal)
    eu_pct: Decimal | None  # to the European Union (27)
    extra_eu_pct: Decimal | None  # outside it
    us_products: tuple[ProductExposure, ...]  # largest exports to the US first
    partners_export: Concentration
    partners_import: Concentration
    products_export: Concentration
    products_import: Concentration
    dependences: tuple[Dependence, ...]  # largest first; countries only
    # imported products more than half from a partner code that names no country (QU…):
    # not a dependence on a country, shown as « origine non déterminée »
    undetermined: tuple[Dependence, ...] = ()


# --- region and national syntheses ---------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One department of a region (or one region of France) in a synthesis."""

    code: str
    name: str
    totals: Totals
    export_pct: Decimal | None  # share of the whole's exports, 1 decimal
    import_pct: Decimal | None
    top_partner: Partner | None  # its largest partner by total trade


@dataclass(frozen=True)
class Synthesis:
    """A region's (or France's) own document: its figures and a comparison of its members."""

    data: DataInfo
    whole: ScopeFigures  # the region, or France
    parent: ScopeFigures | None  # France for a region, None for France
    members: tuple[Member, ...]  # largest total trade first
    exposure: Exposure | None = None
    evolution: Evolution | None = None
    parent_exposure: Exposure | None = None  # France's, beside a region's
    trends: Trends | None = None  # only when the data hold at least three complete years
    quarters: Quarters | None = None  # « Trimestres »: with --period, or quarters past the year

    @property
    def year(self) -> int:
        return self.data.year

    def parent_share(self, flux: str) -> Decimal | None:
        """The whole's share of its parent (a region's share of France, 2 decimals)."""
        if self.parent is None:
            return None
        return share_pct(self.whole.totals.of(flux), self.parent.totals.of(flux), 2)


# --- trends over several years -----------------------------------------------------------------


@dataclass(frozen=True)
class TrendSeries:
    """A partner's or a product's value in one flow, year by year over the trends' span; None
    for a year the data do not hold complete (n.d., never interpolated)."""

    code: str
    label: str = field(metadata=name_of())  # of the kind of its list
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class TrendShare:
    """A scope's share of a larger one (its region: 1 decimal; France: 2 decimals), per year."""

    whole: Scope
    flux: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class TrendGap:
    """A year inside the span that the data do not hold complete: absent (`partial` is "") or
    partial (`partial` says which quarters of which flow are present)."""

    year: int
    partial: str = ""


@dataclass(frozen=True)
class TrendMove:
    """What moved most over the span: a partner's or a product's change, first to last year."""

    kind: str  # "partner" | "product"
    flux: str
    code: str
    label: str = field(metadata=name_of(kind_field="kind"))
    first: int
    last: int

    @property
    def delta(self) -> int:
        return self.last - self.first

    @property
    def pct(self) -> Decimal | None:
        return None if self.first == 0 else share_pct(self.delta, self.first, 1)


@dataclass(frozen=True)
class Trends:
    """A scope's trade over several years (« Tendances FIRST–LAST »): one value per year of the
    span, None where the year is missing (a gap in the charts, n.d. in the tables)."""

    scope: Scope
    years: tuple[int, ...]  # every year from the first complete one to the last
    gaps: tuple[TrendGap, ...]  # the years of the span without complete data
    exports: tuple[int | None, ...]
    imports: tuple[int | None, ...]
    shares: tuple[TrendShare, ...]  # of the region then of France, each flow (none for France)
    # the top 5 of the last year in each flow, followed back over the span
    partners_export: tuple[TrendSeries, ...] = field(metadata=items(PARTNER))
    partners_import: tuple[TrendSeries, ...] = field(metadata=items(PARTNER))
    products_export: tuple[TrendSeries, ...] = field(metadata=items(PRODUCT))
    products_import: tuple[TrendSeries, ...] = field(metadata=items(PRODUCT))
    # average annual growth rate, first to last year, in percent (1 decimal); None from zero
    growth_exports: Decimal | None
    growth_imports: Decimal | None
    move: TrendMove | None  # the largest change among the partners and products shown

    @property
    def first(self) -> int:
        return self.years[0]

    @property
    def last(self) -> int:
        return self.years[-1]

    @property
    def balance(self) -> tuple[int | None, ...]:
        return tuple(
            None if e is None or i is None else e - i
            for e, i in zip(self.exports, self.imports, strict=True)
        )

    def totals(self, flux: str) -> tuple[int | None, ...]:
        return self.exports if flux == EXPORT else self.imports

    def partners(self, flux: str) -> tuple[TrendSeries, ...]:
        return self.partners_export if flux == EXPORT else self.partners_import

    def products(self, flux: str) -> tuple[TrendSeries, ...]:
        return self.products_export if flux == EXPORT else self.products_import

    def growth(self, flux: str) -> Decimal | None:
        return self.growth_exports if flux == EXPORT else self.growth_imports

    def shares_of(self, flux: str) -> tuple[TrendShare, ...]:
        return tuple(share for share in self.shares if share.flux == flux)


@dataclass
class TeamWork:
    """What a team wrote in its workbook, carried into the documents: short labels
    {(kind, code): text} (kind "a129", "cpf4" or "pays"), key messages {sections.key(title):
    (title, text)}, and what could not be used (warnings, said by the run)."""

    short_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    messages: dict[str, tuple[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # the official label beside each short one (« Libellés »): a label whose code this year's
    # data lack is kept with it, for the years to come
    official: dict[tuple[str, str], str] = field(default_factory=dict)
    # messages written for another year's fiche (`build --carry-over`): shown beside their
    # slide in « Messages », never on the slides
    earlier_messages: dict[str, tuple[str, str]] = field(default_factory=dict)
    earlier_year: int | None = None

    def __bool__(self) -> bool:
        return bool(self.short_labels or self.messages or self.earlier_messages)


# A synthesis's members table: the lines of no member (a department code of no region).
UNASSIGNED = "_NR"
UNASSIGNED_NAME = "Non rattaché"


# --- quarter by quarter ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterValue:
    """A scope's trade in one quarter (euros), beside the same quarter a year earlier when the
    data hold it (None: not held, never estimated)."""

    year: int
    quarter: int
    exports: int
    imports: int
    exports_before: int | None = None
    imports_before: int | None = None

    @property
    def label(self) -> str:
        return f"T{self.quarter} {self.year}"

    def of(self, flux: str) -> tuple[int, int | None]:
        """(this quarter, the same quarter a year earlier) of one flow."""
        if flux == EXPORT:
            return self.exports, self.exports_before
        return self.imports, self.imports_before


@dataclass(frozen=True)
class Quarters:
    """A scope's trade quarter by quarter (« Trimestres »): every quarter the data hold for both
    flows, the last twelve at most, oldest first."""

    scope: Scope
    values: tuple[QuarterValue, ...]
