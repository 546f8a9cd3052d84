"""The region's and France's compact tables (tables.compact_detail): countries outside the kept
ones summed per product, each table's own part found once and never mixed with another's."""

from __future__ import annotations

import pandas as pd

from officefiches.bookmeta import OTHER_COUNTRIES
from officefiches.model import EXPORT
from officefiches.writers.xlsx import tables


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
