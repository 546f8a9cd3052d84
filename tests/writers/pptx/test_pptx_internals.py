"""Each python-pptx internal of writers/pptx/_pptx.py, checked against the installed
python-pptx: when the library changes under us, these fail naming it and its version (the theme
font change, for one, would otherwise fail silently: the deck would keep Calibri)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pptx
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.parts.presentation import PresentationPart
from pptx.util import Inches

from officefiches.writers.pptx import _pptx, drawing
from officefiches.writers.pptx.drawing import Box, para

VERSION = f"python-pptx {pptx.__version__}"


def relied_on(condition: bool, what: str) -> None:
    if not condition:
        pytest.fail(
            f"{VERSION} : {what} a changé ; writers/pptx/_pptx.py en dépend "
            "(vérifiez cette version et ajustez la borne de pyproject.toml)."
        )


def reopened(prs):
    buffer = io.BytesIO()
    prs.save(buffer)
    buffer.seek(0)
    return buffer


def test_theme_fonts_are_changed_in_the_saved_file():
    prs = Presentation()
    _pptx.set_theme_fonts(prs, "Arial")
    with zipfile.ZipFile(reopened(prs)) as package:
        theme = package.read("ppt/theme/theme1.xml").decode()
    for kind in ("majorFont", "minorFont"):
        latin = re.search(rf'<a:{kind}><a:latin typeface="([^"]*)"', theme)
        relied_on(latin is not None, "le thème (<a:majorFont>/<a:minorFont>) du masque")
        relied_on(latin.group(1) == "Arial", "Part._blob / Part.blob (police du thème)")


def test_notes_slides_copied_from_the_first_read_back():
    prs = Presentation()
    writer = _pptx.NotesWriter()
    for index in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        writer.write(slide, f"Notes {index}\n\nsuite & <fin>")
    again = Presentation(reopened(prs))
    texts = [slide.notes_slide.notes_text_frame.text for slide in again.slides]
    expected = [f"Notes {index}\n\nsuite & <fin>" for index in range(3)]
    relied_on(texts == expected, "NotesSlidePart (copie des notes)")
    with zipfile.ZipFile(reopened(prs)) as package:
        names = [
            n for n in package.namelist() if re.match(r"ppt/notesSlides/notesSlide\d+\.xml$", n)
        ]
        relied_on(len(names) == 3, "les parties des notes")
        rels = package.read("ppt/notesSlides/_rels/notesSlide3.xml.rels").decode()
    relied_on("notesMaster" in rels and "slides/slide3.xml" in rels, "les relations des notes")


@pytest.mark.parametrize("noted", [(0, 1, 2), (1, 2)])
def test_notes_prototype_kept_for_the_next_decks_gives_the_same_file(noted):
    """A deck whose notes are copied from the previous deck's first notes slide has the parts,
    names and relationships of one whose first notes slide python-pptx built
    (`Slide.notes_slide`, `Package.next_partname`)."""
    key = ("test", noted)

    def deck(template_key):
        prs = Presentation()
        writer = _pptx.NotesWriter(template_key)
        for index in range(3):
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            if index in noted:
                writer.write(slide, f"Notes {index}")
        return _pptx.package_members(prs)

    first, second, alone = deck(key), deck(key), deck(None)
    relied_on(first == alone, "Slide.notes_slide (la première page de notes)")
    relied_on(second == alone, "NotesSlidePart, Package.next_partname (notes copiées)")


@pytest.mark.parametrize(
    "text",
    [
        "Une ligne",
        "Message clé\n\nPremier paragraphe & <suite>\n\n« Autres » : 12,5 %",
        "contrôle \x07 et tab\t ici\n",
        "coupure\vdouce",  # a soft line break: python-pptx's own way
        "   \n\t\nblancs \n \u00a0",  # lines of nothing but spaces: kept
        "\r\nretour & fin\x1f\n\n",
    ],
)
def test_notes_text_written_as_python_pptx_writes_it(text):
    """The notes' text put in without python-pptx's run-by-run setter gives the same XML."""
    prs = Presentation()
    ours, theirs = (prs.slides.add_slide(prs.slide_layouts[5]) for _ in range(2))
    _pptx.NotesWriter().write(ours, text)
    theirs.notes_slide.notes_text_frame.text = text
    xml = [s.notes_slide.notes_text_frame._txBody.xml for s in (ours, theirs)]
    relied_on(xml[0] == xml[1], "TextFrame.text (paragraphes et runs des notes)")


@pytest.mark.parametrize("text", ["lone \ud800 surrogate", "non-caractère \ufffe"])
def test_notes_text_refused_as_python_pptx_refuses_it(text):
    prs = Presentation()
    ours, theirs = (prs.slides.add_slide(prs.slide_layouts[5]) for _ in range(2))
    with pytest.raises(ValueError):
        theirs.notes_slide.notes_text_frame.text = text
    with pytest.raises(ValueError):
        _pptx.NotesWriter().write(ours, text)


@pytest.mark.parametrize("layout", [0, 1, 5])
def test_placed_title_is_what_the_setters_write(layout):
    """A cloned placeholder placed at once gets the XML of python-pptx's four setters."""
    prs = Presentation()
    ours, theirs = (prs.slides.add_slide(prs.slide_layouts[layout]).shapes.title for _ in range(2))
    box = Box(457200, 274638, 8229600, 1143000)
    relied_on(len(ours._element.spPr) == 0, "CT_Shape.spPr (vide dans un espace réservé cloné)")
    _pptx.place_shape(ours, box)
    theirs.left, theirs.top, theirs.width, theirs.height = box.x, box.y, box.w, box.h
    relied_on(ours._element.xml == theirs._element.xml, "BaseShape.left/top/width/height (a:xfrm)")
    again = prs.slides[0].shapes.title  # and once it has one: the setters themselves
    _pptx.place_shape(again, Box(1, 2, 3, 4))
    relied_on((again.left, again.top, again.width, again.height) == (1, 2, 3, 4), "a:xfrm")


