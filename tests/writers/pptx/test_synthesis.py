"""The region's and France's synthesis decks, read back with python-pptx."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from officefiches.compute import aggregate, indicators
from officefiches.formatting import meur, pct
from officefiches.model import Scope, Synthesis, Territoires
from officefiches.writers import SharedFigures, write_deck
from tests import factories
from tests.writers.pptx import test_department as base
from tests.writers.pptx.test_department import deck_text, groups, plain, slide_text

REGION_DEPARTMENTS = ("18", "36", "45")
NAMES = {"18": "Cher", "36": "Indre", "45": "Loiret", "75": "Paris", "13": "Bouches-du-Rhône"}
REGIONS = {
    "18": ("24", "Centre-Val de Loire"),
    "36": ("24", "Centre-Val de Loire"),
    "45": ("24", "Centre-Val de Loire"),
    "75": ("11", "Île-de-France"),
    "13": ("93", "Provence-Alpes-Côte d'Azur"),
}
REGION = Scope("region", "24", "Centre-Val de Loire")
FRANCE = Scope("france", "FR", "France entière")

REGION_TITLES = [
    "Les indicateurs clés : commerce extérieur",
    "Chiffres clés : Centre-Val de Loire",
    "Comparaison des départements",
    "Les départements en chiffres",
    "Balance commerciale territoriale",
    "Principales activités à l'export et à l'import",
    "Exportations : Centre-Val de Loire",
    "Importations : Centre-Val de Loire",
    "Évolution 2023 → 2024",
    "Exposition et dépendance",
    "Informations pratiques",
]
KEY_FIGURES, MEMBERS_CHART, MEMBERS_TABLE, EXPORT_FLOWS, IMPORT_FLOWS = 1, 2, 3, 6, 7
EVOLUTION, EXPOSURE = 8, 9


def frames():
    whole = factories.lines(n=900, departments=tuple(REGIONS))
    before = factories.lines(seed=1, n=900, departments=tuple(REGIONS), year=2023)
    return whole, before


def synthesis_of(frame, previous, region: bool, is_demo=True) -> Synthesis:
    """A region's (or France's) synthesis, made as the build makes it."""
    france = aggregate.scope_figures(frame, FRANCE, factories.StubLabels())
    if not region:
        return make(frame, previous, france, None, REGIONS, is_demo)
    rows = frame[frame["departement"].isin(REGION_DEPARTMENTS)]
    before = previous[previous["departement"].isin(REGION_DEPARTMENTS)]
    whole = aggregate.scope_figures(rows, REGION, factories.StubLabels())
    groups_ = {code: (code, NAMES[code]) for code in REGION_DEPARTMENTS}
    return make(rows, before, whole, france, groups_, is_demo)


def tables_of(frame, previous, region: bool):
    """The workbook's data tables of `synthesis_of(frame, previous, region)`."""
    if not region:
        return factories.synthesis_tables(frame, REGIONS, previous=previous)
    rows = frame[frame["departement"].isin(REGION_DEPARTMENTS)]
    before = previous[previous["departement"].isin(REGION_DEPARTMENTS)]
    groups_ = {code: (code, NAMES[code]) for code in REGION_DEPARTMENTS}
    return factories.synthesis_tables(rows, groups_, parent_frame=frame, previous=before)


def make(rows, before, whole, parent, groups_, is_demo=True) -> Synthesis:
    """The synthesis of `whole` (the figures of `rows`); no change without `before`."""
    labels = factories.StubLabels()
    return Synthesis(
        data=factories.data_info(is_demo=is_demo),
        whole=whole,
        parent=parent,
        members=aggregate.members(rows, groups_, labels),
        exposure=indicators.exposure(rows, whole.scope, labels),
        evolution=indicators.evolution(whole, before, 2023) if before is not None else None,
    )


def write(tmp_path, synthesis, name="synthese.pptx", **options):
    path = tmp_path / name
    write_deck(synthesis, path, **options)
    return Presentation(str(path))


def titles(prs) -> list[str]:
    return [plain(slide.shapes.title.text) for slide in prs.slides]


@pytest.fixture(scope="module")
def data():
    return frames()


@pytest.fixture(scope="module")
def region(data):
    return synthesis_of(*data, region=True)


@pytest.fixture(scope="module")
def region_deck(region, tmp_path_factory):
    return write(tmp_path_factory.mktemp("region"), region, created=datetime(2025, 6, 1))


@pytest.fixture(scope="module")
def france(data):
    return synthesis_of(*data, region=False)


@pytest.fixture(scope="module")
def france_deck(france, tmp_path_factory):
    return write(tmp_path_factory.mktemp("france"), france)


