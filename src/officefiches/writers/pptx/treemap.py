"""The activities treemap: a pure layout (`layout`, squarify), then native shapes (`group_xml`).

Two blocks side by side, exports (purple) and imports (blue), each as wide as its flow's share
of the total trade, so their areas compare the two totals. Inside a block, each product's box
has the area of its value; products below a share threshold are grouped into "Autres".

Every box is legible or merged: a box shows its product's name (the full label, else its short
name, look.short_label) and its value, or it is folded into "Autres" (the layout is made again
without it). One font size per block (the largest that names the most products), the share on
every box of the figure or on none, no two boxes of a block with the same name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import squarify

from officefiches.model import EXPORT, IMPORT, OTHER_CODE, OTHER_LABEL, Product
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

COLORS, OTHER_COLORS = look.FLOWS, look.LIGHT_FLOWS
WHITE, TEXT = look.WHITE, look.TEXT
MAX_BOXES = 14  # named products per block at most
MIN_SHARE = 1.5  # percent of the flow: below, a product goes to "Autres"
SIZES = (14, 13, 12, 11, 10)
MAX_NAME_LINES = 3
PADDING = inches(0.06)
BLOCK_GAP = inches(0.16)
LEGEND_HEIGHT = inches(0.38)
MIN_BLOCK = inches(0.05)

Names = Callable[[str, str, str], str]  # (kind, code, label) -> short name


@dataclass(frozen=True)
class Item:
    """One box before layout: a product, or "Autres" and the products folded into it."""

    code: str
    label: str
    value: int
    share: float  # percent of the flow
    folded: tuple[str, ...] = ()  # "Autres": the labels of the products in it

    @property
    def other(self) -> bool:
        return self.code == OTHER_CODE


@dataclass(slots=True)  # not frozen: the search makes them by the hundred thousand (5× faster)
class Tile:
    box: Box
    fill: str
    text_color: str
    name_lines: tuple[str, ...]  # the name as shown, wrapped (empty: a block too small)
    figure_lines: tuple[str, ...]  # the value (and share)
    size: float
    name: str  # the full label
    value: int
    flux: str
    code: str = ""
    folded: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        return self.name_lines + self.figure_lines

    @property
    def shown_name(self) -> str:
        return " ".join(self.name_lines)


@dataclass(frozen=True)
class Layout:
    box: Box
    tiles: tuple[Tile, ...]
    legend: tuple[tuple[str, str], ...]  # (text, colour) per flow
    shares: bool = True  # the share is on every box (else on none)
    others: dict = field(default_factory=dict)  # flux -> labels folded into "Autres"


def grouped(products: tuple[Product, ...]) -> list[Item]:
    """The products shown, small ones merged into "Autres"."""
    kept = [p for p in products if p.value > 0][:MAX_BOXES]
    kept = [p for p in kept if p.share_pct >= MIN_SHARE] or kept[:1]
    rest = [p for p in products if p.value > 0 and p not in kept]
    if len(rest) == 1:
        kept.append(rest[0])
        rest = []
    items = [Item(p.code, p.label, p.value, p.share_pct) for p in kept]
    if rest:
        items.append(_other(rest))
    return items


def _other(products) -> Item:
    return Item(
        OTHER_CODE,
        OTHER_LABEL,
        sum(p.value for p in products),
        sum(p.share_pct for p in products),
        tuple(p.label for p in products),
    )


def layout(
    products: dict[str, tuple[Product, ...]],
    totals: dict[str, int],
    box: Box,
    legend,
    names: Names = look.short_label,
) -> Layout:
    """Tiles for both flows in `box` (a flow with no trade takes no room)."""
    legend_box, body = box.split_y(LEGEND_HEIGHT, inches(0.05))
    flows = [f for f in (EXPORT, IMPORT) if totals[f] > 0]
    whole = sum(totals[f] for f in flows)
    usable = body.w - BLOCK_GAP * (len(flows) - 1)
    blocks = {}
    x = body.x
    for flux in flows:
        width = max(int(usable * totals[flux] / whole), MIN_BLOCK)
        blocks[flux] = Box(x, body.y, width, body.h)
        x += width + BLOCK_GAP
    # the share on every box or on none: on all when it costs no block a named product (the
    # search with shares need not look at layouts naming less than the one without)
    without = {f: _best(f, products[f], blocks[f], False, names) for f in flows}
    with_share, shares = {}, True
    for f in flows:  # until a block would name less with the share
        with_share[f] = _best(f, products[f], blocks[f], True, names, _score(without[f])[0])
        if _score(with_share[f]) < _score(without[f]):
            shares = False
            break
    chosen = with_share if shares else without
    tiles = [tile for flux in flows for tile in chosen[flux]]
    others = {t.flux: t.folded for t in tiles if t.code == OTHER_CODE}
    return Layout(box, tuple(tiles), tuple(legend), shares, others)


def _named(tiles: list[Tile]) -> int:
    return sum(1 for t in tiles if t.code != OTHER_CODE and t.name_lines)


def _score(tiles: list[Tile]) -> tuple[int, int]:
    """What a layout shows by name: the value of its named products, then their count."""
    named = [t for t in tiles if t.code != OTHER_CODE and t.name_lines]
    return sum(t.value for t in named), len(named)


def _best(flux: str, products, block: Box, share: bool, names: Names, floor: int = 0) -> list[Tile]:
    """The block's tiles at the size (one for the block) that names the most (`_score`); the
    larger size when two name as much. Layouts naming less value than `floor` are not looked
    at: when none names as much, what is returned names less than `floor`, not the best."""
    items = grouped(products)
    everything = sum(item.value for item in items if not item.other)
    best: list[Tile] | None = None
    for size in SIZES:
        # a smaller size is kept only if it names more: no need to look below the best so far
        bound = max(floor, _score(best)[0]) if best is not None else floor
        tiles = _block(flux, items, block, size, share, names, bound)
        if best is None or _score(tiles) > _score(best):
            best = tiles
        if _score(best)[0] == everything:
            break  # every product named: a smaller size cannot do better
    return best


def _block(
    flux: str,
    items: list[Item],
    block: Box,
    size: float,
    share: bool,
    names: Names,
    floor: int = 0,
):
    """The most products (largest first) whose boxes all show their name and value, the rest
    folded into "Autres"; laid out anew for each count tried, down to the count whose
    products are worth less than `floor` (those layouts are not wanted)."""
    named = [item for item in items if not item.other]
    other = next((item for item in items if item.other), None)
    best: list[Tile] | None = None
    tried: dict[tuple[str, ...], list[Tile]] = {}  # the tiles of each set of products kept
    for count in range(len(named), 0, -1):
        at_most = sum(i.value for i in named[:count])  # what `count` products can name
        if at_most < floor:
            break
        if best is not None and _score(best)[0] >= at_most:
            break  # fewer products cannot name more value
        kept = named[:count]
        for _ in range(2):  # the largest products; then without those whose box was too small
            codes = tuple(item.code for item in kept)  # (comparing Items field by field is slow)
            if codes not in tried:  # a count's second try is often a smaller count's first
                rest = _merge([item for item in named if item.code not in codes], other)
                tried[codes] = _tiles(
                    flux, kept + ([rest] if rest else []), block, size, share, names
                )
            tiles = tried[codes]
            if all(t.name_lines for t in tiles):
                if best is None or _score(tiles) > _score(best):
                    best = tiles
                break
            failing = {t.code for t in tiles if not t.name_lines}
            kept = [item for item in kept if item.code not in failing]
            if not kept:
                break
    if best is not None:
        return best
    whole = _merge(named, other)  # a block too small for any name: one bare box, the legend
    return [_bare(t) for t in _tiles(flux, [whole], block, size, share, names)]


def _merge(folded: list[Item], other: Item | None) -> Item | None:
    """ "Autres": the products folded into it, and what it held already."""
    if not folded:
        return other
    return Item(
        OTHER_CODE,
        OTHER_LABEL,
        sum(item.value for item in folded) + (other.value if other else 0),
        sum(item.share for item in folded) + (other.share if other else 0.0),
        tuple(item.label for item in folded) + (other.folded if other else ()),
    )


def _bare(tile: Tile) -> Tile:
    return Tile(tile.box, tile.fill, tile.text_color, (), (), tile.size, tile.name, tile.value,
                tile.flux, tile.code, tile.folded)  # fmt: skip


def _tiles(flux, items: list[Item], block: Box, size: float, share: bool, names: Names):
    # largest first, "Autres" last (at the bottom right, however large)
    items = sorted(items, key=lambda item: (item.other, -item.value, item.code))
    boxes = _boxes(tuple(item.value for item in items), block)
    tiles = []
    used: set[str] = set()
    for item, box in zip(items, boxes, strict=True):
        fill = OTHER_COLORS[flux] if item.other else COLORS[flux]
        text_color = TEXT if item.other else WHITE
        candidates = (
            [item.label] if item.other else [item.label, names("a129", item.code, item.label)]
        )
        name_lines, figure_lines = fit_label(
            candidates, item.value, item.share, box, size, share, used
        )
        if name_lines:
            used.add(" ".join(name_lines))
        tiles.append(
            Tile(
                box,
                fill,
                text_color,
                name_lines,
                figure_lines,
                size,
                item.label,
                item.value,
                flux,
                item.code,
                item.folded,
            )  # fmt: skip
        )
    return tiles


@lru_cache(maxsize=4096)
def _boxes(values: tuple[int, ...], block: Box) -> tuple[Box, ...]:
    """The squarified boxes of `values` in `block` (the search lays the same values out at
    every font size: computed once)."""
    sizes = squarify.normalize_sizes(list(values), block.w, block.h)
    rects = squarify.squarify(sizes, block.x, block.y, block.w, block.h)
    return tuple(_snap(rect) for rect in rects)


def _snap(rect: dict) -> Box:
    x, y = int(round(rect["x"])), int(round(rect["y"]))
    right, bottom = int(round(rect["x"] + rect["dx"])), int(round(rect["y"] + rect["dy"]))
    return Box(x, y, max(right - x, 1), max(bottom - y, 1))


def figure_options(value: int, share: float, with_share: bool) -> list[tuple[str, ...]]:
    """The value's lines, the share on the same line or the next one."""
    amount = f"{meur(value)} M€"
    if not with_share:
        return [(amount,)]
    percent = pct(share, 0) if share >= 0.5 else "<1 %"
    return [(f"{amount} ({percent})",), (amount, f"({percent})")]


