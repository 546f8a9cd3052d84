"""The deck's figures: butterfly chart, treemap and Sankey diagrams (to be drawn)."""

from __future__ import annotations


def butterfly(canvas, box, scope) -> None:
    pass


def treemap(ctx, canvas, box, scope) -> None:
    pass


def sankey(ctx, canvas, box, scope, flux) -> None:
    pass
