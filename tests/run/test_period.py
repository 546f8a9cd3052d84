"""Fiches over four quarters across two years (issue 25, item 1): `--period AAAA-Tn`,
`--period latest`, `--period AAAA`, from rolling and annual files written by the tests, every
total checked against the lines."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from officefiches.cli import main
from officefiches.errors import UsageError
from officefiches.model import Period
from officefiches.options import LATEST_PERIOD, parse_period
from officefiches.readback import fiche as readback
from officefiches.writers import texts
from officefiches.writers.sections import key
from officefiches.writers.xlsx import bookmeta
from tests import factories, officialfiles
from tests.decks import shown, slide_titled

ROLLING = [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)]  # the last five quarters
FOLDER = "12-mois-a-fin-septembre-2024"


def test_parse_period():
    assert parse_period("2024-T3") == Period(2024, 3)
    assert parse_period(" 2025t2 ") == Period(2025, 2)
    assert parse_period("2024") == 2024  # the calendar year, as --year
    assert parse_period("2024-T4") == 2024  # four quarters ending in December: the year
    assert parse_period("latest") == LATEST_PERIOD
    for wrong in ("2024-T5", "2024-3", "T3-2024", "24-T3", ""):
        with pytest.raises(UsageError, match="AAAA-Tn"):
            parse_period(wrong)


def test_a_period_in_words():
    period = Period(2025, 2)
    assert period.quarters == ((2024, 3), (2024, 4), (2025, 1), (2025, 2))
    assert period.words == "juillet 2024 – juin 2025"
    assert period.months == "12 mois à fin juin 2025"
    assert period.quarters_text == "T3–T4 2024, T1–T2 2025"
    assert period.previous() == Period(2024, 2)
    assert Period(2024, 3).folder == FOLDER
    assert Period(2025, 1).words == "avril 2024 – mars 2025"


def test_de_and_que_are_elided_before_a_period_only():
    template = "Principaux produits de {annee} ; plus que {annee_precedente}"
    period = {"annee": "octobre 2023 – septembre 2024", "annee_precedente": "2023"}
    assert texts.fill(template, period, "t") == (
        "Principaux produits d'octobre 2023 – septembre 2024 ; plus que 2023"
    )
    year = {"annee": "2024", "annee_precedente": "2023"}
    assert texts.fill(template, year, "t") == "Principaux produits de 2024 ; plus que 2023"


def _frames(*years: int) -> pd.DataFrame:
    return pd.concat(
        [factories.lines(seed=year, n=900, year=year) for year in years], ignore_index=True
    )


def _sums(frame: pd.DataFrame, quarters, departments=None) -> dict[str, int]:
    """Exports and imports summed from the lines, in plain Python integers."""
    chosen = frame[
        [(y, q) in set(quarters) for y, q in zip(frame["annee"], frame["trimestre"], strict=True)]
    ]
    if departments is not None:
        chosen = chosen[chosen["departement"].isin(departments)]
    return {
        flux: int(sum(int(v) for v in chosen[chosen["flux"] == flux]["valeur"])) for flux in "EI"
    }


def _build(*args: str, code: int = 0):
    result = factories.cli_runner().invoke(main, ["build", "-j", "1", *args])
    assert result.exit_code == code, (result.output, result.stderr)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def rolling(tmp_path_factory):
    """Rolling files holding 2023-T4 … 2024-T4, and the lines they hold."""
    frame = _frames(2023, 2024)
    folder = officialfiles.rolling_dir(frame, tmp_path_factory.mktemp("glissants"), ROLLING)
    return folder, frame


@pytest.fixture(scope="module")
def cher(rolling, tmp_path_factory):
    """Cher's fiche over October 2023 – September 2024 (the issue's « done when »)."""
    folder, _ = rolling
    out = tmp_path_factory.mktemp("out")
    result = _build("-d", "18", "--period", "2024-T3", "--data", str(folder), "--out", str(out))
    return out / FOLDER / "centre-val-de-loire", result


def test_the_period_s_totals_are_those_of_its_four_quarters_to_the_euro(cher, rolling):
    place, _ = cher
    _, frame = rolling
    quarters = Period(2024, 3).quarters
    doc = readback.read(place / "18-cher.xlsx").doc
    assert doc.data.period == Period(2024, 3)
    want = _sums(frame, quarters, ["18"])
    assert (doc.department.totals.exports, doc.department.totals.imports) == (want["E"], want["I"])
    region = _sums(frame, quarters)  # the test's three departments are the whole region
    assert (doc.region.totals.exports, doc.region.totals.imports) == (region["E"], region["I"])
    assert doc.evolution is None  # 2022-T4 is not in the data: no comparison
    whole_year = _sums(frame, [(2024, q) for q in (1, 2, 3, 4)], ["18"])
    assert want != whole_year  # the period is not the calendar year 2024


def test_the_period_is_named_in_words_on_the_cover_and_in_the_workbook(cher):
    place, _ = cher
    slides = shown(place / "18-cher.pptx")
    cover = key(slides[0].text)  # French typography aside (« : » after a narrow space)
    assert "octobre 2023 – septembre 2024" in cover
    assert "12 mois à fin septembre 2024 : t4 2023, t1–t3 2024" in cover
    as_a_year = re.compile(r"\(2024\)|\b(en|de|données) 2024\b|, 2024\)|2024 \(M€\)")
    for slide in slides:  # never the calendar year it is not
        assert not [t for t in slide.texts if as_a_year.search(t)], slide.title
    from openpyxl import load_workbook

    book = load_workbook(place / "18-cher.xlsx")
    synthese = [[c for c in row if c] for row in book["Synthèse"].iter_rows(values_only=True)]
    assert ["Période", "12 mois à fin septembre 2024 : octobre 2023 – septembre 2024 "
            "(T4 2023, T1–T3 2024)"] in synthese  # fmt: skip
    assert book["Balance par pays"]["A1"].value.endswith("(octobre 2023 – septembre 2024)")
    assert "octobre 2023 – septembre 2024" in book["Synthèse"].oddFooter.left.text
    assert book.properties.title == "Commerce extérieur — Cher (octobre 2023 – septembre 2024)"


def test_latest_takes_the_latest_four_quarters_held(rolling, tmp_path):
    folder, _ = rolling
    result = _build("-d", "18", "--period", "latest", "--data", str(folder), "--out", str(tmp_path))
    assert "2024-T4 (l'année 2024)" in result.stderr
    assert (tmp_path / "2024" / "centre-val-de-loire" / "18-cher.xlsx").is_file()


def test_a_period_the_data_lack_is_refused_naming_the_quarters_held(rolling, tmp_path):
    folder, _ = rolling
    result = _build(
        "-d", "18", "--period", "2025-T1", "--data", str(folder), "--out", str(tmp_path), code=2
    )
    assert "il manque T1 2025" in result.stderr
    assert "Trimestres présents dans les données : T4 2023, T1–T4 2024" in result.stderr
    assert not list(tmp_path.rglob("*.xlsx"))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [(("--compare-year", "2022"), "--compare-year"), (("--year", "2023"), "pas les deux")],
)
def test_period_with_year_options_is_a_usage_error(rolling, tmp_path, extra, expected):
    folder, _ = rolling
    args = (
        "-d",
        "18",
        "--period",
        "2024-T3",
        *extra,
        "--data",
        str(folder),
        "--out",
        str(tmp_path),
    )
    assert expected in _build(*args, code=2).stderr


def test_period_of_a_calendar_year_is_the_year(rolling, tmp_path):
    folder, _ = rolling
    _build("-d", "18", "--period", "2024", "--data", str(folder), "--out", str(tmp_path / "a"))
    _build("-d", "18", "--year", "2024", "--data", str(folder), "--out", str(tmp_path / "b"))
    place = Path("2024") / "centre-val-de-loire" / "18-cher.xlsx"
    assert (tmp_path / "a" / place).read_bytes() == (tmp_path / "b" / place).read_bytes()


def test_a_period_across_annual_and_rolling_files_compared_a_year_earlier(tmp_path):
    """Annual files of 2022 and 2023 and a rolling file of 2024-T1 … 2025-T1 (as published in
    spring 2025): the period 2024-T2 takes two quarters of each; its comparison, 2023-T2, two
    quarters of each annual file."""
    frame = _frames(2022, 2023, 2024, 2025)
    data = tmp_path / "douanes"
    for year in (2022, 2023):
        officialfiles.annual_dir(frame, data, year)
    officialfiles.rolling_dir(
        frame, data / "glissant", [(2024, q) for q in (1, 2, 3, 4)] + [(2025, 1)]
    )
    _build(
        "--region", "24", "--period", "2024-T2", "--data", str(data), "--out", str(tmp_path / "o")
    )
    place = tmp_path / "o" / "12-mois-a-fin-juin-2024" / "centre-val-de-loire"
    doc = readback.read(place / "18-cher.xlsx").doc
    now, before = (
        _sums(frame, Period(2024, 2).quarters, ["18"]),
        _sums(frame, Period(2023, 2).quarters, ["18"]),
    )
    assert (doc.department.totals.exports, doc.department.totals.imports) == (now["E"], now["I"])
    evolution = doc.evolution
    assert (evolution.exports.previous, evolution.exports.current) == (before["E"], now["E"])
    assert (evolution.imports.previous, evolution.imports.current) == (before["I"], now["I"])
    slides = shown(place / "18-cher.pptx")
    slide = slide_titled(slides, "Évolution juillet 2022 – juin 2023 → juillet 2023 – juin 2024")
    assert "juillet 2022 – juin 2023 (M€)" in str(slide.tables)
    from openpyxl import load_workbook

    book = load_workbook(place / "18-cher.xlsx")
    assert "Données période précédente" in book.sheetnames
    synthesis = readback.read(place / "centre-val-de-loire-synthese.xlsx").doc
    region = _sums(frame, Period(2024, 2).quarters)
    assert (synthesis.whole.totals.exports, synthesis.whole.totals.imports) == (
        region["E"],
        region["I"],
    )
    assert synthesis.data.period == Period(2024, 2)


def test_a_calendar_year_s_parameters_hold_no_period(tmp_path):
    """The hidden sheet of a calendar year's workbook stays as it was before periods."""
    rows = bookmeta.parameters("departement", "18", "Cher", factories.data_info())
    assert '"period"' not in dict(rows)["donnees"]
    with_period = factories.data_info(period=Period(2024, 3))
    back = bookmeta.read_parameters(bookmeta.parameters("departement", "18", "Cher", with_period))
    assert back["data"].period == Period(2024, 3)