def test_shapes_given_as_xml_numbered_as_append_shape_numbers():
    """append_xml writes the ids append_shape would set (in the text when drawing.py wrote its
    cNvPr, else on the parsed elements) and counts them on the same counter."""
    prs = Presentation()
    box = Box(0, 0, 100, 100)
    children = [drawing.text_xml(box, [para(name)], name=name) for name in ("g1", 'g2 <"cNvPr">')]
    shapes = [
        drawing.group_xml(children, box, "g", "un groupe"),
        drawing.rect_xml(box, "FF0000", name="r"),
        drawing.text_xml(box, [para("cNvPr dans le texte")], name="t"),  # not ours to number
        drawing.text_xml(box, [para("t")], name="cNvPr"),
    ]
    ours, theirs = (prs.slides.add_slide(prs.slide_layouts[5]) for _ in range(2))
    for xml in shapes:
        _pptx.append_xml(ours, xml)
        _pptx.append_shape(theirs, _pptx.parse_xml(xml))
    xml_of = [s.shapes._spTree.xml for s in (ours, theirs)]
    relied_on(xml_of[0] == xml_of[1], "SlideShapes._next_shape_id (formes données en XML)")
    ids = re.findall(r'cNvPr id="(\d+)"', xml_of[0])
    relied_on(len(set(ids)) == len(ids) > 6, "les identifiants des formes")


@pytest.mark.parametrize("numbered", [False, True])
def test_shared_shape_copies_saved_as_append_shape_saves_them(numbered):
    """A SharedShape's copies, spliced into the slides as bytes, give the file that the group
    appended with append_shape gives: the ids it would give (kept from the last copy when they
    start from the same id, renumbered when not; a group not written as drawing.py writes its
    ids serialized for each copy), the counter (`SlideShapes._next_shape_id`) counting on, the
    bytes where lxml would write the elements (`serialize_part_xml`, via package_members)."""
    box = Box(0, 0, 100, 100)
    children = [drawing.text_xml(box, [para(name)], name=name) for name in ("g1", 'g2 & "<">')]
    xml = drawing.group_xml(children, box, "g", "")
    if numbered:  # ids already set: not drawing.py's
        xml = xml.replace('<p:cNvPr id="0" ', '<p:cNvPr id="7" ')
    shared = _pptx.SharedShape(xml)
    decks = [Presentation(), Presentation()]
    for before in (0, 0, 2, 0):  # same first id, same, another, back
        slides = [prs.slides.add_slide(prs.slide_layouts[5]) for prs in decks]
        for slide in slides:
            for _ in range(before):
                _pptx.append_shape(slide, _pptx.parse_xml(drawing.text_xml(box, [para("x")])))
        shared.append_copy(slides[0])
        _pptx.append_shape(slides[1], _pptx.parse_xml(xml))
        for slide in slides:  # what comes next is numbered on
            _pptx.append_shape(slide, _pptx.parse_xml(drawing.text_xml(box, [para("b")])))
        # python-pptx does not see the spliced group (nor trips on its mark)
        counts = [len(slide.shapes) for slide in slides]
        relied_on(counts[0] == counts[1] - 1, "CT_GroupShape.iter_shape_elms (marque ignorée)")
    ours, theirs = (_pptx.package_members(prs) for prs in decks)
    relied_on(ours == theirs, "serialize_part_xml, SlideShapes._next_shape_id (copies collées)")


