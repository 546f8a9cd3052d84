"""Trends over several years: figures against sums of the source lines, the span (--since, at
least three complete years), and a year missing inside the span (said, never interpolated)."""

from decimal import Decimal

import pandas as pd
import pytest

from officefiches import geography
from officefiches.compute import aggregate, trends
from officefiches.model import Scope
from officefiches.options import BuildOptions
from officefiches.run import jobs as jobs_module
from officefiches.run.build import Reporter, run_build
from officefiches.source import reader
from tests import factories, officialfiles

YEARS = (2020, 2021, 2022, 2023, 2024)
DEPARTMENTS = ("18", "36", "45", "75")  # three of Centre-Val de Loire, one of Île-de-France
CHER = Scope("department", "18", "Cher")
FRANCE = Scope("france", "FR", "France entière")


def year_lines(year: int) -> pd.DataFrame:
    """A year's lines; each year draws other values and other keys (partners rise and fade)."""
    return factories.lines(seed=year, n=900, departments=DEPARTMENTS, year=year)


def write_years(folder, years=YEARS) -> dict[int, pd.DataFrame]:
    frames = {year: year_lines(year) for year in years}
    for year, frame in frames.items():
        officialfiles.annual_dir(frame, folder, year)
    return frames


def euros(frame, flux, departments=None, **where) -> int:
    rows = frame[frame["flux"] == flux]
    if departments is not None:
        rows = rows[rows["departement"].isin(departments)]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return int(rows["valeur"].sum())


@pytest.fixture
def multi_year(tmp_path):
    frames = write_years(tmp_path / "d")
    dataset = reader.read_data([tmp_path / "d"], line_years={2024, 2023})
    return frames, dataset


def history_of(dataset, until=2024, since=None):
    complete = [y for y in dataset.years() if dataset.quarters(y) == (1, 2, 3, 4)]
    span = trends.choose_span(
        complete, until, since, partial=lambda y: dataset.partial_text(y) * (y in dataset.years())
    )
    return trends.History(dataset.reduced, span, factories.StubLabels())


def cher_trends(history):
    region = geography.region_of("18")
    wholes = [(Scope("region", region.insee, region.name), region.departments, 1)]
    return history.trends(CHER, ["18"], [*wholes, (FRANCE, None, 2)])


def test_only_the_lines_asked_are_kept_the_rest_reduced(multi_year):
    frames, dataset = multi_year
    assert sorted(dataset.line_years) == [2023, 2024]
    assert sorted(set(dataset.frame["annee"])) == [2023, 2024]
    assert dataset.years() == list(YEARS)  # every year known, with its quarters
    assert dataset.quarters(2020) == (1, 2, 3, 4)
    assert dataset.year_lines(2021) == len(frames[2021])
    reduced = dataset.reduced
    for year, frame in frames.items():
        for axis in ("pays", "a129"):
            rows = reduced[(reduced["annee"] == year) & (reduced["axe"] == axis)]
            assert int(rows["valeur"].sum()) == int(frame["valeur"].sum()), (year, axis)
    # a partner's value of an earlier year, against the source lines
    rows = reduced[(reduced["annee"] == 2021) & (reduced["departement"] == "36")]
    germany = rows[(rows["axe"] == "pays") & (rows["code"] == "DE") & (rows["flux"] == "E")]
    assert int(germany["valeur"].sum()) == euros(frames[2021], "E", ["36"], pays="DE")


@pytest.mark.parametrize("use_cache", [True, False])
def test_other_years_lines_are_loaded_when_asked(tmp_path, use_cache):
    frames = write_years(tmp_path / "d")
    dataset = reader.read_data([tmp_path / "d"], use_cache=use_cache, line_years=reader.LATEST)
    assert sorted(dataset.line_years) == [2023, 2024]
    earlier = dataset.with_lines({2020, 2024})
    assert sorted(set(earlier.frame["annee"])) == [2020, 2024]
    assert len(earlier.frame) == len(frames[2020]) + len(frames[2024])
    assert int(earlier.for_year(2020)["valeur"].sum()) == int(frames[2020]["valeur"].sum())
    with pytest.raises(ValueError):
        earlier.for_year(2023)  # not loaded: never an empty frame taken for a year's lines


