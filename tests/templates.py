"""Teams' PowerPoint templates, made for the tests: a plain 4:3 one whose layouts are « Titre »,
« Titre et contenu » and « Vide » (no title-only layout), and a corporate 16:9 one (a coloured
header band holding the title, a footer band holding the footer placeholders, a mark on the
master, a French « Titre seul » layout)."""

from __future__ import annotations

import copy
import io
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def plain_43(path: Path) -> Path:
    """python-pptx's own 4:3 template with three layouts, named in French."""
    prs = Presentation()
    keep = {0: "Titre", 1: "Titre et contenu", 6: "Vide"}
    for index, layout in reversed(list(enumerate(prs.slide_layouts))):
        if index in keep:
            layout.name = keep[index]
        else:
            prs.slide_layouts.remove(layout)
    prs.save(str(path))
    return path


def _rect(x, y, w, h, colour: str, name: str, shape_id: int):
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{int(x)}" y="{int(y)}"/><a:ext cx="{int(w)}" cy="{int(h)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{colour}"/>'
        "</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )
    return parse_xml(xml)


def corporate(path: Path) -> Path:
    """16:9, a dark header band with the title in white on it, a footer band with the footer
    placeholders, a red mark at the master's top right; layouts « Titre » (cover),
    « Titre et contenu », « Titre seul » (moved last)."""
    prs = Presentation()
    width, height = Inches(13.333), Inches(7.5)
    factor = width / prs.slide_width
    prs.slide_width, prs.slide_height = width, height
    master = prs.slide_master
    for part in [master, *prs.slide_layouts]:
        for shape in part.placeholders:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = (
                    Emu(int(shape.left * factor)),
                    Emu(int(shape.width * factor)),
                )
    tree = master.shapes._spTree
    band = _rect(0, 0, width, Inches(1.1), "123C69", "Bandeau haut", 101)
    footer_band = _rect(0, Inches(6.95), width, Inches(0.55), "123C69", "Bandeau bas", 102)
    mark = _rect(
        width - Inches(1.0), Inches(0.25), Inches(0.6), Inches(0.6), "E1000F", "Marque", 103
    )
    for shape in (mark, footer_band, band):
        tree.insert(2, shape)  # behind the placeholders, the mark on the band
    style = master.element.find(f".//{{{P}}}titleStyle/{{{A}}}lvl1pPr")
    style.set("algn", "l")
    run = style.find(f"{{{A}}}defRPr")
    run.set("sz", "3200")
    fill = run.find(f"{{{A}}}solidFill")
    fill.clear()
    fill.append(parse_xml(f'<a:srgbClr xmlns:a="{A}" val="FFFFFF"/>'))
    for ph in master.placeholders:
        kind = ph.placeholder_format.type
        if kind == PP_PLACEHOLDER.TITLE:
            ph.left, ph.top, ph.width, ph.height = (
                Inches(0.5),
                Inches(0.15),
                Inches(11.5),
                Inches(0.8),
            )
        elif kind in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.SLIDE_NUMBER):
            ph.top, ph.height = Inches(7.0), Inches(0.4)
        elif kind == PP_PLACEHOLDER.BODY:
            ph.left, ph.top, ph.width, ph.height = (
                Inches(0.6),
                Inches(1.35),
                Inches(12.1),
                Inches(5.4),
            )
    for layout in prs.slide_layouts:  # layouts inherit the master's places
        for ph in layout.placeholders:
            if ph.placeholder_format.type != PP_PLACEHOLDER.CENTER_TITLE:
                xfrm = ph._element.spPr.find(f"{{{A}}}xfrm")
                if xfrm is not None:
                    ph._element.spPr.remove(xfrm)
    names = {0: "Titre", 1: "Titre et contenu", 5: "Titre seul"}
    for index, layout in reversed(list(enumerate(prs.slide_layouts))):
        if index in names:
            layout.name = names[index]
        else:
            prs.slide_layouts.remove(layout)
    layouts = master.element.find(f"{{{P}}}sldLayoutIdLst")
    title_only = layouts[2]
    layouts.remove(title_only)
    layouts.append(copy.deepcopy(title_only))
    prs.save(path if hasattr(path, "write") else str(path))
    return path


def corporate_bytes() -> io.BytesIO:
    buffer = io.BytesIO()
    corporate(buffer)
    buffer.seek(0)
    return buffer
