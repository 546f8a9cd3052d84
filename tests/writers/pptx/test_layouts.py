"""The pure layouts, tested directly: the Sankey (sankey.layout) and the treemap
(treemap.layout / grouped) give boxes and bands whose sizes follow the values, inside their box."""

from __future__ import annotations

import itertools

import pytest

from officefiches.model import (
    EXPORT,
    IMPORT,
    OTHER_CODE,
    OTHER_LABEL,
    FlowMatrix,
    Link,
    Node,
    Product,
)
from officefiches.writers import look
from officefiches.writers.pptx import sankey, treemap
from officefiches.writers.pptx.drawing import Box, inches

BOX = Box(inches(0.5), inches(1.5), inches(9), inches(5))


def matrix() -> FlowMatrix:
    """3 products + Autres → 2 countries + Autres; links on every pair but one."""
    left = (
        Node("C21Z", "Produits pharmaceutiques", 500),
        Node("C30C", "Aéronautique", 300),
        Node("C10H", "Produits alimentaires", 120),
        Node(OTHER_CODE, OTHER_LABEL, 80),
    )
    right = (
        Node("DE", "Allemagne", 600),
        Node("US", "États-Unis", 250),
        Node(OTHER_CODE, "Autres", 150),
    )
    values = {(0, 0): 300, (0, 1): 150, (0, 2): 50, (1, 0): 200, (1, 1): 100, (2, 0): 70,
              (2, 2): 50, (3, 0): 30, (3, 2): 50}  # fmt: skip
    top = sorted(
        (v, k) for k, v in values.items() if OTHER_CODE not in (left[k[0]].code, right[k[1]].code)
    )[-5:]
    highlighted = {k for _, k in top}
    links = tuple(Link(s, t, v, (s, t) in highlighted) for (s, t), v in sorted(values.items()))
    return FlowMatrix(EXPORT, "product", "country", left, right, links, 1000)


@pytest.fixture(scope="module")
def plan():
    return sankey.layout(matrix(), BOX, look.EXPORTS, ("Produits", "Pays"))


def inside(inner: Box, outer: Box) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def test_sankey_everything_inside_its_box(plan):
    for node in plan.nodes:
        assert inside(node.box, BOX) and inside(node.label.box, BOX)
    for band in plan.bands:
        assert BOX.x <= band.x0 < band.x1 <= BOX.right
        assert BOX.y <= min(band.top0, band.top1) and max(band.bottom0, band.bottom1) <= BOX.bottom


def test_sankey_one_scale_for_both_columns(plan):
    flows = matrix()
    nodes = dict(zip([*flows.left, *flows.right], plan.nodes, strict=True))
    scales = [shape.box.h / node.value for node, shape in nodes.items()]
    assert max(scales) - min(scales) < 0.02 * max(scales)  # rounding to whole EMU only


def test_sankey_band_same_width_at_both_ends_and_nodes_filled(plan):
    flows = matrix()
    for band in plan.bands:
        assert abs((band.bottom0 - band.top0) - (band.bottom1 - band.top1)) <= 1
    left_nodes = plan.nodes[: len(flows.left)]
    for index, node in enumerate(left_nodes):
        leaving = [b for b in plan.bands if node.box.y - 1 <= b.top0 < node.box.bottom]
        links = [k for k in flows.links if k.source == index]
        assert len(leaving) == len(links)
        assert abs(sum(b.bottom0 - b.top0 for b in leaving) - node.box.h) <= len(links) + 1


def test_sankey_five_largest_named_flows_red_and_drawn_last(plan):
    colours = [band.color for band in plan.bands]
    assert colours.count(look.HIGHLIGHT) == 5
    first_red = colours.index(look.HIGHLIGHT)
    assert set(colours[first_red:]) == {look.HIGHLIGHT}  # on top of the grey ones
    assert all(b.alpha is not None for b in plan.bands if b.color == look.NEUTRAL)


def test_sankey_other_nodes_grey_and_products_in_the_flow_colour(plan):
    colours = {shape.label.full: shape.color for shape in plan.nodes}
    assert colours["Produits pharmaceutiques"] == look.EXPORTS
    assert colours["Allemagne"] == look.COUNTRY_NODE
    assert colours[OTHER_LABEL] == look.OTHER_NODE


def products(values: list[int]) -> tuple[Product, ...]:
    total = sum(values)
    return tuple(
        Product(f"C{i:02d}Z", f"Produit {i}", v, 100 * v / total) for i, v in enumerate(values)
    )


def test_treemap_groups_small_products_into_others():
    items = treemap.grouped(products([600, 300, 60, 10, 10, 10, 10]))
    labels = [label for label, _, _ in items]
    assert labels == ["Produit 0", "Produit 1", "Produit 2", OTHER_LABEL]
    assert sum(value for _, value, _ in items) == 1000
    single = treemap.grouped(products([900, 90, 10]))  # one small product alone stays named
    assert [label for label, _, _ in single] == ["Produit 0", "Produit 1", "Produit 2"]


def test_treemap_areas_follow_values_and_blocks_the_totals():
    exports, imports = products([500, 300, 200]), products([150, 100, 50])
    totals = {EXPORT: 1000, IMPORT: 300}
    plan = treemap.layout({EXPORT: exports, IMPORT: imports}, totals, BOX, [("E", "000000")])
    by_flow = {flux: [t for t in plan.tiles if t.flux == flux] for flux in (EXPORT, IMPORT)}
    widths = {flux: max(t.box.right for t in tiles) - min(t.box.x for t in tiles)
              for flux, tiles in by_flow.items()}  # fmt: skip
    assert widths[EXPORT] / widths[IMPORT] == pytest.approx(1000 / 300, rel=0.01)
    for tiles in by_flow.values():
        whole = sum(t.box.w * t.box.h for t in tiles)
        for tile in tiles:
            share = tile.value / sum(t.value for t in tiles)
            assert tile.box.w * tile.box.h / whole == pytest.approx(share, rel=0.01)
        for a, b in itertools.combinations(tiles, 2):  # no two tiles overlap
            overlap_w = min(a.box.right, b.box.right) - max(a.box.x, b.box.x)
            overlap_h = min(a.box.bottom, b.box.bottom) - max(a.box.y, b.box.y)
            assert overlap_w <= 1 or overlap_h <= 1
    assert all(inside(t.box, BOX) for t in plan.tiles)
    assert {t.fill for t in by_flow[EXPORT]} == {look.EXPORTS}


def test_treemap_a_flow_without_trade_takes_no_room():
    plan = treemap.layout({EXPORT: products([10, 5]), IMPORT: ()}, {EXPORT: 15, IMPORT: 0}, BOX, [])
    assert {t.flux for t in plan.tiles} == {EXPORT}
    assert max(t.box.right for t in plan.tiles) == pytest.approx(BOX.right, abs=2)


def test_treemap_labels_fit_their_tile_or_are_left_out():
    plan = treemap.layout(
        {EXPORT: products([900, 60, 40]), IMPORT: ()}, {EXPORT: 1000, IMPORT: 0}, BOX, []
    )
    for tile in plan.tiles:
        if tile.lines:
            height = len(tile.lines) * tile.size * 1.2 * 12_700
            assert height <= tile.box.h
