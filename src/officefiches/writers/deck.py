"""The presentation the slides are written into: default 16:9 look or a user's template,
layouts found by placeholder type, one `Canvas` per slide (title, content box, shapes, notes)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.parts.slide import NotesSlidePart
from pptx.util import Pt

from officefiches.errors import UsageError
from officefiches.writers import drawing, palette
from officefiches.writers.drawing import Box, Para, inches

WIDE = (12_192_000, 6_858_000)  # 13,333 × 7,5 in
ACCENT, TEXT, MUTED = palette.ACCENT, palette.TEXT, palette.MUTED
TITLE_SIZE = 26
FOOTER_SIZE = 10
_OTHER_PLACEHOLDERS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


def open_presentation(template: Path | None):
    """The user's template (its slides removed) or python-pptx's default set to 16:9."""
    if template is None:
        prs = Presentation()
        _widen(prs)
        _default_look(prs)
        return prs, True
    try:
        prs = Presentation(str(template))
    except Exception as error:  # python-pptx raises several types for a bad file
        raise UsageError(
            f"Modèle PowerPoint illisible : {template} ({type(error).__name__}). "
            "Indiquez un fichier .pptx (les modèles .potx sont à enregistrer en .pptx)."
        ) from error
    _remove_slides(prs)
    return prs, False


def _widen(prs) -> None:
    """16:9 slides; the default master's and layouts' placeholders stretched to the new width."""
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    factor = WIDE[0] / old_width
    parts = [prs.slide_master, *prs.slide_layouts]
    for part in parts:
        for off in part.element.iter("{*}off"):
            off.set("x", str(int(int(off.get("x")) * factor)))
        for ext in part.element.iter("{*}ext"):
            if ext.get("cx") is not None:
                ext.set("cx", str(int(int(ext.get("cx")) * factor)))


def _default_look(prs) -> None:
    """Arial everywhere (theme fonts), titles left-aligned in dark blue at the top of the
    master, so slides a user adds in PowerPoint look like the generated ones."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    theme._blob = re.sub(
        rb'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rb'\1Arial"', theme.blob
    )
    master = prs.slide_master
    style = master.element.find(".//{*}titleStyle/{*}lvl1pPr")
    style.set("algn", "l")
    run = style.find("{*}defRPr")
    run.set("sz", str(TITLE_SIZE * 100))
    run.set("b", "1")
    fill = run.find("{*}solidFill")
    for child in list(fill):
        fill.remove(child)
    fill.append(parse_xml(f'<a:srgbClr {nsdecls("a")} val="{ACCENT}"/>'))
    title = next(ph for ph in master.placeholders if ph.placeholder_format.type in _TITLES)
    box = Box(Deck.MARGIN, inches(0.3), WIDE[0] - 2 * Deck.MARGIN, inches(0.8))
    title.left, title.top, title.width, title.height = box.x, box.y, box.w, box.h
    body = title.text_frame._txBody.bodyPr
    body.set("anchor", "b")
    body.set("lIns", "0")
    body.set("rIns", "0")


def _remove_slides(prs) -> None:
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        slide_ids.remove(slide_id)
        prs.part.rels.pop(slide_id.rId)


def title_layout(prs):
    """A layout with a title placeholder and nothing else (but date, footer, number): the
    "Title Only" layout in any language; else the one with a title and fewest other
    placeholders; else a layout without placeholders."""
    candidates = []
    for layout in prs.slide_layouts:
        kinds = [ph.placeholder_format.type for ph in layout.placeholders]
        content = [k for k in kinds if k not in _OTHER_PLACEHOLDERS]
        has_title = any(k in _TITLES for k in content)
        candidates.append((not has_title, len(content), layout))
    candidates.sort(key=lambda c: (c[0], c[1]))
    return candidates[0][2]


