"""The activities treemap: a pure layout (`layout`, squarify), then native shapes (`group_xml`).

Two blocks side by side, exports (purple) and imports (blue), each in its own half of the
figure: a block's layout depends on its flow's products only, never on the other flow's
figures. Inside a block, each product's box has the area of its value.

Faithful to the ranking: a block shows, in rank order, its flow's ten largest products that
weigh MIN_SHARE or more of it (`grouped`); « Autres » holds only what lies beyond the last one
shown and says how many products it holds. No product is folded because its name does not fit:
a box too small for its name and value shows a number, keyed to a line under the block that
names the product with its value. One font size for the whole figure (boxes, keys and legend),
from the block's size alone. The search is bounded: a block is laid out at most once per
product shown (the key's height grows until it holds every numbered product).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import squarify

from officefiches.model import EXPORT, IMPORT, OTHER_CODE, OTHER_LABEL, Product
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

COLORS, OTHER_COLORS = look.FLOWS, look.LIGHT_FLOWS
WHITE, TEXT = look.WHITE, look.TEXT
RANKED = 10  # the largest products a block shows by rank
MIN_SHARE = 1.0  # percent of the flow: a smaller product of the ten goes to "Autres"
MAX_NAME_LINES = 3
PADDING = inches(0.06)
BLOCK_GAP = inches(0.16)
LEGEND_HEIGHT = inches(0.38)
KEY_GAP = inches(0.06)
# The figure's one size, from its blocks' width alone (never from the figures: an edit of one
# flow's values never changes the other's block): a 4:3 slide's blocks (4,4 in) take 10 points,
# so that their boxes name their products rather than number them; 9 is the floor.
SIZES = ((inches(5.5), 12), (inches(4.8), 11), (inches(3.6), 10), (0, 9))

Names = Callable[[str, str, str], str]  # (kind, code, label) -> display name


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

    @property
    def title(self) -> str:
        """The name shown: « Autres » says how many products it holds (a no-break space keeps
        « (12 produits) » on one line)."""
        if not self.other:
            return self.label
        return f"{OTHER_LABEL} ({len(self.folded)}\u00a0produits)"


@dataclass(slots=True)
class Tile:
    box: Box
    fill: str
    text_color: str
    name_lines: tuple[str, ...]  # the name as shown, wrapped (empty: a numbered box)
    figure_lines: tuple[str, ...]  # the value and share
    size: float
    name: str  # the full label
    value: int
    flux: str
    code: str = ""
    folded: tuple[str, ...] = ()
    number: int = 0  # a box too small for its name: its number in the key under the block
    share: float = 0.0  # percent of the flow

    @property
    def lines(self) -> tuple[str, ...]:
        return self.name_lines + self.figure_lines

    @property
    def shown_name(self) -> str:
        return " ".join(self.name_lines)


@dataclass(frozen=True)
class Key:
    """The lines under a block naming its numbered boxes (« 1 – Bois : 72,2 M€ (4 %) »)."""

    box: Box
    lines: tuple[str, ...]
    flux: str


@dataclass(frozen=True)
class Layout:
    box: Box
    tiles: tuple[Tile, ...]
    legend: tuple[tuple[str, str], ...]  # (text, colour) per flow
    size: float = 12  # the figure's one font size
    keys: tuple[Key, ...] = ()

    @property
    def others(self) -> dict:
        """flux -> labels folded into "Autres"."""
        return {t.flux: t.folded for t in self.tiles if t.code == OTHER_CODE}


def grouped(products: tuple[Product, ...]) -> list[Item]:
    """The products shown, in rank order: the RANKED largest of MIN_SHARE or more (the largest
    one at least), then « Autres » with all the others (a lone other product keeps its box)."""
    positive = [p for p in products if p.value > 0]
    positive.sort(key=lambda p: -p.value)  # the rank, whatever order the caller gave
    kept = [p for p in positive[:RANKED] if p.share_pct >= MIN_SHARE] or positive[:1]
    rest = positive[len(kept) :]
    if len(rest) == 1:
        kept, rest = kept + rest, []
    items = [Item(p.code, p.label, p.value, p.share_pct) for p in kept]
    if rest:
        items.append(
            Item(
                OTHER_CODE,
                OTHER_LABEL,
                sum(p.value for p in rest),
                sum(p.share_pct for p in rest),
                tuple(p.label for p in rest),
            )
        )
    return items


def figure_size(block_width: int) -> float:
    return next(size for least, size in SIZES if block_width >= least)


def layout(
    products: dict[str, tuple[Product, ...]],
    totals: dict[str, int],
    box: Box,
    legend,
    names: Names = look.display_name,
) -> Layout:
    """Tiles for both flows in `box`, each flow in its own half (a flow with no trade takes
    no room)."""
    legend_box, body = box.split_y(LEGEND_HEIGHT, inches(0.05))
    flows = [f for f in (EXPORT, IMPORT) if totals[f] > 0]
    width = (body.w - BLOCK_GAP * (len(flows) - 1)) // max(len(flows), 1)
    size = figure_size(width)
    tiles: list[Tile] = []
    keys: list[Key] = []
    for index, flux in enumerate(flows):
        region = Box(body.x + index * (width + BLOCK_GAP), body.y, width, body.h)
        block_tiles, key = block(flux, grouped(products[flux]), region, size, names)
        tiles += block_tiles
        if key is not None:
            keys.append(key)
    return Layout(box, tuple(tiles), tuple(legend), size, tuple(keys))


def block(flux: str, items: list[Item], region: Box, size: float, names: Names):
    """A block's tiles in `region` and the key of its numbered boxes (None when every box
    names its product). The key takes the room it needs under the boxes: laid out again,
    with more lines of room each time, until the key holds every numbered box (more key
    means smaller boxes, so more of them numbered; the key takes a third of the block at most)."""
    key_height = 0
    for _ in range(2 * len(items) + 2):  # each try adds a line to the key, or ends
        area = region
        if key_height:
            area = Box(region.x, region.y, region.w, region.h - key_height - KEY_GAP)
        tiles = _tiles(flux, items, area, size, names)
        lines = _key_lines(tiles, size, region.w, names)
        needed = min(textfit.line_height(size, len(lines)), region.h // 3)  # boxes keep ⅔
        if needed <= key_height:
            break
        key_height = needed
    if not lines:
        return tiles, None
    key_box = Box(region.x, region.bottom - key_height, region.w, key_height)
    return tiles, Key(key_box, tuple(lines), flux)


def _key_lines(tiles: list[Tile], size: float, width: int, names: Names) -> list[str]:
    """The key's lines: each numbered box's display name and value, wrapped."""
    lines: list[str] = []
    for tile in tiles:
        if not tile.number:
            continue
        figure = figure_options(tile.value, tile.share, True)[0][0]
        title = _title(tile)
        name = title if tile.code == OTHER_CODE else names("a129", tile.code, tile.name)
        lines += textfit.wrap(f"{tile.number}\u00a0– {name} : {figure}", size, width)
    return lines


def _title(tile: Tile) -> str:
    if tile.code != OTHER_CODE:
        return tile.name
    return Item(OTHER_CODE, OTHER_LABEL, tile.value, 0.0, tile.folded).title


def _tiles(flux, items: list[Item], block: Box, size: float, names: Names) -> list[Tile]:
    # largest first, "Autres" last (at the bottom right, however large)
    items = sorted(items, key=lambda item: (item.other, -item.value, item.code))
    boxes = _boxes(tuple(item.value for item in items), block)
    tiles = []
    used: set[str] = set()
    number = 0
    for item, box in zip(items, boxes, strict=True):
        fill = OTHER_COLORS[flux] if item.other else COLORS[flux]
        text_color = TEXT if item.other else WHITE
        candidates = [item.title] if item.other else [names("a129", item.code, item.label)]
        name_lines, figure_lines = fit_label(
            candidates, item.value, item.share, box, size, True, used
        )
        if name_lines:
            used.add(" ".join(name_lines))
        else:
            number += 1
        tile = Tile(box, fill, text_color, name_lines, figure_lines, size, item.label,
                    item.value, flux, item.code, item.folded, 0 if name_lines else number,
                    item.share)  # fmt: skip
        tiles.append(tile)
    return tiles


@lru_cache(maxsize=4096)
def _boxes(values: tuple[int, ...], block: Box) -> tuple[Box, ...]:
    """The squarified boxes of `values` in `block`."""
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
    """(name lines, figure lines) at `size`: the first candidate name that holds whole, with
    the value; ((), ()) when none does (the box is numbered, its name in the key)."""
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
    children += [_key_xml(key, plan.size) for key in plan.keys]
    children.append(_legend_xml(plan))
    boxes = [tile.box for tile in plan.tiles] + [key.box for key in plan.keys]
    return drawing.group_xml(children, drawing.bounds(boxes + [_legend_box(plan)]), name, descr)


def _tile_xml(tile: Tile) -> str:
    if tile.number:  # the number centred, with no inset: the box may be small
        size = number_size(tile)
        paras = [para(str(tile.number), size, "ctr", bold=True, color=tile.text_color)]
        anchor, inset = "ctr", 0
    else:
        paras = [
            para(line, tile.size, bold=True, color=tile.text_color) for line in tile.name_lines
        ]
        paras += [para(line, tile.size, color=tile.text_color) for line in tile.figure_lines]
        anchor, inset = "t", PADDING
    return drawing.rect_xml(
        tile.box,
        tile.fill,
        name=f"Produit {tile.name}",
        line=WHITE,
        line_width=1.5,
        paras=paras,
        anchor=anchor,
        inset=inset,
    )


def number_size(tile: Tile) -> float:
    """A numbered box's number: the figure's size, smaller in a sliver of a box (squarify's
    last column) so that it stays inside it; the key beside the block names the product."""
    sizes = tuple(s for s in (tile.size, 10, 9, 8, 7, 6) if s <= tile.size)
    return textfit.fitting_size(str(tile.number), sizes, tile.box.w, bold=True)


def _key_xml(key: Key, size: float) -> str:
    paras = [para(line, size, color=COLORS[key.flux]) for line in key.lines]
    return drawing.text_xml(key.box, paras, name="Clé des numéros", anchor="t")


def _legend_box(plan: Layout) -> Box:
    return Box(plan.box.x, plan.box.y, plan.box.w, LEGEND_HEIGHT)


def _legend_xml(plan: Layout) -> str:
    runs: list[Run] = []
    for text, color in plan.legend:
        runs += [
            Run("■ ", plan.size, color=color),
            Run(text + "     ", plan.size, bold=True, color=color),
        ]
    return drawing.text_xml(_legend_box(plan), [Para(tuple(runs))], name="Légende", anchor="ctr")
