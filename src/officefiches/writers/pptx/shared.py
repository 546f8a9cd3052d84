"""`SharedFigures`: the region's and France's drawings, made once per run and copied into every
deck of the region (kept light: the build creates one before any deck is written)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable


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
