"""From official-format files to workbook and deck: the published figures come out exactly."""

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from officefiches.formatting import meur, pct
from officefiches.options import BuildOptions
from officefiches.run.build import Reporter, run_build
from officefiches.source import demo, labels
from tests import annexes, officialfiles
from tests.shared import ANNEXES, PUBLISHED, needs

LINES = 40_000


class Collect(Reporter):
    def __init__(self):
        self.messages, self.paths = [], []

    def warn(self, message):
        self.messages.append(message)

    def written(self, path):
        self.paths.append(path)


@pytest.fixture(scope="module")
def frames():
    return pd.concat([demo.generate(2023, LINES), demo.generate(2024, LINES)], ignore_index=True)


def published(code):
    with PUBLISHED.open(encoding="utf-8") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["scope"] == "department" and r["code"] == code
        ]
    return {r["flow"]: r for r in rows}


def deck_text(path: Path) -> str:
    texts = []
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            texts.extend(_texts(shape))
    return "\n".join(texts)


def _texts(shape):
    if shape.shape_type == 6:  # group
        for child in shape.shapes:
            yield from _texts(child)
    elif shape.has_text_frame:
        yield shape.text_frame.text


def data_table_sums(path: Path) -> dict[str, int]:
    sheet = load_workbook(path, read_only=False)["Données"]
    table = next(iter(sheet.tables.values()))
    rows = list(sheet[table.ref])
    header = [c.value for c in rows[0]]
    flux_col = header.index("Flux")
    value_col = next(i for i, h in enumerate(header) if str(h).startswith("Valeur"))
    sums: dict[str, int] = {}
    for row in rows[1:]:
        flux = str(row[flux_col].value)
        sums[flux[0].upper()] = sums.get(flux[0].upper(), 0) + int(row[value_col].value)
    return sums


def build(tmp_path, data, departments=("18",), year=2024):
    reporter = Collect()
    options = BuildOptions(
        departments=departments, data=tuple(data), year=year, out=tmp_path / "out"
    )
    report = run_build(options, reporter)
    assert not report.failures, report.failures
    return report, reporter


def check_published(report, code, frame_year):
    rows = published(code)
    xlsx = next(p for p in report.written if p.suffix == ".xlsx" and p.name.startswith(code))
    pptx = xlsx.with_suffix(".pptx")
    sums = data_table_sums(xlsx)
    dept = frame_year[frame_year["departement"] == code]
    for flux in ("E", "I"):
        assert sums[flux] == int(dept.loc[dept["flux"] == flux, "valeur"].sum())
        assert meur(sums[flux]) == meur(int(Decimal(rows[flux]["value_meur"]) * 10**6))
    text = deck_text(pptx)
    for flux in ("E", "I"):
        row = rows[flux]
        assert meur(int(Decimal(row["value_meur"]) * 10**6)) in text
        assert pct(Decimal(row["share_region_pct"]), 1) in text
        assert pct(Decimal(row["share_france_pct"]), 2) in text


def test_directory_of_annual_files_gives_published_figures(tmp_path, frames):
    folder = officialfiles.annual_dir(frames, tmp_path / "douanes", 2024)
    report, _ = build(tmp_path, [folder], departments=("18", "36", "45"))
    assert len(report.written) == 6
    year = frames[frames["annee"] == 2024]
    for code in ("18", "36", "45"):
        check_published(report, code, year)


def test_two_zips_as_published(tmp_path, frames):
    zips = officialfiles.annual_zips(frames, tmp_path / "zips", 2024)
    report, _ = build(tmp_path, zips, departments=("58", "23"))
    year = frames[frames["annee"] == 2024]
    for code in ("58", "23"):
        check_published(report, code, year)


def test_rolling_files_spanning_two_years(tmp_path, frames):
    quarters = [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)]
    folder = officialfiles.rolling_dir(frames, tmp_path / "glissant", quarters)
    report, _ = build(tmp_path, [folder], year=None)
    assert report.year == 2024  # the latest complete year by default
    check_published(report, "18", frames[frames["annee"] == 2024])


def test_partial_year_is_announced(tmp_path, frames):
    quarters = [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)]
    folder = officialfiles.rolling_dir(frames, tmp_path / "glissant", quarters)
    report, reporter = build(tmp_path, [folder], year=2023)
    assert any("partielle" in m for m in reporter.messages)
    pptx = next(p for p in report.written if p.suffix == ".pptx")
    assert "partielle" in deck_text(pptx)
    sheet = load_workbook(pptx.with_suffix(".xlsx"))["Synthèse"]
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "partielle" in cells


def test_codes_without_label_are_shown_by_code_in_one_warning(tmp_path, frames):
    year = frames[frames["annee"] == 2024].copy()
    year["pays"] = year["pays"].astype(str)
    cher = year.index[year["departement"] == "18"]
    year.loc[cher[:3], "pays"] = ["ZY", "ZZ", "ZZ"]
    folder = officialfiles.annual_dir(year, tmp_path / "douanes", 2024)
    report, reporter = build(tmp_path, [folder])
    unlabelled = [m for m in reporter.messages if "sans libellé" in m and "pays" in m]
    assert len(unlabelled) == 1 and "ZY, ZZ" in unlabelled[0]
    sheet = load_workbook(next(p for p in report.written if p.suffix == ".xlsx"))["Données"]
    values = {c.value for row in sheet.iter_rows() for c in row}
    assert "ZZ" in values  # the code stands in for the missing label


@pytest.mark.parametrize("source", ["samples", pytest.param("real", marks=needs(ANNEXES))])
def test_annex_labels_reach_the_workbook(tmp_path, frames, source):
    year = frames[frames["annee"] == 2024].copy()
    for column in ("a129", "cpf4", "pays"):
        year[column] = year[column].astype(str)
    cher = year.index[year["departement"] == "18"][:3]
    year.loc[cher, ["a129", "cpf4", "pays"]] = [
        ["C22A", "2211", "XK"],  # quoted label holding `;`, a country code reused over time
        ["A01Z", "0111", "QU"],  # the first code of the A129 annex, after its BOM
        ["C22A", "2211", "XS"],
    ]
    folder = officialfiles.annual_dir(year, tmp_path / "douanes", 2024)
    if source == "samples":
        annexes.write_samples(folder)
    else:
        for name in labels.ANNEX_FILES.values():
            (folder / name).write_bytes((ANNEXES / name).read_bytes())
    report, reporter = build(tmp_path, [folder])
    sheet = load_workbook(next(p for p in report.written if p.suffix == ".xlsx"))["Données"]
    values = {c.value for row in sheet.iter_rows() for c in row}
    for label in (
        "Pneumatiques ; rechapage et resculptage de pneumatiques",
        "Produits en caoutchouc",
        "Produits de la culture et de l\u2019élevage",
        "Céréales (à l'exclusion du riz), légumineuses et oléagineux",
        "Kosovo",
        "Serbie",
        "Pays et territoires non déterminés",
    ):
        assert label in values, label
    unlabelled = [m for m in reporter.messages if "sans libellé" in m]
    if source == "samples":  # codes outside the samples are counted, the samples' are not
        known = {
            "a129": annexes.A129_LINES,
            "pays": annexes.PAYS_LINES,
            "cpf4": annexes.CPF4_LINES,
        }
        for column, what in (("a129", "A129"), ("pays", "pays"), ("cpf4", "CPF4")):
            codes = {line.split(";")[0] for line in known[column]}
            count = len(set(year[column]) - codes)
            assert any(m.startswith(f"{count} code(s) de ") and what in m for m in unlabelled)
    else:
        assert not unlabelled
