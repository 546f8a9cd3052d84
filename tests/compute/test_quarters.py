"""The quarters at a glance (issue 25, item 2): each point checked against the lines."""

from __future__ import annotations

import pandas as pd

from officefiches.compute import quarters
from officefiches.model import Scope
from officefiches.source import reader
from tests import factories

CHER = Scope("department", "18", "Cher")


def _dataset(years) -> reader.Dataset:
    frame = pd.concat([factories.lines(seed=y, n=700, year=y) for y in years], ignore_index=True)
    frame = reader.canonical(frame)
    return reader.Dataset(frame, (), None)


def _sum(frame, year, quarter, flux, departments=("18",)) -> int:
    chosen = frame[(frame["annee"] == year) & (frame["trimestre"] == quarter)]
    chosen = chosen[(chosen["flux"] == flux) & chosen["departement"].isin(departments)]
    return int(sum(int(v) for v in chosen["valeur"]))


def test_each_quarter_is_the_sum_of_its_lines_beside_the_year_before():
    dataset = _dataset([2022, 2023, 2024])
    held = dataset.held_quarters()
    history = quarters.QuarterHistory(dataset.quarter_sums(), held)
    shown = history.quarters(CHER, ["18"])
    assert [(v.year, v.quarter) for v in shown.values] == held[-quarters.LAST :]
    assert shown.values[0].label == "T1 2022"
    frame = dataset.frame
    for value in shown.values:
        assert value.exports == _sum(frame, value.year, value.quarter, "E")
        assert value.imports == _sum(frame, value.year, value.quarter, "I")
        if value.year == 2022:  # 2021 is not in the data: never estimated
            assert value.exports_before is None and value.imports_before is None
        else:
            assert value.exports_before == _sum(frame, value.year - 1, value.quarter, "E")
            assert value.imports_before == _sum(frame, value.year - 1, value.quarter, "I")
    region = history.quarters(Scope("region", "24", "Centre"), ["18", "36", "45"])
    france = history.quarters(Scope("france", "FR", "France"), None)
    assert region.values[-1].exports == france.values[-1].exports > shown.values[-1].exports


def test_the_last_twelve_quarters_at_most():
    dataset = _dataset([2020, 2021, 2022, 2023, 2024])
    shown = quarters.QuarterHistory(dataset.quarter_sums(), dataset.held_quarters())
    values = shown.quarters(CHER, ["18"]).values
    assert len(values) == 12 and values[0].label == "T1 2022" and values[-1].label == "T4 2024"
    assert all(v.exports_before is not None for v in values)


def test_when_the_deck_shows_the_quarters():
    two_years = [(y, q) for y in (2023, 2024) for q in (1, 2, 3, 4)]
    assert quarters.worth_showing(two_years, 2024, period=True)
    assert not quarters.worth_showing(two_years, 2024, period=False)  # nothing past 2024
    assert quarters.worth_showing(two_years, 2023, period=False)  # four quarters past 2023
    assert not quarters.worth_showing(two_years[:7], 2023, period=False)
