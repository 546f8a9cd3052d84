"""Properties of the pure computations: parts sum to totals, "Autres" loses nothing, order-free."""

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officefiches.compute import aggregate
from officefiches.model import EXPORT, IMPORT, OTHER_CODE, share_pct
from tests.factories import StubLabels, fiche, lines, with_undetermined

LABELS = StubLabels()


def _frame(seed, n):
    return lines(seed=seed, n=n)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 600), flux=st.sampled_from([EXPORT, IMPORT]))
def test_flow_matrix_loses_and_duplicates_nothing(seed, n, flux):
    frame = _frame(seed, n)
    matrix = aggregate.flow_matrix(frame, flux, LABELS)
    total = int(frame.loc[frame["flux"] == flux, "valeur"].sum())
    assert matrix.total == total
    assert sum(link.value for link in matrix.links) == total
    assert sum(node.value for node in matrix.left) == total
    assert sum(node.value for node in matrix.right) == total
    for side in (matrix.left, matrix.right):
        named = [node for node in side if not node.is_other]
        assert len(named) <= aggregate.TOP_N
        assert len({node.code for node in side}) == len(side)  # nothing twice
        assert all(node.code != OTHER_CODE for node in side[:-1])  # "Autres" only last
        values = [node.value for node in named]
        assert values == sorted(values, reverse=True)
    countries = matrix.right if flux == EXPORT else matrix.left
    assert all(aggregate.is_country(node.code) for node in countries)  # QU: in « Autres »
    # each node's value is the sum of its links
    for i, node in enumerate(matrix.left):
        assert node.value == sum(link.value for link in matrix.links if link.source == i)
    for j, node in enumerate(matrix.right):
        assert node.value == sum(link.value for link in matrix.links if link.target == j)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 600), flux=st.sampled_from([EXPORT, IMPORT]))
def test_highlighted_are_the_five_largest_named_flows(seed, n, flux):
    matrix = aggregate.flow_matrix(_frame(seed, n), flux, LABELS)
    named = [
        link
        for link in matrix.links
        if not matrix.left[link.source].is_other and not matrix.right[link.target].is_other
    ]
    red = [link for link in matrix.links if link.highlighted]
    assert len(red) == min(aggregate.HIGHLIGHTED, len(named))
    assert all(link in named for link in red)
    if red:
        smallest_red = min(link.value for link in red)
        assert all(link.value <= smallest_red for link in named if not link.highlighted)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 600), shuffle=st.integers(0, 1000))
def test_results_do_not_depend_on_row_order(seed, n, shuffle):
    frame = _frame(seed, n)
    shuffled = frame.sample(frac=1, random_state=shuffle).reset_index(drop=True)
    scope = aggregate.Scope("department", "18", "Cher")
    assert aggregate.scope_figures(frame, scope, LABELS) == aggregate.scope_figures(
        shuffled, scope, LABELS
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 600))
def test_products_sum_to_totals_and_shares_to_100(seed, n):
    frame = _frame(seed, n)
    totals = aggregate.totals(frame)
    for flux in (EXPORT, IMPORT):
        products = aggregate.products(frame, flux, LABELS)
        assert sum(p.value for p in products) == totals.of(flux)
        if products:
            assert sum(p.share_pct for p in products) == pytest.approx(100.0)
        assert [p.value for p in products] == sorted((p.value for p in products), reverse=True)


def test_main_partners_union_of_top_export_and_import():
    frame = _frame(3, 800)
    partners = aggregate.main_partners(frame, LABELS, n=10)
    assert len(partners) == 10
    exports = frame[frame.flux == "E"].groupby("pays")["valeur"].sum()
    imports = frame[frame.flux == "I"].groupby("pays")["valeur"].sum()
    codes = {p.code for p in partners}
    assert exports.idxmax() in codes and imports.idxmax() in codes
    for p in partners:
        assert p.exports == int(exports.get(p.code, 0))
        assert p.imports == int(imports.get(p.code, 0))
        assert p.balance == p.exports - p.imports
    trade = [p.exports + p.imports for p in partners]
    assert trade == sorted(trade, reverse=True)


def test_empty_flow_gives_empty_figures():
    frame = _frame(1, 300)
    only_exports = frame[frame["flux"] == EXPORT]
    figures = aggregate.scope_figures(
        only_exports, aggregate.Scope("department", "23", "X"), LABELS
    )
    assert figures.totals.imports == 0
    assert figures.products_import == ()
    assert figures.flows_import.links == () and figures.flows_import.total == 0
    assert all(p.imports == 0 for p in figures.partners)


