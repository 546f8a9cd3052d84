"""A team's short labels reach every field that names a product or a partner, by what the field
declares (model.name_of, model.items), whatever item holds it: a new item needs no line in
compute/figures.relabel."""

from dataclasses import dataclass, field

from officefiches.compute.figures import RelabelMemo, relabel
from officefiches.model import (
    PARTNER,
    PRODUCT,
    Change,
    Dependence,
    FlowMatrix,
    Node,
    TrendMove,
    items,
    name_of,
)

SHORT = {("pays", "DE"): "RFA", ("a129", "C20A"): "Chimie"}


@dataclass(frozen=True)
class Route:
    """An item the model does not have: a product shipped to a partner."""

    product_code: str
    product: str = field(metadata=name_of(PRODUCT, code="product_code"))
    partner_code: str = ""
    partner: str = field(default="", metadata=name_of(PARTNER, code="partner_code"))
    note: str = ""  # a text that names nothing: never relabelled


@dataclass(frozen=True)
class Corridor:
    """A new container: its items name partners."""

    title: str
    legs: tuple[Change, ...] = field(metadata=items(PARTNER))
    routes: tuple[Route, ...] = ()


def test_a_new_kind_of_item_gets_the_team_labels():
    route = Route("C20A", "Produits chimiques de base", "DE", "Allemagne", note="Allemagne")
    legs = (Change("DE", "Allemagne", 1, 2), Change("FR", "France", 3, 4))
    doc = relabel(Corridor("Allemagne", legs, (route,)), SHORT)
    assert doc.routes[0].product == "Chimie"
    assert doc.routes[0].partner == "RFA"
    assert doc.routes[0].note == "Allemagne"  # not a name: untouched
    assert doc.title == "Allemagne"
    assert [leg.label for leg in doc.legs] == ["RFA", "France"]  # France: no short label


def test_items_take_the_kind_of_their_container_or_their_own():
    matrix = FlowMatrix(
        "E", "product", "country",
        (Node("C20A", "Produits chimiques de base", 5),),
        (Node("DE", "Allemagne", 5),),
        (), 5,
    )  # fmt: skip
    flows = relabel(matrix, SHORT)
    assert (flows.left[0].label, flows.right[0].label) == ("Chimie", "RFA")
    # a code found under the other kind is not that kind's
    crossed = relabel(
        FlowMatrix("I", "country", "product", matrix.left, matrix.right, (), 5), SHORT
    )
    assert (crossed.left[0].label, crossed.right[0].label) == (
        "Produits chimiques de base",
        "Allemagne",
    )
    move = relabel(TrendMove("partner", "E", "DE", "Allemagne", 1, 2), SHORT)
    assert move.label == "RFA"
    dependence = relabel(Dependence("C20A", "Chimie de base", "DE", "Allemagne", 1, 2, 50), SHORT)
    assert (dependence.product_label, dependence.country_label) == ("Chimie", "RFA")
    assert relabel(Change("DE", "Allemagne", 1, 2), SHORT).label == "Allemagne"  # kind unknown


def _recording(team):
    """A `short` that records each name asked of it, in order (as the deck's does)."""
    asked = []

    def short(kind, code, label):
        asked.append((kind, code, label))
        return team.get((kind, code)) or label

    return short, asked


def test_a_memoised_item_is_walked_once_and_its_names_asked_again_in_order():
    shared = Corridor("Allemagne", (Change("DE", "Allemagne", 1, 2), Change("FR", "France", 3, 4)))
    own = Route("C20A", "Produits chimiques de base", "FR", "France")
    memo = RelabelMemo(frozenset({Corridor}), lambda item: item.title == "Allemagne")
    docs = []
    for _ in range(2):  # the second document's shared part comes from the memo
        short, asked = _recording(SHORT)
        docs.append((relabel((own, shared), short, memo), asked))
    (first, asked_first), (second, asked_second) = docs
    assert second == first
    assert second[1] is first[1]  # the copy reused
    assert asked_second == asked_first  # the same names, in the same order
    plain, asked_plain = _recording(SHORT)
    assert relabel((own, shared), plain) == first
    assert asked_plain == asked_first


def test_a_memoised_item_is_walked_again_when_a_name_differs():
    shared = Corridor("Allemagne", (Change("DE", "Allemagne", 1, 2),))
    memo = RelabelMemo(frozenset({Corridor}), lambda item: True)
    assert relabel(shared, _recording(SHORT)[0], memo).legs[0].label == "RFA"
    other = {("pays", "DE"): "Allem."}
    assert relabel(shared, _recording(other)[0], memo).legs[0].label == "Allem."
    assert relabel(shared, _recording({})[0], memo) is shared  # nothing renamed: the item
