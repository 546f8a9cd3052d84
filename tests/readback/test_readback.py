"""Reading our workbooks back (readback/workbook.py, readback/fiche.py): the document
recomputed from the Tables is the one that was written, exactly; numbers typed as text; the
slide titles the « Messages » sheet lists are the deck's."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from officefiches import geography, writers
from officefiches.compute.figures import RunFigures
from officefiches.readback import fiche as readback
from officefiches.readback import workbook as booktables
from officefiches.run import jobs
from officefiches.source import labels, reader
from officefiches.writers import sections
from officefiches.writers.xlsx import bookmeta
from tests import factories, trendsdata
from tests.decks import shown
from tests.writers.xlsx.test_department import CREATED, tables_for
from tests.writers.xlsx.test_evolution_exposure import full_fiche


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1000", "1000"),
        ("1 000", "1000"),
        ("1\u00a0000", "1000"),
        ("1\u202f000,5", "1000.5"),
        ("1.000,5", "1000.5"),
        ("1,000.5", "1000.5"),
        ("  12,25 ", "12.25"),
        ("0", "0"),
    ],
)
def test_numbers_typed_as_text(text, number):
    assert booktables.parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "douze", "1 000 €", "1e5", "1,2,3", "--1"])
def test_what_is_not_a_number(text):
    assert booktables.parse_number(text) is None


@pytest.fixture(scope="module")
def frames():
    return factories.lines(seed=3, n=600), factories.lines(seed=4, n=600, year=2023)


def test_department_read_back_is_the_fiche_written(tmp_path, frames):
    """Every figure of the Fiche, the region's and France's included (from their tables that
    name only some countries, and the partner concentrations kept in the workbook)."""
    frame, previous = frames
    fiche = full_fiche(frame, previous)
    path = tmp_path / "f.xlsx"
    writers.write_workbook(fiche, tables_for(frame, previous=previous), path, CREATED)
    read = readback.read(path)
    assert read.kind == "departement"
    assert read.doc == fiche
    assert read.team.short_labels == {} and read.team.messages == {}
    assert read.warnings == []


def test_read_back_ranks_no_undetermined_partner(tmp_path, frames):
    """QU the largest partner of the department (and of its region and France): the Fiche read
    back from the Tables (the region's and France's naming only some partners) is the one
    written, its flows naming countries only and their « Autres » holding QU."""
    frame, previous = frames
    frame = factories.with_undetermined(frame)
    fiche = full_fiche(frame, previous)
    path = tmp_path / "f.xlsx"
    writers.write_workbook(fiche, tables_for(frame, previous=previous), path, CREATED)
    read = readback.read(path).doc
    assert read == fiche
    for scope in (read.department, read.region, read.france):
        for flux in ("E", "I"):
            assert scope.flows(flux).undetermined > 0


@pytest.fixture(scope="module")
def state():
    departments = ("18", "36", "45", "75", "13")
    frame = pd.concat(
        [
            factories.lines(seed=1, n=1200, departments=departments, year=2023),
            factories.lines(seed=2, n=1200, departments=departments),
        ],
        ignore_index=True,
    )
    dataset = reader.Dataset(frame=frame, sources=(), labels=labels.builtin_labels(), is_demo=True)
    data = factories.data_info(2024, dataset.quarters(2024), is_demo=True)
    return RunFigures(
        dataset.for_year(2024), dataset.labels, data, dataset.for_year(2023), compare_year=2023
    )


@pytest.mark.parametrize("region", ["Centre-Val de Loire", None])
def test_synthesis_read_back_is_the_synthesis_written(tmp_path, state, region):
    whole = geography.find_region(region) if region else None
    synthesis = state.synthesis(whole)
    path = tmp_path / "s.xlsx"
    writers.write_workbook(synthesis, jobs.synthesis_tables(state, whole), path, CREATED)
    read = readback.read(path)
    assert read.kind == ("region" if region else "france")
    assert read.doc == synthesis


def test_a_workbook_from_before_the_default_name_column_reads_back(tmp_path, frames):
    """A workbook written before « Nom affiché par défaut » (Type, Code, Libellé officiel,
    Libellé court) gives its team's labels as before: columns are found by their header."""
    frame, previous = frames
    path = tmp_path / "f.xlsx"
    tables = tables_for(frame, previous=previous)
    writers.write_workbook(full_fiche(frame, previous), tables, path, CREATED)
    book = load_workbook(path)
    sheet = book["Libellés"]
    table = sheet.tables[bookmeta.TABLE_LABELS]
    assert [c.name for c in table.tableColumns][3] == bookmeta.LABEL_DEFAULT
    sheet.delete_cols(4)  # the column of our names, as the older workbooks lack it
    del table.tableColumns[3]
    first, last = table.ref.split(":")
    table.ref = table.autoFilter.ref = f"{first}:D{last[1:]}"
    rows = list(sheet[table.ref])
    assert [c.value for c in rows[0]] == list(bookmeta.LABEL_COLUMNS)
    rows[1][3].value = "Ancien nom"
    book.save(path)
    read = readback.read(path)
    kind = bookmeta.LABEL_KINDS[rows[1][0].value]
    assert read.team.short_labels == {(kind, rows[1][1].value): "Ancien nom"}


