"""The team's identity and a committee's reading: logos (PNG, JPEG, SVG; a bad file refused
before anything is written), key messages, short names, French typography on every slide, the
template's geometry, names fitted without cuts (and fitting bounded for very long labels)."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from datetime import datetime

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from officefiches.cli import main
from officefiches.errors import UsageError
from officefiches.writers import look, write_deck
from officefiches.writers.pptx import deck as deck_module
from officefiches.writers.pptx import layouts, logos, tables, textfit
from officefiches.writers.pptx.drawing import Box, inches
from tests import factories, templates
from tests.writers.pptx.test_department import plain, shapes_of

CREATED = datetime(2025, 6, 1)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">'
    b'<rect width="100" height="100" fill="#E1000F"/><circle cx="200" cy="50" r="45"/></svg>'
)


@pytest.fixture(scope="module")
def fiche():
    return factories.fiche()


@pytest.fixture(scope="module")
def logo_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logos")
    Image.new("RGB", (200, 100), (0, 0, 145)).save(folder / "equipe.png")
    Image.new("RGB", (90, 90), (200, 0, 0)).save(folder / "region.jpg", format="JPEG")
    (folder / "marque.svg").write_bytes(SVG)
    return [folder / "equipe.png", folder / "region.jpg", folder / "marque.svg"]


def write(tmp_path, fiche, **options):
    path = tmp_path / "deck.pptx"
    write_deck(fiche, path, created=CREATED, **options)
    return path


def test_logos_on_the_cover_and_every_footer_in_their_proportions(tmp_path, fiche, logo_files):
    path = write(tmp_path, fiche, logos=logo_files)
    prs = Presentation(path)
    for number, slide in enumerate(prs.slides):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 3, number
        ratios = [p.width / p.height for p in pictures]
        assert ratios == pytest.approx([2.0, 1.0, 3.0], rel=0.02)
        xs = [p.left for p in pictures]
        assert xs == sorted(xs)  # in the order given
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        svgs = [n for n in names if n.endswith(".svg")]
        assert len(svgs) == 1  # stored once, shown on every slide
        assert archive.read(svgs[0]) == SVG
        slide = archive.read("ppt/slides/slide2.xml").decode()
        assert "svgBlip" in slide and "96DAC541-7B7A-43D3-8B79-37D633B846F1" in slide
        rels = archive.read("ppt/slides/_rels/slide2.xml.rels").decode()
        assert svgs[0].rsplit("/", 1)[1] in rels
        types = archive.read("[Content_Types].xml").decode()
        assert "image/svg+xml" in types


@pytest.mark.parametrize(
    ("content", "name", "why"),
    [
        (b"GIF89a....", "logo.gif", "ni une image PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "casse.png", "endommagée"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect width=", "casse.svg", "SVG illisible"),
        (None, "absent.png", "introuvable"),
    ],
)
def test_a_bad_logo_is_refused_naming_the_file(tmp_path, content, name, why):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    logos.read.cache_clear()
    with pytest.raises(UsageError, match=why) as error:
        logos.check([path])
    assert name in str(error.value) and "PNG, JPEG ou SVG" in str(error.value)


def test_build_with_a_bad_logo_stops_before_writing_anything(tmp_path):
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"pas une image")
    out = tmp_path / "out"
    result = factories.cli_runner().invoke(
        main, ["build", "-d", "18", "--out", str(out), "--logo", str(bad), "--quiet"]
    )
    assert result.exit_code == 2, result.output
    assert "Logo refusé" in result.stderr and "Traceback" not in result.output
    assert not list(out.rglob("*.pptx")) and not list(out.rglob("*.xlsx"))


def test_key_messages_under_the_title_and_first_in_the_notes(tmp_path, fiche):
    messages = {
        "Balance commerciale territoriale": "L'Allemagne achète la moitié de nos exportations.",
        "Principales activités à l'export et à l'import": "L'aéronautique d'abord.",
        "Les indicateurs clés : commerce extérieur": "Un territoire tourné vers l'Europe.",
    }
    prs = Presentation(write(tmp_path, fiche, messages=messages))
    cover, balance = prs.slides[0], prs.slides[4]
    shown = [s for s in balance.shapes if s.name == "Message clé"]
    assert len(shown) == 1
    assert plain(shown[0].text_frame.text) == messages["Balance commerciale territoriale"]
    title = balance.shapes.title
    assert shown[0].top >= title.top + title.height  # under the title
    chart = next(s for s in balance.shapes if s.has_chart)
    assert chart.top >= shown[0].top + shown[0].height  # above the figure
    notes = plain(balance.notes_slide.notes_text_frame.text)
    assert notes.startswith(messages["Balance commerciale territoriale"])
    cover_message = next(s for s in cover.shapes if s.name == "Message clé")
    assert plain(cover_message.text_frame.text) == messages[title_of(cover)]
    activities = next(s for s in prs.slides[5].shapes if s.name == "Message clé")
    assert plain(activities.text_frame.text) == "L'aéronautique d'abord."  # typed plainly
    others = [s for slide in list(prs.slides)[6:] for s in slide.shapes if s.name == "Message clé"]
    assert others == []  # no message given: none shown


def title_of(slide) -> str:
    return plain(slide.shapes.title.text)


def test_default_cover_message_says_the_year_in_one_sentence(tmp_path, fiche):
    prs = Presentation(write(tmp_path, fiche))
    message = next(s for s in prs.slides[0].shapes if s.name == "Message clé")
    text = plain(message.text_frame.text)
    assert "2024" in text and ("excédent" in text or "déficit" in text)
    assert "Premier pays client" in text


def test_team_short_names_are_used_where_names_are_short(tmp_path, fiche):
    partner = fiche.department.partners[0]
    team = {("pays", partner.code): "Chez nous"}
    prs = Presentation(write(tmp_path, fiche, short_labels=team))
    chart = next(s for s in prs.slides[4].shapes if s.has_chart)
    assert "Chez nous" in list(chart.chart.plots[0].categories)


def test_slides_speak_french_typography(tmp_path, fiche):
    prs = Presentation(write(tmp_path, fiche))
    for number, slide in enumerate(prs.slides, 1):
        texts = [s.text_frame.text for s in shapes_of(slide) if s.has_text_frame]
        texts += [
            c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells
        ]
        texts.append(slide.notes_slide.notes_text_frame.text)
        for text in texts:
            assert "'" not in text, (number, text)  # one apostrophe: ’
            assert not re.search(r" [:;?!%»]|« ", text), (number, text)  # no-break spaces
            assert "Etats-Unis" not in text


def test_links_in_the_palette_colour(tmp_path, fiche):
    with zipfile.ZipFile(write(tmp_path, fiche)) as archive:
        theme = next(n for n in archive.namelist() if n.startswith("ppt/theme/theme"))
        xml = archive.read(theme).decode()
    for tag in ("hlink", "folHlink"):
        assert re.search(rf'<a:{tag}><a:srgbClr val="{look.ACCENT}"/></a:{tag}>', xml)


def test_corporate_template_content_clear_of_its_bands(tmp_path, fiche):
    template = templates.corporate(tmp_path / "charte.pptx")
    prs = Presentation(write(tmp_path, fiche, template=template))
    assert {s.slide_layout.name for s in prs.slides} == {"Titre seul"}  # found though last
    band_top = inches(6.95)
    for number, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        assert title.top + title.height <= inches(1.1)
        for shape in slide.shapes:
            if shape.shape_id == title.shape_id:
                continue
            assert shape.top + shape.height <= band_top, (number, shape.name)  # above the band
            assert shape.top >= title.top + title.height, (number, shape.name)


def test_frame_of_a_template_keeps_its_footer_band_clear():
    prs = Presentation(templates.corporate_bytes())
    layout, kind = layouts.choose_layout(prs)
    assert kind == "title_only" and layout.name == "Titre seul"
    frame = layouts.template_frame(prs, layout, kind)
    assert frame.footer.bottom <= inches(6.95)
    assert frame.body.y >= frame.title.bottom and frame.body.bottom <= frame.footer.y


def test_layout_choice_made_once_per_template(tmp_path, monkeypatch):
    """The decks of a run share the choice of their template's layout, by the template's path,
    size and date: another template (or the same file changed) is looked at anew."""
    looked = []
    kind_of = layouts._kind
    monkeypatch.setattr(layouts, "_kind", lambda layout: looked.append(1) or kind_of(layout))
    monkeypatch.setattr(layouts, "_CHOSEN", {})
    template = templates.corporate(tmp_path / "charte.pptx")
    for _ in range(3):
        prs = Presentation(str(template))
        layout, kind = layouts.choose_layout(prs, deck_module._template_key(template))
        assert (layout.name, kind) == ("Titre seul", "title_only")
    assert len(looked) == len(prs.slide_layouts)  # each layout looked at, for the first deck only
    os.utime(template, ns=(1, 1))  # the same path, another date: another template
    layouts.choose_layout(Presentation(str(template)), deck_module._template_key(template))
    assert len(looked) == 2 * len(prs.slide_layouts)


def test_fitting_a_very_long_label_is_bounded():
    label = "Produits " * 200_000  # 1,8 million characters
    started = time.monotonic()
    assert textfit.shorten(label, 10, inches(2)).endswith("…")
    assert len(textfit.wrap(label, 10, inches(2))) < 200
    assert textfit.fit_lines(label, 10, inches(2), 2) is None
    assert textfit.width(label, 10) > inches(20)  # wider than any slide: never taken to fit
    assert time.monotonic() - started < 1.0


def test_a_very_long_label_is_shown_shortened_on_the_slide(tmp_path):
    class Long(factories.StubLabels):
        def a129_label(self, code: str) -> str:
            return "Produit " + "très " * 20_000 + code

    fiche = factories.fiche_from(factories.lines(n=300), labels=Long())
    started = time.monotonic()
    prs = Presentation(write(tmp_path, fiche))
    assert time.monotonic() - started < 30
    for slide in prs.slides:
        for shape in shapes_of(slide):
            if shape.has_text_frame:
                assert len(shape.text_frame.text) < 2_000


def test_table_names_wrap_on_two_lines_before_any_cut():
    long_name = "Produits chimiques de base, produits azotés, matières plastiques"
    table = tables.Table(
        name="T",
        descr="t",
        header=("Produit", "Pays", "Part", "Valeur (M€)"),
        rows=(tables.row(long_name, "Allemagne", "51,0 %", "12,3"),),
        aligns="llrr",
    )

    class Canvas:
        def __init__(self):
            self.shapes, self.cut = [], []

        def add(self, xml):
            self.shapes.append(xml)

        def shortened(self, name):
            self.cut.append(name)

    canvas = Canvas()
    taken = tables.add(canvas, Box(0, 0, inches(5.5), inches(3)), table, sizes=(11, 10))
    assert canvas.cut == [] and long_name in canvas.shapes[0]
    assert taken.h > tables.row_height(10, lines=1) * 2  # the name on two lines
    narrow = Canvas()
    tables.add(narrow, Box(0, 0, inches(2.2), inches(3)), table, sizes=(11, 10))
    assert narrow.cut == [long_name]  # the last resort, given whole in the notes


def test_png_read_gives_its_size(logo_files):
    logo = logos.read(logo_files[0])
    assert (logo.width, logo.height, logo.svg) == (200, 100, None)
    svg = logos.read(logo_files[2])
    assert svg.svg == SVG and svg.ratio == pytest.approx(3.0, rel=0.01)
    with Image.open(io.BytesIO(svg.png)) as image:
        assert image.format == "PNG"