def _deck_members(prs):
    """A few slides written into `prs` the ways the decks write them; its package members."""
    _pptx.remove_slides(prs)
    writer = _pptx.NotesWriter()
    for index in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"Titre {index}"
        _pptx.append_xml(slide, drawing.text_xml(Box(0, 0, 100, 100), [para("texte")]))
        slide.shapes.add_picture(io.BytesIO(PNG), 0, 0, 10, 10)
        writer.write(slide, "Notes")
    return _pptx.package_members(prs)


def test_copied_presentation_is_the_one_loaded():
    """A copy of a presentation as loaded writes the file the presentation loaded again
    writes, and writing into it leaves the original as it was (copy.deepcopy of the graph)."""
    template = Presentation()
    template.slides.add_slide(template.slide_layouts[1]).shapes.title.text = "À supprimer"
    for source in (None, reopened(template).getvalue()):
        loaded = Presentation(io.BytesIO(source) if source else None)
        before = _pptx.package_members(loaded)
        copied = _deck_members(_pptx.copy_presentation(loaded))
        again = Presentation(io.BytesIO(source) if source else None)
        relied_on(copied == _deck_members(again), "copy.deepcopy(Presentation)")
        relied_on(_pptx.package_members(loaded) == before, "copie indépendante")


def test_slides_of_a_template_removed():
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[1])
    relied_on(hasattr(prs.slides, "_sldIdLst"), "Slides._sldIdLst")
    _pptx.remove_slides(prs)
    again = Presentation(reopened(prs))
    relied_on(len(again.slides) == 0, "la suppression des diapositives d'un modèle")
    with zipfile.ZipFile(reopened(prs)) as package:
        relied_on(not [n for n in package.namelist() if n.startswith("ppt/slides/")], "rels")


def test_shapes_appended_with_fresh_ids_and_alt_text():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    for name in ("a", "b"):
        xml = drawing.text_xml(Box(0, 0, 100, 100), [para(name)], name=name)
        _pptx.append_shape(slide, _pptx.parse_xml(xml))
    shapes = {s.name: s.shape_id for s in Presentation(reopened(prs)).slides[0].shapes}
    relied_on({"a", "b"} <= set(shapes), "SlideShapes._spTree (ajout de formes)")
    relied_on(len(set(shapes.values())) == len(shapes), "les identifiants des formes")
    picture = slide.shapes.add_picture(io.BytesIO(PNG), 0, 0, 10, 10)
    _pptx.set_descr(picture, "texte de remplacement")
    relied_on(picture._element.xpath(".//p:cNvPr/@descr") == ["texte de remplacement"], "descr")


