"""Several years in one command: the demo series, `--years`, `data fetch` of several years,
the build's reading bars and `data info` over several years."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner

from officefiches.cli import main
from officefiches.errors import UsageError
from officefiches.options import parse_years
from officefiches.source import demo, fetch, reader
from tests import factories, officialfiles


@pytest.fixture
def runner():
    return CliRunner()


def test_parse_years():
    assert parse_years("2015-2024") == tuple(range(2015, 2025))
    assert parse_years("2019,2021") == (2019, 2021)
    assert parse_years(" 2022 – 2023 ") == (2022, 2023)
    assert parse_years("2024") == (2024,)
    for wrong in ("2024-2015", "20x4", "", "1900-1910", "2015-"):
        with pytest.raises(UsageError, match="2015-2024"):
            parse_years(wrong)


def test_demo_years_form_one_series():
    national = {y: sum(demo.department_totals(y, "E").values()) for y in range(2015, 2025)}
    assert national[2020] < national[2019] and national[2020] < national[2021]  # the 2020 fall
    imports = {y: sum(demo.department_totals(y, "I").values()) for y in (2021, 2022)}
    assert imports[2022] > 1.2 * imports[2021]  # energy prices
    assert demo.department_totals(2024, "E")["18"] == 1_879_300_000  # 2024 stays calibrated
    # each department follows its own steady line: no jump beyond France's shape and a little
    # noise (2020 and 2021: the fall and the recovery)
    for year in (2016, 2017, 2018, 2019, 2023, 2024):
        before, now = demo.department_totals(year - 1, "E"), demo.department_totals(year, "E")
        shape = demo.national_ratio(year, "E") / demo.national_ratio(year - 1, "E")
        for code, value in now.items():
            assert 0.8 < value / before[code] / shape < 1.25, (year, code)


def test_demo_writes_every_year_certified(tmp_path):
    written = demo.write_demo(tmp_path, years=[2021, 2022, 2023], lines=3000)
    names = {p.name for p in written}
    expected = {f"Region_{y}_{f}.txt" for y in (2021, 2022, 2023) for f in ("Export", "Import")}
    assert expected <= names
    dataset = reader.read_data([tmp_path], line_years=reader.LATEST)
    assert dataset.is_demo and dataset.years() == [2021, 2022, 2023]
    assert sorted(dataset.line_years) == [2022, 2023]
    notice = (tmp_path / demo.MARKER_NAME).read_text("utf-8")
    assert "2021 à 2023" in notice and notice.count("Region_") == 6


def test_cli_demo_years(runner, tmp_path):
    result = runner.invoke(
        main, ["data", "demo", "--out", str(tmp_path), "--years", "2022-2023", "--lines", "2000"]
    )
    assert result.exit_code == 0, result.output
    assert "Année 2022 écrite" in result.stderr
    assert (tmp_path / "Region_2023_Import.txt").is_file()
    both = runner.invoke(
        main, ["data", "demo", "--out", str(tmp_path), "--year", "2024", "--years", "2022-2023"]
    )
    assert both.exit_code == 2 and "pas les deux" in both.stderr
    wrong = runner.invoke(main, ["data", "demo", "--out", str(tmp_path), "--years", "2023-20"])
    assert wrong.exit_code == 2 and "Traceback" not in wrong.output


def test_cli_fetch_years_are_checked_before_any_download(runner):
    result = runner.invoke(main, ["data", "fetch", "--years", "2019,2031"])
    assert result.exit_code == 2 and "2031" in result.stderr
    assert not fetch.fetched_years()
    with_url = runner.invoke(main, ["data", "fetch", "--years", "2019-2020", "--url", "http://x"])
    assert with_url.exit_code == 2 and "une seule année" in with_url.stderr
    nothing = runner.invoke(main, ["data", "fetch"])
    assert nothing.exit_code == 2


def test_build_uses_every_fetched_year(tmp_path, monkeypatch):
    """Without --data, every year fetched is read (the trends need them all)."""
    for year in (2022, 2023, 2024):
        folder = fetch.year_dir(year)
        zips = officialfiles.annual_zips(factories.lines(seed=year, n=200, year=year), folder, year)
        (folder / fetch.RECORD_NAME).write_text(
            "{" + ",".join(f'"{z.name}": {{"url": "u", "telecharge_le": "2026-01-01", '
                           f'"sha256": "{"0" * 64}"}}' for z in zips) + "}",
            encoding="utf-8",
        )  # fmt: skip
    result = CliRunner().invoke(main, ["build", "-d", "18", "--out", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "téléchargés pour 3 années (2022, 2023, 2024)" in result.stderr


def test_cli_build_shows_a_bar_per_file_then_the_cache(runner, tmp_path):
    folder = tmp_path / "d"
    for year in (2022, 2023, 2024):
        officialfiles.annual_dir(factories.lines(seed=year, n=200, year=year), folder, year)
    command = ["build", "-d", "18", "--data", str(folder), "--out", str(tmp_path / "o"), "-j", "1"]
    first = runner.invoke(main, command)
    assert first.exit_code == 0, first.output
    bars = [line for line in first.stderr.splitlines() if line.startswith("Lecture [")]
    assert len(bars) == 6 and bars[0].endswith(" s") and "1/6 Region_2022_Export.txt" in bars[0]
    again = runner.invoke(main, [*command, "--since", "2023"])
    assert again.exit_code == 0, again.output
    assert "6 fichier(s) sur 6 repris du cache" in again.stderr
    assert "Pas de tendances" in again.stderr and "depuis 2023 (--since)" in again.stderr
    quiet = runner.invoke(main, [*command, "--quiet"])
    assert "Lecture" not in quiet.stderr


def test_data_info_over_several_years(runner, tmp_path):
    frames = {y: factories.lines(seed=y, n=150, year=y) for y in (2023, 2024)}
    for year, frame in frames.items():
        officialfiles.annual_dir(frame, tmp_path, year)
    result = runner.invoke(main, ["data", "info", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for year, frame in frames.items():
        assert f"Année {year} : trimestres 1, 2, 3, 4 ; {len(frame)} lignes" in result.stdout
        exports = Decimal(int(frame.loc[frame["flux"] == "E", "valeur"].sum())) / 10**6
        shown = f"{exports.quantize(Decimal('0.1'), ROUND_HALF_UP):,}"
        shown = shown.replace(",", "\u202f").replace(".", ",")
        assert f"exportations : {shown} M€" in result.stdout