class NotesWriter:
    """Speaker notes. python-pptx builds every notes slide by cloning the notes master's
    placeholders (a few ms each); here only the first is built so, the others are copies."""

    def __init__(self) -> None:
        self._prototype = None

    def write(self, slide, text: str) -> None:
        if self._prototype is None:
            notes = slide.notes_slide
            self._prototype = copy.deepcopy(notes.element)
        else:
            self._copy_prototype(slide.part)
        slide.notes_slide.notes_text_frame.text = text

    def _copy_prototype(self, slide_part) -> None:
        package = slide_part.package
        partname = PackURI(f"/ppt/notesSlides/notesSlide{slide_part.partname.idx}.xml")
        element = copy.deepcopy(self._prototype)
        part = NotesSlidePart(partname, CT.PML_NOTES_SLIDE, package, element)
        part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)


@dataclass
class Canvas:
    """One slide being written: its title shape, the free area below it, shape helpers."""

    slide: object
    content: Box  # the area below the title, above the footer
    width: int
    height: int
    notes_writer: NotesWriter

    def add(self, xml: str):
        """Append a shape given as XML; return its element."""
        shape = drawing.element(xml)
        drawing.append(self.slide, shape)
        return shape

    def add_element(self, shape) -> None:
        drawing.append(self.slide, shape)

    def text(self, box: Box, paras: list[Para], **options):
        return self.add(drawing.text_xml(box, paras, **options))

    def notes(self, text: str) -> None:
        self.notes_writer.write(self.slide, text)

    def link(self, url: str) -> str:
        """Relationship id of an external hyperlink from this slide."""
        return self.slide.part.relate_to(url, RT.HYPERLINK, is_external=True)


class Deck:
    """The presentation and how its slides are laid out."""

    MARGIN = inches(0.5)

    def __init__(self, template: Path | None = None, created: datetime | None = None):
        self.prs, self.default_look = open_presentation(template)
        self.created = created or datetime(2000, 1, 1)  # stamped in embedded workbooks
        self.width = self.prs.slide_width
        self.height = self.prs.slide_height
        self.layout = title_layout(self.prs)
        self.footer = ""
        self.notes = NotesWriter()

    def new_slide(self, title: str, title_box: Box | None = None, title_size: float = TITLE_SIZE):
        """A slide from the title layout, `title` in its title placeholder."""
        slide = self.prs.slides.add_slide(self.layout)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in _TITLES:
                ph.element.getparent().remove(ph.element)  # unused body placeholders
        title_shape = slide.shapes.title
        if title_shape is None:
            box = title_box or self.default_title_box()
            xml = drawing.text_xml(box, [drawing.para(title, title_size, bold=True, color=ACCENT)])
            drawing.append(slide, drawing.element(xml))
            bottom = box.bottom
        else:
            bottom = self._fill_title(title_shape, title, title_box, title_size)
        top = bottom + inches(0.12)
        footer_top = self.height - inches(0.42)
        content = Box(
            self.MARGIN, top, self.width - 2 * self.MARGIN, footer_top - inches(0.1) - top
        )
        canvas = Canvas(slide, content, self.width, self.height, self.notes)
        if self.footer:
            self._footer(canvas, footer_top)
        return canvas

    def default_title_box(self) -> Box:
        return Box(self.MARGIN, inches(0.3), self.width - 2 * self.MARGIN, inches(0.8))

    def _fill_title(self, shape, title: str, box: Box | None, size: float) -> int:
        shape.text_frame.text = title
        if self.default_look or box is not None:
            box = box or self.default_title_box()
            shape.left, shape.top, shape.width, shape.height = box.x, box.y, box.w, box.h
        if self.default_look and size != TITLE_SIZE:  # else the master's style applies
            shape.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
        return min(int(shape.top) + int(shape.height), int(self.height * 0.3))

    def _footer(self, canvas: Canvas, top: int) -> None:
        box = Box(self.MARGIN, top + inches(0.06), self.width - 2 * self.MARGIN, inches(0.3))
        rule = Box(self.MARGIN, top, self.width - 2 * self.MARGIN, inches(0.02))
        canvas.add(drawing.rect_xml(rule, ACCENT, name="Filet"))
        canvas.text(box, [drawing.para(self.footer, FOOTER_SIZE, color=MUTED)], name="Pied de page")
