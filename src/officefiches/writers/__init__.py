"""The writers: a department's or a synthesis's Fiche → an Excel workbook (writers/xlsx) and a
PowerPoint deck (writers/pptx), two packages that never import each other, over one shared look
(look.py: colours, words, fixed phrases) and one text engine (texts.py: templates/).

These entry points are all build.py needs. They import their package on first call, so that
importing `officefiches.writers` stays light, and keep no module state a worker would lack: they
work under the `spawn` start method as under `fork`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from officefiches.writers.pptx.shared import SharedFigures

if TYPE_CHECKING:
    from officefiches.model import Fiche, Synthesis
    from officefiches.writers.xlsx.department import WorkbookTables

__all__ = [
    "SharedFigures",
    "WorkbookTables",
    "write_deck",
    "write_synthesis_deck",
    "write_synthesis_workbook",
    "write_workbook",
]


def write_workbook(fiche: Fiche, tables: WorkbookTables, path: Path, created: datetime) -> None:
    """The department's workbook (see writers/xlsx/department.py)."""
    from officefiches.writers.xlsx import department

    department.write_workbook(fiche, tables, path, created)


def write_synthesis_workbook(synthesis: Synthesis, path: Path, created: datetime) -> None:
    """A region's or France's workbook (see writers/xlsx/synthesis.py)."""
    from officefiches.writers.xlsx import synthesis as workbook

    workbook.write_synthesis_workbook(synthesis, path, created)


def write_deck(
    fiche: Fiche,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
) -> None:
    """The department's deck (see writers/pptx/deck.py for the options)."""
    from officefiches.writers.pptx import deck, department

    slides, context = department.SLIDES, department.context
    deck.write(slides, context, fiche, path, figures, template, created, shared)


def write_synthesis_deck(
    synthesis: Synthesis,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
) -> None:
    """A region's (synthesis.parent is France) or France's (parent None) deck."""
    from officefiches.writers.pptx import deck
    from officefiches.writers.pptx import synthesis as deck_slides

    slides, context = deck_slides.SLIDES, deck_slides.context
    deck.write(slides, context, synthesis, path, figures, template, created, shared)


def __getattr__(name: str):
    if name == "WorkbookTables":  # a dataclass of the xlsx package, imported when asked for
        from officefiches.writers.xlsx.department import WorkbookTables

        return WorkbookTables
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
