"""A workbook that prints and reads well (issue 12, item 7), checked in the file itself: a frozen
header on every sheet with a table, page breaks between blocks and never through a chart, no
« 0,0 » label on an empty bar, every chart in the workbook's font."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from officefiches import writers
from tests import trendsdata
from tests.writers.xlsx.test_department import CREATED, tables_for
from tests.writers.xlsx.test_evolution_exposure import full_fiche

DRAWING_ANCHOR = re.compile(
    r"<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>-?\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?"
    r"<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>-?\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>",
    re.S,
)


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    """A department's workbook with every sheet: comparison year and trends included."""
    by_year = trendsdata.frames()
    last, previous = by_year[2024], by_year[2023]
    fiche = replace(full_fiche(last, previous), trends=trendsdata.department(by_year))
    path = tmp_path_factory.mktemp("print") / "cher.xlsx"
    writers.write_workbook(fiche, tables_for(last, previous=previous), path, CREATED)
    return path


def _sheet_parts(path) -> dict[str, tuple[str, str | None]]:
    """Sheet name → (its XML, its drawing's XML or None), through the package's relationships."""
    book = load_workbook(path)
    found = {}
    with zipfile.ZipFile(path) as package:
        for index, sheet in enumerate(book.worksheets, start=1):
            xml = package.read(f"xl/worksheets/sheet{index}.xml").decode()
            drawing = None
            rels = f"xl/worksheets/_rels/sheet{index}.xml.rels"
            if rels in package.namelist():
                target = re.search(
                    r'Target="\.\./drawings/(drawing\d+\.xml)"', package.read(rels).decode()
                )
                if target:
                    drawing = package.read(f"xl/drawings/{target.group(1)}").decode()
            found[sheet.title] = (xml, drawing)
    return found


def test_every_sheet_with_a_table_keeps_its_header_in_view(path):
    book = load_workbook(path)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or sheet.title == "Méthode":
            continue
        assert sheet.freeze_panes is not None, sheet.title


def test_no_page_break_through_a_chart(path):
    checked = 0
    for name, (xml, drawing) in _sheet_parts(path).items():
        if drawing is None:
            continue
        breaks = [int(b) for b in re.findall(r'<brk id="(\d+)"', xml)]
        for first, last in DRAWING_ANCHOR.findall(drawing):
            checked += 1
            # a break at row id r falls between rows r-1 and r (0-based: after row r-1)
            inside = [b for b in breaks if int(first) < b <= int(last)]
            assert not inside, f"{name}: page break {inside} through a chart (rows {first}-{last})"
    assert checked >= 8  # balance, activities, flows, comparison, evolution, trends…


def test_charts_label_no_empty_bar_and_use_the_workbook_font(path):
    with zipfile.ZipFile(path) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        for name in charts:
            xml = package.read(name).decode()
            for code in re.findall(r'<c:dLbls><c:numFmt formatCode="([^"]*)"', xml):
                sections = code.split(";")
                assert len(sections) >= 3 and sections[2] == "", (name, code)  # zero: no label
            fonts = set(re.findall(r'<a:latin typeface="([^"]*)"', xml))
            assert fonts == {"Arial"}, (name, fonts)


def test_no_formula_needs_what_the_formula_sheet_skips(path):
    """FormulaSheet stores formulas without XlsxWriter's checks for dynamic-array functions and
    array formulas: none of ours is one (else it would be written as a plain formula)."""
    from xlsxwriter import worksheet

    def dynamic(formula: str) -> bool:  # XlsxWriter's own test: a function (3.3.4), a regex
        if hasattr(worksheet, "_has_dynamic_function"):
            return worksheet._has_dynamic_function(formula)
        return bool(worksheet.re_dynamic_function.search(formula))

    formulas = [
        f for xml, _ in _sheet_parts(path).values() for f in re.findall(r"<f>(.*?)</f>", xml)
    ]
    assert len(formulas) > 500
    assert not [f for f in formulas if dynamic(f) or f.startswith("{")]