# --- the quarters at a glance (item 2) ----------------------------------------------------------


def test_the_quarters_slide_and_sheet_show_every_quarter_held(cher, rolling):
    place, _ = cher
    _, frame = rolling
    slides = shown(place / "18-cher.pptx")
    slide = slide_titled(slides, "Trimestre par trimestre, T4 2023 – T4 2024")
    labels = tuple(f"T{q} {y}" for y, q in ROLLING)
    (exports, imports) = slide.charts
    for chart, flux in ((exports, "E"), (imports, "I")):
        categories, ((_, before), (_, now)) = chart
        assert categories == labels
        assert now == tuple(round(_sums(frame, [q], ["18"])[flux] / 1e6, 1) for q in ROLLING)
        # only T4 2024 has its quarter a year earlier in the data (T4 2023): no bar elsewhere
        assert before[:4] == (None,) * 4
        assert before[4] == round(_sums(frame, [(2023, 4)], ["18"])[flux] / 1e6, 1)
    from openpyxl import load_workbook

    sheet = load_workbook(place / "18-cher.xlsx")["Trimestres"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] in labels]
    assert [r[0] for r in rows] == list(labels)
    euros = _sums(frame, [(2024, 3)], ["18"])["E"]
    assert rows[3][1] == euros / 1e6 and rows[3][2] is None
    assert len(sheet._charts) == 2  # native charts, one per flow


