"""The writers: a department's or a synthesis's Fiche → an Excel workbook (writers/xlsx) and a
PowerPoint deck (writers/pptx), two packages that never import each other, over one shared look
(look.py: colours, words, fixed phrases) and one text engine (texts.py: templates/).

These entry points are all build.py needs. They import their package on first call, so that
importing `officefiches.writers` stays light, and keep no module state a worker would lack: they
work under the `spawn` start method as under `fork`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from officefiches.writers.pptx.shared import SharedFigures

if TYPE_CHECKING:
    from officefiches.model import Fiche, Synthesis
    from officefiches.writers.xlsx.book import TeamEdits
    from officefiches.writers.xlsx.department import WorkbookTables
    from officefiches.writers.xlsx.synthesis import SynthesisTables

__all__ = [
    "SharedFigures",
    "SynthesisTables",
    "TeamEdits",
    "WorkbookTables",
    "write_deck",
    "write_synthesis_deck",
    "write_synthesis_workbook",
    "write_workbook",
]


def write_workbook(
    fiche: Fiche,
    tables: WorkbookTables,
    path: Path,
    created: datetime,
    team: TeamEdits | None = None,
) -> None:
    """The department's workbook (see writers/xlsx/department.py); `team`: the short labels and
    messages of the previous workbook, carried into this one."""
    from officefiches.writers.xlsx import department

    department.write_workbook(fiche, tables, path, created, team)


def write_synthesis_workbook(
    synthesis: Synthesis,
    tables: SynthesisTables,
    path: Path,
    created: datetime,
    team: TeamEdits | None = None,
) -> None:
    """A region's or France's workbook (see writers/xlsx/synthesis.py)."""
    from officefiches.writers.xlsx import synthesis as workbook

    workbook.write_synthesis_workbook(synthesis, tables, path, created, team)


def write_deck(
    fiche: Fiche,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
    logos: Sequence[Path] = (),
    short_labels: Mapping[tuple[str, str], str] | None = None,
    messages: Mapping[str, str] | None = None,
) -> None:
    """The department's deck (see writers/pptx/deck.py for the options; `team`: logos,
    short_labels, messages)."""
    from officefiches.writers.pptx import deck, department

    slides, context = department.SLIDES, department.context
    deck.write(
        slides, context, fiche, path, figures, template, created, shared,
        logos=logos, short_labels=short_labels, messages=messages,
    )  # fmt: skip


def write_synthesis_deck(
    synthesis: Synthesis,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
    logos: Sequence[Path] = (),
    short_labels: Mapping[tuple[str, str], str] | None = None,
    messages: Mapping[str, str] | None = None,
) -> None:
    """A region's (synthesis.parent is France) or France's (parent None) deck."""
    from officefiches.writers.pptx import deck
    from officefiches.writers.pptx import synthesis as deck_slides

    slides, context = deck_slides.SLIDES, deck_slides.context
    deck.write(
        slides, context, synthesis, path, figures, template, created, shared,
        logos=logos, short_labels=short_labels, messages=messages,
    )  # fmt: skip


def __getattr__(name: str):
    # dataclasses of the xlsx package, imported when asked for
    if name == "WorkbookTables":
        from officefiches.writers.xlsx.department import WorkbookTables

        return WorkbookTables
    if name == "SynthesisTables":
        from officefiches.writers.xlsx.synthesis import SynthesisTables

        return SynthesisTables
    if name == "TeamEdits":
        from officefiches.writers.xlsx.book import TeamEdits

        return TeamEdits
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
