"""The region's and France's own workbooks, made from a Synthesis as the build makes it, read
back with openpyxl (values, tables) and from the chart XML."""

from __future__ import annotations

import dataclasses
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from officefiches import formatting, geography, writers
from officefiches.compute.figures import RunFigures
from officefiches.run import jobs
from officefiches.source import labels, reader
from tests import factories
from tests.writers.xlsx.test_department import (
    CREATED,
    check_partners,
    check_print_setup,
    checked_charts,
    checked_formulas,
    series,
    sheet_text,
)
from tests.writers.xlsx.test_evolution_exposure import shown_pct

DEPARTMENTS = ("18", "36", "45", "75", "13")  # three of Centre-Val de Loire, Paris, Marseille
REGION_SHEETS = [
    "Synthèse",
    "Messages",
    "Libellés",
    "Départements",
    "Balance par pays",
    "Activités",
    "Flux export",
    "Flux import",
    "Évolution",
    "Exposition",
    "Données",
    "Données France",
    "Données départements",
    "Données 2023",
    "Méthode",
    "officefiches",
]


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    """What the build holds when it writes the syntheses, over a small two-year frame."""
    frame = pd.concat(
        [
            factories.lines(seed=1, n=1200, departments=DEPARTMENTS, year=2023),
            factories.lines(seed=2, n=1200, departments=DEPARTMENTS),
        ],
        ignore_index=True,
    )
    dataset = reader.Dataset(frame=frame, sources=(), labels=labels.builtin_labels(), is_demo=True)
    data = factories.data_info(2024, dataset.quarters(2024), is_demo=True)
    return RunFigures(
        dataset.for_year(2024), dataset.labels, data, dataset.for_year(2023), compare_year=2023
    )


@pytest.fixture(scope="module")
def region(state):
    return state.synthesis(geography.find_region("Centre-Val de Loire"))


@pytest.fixture(scope="module")
def france(state):
    return state.synthesis(None)


def write(tmp_path, synthesis, state, name="s.xlsx"):
    """The synthesis's workbook, with the tables the build gives it."""
    path = tmp_path / name
    region = None if synthesis.parent is None else geography.region(synthesis.whole.scope.code)
    tables = jobs.synthesis_tables(state, region)
    writers.write_workbook(synthesis, tables, path, CREATED)
    return path


@pytest.fixture(scope="module")
def region_path(tmp_path_factory, region, state):
    return write(tmp_path_factory.mktemp("region"), region, state)


@pytest.fixture(scope="module")
def france_path(tmp_path_factory, france, state):
    return write(tmp_path_factory.mktemp("france"), france, state)


def member_rows(book, sheet_name):
    sheet = book[sheet_name]
    table = next(iter(sheet.tables.values()))
    rows = [[cell.value for cell in row] for row in sheet[table.ref]]
    return table, rows[0], rows[1:]


def test_region_sheets_in_order(region_path):
    assert load_workbook(region_path).sheetnames == REGION_SHEETS


def test_france_sheets_in_order(france_path):
    names = load_workbook(france_path).sheetnames
    expected = [
        {"Départements": "Régions", "Données départements": "Données régions"}.get(n, n)
        for n in REGION_SHEETS
        if n != "Données France"
    ]
    assert names == expected


def test_synthese_identity_totals_and_share_of_france(region_path, region):
    book = load_workbook(region_path, data_only=True)
    text = sheet_text(book["Synthèse"])
    for expected in ("Centre-Val de Loire", "2024", "DGDDI", "Cher (18)", "Loiret (45)"):
        assert expected in text
    assert "Données de démonstration (synthétiques)" in text
    assert "partielle" not in text
    rows = list(book["Synthèse"].iter_rows(values_only=True))
    exports = next(r for r in rows if r[0] == "Exportations (FAB)")
    assert exports[1:3] == pytest.approx(
        (region.whole.totals.exports / 1e6, region.parent.totals.exports / 1e6)
    )
    balance = next(r for r in rows if r[0] == "Solde commercial")
    assert balance[1] == pytest.approx(region.whole.totals.balance / 1e6)
    shares = {r[0]: r[1] for r in rows if r[0] in ("Exportations", "Importations")}
    for flux, label in (("E", "Exportations"), ("I", "Importations")):
        shown = (Decimal(repr(shares[label])) * 100).quantize(Decimal("0.01"))
        assert shown == region.parent_share(flux)
    assert formatting.pct(region.parent_share("E"), 2) in text


def test_partial_year_and_no_demo(tmp_path, region, state):
    plain = factories.with_data(region, is_demo=False, quarters=(1, 2))
    text = sheet_text(load_workbook(write(tmp_path, plain, state))["Synthèse"])
    assert "année partielle" in text and "démonstration" not in text