def test_shares_rounded_half_up_as_published():
    # Cher 2024: 1 879,3 M€ of 27 859,4 M€ (region) and 580 354,5 M€ (France)
    assert share_pct(1_879_300_000, 27_859_400_000, 1) == Decimal("6.7")
    assert share_pct(1_879_300_000, 580_354_500_000, 2) == Decimal("0.32")
    assert share_pct(1, 8, 2) == Decimal("12.50")
    assert share_pct(1, 800, 1) == Decimal("0.1")  # 0.125 → 0.1 ; half-up at the 2nd decimal
    assert share_pct(5, 1000, 1) == Decimal("0.5")
    assert share_pct(25, 10000, 1) == Decimal("0.3")  # 0.25 → 0.3 (half-up, not banker's)
    assert share_pct(1, 0, 1) is None


def test_fiche_shares_follow_totals():
    f = fiche()
    assert f.shares_export.value == f.department.totals.exports
    assert f.shares_export.region_total == f.region.totals.exports
    assert f.shares_import.france_total == f.france.totals.imports
    assert isinstance(f.department.flows_export.left[0].label, str)
    assert not f.data.partial_year


def test_frame_columns_are_canonical():
    frame = _frame(0, 10)
    assert list(frame.columns)[0] == "flux" and frame["valeur"].dtype == "int64"
    assert isinstance(frame, pd.DataFrame)


def test_members_of_a_whole_add_up():
    frame = lines(seed=5, n=500)
    groups = {"18": ("18", "Cher"), "36": ("36", "Indre"), "45": ("45", "Loiret")}
    found = aggregate.members(frame, groups, LABELS)
    assert [m.code for m in found] == sorted(
        groups, key=lambda c: -int(frame.loc[frame["departement"] == c, "valeur"].sum())
    )
    assert sum(m.totals.exports for m in found) == aggregate.totals(frame).exports
    assert all(m.top_partner is not None for m in found)
    cher = next(m for m in found if m.code == "18")
    rows = frame[frame["departement"] == "18"]
    by_country = rows.groupby("pays")["valeur"].sum()
    countries = by_country[[aggregate.is_country(code) for code in by_country.index]]
    assert cher.top_partner.code == countries.idxmax()


def test_codes_that_name_no_country_are_never_main_partners_but_keep_their_weight():
    frame = _frame(3, 800)
    frame.loc[frame["pays"] == "DE", "pays"] = "QU"  # the largest partner, undetermined
    figures = aggregate.scope_figures(frame, aggregate.Scope("department", "18", "X"), LABELS)
    codes = {p.code for p in figures.partners}
    assert "QU" not in codes and len(codes) == 10
    assert all(aggregate.is_country(code) for code in codes)
    undetermined = next(p for p in figures.non_countries if p.code == "QU")
    rows = frame[frame["pays"] == "QU"]
    assert undetermined.exports == int(rows.loc[rows.flux == "E", "valeur"].sum())
    assert undetermined.imports == int(rows.loc[rows.flux == "I", "valeur"].sum())
    members = aggregate.members(frame, {"18": ("18", "Cher")}, LABELS)
    assert aggregate.is_country(members[0].top_partner.code)
    # the flows still show it: nothing is lost from the totals
    assert sum(n.value for n in figures.flows_export.right) == figures.totals.exports


def test_not_countries_table():
    table = aggregate.not_countries()
    assert {"QU", "QP", "QQ", "QR", "QS", "QT", "QV", "QW", "QX", "QY", "QZ"} <= set(table)
    assert aggregate.is_country("QA")  # Qatar
    assert aggregate.is_country("US") and not aggregate.is_country("QU")


def test_flow_matrix_never_ranks_a_code_that_names_no_country():
    frame = with_undetermined(lines(seed=7, n=900))
    rows = frame[frame["departement"] == "18"]
    by_origin = rows[rows["flux"] == IMPORT].groupby("pays")["valeur"].sum()
    assert by_origin.idxmax() == "QU"  # the largest import origin
    for flux, side in ((IMPORT, "left"), (EXPORT, "right")):
        flow = rows[rows["flux"] == flux]
        matrix = aggregate.flow_matrix(rows, flux, LABELS)
        countries = getattr(matrix, side)
        assert all(aggregate.is_country(node.code) for node in countries)
        assert countries[-1].is_other
        named = sum(node.value for node in countries if not node.is_other)
        by_country = flow.groupby("pays")["valeur"].sum()
        undetermined = int(by_country[~by_country.index.map(aggregate.is_country)].sum())
        assert undetermined > 0 and matrix.undetermined == undetermined
        # inside « Autres », nothing lost
        assert countries[-1].value >= undetermined
        assert named + countries[-1].value == matrix.total == int(flow["valeur"].sum())
        assert sum(link.value for link in matrix.links) == matrix.total
        # the ten countries are the ten largest countries
        ranked = by_country[by_country.index.map(aggregate.is_country)]
        ranked = ranked.sort_values(ascending=False).head(aggregate.TOP_N)
        assert {n.code for n in countries if not n.is_other} == set(ranked.index)
        for link in matrix.links:
            if link.highlighted:
                ends = (matrix.left[link.source], matrix.right[link.target])
                assert all(aggregate.is_country(node.code) for node in ends)
                assert not any(node.is_other for node in ends)
