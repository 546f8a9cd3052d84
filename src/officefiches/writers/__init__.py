"""The writers: a department's or a synthesis's document (a Fiche or a Synthesis) → an Excel
workbook (writers/xlsx) and a PowerPoint deck (writers/pptx), two packages that never import each
other, over one shared look (look.py: colours, words, fixed phrases), one text engine (texts.py:
templates/) and one list of the fiche's sections (sections.py).

These entry points are all the run needs. They import their package on first call, so that
importing `officefiches.writers` stays light, and keep no module state a worker would lack: they
work under the `spawn` start method as under `fork`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from officefiches.model import Fiche, TeamWork
from officefiches.writers.pptx.shared import DeckOptions, SharedFigures

if TYPE_CHECKING:
    from officefiches.model import Synthesis
    from officefiches.writers.xlsx.department import WorkbookTables
    from officefiches.writers.xlsx.synthesis import SynthesisTables

__all__ = [
    "DeckOptions",
    "SharedFigures",
    "SynthesisTables",
    "TeamWork",
    "WorkbookTables",
    "preload",
    "prepare_details",
    "write_deck",
    "write_workbook",
]


# What a document's writing imports (the sections' modules with their package's document module).
PRELOADED = (
    "officefiches.writers.xlsx.department",
    "officefiches.writers.xlsx.synthesis",
    "officefiches.writers.pptx.department",
    "officefiches.writers.pptx.synthesis",
)


def preload(template: Path | None = None) -> None:
    """Import both writer packages, read the deck's template (the default one when None), the
    texts and Babel's French data now, in this process: a build calls it before its workers
    start, and each worker then inherits them (fork) instead of loading them for its first
    document. Nothing else changes: a document written without it loads the same on first use."""
    import importlib

    for module in PRELOADED:
        importlib.import_module(module)
    from officefiches import formatting
    from officefiches.writers import texts
    from officefiches.writers.pptx import deck

    deck.preload(template)
    formatting.number(0.5, 1)  # Babel reads its French data on first use
    for name in (texts.DECK, texts.WORKBOOK):  # the texts, the team's over the built-in ones
        texts.table(name)


def prepare_details(details) -> None:
    """Make now what the workbooks derive from these region's and France's detail tables (the
    same for every department: xlsx/tables.ScopeDetail): a build calls it before its workers
    start, each of which would make them again."""
    from officefiches.writers.xlsx import tables

    for detail in details:
        tables.ScopeDetail.of(detail)


def write_workbook(
    doc: Fiche | Synthesis,
    tables: WorkbookTables | SynthesisTables,
    path: Path,
    created: datetime,
    team: TeamWork | None = None,
) -> None:
    """The workbook of a department (writers/xlsx/department.py) or of a region or France
    (writers/xlsx/synthesis.py); `team`: the short labels and messages of the previous workbook,
    carried into this one."""
    from officefiches.writers.xlsx import book, department, synthesis

    book_class = department.DepartmentBook if isinstance(doc, Fiche) else synthesis.SynthesisBook
    book.write_workbook(book_class, doc, tables, path, created, team)


def write_deck(
    doc: Fiche | Synthesis, path: Path, options: DeckOptions | None = None, **changes
) -> None:
    """The deck of a department, a region or France (see writers/pptx/deck.py); `options` (or
    the fields of DeckOptions given by name) say how."""
    from officefiches.writers.pptx import deck, department, synthesis

    options = replace(options or DeckOptions(), **changes)
    slides = department if isinstance(doc, Fiche) else synthesis
    deck.write(slides.SLIDES, slides.context, doc, path, options)


def __getattr__(name: str):
    # dataclasses of the xlsx package, imported when asked for
    if name == "WorkbookTables":
        from officefiches.writers.xlsx.department import WorkbookTables

        return WorkbookTables
    if name == "SynthesisTables":
        from officefiches.writers.xlsx.synthesis import SynthesisTables

        return SynthesisTables
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