def test_team_work_read_and_edited_title_warned(tmp_path, frames):
    frame, previous = frames
    fiche = full_fiche(frame, previous)
    path = tmp_path / "f.xlsx"
    writers.write_workbook(fiche, tables_for(frame, previous=previous), path, CREATED)
    book = load_workbook(path)
    sheet = book["Libellés"]
    table = sheet.tables[bookmeta.TABLE_LABELS]
    rows = list(sheet[table.ref])[1:]
    rows[0][4].value = "  Court   et   net "  # « Libellé court », beside our default name
    code, kind = rows[0][1].value, bookmeta.LABEL_KINDS[rows[0][0].value]
    sheet = book["Messages"]
    rows = list(sheet[sheet.tables[bookmeta.TABLE_MESSAGES].ref])[1:]
    rows[4][1].value = "À retenir."
    rows[5][0].value = "Un titre changé"
    rows[5][1].value = "Perdu ?"
    book.save(path)
    read = readback.read(path)
    assert read.team.short_labels == {(kind, code): "Court et net"}
    title = rows[4][0].value
    assert read.team.messages[sections.key(title)] == (title, "À retenir.")
    assert any("« Un titre changé »" in w for w in read.warnings)
    # the short label is the name every figure of the document uses
    names = [p.label for p in read.doc.department.products_export] + [
        p.label for p in read.doc.department.partners
    ]
    assert "Court et net" in names


def test_titles_listed_are_the_decks(tmp_path, frames, state):
    frame, previous = frames
    fiche = full_fiche(frame, previous)
    writers.write_deck(fiche, tmp_path / "d.pptx", created=CREATED)
    assert [sections.key(s.title) for s in shown(tmp_path / "d.pptx")] == [
        sections.key(t) for t in sections.titles(fiche)
    ]
    synthesis = state.synthesis(geography.find_region("Centre-Val de Loire"))
    writers.write_deck(synthesis, tmp_path / "s.pptx", created=CREATED)
    assert [sections.key(s.title) for s in shown(tmp_path / "s.pptx")] == [
        sections.key(t) for t in sections.titles(synthesis)
    ]


def test_title_key_ignores_typography():
    assert sections.key("Principales activités à l\u2019export\u00a0: x") == sections.key(
        "principales activités à l'export : x"
    )


def test_trends_carried_by_the_workbook(tmp_path):
    """Ten years the Tables do not hold: the workbook keeps the trends it shows, and the deck of
    `officefiches deck` has the same « Tendances » slide (a missing year still None)."""
    by_year = trendsdata.frames(years=(2019, 2020, 2022, 2023, 2024))
    trends = trendsdata.department(by_year)
    assert trends.gaps and trends.move is not None and trends.shares
    last = by_year[2024]
    fiche = factories.fiche_from(last, trends=trends)
    path = tmp_path / "t.xlsx"
    writers.write_workbook(fiche, tables_for(last), path, CREATED)
    assert readback.read(path).doc.trends == trends
    plain = tmp_path / "sans.xlsx"
    writers.write_workbook(factories.fiche_from(last), tables_for(last), plain, CREATED)
    assert readback.read(plain).doc.trends is None