def test_a_warm_read_gives_the_same_data(tmp_path):
    write_years(tmp_path / "d")
    first = reader.read_data([tmp_path / "d"], line_years=reader.LATEST)
    progress = []
    again = reader.read_data(
        [tmp_path / "d"], line_years=reader.LATEST, on_progress=lambda *a: progress.append(a)
    )
    assert again.frame.equals(first.frame)
    assert again.reduced.equals(first.reduced)
    assert again.periods == first.periods
    done = [p for p in progress if p[3] == 1.0]
    assert len(done) == 10 and all(cached for *_, cached in done)


def test_a_damaged_reduced_entry_is_rebuilt(tmp_path):
    from officefiches.source import cache

    write_years(tmp_path / "d")
    first = reader.read_data([tmp_path / "d"], line_years=reader.LATEST)
    entries = sorted((cache.cache_dir() / "parsed").glob(f"*{reader.REDUCED_KEY}-*"))
    assert len(entries) == 10
    damaged = bytearray(entries[0].read_bytes())
    damaged[-50] ^= 0x10
    entries[0].write_bytes(bytes(damaged))
    messages = []
    again = reader.read_data([tmp_path / "d"], line_years=reader.LATEST, on_warning=messages.append)
    assert again.reduced.equals(first.reduced)
    assert any("Cache des données altéré" in m for m in messages)


def test_trends_against_sums_of_the_source_lines(multi_year):
    frames, dataset = multi_year
    result = cher_trends(history_of(dataset))
    assert result.years == YEARS and result.gaps == ()
    region = geography.region_of("18").departments
    for i, year in enumerate(YEARS):
        frame = frames[year]
        assert result.exports[i] == euros(frame, "E", ["18"])
        assert result.imports[i] == euros(frame, "I", ["18"])
        assert result.balance[i] == euros(frame, "E", ["18"]) - euros(frame, "I", ["18"])
        for share in result.shares:
            whole = region if share.whole.kind == "region" else None
            decimals = 1 if whole else 2
            exact = Decimal(euros(frame, share.flux, ["18"])) * 100
            exact /= euros(frame, share.flux, whole)
            assert abs(share.values[i] - exact) <= Decimal(5) / 10 ** (decimals + 1)
    assert [s.whole.kind for s in result.shares] == ["region", "region", "france", "france"]


@pytest.mark.parametrize("flux", ["E", "I"])
def test_top_five_of_the_last_year_followed_back(multi_year, flux):
    frames, dataset = multi_year
    result = cher_trends(history_of(dataset))
    for column, series in (("pays", result.partners(flux)), ("a129", result.products(flux))):
        last = frames[2024]
        rows = last[(last["flux"] == flux) & (last["departement"] == "18")]
        if column == "pays":  # a code that names no country (QU…) is never a main partner
            rows = rows[~rows["pays"].isin(list(aggregate.not_countries()))]
        ranked = rows.groupby(column)["valeur"].sum().reset_index()
        ranked = ranked.sort_values(["valeur", column], ascending=[False, True])
        assert [s.code for s in series] == ranked[column].head(5).tolist()
        for each in series:
            for i, year in enumerate(YEARS):
                expected = euros(frames[year], flux, ["18"], **{column: each.code})
                assert each.values[i] == expected, (column, each.code, year)


def test_average_growth_and_what_moved_most(multi_year):
    frames, dataset = multi_year
    result = cher_trends(history_of(dataset))
    first, last = euros(frames[2020], "E", ["18"]), euros(frames[2024], "E", ["18"])
    rate = ((last / first) ** (1 / 4) - 1) * 100  # float, independently of the Decimal code
    assert abs(float(result.growth_exports) - rate) < 0.051
    moves = [
        (abs(s.values[-1] - s.values[0]), s.code)
        for flux in ("E", "I")
        for s in (*result.partners(flux), *result.products(flux))
    ]
    assert abs(result.move.delta) == max(moves)[0]
    assert result.move.first + result.move.delta == result.move.last