def test_appended_shapes_numbered_on_from_the_slide_highest_id():
    """append_shape counts with python-pptx's turbo-add counter (`turbo_add_enabled`,
    `_next_shape_id`): from the slide's highest id, one more per shape, a group's children
    included, python-pptx's own pictures counted in the same sequence."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    relied_on(hasattr(slide.shapes, "turbo_add_enabled"), "SlideShapes.turbo_add_enabled")
    highest = max(s.shape_id for s in slide.shapes)  # the title placeholder's
    box = Box(0, 0, 100, 100)
    children = [drawing.text_xml(box, [para(name)], name=name) for name in ("g1", "g2")]
    _pptx.append_shape(slide, _pptx.parse_xml(drawing.group_xml(children, box, "g", "")))
    slide.shapes.add_picture(io.BytesIO(PNG), 0, 0, 10, 10).name = "picture"
    _pptx.append_shape(slide, _pptx.parse_xml(drawing.text_xml(box, [para("b")], name="b")))
    reread = Presentation(reopened(prs)).slides[0].shapes
    ids = {s.name: s.shape_id for s in reread} | {s.name: s.shape_id for s in reread[1].shapes}
    expected = {"g": 1, "g1": 2, "g2": 3, "picture": 4, "b": 5}
    relied_on(
        {name: ids[name] - highest for name in expected} == expected,
        "SlideShapes._next_shape_id (numérotation des formes)",
    )


TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _is_title(placeholder) -> bool:
    return placeholder.placeholder_format.type in TITLES


@pytest.mark.parametrize("keep", [_is_title, lambda placeholder: False])
def test_slide_maker_makes_the_slides_add_slide_makes(keep):
    """SlideMaker's copies of its first slide are what `add_slide` and the removal of the
    placeholders not kept give (`PresentationPart.add_slide`, `Slides._sldIdLst`), part for
    part once saved; and each slide its own, the next one unchanged by the one before."""
    relied_on(hasattr(PresentationPart, "add_slide"), "PresentationPart.add_slide")
    ours, theirs = Presentation(), Presentation()
    maker = _pptx.SlideMaker(ours, ours.slide_layouts[1], keep)  # title and content
    for index in range(3):
        slide = maker.new_slide()
        title = maker.title(slide)
        expected = slide.shapes.title
        found = [None if t is None else (type(t), t._element) for t in (title, expected)]
        relied_on(found[0] == found[1], "SlideShapes.title, SlideShapes._shape_factory")
        if title is not None:
            title.text_frame.text = f"Titre {index}"
        slide = theirs.slides.add_slide(theirs.slide_layouts[1])
        for placeholder in list(slide.placeholders):
            if not keep(placeholder):
                _pptx.remove_shape(placeholder)
        if slide.shapes.title is not None:
            slide.shapes.title.text_frame.text = f"Titre {index}"
    with zipfile.ZipFile(reopened(ours)) as a, zipfile.ZipFile(reopened(theirs)) as b:
        relied_on(a.namelist() == b.namelist(), "les parties des diapositives")
        for name in a.namelist():
            if name != "docProps/core.xml":  # dated when saved
                relied_on(a.read(name) == b.read(name), f"le contenu de {name}")
    kept = [len(list(slide.placeholders)) for slide in Presentation(reopened(ours)).slides]
    assert kept == ([1, 1, 1] if keep is _is_title else [0, 0, 0])


@pytest.mark.parametrize("highest", [None, 300, 2_147_483_647])
def test_slide_ids_added_as_add_sldId_adds_them(highest):
    """`_add_slide_id` gives the id `CT_SlideIdList.add_sldId` gives (`_next_id`, `_add_sldId`),
    past the highest valid id too (python-pptx's own search then)."""
    lists = []
    for add in (lambda ids, rid: ids.add_sldId(rid), _pptx._add_slide_id):
        prs = Presentation()
        prs.slides.add_slide(prs.slide_layouts[5])
        ids = prs.slides._sldIdLst
        if highest is not None:
            ids[0].set("id", str(highest))
        add(ids, "rId99")
        lists.append(ids.xml)
    relied_on(lists[0] == lists[1], "CT_SlideIdList.add_sldId (_next_id)")


def test_chart_data_workbook_dated_and_strings_kept_as_text():
    relied_on(hasattr(CategoryWorkbookWriter, "_open_worksheet"), "_open_worksheet")
    relied_on(hasattr(CategoryChartData, "_workbook_writer"), "_workbook_writer")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    data = _pptx.ChartData(datetime(2024, 5, 6, 7, 8, 9))
    data.categories = ("=cmd|' /C calc'!A0", "http://x")
    data.add_series("Exportations", (1.5, 2.5))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, Inches(4), Inches(3), data)
    relied_on(_pptx.chart_space(frame.chart).tag.endswith("chartSpace"), "Chart._chartSpace")
    _pptx.set_descr(frame, "graphique")
    with zipfile.ZipFile(reopened(prs)) as package:
        embedded = [n for n in package.namelist() if n.startswith("ppt/embeddings/")]
        relied_on(len(embedded) == 1, "le classeur du graphique")
        with zipfile.ZipFile(package.open(embedded[0])) as workbook:
            core = workbook.read("docProps/core.xml").decode()
            sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
            strings = workbook.read("xl/sharedStrings.xml").decode()
    relied_on("2024-05-06T07:08:09Z" in core, "CategoryWorkbookWriter._open_worksheet (date)")
    relied_on("<f>" not in sheet and "=cmd|" in strings, "le classeur du graphique (texte)")


def test_external_links_are_related_to_the_slide():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    rid = _pptx.external_link(slide, "https://www.douane.gouv.fr/")
    with zipfile.ZipFile(reopened(prs)) as package:
        rels = package.read("ppt/slides/_rels/slide1.xml.rels").decode()
    found = re.search(rf'Id="{rid}"[^>]*Target="https://www.douane.gouv.fr/"[^>]*', rels) or (
        re.search(rf'Target="https://www.douane.gouv.fr/"[^>]*Id="{rid}"', rels)
    )
    relied_on(found is not None and 'TargetMode="External"' in rels, "Part.relate_to (lien)")


def test_title_body_properties():
    prs = Presentation()
    title = prs.slide_master.placeholders[0]
    body = _pptx.body_properties(title)
    relied_on(body.tag.endswith("bodyPr"), "TextFrame._txBody.bodyPr")


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000005000157a8d4a30000000049454e44ae426082"
)


