"""Year-on-year change, exposure and dependence: known answers and properties."""

from decimal import Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from officefiches.compute import aggregate, indicators
from officefiches.model import Change, Scope
from tests import factories

SCOPE = Scope("department", "18", "Cher")


def line(flux, pays, a129, valeur, annee=2024):
    return {
        "flux": flux, "trimestre": 1, "annee": annee, "departement": "18", "region": "04",
        "a129": a129, "cpf4": "0000", "pays": pays, "valeur": valeur, "masse": 1,
    }  # fmt: skip


def frame(*rows):
    return pd.DataFrame([line(*row) for row in rows])


def test_undetermined_origin_is_never_a_dependence():
    data = frame(
        ("I", "QU", "C21Z", 700),
        ("I", "DE", "C21Z", 300),
        ("I", "QS", "C19Z", 90),
        ("I", "CN", "C19Z", 10),
        ("I", "CN", "C26B", 80),
        ("I", "DE", "C26B", 20),
    )
    exposure = indicators.exposure(data, SCOPE, factories.StubLabels())
    assert [(d.product_code, d.country_code) for d in exposure.dependences] == [("C26B", "CN")]
    assert [(d.product_code, d.country_code, d.share_pct) for d in exposure.undetermined] == [
        ("C21Z", "QU", Decimal("70.0")),
        ("C19Z", "QS", Decimal("90.0")),
    ]


def test_change_percent_and_zero_base():
    assert Change("E", "x", 200, 250).pct == Decimal("25.0")
    assert Change("E", "x", 300, 200).pct == Decimal("-33.3")
    assert Change("E", "x", 0, 10).pct is None
    assert Change("E", "x", 10, 0).delta == -10


def test_exposure_known_answer():
    data = frame(
        ("E", "US", "C30C", 600),
        ("E", "DE", "C30C", 200),
        ("E", "CN", "C21Z", 200),
        ("I", "CN", "C26B", 900),
        ("I", "DE", "C26B", 100),
        ("I", "DE", "C21Z", 50),
        ("I", "IT", "C21Z", 50),
    )
    exposure = indicators.exposure(data, SCOPE, factories.StubLabels())
    assert exposure.us_pct == Decimal("60.0")
    assert exposure.eu_pct == Decimal("20.0") and exposure.extra_eu_pct == Decimal("80.0")
    assert [(p.code, p.value, p.share_pct) for p in exposure.us_products] == [
        ("C30C", 600, Decimal("75.0"))
    ]
    # partners at export: 0.6² + 0.2² + 0.2² = 0.44; top 3 = everything
    assert exposure.partners_export.herfindahl == Decimal("0.440")
    assert exposure.partners_export.top3_pct == Decimal("100.0")
    assert exposure.partners_export.count == 3
    # C26B: 90 % from China (dependence); C21Z: 50 % each, not more than half
    assert [(d.product_code, d.country_code, d.share_pct) for d in exposure.dependences] == [
        ("C26B", "CN", Decimal("90.0"))
    ]


def test_no_exports_gives_no_division_by_zero():
    exposure = indicators.exposure(frame(("I", "CN", "C26B", 5)), SCOPE, factories.StubLabels())
    assert exposure.us_pct is None and exposure.us_products == ()
    assert exposure.partners_export.count == 0


def test_evolution_of_totals_partners_and_products():
    before = frame(("E", "US", "C30C", 100, 2023), ("I", "CN", "C26B", 50, 2023))
    now = frame(("E", "US", "C30C", 150), ("E", "DE", "C21Z", 30), ("I", "CN", "C26B", 40))
    figures = aggregate.scope_figures(now, SCOPE, factories.StubLabels())
    evolution = indicators.evolution(figures, before, 2023)
    assert evolution.previous_year == 2023
    assert (evolution.exports.previous, evolution.exports.current) == (100, 180)
    assert evolution.imports.pct == Decimal("-20.0")
    partners = {c.code: (c.previous, c.current) for c in evolution.partners}
    assert partners == {"US": (100, 150), "DE": (0, 30), "CN": (50, 40)}
    assert {c.code: c.previous for c in evolution.products_export} == {"C30C": 100, "C21Z": 0}


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_shares_and_concentration_properties(seed):
    data = factories.lines(seed=seed, n=300)
    exposure = indicators.exposure(data, SCOPE, factories.StubLabels())
    if exposure.eu_pct is not None:
        assert abs(exposure.eu_pct + exposure.extra_eu_pct - 100) <= Decimal("0.1")
    for c in (exposure.partners_export, exposure.products_import):
        assert Decimal(0) <= c.herfindahl <= Decimal(1)
        assert c.count == 0 or Decimal(1) / c.count - Decimal("0.001") <= c.herfindahl
    for d in exposure.dependences:
        assert 2 * d.value > d.product_total and d.share_pct >= 50
    shuffled = data.sample(frac=1, random_state=seed)
    assert indicators.exposure(shuffled, SCOPE, factories.StubLabels()) == exposure
