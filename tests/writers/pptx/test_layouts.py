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
from officefiches.writers.pptx import sankey, textfit, treemap
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
    items = treemap.grouped(products([600, 300, 60, 9, 9, 9, 9, 4]))
    labels = [item.label for item in items]
    assert labels == ["Produit 0", "Produit 1", "Produit 2", OTHER_LABEL]
    assert sum(item.value for item in items) == 1000
    assert items[-1].folded == ("Produit 3", "Produit 4", "Produit 5", "Produit 6", "Produit 7")
    assert items[-1].title == "Autres (5\u00a0produits)"  # « Autres » says how many it holds
    single = treemap.grouped(products([900, 90, 10]))  # one small product alone stays named
    assert [item.label for item in single] == ["Produit 0", "Produit 1", "Produit 2"]


def test_treemap_areas_follow_values_each_flow_in_its_half():
    exports, imports = products([500, 300, 200]), products([150, 100, 50])
    totals = {EXPORT: 1000, IMPORT: 300}
    plan = treemap.layout({EXPORT: exports, IMPORT: imports}, totals, BOX, [("E", "000000")])
    by_flow = {flux: [t for t in plan.tiles if t.flux == flux] for flux in (EXPORT, IMPORT)}
    widths = {flux: max(t.box.right for t in tiles) - min(t.box.x for t in tiles)
              for flux, tiles in by_flow.items()}  # fmt: skip
    assert widths[EXPORT] == pytest.approx(widths[IMPORT], abs=2)
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


def test_treemap_labels_fit_their_tile():
    plan = treemap.layout(
        {EXPORT: products([900, 60, 40]), IMPORT: ()}, {EXPORT: 1000, IMPORT: 0}, BOX, []
    )
    for tile in plan.tiles:
        height = len(tile.lines) * tile.size * 1.2 * 12_700
        assert height <= tile.box.h


# The real annex's A129 labels (long, two of them alike at their start): what made boxes
# nameless, or named twice « Produits de la… », before short names.
ANNEX = {
    "C30C": "Produits de la construction aéronautique et spatiale",
    "C29A": "Produits de la construction automobile",
    "C21Z": "Produits pharmaceutiques",
    "C20B": "Parfums, cosmétiques et produits d’entretien",
    "C26E": "Appareils de mesure, d'essai et de navigation ; articles d'horlogerie",
    "C28A": "Machines et équipements d'usage général",
    "C24A": "Produits sidérurgiques et de première transformation de l'acier",
    "C20A": "Produits chimiques de base, produits azotés, matières plastiques et caoutchouc "
    "synthétique",
    "C10C": "Produits à base de fruits et légumes, y compris les jus",
    "C32A": "Articles de joaillerie et bijouterie, instruments de musique",
    "R91Z": "Objets d’antiquité et de collection",
    "C16Z": "Bois, articles en bois",
    "C27B": "Matériel électrique",
    "C22B": "Produits en plastique",
    "C25C": "Armes et munitions",
    "C14Z": "Articles d'habillement",
}


def annex_products(values: list[int]) -> tuple[Product, ...]:
    total = sum(values)
    return tuple(
        Product(code, label, v, 100 * v / total)
        for (code, label), v in zip(ANNEX.items(), values, strict=False)
    )


def treemap_cases():
    """Value spreads from a dominant product to a long flat tail, blocks wide and narrow."""
    spreads = [
        [429, 238, 227, 183, 121, 116, 97, 72, 60, 34, 30, 25, 20, 15, 12, 10],
        [324, 192, 76, 61, 42, 24, 20, 20, 19, 19, 15, 12, 10, 8, 6, 5],
        [5000, 300, 200, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 5, 5, 5],
        [100] * 16,
        [172, 104, 100, 44, 36, 25, 20, 16, 14, 12, 11, 10, 9, 8, 7, 6],
    ]
    for exports, imports in itertools.product(spreads, spreads[:3]):
        for ratio in (1, 3, 9):
            yield exports, imports, ratio


def block_of(plan, flux):
    return [t for t in plan.tiles if t.flux == flux], [k for k in plan.keys if k.flux == flux]


