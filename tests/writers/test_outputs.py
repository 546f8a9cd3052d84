"""What every file we write keeps, whichever its kind: same inputs give the same bytes, labels
stay text (in the main workbook and in the workbooks embedded in decks), and, where ../shared
is present, the ECMA-376 checker finds nothing a viewer would repair."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from officefiches import writers
from officefiches.writers.pptx import _pptx
from tests import factories, templates
from tests.writers.pptx.test_department import with_indicators
from tests.writers.pptx.test_synthesis import frames, synthesis_of, tables_of
from tests.writers.xlsx.test_department import tables_for

CREATED = datetime(2025, 3, 1, 12, 0)
ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / ".." / "shared" / "tools" / "ooxmlcheck" / "ooxmlcheck.py"
HOSTILE = {"ES": "=cmd|' /C calc'!A0", "JP": "http://x", "SE": "+1+2", "NL": "@SUM(1)"}


class HostileLabels(factories.StubLabels):
    """Country labels a spreadsheet would take for formulas or links."""

    def pays_label(self, code: str) -> str:
        return HOSTILE.get(code, super().pays_label(code))


@pytest.fixture(scope="module")
def frame():
    return factories.lines(seed=5, n=500)


@pytest.fixture(scope="module")
def fiche(frame):
    return with_indicators(factories.fiche_from(frame, labels=HostileLabels()))


@pytest.fixture(scope="module")
def region():
    return synthesis_of(*frames(), region=True)


def deck(fiche, path: Path, **options) -> Path:
    writers.write_deck(fiche, path, created=CREATED, **options)
    return path


def test_same_inputs_give_the_same_deck_bytes(tmp_path, fiche, region):
    for mode in ("shapes", "images"):
        first = deck(fiche, tmp_path / f"a-{mode}.pptx", figures=mode)
        second = deck(fiche, tmp_path / f"b-{mode}.pptx", figures=mode)
        assert first.read_bytes() == second.read_bytes(), mode
    for name in ("a", "b"):
        writers.write_deck(region, tmp_path / f"{name}-r.pptx", created=CREATED)
    assert (tmp_path / "a-r.pptx").read_bytes() == (tmp_path / "b-r.pptx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a-shapes.pptx") as package:
        assert {entry.date_time for entry in package.infolist()} == {(2025, 3, 1, 12, 0, 0)}


def test_another_date_changes_only_the_dates(tmp_path, fiche):
    first = deck(fiche, tmp_path / "a.pptx")
    writers.write_deck(fiche, tmp_path / "b.pptx", created=datetime(2025, 3, 2))
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(tmp_path / "b.pptx") as b:
        assert a.namelist() == b.namelist()
        differing = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert "docProps/core.xml" in differing
    assert all(n == "docProps/core.xml" or n.startswith("ppt/embeddings/") for n in differing)


def cells_and_formulas(package: zipfile.ZipFile) -> tuple[str, str]:
    """Every shared string and every formula of a workbook's sheets."""
    strings = package.read("xl/sharedStrings.xml").decode()
    sheets = [n for n in package.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]
    formulas = " ".join(
        " ".join(re.findall(r"<f>(.*?)</f>", package.read(n).decode())) for n in sheets
    )
    return strings, formulas


def test_labels_stay_text_in_the_workbook_and_in_the_decks_charts(tmp_path, fiche, frame):
    labels = HostileLabels()
    path = tmp_path / "f.xlsx"
    writers.write_workbook(fiche, tables_for(frame, labels=labels), path, CREATED)
    with zipfile.ZipFile(path) as package:
        strings, formulas = cells_and_formulas(package)
        assert "hyperlink" not in " ".join(package.namelist())
    for label in ("=cmd|&apos; /C calc&apos;!A0", "http://x", "+1+2", "@SUM(1)"):
        assert label.replace("&apos;", "'") in strings or label in strings, label
    # A name cell is a formula showing the team's short label, else the official label as a
    # string literal: text, never code. Outside the literals, no label is left.
    outside = re.sub(r'"(?:[^"]|"")*"', '""', formulas)
    assert "cmd" not in outside and "http" not in outside
    assert "\"=cmd|' /C calc'!A0\"" in formulas  # the label, quoted

    pptx = deck(fiche, tmp_path / "f.pptx")
    with zipfile.ZipFile(pptx) as package:
        embedded = [n for n in package.namelist() if n.startswith("ppt/embeddings/")]
        assert embedded  # the butterfly and the year-on-year charts
        shown = ""
        for name in embedded:
            with zipfile.ZipFile(package.open(name)) as workbook:
                strings, formulas = cells_and_formulas(workbook)
                assert "<f>" not in formulas and not formulas.strip(), name
                assert not [n for n in workbook.namelist() if "hyperlink" in n]
                shown += strings
    assert "=cmd|" in shown and "http://x" in shown


