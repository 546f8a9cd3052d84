"""Several years of small synthetic lines and the trends computed from them, for the writers'
tests (the figures themselves are tested against the source lines in
tests/compute/test_trends.py)."""

from __future__ import annotations

import pandas as pd

from officefiches import geography
from officefiches.compute import trends
from officefiches.model import Scope
from officefiches.source import reader

from . import factories

DEPARTMENTS = ("18", "36", "45", "75")
FRANCE = Scope("france", "FR", "France entière")


def frames(years=(2021, 2022, 2023, 2024)) -> dict[int, pd.DataFrame]:
    return {y: factories.lines(seed=y, n=900, departments=DEPARTMENTS, year=y) for y in years}


def history(by_year: dict[int, pd.DataFrame], since: int | None = None) -> trends.History:
    frame = reader.canonical(pd.concat(by_year.values(), ignore_index=True))
    dataset = reader.Dataset(frame=frame, sources=(), labels=factories.StubLabels())
    last = max(by_year)
    span = trends.choose_span(by_year, last, since)
    return trends.History(dataset.reduced, span, dataset.labels)


def department(by_year, code: str = "18", since: int | None = None):
    region = geography.region_of(code)
    wholes = [(Scope("region", region.insee, region.name), region.departments, 1)]
    scope = Scope("department", code, geography.department(code).name)
    return history(by_year, since).trends(scope, [code], [*wholes, (FRANCE, None, 2)])


def region(by_year, insee: str = "24"):
    whole = geography.region(insee)
    scope = Scope("region", whole.insee, whole.name)
    return history(by_year).trends(scope, whole.departments, [(FRANCE, None, 2)])


def figures(by_year, since: int | None = None):
    """The run's figures as the build holds them, with the trends of every year."""
    from officefiches.compute.figures import RunFigures

    last = max(by_year)
    data = factories.data_info(last, (1, 2, 3, 4))
    return RunFigures(
        reader.canonical(by_year[last]),
        factories.StubLabels(),
        data,
        history=history(by_year, since),
    )