def test_members_table_sums_to_the_whole(region_path, region):
    book = load_workbook(region_path, data_only=True)
    table, header, rows = member_rows(book, "Départements")
    assert table.name == "Departements"
    assert header[:3] == ["Code", "Département", "Exportations (M€)"]
    assert [r[0] for r in rows] == [m.code for m in region.members]
    assert len(rows) == 6  # every department of the region, with trade or not
    for row, member in zip(rows, region.members, strict=True):
        assert row[1] == member.name
        assert row[2:5] == pytest.approx(
            [member.totals.exports / 1e6, member.totals.imports / 1e6, member.totals.balance / 1e6]
        )
        for value, expected in ((row[5], member.export_pct), (row[6], member.import_pct)):
            assert shown_pct(value) == expected
        partner = member.top_partner
        assert row[7] == (partner.label if partner else "aucun échange enregistré")
    sheet = book["Départements"]
    total = next(r for r in sheet.iter_rows(values_only=True) if str(r[1]).startswith("Total"))
    assert total[2] == pytest.approx(sum(m.totals.exports for m in region.members) / 1e6)
    assert total[2] == pytest.approx(region.whole.totals.exports / 1e6)
    assert total[3] == pytest.approx(region.whole.totals.imports / 1e6)
    balance = load_workbook(region_path)["Départements"]
    row = next(r for r in balance.iter_rows() if r[0].value == region.members[0].code)
    assert row[4].number_format.startswith("+")  # the balance carries its sign
    assert row[4].data_type == "f"


def test_france_compares_its_regions(france_path, france):
    book = load_workbook(france_path, data_only=True)
    table, header, rows = member_rows(book, "Régions")
    assert table.name == "Regions" and header[1] == "Région"
    assert len(rows) == 18
    assert sum(r[3] for r in rows) == pytest.approx(france.whole.totals.imports / 1e6)
    text = sheet_text(book["Synthèse"])
    assert "dans la France entière" not in text  # no parent, no share
    assert "Part des exportations vers les États-Unis" in text


def test_whole_figures_in_shared_sheets(region_path, region):
    book = load_workbook(region_path, data_only=True)
    check_partners(book, region.whole.partners)
    flows = list(book["Flux export"].iter_rows(values_only=True))
    totals = [r for r in flows if r[0] == "Total"]
    assert len(totals) == 2  # the region's matrix, then France's
    assert [v for v in totals[0][1:] if v is not None][-1] == pytest.approx(
        region.whole.flows_export.total / 1e6
    )
    evolution = list(book["Évolution"].iter_rows(values_only=True))
    exports = next(r for r in evolution if r[0] == "Exportations")
    assert exports[2:4] == pytest.approx(
        (region.evolution.exports.previous / 1e6, region.evolution.exports.current / 1e6)
    )
    exposure = {r[0]: r[2] for r in book["Exposition"].iter_rows(values_only=True)}
    assert shown_pct(exposure["Part vers les États-Unis"]) == region.exposure.us_pct


def test_every_formula_has_its_correct_cached_value(region_path, france_path):
    for path in (region_path, france_path):
        checked = checked_formulas(path)
        assert {"Synthèse", "Évolution", "Exposition"} <= set(checked)
        assert checked[load_workbook(path).sheetnames[3]] > 10  # the members compared


def test_native_charts_bound_to_cells_with_title_and_alt_text(region_path):
    titles = checked_charts(region_path)
    assert len(titles) >= 7  # members, butterfly, 2 products, 2 countries, evolution, exposure
    members = titles["Exportations et importations par département, Centre-Val de Loire"]
    assert [name for name, *_ in series(members)] == ["Exportations", "Importations"]


def test_print_setup(region_path, france_path):
    for path in (region_path, france_path):
        check_print_setup(load_workbook(path))


def test_methode_for_a_synthesis(region_path):
    text = sheet_text(load_workbook(region_path)["Méthode"])
    assert "compare ses départements" in text and "Herfindahl" in text
    assert "Données région" not in text and "[" not in text


def test_without_evolution_nor_exposure(tmp_path, region, state):
    bare = dataclasses.replace(region, evolution=None, exposure=None)
    book = load_workbook(write(tmp_path, bare, state))
    assert "Évolution" not in book.sheetnames and "Exposition" not in book.sheetnames
    assert "Au-delà de la fiche" not in sheet_text(book["Synthèse"])


def test_same_inputs_same_bytes_and_strings_stay_text(tmp_path, region, state):
    hostile = dataclasses.replace(
        region,
        members=(dataclasses.replace(region.members[0], name="=cmd|' /C calc'!A0"),)
        + region.members[1:],
    )
    first = write(tmp_path, hostile, state, "a.xlsx")
    assert write(tmp_path, hostile, state, "b.xlsx").read_bytes() == first.read_bytes()
    assert "=cmd|' /C calc'!A0" in sheet_text(load_workbook(first)["Départements"])
    with zipfile.ZipFile(first) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"cmd" in archive.read(n) for n in sheets)
