"""The deck, read back with python-pptx: slides in the fiche's order, figures, texts, geometry."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Pt

from officefiches.compute import aggregate
from officefiches.formatting import meur, pct
from officefiches.model import Scope, Territoires
from officefiches.writers import SharedFigures, look, sections, write_deck
from tests import factories

SANKEY_SLIDES = range(6, 12)  # 0-based: exports (dept, region, France), then imports
RED = "D62728"

TITLES = [
    "Les indicateurs clés : commerce extérieur",
    "Introduction",
    "Contexte",
    "Précisions méthodologiques",
    "Balance commerciale territoriale",
    "Principales activités à l'export et à l'import",
    "Exportations : Cher",
    "Exportations : Centre-Val de Loire",
    "Exportations : France entière",
    "Importations : Cher",
    "Importations : Centre-Val de Loire",
    "Importations : France entière",
    "Informations pratiques",
]


def shapes_of(container):
    """Every shape, groups included, depth first."""
    for shape in container.shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from shapes_of(shape)


def plain(text: str) -> str:
    """A slide's text without its French typography (no-break spaces, curly apostrophes, the
    word joiners that keep « États-Unis » whole where the viewer wraps), to compare with texts
    written plainly."""
    text = re.sub("\u202f(?=[;?!])", " ", text)
    return text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2060", "")


def slide_text(slide) -> str:
    """Every text of the slide, tables' cells included, without its typography (`plain`)."""
    parts = []
    for shape in shapes_of(slide):
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        elif getattr(shape, "has_table", False):
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return plain("\n".join(parts))


def deck_text(prs) -> str:
    return "\n".join(slide_text(slide) for slide in prs.slides)


def write(tmp_path, fiche, name="deck.pptx", **options):
    path = tmp_path / name
    write_deck(fiche, path, **options)
    return Presentation(str(path))


@pytest.fixture(scope="module")
def fiche():
    return factories.fiche()


@pytest.fixture(scope="module")
def deck(fiche, tmp_path_factory):
    return write(tmp_path_factory.mktemp("deck"), fiche, created=datetime(2025, 6, 1))


def test_slides_follow_the_fiche(deck):
    assert [plain(slide.shapes.title.text) for slide in deck.slides] == TITLES


def test_cover_names_department_year_and_territoires(deck):
    cover = slide_text(deck.slides[0])
    assert "Cher" in cover
    assert "2024" in cover
    assert "Berry Sologne" in cover
    assert "démonstration" not in cover
    assert "partielle" not in cover


def test_totals_and_shares_are_printed(deck, fiche):
    text = deck_text(deck)
    for flux in ("E", "I"):
        shares = fiche.shares(flux)
        assert f"{meur(shares.value)} millions d'euros" in text
        assert pct(shares.region_pct, 1) in text
        assert pct(shares.france_pct, 2) in text
    for scope in (fiche.region, fiche.france):
        assert f"{meur(scope.totals.exports)} millions d'euros" in text
        assert f"{meur(scope.totals.imports)} millions d'euros" in text


def test_key_figures_sentences(deck, fiche):
    export_slide = slide_text(deck.slides[6])
    share = pct(fiche.shares_export.region_pct, 1)
    assert f"soit {share} de la valeur exportée par la région Centre-Val de Loire" in export_slide
    import_slide = slide_text(deck.slides[9])
    assert f"soit {pct(fiche.shares_import.france_pct, 2)} de la valeur importée" in import_slide


def test_demo_banner(tmp_path):
    prs = write(tmp_path, factories.fiche(is_demo=True))
    assert "Données de démonstration (synthétiques)" in slide_text(prs.slides[0])


def test_partial_year_on_cover(tmp_path):
    partial = factories.with_data(factories.fiche(), quarters=(1, 2))
    prs = write(tmp_path, partial)
    assert "année partielle" in slide_text(prs.slides[0]).lower()


def test_every_slide_has_notes(deck):
    for slide in deck.slides:
        assert slide.has_notes_slide
        assert slide.notes_slide.notes_text_frame.text.strip()


def test_nothing_off_the_slide(deck):
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        for shape in shapes_of(slide):
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width, (number, shape.name)
            assert shape.top + shape.height <= height, (number, shape.name)


def test_document_properties(deck):
    props = deck.core_properties
    assert props.author == "officefiches"
    assert props.revision == 1
    assert props.created == datetime(2025, 6, 1)
    assert props.modified == datetime(2025, 6, 1)
    assert "Cher" in props.title