def test_growth_rate_rules():
    assert trends.growth_pct(100, 200, 1) == Decimal("100.0")
    assert trends.growth_pct(1000, 1331, 3) == Decimal("10.0")
    assert trends.growth_pct(1000, 0, 3) == Decimal("-100.0")
    assert trends.growth_pct(0, 500, 3) is None  # from zero: no rate (n.d.)
    assert trends.growth_pct(5, 5, 0) is None


def test_span_needs_three_complete_years_from_since():
    assert trends.choose_span([2022, 2023], 2024) is None
    span = trends.choose_span([2019, 2020, 2022, 2023, 2024, 2025], 2024, since=2020)
    assert (span.first, span.last, span.years) == (2020, 2024, (2020, 2021, 2022, 2023, 2024))
    assert [gap.year for gap in span.gaps] == [2021]  # 2025 is after the fiche's year
    assert trends.choose_span([2022, 2023, 2024], 2024, since=2023) is None


def test_a_year_missing_in_the_middle_is_a_gap_never_interpolated(tmp_path):
    frames = write_years(tmp_path / "d", years=(2020, 2021, 2023, 2024))
    # 2022 is present but partial: its imports hold two quarters only
    partial = year_lines(2022)
    partial = partial[(partial["flux"] == "E") | (partial["trimestre"] <= 2)]
    officialfiles.annual_dir(partial, tmp_path / "d", 2022)
    dataset = reader.read_data([tmp_path / "d"], line_years={2024})
    result = cher_trends(history_of(dataset))
    assert result.years == (2020, 2021, 2022, 2023, 2024)
    assert [(g.year, g.partial) for g in result.gaps] == [(2022, "importations : T1–T2")]
    assert result.exports[2] is None and result.imports[2] is None
    assert result.balance[2] is None
    assert all(s.values[2] is None for s in result.shares)
    assert all(s.values[2] is None for s in (*result.partners_export, *result.products_import))
    assert result.exports[3] == euros(frames[2023], "E", ["18"])


@pytest.fixture
def built(monkeypatch):
    """The fiches and syntheses a build would write (nothing is written)."""
    seen = {"fiches": [], "syntheses": []}

    def fiche(job, state, before_rename):
        seen["fiches"].append(state.figures.fiche(job.department, state.territoires[job.code]))

    def synthesis(job, state, before_rename):
        seen["syntheses"].append(state.figures.synthesis(job.whole))

    monkeypatch.setattr(jobs_module, "_write_department", fiche)
    monkeypatch.setattr(jobs_module, "_write_synthesis", synthesis)
    return seen


class Collect(Reporter):
    def __init__(self):
        self.messages, self.reads = [], []

    def warn(self, message):
        self.messages.append(message)

    def reading(self, index, count, name, fraction, cached):
        self.reads.append((index, count, name, fraction, cached))


def test_build_gives_trends_to_fiches_and_syntheses(tmp_path, built):
    frames = write_years(tmp_path / "d")
    reporter = Collect()
    options = BuildOptions(regions=("Centre-Val de Loire",), data=(tmp_path / "d",), out=tmp_path)
    assert run_build(options, reporter).ok
    cher = next(f for f in built["fiches"] if f.department.scope.code == "18")
    assert cher.trends.years == YEARS
    assert cher.trends.exports == tuple(euros(frames[y], "E", ["18"]) for y in YEARS)
    (region,) = built["syntheses"]
    members = geography.region_of("18").departments
    assert region.trends.imports == tuple(euros(frames[y], "I", members) for y in YEARS)
    assert [s.whole.code for s in region.trends.shares] == ["FR", "FR"]
    done = [r for r in reporter.reads if r[3] == 1.0]
    assert [r[0] for r in done] == list(range(10)) and not any(r[4] for r in done)
    assert any(r[3] < 1.0 for r in reporter.reads)  # each file's bar moves before it is done


