"""Build choices: which years are compared, exposure computed for every scope."""

import pytest

from officefiches import build as build_module
from officefiches.build import Reporter, run_build
from officefiches.errors import DataError
from officefiches.options import BuildOptions

from . import factories, officialfiles


@pytest.fixture
def fiches(monkeypatch):
    """The fiches the build would write (nothing is written)."""
    seen = []

    def capture(fiche, *args, **kwargs):
        seen.append(fiche)
        return []

    monkeypatch.setattr(build_module, "write_department", capture)
    return seen


def options(tmp_path, **kwargs):
    return BuildOptions(departments=("18",), out=tmp_path, demo_lines=20_000, **kwargs)


def test_demo_compares_with_the_year_before(tmp_path, fiches):
    run_build(options(tmp_path), Reporter())
    (fiche,) = fiches
    assert fiche.evolution.previous_year == 2023
    assert fiche.evolution.exports.current == fiche.department.totals.exports
    department, region, france = fiche.exposure
    assert (department.scope.kind, region.scope.name, france.scope.code) == (
        "department",
        "Centre-Val de Loire",
        "FR",
    )


def test_single_year_compares_nothing(tmp_path, fiches):
    folder = officialfiles.annual_dir(factories.lines(n=200), tmp_path / "d", 2024)
    run_build(options(tmp_path, data=(folder,)), Reporter())
    assert fiches[0].evolution is None
    assert fiches[0].exposure is not None


def test_partial_previous_year_is_not_compared(tmp_path, fiches):
    import pandas as pd

    both = pd.concat([factories.lines(seed=1, n=300, year=2023), factories.lines(n=300)])
    quarters = [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)]
    folder = officialfiles.rolling_dir(both, tmp_path / "r", quarters)
    run_build(options(tmp_path, data=(folder,)), Reporter())
    assert fiches[0].evolution is None  # Q4 2023 alone is not a year to compare with


def test_compare_year_absent_lists_years(tmp_path, fiches):
    with pytest.raises(DataError, match="2019.*2023"):
        run_build(options(tmp_path, compare_year=2019), Reporter())
