"""The fiche's sections, declared once (writers/sections.py): the workbook's tabs, the deck's
slides and « Messages » follow the registry, and a new section is one sheet module, one slide
module and one line in the registry (docs/ARCHITECTURE.md, "Adding a fiche section")."""

from __future__ import annotations

import sys
import types

import openpyxl
import pytest
from pptx import Presentation

from officefiches import writers
from officefiches.writers import sections
from officefiches.writers.pptx import department as department_deck
from officefiches.writers.xlsx import department as department_book
from officefiches.writers.xlsx.book import Sheet
from tests import factories
from tests.writers.xlsx.test_department import CREATED, tables_for


def deck_titles(path) -> list[str]:
    return [s.shapes.title.text for s in Presentation(str(path)).slides if s.shapes.title]


def messages_titles(path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Messages"]
    table = sheet.tables["Messages"]
    rows = list(sheet[table.ref])[1:]
    return [row[0].value for row in rows]


@pytest.fixture(scope="module")
def frame():
    return factories.lines(seed=3, n=400)


def test_workbook_tabs_follow_the_registry(tmp_path, frame):
    fiche = factories.fiche_from(frame)
    path = tmp_path / "f.xlsx"
    writers.write_workbook(fiche, tables_for(frame), path, CREATED)
    tabs = openpyxl.load_workbook(path).sheetnames
    declared = sections.sheets("officefiches.writers.xlsx", "department")
    named = [s.name for s in declared if isinstance(s.name, str)]  # the others: the book's name
    assert [t for t in tabs if t in named] == [n for n in named if n in tabs]
    assert {"Synthèse", "Messages", "Libellés", "Balance par pays", "Données"} <= set(tabs)
    assert tabs[0] == "Synthèse" and tabs[-1] == "officefiches"


def test_messages_lists_the_deck_titles_in_order(tmp_path, frame):
    fiche = factories.fiche_from(frame)
    book, deck = tmp_path / "f.xlsx", tmp_path / "f.pptx"
    writers.write_workbook(fiche, tables_for(frame), book, CREATED)
    writers.write_deck(fiche, deck, created=CREATED)
    keys = [sections.key(t) for t in deck_titles(deck)]
    assert [sections.key(t) for t in messages_titles(book)] == keys
    assert [sections.key(t) for t in sections.titles(fiche)] == keys


def test_a_new_section_is_two_modules_and_one_registry_line(tmp_path, frame, monkeypatch):
    """Follows the recipe: a sheet module, a slide module, one line in SECTIONS."""

    def write_sheet(book, sheet):
        sheet.write_string(0, 0, "Ports de départ")

    def slide(ctx):
        canvas = ctx.deck.new_slide("Ports de départ")
        canvas.notes("Une section ajoutée par le test.")

    sheet_module = types.ModuleType("officefiches.writers.xlsx.ports")
    sheet_module.SHEETS = (Sheet("Ports", write_sheet),)
    slide_module = types.ModuleType("officefiches.writers.pptx.ports")
    slide_module.SLIDES = (slide,)
    monkeypatch.setitem(sys.modules, sheet_module.__name__, sheet_module)
    monkeypatch.setitem(sys.modules, slide_module.__name__, slide_module)
    registry = list(sections.SECTIONS)
    after = next(i for i, s in enumerate(registry) if s.module == "activities")
    line = sections.Section("ports", titles=lambda doc, short: ["Ports de départ"])
    registry.insert(after + 1, line)
    monkeypatch.setattr(sections, "SECTIONS", tuple(registry))
    # what the packages compute from the registry when they are imported
    monkeypatch.setattr(
        department_book.DepartmentBook,
        "SHEETS",
        sections.sheets("officefiches.writers.xlsx", "department"),
    )
    monkeypatch.setattr(
        department_deck, "SLIDES", sections.slides("officefiches.writers.pptx", "department")
    )

    fiche = factories.fiche_from(frame)
    book, deck = tmp_path / "f.xlsx", tmp_path / "f.pptx"
    writers.write_workbook(fiche, tables_for(frame), book, CREATED)
    writers.write_deck(fiche, deck, created=CREATED)
    tabs = openpyxl.load_workbook(book).sheetnames
    assert tabs.index("Ports") == tabs.index("Activités") + 1
    titles = deck_titles(deck)
    assert "Ports de départ" in titles
    assert "Ports de départ" in messages_titles(book)  # a team can write its message
    assert [sections.key(t) for t in messages_titles(book)] == [sections.key(t) for t in titles]