def test_region_slides_in_order_titles_in_placeholders(region_deck):
    assert titles(region_deck) == REGION_TITLES
    for slide in region_deck.slides:
        assert slide.shapes.title.is_placeholder


def test_france_slides(france_deck):
    expected = [
        t.replace("Centre-Val de Loire", "France entière").replace("départements", "régions")
        for t in REGION_TITLES
    ]
    assert titles(france_deck) == expected


def test_cover_names_the_whole_year_members_and_demo(region_deck, region):
    cover = slide_text(region_deck.slides[0])
    assert "Synthèse régionale — Centre-Val de Loire" in cover
    assert "3 départements · données 2024" in cover
    assert "Données de démonstration (synthétiques)" in cover
    for member in region.members:
        assert member.name in cover
    assert "partielle" not in cover


def test_one_member_is_singular(tmp_path, region):
    alone = dataclasses.replace(region, members=region.members[:1])
    assert "1 département · données 2024" in slide_text(write(tmp_path, alone).slides[0])


def test_partial_year_and_real_data_on_the_cover(tmp_path, region):
    partial = factories.with_data(region, quarters=(1, 2, 3), is_demo=False)
    cover = slide_text(write(tmp_path, partial).slides[0])
    assert "année partielle" in cover.lower() and "démonstration" not in cover


def test_key_figures_with_share_of_france(region_deck, region):
    text = slide_text(region_deck.slides[KEY_FIGURES])
    totals = region.whole.totals
    assert meur(totals.exports) in text and meur(totals.imports) in text
    assert f"{pct(region.parent_share('E'), 2)} des exportations de la France entière" in text
    assert f"{pct(region.parent_share('I'), 2)} des importations de la France entière" in text
    assert "par rapport à 2023" in text


def test_france_has_no_parent_share(france_deck):
    text = deck_text(france_deck)
    assert "de la France entière" not in slide_text(france_deck.slides[KEY_FIGURES])
    assert "au niveau national" not in text  # no "share of France" under France's own totals


def test_members_table_totals_shares_balance_and_partner(region_deck, region):
    (frame,) = [s for s in region_deck.slides[MEMBERS_TABLE].shapes if s.has_table]
    rows = [[cell.text for cell in row.cells] for row in frame.table.rows]
    assert rows[0][0] == "Département"
    by_name = {row[0]: row for row in rows[1:]}
    for member in region.members:
        row = by_name[member.name]
        assert row[1] == meur(member.totals.exports)
        assert row[2] == pct(member.export_pct, 1)
        assert row[4] == pct(member.import_pct, 1)
        assert row[6] == member.top_partner.label
    assert rows[-1][0] == "Ensemble" and rows[-1][1] == meur(region.whole.totals.exports)
    assert [row[0] for row in rows[1:-1]] == [m.name for m in region.members]