@pytest.mark.parametrize("exports,imports,ratio", list(treemap_cases()))
@pytest.mark.parametrize("box", [BOX, Box(0, 0, inches(9), inches(3.2))])  # 16:9, 4:3
def test_treemap_faithful_to_the_ranking(exports, imports, ratio, box):
    export_products, import_products = annex_products(exports), annex_products(imports)
    totals = {EXPORT: sum(exports) * ratio, IMPORT: sum(imports)}
    flows = {EXPORT: export_products, IMPORT: import_products}
    plan = treemap.layout(flows, totals, box, [])
    for flux in (EXPORT, IMPORT):
        tiles, keys = block_of(plan, flux)
        ranked = sorted(flows[flux], key=lambda p: -p.value)
        total = sum(p.value for p in ranked)
        products_shown = [t for t in tiles if t.code != OTHER_CODE]
        # the ten largest of 1 % or more, in rank order, never a rank skipped
        expected = [p for p in ranked[:10] if p.value * 100 >= total]
        rank = {p.code: index for index, p in enumerate(ranked)}
        shown = sorted((t.code for t in products_shown), key=rank.get)
        assert shown[: len(expected)] == [p.code for p in expected]
        assert shown == [p.code for p in ranked[: len(shown)]]
        assert sum(t.value for t in tiles) == total  # nothing lost
        other = [t for t in tiles if t.code == OTHER_CODE]
        if other:  # « Autres »: only what lies beyond the last product shown
            assert len(other[0].folded) == len(ranked) - len(shown) >= 2
            assert max(p.value for p in ranked[len(shown) :]) <= min(
                t.value for t in products_shown
            )
        key_text = "\n".join(line for key in keys for line in key.lines)
        numbered = [t for t in tiles if t.number]
        assert [t.number for t in numbered] == list(range(1, len(numbered) + 1))
        for tile in tiles:  # every box shows its product: by name with its value, or a number
            if tile.number:
                assert not tile.name_lines
                assert f"{tile.number}\u00a0– " in key_text
            else:
                assert tile.name_lines and any("M€" in line for line in tile.figure_lines)
                height = len(tile.lines) * textfit.line_height(tile.size)
                assert height <= tile.box.h - 2 * treemap.PADDING
            assert not any(line.endswith("…") for line in tile.lines)
        assert key_text.count("M€") == len(numbered)
        names = [t.shown_name for t in tiles if t.name_lines]
        assert len(names) == len(set(names)), names  # no two boxes of a block alike
        for key in keys:
            assert inside(key.box, box)
    # one font size for the whole figure, from its geometry only
    assert {t.size for t in plan.tiles} == {plan.size}
    assert plan.size >= 10


def test_treemap_a_block_never_depends_on_the_other_flow():
    exports = annex_products([429, 238, 227, 183, 121, 116, 97, 72, 60, 34, 30, 25])
    plans = [
        treemap.layout(
            {EXPORT: exports, IMPORT: annex_products(values)},
            {EXPORT: sum(p.value for p in exports), IMPORT: sum(values) * ratio},
            BOX,
            [],
        )
        for values, ratio in (([5000, 30, 20], 1), ([100] * 16, 7), ([324, 192, 76, 61], 40))
    ]
    blocks = [block_of(plan, EXPORT) for plan in plans]
    assert all(block == blocks[0] for block in blocks)
    assert len({plan.size for plan in plans}) == 1


def test_treemap_lists_an_unordered_flow_by_rank():
    values = [10, 500, 30, 200]
    items = treemap.grouped(tuple(reversed(products(values))))
    assert [item.value for item in items] == [500, 200, 30, 10]


def test_treemap_shows_the_display_names_not_the_annex_labels():
    values = [429, 238, 227, 183, 121, 116, 97, 72, 60, 34]
    plan = treemap.layout(
        {EXPORT: annex_products(values), IMPORT: ()}, {EXPORT: sum(values), IMPORT: 0}, BOX, []
    )
    shown = {t.code: t.shown_name.replace("\u2019", "'") for t in plan.tiles if t.name_lines}
    assert shown["C30C"] == "Aéronautique et spatial"
    assert shown["C29A"] == "Véhicules automobiles"
    assert all(name == look.display_name("a129", code, "") for code, name in shown.items())


