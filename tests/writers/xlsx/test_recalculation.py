"""LibreOffice recalculates every formula of a department's and a region's workbook (their
cached values removed first, as openpyxl saves them): it finds the values we cached. Checks
that the formulas mean in a real spreadsheet engine what the writer computed (the structured
references, SUMIFS over arrays in SUMPRODUCT, the label lookups, the sentences). Skipped when
LibreOffice is not installed."""

from __future__ import annotations

import math
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from officefiches import geography, writers
from officefiches.run import jobs
from tests.writers.xlsx.test_department import CREATED, tables_for
from tests.writers.xlsx.test_evolution_exposure import full_fiche
from tests.writers.xlsx.test_synthesis import state  # noqa: F401 - a fixture

SEPARATORS = re.compile(r"[\s,.\u00a0\u202f]")


def recalculated(tmp_path, path):
    """(formula cells, LibreOffice's values) of a workbook whose cached values were dropped."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("soffice absent: LibreOffice's recalculation is not checked")
    python_calamine = pytest.importorskip("python_calamine")
    book = load_workbook(path)
    cells = {
        sheet.title: {
            (c.row - 1, c.column - 1)
            for row in sheet.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith("=")
        }
        for sheet in book.worksheets
    }
    stripped = tmp_path / "sans-valeurs.xlsx"
    book.save(stripped)  # openpyxl writes formulas without cached values
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "lo"), str(stripped)],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    return cells, python_calamine.CalamineWorkbook.from_path(str(tmp_path / "lo" / stripped.name))


def check_same_values(tmp_path, path) -> int:
    import python_calamine

    cells, computed = recalculated(tmp_path, path)
    cached = python_calamine.CalamineWorkbook.from_path(str(path))
    checked = 0
    for sheet, where in cells.items():
        ours = cached.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        theirs = computed.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for r, c in where:
            mine, libre = ours[r][c], theirs[r][c]
            if isinstance(mine, str) and isinstance(libre, str):
                # LibreOffice writes FIXED() with its own locale's separators
                assert SEPARATORS.sub("", mine) == SEPARATORS.sub("", libre), (sheet, r, c)
            elif isinstance(mine, int | float) and isinstance(libre, int | float):
                assert math.isclose(mine, libre, rel_tol=1e-9, abs_tol=1e-9), (sheet, r, c)
            else:
                assert mine == libre, (sheet, r, c, mine, libre)
            checked += 1
    return checked


def test_libreoffice_finds_the_department_workbooks_values(tmp_path):
    from tests import factories

    frame, previous = factories.lines(seed=3, n=600), factories.lines(seed=4, n=600, year=2023)
    path = tmp_path / "f.xlsx"
    fiche = full_fiche(frame, previous)
    writers.write_workbook(fiche, tables_for(frame, previous=previous), path, CREATED)
    assert check_same_values(tmp_path, path) > 1000


def test_libreoffice_finds_the_region_workbooks_values(tmp_path, state):  # noqa: F811
    region = geography.find_region("Centre-Val de Loire")
    path = tmp_path / "r.xlsx"
    tables = jobs.synthesis_tables(state, region)
    writers.write_workbook(state.synthesis(region), tables, path, CREATED)
    assert check_same_values(tmp_path, path) > 500