def test_a_region_of_one_department_gives_no_region_share(tmp_path, built):
    """Corse is one department (customs code 20): its share of its region would be 100 % every
    year; only its share of France is given."""
    lines = {y: factories.lines(seed=y, n=300, departments=("20", "18"), year=y) for y in YEARS}
    for year, frame in lines.items():
        officialfiles.annual_dir(frame, tmp_path / "d", year)
    options = BuildOptions(departments=("20", "18"), data=(tmp_path / "d",), out=tmp_path)
    assert run_build(options, Collect()).ok
    by_code = {f.department.scope.code: f for f in built["fiches"]}
    assert [s.whole.kind for s in by_code["20"].trends.shares] == ["france", "france"]
    assert [s.whole.kind for s in by_code["18"].trends.shares] == [
        "region",
        "region",
        "france",
        "france",
    ]
    assert by_code["20"].region_alone and not by_code["18"].region_alone


def test_since_limits_the_span(tmp_path, built):
    write_years(tmp_path / "d")
    options = BuildOptions(departments=("18",), data=(tmp_path / "d",), out=tmp_path, since=2022)
    run_build(options, Collect())
    assert built["fiches"][0].trends.years == (2022, 2023, 2024)
    reporter = Collect()
    run_build(BuildOptions(**{**options.__dict__, "since": 2023}), reporter)
    assert built["fiches"][1].trends is None
    assert any("Pas de tendances" in m and "2023, 2024" in m for m in reporter.messages)


def test_build_says_the_missing_year(tmp_path, built):
    write_years(tmp_path / "d", years=(2020, 2021, 2023, 2024))
    reporter = Collect()
    options = BuildOptions(departments=("18",), data=(tmp_path / "d",), out=tmp_path)
    run_build(options, reporter)
    fiche = built["fiches"][0]
    assert fiche.trends.gaps[0].year == 2022 and fiche.trends.exports[2] is None
    (said,) = [m for m in reporter.messages if "Tendances 2020–2024" in m]
    assert "2022 est absente des données" in said and "jamais estimée" in said
    assert said in fiche.data.warnings  # the documents carry it (Méthode, notes)


def test_a_fiche_of_an_earlier_year_reads_its_lines_again(tmp_path, built):
    frames = write_years(tmp_path / "d")
    options = BuildOptions(departments=("18",), data=(tmp_path / "d",), out=tmp_path)
    run_build(options, Collect())  # fills the cache: 2023 and 2024 at line grain only
    run_build(BuildOptions(**{**options.__dict__, "year": 2021}), Collect())
    fiche = built["fiches"][1]
    assert fiche.year == 2021 and fiche.evolution.previous_year == 2020
    assert fiche.department.totals.exports == euros(frames[2021], "E", ["18"])
    assert fiche.trends is None  # 2020–2021: two years only


def test_four_demo_years_give_cher_a_trends_slide_and_sheet(tmp_path):
    """Done when (issue 14): with four demo years, Cher's deck has a « Tendances 2021–2024 »
    slide whose native charts carry one point per year, and its workbook a « Tendances » sheet."""
    from openpyxl import load_workbook
    from pptx import Presentation

    from officefiches.source import demo

    demo.write_demo(tmp_path / "demo", years=range(2021, 2025), lines=3000)
    options = BuildOptions(departments=("18",), data=(tmp_path / "demo",), out=tmp_path / "o")
    assert run_build(options, Collect()).ok
    folder = tmp_path / "o" / "2024" / "centre-val-de-loire"
    deck = Presentation(str(folder / "18-cher.pptx"))
    (slide,) = [s for s in deck.slides if s.shapes.title.text == "Tendances 2021–2024"]
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 3
    for chart in charts:
        assert list(chart.plots[0].categories) == ["2021", "2022", "2023", "2024"]
        for series in chart.plots[0].series:
            assert len(series.values) == 4 and None not in series.values
    totals = {s.name: s.values for s in charts[0].plots[0].series}
    assert totals["Exportations"][-1] == 1879.3  # Cher's published 2024 exports (M€)
    sheet = load_workbook(folder / "18-cher.xlsx")["Tendances"]
    assert sheet["A1"].value == "Tendances 2021–2024, Cher"
