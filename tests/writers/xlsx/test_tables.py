"""The region's and France's compact tables (tables.compact_detail): countries outside the kept
ones summed per product, each table's own part found once and never mixed with another's."""

from __future__ import annotations

import pandas as pd
import pytest

from officefiches.model import EXPORT
from officefiches.writers.xlsx import tables
from officefiches.writers.xlsx.bookmeta import OTHER_COUNTRIES


def detail(values: dict[str, int]) -> pd.DataFrame:
    """Exports of one product to many countries (codes "C00"…), `values` by country."""
    return pd.DataFrame(
        {
            "flux": EXPORT,
            "a129": "C10A",
            "pays": list(values),
            "valeur": list(values.values()),
            "masse": [1] * len(values),
        }
    )


def test_countries_beyond_the_kept_are_summed_and_each_table_keeps_its_own():
    first = detail({f"C{i:02}": 100 - i for i in range(15)})  # C00…C09 its own largest
    second = detail({f"C{i:02}": 10 + i for i in range(15)})  # C05…C14 its own largest
    for _ in range(2):  # the second time from what was found the first time
        one = tables.compact_detail(first, extra=["C14"])
        two = tables.compact_detail(second)
        assert set(one["pays"]) == {f"C{i:02}" for i in range(10)} | {"C14", OTHER_COUNTRIES[0]}
        assert set(two["pays"]) == {f"C{i:02}" for i in range(5, 15)} | {OTHER_COUNTRIES[0]}
        rest = one.loc[one["pays"] == OTHER_COUNTRIES[0], "valeur"].tolist()
        assert rest == [sum(100 - i for i in range(10, 14))]
        assert one["valeur"].sum() == first["valeur"].sum()
        assert two["valeur"].sum() == second["valeur"].sum()


def reference_compact(frame: pd.DataFrame, kept: set[str]) -> pd.DataFrame:
    """compact_detail written plainly: each row named or folded, the folded summed per flow,
    product and bucket (EU or not), sorted by flow, product and country."""
    from officefiches.compute.indicators import EU27
    from officefiches.model import IMPORT
    from officefiches.writers.xlsx.bookmeta import OTHER_EU_COUNTRIES

    rows = frame.astype({"flux": str, "a129": str, "pays": str})
    imports = rows[rows["flux"] == IMPORT].sort_values(
        ["a129", "valeur", "pays"], ascending=[True, False, True], kind="mergesort"
    )
    largest = set(map(tuple, imports.drop_duplicates("a129")[["a129", "pays"]].to_numpy()))
    named = [
        pays in kept or (flux == IMPORT and (a129, pays) in largest)
        for flux, a129, pays in rows[["flux", "a129", "pays"]].to_numpy()
    ]
    folded = rows[[not n for n in named]].copy()
    folded["pays"] = [
        OTHER_EU_COUNTRIES[0] if p in EU27 else OTHER_COUNTRIES[0] for p in folded["pays"]
    ]
    rest = folded.groupby(["flux", "a129", "pays"], as_index=False)[["valeur", "masse"]].sum()
    whole = pd.concat([rows[named], rest], ignore_index=True)
    return whole.sort_values(["flux", "a129", "pays"], ignore_index=True)


def test_compact_equals_the_plain_computation_on_a_random_table():
    """Both flows, many products and countries (EU and not), categorical columns in no order,
    a department's partners among the kept: the same rows, values, masses and order."""
    import numpy as np

    from officefiches.compute.indicators import EU27

    rng = np.random.default_rng(7)
    countries = sorted(EU27)[:12] + ["US", "CN", "JP", "MA", "CH", "GB", "IN", "BR", "ZA", "KR"]
    rows = [
        (flux, f"C{product:02}A", pays, int(rng.integers(1, 10**9)), int(rng.integers(0, 10**6)))
        for flux in ("I", "E")
        for product in rng.permutation(30)
        for pays in rng.permutation(countries)
        if rng.random() < 0.7
    ]
    frame = pd.DataFrame(rows, columns=["flux", "a129", "pays", "valeur", "masse"])
    frame = frame.astype({c: "category" for c in ("flux", "a129", "pays")})
    for extra in ([], ["MA", "ZA"], ["KR"]):
        got = tables.compact_detail(frame, extra=extra)
        kept = tables.kept_countries(frame, extra)
        expected = reference_compact(frame, kept)
        assert got[["flux", "a129", "pays"]].astype(str).values.tolist() == (
            expected[["flux", "a129", "pays"]].values.tolist()
        )
        assert got["valeur"].tolist() == expected["valeur"].tolist()
        assert got["masse"].tolist() == expected["masse"].tolist()
        assert got["valeur"].sum() == frame["valeur"].sum()
        # as its data Table takes it: the same Strings as code_strings finds, the same numbers
        strings, numbers = tables.compact_columns(frame, extra=extra)
        found = tables.code_strings(got)
        for column in tables.CODES:
            assert strings[column].uniques == found[column].uniques
            assert strings[column].codes.tolist() == found[column].codes.tolist()
        for column in ("valeur", "masse"):
            assert numbers[column].tolist() == got[column].tolist()


def test_kept_are_the_flows_countries_and_every_code_that_names_no_country():
    """The 10 countries of the scope's flow diagram stay named even when a code that names no
    country (QU) is larger than them; QU and a small QS stay named too (their amount, said on
    the slides, reads back the same)."""
    from officefiches.compute import aggregate
    from tests.factories import StubLabels

    values = {f"C{i:02}": 100 - i for i in range(15)} | {"QU": 1000, "QS": 1}
    frame = detail(values)
    kept = tables.kept_countries(frame)
    matrix = aggregate.flow_matrix(frame, EXPORT, StubLabels())
    named = {node.code for node in matrix.right if not node.is_other}
    assert named == {f"C{i:02}" for i in range(10)}
    assert named | {"QU", "QS"} <= kept


def test_details_prepared_before_the_workers_are_not_made_again(monkeypatch):
    from officefiches import writers

    table = detail({f"C{i:02}": 100 - i for i in range(15)})
    writers.prepare_details([table])  # what a build does before its workers fork
    made_again = classmethod(lambda cls, detail: pytest.fail("made again in a worker"))
    monkeypatch.setattr(tables.ScopeDetail, "_make", made_again)
    compact = tables.compact_detail(table)
    assert compact["valeur"].sum() == table["valeur"].sum()


def test_compact_equals_the_plain_computation_when_values_tie():
    """Imported products whose largest origins tie (the first code in order stays named), codes
    given as plain texts in no order: the same rows as the plain computation."""
    import numpy as np

    rng = np.random.default_rng(11)
    countries = ["US", "DE", "CN", "IT", "MA", "BE", "JP", "ES", "CH", "GB", "NL", "PL"] * 2
    rows = [
        (flux, f"C{product:02}A", pays, int(rng.integers(1, 4)), 1)
        for flux in ("E", "I")
        for product in rng.permutation(12)
        for pays in rng.permutation(countries[:12])
        if rng.random() < 0.8
    ]
    frame = pd.DataFrame(rows, columns=["flux", "a129", "pays", "valeur", "masse"])
    got = tables.compact_detail(frame)
    expected = reference_compact(frame, tables.kept_countries(frame))
    columns = ["flux", "a129", "pays", "valeur", "masse"]
    assert got[columns].astype(str).values.tolist() == expected[columns].astype(str).values.tolist()
