"""The « Tendances » sheet, read back with openpyxl and from the chart XML: one value per year,
n.d. and an empty chart cell for a year missing, growth formulas with their cached values."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from officefiches import formatting, geography, writers
from officefiches.model import EXPORT, IMPORT
from officefiches.run.jobs import synthesis_tables
from tests import factories, trendsdata
from tests.writers.xlsx.test_department import CREATED, sheet_text, tables_for


@pytest.fixture(scope="module")
def frames():
    return trendsdata.frames()


def write(path, frames, trends):
    last = frames[max(frames)]
    fiche = factories.fiche_from(last, trends=trends)
    writers.write_workbook(fiche, tables_for(last), path, CREATED)
    return path


@pytest.fixture(scope="module")
def workbook(frames, tmp_path_factory):
    trends = trendsdata.department(frames)
    return write(tmp_path_factory.mktemp("x") / "t.xlsx", frames, trends), trends


def rows_of(sheet):
    return [[c.value for c in row] for row in sheet.iter_rows()]


def year_rows(rows, years):
    """The totals table's rows: year, then exports, imports, balance and shares."""
    return {r[0]: r for r in rows if r[0] in years and isinstance(r[0], int)}


def test_sheet_after_exposure_only_with_trends(workbook, frames, tmp_path):
    path, trends = workbook
    names = load_workbook(path).sheetnames
    assert "Tendances" in names and names.index("Tendances") == names.index("Données") - 1
    plain = write(tmp_path / "sans.xlsx", frames, None)
    assert "Tendances" not in load_workbook(plain).sheetnames


def test_totals_shares_and_growth_per_year(workbook):
    path, trends = workbook
    sheet = load_workbook(path, data_only=True)["Tendances"]
    rows = rows_of(sheet)
    found = year_rows(rows, trends.years)
    assert sorted(found) == list(trends.years)
    for i, year in enumerate(trends.years):
        row = found[year]
        assert row[2] == pytest.approx(trends.exports[i] / 1e6)
        assert row[3] == pytest.approx(trends.imports[i] / 1e6)
        assert row[4] == pytest.approx(trends.balance[i] / 1e6)  # =C-D, cached
        shares = [float(s.values[i]) / 100 for s in trends.shares]
        assert row[5 : 5 + len(shares)] == pytest.approx(shares)
    growth = next(r for r in rows if str(r[0]).startswith("Croissance annuelle moyenne"))
    assert growth[2] == pytest.approx(float(trends.growth_exports) / 100, abs=0.0005)
    assert "Tendances 2021–2024, Cher" in sheet_text(sheet)


def test_growth_is_a_formula_over_the_cells(workbook):
    path, _ = workbook
    rows = rows_of(load_workbook(path)["Tendances"])
    growth = next(r for r in rows if str(r[0]).startswith("Croissance annuelle moyenne"))
    assert re.fullmatch(
        r'=IF\(C\d+=0,"n\.d\.",IF\(C\d+=0,-1,\(C\d+/C\d+\)\^\(1/\(A\d+-A\d+\)\)-1\)\)', growth[2]
    )


def test_top_five_tables_follow_the_model(workbook):
    path, trends = workbook
    rows = rows_of(load_workbook(path, data_only=True)["Tendances"])
    sections = (
        ("Principaux pays clients", trends.partners(EXPORT)),
        ("Principaux produits importés", trends.products(IMPORT)),
    )
    for title, listed in sections:
        start = next(i for i, r in enumerate(rows) if str(r[0]).startswith(title))
        for rank, each in enumerate(listed):
            row = rows[start + 2 + rank]  # the title, the header, then the top 5 in rank order
            assert row[:2] == [each.code, each.label]
            values = row[2 : 2 + len(trends.years)]
            assert values == pytest.approx([v / 1e6 for v in each.values])


def charts(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            archive.read(n).decode()
            for n in sorted(archive.namelist())
            if n.startswith("xl/charts/chart") and "lineChart" in archive.read(n).decode()
        ]


def test_one_line_chart_per_table_one_point_per_year_gaps_kept(workbook):
    path, trends = workbook
    found = charts(path)
    assert len(found) == 5  # totals, then partners and products of each flow
    for xml in found:
        # an empty cell is a gap: XlsxWriter writes nothing for it, Excel's default
        assert not re.search(r'dispBlanksAs val="(zero|span)"', xml)
        for ref in re.findall(r"<c:val><c:numRef><c:f>([^<]+)</c:f>", xml):
            first, last = re.findall(r"\$([A-Z]+)\$\d+", ref)
            assert ord(last) - ord(first) + 1 == len(trends.years)  # one cell per year


def test_a_missing_year_is_nd_in_tables_and_empty_for_the_charts(tmp_path):
    frames = trendsdata.frames(years=(2020, 2021, 2023, 2024))
    trends = trendsdata.department(frames)
    path = write(tmp_path / "trou.xlsx", frames, trends)
    sheet = load_workbook(path, data_only=True)["Tendances"]
    rows = rows_of(sheet)
    gap = year_rows(rows, trends.years)[2022]
    assert set(gap[2:9]) == {formatting.NOT_AVAILABLE}
    assert "2022\u00a0: absente des données" in sheet_text(sheet)
    # the charts' block: a row per line, a column per year; 2022 is an empty cell
    header = next(
        i for i, r in enumerate(rows) if r[2:7] == ["2020", "2021", "2022", "2023", "2024"]
    )
    exports = rows[header + 1]
    assert exports[0] == "Exportations" and exports[4] is None
    assert exports[2] == pytest.approx(trends.exports[0] / 1e6)


def test_synthesis_workbook_has_the_sheet(frames, tmp_path):
    run, region = trendsdata.figures(frames), geography.region("24")
    synthesis = run.synthesis(region)
    assert synthesis.trends is not None
    path = tmp_path / "s.xlsx"
    writers.write_workbook(synthesis, synthesis_tables(run, region), path, CREATED)
    sheet = load_workbook(path, data_only=True)["Tendances"]
    text = sheet_text(sheet)
    assert "Tendances 2021–2024, Centre-Val de Loire" in text
    assert "Part de la France (export)" in text and "Part de la région" not in text
    found = year_rows(rows_of(sheet), synthesis.trends.years)
    assert found[2021][2] == pytest.approx(synthesis.trends.exports[0] / 1e6)


def test_methode_defines_the_trends_only_when_they_exist(workbook, frames, tmp_path):
    path, _ = workbook
    text = sheet_text(load_workbook(path)["Méthode"])
    assert "Années 2021 à 2024 : seules comptent les années" in text
    assert "Croissance annuelle moyenne : (valeur de 2024 / valeur de 2021)" in text
    plain = write(tmp_path / "sans.xlsx", frames, None)
    assert "Tendances" not in sheet_text(load_workbook(plain)["Méthode"])
