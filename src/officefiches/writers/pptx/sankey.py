"""Sankey diagrams of a FlowMatrix: a pure layout (`layout`), then native shapes (`group_xml`).

Nodes are stacked in two columns, heights proportional to their value with one scale for both
columns, so a band has the same width at both ends. A node whose label needs more room than its
value gives it gets a taller slot (the node itself keeps its true height, centred in the slot).
Bands leave each left node in the order of the right nodes and arrive in the order of the left
nodes; the highlighted ones (the 5 largest named flows) are drawn last, in red.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from officefiches.model import FlowMatrix, Node
from officefiches.writers import look
from officefiches.writers.fr import meur
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

RED = look.HIGHLIGHT
GREY = look.NEUTRAL
GREY_ALPHA = 0.6
OTHER_NODE, COUNTRY_NODE = look.OTHER_NODE, look.COUNTRY_NODE
TEXT, MUTED = look.TEXT, look.MUTED
LABEL_SIZE = 10.0
HEADER_SIZE = 10.0
NODE_WIDTH = inches(0.14)
LABEL_GAP = inches(0.07)
MIN_GAP = inches(0.04)
MAX_GAP = inches(0.3)
HEADER_HEIGHT = inches(0.28)
PRODUCT_SHARE = 0.34  # of the width at most, for the product labels' column (unless the
COUNTRY_SHARE = 0.24  # other column leaves room: together they keep 42 % for the bands)


@dataclass(frozen=True)
class Label:
    box: Box
    lines: tuple[str, ...]  # the name, wrapped; the value is appended to the last line
    value: str
    align: str  # "l" | "r"
    full: str  # the full name (for the notes when shortened)
    size: float = LABEL_SIZE
    cut: bool = False  # shortened with an ellipsis: the notes give `full`


@dataclass(frozen=True)
class NodeShape:
    box: Box
    color: str
    label: Label


@dataclass(frozen=True)
class Band:
    x0: int
    x1: int
    top0: int
    bottom0: int
    top1: int
    bottom1: int
    color: str
    alpha: float | None
    name: str


@dataclass(frozen=True)
class Layout:
    box: Box
    nodes: tuple[NodeShape, ...]
    bands: tuple[Band, ...]  # in drawing order
    headers: tuple[Label, ...]


Names = Callable[[str, str, str], str]  # (kind, code, label) -> display name
SIZES = (LABEL_SIZE, 9.0, 8.0)  # the labels' size: smaller only when the larger cannot hold them
KINDS = {"product": "a129", "country": "pays"}


def layout(
    flows: FlowMatrix,
    box: Box,
    node_color: str,
    headers: tuple[str, str],
    names: Names = look.display_name,
    size: float | None = None,
) -> Layout:
    """Where everything goes for `flows` drawn in `box` (product nodes in `node_color`).
    Label columns are as wide as their labels need, within a share of the width; a label is
    the display name (look.display_name) on one or two lines, at the first of SIZES (from
    `size` down, when given) that holds, else, last resort, that name cut with an ellipsis
    (`Label.cut`: the notes give it whole)."""
    body, left, right = _sides(flows, box, names)
    _measure(left, right, box, body, SIZES if size is None else _at_most(size))
    left.label_x = body.x
    left_x = body.x + left.label_w + LABEL_GAP
    right_x = body.right - right.label_w - LABEL_GAP - NODE_WIDTH
    right.label_x = right_x + NODE_WIDTH + LABEL_GAP
    sides = (left, right)
    scale = min(side.max_scale(body.h) for side in sides)
    for side, x in zip(sides, (left_x, right_x), strict=True):
        side.place(scale, body, x, node_color)
    bands = _bands(flows, sides, scale, left_x + NODE_WIDTH, right_x)
    header_labels = (
        _header(
            headers[0],
            Box(body.x, box.y, left.label_w + LABEL_GAP + NODE_WIDTH, HEADER_HEIGHT),
            "r",
        ),
        _header(headers[1], Box(right_x, box.y, body.right - right_x, HEADER_HEIGHT), "l"),
    )
    nodes = left.shapes + right.shapes
    return Layout(box, tuple(nodes), tuple(bands), header_labels)


def label_size(flows: FlowMatrix, box: Box, names: Names = look.display_name) -> float:
    """The largest of SIZES at which every label of `flows` holds in `box`."""
    body, left, right = _sides(flows, box, names)
    return _measure(left, right, box, body, SIZES)


def _sides(flows: FlowMatrix, box: Box, names: Names):
    """The area below the headers, and the two columns of nodes and labels to measure."""
    body = Box(box.x, box.y + HEADER_HEIGHT, box.w, box.h - HEADER_HEIGHT)
    left = _Side(flows.left, flows.left_kind, "r", names)
    right = _Side(flows.right, flows.right_kind, "l", names)
    return body, left, right


def _at_most(size: float) -> tuple[float, ...]:
    """SIZES from `size` down (a deck's one size; smaller only where a key message leaves a
    slide less room)."""
    return tuple(s for s in SIZES if s <= size) or (size,)


# The label columns' shares of the width (product, country): wider ones, taking from the bands,
# only where the labels would otherwise be cut (a narrow 4:3 slide).
SHARES = ((PRODUCT_SHARE, COUNTRY_SHARE), (0.37, 0.28), (0.40, 0.31))


def _measure(left: _Side, right: _Side, box: Box, body: Box, sizes) -> float:
    """Both label columns measured at the first of `sizes`, and the narrowest of SHARES, where
    they hold with no label cut; else where they hold with the fewest cut (the last resort);
    else at the last. Returns the size."""
    held = []  # (labels cut, order, size, shares) where the columns hold
    for size in sizes:
        for shares in SHARES:
            _label_widths(left, right, box.w, size, shares)
            if all([side.measure(body.h, size) for side in (left, right)]):
                cut = sum(left.cut) + sum(right.cut)
                if not cut:
                    return size
                held.append((cut, len(held), size, shares))
    _, _, size, shares = min(held) if held else (0, 0, sizes[-1], SHARES[-1])
    _label_widths(left, right, box.w, size, shares)
    for side in (left, right):
        side.measure(body.h, size)
    return size


def _label_widths(
    left: _Side, right: _Side, width: int, size: float, shares=(PRODUCT_SHARE, COUNTRY_SHARE)
) -> None:
    """Each label column as wide as its longest label on one line, within its share of the
    width (a product column may take what the country column leaves)."""
    caps = {
        side: int(width * (shares[0] if side.kind == "product" else shares[1]))
        for side in (left, right)
    }
    wanted = {side: side.wanted_width(size) for side in (left, right)}
    total = int(width * (shares[0] + shares[1]))
    for side, other in ((left, right), (right, left)):
        room = total - min(wanted[other], caps[other])
        side.label_w = max(min(wanted[side], max(caps[side], room)), inches(0.6))


def _header(text: str, box: Box, align: str) -> Label:
    return Label(box, (text,), "", align, text)


class _Side:
    """One column of nodes and their labels."""

    def __init__(self, nodes: tuple[Node, ...], kind: str, align: str, names: Names):
        self.nodes = nodes
        self.kind = kind
        self.align = align
        self.label_w = 0
        self.label_x = 0
        self.size = LABEL_SIZE
        self.names = [self._names(node, names) for node in nodes]
        self.lines: list[tuple[str, ...]] = []
        self.cut: list[bool] = []
        self.shapes: list[NodeShape] = []
        self.tops: list[int] = []  # top of each node rectangle

    def _names(self, node: Node, names: Names) -> tuple[str, ...]:
        """The name to show: the node's display name, the one every slide gives its code."""
        if node.is_other:
            return (node.label,)
        return (names(KINDS[self.kind], node.code, node.label),)

    def wanted_width(self, size: float) -> int:
        widths = [
            textfit.width(f"{names[0]} {_value(node)}", size, bold=True)
            for node, names in zip(self.nodes, self.names, strict=True)
        ]
        return int(max(widths, default=0) / 0.97) + 1

    def measure(self, height: int, size: float) -> bool:
        """Each label's lines at `size`: its best option, then, while the column is too tall,
        one line instead of two for the smallest nodes. False when even then it is too tall."""
        self.size = size
        options = [
            self._options(node, names) for node, names in zip(self.nodes, self.names, strict=True)
        ]
        chosen = [0] * len(options)
        gaps = MIN_GAP * (len(self.nodes) - 1)

        def total() -> int:
            return (
                sum(
                    textfit.line_height(size, len(opts[i][0]))
                    for opts, i in zip(options, chosen, strict=True)
                )
                + gaps
            )

        order = sorted(range(len(self.nodes)), key=lambda k: (self.nodes[k].value, k))
        for index in order:
            if total() <= height:
                break
            one_line = [j for j, (lines, _) in enumerate(options[index]) if len(lines) == 1]
            if one_line:
                chosen[index] = one_line[0]
        self.lines = [opts[i][0] for opts, i in zip(options, chosen, strict=True)]
        self.cut = [opts[i][1] for opts, i in zip(options, chosen, strict=True)]
        return total() <= height

    def _options(self, node: Node, names: tuple[str, ...]) -> list[tuple[tuple[str, ...], bool]]:
        """(lines, cut) for a label, best first: its name on one line with its value, then on
        two lines; then the name cut with an ellipsis (one line). The value ends the last line,
        or has a line of its own ("" then ends the name's lines)."""
        width = int(self.label_w * 0.97)
        size = self.size
        value = _value(node)
        room = width - textfit.width(" " + value, size, bold=True)
        found: list[tuple[tuple[str, ...], bool]] = []
        for name in names:  # on one line, then on two
            for max_lines in (1, 2):
                lines = textfit.fit_lines(name, size, room, max_lines)
                if lines is None and max_lines == 2:
                    lines = textfit.fit_lines(name, size, width, 1)
                    lines = lines + [""] if lines else None  # the value on the next line
                if lines is not None and len(lines) <= max_lines:
                    found.append((tuple(lines), False))
        found.append(((textfit.shorten(names[0], size, room),), True))
        return found

    def max_scale(self, height: int) -> float:
        """The largest EMU-per-euro scale at which this column fits in `height`."""
        gaps = MIN_GAP * (len(self.nodes) - 1)
        mins = self.min_heights()
        values = [max(node.value, 0) for node in self.nodes]
        low, high = 0.0, height / max(sum(values), 1)
        for _ in range(40):  # bisection: the slots' total height grows with the scale
            mid = (low + high) / 2
            if sum(max(v * mid, m) for v, m in zip(values, mins, strict=True)) + gaps <= height:
                low = mid
            else:
                high = mid
        return low

    def min_heights(self) -> list[int]:
        return [textfit.line_height(self.size, len(lines)) for lines in self.lines]

    def place(self, scale: float, body: Box, x: int, node_color: str) -> None:
        mins = self.min_heights()
        heights = [max(int(node.value * scale), 1) for node in self.nodes]
        slots = [max(h, m) for h, m in zip(heights, mins, strict=True)]
        count = len(self.nodes)
        spare = body.h - sum(slots)
        gap = max(min(spare // (count - 1), MAX_GAP), 0) if count > 1 else 0
        y = body.y + max(spare - gap * (count - 1), 0) // 2
        rows = zip(self.nodes, self.lines, self.cut, heights, slots, strict=True)
        for node, lines, cut, height, slot in rows:
            top = y + (slot - height) // 2
            self.tops.append(top)
            label_box = Box(self.label_x, y, self.label_w, slot)
            label = Label(label_box, lines, _value(node), self.align, node.label, self.size, cut)
            self.shapes.append(
                NodeShape(Box(x, top, NODE_WIDTH, height), self._color(node, node_color), label)
            )
            y += slot + gap

    def _color(self, node: Node, product_color: str) -> str:
        if node.is_other:
            return OTHER_NODE
        return product_color if self.kind == "product" else COUNTRY_NODE


def _value(node: Node) -> str:
    return f"{meur(node.value)} M€"


def _bands(flows: FlowMatrix, sides, scale: float, x0: int, x1: int) -> list[Band]:
    left_cursor = list(sides[0].tops)
    right_cursor = list(sides[1].tops)
    by_target = sorted(flows.links, key=lambda k: (k.source, k.target))
    ends: dict[tuple[int, int], tuple[int, int]] = {}
    for link in by_target:
        thickness = link.value * scale
        top = left_cursor[link.source]
        ends[(link.source, link.target)] = (top, int(top + thickness))
        left_cursor[link.source] = top + thickness
    bands = []
    for link in sorted(flows.links, key=lambda k: (k.target, k.source)):
        thickness = link.value * scale
        top1 = right_cursor[link.target]
        right_cursor[link.target] = top1 + thickness
        top0, bottom0 = ends[(link.source, link.target)]
        source, target = flows.left[link.source].label, flows.right[link.target].label
        bands.append(
            Band(
                x0,
                x1,
                int(top0),
                max(bottom0, int(top0) + 1),
                int(top1),
                max(int(top1 + thickness), int(top1) + 1),
                RED if link.highlighted else GREY,
                None if link.highlighted else GREY_ALPHA,
                f"Flux {source} → {target}",
            )
        )
    bands.sort(key=lambda b: b.color == RED)  # red ones last, on top (stable: order kept)
    return bands


# --- native shapes ------------------------------------------------------------------------


def group_xml(plan: Layout, name: str, descr: str) -> str:
    """The whole diagram as one group of native shapes (bands, nodes, labels)."""
    children = [
        drawing.band_xml(b.x0, b.x1, b.top0, b.bottom0, b.top1, b.bottom1, b.color, b.alpha, b.name)
        for b in plan.bands
    ]
    for node in plan.nodes:
        children.append(drawing.rect_xml(node.box, node.color, name=f"Nœud {node.label.full}"))
        children.append(_label_xml(node.label))
    children += [_header_xml(h) for h in plan.headers]
    boxes = [node.box for node in plan.nodes] + [node.label.box for node in plan.nodes]
    boxes += [h.box for h in plan.headers]
    return drawing.group_xml(children, drawing.bounds(boxes), name, descr)


def _label_xml(label: Label) -> str:
    align = "r" if label.align == "r" else "l"
    paras = [para(line, label.size, align=align, color=TEXT) for line in label.lines[:-1]]
    last = label.lines[-1]
    runs = (Run(last + (" " if last else ""), label.size, color=TEXT),)
    runs += (Run(label.value, label.size, bold=True, color=TEXT),)
    paras.append(Para(runs, align=align))
    return drawing.text_xml(label.box, paras, name=f"Étiquette {label.full}", anchor="ctr")


def _header_xml(label: Label) -> str:
    paras = [para(label.lines[0], HEADER_SIZE, align=label.align, bold=True, color=MUTED)]
    return drawing.text_xml(label.box, paras, name=f"En-tête {label.full}", anchor="t")