def test_package_members_are_what_save_zips():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _pptx.NotesWriter().write(slide, "Notes")
    members = _pptx.package_members(prs)
    with zipfile.ZipFile(reopened(prs)) as package:
        saved = [(info.filename, package.read(info)) for info in package.infolist()]
    relied_on(members == saved, "PackageWriter (_write_content_types_stream, _write_parts…)")


def test_content_types_and_rels_written_once_are_what_save_zips():
    """package_members writes the .rels and content types of a content already met as it
    wrote them then (`_Relationships.xml`, `_ContentTypesItem`): decks that differ only there
    (another link, another slide, a picture) still get python-pptx's own bytes."""

    def deck(url: str, slides: int, picture: bool):
        prs = Presentation()
        for _ in range(slides):
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            _pptx.external_link(slide, url)
            if picture:
                _pptx.add_picture(slide, PNG, Box(0, 0, 10, 10), "p", "d", None, {})
        return prs

    for prs in (deck("https://a.fr", 1, False), deck("https://b.fr", 1, False),
                deck("https://a.fr", 2, False), deck("https://a.fr", 1, True),
                deck("https://a.fr", 1, False)):  # fmt: skip
        members = _pptx.package_members(prs)
        with zipfile.ZipFile(reopened(prs)) as package:
            saved = [(info.filename, package.read(info)) for info in package.infolist()]
        relied_on(members == saved, "_Relationships.xml, _ContentTypesItem.xml_for")


AWKWARD = ['a"b', "l'x", "a\"b'c", "x<y>z&w", "tab\there", "nl\nx", "cr\rx", "nbsp\u00a0’ 😀", ""]


def _drawn_shapes() -> list[str]:
    """drawing.py's shapes, with every awkward text in names, alt texts and runs."""
    box = Box(0, 0, 100, 100)
    shapes = []
    for text in AWKWARD:
        paras = [para(text), para(text + " & suite", bold=True), drawing.Para(())]
        name = text or "x"
        shapes.append(drawing.text_xml(box, paras, name=name, descr=text or None))
        shapes.append(drawing.rect_xml(box, "FF0000", name=name, alpha=0.5, paras=paras))
        shapes.append(drawing.band_xml(0, 50, 0, 10, 20, 40, "00FF00", 0.6, name=name))
        cells = [drawing.TableCell(tuple(paras), fill="EEEEEE", rule="000000", span=2)]
        cells.append(drawing.TableCell((para(text),), merged=True))
        rows = [(100, cells), (50, [drawing.TableCell(()), drawing.TableCell(())])]
        shapes.append(drawing.table_xml(box, (50, 50), rows, name, text, (10, 5)))
        children = [drawing.text_xml(box, paras, name=name), drawing.rect_xml(box, None)]
        shapes.append(drawing.group_xml(children, box, name, text))
    shapes.append(drawing.text_xml(box, [para("cNvPr dans le texte")], name="t"))  # appended
    return shapes


def test_drawn_shapes_spliced_as_lxml_writes_them():
    """drawing.py's text is, once numbered, what lxml writes for the parsed shape in a slide
    (splice_xml puts it in the slide as it is): the same file as append_xml's (parsed, then
    serialized by python-pptx, `serialize_part_xml`), the same ids from the same counter."""
    decks = [Presentation(), Presentation()]
    slides = [prs.slides.add_slide(prs.slide_layouts[5]) for prs in decks]
    for xml in _drawn_shapes():
        _pptx.splice_xml(slides[0], xml)
        _pptx.append_xml(slides[1], xml)
    for slide in slides:  # numbered on after them
        slide.shapes.add_picture(io.BytesIO(PNG), 0, 0, 10, 10)
    ours, theirs = (_pptx.package_members(prs) for prs in decks)
    relied_on(ours == theirs, "la sérialisation de lxml (formes collées telles qu'écrites)")


@pytest.mark.parametrize(
    "refused", ["\x07", "\x0b", "\x1f", "\x0c", "\x00", "\ud800", "\ufffe", "\uffff"]
)
def test_shape_xml_refused_by_the_parser_is_not_spliced(refused):
    """A text XML refuses (a control character, a lone surrogate, U+FFFE or U+FFFF in a name)
    is parsed, and refused, as before."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    xml = drawing.text_xml(Box(0, 0, 1, 1), [para("x")], name=f"contrôle {refused} → €")
    with pytest.raises((etree.XMLSyntaxError, ValueError)):
        _pptx.splice_xml(slide, xml)
    assert "officefiches-splice" not in etree.tostring(slide.shapes._spTree).decode()
