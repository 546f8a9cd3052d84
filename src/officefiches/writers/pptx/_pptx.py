"""Every python-pptx internal the decks rely on, in this one module.

python-pptx has no public API for these; each function below reads or overrides a private
member (named in its docstring) of the version pinned in pyproject.toml.
tests/writers/pptx/test_pptx_internals.py checks each one against the installed python-pptx and
fails naming it and the version when the library changes under it.
"""

from __future__ import annotations

import copy
import io
import re
import weakref
from contextlib import contextmanager
from datetime import datetime
from xml.sax.saxutils import escape

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.slide import CT_Slide
from pptx.parts.slide import NotesSlidePart
from pptx.util import lazyproperty
from xlsxwriter import Workbook

__all__ = [
    "ChartData",
    "NotesWriter",
    "add_picture",
    "append_shape",
    "append_xml",
    "body_properties",
    "chart_space",
    "copy_presentation",
    "external_link",
    "package_members",
    "parse_xml",
    "place_shape",
    "remove_shape",
    "remove_slides",
    "set_descr",
    "set_link_colour",
    "set_theme_fonts",
    "SlideMaker",
    "SharedShape",
    "splice",
    "splice_xml",
]


class _Members:
    """Collects what `PackageWriter` would zip, in its order (a `_PhysPkgWriter` stand-in); the
    shapes `splice` marked in a part are put in its bytes here."""

    def __init__(self, spliced: dict) -> None:
        self.members: list[tuple[str, bytes]] = []
        self._spliced = spliced  # part name → its spliced shapes

    def write(self, pack_uri, blob: bytes) -> None:
        fragments = self._spliced.get(pack_uri)
        if fragments is not None:
            blob = _SPLICE_MARK.sub(lambda mark: fragments[int(mark.group(1))], blob)
        self.members.append((pack_uri.membername, blob))


def package_members(prs) -> list[tuple[str, bytes]]:
    """(member name, bytes) of every ZIP member `prs.save` writes, in its order, unzipped: the
    deck is zipped once, dated, by deck.save (`OpcPackage.save` → `PackageWriter`, its
    `_write_content_types_stream`, `_write_pkg_rels` and `_write_parts`; `OpcPackage._rels`;
    each part's bytes are `Part.blob`, a slide's its tree serialized, into which the shapes
    `splice` marked are put: a deck with spliced shapes is saved through here only).

    The content types and each .rels are written as those methods write them, but once per
    process for the same content (`_rels_xml`, `_content_types_xml`): decks of one template
    mostly repeat them, and python-pptx builds each as a tree of elements to serialize."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    spliced = {part.partname: _SPLICED[part] for part in parts if part in _SPLICED}
    members = _Members(spliced)
    members.write(CONTENT_TYPES_URI, _content_types_xml(parts))
    members.write(PACKAGE_URI.rels_uri, _rels_xml(package._rels))
    for part in parts:  # `PackageWriter._write_parts`
        members.write(part.partname, part.blob)
        if part._rels:
            members.write(part.partname.rels_uri, _rels_xml(part._rels))
    return members.members


_WRITTEN: dict = {}  # (what, its content) → the bytes python-pptx writes for it
_WRITTEN_MAX = 4096  # forgotten past this many: a long process of many templates stays small


def _written(key: tuple, make) -> bytes:
    blob = _WRITTEN.get(key)
    if blob is None:
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        blob = _WRITTEN[key] = make()
    return blob


def _rels_xml(rels) -> bytes:
    """`_Relationships.xml`, which depends on nothing but each relationship's id, type,
    target reference and mode (`_Relationship.rId`, `.reltype`, `.target_ref`, `.is_external`)."""
    content = tuple(
        (rel.rId, rel.reltype, rel.target_ref, rel.is_external) for rel in rels.values()
    )
    return _written(("rels", content), lambda: rels.xml)


def _content_types_xml(parts) -> bytes:
    """What `PackageWriter._write_content_types_stream` writes, which depends on nothing but
    each part's name and content type (`_ContentTypesItem.xml_for`)."""
    content = tuple((str(part.partname), part.content_type) for part in parts)
    return _written(
        ("content types", content),
        lambda: serialize_part_xml(_ContentTypesItem.xml_for(parts)),
    )