def test_shared_figures_can_be_reused(tmp_path, fiche):
    shared = SharedFigures()
    write(tmp_path, fiche, "a.pptx", shared=shared)
    first = len(shared)
    prs = write(tmp_path, fiche, "b.pptx", shared=shared)
    assert len(shared) == first
    assert [plain(slide.shapes.title.text) for slide in prs.slides] == TITLES


# --- figures ------------------------------------------------------------------------------


def alt_text(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr/@descr")[0] if _has_descr(shape) else ""


def _has_descr(shape) -> bool:
    return bool(shape._element.xpath("./*[1]/p:cNvPr/@descr"))


def test_balance_is_a_native_butterfly_chart(deck, fiche):
    frames = [s for s in deck.slides[4].shapes if s.has_chart]
    assert len(frames) == 1
    chart = frames[0].chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert alt_text(frames[0])
    series = {s.name: s for s in chart.plots[0].series}
    partners = fiche.department.partners
    shown = [look.display_name("pays", p.code, p.label) for p in partners]
    assert list(chart.plots[0].categories) == shown
    imports = list(series["Importations"].values)
    assert imports == [-round(p.imports / 1e6, 1) for p in partners]
    assert all(v <= 0 for v in imports) and any(v < 0 for v in imports)
    assert all(s.invert_if_negative is False for s in series.values())
    format_code = series["Importations"]._element.xpath(".//c:formatCode")[0].text
    assert format_code.split(";")[0] == format_code.split(";")[1]  # negatives shown unsigned
    number_format = chart.plots[0].data_labels.number_format
    assert number_format.split(";")[0] == number_format.split(";")[1]  # no minus sign shown
    assert number_format.startswith("[$-40C]")  # shown the French way in any viewer


def test_butterfly_data_is_embedded_for_editing(deck, fiche):
    chart = next(s for s in deck.slides[4].shapes if s.has_chart).chart
    blob = chart.part.chart_workbook.xlsx_part.blob
    sheet = load_workbook(io.BytesIO(blob)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1:] == ("Exportations", "Importations")
    first = fiche.department.partners[0]
    name = look.display_name("pays", first.code, first.label)
    assert rows[1] == (name, round(first.exports / 1e6, 1), -round(first.imports / 1e6, 1))


def test_balance_per_country_with_sign_and_colour(deck, fiche):
    texts = {s.name: s for s in deck.slides[4].shapes if s.name.startswith("Solde ")}
    for partner in fiche.department.partners:
        shape = texts[f"Solde {look.display_name('pays', partner.code, partner.label)}"]
        run = shape.text_frame.paragraphs[0].runs[0]
        color = str(run.font.color.rgb)
        if partner.balance > 0:
            assert shape.text_frame.text.startswith("+") and color == "2E8B57"
        elif partner.balance < 0:
            assert shape.text_frame.text.startswith("\u2212") and color == "C0392B"


def groups(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]


def test_treemap_and_sankeys_are_shape_groups_with_alt_text(deck):
    for index in (5, *SANKEY_SLIDES):
        found = groups(deck.slides[index])
        assert len(found) == 1, index
        assert len(alt_text(found[0])) > 40, index


def test_treemap_boxes_have_the_flow_colours(deck, fiche):
    tiles = [s for s in groups(deck.slides[5])[0].shapes if s.name.startswith("Produit ")]
    colors = {str(t.fill.fore_color.rgb) for t in tiles}
    assert {"7B3FA0", "1F4E9C"} <= colors
    width = {  # each flow in its own half: one block's layout never depends on the other
        c: max(t.left + t.width for t in tiles if str(t.fill.fore_color.rgb) in c)
        - min(t.left for t in tiles if str(t.fill.fore_color.rgb) in c)
        for c in (("7B3FA0", "D9C8E6"), ("1F4E9C", "C6D3EA"))
    }
    assert width[("7B3FA0", "D9C8E6")] == pytest.approx(width[("1F4E9C", "C6D3EA")], abs=3)


def test_sankey_bands_one_per_link_five_in_red(deck, fiche):
    scopes = (fiche.department, fiche.region, fiche.france) * 2
    fluxes = ("E",) * 3 + ("I",) * 3
    for index, scope, flux in zip(SANKEY_SLIDES, scopes, fluxes, strict=True):
        matrix = scope.flows(flux)
        bands = [s for s in groups(deck.slides[index])[0].shapes if s.name.startswith("Flux ")]
        assert len(bands) == len(matrix.links)
        red = [b for b in bands if str(b.fill.fore_color.rgb) == RED]
        assert len(red) == sum(k.highlighted for k in matrix.links) == 5
        assert bands[-len(red) :] == red  # drawn last, on top


def band_thickness(band) -> int:
    """Thickness at the left end: from the path's first point down to its last one."""
    points = band._element.xpath(".//a:pt")
    return int(points[-1].get("y")) - int(points[0].get("y"))


def test_sankey_band_width_is_proportional_to_value(deck, fiche):
    matrix = fiche.department.flows_export
    bands = {s.name: s for s in groups(deck.slides[6])[0].shapes if s.name.startswith("Flux ")}
    ratios = []
    for link in sorted(matrix.links, key=lambda k: -k.value)[:10]:
        source, target = matrix.left[link.source], matrix.right[link.target]
        names = (
            look.display_name("a129", source.code, source.label),
            look.display_name("pays", target.code, target.label),
        )
        name = f"Flux {names[0]} → {names[1]}"
        ratios.append(band_thickness(bands[name]) / link.value)
    assert max(ratios) == pytest.approx(min(ratios), rel=0.01)


def test_sankey_labels_name_every_node(deck, fiche):
    text = slide_text(deck.slides[6])
    notes = plain(deck.slides[6].notes_slide.notes_text_frame.text)
    for node in fiche.department.flows_export.left + fiche.department.flows_export.right:
        assert meur(node.value) in text
        kind = "a129" if node in fiche.department.flows_export.left else "pays"
        assert look.display_name(kind, node.code, node.label) in notes


# --- text and geometry --------------------------------------------------------------------


def runs(slide):
    for shape in shapes_of(slide):
        frames = [shape.text_frame] if shape.has_text_frame else []
        if getattr(shape, "has_table", False):
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        for frame in frames:
            for paragraph in frame.paragraphs:
                yield from paragraph.runs


def test_text_is_the_themes_font_arial_and_at_least_10_points(deck):
    """Every run names the theme's body font (one family per slide, with any template), and
    our own theme's is Arial."""
    from officefiches.writers.pptx import drawing

    for slide in deck.slides:
        for run in runs(slide):
            if run.font.size is not None:
                assert run.font.size >= Pt(10), run.text
            if run.text.strip() and run.font.name is not None:
                assert run.font.name == drawing.THEME_FONT, run.text
    theme = deck.slide_master.part.part_related_by(RT.THEME).blob
    assert b'<a:minorFont><a:latin typeface="Arial"' in theme


def test_shape_ids_are_unique_on_each_slide(deck):
    for slide in deck.slides:
        ids = slide.shapes._spTree.xpath("//p:cNvPr/@id")
        assert len(ids) == len(set(ids))


def test_templates_fill_placeholders(deck):
    intro = slide_text(deck.slides[1])
    assert "Cher" in intro and "Centre-Val de Loire" in intro
    assert "{" not in deck_text(deck)


def test_informations_slide_has_links(deck):
    addresses = [r.hyperlink.address for r in runs(deck.slides[-1]) if r.hyperlink.address]
    assert any(a.startswith("mailto:") for a in addresses)


# --- variants -----------------------------------------------------------------------------


def fiche_from(frame, department="18"):
    labels = factories.StubLabels()
    dept = aggregate.scope_figures(
        frame[frame["departement"] == department], Scope("department", department, "Cher"), labels
    )
    region = aggregate.scope_figures(frame, Scope("region", "24", "Centre-Val de Loire"), labels)
    france = aggregate.scope_figures(frame, Scope("france", "FR", "France entière"), labels)
    data = factories.data_info()
    return aggregate.make_fiche(data, dept, region, france, Territoires(names=()))


def test_few_partners_and_products_give_smaller_diagrams(tmp_path):
    small = factories.fiche(n=30)
    assert len(small.department.partners) < 10
    prs = write(tmp_path, small)
    chart = next(s for s in prs.slides[4].shapes if s.has_chart).chart
    assert len(list(chart.plots[0].categories)) == len(small.department.partners)
    group = groups(prs.slides[6])[0]
    nodes = [s for s in group.shapes if s.name.startswith("Nœud ")]
    matrix = small.department.flows_export
    assert len(nodes) == len(matrix.left) + len(matrix.right)
    test_nothing_off_the_slide(prs)


def test_no_import_trade_says_so(tmp_path):
    frame = factories.lines()
    frame.loc[(frame["flux"] == "I") & (frame["departement"] == "18"), "flux"] = "E"
    exports_only = fiche_from(frame)
    assert exports_only.department.totals.imports == 0
    prs = write(tmp_path, exports_only)
    assert [plain(slide.shapes.title.text) for slide in prs.slides] == TITLES
    assert "Aucun échange enregistré" in slide_text(prs.slides[9])
    assert not groups(prs.slides[9])
    assert groups(prs.slides[10])  # the region still imports
    assert "Aucun Territoire d'industrie" in slide_text(prs.slides[0])
    test_nothing_off_the_slide(prs)


def test_images_mode_gives_pictures_with_alt_text(tmp_path, fiche):
    prs = write(tmp_path, fiche, figures="images")
    for index in (5, *SANKEY_SLIDES):
        pictures = [s for s in prs.slides[index].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, index
        assert len(alt_text(pictures[0])) > 40
        assert pictures[0].image.content_type == "image/png"
        assert not groups(prs.slides[index])
    assert any(s.has_chart for s in prs.slides[4].shapes)  # the chart stays native
    test_nothing_off_the_slide(prs)


def test_user_template_layouts_are_found_by_type(tmp_path, fiche):
    template = Presentation()  # 4:3, with a slide to be dropped
    template.slides.add_slide(template.slide_layouts[1]).shapes.title.text = "À supprimer"
    layouts = template.slide_master.element.find("{*}sldLayoutIdLst")
    first = layouts[5]  # "Title Only" moved last: not found by index
    layouts.remove(first)
    layouts.append(first)
    path = tmp_path / "modele.pptx"
    template.save(str(path))
    prs = write(tmp_path, fiche, template=path)
    assert prs.slide_width == template.slide_width
    assert [plain(slide.shapes.title.text) for slide in prs.slides] == TITLES
    assert {slide.slide_layout.name for slide in prs.slides} == {"Title Only"}
    assert "À supprimer" not in deck_text(prs)
    test_nothing_off_the_slide(prs)


def test_region_drawings_are_drawn_once_and_copied(tmp_path, fiche):
    shared = SharedFigures()
    first = write(tmp_path, fiche, "a.pptx", shared=shared)
    misses = shared.misses
    second = write(tmp_path, fiche, "b.pptx", shared=shared)
    assert shared.misses == misses and shared.hits >= 4
    for index in (7, 8, 10, 11):
        a, b = groups(first.slides[index])[0], groups(second.slides[index])[0]
        assert [s.name for s in a.shapes] == [s.name for s in b.shapes]


def test_a_template_that_is_not_a_pptx_is_refused(tmp_path, fiche):
    from officefiches.errors import UsageError

    bad = tmp_path / "modele.potx"
    bad.write_bytes(b"not a presentation")
    with pytest.raises(UsageError, match="Modèle PowerPoint illisible"):
        write_deck(fiche, tmp_path / "deck.pptx", template=bad)
    assert not (tmp_path / "deck.pptx").exists()


def zip_members(data: bytes) -> dict[str, bytes]:
    """Every member of a zip; an embedded workbook is opened too (its members prefixed)."""
    import zipfile

    members = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            if name.endswith(".xlsx"):
                members.update({f"{name}/{k}": v for k, v in zip_members(content).items()})
            else:
                members[name] = content
    return members


def test_same_inputs_give_the_same_xml(tmp_path, fiche):
    created = datetime(2024, 12, 31, 8, 0)
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    write_deck(fiche, first, created=created)
    write_deck(fiche, second, created=created)
    a, b = zip_members(first.read_bytes()), zip_members(second.read_bytes())
    assert a.keys() == b.keys()
    assert any(name.startswith("ppt/embeddings/") for name in a)
    assert [name for name in a if a[name] != b[name]] == []


def test_department_without_any_trade(tmp_path):
    empty = fiche_from(factories.lines(departments=("36", "45")))
    assert empty.department.totals.exports == empty.department.totals.imports == 0
    prs = write(tmp_path, empty)
    assert [plain(slide.shapes.title.text) for slide in prs.slides] == TITLES
    for index in (4, 5, 6, 9):
        assert "Aucun échange enregistré" in slide_text(prs.slides[index]), index
    assert groups(prs.slides[7]) and groups(prs.slides[8])  # region and France still drawn
    test_nothing_off_the_slide(prs)


# --- year-on-year change, exposure and dependence -------------------------------------------------

EVOLUTION_TITLES = [*TITLES[:-1], "Évolution 2023 → 2024", "Exposition et dépendance", TITLES[-1]]
EVOLUTION_SLIDE, EXPOSURE_SLIDE = 12, 13


def with_indicators(fiche, previous_year: bool = True):
    """The factory's fiche with the change since 2023 and the exposure of its three scopes."""
    from officefiches.compute import indicators

    frame, labels = factories.lines(), factories.StubLabels()
    department = frame[frame["departement"] == "18"]
    evolution = None
    if previous_year:
        before = factories.lines(seed=1, year=2023)
        before = before[before["departement"] == "18"]
        evolution = indicators.evolution(fiche.department, before, 2023)
    exposure = (
        indicators.exposure(department, fiche.department.scope, labels),
        indicators.exposure(frame, fiche.region.scope, labels),
        indicators.exposure(frame, fiche.france.scope, labels),
    )
    return dataclasses.replace(fiche, evolution=evolution, exposure=exposure)


@pytest.fixture(scope="module")
def full_fiche(fiche):
    return with_indicators(fiche)


@pytest.fixture(scope="module")
def full_deck(full_fiche, tmp_path_factory):
    return write(tmp_path_factory.mktemp("full"), full_fiche, created=datetime(2025, 6, 1))


def tables_of(slide):
    return [s for s in slide.shapes if getattr(s, "has_table", False)]


def test_new_slides_come_after_the_fiche_and_before_informations(full_deck):
    assert [plain(slide.shapes.title.text) for slide in full_deck.slides] == EVOLUTION_TITLES


def test_without_previous_year_no_evolution_slide(tmp_path, fiche):
    prs = write(tmp_path, with_indicators(fiche, previous_year=False))
    titles = [plain(slide.shapes.title.text) for slide in prs.slides]
    assert titles == [*TITLES[:-1], "Exposition et dépendance", TITLES[-1]]
    assert "Évolution" not in deck_text(prs) and "2023" not in deck_text(prs)


def test_evolution_totals_with_values_signs_and_arrows(full_deck, full_fiche):
    from officefiches.formatting import signed_meur

    text = slide_text(full_deck.slides[EVOLUTION_SLIDE])
    for change in (full_fiche.evolution.exports, full_fiche.evolution.imports):
        assert meur(change.previous) in text and meur(change.current) in text
        assert signed_meur(change.delta) in text
        sign = "+" if change.delta > 0 else "\u2212"
        arrow = "▲" if change.delta > 0 else "▼"
        assert f"{arrow} {sign}{pct(abs(change.pct), 1)}" in text
    products = full_fiche.evolution.products_export
    assert look.display_name("a129", products[0].code, products[0].label) in text
    evolution = full_fiche.evolution
    before = evolution.exports.previous - evolution.imports.previous
    notes = plain(full_deck.slides[EVOLUTION_SLIDE].notes_slide.notes_text_frame.text)
    assert f"Solde : {signed_meur(before)} M€ en 2023" in notes  # signed, no percentage
    assert "n.s." in text and "(n.s.)" in notes


def test_evolution_partners_chart_is_native_with_both_years(full_deck, full_fiche):
    slide = full_deck.slides[EVOLUTION_SLIDE]
    (frame,) = [s for s in slide.shapes if s.has_chart]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    partners = full_fiche.evolution.partners
    assert list(chart.plots[0].categories) == [
        look.display_name("pays", c.code, c.label) for c in partners
    ]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series["2023"] == [round(c.previous / 1e6, 1) for c in partners]
    assert series["2024"] == [round(c.current / 1e6, 1) for c in partners]
    blob = chart.part.chart_workbook.xlsx_part.blob
    rows = list(load_workbook(io.BytesIO(blob)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][1:] == ("2023", "2024")
    assert len(alt_text(frame)) > 40
    texts = [s for s in slide.shapes if s.has_text_frame]
    changes = {s.name: s.text_frame.text for s in texts if s.name.startswith("Évolution ")}
    assert len(changes) == len(partners)


def test_zero_base_is_new_not_a_percentage(tmp_path, full_fiche):
    from officefiches.model import Change

    evolution = full_fiche.evolution
    first = evolution.partners[0]
    newcomer = Change(first.code, first.label, 0, first.current)
    changed = dataclasses.replace(evolution, partners=(newcomer, *evolution.partners[1:]))
    prs = write(tmp_path, dataclasses.replace(full_fiche, evolution=changed))
    slide = prs.slides[EVOLUTION_SLIDE]
    assert slide_text(slide).count("nouveau") >= 1
    shape = next(s for s in slide.shapes if s.name == f"Évolution {first.label}")
    assert shape.text_frame.text == "nouveau"


def test_exposure_figures_beside_region_and_france(full_deck, full_fiche):
    from officefiches.formatting import number

    slide = full_deck.slides[EXPOSURE_SLIDE]
    (indicators_table, *_) = tables_of(slide)
    header = [plain(cell.text) for cell in indicators_table.table.rows[0].cells]
    assert header[1:] == ["Cher", "Centre-Val de Loire", "France entière"]
    rows = {
        plain(r.cells[0].text): [plain(c.text) for c in r.cells][1:]
        for r in indicators_table.table.rows
    }
    assert rows["vers les États-Unis"] == [pct(e.us_pct, 1) for e in full_fiche.exposure]
    assert rows["hors de l'Union européenne"] == [
        pct(e.extra_eu_pct, 1) for e in full_fiche.exposure
    ]
    herfindahl = [number(e.partners_export.herfindahl, 3) for e in full_fiche.exposure]
    assert rows["Pays clients : indice de Herfindahl"] == herfindahl
    assert all(len(h) == 5 and h[1] == "," for h in herfindahl)  # "0,322"
    assert rows["Pays clients : part des 3 premiers"] == [
        pct(e.partners_export.top3_pct, 1) for e in full_fiche.exposure
    ]


def test_exposure_lists_us_products_and_dependences(full_deck, full_fiche):
    department = full_fiche.exposure[0]
    slide = full_deck.slides[EXPOSURE_SLIDE]
    text = slide_text(slide)
    product = department.us_products[0]
    assert f"{meur(product.value)}" in text and pct(product.share_pct, 1) in text
    dependence = department.dependences[0]
    country = look.display_name("pays", dependence.country_code, dependence.country_label)
    assert country in text and pct(dependence.share_pct, 1) in text
    notes = plain(slide.notes_slide.notes_text_frame.text)
    assert "Herfindahl" in notes and "Définitions" in notes
    assert look.display_name("a129", product.code, product.label) in notes
    assert look.display_name("a129", dependence.product_code, dependence.product_label) in notes
    assert all(len(alt_text(t)) > 20 for t in tables_of(slide))


def test_no_us_exports_and_no_dependence_say_so(tmp_path, full_fiche):
    department = dataclasses.replace(full_fiche.exposure[0], us_products=(), dependences=())
    exposure = (department, *full_fiche.exposure[1:])
    prs = write(tmp_path, dataclasses.replace(full_fiche, exposure=exposure))
    text = slide_text(prs.slides[EXPOSURE_SLIDE])
    assert "Aucune exportation vers les États-Unis" in text
    assert "Aucun produit importé ne vient à plus de la moitié d'un seul pays" in text


def test_a_region_of_one_department_is_not_shown_twice(tmp_path, full_fiche):
    """Corse (one department): no region flow slides, no « part de la région » line, no region
    column in the exposure table; France's slides, shares and column stay."""
    corse = dataclasses.replace(
        full_fiche,
        department=dataclasses.replace(
            full_fiche.department, scope=Scope("department", "20", "Corse")
        ),
        region=dataclasses.replace(full_fiche.region, scope=Scope("region", "94", "Corse")),
    )
    assert corse.region_alone and not full_fiche.region_alone
    prs = write(tmp_path, corse)
    expected = [t.replace("Cher", "Corse") for t in EVOLUTION_TITLES if "Centre-Val" not in t]
    assert [plain(slide.shapes.title.text) for slide in prs.slides] == expected
    # « Messages » lists these slides, each once (the region's would repeat the department's)
    assert [plain(t) for t in sections.titles(corse)] == expected
    text = deck_text(prs)
    assert "de la valeur exportée par la région" not in text
    assert "de la valeur importée par la région" not in text
    assert f"soit {pct(full_fiche.shares_export.france_pct, 2)} de la valeur exportée" in text
    exposure = prs.slides[expected.index("Exposition et dépendance")]
    header = [plain(cell.text) for cell in tables_of(exposure)[0].table.rows[0].cells]
    assert header[1:] == [corse.exposure[0].scope.name, "France entière"]
    assert "ces indicateurs pour la France entière." in slide_text(exposure)


def test_exposure_reading_names_the_columns_compared(full_deck):
    text = slide_text(full_deck.slides[EXPOSURE_SLIDE])
    assert "ces indicateurs pour la région Centre-Val de Loire et la France entière." in text


def test_new_slides_geometry_text_and_notes(full_deck):
    test_nothing_off_the_slide(full_deck)
    test_shape_ids_are_unique_on_each_slide(full_deck)
    test_text_is_the_themes_font_arial_and_at_least_10_points(full_deck)
    test_every_slide_has_notes(full_deck)
    assert "{" not in deck_text(full_deck)


def test_department_without_trade_has_evolution_and_exposure_slides(tmp_path):
    from officefiches.compute import indicators

    frame = factories.lines(departments=("36", "45"))
    empty = fiche_from(frame)
    nothing = frame[frame["departement"] == "18"]
    labels = factories.StubLabels()
    evolution = indicators.evolution(empty.department, nothing, 2023)
    exposure = tuple(
        indicators.exposure(rows, scope.scope, labels)
        for rows, scope in (
            (nothing, empty.department),
            (frame, empty.region),
            (frame, empty.france),
        )
    )
    prs = write(tmp_path, dataclasses.replace(empty, evolution=evolution, exposure=exposure))
    assert [plain(slide.shapes.title.text) for slide in prs.slides] == EVOLUTION_TITLES
    evolution_text = slide_text(prs.slides[EVOLUTION_SLIDE])
    assert "n.d." in evolution_text and "Aucun échange enregistré" in evolution_text
    assert "n.d." in slide_text(prs.slides[EXPOSURE_SLIDE])
    test_nothing_off_the_slide(prs)


def test_a_change_that_rounds_to_zero_is_neutral():
    from officefiches.model import Change
    from officefiches.writers.pptx import evolution

    tiny_fall = Change("C10A", "Viandes", 1_000_000_000, 999_900_000)  # −0,01 %
    assert evolution.change_text(tiny_fall) == "= 0,0\u202f%"
    assert evolution.change_color(tiny_fall) == look.MUTED
    fall = Change("C10A", "Viandes", 1_000_000_000, 990_000_000)
    assert evolution.change_text(fall).startswith("▼")
    assert evolution.change_color(fall) == look.NEGATIVE


@pytest.fixture(scope="module")
def undetermined(tmp_path_factory):
    """A fiche whose department's largest import origin and export destination is QU (a code
    that names no country), and its deck."""
    fiche = factories.fiche_from(factories.with_undetermined(factories.lines(seed=7, n=900)))
    return fiche, write(tmp_path_factory.mktemp("undetermined"), fiche)


NOT_COUNTRY_NODES = ("Pays QU", "Pays QS")  # StubLabels' names of the codes QU, QS


def test_flow_slides_rank_no_undetermined_partner_and_say_its_amount(undetermined):
    fiche, prs = undetermined
    scopes = (fiche.department, fiche.region, fiche.france)
    for index, (flux, scope) in zip(
        SANKEY_SLIDES, [(f, s) for f in ("E", "I") for s in scopes], strict=True
    ):
        slide = prs.slides[index]
        text = slide_text(slide)
        notes = plain(slide.notes_slide.notes_text_frame.text)
        # not a node of the diagram, not among the five largest flows, nor in the notes' lists
        assert not [name for name in NOT_COUNTRY_NODES if name in text or name in notes]
        amount = scope.flows(flux).undetermined
        assert amount > 0
        said = [
            plain(s.text_frame.text)
            for s in slide.shapes
            if s.has_text_frame and s.name == "Partenaires non déterminés"
        ]
        assert len(said) == 1 and f"{meur(amount)} M€" in said[0], said
        assert "« Autres »" in said[0] and f"{meur(amount)} M€" in notes
        # said under the diagram, so the panel keeps room for the five largest flows
        assert "Les cinq plus gros flux" in text


def test_cover_first_customer_is_a_country(undetermined):
    fiche, prs = undetermined
    cover = slide_text(prs.slides[0])
    assert "Premier pays client : Pays " in cover
    assert not [name for name in NOT_COUNTRY_NODES if name in cover]
