"""The PowerPoint decks (python-pptx): a department's (the whole fiche, one section per slide)
and a region's or France's synthesis.

`write_deck` and `write_synthesis_deck` are the entry points. Slides are written by `slides.py`
(and `synthesis.py`, `evolution.py`, `exposure.py`); the treemap and the
Sankey diagrams are drawn as native shapes (`treemap.py`, `sankey.py`) or as matplotlib images
(`images.py`); `SharedFigures` keeps the region's and France's drawings so they are drawn once per
run and copied into every deck of the region.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from datetime import datetime
from pathlib import Path

from officefiches.model import Fiche, Synthesis

AUTHOR = "officefiches"


class SharedFigures:
    """Drawings of the region and of France, made once per run (per worker process) and copied
    into every deck that shows them.

    Keys start with (scope kind, scope code, flux, figures mode); the writer adds the frame
    geometry and the figures themselves, so two different data sets never share a drawing.
    Values are shape-group elements (copied on each use) or PNG bytes.
    """

    def __init__(self) -> None:
        self._items: dict[Hashable, object] = {}
        self.hits = 0
        self.misses = 0

    def group(self, key: Hashable, make: Callable[[], object]):
        """A fresh copy of the shape group stored under `key` (made by `make` the first time)."""
        return copy.deepcopy(self._get(key, make))

    def image(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        return self._get(key, make)

    def _get(self, key: Hashable, make: Callable[[], object]):
        if key in self._items:
            self.hits += 1
        else:
            self.misses += 1
            self._items[key] = make()
        return self._items[key]

    def __len__(self) -> int:
        return len(self._items)


def write_deck(
    fiche: Fiche,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
) -> None:
    """Write the department's deck to `path`.

    figures: "shapes" (treemap and Sankeys as native, editable shapes) or "images" (PNG).
    template: a .pptx whose master and layouts are used (its own slides are dropped).
    created: the date stamped in the document properties (deterministic output).
    shared: drawings shared between the decks of one run.
    """
    from officefiches.writers import slides

    _write(
        slides.build, fiche, fiche.department.scope.name, path, figures, template, created, shared
    )


def write_synthesis_deck(
    synthesis: Synthesis,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
) -> None:
    """Write a region's synthesis (synthesis.parent is France) or France's (parent None) to
    `path`; the options are those of `write_deck`."""
    from officefiches.writers import synthesis as synthesis_slides

    name = synthesis.whole.scope.name
    _write(synthesis_slides.build, synthesis, name, path, figures, template, created, shared)


def _write(build, doc, name: str, path, figures, template, created, shared) -> None:
    from officefiches.options import FIGURE_MODES, creation_time
    from officefiches.writers.deck import Deck

    if figures not in FIGURE_MODES:
        raise ValueError(f"figures must be one of {FIGURE_MODES}, not {figures!r}")
    created = created or creation_time()
    deck = Deck(template, created)
    build(deck, doc, figures, shared if shared is not None else SharedFigures())
    _set_properties(deck.prs, name, doc.year, created)
    deck.prs.save(str(path))


def _set_properties(prs, name: str, year: int, created: datetime) -> None:
    props = prs.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = f"Commerce extérieur {year} — {name}"
    props.subject = "Les indicateurs clés : commerce extérieur — Territoires d'industrie"
    props.keywords = f"commerce extérieur; douanes; {name}; {year}"
    props.comments = ""
    props.category = ""
    props.language = "fr-FR"
    props.created = created
    props.modified = created
    props.revision = 1