def test_chart_axis_ids_are_unsigned(tmp_path, fiche):
    with zipfile.ZipFile(deck(fiche, tmp_path / "f.pptx")) as package:
        charts = [n for n in package.namelist() if re.match(r"ppt/charts/chart\d+\.xml$", n)]
        ids = [
            int(value)
            for name in charts
            for value in re.findall(
                r'<c:(?:axId|crossAx) val="(-?\d+)"', package.read(name).decode()
            )
        ]
    assert ids and all(0 <= value < 2**31 for value in ids)  # LibreOffice: signed


def template_with_sections(path: Path) -> Path:
    """A 4:3 template with two slides of its own, listed in PowerPoint 2010 sections."""
    prs = Presentation()
    ids = []
    for title in ("À supprimer", "Aussi"):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = title
        ids.append(slide.slide_id)
    sections = _pptx.parse_xml(
        '<p:ext xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'uri="{_pptx.SECTIONS_EXTENSION}"><p14:sectionLst '
        'xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        '<p14:section name="Partie" id="{8B3DCD5F-6F36-4C4E-9F3B-3E0D5B1E7B11}"><p14:sldIdLst>'
        + "".join(f'<p14:sldId id="{i}"/>' for i in ids)
        + "</p14:sldIdLst></p14:section></p14:sectionLst></p:ext>"
    )
    element = prs.part._element
    extensions = element.find("{*}extLst")
    if extensions is None:
        extensions = _pptx.parse_xml(
            '<p:extLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
        )
        element.append(extensions)
    extensions.append(sections)
    prs.save(str(path))
    return path


def test_a_templates_sections_are_dropped_with_its_slides(tmp_path, fiche):
    template = template_with_sections(tmp_path / "modele.pptx")
    with zipfile.ZipFile(template) as package:
        assert b"sectionLst" in package.read("ppt/presentation.xml")
    with zipfile.ZipFile(deck(fiche, tmp_path / "f.pptx", template=template)) as package:
        assert b"sectionLst" not in package.read("ppt/presentation.xml")


MESSAGES = {"Balance commerciale territoriale": "Un message clé", "Introduction": "Un autre"}


def every_output_kind(folder: Path, fiche, frame, region) -> list[Path]:
    """Department and synthesis workbooks and decks, images, a template, no imports."""
    france = synthesis_of(*frames(), region=False)
    no_imports = frame[(frame["flux"] == "E") | (frame["departement"] != "18")]
    bare = factories.fiche_from(no_imports)
    paths = []
    for name, doc in (("dept", fiche), ("sans-import", bare)):
        path = folder / f"{name}.xlsx"
        writers.write_workbook(doc, tables_for(no_imports if doc is bare else frame), path, CREATED)
        paths += [path, deck(doc, folder / f"{name}.pptx")]
    paths.append(deck(fiche, folder / "images.pptx", figures="images"))
    template = template_with_sections(folder / "modele.pptx")
    paths.append(deck(fiche, folder / "modele-applique.pptx", template=template))
    logos = [folder / "logo.png", folder / "logo.svg"]
    Image.new("RGB", (30, 10), (0, 0, 145)).save(logos[0])
    logos[1].write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="3" height="1"/>')
    corporate = templates.corporate(folder / "charte.pptx")
    paths.append(deck(fiche, folder / "logos-charte.pptx", template=corporate, logos=logos))
    plain = templates.plain_43(folder / "modele-4-3.pptx")
    paths.append(deck(fiche, folder / "messages-4-3.pptx", template=plain, messages=MESSAGES))
    for name, synthesis, is_region in (("region", region, True), ("france", france, False)):
        tables = tables_of(*frames(), region=is_region)
        writers.write_workbook(synthesis, tables, folder / f"{name}.xlsx", CREATED)
        writers.write_deck(synthesis, folder / f"{name}.pptx", created=CREATED)
        paths += [folder / f"{name}.xlsx", folder / f"{name}.pptx"]
    return paths


def test_every_output_kind_passes_the_ooxml_checker(tmp_path, fiche, frame, region):
    if not CHECKER.is_file():
        pytest.skip(f"../shared absent : le vérificateur {CHECKER} n'est pas là (extra)")
    pytest.importorskip("lxml")
    paths = every_output_kind(tmp_path, fiche, frame, region)
    run = subprocess.run(
        [sys.executable, str(CHECKER), *map(str, paths)], capture_output=True, text=True
    )
    findings = [line for line in run.stdout.splitlines() if "[ERROR]" in line or "[XSD]" in line]
    assert run.returncode == 0 and not findings, run.stdout[-3000:] + run.stderr[-2000:]
