"""Sankey diagrams of a FlowMatrix: a pure layout (`layout`), then native shapes (`group_xml`).

Nodes are stacked in two columns, heights proportional to their value with one scale for both
columns, so a band has the same width at both ends. A node whose label needs more room than its
value gives it gets a taller slot (the node itself keeps its true height, centred in the slot).
Bands leave each left node in the order of the right nodes and arrive in the order of the left
nodes; the highlighted ones (the 5 largest named flows) are drawn last, in red.
"""

from __future__ import annotations

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
PRODUCT_SHARE = 0.34  # of the width, for the product labels' column
COUNTRY_SHARE = 0.2


@dataclass(frozen=True)
class Label:
    box: Box
    lines: tuple[str, ...]  # the name, wrapped; the value is appended to the last line
    value: str
    align: str  # "l" | "r"
    full: str  # the full name (for the notes when shortened)


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


def layout(flows: FlowMatrix, box: Box, node_color: str, headers: tuple[str, str]) -> Layout:
    """Where everything goes for `flows` drawn in `box` (product nodes in `node_color`)."""
    body = Box(box.x, box.y + HEADER_HEIGHT, box.w, box.h - HEADER_HEIGHT)
    left_w = _label_width(flows.left_kind, box.w)
    right_w = _label_width(flows.right_kind, box.w)
    left_x = body.x + left_w + LABEL_GAP
    right_x = body.right - right_w - LABEL_GAP - NODE_WIDTH
    sides = (
        _Side(flows.left, flows.left_kind, left_w, "r", body.x),
        _Side(flows.right, flows.right_kind, right_w, "l", right_x + NODE_WIDTH + LABEL_GAP),
    )
    for side in sides:
        side.measure()
    scale = min(side.max_scale(body.h) for side in sides)
    for side, x in zip(sides, (left_x, right_x), strict=True):
        side.place(scale, body, x, node_color)
    bands = _bands(flows, sides, scale, left_x + NODE_WIDTH, right_x)
    header_labels = (
        _header(
            headers[0], Box(body.x, box.y, left_w + LABEL_GAP + NODE_WIDTH, HEADER_HEIGHT), "r"
        ),
        _header(headers[1], Box(right_x, box.y, body.right - right_x, HEADER_HEIGHT), "l"),
    )
    nodes = sides[0].shapes + sides[1].shapes
    return Layout(box, tuple(nodes), tuple(bands), header_labels)


def _label_width(kind: str, width: int) -> int:
    return int(width * (PRODUCT_SHARE if kind == "product" else COUNTRY_SHARE))


def _header(text: str, box: Box, align: str) -> Label:
    return Label(box, (text,), "", align, text)


class _Side:
    """One column of nodes and their labels."""

    def __init__(self, nodes: tuple[Node, ...], kind: str, label_w: int, align: str, label_x):
        self.nodes = nodes
        self.kind = kind
        self.label_w = label_w
        self.align = align
        self.label_x = label_x
        self.lines: list[tuple[str, ...]] = []
        self.shapes: list[NodeShape] = []
        self.tops: list[int] = []  # top of each node rectangle
        self.max_lines = 2

    def measure(self, max_lines: int = 2) -> None:
        self.max_lines = max_lines
        self.lines = [self._wrap(node, max_lines) for node in self.nodes]

    def _wrap(self, node: Node, max_lines: int) -> tuple[str, ...]:
        width = int(self.label_w * 0.97)
        value = " " + _value(node)
        lines = textfit.wrap_lines(node.label, LABEL_SIZE, width, max_lines)
        last = lines[-1]
        if textfit.width(last + value, LABEL_SIZE, bold=True) > width:
            if len(lines) < max_lines:
                lines.append("")
            else:
                room = width - textfit.width(value, LABEL_SIZE, bold=True)
                lines[-1] = textfit.shorten(last, LABEL_SIZE, room)
        return tuple(lines)

    def min_heights(self) -> list[int]:
        return [textfit.line_height(LABEL_SIZE, len(lines)) for lines in self.lines]

    def max_scale(self, height: int) -> float:
        """The largest EMU-per-euro scale at which this column fits in `height`."""
        gaps = MIN_GAP * (len(self.nodes) - 1)
        if sum(self.min_heights()) + gaps > height and self.max_lines > 1:
            self.measure(1)  # too many labels for two lines each: one line, shortened
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

    def place(self, scale: float, body: Box, x: int, node_color: str) -> None:
        mins = self.min_heights()
        heights = [max(int(node.value * scale), 1) for node in self.nodes]
        slots = [max(h, m) for h, m in zip(heights, mins, strict=True)]
        count = len(self.nodes)
        spare = body.h - sum(slots)
        gap = min(spare // (count - 1), MAX_GAP) if count > 1 else 0
        y = body.y + (spare - gap * (count - 1)) // 2
        for node, lines, height, slot in zip(self.nodes, self.lines, heights, slots, strict=True):
            top = y + (slot - height) // 2
            self.tops.append(top)
            label_box = Box(self.label_x, y, self.label_w, slot)
            label = Label(label_box, lines, _value(node), self.align, node.label)
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
    paras = [para(line, LABEL_SIZE, align=align, color=TEXT) for line in label.lines[:-1]]
    last = label.lines[-1]
    runs = (Run(last + (" " if last else ""), LABEL_SIZE, color=TEXT),)
    runs += (Run(label.value, LABEL_SIZE, bold=True, color=TEXT),)
    paras.append(Para(runs, align=align))
    return drawing.text_xml(label.box, paras, name=f"Étiquette {label.full}", anchor="ctr")


def _header_xml(label: Label) -> str:
    paras = [para(label.lines[0], HEADER_SIZE, align=label.align, bold=True, color=MUTED)]
    return drawing.text_xml(label.box, paras, name=f"En-tête {label.full}", anchor="t")