# Shapes given to a slide as their serialized bytes (`splice`): a comment marks the place of
# each in the slide's tree; a comment cannot occur in the serialized text otherwise ("<" is
# escaped in text and attributes), so the mark is found in the slide's bytes as written.
_SPLICE_TEXT = "officefiches-splice-{}"
_SPLICE_MARK = re.compile(rb"<!--officefiches-splice-(\d+)-->")
_SPLICED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # slide part → [bytes]


def splice(slide, fragment: bytes) -> None:
    """Put a shape on the slide as its bytes, exactly what lxml writes for it inside the
    slide's tree (`in_slide_bytes`), rather than as elements (a Sankey copied into the tree
    costs some 1 400 elements to copy, then to serialize). Its place in the shape tree
    (`SlideShapes._spTree`, before <p:extLst> as `append_shape` puts it) holds a comment,
    which python-pptx's shape lists skip (`CT_GroupShape.iter_shape_elms`: elements of the
    shapes' tags only); `package_members` puts the bytes in its place. Its ids must have been
    taken from the slide's counter (`SlideShapes._next_shape_id`)."""
    fragments = _SPLICED.setdefault(slide.part, [])
    mark = etree.Comment(_SPLICE_TEXT.format(len(fragments)))
    fragments.append(fragment)
    slide.shapes._spTree.insert_element_before(mark, "p:extLst")


def in_slide_bytes(element) -> bytes:
    """What the slide's serialization writes for `element` (a shape parsed on its own) once
    it is in a slide's shape tree: the slide's root declares the namespaces, which lxml then
    drops from the shape (`CT_Slide.new`, the tree `SlidePart.new` gives every new slide;
    the slide serialized as `serialize_part_xml` does: UTF-8). `element` is moved there."""
    slide = CT_Slide.new()
    tree = slide.cSld.spTree
    empty = _serialized(slide)
    tree.append(element)
    full = _serialized(slide)
    end = empty.index(b"</p:spTree>")
    tail = len(empty) - end
    if full[:end] != empty[:end] or full[-tail:] != empty[end:]:  # never: a shape is appended
        raise ValueError("shape not serialized where it was put")
    return full[end:-tail]


