"""One grid for the figure slides (issue 23): the treemap and the six flow slides put their title,
caption, figure area, key figures column, reading key and footer at the same places and sizes,
and the six flow diagrams label at one size. A deck computes it once (`Context.figure_grid`,
`Context.flow_label_size`) from every text those slides will show."""

from __future__ import annotations

from officefiches.model import FLOWS
from officefiches.writers.pptx import figures, frame, sankey
from officefiches.writers.pptx.drawing import Box, inches

PANEL_WIDTH = inches(3.2)  # the flow slides' key figures column: at most; else PANEL_SHARE
PANEL_SHARE = 0.27  # of a narrow slide's width (4:3)
PANEL_GAP = inches(0.25)


def figure_grid(ctx) -> frame.Grid:
    """The grid of the treemap and the flow slides of `ctx`'s deck."""
    captions = [ctx.short("graphique_activites", territoire=ctx.subject.scope.name)]
    for flux in FLOWS:
        captions += [
            ctx.short(f"graphique_{flux.key}", territoire=s.scope.name) for s in ctx.scopes
        ]
    readings = [ctx.short("lecture_activites")] + [ctx.short(f"lecture_{f.key}") for f in FLOWS]
    return frame.grid_for(ctx.deck.frame.body.w, captions, readings)


def flow_columns(area: Box) -> tuple[Box, Box]:
    """A flow slide's figure area split into the diagram and the key figures column."""
    panel_width = min(PANEL_WIDTH, int(area.w * PANEL_SHARE))
    return area.split_x(area.w - panel_width, PANEL_GAP)


def undetermined_room(ctx, line_of) -> int:
    """The room under the six diagrams for the line saying how much trade of codes that name
    no country « Autres » holds (`line_of(scope, flux)`): the tallest, on all six, so that the
    diagrams keep one size whether their slide has the line or not."""
    diagram = flow_columns(nominal_area(ctx))[0]
    lines = [line_of(scope, flux) for flux in FLOWS for scope in ctx.scopes]
    return max((frame.undetermined_height(line, diagram.w) for line in lines), default=0)


def nominal_area(ctx) -> Box:
    """The figure area of a figure slide without a key message."""
    return frame.figure_area(ctx.deck.frame.body, ctx.figure_grid)


def flow_label_size(ctx, room: int) -> float:
    """The one label size of the six flow diagrams: the largest at which every one holds in
    the diagram area (`room` under it for the undetermined line)."""
    diagram = flow_columns(nominal_area(ctx))[0]
    box = Box(diagram.x, diagram.y, diagram.w, diagram.h - room)
    names = ctx.names()

    def label_size(scope, flux) -> float:
        # the region's and France's measured once per run, as their layouts are (flows.figure:
        # the flows carry the display names the labels show)
        flows = scope.flows(flux)
        shared = figures.shared_key(scope, flux, ctx.mode, box, ("label size", flows))
        measure = lambda: sankey.label_size(flows, box, names)  # noqa: E731
        return measure() if shared is None else ctx.shared.layout(shared, measure)

    return min(
        (
            label_size(scope, flux)
            for flux in FLOWS
            for scope in ctx.scopes
            if scope.flows(flux).links
        ),
        default=sankey.SIZES[0],
    )
