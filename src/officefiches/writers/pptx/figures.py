"""A drawing placed on its slide: a native shape group ("shapes" mode) or a PNG picture
("images" mode), each with its alt text; the region's and France's drawings come from the run's
SharedFigures (made once, copied into every deck that shows them)."""

from __future__ import annotations

import io

from officefiches.model import ScopeFigures
from officefiches.writers.pptx import _pptx
from officefiches.writers.pptx.drawing import Box

SHARED_KINDS = ("region", "france")  # the same drawing in every deck of a region


def place(ctx, canvas, box: Box, key, make_xml, make_png, name: str, descr: str) -> None:
    """Put a drawing on the slide: a shape group (shapes mode) or a picture (images mode).
    Drawings of a region or of France (`key` not None) come from the run's SharedFigures."""
    shared = key is not None
    if ctx.mode == "images":
        png = ctx.shared.image(key, make_png) if shared else make_png()
        picture = canvas.slide.shapes.add_picture(io.BytesIO(png), box.x, box.y, box.w, box.h)
        picture.name = name
        _pptx.set_descr(picture, descr)
        return
    if shared:
        group = ctx.shared.drawing(key, lambda: _pptx.SharedShape(make_xml()))
        group.append_copy(canvas.slide)
    else:
        canvas.add(make_xml())


def shared_key(scope: ScopeFigures, flux: str, mode: str, box: Box, figure):
    """SharedFigures key for the region's or France's drawing; None for the department."""
    if scope.scope.kind not in SHARED_KINDS:
        return None
    return (scope.scope.kind, scope.scope.code, flux, mode, box, figure)
