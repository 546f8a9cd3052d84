"""The department workbook, read back with openpyxl (values, tables) and from its chart XML."""

from __future__ import annotations

import zipfile
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from officefiches import aggregate
from officefiches.model import Scope, Territoires
from officefiches.writers import xlsx

from . import factories

CREATED = datetime(2024, 5, 17, 12, 0, 0)
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def tables_for(frame: pd.DataFrame, department: str = "18", labels=None) -> xlsx.WorkbookTables:
    return xlsx.WorkbookTables(
        lines=frame[frame["departement"] == department],
        region_detail=aggregate.a129_by_country(frame),
        france_detail=aggregate.a129_by_country(frame),
        labels=labels or factories.StubLabels(),
    )


def fiche_for(frame: pd.DataFrame, department: str = "18", labels=None, **extra):
    labels = labels or factories.StubLabels()
    dept = aggregate.scope_figures(
        frame[frame["departement"] == department],
        Scope("department", department, "Cher"),
        labels,
    )
    region = aggregate.scope_figures(frame, Scope("region", "24", "Centre-Val de Loire"), labels)
    france = aggregate.scope_figures(frame, Scope("france", "FR", "France entière"), labels)
    options = {"quarters": (1, 2, 3, 4), "is_demo": False} | extra
    return aggregate.make_fiche(
        2024,
        dept,
        region,
        france,
        Territoires(names=("Berry Sologne",), source="intégré"),
        options.pop("quarters"),
        options.pop("is_demo"),
        **options,
    )


def write(tmp_path, frame=None, name="f.xlsx", labels=None, **extra):
    frame = factories.lines() if frame is None else frame
    path = tmp_path / name
    xlsx.write_workbook(
        fiche_for(frame, labels=labels, **extra), tables_for(frame, labels=labels), path, CREATED
    )
    return path


def table_rows(sheet, index: int = 0) -> tuple[list, list[list]]:
    table = list(sheet.tables.values())[index]
    rows = [[cell.value for cell in row] for row in sheet[table.ref]]
    return rows[0], rows[1:]


def sheet_text(sheet) -> str:
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


@pytest.fixture(scope="module")
def frame():
    return factories.lines(seed=3, n=600)


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory, frame):
    return write(tmp_path_factory.mktemp("xlsx"), frame)


def test_first_sheet_is_synthese_with_identity(workbook_path):
    book = load_workbook(workbook_path)
    assert book.sheetnames[0] == "Synthèse"
    assert "Données" in book.sheetnames and "Méthode" in book.sheetnames
    text = sheet_text(book["Synthèse"])
    for expected in ("Cher", "Centre-Val de Loire", "2024", "Berry Sologne", "DGDDI"):
        assert expected in text
    assert "partielle" not in text
    assert "démonstration" not in text


def test_data_table_holds_every_line_and_sums_to_the_euro(workbook_path, frame):
    sheet = load_workbook(workbook_path)["Données"]
    header, rows = table_rows(sheet)
    dept = frame[frame["departement"] == "18"]
    assert len(rows) == len(dept)
    flux, value = (
        header.index("Flux"),
        next(i for i, h in enumerate(header) if h.startswith("Valeur")),
    )
    for code in ("E", "I"):
        expected = int(dept.loc[dept["flux"] == code, "valeur"].sum())
        got = sum(int(r[value]) for r in rows if str(r[flux])[0] == code)
        assert got == expected
    assert all(isinstance(r[value], int) for r in rows)
    codes = header.index("Code CPF4")
    assert all(isinstance(r[codes], str) for r in rows)  # codes stay text
    assert {r[header.index("Produit A129")] for r in rows} == {
        f"Produit {c}" for c in dept["a129"].unique()
    }


def test_region_and_france_tables_sum_to_their_totals(workbook_path, frame):
    book = load_workbook(workbook_path)
    for name in ("Données région", "Données France"):
        header, rows = table_rows(book[name])
        value = header.index(xlsx.VALUE)
        for code, label in (("E", "Export"), ("I", "Import")):
            expected = int(frame.loc[frame["flux"] == code, "valeur"].sum())
            assert sum(r[value] for r in rows if r[0] == label) == expected


def test_key_figures_are_formulas_with_correct_cached_values(workbook_path, frame):
    formulas = load_workbook(workbook_path)["Synthèse"]
    cached = load_workbook(workbook_path, data_only=True)["Synthèse"]
    dept = frame[frame["departement"] == "18"]
    exports = int(dept.loc[dept["flux"] == "E", "valeur"].sum())
    region_exports = int(frame.loc[frame["flux"] == "E", "valeur"].sum())
    found = {}
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                found[cell.coordinate] = (cell.value, cached[cell.coordinate].value)
    sumifs = [v for f, v in found.values() if f.startswith("=SUMIFS(Lignes[")]
    assert len(sumifs) == 2
    assert exports / 1e6 in sumifs
    assert all(v is not None for _, v in found.values())
    shares = [v for f, v in found.values() if f.startswith("=IF(")]
    assert pytest.approx(exports / region_exports) in shares


def test_demo_banner_and_partial_year(tmp_path, frame):
    path = write(tmp_path, frame, is_demo=True, quarters=(1, 2))
    text = sheet_text(load_workbook(path)["Synthèse"])
    assert "Données de démonstration (synthétiques)" in text
    assert "année partielle" in text


class HostileLabels(factories.StubLabels):
    """Labels that a careless writer would turn into formulas or numbers."""

    def a129_label(self, code: str) -> str:
        return "=cmd|' /C calc'!A0" if code == "C21Z" else f"+{code}"

    def pays_label(self, code: str) -> str:
        return "0123" if code == "DE" else f"Pays {code}"


def test_labels_starting_with_equals_stay_text(tmp_path, frame):
    path = write(tmp_path, frame, labels=HostileLabels())
    header, rows = table_rows(load_workbook(path)["Données"])
    products = {r[header.index("Produit A129")] for r in rows}
    assert "=cmd|' /C calc'!A0" in products
    assert "0123" in {r[header.index("Pays")] for r in rows}
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"cmd" in archive.read(n) for n in sheets)  # never in a <f> formula


def test_same_inputs_give_the_same_bytes(tmp_path, frame):
    first = write(tmp_path, frame, name="a.xlsx").read_bytes()
    second = write(tmp_path, frame, name="b.xlsx").read_bytes()
    assert first == second
