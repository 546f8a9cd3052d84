"""What the run hands every deck (kept light: the run imports it before any deck is written):
`DeckOptions`, how a deck is written, and `SharedFigures`, the region's and France's drawings,
made once per run and copied into every deck of the region."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


class SharedFigures:
    """Drawings of the region and of France, made once per run (per worker process) and copied
    into every deck that shows them.

    Keys start with (scope kind, scope code, flux, figures mode); the writer adds the frame
    geometry and the figures themselves, so two different data sets never share a drawing.
    Values are shape groups (copied on each use) or PNG bytes; besides them, the pure
    layouts they are drawn from (`layout`: the slide needs it even when the drawing is copied).
    """

    def __init__(self) -> None:
        self._items: dict[Hashable, object] = {}
        self._layouts: dict[Hashable, object] = {}
        # the region's and France's figures as the decks name them (compute.figures.RelabelMemo)
        self.relabelled: dict = {}
        self.hits = 0
        self.misses = 0

    def drawing(self, key: Hashable, make: Callable[[], object]):
        """The shape group stored under `key` (made by `make` the first time): slides get copies
        of it (pptx/_pptx.SharedShape), never the group itself."""
        return self._get(key, make)

    def layout(self, key: Hashable, make: Callable[[], object]):
        """The layout stored under `key` (made by `make` the first time): immutable, so shared
        as is; not counted in `hits` and `misses`, which count drawings."""
        if key not in self._layouts:
            self._layouts[key] = make()
        return self._layouts[key]

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


@dataclass(frozen=True)
class DeckOptions:
    """How a deck is written.

    figures: "shapes" (treemap and Sankeys as native, editable shapes) or "images" (PNG).
    template: a .pptx whose master and layouts are used (its own slides are dropped).
    created: the date stamped in the document properties (deterministic output).
    shared: drawings shared between the decks of one run.
    logos: the team's logo files (PNG, JPEG or SVG), on the cover and in every footer.
    short_labels: the team's short names, {(kind, code): name}, kind "a129" or "pays"
        (look.display_name): they replace ours wherever a name is shown.
    messages: the team's key message of a slide, {slide title: text}.
    """

    figures: str = "shapes"
    template: Path | None = None
    created: datetime | None = None
    shared: SharedFigures | None = None
    logos: Sequence[Path] = ()
    short_labels: Mapping[tuple[str, str], str] = field(default_factory=dict)
    messages: Mapping[str, str] = field(default_factory=dict)