def _serialized(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def set_theme_fonts(prs, typeface: str) -> None:
    """The theme's major and minor Latin fonts (the master's theme part: `Part._blob`, which
    `Part.blob` returns when saving; python-pptx does not parse themes)."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    pattern = rb'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"'
    theme._blob = re.sub(pattern, rb"\1" + typeface.encode() + rb'"', theme.blob)


def set_link_colour(prs, colour: str) -> None:
    """The theme's hyperlink colours (hlink, folHlink: viewers draw links in them, whatever the
    run's own colour), through the same private `Part._blob` as `set_theme_fonts`."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    for tag in (rb"hlink", rb"folHlink"):
        pattern = rb"(<a:" + tag + rb">).*?(</a:" + tag + rb">)"
        value = rb'<a:srgbClr val="' + colour.encode() + rb'"/>'
        theme._blob = re.sub(pattern, rb"\1" + value + rb"\2", theme.blob, flags=re.DOTALL)


def copy_presentation(prs):
    """An independent copy of a presentation as loaded (`copy.deepcopy` of python-pptx's object
    graph: the package, its parts, their lxml trees, relationships and lazy properties copied
    together, the trees keeping their parser, hence python-pptx's element classes); some 40 % of
    the CPU of loading the file again."""
    return copy.deepcopy(prs)


SECTIONS_EXTENSION = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"  # PowerPoint 2010's p14:sectionLst


def remove_slides(prs) -> None:
    """Drop a template's own slides (`Slides._sldIdLst` and the presentation part's rels), and
    its sections: they list the dropped slides' ids (PowerPoint repairs a file whose section
    names a missing slide) and would not hold ours."""
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        slide_ids.remove(slide_id)
        prs.part.rels.pop(slide_id.rId)
    for extension in prs.part._element.xpath(f"./p:extLst/p:ext[@uri='{SECTIONS_EXTENSION}']"):
        extension.getparent().remove(extension)


def body_properties(shape):
    """The <a:bodyPr> of a shape's text (`TextFrame._txBody`)."""
    return shape.text_frame._txBody.bodyPr


_CNVPR = "{*}cNvPr"  # a shape's id and name, in any of its namespaces


def append_shape(slide, shape_element) -> None:
    """Append a parsed shape (or group) to the slide's shape tree (`SlideShapes._spTree`),
    giving it fresh ids (max id + 1, as python-pptx numbers the shapes it adds).

    The ids come from python-pptx's own counter ("turbo add": `SlideShapes.turbo_add_enabled`,
    `SlideShapes._next_shape_id`), turned on at the slide's first append: the slide's highest
    id is searched once, not once per shape (a search of the whole slide, ever longer as the
    slide fills: a Sankey slide has some 6 000 elements). python-pptx's add_picture and
    add_chart then count on from it, through the same `slide.shapes`. A shape removed later
    leaves its id unused, never reused (ids stay unique)."""
    shapes = slide.shapes
    if not shapes.turbo_add_enabled:
        shapes.turbo_add_enabled = True
    for cnvpr in shape_element.iter(_CNVPR):
        cnvpr.set("id", str(shapes._next_shape_id))
    shapes._spTree.insert_element_before(shape_element, "p:extLst")


_UNNUMBERED = '<p:cNvPr id="0" '  # how drawing.py writes a shape's cNvPr
_UNNUMBERED_BYTES = _UNNUMBERED.encode()  # and how lxml serializes it


def append_xml(slide, xml: str):
    """Parse a shape (or group) given as XML and append it as `append_shape` would; return its
    element. When every cNvPr of the text is written as drawing.py writes them (id "0", the
    name after it, quoted: no "<" in it), the ids are written into the text before it is
    parsed, from the same counter (`SlideShapes._next_shape_id`), rather than set on the
    parsed elements one by one (a Sankey has some 170)."""
    count = xml.count("cNvPr")
    if not count or xml.count(_UNNUMBERED) != count:
        element = parse_xml(xml)
        append_shape(slide, element)
        return element
    shapes = slide.shapes
    if not shapes.turbo_add_enabled:
        shapes.turbo_add_enabled = True
    head, *rest = xml.split(_UNNUMBERED)
    numbered = [head]
    for text in rest:
        numbered.append(f'<p:cNvPr id="{shapes._next_shape_id}" ')
        numbered.append(text)
    element = parse_xml("".join(numbered))
    shapes._spTree.insert_element_before(element, "p:extLst")
    return element


_SLIDE_NSDECLS = nsdecls("a", "p", "r")  # what a slide's root declares (`CT_Slide.new`)
# What XML refuses: these control characters (their UTF-8 bytes are themselves), lone surrogates
# (which UTF-8 cannot encode), U+FFFE and U+FFFF
_NOT_XML_CONTROLS = bytes(c for c in range(32) if c not in (9, 10))
_NOT_XML_CHARACTERS = ("\ufffe", "\uffff")


def _xml_bytes(text: str) -> bytes | None:
    """`text` in UTF-8, None when it holds a character XML refuses (an encoded text is scanned
    for control characters some six times faster than a text by a regular expression)."""
    try:
        encoded = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if len(encoded.translate(None, _NOT_XML_CONTROLS)) != len(encoded):
        return None
    if any(character in text for character in _NOT_XML_CHARACTERS):
        return None
    return encoded


def splice_xml(slide, xml: str) -> None:
    """Put a shape (or group) given as XML on the slide as `append_xml` would, numbered from
    the same counter, but spliced as its bytes (`splice`) rather than parsed then serialized
    again (some 1.5 ms each for a Sankey): for a text that is, once numbered, what lxml writes
    for the shape in the slide's tree. drawing.py writes so (what lxml escapes, how it quotes
    and closes an empty element; tests/writers/pptx/test_pptx_internals.py), its root alone
    declaring the slide's namespaces (then dropped: the slide's root declares them) and every
    cNvPr `<p:cNvPr id="0" `; any other text (a cNvPr written otherwise, another namespace, a
    character XML refuses: the parser's error) is appended by `append_xml`."""
    count = xml.count("cNvPr")
    start = xml.find(" ")
    declared = xml.startswith(_SLIDE_NSDECLS + ">", start + 1)
    if (
        not count
        or not declared
        or xml.count("xmlns") != 3
        or xml.count(_UNNUMBERED) != count
        or (root := _xml_bytes(xml[:start])) is None
        or (rest := _xml_bytes(xml[start + len(_SLIDE_NSDECLS) + 1 :])) is None
    ):
        append_xml(slide, xml)
        return
    shapes = slide.shapes
    if not shapes.turbo_add_enabled:
        shapes.turbo_add_enabled = True
    head, *pieces = rest.split(_UNNUMBERED_BYTES)
    numbered = [root, head]
    for piece in pieces:
        numbered.append(b'<p:cNvPr id="%d" ' % shapes._next_shape_id)
        numbered.append(piece)
    splice(slide, b"".join(numbered))


_A_XFRM, _A_OFF, _A_EXT = (qn(f"a:{tag}") for tag in ("xfrm", "off", "ext"))


def place_shape(shape, box) -> None:
    """Set `shape.left, .top, .width, .height` to `box`'s, in that order. On a shape with an
    empty <p:spPr> (a placeholder just cloned from its layout), the <a:xfrm> those setters would
    build is written at once, the same XML (`BaseShape._element`, `CT_Shape.spPr`; the setters go
    through `get_or_add_xfrm`, `get_or_add_off`, `get_or_add_ext`: some 100 µs a slide title);
    otherwise through the setters."""
    sp_pr = shape._element.spPr
    values = (box.x, box.y, box.w, box.h)
    if len(sp_pr) or not all(type(v) is int for v in values) or box.w < 0 or box.h < 0:
        shape.left, shape.top, shape.width, shape.height = values
        return
    xfrm = etree.SubElement(sp_pr, _A_XFRM)
    etree.SubElement(xfrm, _A_OFF, x=str(box.x), y=str(box.y))
    etree.SubElement(xfrm, _A_EXT, cx=str(box.w), cy=str(box.h))


class SharedShape:
    """A shape group put onto slides of several decks (a region's Sankey), numbered as
    `append_shape` numbers it, the ids taken from the same counter (`SlideShapes._next_shape_id`).

    It is serialized once (`in_slide_bytes`) and spliced into each slide (`splice`), the ids
    written into its bytes: drawing.py writes every cNvPr `<p:cNvPr id="0" ` (its first
    attribute), which "<" escaped elsewhere makes unique in the bytes. A group written otherwise
    is renumbered and serialized for each copy."""

    def __init__(self, xml: str) -> None:
        self._element = parse_xml(xml)
        self._count = sum(1 for _ in self._element.iter(_CNVPR))
        serialized = in_slide_bytes(copy.deepcopy(self._element))
        pieces = serialized.split(_UNNUMBERED_BYTES)
        # the bytes between the ids, when every id is drawing.py's 0; else None
        self._pieces = pieces if len(pieces) == self._count + 1 else None
        self._last: tuple[int | None, bytes] = (None, b"")  # (first id, bytes) of the last copy

    def append_copy(self, slide) -> None:
        shapes = slide.shapes
        if not shapes.turbo_add_enabled:
            shapes.turbo_add_enabled = True
        ids = [shapes._next_shape_id for _ in range(self._count)]
        first = ids[0] if ids else None
        if self._last[0] != first or not ids:
            self._last = (first, self._numbered(ids))
        splice(slide, self._last[1])

    def _numbered(self, ids: list[int]) -> bytes:
        if self._pieces is None:
            element = copy.deepcopy(self._element)
            for cnvpr, new_id in zip(element.iter(_CNVPR), ids, strict=True):
                cnvpr.set("id", str(new_id))
            return in_slide_bytes(element)
        numbered = [self._pieces[0]]
        for new_id, piece in zip(ids, self._pieces[1:], strict=True):
            numbered.append(b'<p:cNvPr id="%d" ' % new_id)
            numbered.append(piece)
        return b"".join(numbered)


def remove_shape(shape) -> None:
    """Take a shape (a placeholder cloned from the layout) off its slide (`BaseShape._element`)."""
    element = shape._element
    element.getparent().remove(element)


class SlideMaker:
    """New slides of one layout, keeping only the layout placeholders that `keep` accepts.

    python-pptx's `Slides.add_slide` clones each of the layout's placeholders, searching the
    layout then the slide for each (a few ms a slide), and the deck then removes those it does
    not use. Here only the first slide is made so; its shape tree (what is left of the
    placeholders, the same on every new slide of the layout) is copied into the next ones, each
    made as `add_slide` makes it (`PresentationPart.add_slide`, `CT_GroupShape.iter_shape_elms`,
    `Slides._sldIdLst.add_sldId`).

    `title` gives a new slide's title placeholder as `slide.shapes.title` would (the first
    placeholder of idx 0), found once on the first slide: on a copy, the copy of that
    placeholder, not searched by XPath again (0.1 ms a slide), in the proxy class
    `SlideShapes._shape_factory` gave the first (`SlideShapeFactory` tells it by two XPath
    queries, another 0.1 ms: the same element copied, the same class)."""

    def __init__(self, prs, layout, keep) -> None:
        self._prs = prs
        self._layout = layout
        self._keep = keep  # placeholder → bool
        self._prototype: list | None = None  # the first slide's placeholders, as made
        self._title_at: int | None = None  # the title's place among them (None: none)
        self._title = None  # the title element of the last slide made
        self._title_class = None  # its shape proxy class (`SlidePlaceholder`)

    def new_slide(self):
        if self._prototype is None:
            slide = self._prs.slides.add_slide(self._layout)
            for placeholder in list(slide.placeholders):
                if not self._keep(placeholder):
                    remove_shape(placeholder)
            tree = slide.shapes._spTree
            shapes = list(tree.iter_shape_elms())
            title = slide.shapes.title
            if title is not None:
                self._title_at = next(i for i, e in enumerate(shapes) if e is title._element)
            self._prototype = [copy.deepcopy(shape) for shape in shapes]
            self._title = None if title is None else title._element
            self._title_class = None if title is None else type(title)
            return slide
        rid, slide = self._prs.part.add_slide(self._layout)
        tree = slide.shapes._spTree
        copies = [copy.deepcopy(shape) for shape in self._prototype]
        for shape in copies:
            tree.insert_element_before(shape, "p:extLst")
        _add_slide_id(self._prs.slides._sldIdLst, rid)
        self._title = None if self._title_at is None else copies[self._title_at]
        return slide

    def title(self, slide):
        """The title placeholder of `slide`, the slide `new_slide` just made; None if none."""
        if self._title is None:
            return None
        return self._title_class(self._title, slide.shapes)


_SLIDE_ID = qn("p:sldId")
_MAX_SLIDE_ID = 2_147_483_647  # what PowerPoint accepts (`CT_SlideIdList._next_id`)


def _add_slide_id(slide_ids, rid: str) -> None:
    """`CT_SlideIdList.add_sldId(rid)`: the new slide's id one more than the highest (from 256),
    by `_add_sldId`, the ids read from the children rather than by XPath, compiled anew at each
    call (some 0.1 ms a slide); past the highest valid id, python-pptx's own search."""
    used = [int(slide_id.get("id")) for slide_id in slide_ids.iterchildren(_SLIDE_ID)]
    next_id = max(used, default=255) + 1
    if next_id > _MAX_SLIDE_ID:
        slide_ids.add_sldId(rid)
    else:
        slide_ids._add_sldId(id=next_id, rId=rid)


SVG_BLIP = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # PowerPoint 2016's svgBlip extension
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_picture(slide, image: bytes, box, name: str, descr: str, svg: bytes | None, svg_parts):
    """A picture of `image` (PNG or JPEG) in `box`; with `svg`, the vector original too, in the
    blip's svgBlip extension as PowerPoint writes it (the picture stays the fallback). The SVG
    part is made once per deck (`svg_parts`, keyed by its bytes: `Package.next_partname`, a
    plain `Part`), then related from each slide that shows it."""
    picture = slide.shapes.add_picture(io.BytesIO(image), box.x, box.y, box.w, box.h)
    picture.name = name
    set_descr(picture, descr)
    if svg is not None:
        part = svg_parts.get(svg)
        if part is None:
            package = slide.part.package
            partname = package.next_partname("/ppt/media/image%d.svg")
            part = svg_parts[svg] = Part(partname, "image/svg+xml", package=package, blob=svg)
        rid = slide.part.relate_to(part, RT.IMAGE)
        blip = picture._element.xpath("./p:blipFill/a:blip")[0]
        blip.append(
            parse_xml(
                f'<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                f'<a:ext uri="{SVG_BLIP}"><asvg:svgBlip xmlns:asvg="{_SVG_NS}" '
                f'xmlns:r="{_R_NS}" r:embed="{rid}"/></a:ext></a:extLst>'
            )
        )
    return picture


def set_descr(shape, descr: str) -> None:
    """The alt text of a chart frame or a picture (`BaseShape._element`'s cNvPr)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", descr)


def chart_space(chart):
    """The <c:chartSpace> element of a chart (`Chart._chartSpace`)."""
    return chart._chartSpace


def external_link(slide, url: str) -> str:
    """Relationship id of an external hyperlink from the slide (`Part.relate_to`)."""
    return slide.part.relate_to(url, RT.HYPERLINK, is_external=True)


_A_P, _A_R, _A_T = (qn(f"a:{tag}") for tag in ("p", "r", "t"))
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")


def _escaped(match: re.Match) -> str:
    return f"_x{ord(match.group(0)):04X}_"


class NotesWriter:
    """Speaker notes. python-pptx builds every notes slide by cloning the notes master's
    placeholders (a few ms each); here only the first is built so, the others are copies
    (`NotesSlidePart` built by hand, related as `Slide.notes_slide` would). The text goes in
    as `TextFrame.text` would put it (`TextFrame._txBody`, `CT_TextBody.p_lst`; one `a:p` a
    line, one `a:r` in it unless empty, control characters escaped as
    `CT_RegularTextRun._escape_ctrl_chars` does), without parsing a fragment per run.

    With a `template_key` (deck._template_key), the first notes slide python-pptx built is kept
    for the next decks of the process on that template: it is nothing but the notes master's
    placeholders, the same in each; a deck's first notes slide copied from it is named as
    python-pptx names it (`Package.next_partname`, as `NotesSlidePart._add_notes_slide_part`)."""

    def __init__(self, template_key=None) -> None:
        self._key = template_key
        self._prototype = None
        self._body_at: list[int] = []  # where the notes' text body is, child after child
        self._first = True  # no notes slide written in this deck yet
        self._master: tuple = (None, None)  # (package, its notes master part)

    def write(self, slide, text: str) -> None:
        if self._prototype is None and self._key in _NOTES_PROTOTYPES:
            self._prototype, self._body_at = _NOTES_PROTOTYPES[self._key]
        if self._prototype is None:
            notes = slide.notes_slide
            self._prototype = copy.deepcopy(notes.element)
            body = notes.notes_text_frame._txBody
            self._body_at = _path(notes.element, body)
            if self._key is not None:
                _NOTES_PROTOTYPES[self._key] = (self._prototype, self._body_at)
        else:  # the copy's text body, where the first one's is (no placeholder search)
            body = self._copy_prototype(slide.part, first=self._first)
            for index in self._body_at:
                body = body[index]
        self._first = False
        if "\v" in text:  # a soft line break: python-pptx's own way (a:br)
            slide.notes_slide.notes_text_frame.text = text
            return
        for paragraph in body.findall(_A_P):
            body.remove(paragraph)
        escaped = _CONTROL.sub(_escaped, text)  # the newline is not escaped
        lines = escaped.split("\n")
        if _xml_bytes(escaped) is None or any(line.isspace() for line in lines):
            # what XML refuses: lxml's error, as before; a text of nothing but spaces: its
            # element made by hand (python-pptx's parser drops blank text)
            for line in lines:
                paragraph = etree.SubElement(body, _A_P)
                if line:
                    etree.SubElement(etree.SubElement(paragraph, _A_R), _A_T).text = line
            return
        # the paragraphs parsed at once, some four times faster than made element by element,
        # as python-pptx's classes (`parse_xml`)
        paragraphs = "".join(
            f"<a:p><a:r><a:t>{escape(line)}</a:t></a:r></a:p>" if line else "<a:p/>"
            for line in lines
        )
        body.extend(parse_xml(f"<a:txBody {_NOTES_NSDECLS}>{paragraphs}</a:txBody>"))

    def _copy_prototype(self, slide_part, first: bool = False):
        package = slide_part.package
        if first:
            partname = package.next_partname(NOTES_PARTNAME)
        else:
            partname = PackURI(NOTES_PARTNAME % slide_part.partname.idx)
        element = copy.deepcopy(self._prototype)
        part = NotesSlidePart(partname, CT.PML_NOTES_SLIDE, package, element)
        if self._master[0] is not package:  # looked up once a deck (rels searched each time)
            self._master = (package, package.presentation_part.notes_master_part)
        part.relate_to(self._master[1], RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        return element


NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
_NOTES_NSDECLS = nsdecls("a")
_NOTES_PROTOTYPES: dict = {}  # template key → (a notes slide as python-pptx makes it, _body_at)


def _path(root, node) -> list[int]:
    """The child indices leading from `root` down to `node`."""
    path = []
    while node is not root:
        parent = node.getparent()
        path.append(parent.index(node))
        node = parent
    return path[::-1]


# Labels stay text in the chart's workbook too (a country label "=cmd|' /C calc'!A0" would
# otherwise become a formula, "http://…" a link): the options of writers/xlsx's workbooks.
EMBEDDED_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


class _Workbook(CategoryWorkbookWriter):
    """The chart's embedded workbook, dated like the deck (python-pptx lets XlsxWriter stamp
    the current time in it, so the same inputs would give different decks): overrides
    `CategoryWorkbookWriter._open_worksheet`."""

    def __init__(self, chart_data, created: datetime):
        super().__init__(chart_data)
        self._created = created

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, dict(EMBEDDED_WORKBOOK_OPTIONS))
        workbook.set_properties({"created": self._created, "author": "officefiches"})
        yield workbook, workbook.add_worksheet()
        workbook.close()


class ChartData(CategoryChartData):
    """Category chart data whose embedded workbook is `_Workbook` (overrides the lazy property
    `CategoryChartData._workbook_writer`)."""

    def __init__(self, created: datetime, **options):
        super().__init__(**options)
        self._created = created

    @lazyproperty
    def _workbook_writer(self):
        return _Workbook(self, self._created)