def test_members_chart_is_native_with_embedded_data(region_deck, region):
    slide = region_deck.slides[MEMBERS_CHART]
    (frame,) = [s for s in slide.shapes if s.has_chart]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(chart.plots[0].categories) == [m.name for m in region.members]
    values = {s.name: list(s.values) for s in chart.plots[0].series}
    assert values["Exportations"] == [round(m.totals.exports / 1e6, 1) for m in region.members]
    blob = chart.part.chart_workbook.xlsx_part.blob
    rows = list(load_workbook(io.BytesIO(blob)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][1:] == ("Exportations", "Importations")
    assert frame._element.xpath("./*[1]/p:cNvPr/@descr")[0].startswith("Graphique")


def test_france_compares_its_regions(france_deck, france):
    (frame,) = [s for s in france_deck.slides[MEMBERS_TABLE].shapes if s.has_table]
    assert frame.table.rows[0].cells[0].text == "Région"
    assert len(frame.table.rows) == len(france.members) + 2  # header and "Ensemble"
    assert {m.name for m in france.members} == {name for _, name in REGIONS.values()}


def test_flows_of_the_whole_with_share_of_france(region_deck, region):
    text = slide_text(region_deck.slides[EXPORT_FLOWS])
    assert f"{meur(region.whole.totals.exports)} millions d'euros" in text
    assert f"soit {pct(region.parent_share('E'), 2)} de la valeur exportée" in text
    for index in (EXPORT_FLOWS, IMPORT_FLOWS):
        assert len(groups(region_deck.slides[index])) == 1


def test_region_drawings_come_from_the_department_decks(tmp_path, region):
    """The region's Sankeys drawn for a department's deck are copied into its synthesis."""
    labels = factories.StubLabels()
    frame = factories.lines(n=900, departments=tuple(REGIONS))
    cher = aggregate.scope_figures(
        frame[frame["departement"] == "18"], Scope("department", "18", "Cher"), labels
    )
    data = factories.data_info(is_demo=True)
    fiche = aggregate.make_fiche(data, cher, region.whole, region.parent, Territoires(names=()))
    shared = SharedFigures()
    write_deck(fiche, tmp_path / "cher.pptx", shared=shared)
    hits = shared.hits
    write(tmp_path, region, shared=shared)
    assert shared.hits == hits + 2  # the region's export and import Sankeys


def test_evolution_and_exposure_of_the_whole(region_deck, region):
    text = slide_text(region_deck.slides[EVOLUTION])
    assert meur(region.evolution.exports.previous) in text
    (table, *_) = [s for s in region_deck.slides[EXPOSURE].shapes if s.has_table]
    header = [cell.text.replace("\u2060", "") for cell in table.table.rows[0].cells]
    assert header[1] == "Centre-Val de Loire"  # (word joiners keep « Centre-Val » whole)
    rows = {r.cells[0].text: r.cells[1].text for r in table.table.rows}
    assert rows["vers les États-Unis"] == pct(region.exposure.us_pct, 1)


def test_france_exposure_has_no_parent_column(france_deck, france):
    (table, *_) = [s for s in france_deck.slides[EXPOSURE].shapes if s.has_table]
    assert [cell.text for cell in table.table.rows[0].cells] == ["Indicateur", "France entière"]
    reading = slide_text(france_deck.slides[EXPOSURE])
    assert "Pour comparer" not in reading


def test_without_evolution_nor_exposure(tmp_path, region):
    bare = dataclasses.replace(region, evolution=None, exposure=None)
    prs = write(tmp_path, bare)
    assert titles(prs) == REGION_TITLES[:EVOLUTION] + REGION_TITLES[-1:]
    assert "2023" not in deck_text(prs)


@pytest.mark.parametrize("deck_name", ["region_deck", "france_deck"])
def test_geometry_fonts_ids_notes(deck_name, request):
    prs = request.getfixturevalue(deck_name)
    base.test_nothing_off_the_slide(prs)
    base.test_shape_ids_are_unique_on_each_slide(prs)
    base.test_text_is_the_themes_font_arial_and_at_least_10_points(prs)
    base.test_every_slide_has_notes(prs)
    assert "{" not in deck_text(prs)


def test_document_properties(region_deck):
    props = region_deck.core_properties
    assert props.title == "Commerce extérieur 2024 — Centre-Val de Loire"
    assert props.created == datetime(2025, 6, 1)


def test_images_mode(tmp_path, region):
    prs = write(tmp_path, region, figures="images")
    assert titles(prs) == REGION_TITLES
    base.test_nothing_off_the_slide(prs)


def test_all_eighteen_regions_fit_in_the_table(tmp_path):
    from officefiches import geography

    firsts = {r.departments[0]: (r.insee, r.name) for r in geography.regions()}
    frame = factories.lines(n=3000, departments=tuple(firsts))
    france = aggregate.scope_figures(frame, FRANCE, factories.StubLabels())
    synthesis = make(frame, None, france, None, firsts, is_demo=False)
    assert len(synthesis.members) == 18
    prs = write(tmp_path, synthesis)
    (frame_,) = [s for s in prs.slides[MEMBERS_TABLE].shapes if s.has_table]
    shown = [plain(row.cells[0].text) for row in frame_.table.rows]
    assert shown == ["Région", *(m.name for m in synthesis.members), "Ensemble"]
    cover = slide_text(prs.slides[0])
    assert all(m.name in cover for m in synthesis.members)  # none left out on the cover
    base.test_nothing_off_the_slide(prs)


@pytest.mark.parametrize("is_region", [True, False], ids=["region", "france"])
def test_synthesis_ranks_no_undetermined_partner(tmp_path, data, is_region):
    """QU, the largest origin and destination of one member: never a country of the flow
    slides nor the first country of the key figures; the flow slides say its amount."""
    whole, before = data
    region = synthesis_of(factories.with_undetermined(whole), before, region=is_region)
    prs = write(tmp_path, region)
    names = base.NOT_COUNTRY_NODES
    facts = slide_text(prs.slides[KEY_FIGURES])
    assert "Premier pays client : Pays " in facts and "Premier pays fournisseur : Pays " in facts
    assert not [name for name in names if name in facts]
    for index, flux in ((EXPORT_FLOWS, "E"), (IMPORT_FLOWS, "I")):
        slide = prs.slides[index]
        text = slide_text(slide) + plain(slide.notes_slide.notes_text_frame.text)
        assert not [name for name in names if name in text]
        amount = region.whole.flows(flux).undetermined
        assert amount > 0 and f"{meur(amount)} M€" in text