def test_the_quarters_are_carried_to_the_deck_of_the_workbook(cher, tmp_path):
    import shutil

    place, _ = cher
    shutil.copy(place / "18-cher.xlsx", tmp_path / "18-cher.xlsx")
    result = factories.cli_runner().invoke(main, ["deck", str(tmp_path / "18-cher.xlsx")])
    assert result.exit_code == 0, result.stderr
    again = slide_titled(shown(tmp_path / "18-cher.pptx"), "Trimestre par trimestre")
    first = slide_titled(shown(place / "18-cher.pptx"), "Trimestre par trimestre")
    assert again.charts == first.charts and again.notes == first.notes


def test_a_calendar_year_shows_the_quarters_only_with_quarters_past_it(tmp_path):
    frame = _frames(2023, 2024)
    data = tmp_path / "douanes"
    for year in (2023, 2024):
        officialfiles.annual_dir(frame, data, year)
    for year in (2023, 2024):
        _build("-d", "18", "--year", str(year), "--data", str(data), "--out", str(tmp_path / "o"))
    titles = {
        year: [
            s.title
            for s in shown(tmp_path / "o" / str(year) / "centre-val-de-loire" / "18-cher.pptx")
        ]
        for year in (2023, 2024)
    }
    assert "Trimestre par trimestre, T1 2023 – T4 2024" in titles[2023]  # 2024 is past 2023
    assert not [t for t in titles[2024] if t.startswith("Trimestre")]