def test_treemap_team_short_names_come_first():
    values = [429, 238, 227]
    team = {("a129", "C29A"): "Voitures"}
    plan = treemap.layout(
        {EXPORT: annex_products(values), IMPORT: ()},
        {EXPORT: sum(values), IMPORT: 0},
        Box(0, 0, inches(4), inches(2)),
        [],
        lambda kind, code, label: look.display_name(kind, code, label, team),
    )
    names = {t.code: t.shown_name for t in plan.tiles}
    assert names["C29A"] == "Voitures"


def test_fit_lines_memo_answers_each_text_size_box_and_weight_on_its_own():
    label = "Produits pharmaceutiques de base et préparations"
    wide = textfit.fit_lines(label, 10, inches(4), 1)
    assert wide == [label]
    # the same call again (from the memo), then each key part changed in turn
    assert textfit.fit_lines(label, 10, inches(4), 1) == [label]
    assert textfit.fit_lines("Machines-outils", 10, inches(4), 1) == ["Machines-outils"]
    assert textfit.fit_lines(label, 30, inches(4), 1) is None  # size
    assert textfit.fit_lines(label, 10, inches(1.5), 1) is None  # width
    assert len(textfit.fit_lines(label, 10, inches(1.5), 4)) > 1  # lines
    narrow = textfit.width(label, 10) + 1  # holds in regular, not in bold
    assert textfit.fit_lines(label, 10, narrow, 1) == [label]
    assert textfit.fit_lines(label, 10, narrow, 1, bold=True) is None
    # a caller changing its list does not change the memo's answer
    wide.append("changed")
    assert textfit.fit_lines(label, 10, inches(4), 1) == [label]


def test_sankey_on_a_narrow_slide_widens_its_label_columns_before_cutting_a_name():
    """A 4:3 slide's diagram (6,3 × 3,4 in) with ten large countries and long products: the
    label columns take from the bands rather than show « Espa… » or « Roya… »."""
    countries = ["Allemagne", "Belgique", "Espagne", "Suisse", "Italie", "Royaume-Uni",
                 "États-Unis", "Pays-Bas", "Pologne", "Chine"]  # fmt: skip
    products = ["Produits pétroliers raffinés", "Machines agricoles et forestières",
                "Articles en caoutchouc", "Produits chimiques divers", "Bijoux et instruments",
                "Produits pharmaceutiques", "Informatique", "Électronique grand public",
                "Parfums et cosmétiques", "Aéronautique et spatial"]  # fmt: skip
    values = [21_337_5, 19_139_4, 15_080_0, 12_398_4, 12_212_6, 6_937_0, 11_964_4, 4_224_2,
              3_532_8, 12_176_9]  # fmt: skip
    right = tuple(
        Node(f"C{i}", name, v * 100_000)
        for i, (name, v) in enumerate(zip(countries, values, strict=True))
    )
    left = tuple(
        Node(f"P{i}", name, v * 100_000)
        for i, (name, v) in enumerate(zip(products, values, strict=True))
    )
    links = tuple(Link(i, i, n.value, i < 5) for i, n in enumerate(left))
    flows = FlowMatrix(EXPORT, "product", "country", left, right, links, sum(values) * 100_000)
    narrow = Box(0, 0, inches(6.3), inches(3.4))
    plan = sankey.layout(flows, narrow, look.EXPORTS, ("Produits", "Pays"))
    cut = [node.label.full for node in plan.nodes if node.label.cut]
    assert not cut, cut


def test_treemap_a_numbered_sliver_keeps_its_number_inside():
    """squarify may leave a box a sliver (its last column): its number shrinks to stay inside."""
    sliver = treemap.Tile(
        Box(0, 0, inches(0.15), inches(1)), "000000", "FFFFFF", (), (), 12, "x", 1, EXPORT,
        number=10,
    )  # fmt: skip
    size = treemap.number_size(sliver)
    assert size < 12 and textfit.width("10", size, bold=True) <= inches(0.15)
    roomy = treemap.Tile(Box(0, 0, inches(1), inches(1)), "0", "F", (), (), 12, "x", 1, EXPORT,
                         number=3)  # fmt: skip
    assert treemap.number_size(roomy) == 12
