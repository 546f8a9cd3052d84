"""The slide « Tendances FIRST–LAST », read back with python-pptx: native line charts with one
point per year (none for a missing year), the summary table, the reading key and the notes."""

from __future__ import annotations

from datetime import datetime

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from officefiches import geography
from officefiches.formatting import meur, signed_pct
from officefiches.model import EXPORT
from officefiches.writers import look, write_deck
from tests import factories, trendsdata
from tests.writers.pptx.test_department import slide_text

CREATED = datetime(2025, 6, 1)


def deck_of(tmp_path, frames, trends, name="t.pptx"):
    fiche = factories.fiche_from(frames[max(frames)], trends=trends)
    path = tmp_path / name
    write_deck(fiche, path, created=CREATED)
    return Presentation(str(path))


def trends_slide(prs):
    found = [s for s in prs.slides if s.shapes.title.text.startswith("Tendances")]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture(scope="module")
def frames():
    return trendsdata.frames()


@pytest.fixture(scope="module")
def trends(frames):
    return trendsdata.department(frames)


@pytest.fixture(scope="module")
def slide(frames, trends, tmp_path_factory):
    prs = deck_of(tmp_path_factory.mktemp("d"), frames, trends)
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles.index("Tendances 2021–2024") == titles.index("Informations pratiques") - 1
    return trends_slide(prs)


def line_charts(slide):
    return {s.name: s.chart for s in slide.shapes if s.has_chart}


def millions(values):
    return [None if v is None else round(v / 1e6, 1) for v in values]


def test_native_line_charts_one_point_per_year(slide, trends):
    charts = line_charts(slide)
    assert set(charts) == {
        "Tendances des échanges",
        "Tendances des pays clients",
        "Tendances des produits exportés",
    }
    for chart in charts.values():
        assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
        assert list(chart.plots[0].categories) == ["2021", "2022", "2023", "2024"]
    totals = {s.name: list(s.values) for s in charts["Tendances des échanges"].plots[0].series}
    assert totals["Exportations"] == millions(trends.exports)
    assert totals["Importations"] == millions(trends.imports)
    assert totals["Solde"] == millions(trends.balance)
    partners = charts["Tendances des pays clients"].plots[0].series
    assert [list(s.values) for s in partners] == [
        millions(p.values) for p in trends.partners(EXPORT)
    ]


def test_table_says_growth_and_shares(slide, trends):
    text = slide_text(slide)
    assert "Croissance annuelle moyenne" in text
    assert f"{signed_pct(trends.growth_exports)} par an" in text
    assert "Part de la région" in text and "Part de la France" in text
    assert meur(trends.exports[0]) in text and meur(trends.imports[-1]) in text


def test_notes_say_first_what_moved_most(slide, trends):
    notes = slide.notes_slide.notes_text_frame.text.splitlines()
    move = trends.move
    assert notes[0].startswith("Ce qui a le plus bougé de 2021 à 2024\u00a0: ")
    name = look.display_name("a129" if move.kind == "product" else "pays", move.code, move.label)
    assert name in notes[0] and meur(move.last) in notes[0]
    assert any(line.startswith("• 2023\u00a0: exportations") for line in notes)


def test_a_missing_year_is_no_point_and_is_said(tmp_path):
    frames = trendsdata.frames(years=(2020, 2021, 2023, 2024))
    trends = trendsdata.department(frames)
    slide = trends_slide(deck_of(tmp_path, frames, trends))
    assert slide.shapes.title.text == "Tendances 2020–2024"
    for chart in line_charts(slide).values():
        assert list(chart.plots[0].categories)[2] == "2022"
        assert all(list(s.values)[2] is None for s in chart.plots[0].series)
    assert "2022 (absente des données)" in slide_text(slide)
    notes = slide.notes_slide.notes_text_frame.text
    assert "• 2022\u00a0: n.d." in notes and "2022 (absente des données)" in notes


def test_no_slide_without_trends(tmp_path, frames):
    assert trends_slide(deck_of(tmp_path, frames, None)) is None


def test_france_synthesis_has_the_slide_without_shares(tmp_path, frames):
    synthesis = trendsdata.figures(frames).synthesis(None)
    path = tmp_path / "france.pptx"
    write_deck(synthesis, path, created=CREATED)
    slide = trends_slide(Presentation(str(path)))
    text = slide_text(slide)
    assert "Ce qui a bougé de 2021 à 2024, France entière" in text
    assert "Part de la" not in text
    region = trendsdata.figures(frames).synthesis(geography.region("24"))
    path = tmp_path / "region.pptx"
    write_deck(region, path, created=CREATED)
    assert "Part de la France" in slide_text(trends_slide(Presentation(str(path))))


def test_outputs_with_trends_are_valid_and_repeatable(tmp_path):
    """The deck and the workbook with a missing year: same bytes twice; and, where ../shared
    is present, nothing the ECMA-376 checker would have a viewer repair."""
    import subprocess
    import sys
    from pathlib import Path

    from officefiches import writers
    from tests.writers.xlsx.test_department import tables_for

    frames = trendsdata.frames(years=(2020, 2021, 2023, 2024))
    fiche = factories.fiche_from(frames[2024], trends=trendsdata.department(frames))
    paths = []
    for name in ("a", "b"):
        deck = tmp_path / f"{name}.pptx"
        write_deck(fiche, deck, created=CREATED)
        book = tmp_path / f"{name}.xlsx"
        writers.write_workbook(fiche, tables_for(frames[2024]), book, CREATED)
        paths += [deck, book]
    assert paths[0].read_bytes() == paths[2].read_bytes()
    assert paths[1].read_bytes() == paths[3].read_bytes()
    checker = Path(__file__).resolve().parents[3] / ".." / "shared" / "tools" / "ooxmlcheck"
    if not (checker / "ooxmlcheck.py").is_file():
        pytest.skip(f"../shared absent : le vérificateur {checker} n'est pas là (extra)")
    pytest.importorskip("lxml")
    run = subprocess.run(
        [sys.executable, str(checker / "ooxmlcheck.py"), *map(str, paths[:2])],
        capture_output=True,
        text=True,
    )
    findings = [line for line in run.stdout.splitlines() if "[ERROR]" in line or "[XSD]" in line]
    assert run.returncode == 0 and not findings, run.stdout[-3000:]


def test_legend_shows_display_names_never_the_annex_label_nor_cut(frames, trends, tmp_path):
    """A product shows its display name (look.display_name), whole, never its annex label."""
    from dataclasses import replace

    long = "Produits pharmaceutiques de base et préparations pharmaceutiques"
    first = replace(trends.products_export[0], label=long)
    edited = replace(trends, products_export=(first, *trends.products_export[1:]))
    slide = trends_slide(deck_of(tmp_path, frames, edited))
    names = [s.name for chart in line_charts(slide).values() for s in chart.plots[0].series]
    short = look.display_name("a129", first.code, long)
    assert short != long and short in names and long not in names
    assert not any(n.endswith("…") for n in names)
