"""The fiche's figures summed once per (flow, product, country) cell: exact integer sums, no
dependence on the order of the lines or of the codes' categories."""

import pandas as pd

from officefiches.compute import aggregate, indicators
from officefiches.model import Scope
from officefiches.source import reader
from tests import factories

SCOPE = Scope("department", "18", "Cher")


def test_figures_do_not_depend_on_line_order_or_categories():
    frame = factories.lines(seed=7, n=800)
    frame = frame[frame["departement"] == "18"]
    shuffled = reader.canonical(frame.sample(frac=1, random_state=3))
    for column in ("a129", "pays"):  # categories in another order than the codes'
        reversed_order = sorted(shuffled[column].cat.categories, reverse=True)
        shuffled[column] = shuffled[column].cat.reorder_categories(reversed_order)
    labels = factories.StubLabels()
    assert aggregate.scope_figures(shuffled, SCOPE, labels) == aggregate.scope_figures(
        frame, SCOPE, labels
    )
    assert indicators.exposure(shuffled, SCOPE, labels) == indicators.exposure(frame, SCOPE, labels)


def test_sums_are_exact_beyond_float_precision_and_never_wrap():
    big = 2**62
    frame = pd.DataFrame(
        {
            "flux": ["I", "I", "I"],
            "a129": ["C21Z", "C21Z", "C10A"],
            "pays": ["DE", "CN", "DE"],
            "valeur": [big + 5, big - 10, 3],  # the product's whole is 2**63 - 5: it fits
        }
    )
    cells = aggregate.Cells.of(frame)
    assert cells.sums("a129", "I") == {"C21Z": 2 * big - 5, "C10A": 3}
    assert aggregate.totals(cells).imports == 2 * big - 2  # float64 would lose the units
    found, undetermined = indicators._dependences(cells.where("I"), factories.StubLabels())
    assert undetermined == ()
    # 2 × (2**62 + 5) would wrap in 64 bits; the test is part > whole − part
    assert [(d.product_code, d.country_code, d.value) for d in found] == [
        ("C21Z", "DE", big + 5),
        ("C10A", "DE", 3),
    ]


def test_every_regions_sums_in_one_group_by_are_each_regions_own():
    departments = ("18", "36", "45", "75", "92", "2A", "971")  # three regions, one unknown code
    frame = reader.canonical(factories.lines(seed=5, n=3000, departments=departments))
    region_of = {"18": "24", "36": "24", "45": "24", "75": "11", "92": "11", "2A": "94"}
    found = aggregate.cell_sums_by_region(frame, region_of)
    assert sorted(found) == ["11", "24", "94"]  # the unknown department's lines in none
    for region in found:
        codes = [code for code, of in region_of.items() if of == region]
        own = aggregate.cell_sums(frame[frame["departement"].isin(codes)])
        pd.testing.assert_frame_equal(found[region], own)
