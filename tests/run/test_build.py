"""Build choices: which years are compared, exposure computed for every scope."""

import pytest

from officefiches.errors import DataError, UsageError
from officefiches.options import BuildOptions
from officefiches.run import build as build_module
from officefiches.run import jobs as jobs_module
from officefiches.run.build import Reporter, run_build
from tests import factories, officialfiles


@pytest.fixture
def fiches(monkeypatch):
    """The fiches the build would write (nothing is written)."""
    seen = []

    def capture(job, state, before_rename):
        seen.append(state.figures.fiche(job.department, state.territoires[job.code]))

    monkeypatch.setattr(jobs_module, "_write_department", capture)
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
    with pytest.raises(UsageError, match="2019.*2023"):  # exit 2, the years held named
        run_build(options(tmp_path, compare_year=2019), Reporter())


def test_region_and_france_syntheses(tmp_path, monkeypatch, fiches):
    seen = []

    def capture(job, state, before_rename):
        seen.append(state.figures.synthesis(job.whole))

    monkeypatch.setattr(jobs_module, "_write_synthesis", capture)
    report = run_build(
        BuildOptions(regions=("Centre-Val de Loire",), out=tmp_path, demo_lines=20_000),
        Reporter(),
    )
    assert report.ok and len(fiches) == 6
    (region,) = seen
    assert region.whole.scope.name == "Centre-Val de Loire" and region.parent.scope.code == "FR"
    assert [m.code for m in region.members] != [] and len(region.members) == 6
    assert sum(m.totals.exports for m in region.members) == region.whole.totals.exports
    assert str(region.parent_share("E")) == "4.80"  # 27 859,4 / 580 354,5
    assert region.evolution.previous_year == 2023
    assert region.parent_exposure.scope.code == "FR"

    seen.clear()
    run_build(BuildOptions(all_departments=True, out=tmp_path, demo_lines=20_000), Reporter())
    (france,) = seen
    assert france.parent is None and len(france.members) == 18
    assert sum(m.totals.imports for m in france.members) == france.whole.totals.imports


def test_synthesis_paths(tmp_path):
    region = jobs_module.SynthesisJob("24").outputs(tmp_path, 2024, pdf=True)
    folder = tmp_path / "2024" / "centre-val-de-loire"
    assert region.workbook == folder / "centre-val-de-loire-synthese.xlsx"
    assert region.pdf == folder / "centre-val-de-loire-synthese.pdf"
    france = jobs_module.SynthesisJob(None).outputs(tmp_path, 2024, pdf=False)
    assert france.deck.name == "france-entiere-synthese.pptx" and france.pdf is None
    assert france.all() == (france.workbook, france.deck)


def test_jobs_are_typed_and_ordered(tmp_path):
    from officefiches.options import BuildOptions

    jobs = build_module.select_jobs(
        BuildOptions(regions=("Corse", "corse"), departments=("18",), out=tmp_path)
    )
    # departments first, each once, then the region's synthesis, once although asked twice
    assert jobs == [
        jobs_module.DepartmentJob("18"),
        jobs_module.DepartmentJob("20"),
        jobs_module.SynthesisJob("94"),
    ]
    assert [job.label for job in jobs] == ["18 Cher", "20 Corse", "synthèse Corse"]
    # in several processes the synthesis starts first (the longest job), else as listed
    assert build_module.run_order(jobs, 2) == [jobs[2], jobs[0], jobs[1]]
    assert build_module.run_order(jobs, 1) == jobs
    # largest first: Corse has more lines than Cher; France's synthesis before a region's
    france = jobs_module.SynthesisJob(None)
    lines = {"18": 10, "20": 500}
    order = build_module.run_order([*jobs, france], 2, lines)
    assert order == [france, jobs[2], jobs[1], jobs[0]]
    regions = [jobs_module.SynthesisJob("24"), jobs_module.SynthesisJob("94")]
    assert build_module.run_order(regions, 2, {"18": 10, "20": 500}) == regions[::-1]


def test_unknown_department_codes_are_reported(tmp_path, fiches):
    frame = factories.lines(n=200)
    frame.loc[frame.index[:3], "departement"] = "2A"
    folder = officialfiles.annual_dir(frame, tmp_path / "d", 2024)
    messages = []

    class Collect(Reporter):
        def warn(self, message):
            messages.append(message)

    run_build(options(tmp_path, data=(folder,)), Collect())
    assert any("inconnus" in m and "2A" in m for m in messages)


def test_compare_year_must_hold_the_same_quarters_flow_by_flow(tmp_path, fiches):
    import pandas as pd

    current = factories.lines(n=300)
    before = factories.lines(seed=1, n=300, year=2023)
    half = before[(before["flux"] == "E") | (before["trimestre"] <= 2)]  # imports T1–T2 only
    folder = officialfiles.annual_dir(pd.concat([current, half]), tmp_path / "d", 2024)
    officialfiles.annual_dir(half, folder, 2023)
    run_build(options(tmp_path, data=(folder,)), Reporter())
    assert fiches[0].evolution is None  # not compared by default: imports are partial in 2023
    with pytest.raises(DataError, match="n'a pas tous les trimestres.*T3–T4"):
        run_build(options(tmp_path, data=(folder,), compare_year=2023), Reporter())
