"""Slides a committee can be shown as they are (issue 12): the Cher, Creuse and Loiret decks built
from official-format files (`data demo` output; the same lines with the real DGDDI annexes when
../shared is there), with the team's logo, and in a plain 4:3 template without a title-only
layout: every treemap box named, no two boxes of a block alike, nothing cut with « … » in a
chart or a table, no undetermined partner taken for a country, the logo on the cover, titles
clear of the content and nothing off the slide."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from officefiches.options import BuildOptions
from officefiches.run.build import run_build
from officefiches.source import demo, labels
from tests import officialfiles, templates
from tests.run.test_end_to_end import Collect
from tests.shared import ANNEXES
from tests.writers.pptx.test_department import plain

DEPARTMENTS = ("18", "23", "45")
LINES = 30_000
# Cher's pharmaceutical imports, mostly of undetermined origin (QU), and large enough to rank
# among its main partners: never a dependence on a country nor a main partner.
UNDETERMINED = {
    "flux": "I", "trimestre": 2, "annee": 2024, "departement": "18", "region": "04",
    "a129": "C21Z", "cpf4": "2120", "pays": "QU", "valeur": 350_000_000, "masse": 1000,
}  # fmt: skip


def _build(out: Path, data: Path, **options):
    reporter = Collect()
    report = run_build(
        BuildOptions(departments=DEPARTMENTS, data=(data,), year=2024, out=out, **options),
        reporter,
    )
    assert not report.failures, report.failures
    return [p for p in report.written if p.suffix == ".pptx"]


@pytest.fixture(scope="module")
def logo(tmp_path_factory) -> Path:
    from PIL import Image

    path = tmp_path_factory.mktemp("logo") / "logo.png"
    Image.new("RGB", (300, 100), (0, 0, 145)).save(path)
    return path


@pytest.fixture(scope="module")
def decks(tmp_path_factory, logo):
    """The decks of each variant, by name: `data demo` output with a logo; files written like
    the official ones (with an undetermined partner, and the real DGDDI annexes when ../shared
    is there), in the default look and in a 4:3 template."""
    out = tmp_path_factory.mktemp("decks")
    demo.write_demo(out / "demo-files", lines=LINES)
    built = {"demo": _build(out / "demo", out / "demo-files", logos=(logo,))}
    frame = demo.generate(2024, LINES)
    frame = pd.concat([frame, pd.DataFrame([UNDETERMINED])], ignore_index=True)
    official = officialfiles.annual_dir(frame, out / "official-files", 2024)
    if ANNEXES.exists():  # the real annexes: long labels, « Etats-Unis » without its accent
        for name in labels.ANNEX_FILES.values():
            (official / name).write_bytes((ANNEXES / name).read_bytes())
    built["official"] = _build(out / "official", official)
    template = templates.plain_43(out / "modele-4-3.pptx")
    built["4:3"] = _build(out / "template", official, template=template)
    return built


def all_decks(decks):
    return [(variant, path) for variant, paths in decks.items() for path in paths]


def shapes_of(container):
    for shape in container.shapes:
        yield shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from shapes_of(shape)


def test_every_variant_builds_the_three_decks(decks):
    assert {len(paths) for paths in decks.values()} == {3} and len(decks) == 3


def test_country_names_have_their_accents_with_the_real_annexes(decks):
    if not ANNEXES.exists():
        pytest.skip("extra check: ../shared/data/raw/dgddi-labels-elioduclos is absent")
    cher = next(p for p in decks["official"] if p.name.startswith("18-"))
    text = "\n".join(
        s.text_frame.text for slide in Presentation(cher).slides for s in shapes_of(slide)
        if s.has_text_frame
    )  # fmt: skip
    assert "États-Unis" in text and "Etats-Unis" not in text


def treemap_tiles(prs):
    """(flow colour, paragraphs) of every box of every treemap of the deck."""
    for slide in prs.slides:
        for group in slide.shapes:
            if group.shape_type == MSO_SHAPE_TYPE.GROUP and group.name.startswith(
                "Principales activités"
            ):
                for tile in group.shapes:
                    if tile.name.startswith("Produit "):
                        colour = str(tile.fill.fore_color.rgb)
                        yield colour, [p.text for p in tile.text_frame.paragraphs if p.text]


def test_treemap_boxes_named_and_unique_in_their_block(decks):
    for variant, path in all_decks(decks):
        by_block: dict[str, list[str]] = {}
        tiles = list(treemap_tiles(Presentation(path)))
        assert tiles, (variant, path.name)
        for colour, paragraphs in tiles:
            figures = [i for i, text in enumerate(paragraphs) if "M€" in text]
            if figures:  # a value never without a name above it
                assert figures[0] >= 1, (variant, path.name, paragraphs)
                name = " ".join(paragraphs[: figures[0]])
                assert not name.endswith("…")
                by_block.setdefault(colour, []).append(name)
        for names in by_block.values():
            assert len(names) == len(set(names)), (variant, path.name, names)


def test_nothing_cut_in_charts_and_tables(decks):
    for variant, path in all_decks(decks):
        for number, slide in enumerate(Presentation(path).slides, 1):
            for shape in slide.shapes:
                if shape.has_chart:
                    for category in shape.chart.plots[0].categories:
                        assert not str(category).endswith("…"), (variant, path.name, number)
                if shape.has_table:
                    for row in shape.table.rows:
                        for cell in row.cells:
                            assert not cell.text.endswith("…"), (variant, path.name, cell.text)


NOT_COUNTRIES = ("déterminé", "Avitaillement", "Haute mer", "précisé", "Autocorrection")


def test_no_undetermined_partner_taken_for_a_country(decks):
    for variant, path in all_decks(decks):
        if variant == "demo":
            continue
        prs = Presentation(path)
        for slide in prs.slides:
            title = plain(slide.shapes.title.text if slide.shapes.title else "")
            for shape in slide.shapes:
                if shape.has_table and shape.name == "Dépendances à l'import":
                    countries = [row.cells[1].text for row in list(shape.table.rows)[1:]]
                    assert not [c for c in countries if any(w in c for w in NOT_COUNTRIES)]
                if shape.has_chart and title == "Balance commerciale territoriale":
                    categories = [str(c) for c in shape.chart.plots[0].categories]
                    assert not [c for c in categories if any(w in c for w in NOT_COUNTRIES)]
        cher = next(p for p in decks[variant] if p.name.startswith("18-"))
        texts = [
            plain(s.text_frame.text)
            for slide in Presentation(cher).slides
            for s in slide.shapes
            if s.has_text_frame
        ]
        said = [t for t in texts if "non déterminée" in t]
        assert any("M€" in t for t in said), variant  # shown, with its weight


def test_logo_on_the_cover_and_in_the_footers(decks):
    prs = Presentation(decks["demo"][0])
    cover = [s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [s.name for s in cover] == ["Logo (couverture)"]
    for slide in list(prs.slides)[1:]:
        names = [s.name for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert "Logo (pied de page)" in names
    text = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "officefiches" not in text.lower()  # the tool's name: in the properties only
    assert prs.core_properties.author == "officefiches"


def _box(shape):
    return (
        int(shape.left),
        int(shape.top),
        int(shape.left + shape.width),
        int(shape.top + shape.height),
    )


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_template_without_title_only_layout_keeps_titles_clear(decks):
    for path in decks["4:3"]:
        prs = Presentation(path)
        assert (prs.slide_width, prs.slide_height) == (9_144_000, 6_858_000)
        for number, slide in enumerate(prs.slides, 1):
            assert slide.slide_layout.name == "Titre et contenu"  # never the cover layout
            title = slide.shapes.title
            assert title is not None and title.text
            assert [s for s in slide.placeholders if s.placeholder_format.idx != 0] == []
            for shape in slide.shapes:
                if shape.shape_id == title.shape_id:
                    continue
                assert not _overlap(_box(title), _box(shape)), (path.name, number, shape.name)
            for shape in shapes_of(slide):
                left, top, right, bottom = _box(shape)
                assert left >= 0 and top >= 0, (path.name, number, shape.name)
                assert right <= prs.slide_width and bottom <= prs.slide_height, (
                    path.name,
                    number,
                    shape.name,
                )


def test_exposure_indicators_all_shown_whatever_the_slide(decks):
    """Every row of the indicators table is on the slide: beside the lists on a wide slide; on
    a 4:3 slide, alone, the lists on an « Exposition et dépendance (suite) » slide."""
    for variant, path in all_decks(decks):
        slides = Presentation(path).slides
        titles = [s.shapes.title.text for s in slides]
        if "Exposition et dépendance" not in titles:
            continue  # (a deck whose subject has no exposure figures)
        first = slides[titles.index("Exposition et dépendance")]
        table = next(s for s in first.shapes if s.name == "Indicateurs d'exposition").table
        labels = [table.cell(r, 0).text.replace("\xa0", " ") for r in range(len(table.rows))]
        assert labels[-1] == "Produits : part des 3 premiers" and len(labels) == 15, labels
        continued = "Exposition et dépendance (suite)" in titles
        assert continued == (variant == "4:3"), (variant, path.name)
        lists = slides[titles.index("Exposition et dépendance (suite)")] if continued else first
        shown = {s.name for s in lists.shapes}
        for name in ("Produits exposés aux États-Unis", "Dépendances à l'import"):
            assert name in shown or "Liste vide" in shown, (variant, path.name, name)
