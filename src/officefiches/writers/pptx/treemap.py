"""The activities treemap: a pure layout (`layout`, squarify), then native shapes (`group_xml`).

Two blocks side by side, exports (purple) and imports (blue), each as wide as its flow's share
of the total trade, so their areas compare the two totals. Inside a block, each product's box
has the area of its value; products below a share threshold are grouped into "Autres". A label
is written only where it fits.
"""

from __future__ import annotations

from dataclasses import dataclass

import squarify

from officefiches.model import EXPORT, IMPORT, OTHER_LABEL, Product
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

COLORS, OTHER_COLORS = look.FLOWS, look.LIGHT_FLOWS
WHITE, TEXT = look.WHITE, look.TEXT
MAX_BOXES = 14  # named products per block at most
MIN_SHARE = 1.5  # percent of the flow: below, a product goes to "Autres"
SIZES = (13, 12, 11, 10)
PADDING = inches(0.06)
BLOCK_GAP = inches(0.16)
LEGEND_HEIGHT = inches(0.38)
MIN_BLOCK = inches(0.05)
MIN_LABEL_WIDTH = inches(0.6)


@dataclass(frozen=True)
class Tile:
    box: Box
    fill: str
    text_color: str
    lines: tuple[str, ...]  # empty when no label fits
    size: float
    name: str  # the full label
    value: int
    flux: str


@dataclass(frozen=True)
class Layout:
    box: Box
    tiles: tuple[Tile, ...]
    legend: tuple[tuple[str, str], ...]  # (text, colour) per flow


def grouped(products: tuple[Product, ...]) -> list[tuple[str, int, float]]:
    """(label, value, share) of the products shown, small ones merged into "Autres"."""
    kept = [p for p in products if p.value > 0][:MAX_BOXES]
    kept = [p for p in kept if p.share_pct >= MIN_SHARE] or kept[:1]
    rest = [p for p in products if p.value > 0 and p not in kept]
    if len(rest) == 1:
        kept.append(rest[0])
        rest = []
    items = [(p.label, p.value, p.share_pct) for p in kept]
    if rest:
        items.append((OTHER_LABEL, sum(p.value for p in rest), sum(p.share_pct for p in rest)))
    return items


def layout(products: dict[str, tuple[Product, ...]], totals: dict[str, int], box: Box, legend):
    """Tiles for both flows in `box` (a flow with no trade takes no room)."""
    legend_box, body = box.split_y(LEGEND_HEIGHT, inches(0.05))
    flows = [f for f in (EXPORT, IMPORT) if totals[f] > 0]
    whole = sum(totals[f] for f in flows)
    usable = body.w - BLOCK_GAP * (len(flows) - 1)
    tiles: list[Tile] = []
    x = body.x
    for flux in flows:
        width = max(int(usable * totals[flux] / whole), MIN_BLOCK)
        block = Box(x, body.y, width, body.h)
        tiles += _block(flux, grouped(products[flux]), block)
        x += width + BLOCK_GAP
    return Layout(box, tuple(tiles), tuple(legend))


def _block(flux: str, items, block: Box) -> list[Tile]:
    values = [value for _, value, _ in items]
    sizes = squarify.normalize_sizes(values, block.w, block.h)
    rects = squarify.squarify(sizes, block.x, block.y, block.w, block.h)
    tiles = []
    for (label, value, share), rect in zip(items, rects, strict=True):
        box = _snap(rect)
        other = label == OTHER_LABEL
        fill = OTHER_COLORS[flux] if other else COLORS[flux]
        text_color = TEXT if other else WHITE
        lines, size = fit_label(label, value, share, box)
        tiles.append(Tile(box, fill, text_color, lines, size, label, value, flux))
    return tiles


def _snap(rect: dict) -> Box:
    x, y = int(round(rect["x"])), int(round(rect["y"]))
    right, bottom = int(round(rect["x"] + rect["dx"])), int(round(rect["y"] + rect["dy"]))
    return Box(x, y, max(right - x, 1), max(bottom - y, 1))


def fit_label(label: str, value: int, share: float, box: Box) -> tuple[tuple[str, ...], float]:
    """The largest size at which the name (wrapped, maybe shortened) and the value fit."""
    inner_w = int((box.w - 2 * PADDING) * 0.92)  # bold text, wider in substitute fonts
    if inner_w < MIN_LABEL_WIDTH:
        return (), SIZES[-1]
    inner_h = box.h - 2 * PADDING
    figures = (f"{meur(value)} M€ ({pct(share, 0)})", f"{meur(value)} M€")
    for size in SIZES:
        room = inner_h // textfit.line_height(size) - 1  # lines left for the name
        figure = next((f for f in figures if textfit.width(f, size) <= inner_w), None)
        if room < 1 or figure is None:
            continue
        lines = textfit.wrap_lines(label, size, inner_w, room, bold=True, break_words=False)
        if _readable(lines, label):
            return (*lines, figure), size
    return _figure_only(figures[-1], box, inner_w)


def _figure_only(figure: str, box: Box, inner_w: int) -> tuple[tuple[str, ...], float]:
    """Just the value, in a box too small for the name (the notes and alt text have it)."""
    for size in SIZES:
        if (
            textfit.width(figure, size) <= inner_w
            and textfit.line_height(size) <= box.h - 2 * PADDING
        ):
            return (figure,), size
    return (), SIZES[-1]


def _readable(lines: list[str], label: str) -> bool:
    """A label cut to a word or two is not worth printing: the notes have it in full."""
    shown = " ".join(lines).rstrip("…")
    return len(shown) >= min(len(label), 12)


# --- native shapes ------------------------------------------------------------------------


def group_xml(plan: Layout, name: str, descr: str) -> str:
    children = [_tile_xml(tile) for tile in plan.tiles]
    children.append(_legend_xml(plan))
    boxes = [tile.box for tile in plan.tiles] + [_legend_box(plan)]
    return drawing.group_xml(children, drawing.bounds(boxes), name, descr)


def _tile_xml(tile: Tile) -> str:
    paras = []
    if tile.lines:
        *name_lines, figure = tile.lines
        paras = [para(line, tile.size, bold=True, color=tile.text_color) for line in name_lines]
        paras.append(para(figure, tile.size, color=tile.text_color))
    return drawing.rect_xml(
        tile.box,
        tile.fill,
        name=f"Produit {tile.name}",
        line=WHITE,
        line_width=1.5,
        paras=paras,
        anchor="t",
        inset=PADDING,
    )


def _legend_box(plan: Layout) -> Box:
    return Box(plan.box.x, plan.box.y, plan.box.w, LEGEND_HEIGHT)


def _legend_xml(plan: Layout) -> str:
    runs: list[Run] = []
    for text, color in plan.legend:
        runs += [Run("■ ", 16, color=color), Run(text + "     ", 14, bold=True, color=color)]
    return drawing.text_xml(_legend_box(plan), [Para(tuple(runs))], name="Légende", anchor="ctr")
