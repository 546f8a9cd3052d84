"""The deck, read back with python-pptx: slides in the fiche's order, figures, texts, geometry."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from officefiches.formatting import meur, pct
from officefiches.writers.pptx import SharedFigures, write_deck
from tests import factories

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


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in shapes_of(slide) if s.has_text_frame)


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
    assert [slide.shapes.title.text for slide in deck.slides] == TITLES


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
    partial = dataclasses.replace(factories.fiche(), quarters=(1, 2))
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
    assert [slide.shapes.title.text for slide in prs.slides] == TITLES
