"""The department workbook beyond the fiche: Évolution and Exposition sheets, the Synthèse line,
the Méthode definitions; read back with openpyxl and from the chart XML."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook

from officefiches import formatting, writers
from officefiches.compute import indicators
from officefiches.source import labels
from officefiches.writers.look import display_name
from tests import factories
from tests.writers.xlsx.test_department import (
    CREATED,
    NS,
    HostileLabels,
    checked_charts,
    checked_formulas,
    fiche_for,
    formula_code,
    series,
    sheet_text,
    tables_for,
)

ORDER = [
    "Synthèse",
    "Messages",
    "Libellés",
    "Balance par pays",
    "Activités",
    "Flux export",
    "Flux import",
    "Comparaison",
    "Évolution",
    "Exposition",
    "Données",
    "Données région",
    "Données France",
    "Données 2023",
    "Méthode",
    "officefiches",
]


def full_fiche(frame, previous, labels_=None):
    """A fiche with its change since 2023 and the exposure of the department, region, France."""
    labels_ = labels_ or factories.StubLabels()
    fiche = fiche_for(frame, labels=labels_)
    dept = frame[frame["departement"] == "18"]
    evolution = indicators.evolution(
        fiche.department, previous[previous["departement"] == "18"], 2023
    )
    exposure = tuple(
        indicators.exposure(rows, scope.scope, labels_)
        for rows, scope in ((dept, fiche.department), (frame, fiche.region), (frame, fiche.france))
    )
    return dataclasses.replace(fiche, evolution=evolution, exposure=exposure)


def write(tmp_path, fiche, frame, name="f.xlsx", labels_=None, previous=None):
    """The workbook; with `previous` (the compared year's lines), its table "Precedent"."""
    path = tmp_path / name
    tables = tables_for(frame, labels=labels_, previous=previous)
    writers.write_workbook(fiche, tables, path, CREATED)
    return path


def shown_pct(value: float) -> Decimal:
    """What a 0.0 % cell shows for a cached fraction (half-up, as the model rounds)."""
    return (Decimal(repr(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def frame():
    return factories.lines(seed=3, n=600)


@pytest.fixture(scope="module")
def previous(frame):
    before = factories.lines(seed=4, n=600, year=2023)
    top = fiche_for(frame).department.partners[0].code
    return before[before["pays"] != top]  # the first partner is new: its change is "n.d."


@pytest.fixture(scope="module")
def fiche(frame, previous):
    return full_fiche(frame, previous)


@pytest.fixture(scope="module")
def path(tmp_path_factory, fiche, frame, previous):
    return write(tmp_path_factory.mktemp("beyond"), fiche, frame, previous=previous)


def rows_of(sheet):
    return list(sheet.iter_rows(values_only=True))


def test_sheet_order(path):
    assert load_workbook(path).sheetnames == ORDER


def test_no_evolution_no_sheet_and_nothing_pretending(tmp_path, fiche, frame):
    book = load_workbook(write(tmp_path, dataclasses.replace(fiche, evolution=None), frame))
    assert "Évolution" not in book.sheetnames and "Exposition" in book.sheetnames
    assert "Évolution depuis" not in sheet_text(book["Synthèse"])
    assert "n.s." not in sheet_text(book["Méthode"])
    bare = dataclasses.replace(fiche, evolution=None, exposure=None)
    book = load_workbook(write(tmp_path, bare, frame, "bare.xlsx"))
    gone = ("Évolution", "Exposition", "Données 2023")
    assert book.sheetnames == [n for n in ORDER if n not in gone]
    assert "États-Unis" not in sheet_text(book["Synthèse"])
    assert "Herfindahl" not in sheet_text(book["Méthode"])


def test_evolution_totals_partners_products_are_the_models(path, fiche):
    evolution = fiche.evolution
    rows = rows_of(load_workbook(path, data_only=True)["Évolution"])
    by_label = {row[0]: row for row in rows if row[0] in ("Exportations", "Importations")}
    for change in (evolution.exports, evolution.imports):
        _, _, before, now, delta, pct = by_label[change.label]
        assert (before, now, delta) == pytest.approx(
            (change.previous / 1e6, change.current / 1e6, change.delta / 1e6)
        )
        assert shown_pct(pct) == change.pct
    balance = next(row for row in rows if row[0] == "Solde commercial")
    assert balance[2] == pytest.approx(
        (evolution.exports.previous - evolution.imports.previous) / 1e6
    )
    assert balance[5] == "n.s."
    tables = {}
    for row in rows:
        if isinstance(row[2], int | float) and row[0] not in (*by_label, "Solde commercial"):
            tables.setdefault(row[0], []).append(row)
    changes = evolution.partners + evolution.products_export + evolution.products_import
    assert sum(len(v) for v in tables.values()) == len(changes)
    for change in changes:
        _, label, before, now, delta, pct = tables[change.code].pop(0)
        kind = "pays" if change in evolution.partners else "a129"
        assert label == display_name(kind, change.code, change.label)  # ours, not the annex's
        assert (before, now, delta) == pytest.approx(
            (change.previous / 1e6, change.current / 1e6, change.delta / 1e6)
        )
        if change.pct is None:
            assert pct == formatting.NOT_AVAILABLE
        else:
            assert shown_pct(pct) == change.pct
    assert evolution.partners[0].pct is None  # the fixture made one "n.d."


def test_current_year_follows_the_data_table(path):
    formulas = rows_of(load_workbook(path)["Évolution"])
    current = [
        row[3]
        for row in formulas
        if row[0] != "Solde commercial" and isinstance(row[3], str) and row[3].startswith("=")
    ]
    assert current and all("Lignes[" in f for f in current)
    partners = next(f for f in current if "Code pays" in f)
    assert '"Export"' in partners and '"Import"' in partners  # both flows


def test_every_formula_has_its_correct_cached_value(path):
    assert {"Évolution", "Exposition", "Synthèse"} <= set(checked_formulas(path))


def test_exposition_side_by_side(path, fiche):
    rows = rows_of(load_workbook(path, data_only=True)["Exposition"])
    header = next(row for row in rows if row[2] == "Cher")
    assert header[2:5] == ("Cher", "Centre-Val de Loire", "France entière")
    found = {row[0]: row[2:5] for row in rows if isinstance(row[0], str)}
    for label, field in (
        ("Part vers les États-Unis", "us_pct"),
        ("Part vers l'Union européenne (27)", "eu_pct"),
        ("Part hors de l'Union européenne", "extra_eu_pct"),
    ):
        assert [shown_pct(v) for v in found[label]] == [getattr(e, field) for e in fiche.exposure]
    for label, field in (
        ("Pays partenaires à l'export", "partners_export"),
        ("Produits (A129) à l'import", "products_import"),
    ):
        concentrations = [getattr(e, field) for e in fiche.exposure]
        herfindahl = found[f"{label} : indice de Herfindahl"]
        shown = [Decimal(repr(v)).quantize(Decimal("0.001"), ROUND_HALF_UP) for v in herfindahl]
        assert shown == [c.herfindahl for c in concentrations]
        top3 = found[f"{label} : part des 3 premiers"]
        assert [shown_pct(v) for v in top3] == [c.top3_pct for c in concentrations]
        assert list(found[f"{label} : nombre"]) == [c.count for c in concentrations]
    formats = load_workbook(path)["Exposition"]
    label = "Pays partenaires à l'export : indice de Herfindahl"
    hhi = next(r for r in formats.iter_rows() if r[0].value == label)
    assert hhi[2].number_format == "0.000"


def test_us_products_and_dependences(path, fiche):
    department = fiche.exposure[0]
    rows = rows_of(load_workbook(path, data_only=True)["Exposition"])
    us_start = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Produits les plus"))
    us = rows[us_start + 2 : us_start + 2 + len(department.us_products)]
    for row, product in zip(us, department.us_products, strict=True):
        assert (row[0], row[1]) == (product.code, display_name("a129", product.code, product.label))
        assert row[2] == pytest.approx(product.value / 1e6)
        assert shown_pct(row[3]) == product.share_pct
    start = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Importations à plus"))
    assert str(len(department.dependences)) in rows[start][0]
    found = rows[start + 2 : start + 2 + len(department.dependences)]
    assert department.dependences, "the fixture has single-origin imports"
    for row, dependence in zip(found, department.dependences, strict=True):
        country = display_name("pays", dependence.country_code, dependence.country_label)
        assert row[0] == dependence.product_code and row[2] == country
        assert row[3] == pytest.approx(dependence.value / 1e6)
        assert row[4] == pytest.approx(dependence.product_total / 1e6)
        assert shown_pct(row[5]) == dependence.share_pct > 50


def test_synthese_line_with_region_and_france(path, fiche):
    text = sheet_text(load_workbook(path, data_only=True)["Synthèse"])
    dept, region, france = (formatting.pct(e.us_pct, 1) for e in fiche.exposure)
    expected = (
        "Part des exportations vers les États-Unis\u00a0: "  # no-break space: French typography
        f"{dept} (région {region}, France {france})."
    )
    assert expected in text
    exports = fiche.evolution.exports.pct
    assert f"Évolution depuis 2023\u00a0: exportations {'+' if exports > 0 else ''}" in text


def test_methode_defines_the_indicators(path):
    text = sheet_text(load_workbook(path)["Méthode"])
    for words in ("Herfindahl", "Part des 3 premiers", "plus de la moitié", "2023", "n.s."):
        assert words in text
    builtin = labels.builtin_labels()
    for code in indicators.EU27:
        assert builtin.pays_label(code) in text, code
    assert "[" not in text  # tags removed
    assert "compare ses" not in text  # the syntheses' lines are not in a department's


def test_new_charts_native_with_title_alt_text_and_cells(path, fiche):
    titles = checked_charts(path)
    evolution = [c for t, c in titles.items() if "2023 et 2024" in t]
    assert len(evolution) == 2
    for chart in evolution:
        assert chart.find(".//c:grouping", NS).get("val") == "clustered"
        assert [name for name, *_ in series(chart)] == ["2023", "2024"]
    destination = next(c for t, c in titles.items() if t.startswith("Destination"))
    named = {name: cache for name, _, cache, _ in series(destination)}
    assert list(named) == ["Cher", "Centre-Val de Loire", "France entière"]
    assert [shown_pct(v) for v in named["Cher"]] == [
        fiche.exposure[0].us_pct,
        fiche.exposure[0].eu_pct,
        fiche.exposure[0].extra_eu_pct,
    ]


def test_same_inputs_same_bytes(tmp_path, fiche, frame):
    first = write(tmp_path, fiche, frame, "a.xlsx").read_bytes()
    assert write(tmp_path, fiche, frame, "b.xlsx").read_bytes() == first


def test_hostile_labels_stay_text(tmp_path, frame, previous):
    hostile = HostileLabels()
    fiche = full_fiche(frame, previous, hostile)
    path = write(tmp_path, fiche, frame, labels_=hostile)
    book = load_workbook(path)
    text = sheet_text(book["Évolution"]) + sheet_text(book["Exposition"])
    assert "0123" in text  # a country without a name of ours: its label, as text
    # a product's official label is only in « Libellés » (the sheets show our name)
    assert "=cmd|' /C calc'!A0" in sheet_text(book["Libellés"])
    assert "cmd" not in formula_code(path)  # in a formula, only as a string literal


def test_department_without_trade_this_year(tmp_path, frame, previous):
    """Trade last year, none this year: -100 %, shares "n.d.", no empty chart, text instead."""
    empty = frame[frame["departement"] != "18"]
    fiche = full_fiche(empty, previous)
    path = write(tmp_path, fiche, empty)
    book = load_workbook(path, data_only=True)
    exports = next(
        r for r in book["Évolution"].iter_rows(values_only=True) if r[0] == "Exportations"
    )
    assert exports[3] == 0 and exports[5] == -1.0
    exposition = sheet_text(book["Exposition"])
    assert "n.d." in exposition and "aucune exportation vers les États-Unis" in exposition
    assert "Part des exportations vers les États-Unis\u00a0: n.d. (région" in sheet_text(
        book["Synthèse"]
    )
    titles = checked_charts(path)
    assert not any(t.startswith("Destination") for t in titles)
    checked_formulas(path)