def fit_label(
    candidates: list[str],
    value: int,
    share: float,
    box: Box,
    size: float,
    with_share: bool,
    used: set[str] = frozenset(),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(name lines, figure lines) at `size`: the first candidate name (full label, short name)
    that holds whole, with the value; ((), ()) when none does (the box is folded)."""
    for name_lines, figure_lines in _fits(
        tuple(dict.fromkeys(candidates)), value, share, box.w, box.h, size, with_share
    ):
        if " ".join(name_lines) not in used:
            return name_lines, figure_lines
    return (), ()


@lru_cache(maxsize=16384)
def _fits(
    candidates: tuple[str, ...],
    value: int,
    share: float,
    box_w: int,
    box_h: int,
    size: float,
    with_share: bool,
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Every (name lines, figure lines) that holds in a box of `box_w` × `box_h`, in order of
    preference (`fit_label` takes the first whose name is not used yet). The search for a
    layout tries the same box many times (one count of products after another keeps the
    largest boxes): measured once."""
    inner_w = box_w - 2 * PADDING  # textfit measures with room for substitute fonts
    inner_h = box_h - 2 * PADDING
    line = textfit.line_height(size)
    if inner_w <= 0 or inner_h < 2 * line:
        return ()
    fits = []
    for figure in figure_options(value, share, with_share):
        if any(textfit.width(text, size) > inner_w for text in figure):
            continue
        room = min(inner_h // line - len(figure), MAX_NAME_LINES)
        if room < 1:
            continue
        for name in candidates:
            lines = textfit.fit_lines(name, size, inner_w, room, bold=True)
            if lines:
                fits.append((tuple(lines), figure))
    return tuple(fits)


# --- native shapes ------------------------------------------------------------------------


def group_xml(plan: Layout, name: str, descr: str) -> str:
    children = [_tile_xml(tile) for tile in plan.tiles]
    children.append(_legend_xml(plan))
    boxes = [tile.box for tile in plan.tiles] + [_legend_box(plan)]
    return drawing.group_xml(children, drawing.bounds(boxes), name, descr)


def _tile_xml(tile: Tile) -> str:
    paras = [para(line, tile.size, bold=True, color=tile.text_color) for line in tile.name_lines]
    paras += [para(line, tile.size, color=tile.text_color) for line in tile.figure_lines]
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
