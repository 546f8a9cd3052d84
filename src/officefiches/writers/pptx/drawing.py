"""Raw DrawingML for the deck: text boxes, rectangles, freeform bands, tables and groups, as
XML strings (pure: no python-pptx here).

python-pptx's shape API costs a few milliseconds per shape; a deck holds hundreds of them (the
Sankey bands), so shapes are written here as XML strings, exactly as lxml would serialize them,
and put into the slide as they are (`Canvas.add`, _pptx.splice_xml: never parsed). Coordinates
are EMU integers in slide space; groups keep an identity transform (child offsets are slide
offsets), so what a reader sees is what these functions were given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from officefiches.formatting import typographie
from officefiches.writers.look import TEXT

EMU_PER_INCH = 914_400
EMU_PER_PT = 12_700
FONT = "Arial"  # our own look's theme fonts (deck._default_look)
# Every run names the theme's body font, not a typeface: Arial in our look, the template's own
# font with a team's template, so that a slide's title and text are one family (and a team
# changes the deck's font in one place: the theme).
THEME_FONT = "+mn-lt"
THEME_FONT_CS = "+mn-cs"

NSDECLS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def inches(value: float) -> int:
    return int(round(value * EMU_PER_INCH))


def points(value: float) -> int:
    return int(round(value * EMU_PER_PT))


@dataclass(frozen=True)
class Box:
    """A rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def inset(self, dx: int, dy: int | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(self.w - 2 * dx, 0), max(self.h - 2 * dy, 0))

    def split_x(self, width: int, gap: int = 0) -> tuple[Box, Box]:
        """Left part of `width`, right part after `gap`."""
        left = Box(self.x, self.y, width, self.h)
        right = Box(self.x + width + gap, self.y, max(self.w - width - gap, 0), self.h)
        return left, right

    def split_y(self, height: int, gap: int = 0) -> tuple[Box, Box]:
        top = Box(self.x, self.y, self.w, height)
        bottom = Box(self.x, self.y + height + gap, self.w, max(self.h - height - gap, 0))
        return top, bottom


@dataclass(frozen=True)
class Run:
    text: str
    size: float = 12.0  # points
    bold: bool = False
    color: str = TEXT
    italic: bool = False
    link: str | None = None  # relationship id of an external hyperlink


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    align: str = "l"  # l | ctr | r
    bullet: bool = False
    space_before: float = 0.0  # points


def para(text: str, size: float = 12.0, align: str = "l", **style) -> Para:
    """A one-run paragraph."""
    return Para((Run(text, size, **style),), align=align)


# --- XML fragments ------------------------------------------------------------------------


def _fill(color: str | None, alpha: float | None = None) -> str:
    if color is None:
        return "<a:noFill/>"
    if alpha is None:
        return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
    return (
        f'<a:solidFill><a:srgbClr val="{color}"><a:alpha val="{int(alpha * 100_000)}"/>'
        "</a:srgbClr></a:solidFill>"
    )


def _line(color: str | None, width_pt: float = 0.75, tag: str = "ln") -> str:
    if color is None:
        return f"<a:{tag}><a:noFill/></a:{tag}>"
    return f'<a:{tag} w="{points(width_pt)}">{_fill(color)}</a:{tag}>'


def _xfrm(box: Box) -> str:
    return (
        f'<a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{max(box.w, 1)}" '
        f'cy="{max(box.h, 1)}"/></a:xfrm>'
    )


# What lxml escapes in an attribute's value (it always quotes with ") and in text: the
# strings below are then what lxml writes for them once parsed (_pptx.splice_xml puts them in
# the slide as they are).
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def _attr(value: str) -> str:
    return f'"{escape(value, _ATTRIBUTE_ESCAPES)}"'


def _nv(tag: str, name: str, descr: str | None, extra: str) -> str:
    descr_attr = f" descr={_attr(descr)}" if descr else ""
    cnvpr = f'<p:cNvPr id="0" name={_attr(name)}{descr_attr}/>'
    return f"<p:nv{tag}Pr>{cnvpr}{extra}<p:nvPr/></p:nv{tag}Pr>"


_CONTROL = {c: None for c in range(32) if c != 9}  # not allowed in XML text (tab is)


def _run(run: Run) -> str:
    attrs = (
        f'lang="fr-FR" sz="{int(round(run.size * 100))}" b="{int(run.bold)}" i="{int(run.italic)}"'
    )
    link = f'<a:hlinkClick r:id="{run.link}"/>' if run.link else ""
    text = escape(typographie(run.text).translate(_CONTROL))
    text = f"<a:t>{text}</a:t>" if text else "<a:t/>"  # lxml writes an empty one so
    return (
        f'<a:r><a:rPr {attrs} dirty="0">{_fill(run.color)}<a:latin typeface="{THEME_FONT}"/>'
        f'<a:cs typeface="{THEME_FONT_CS}"/>{link}</a:rPr>{text}</a:r>'
    )


def _para(p: Para) -> str:
    spacing = f'<a:spcBef><a:spcPts val="{int(p.space_before * 100)}"/></a:spcBef>'
    if p.bullet:
        ppr = (
            f'<a:pPr marL="{points(16)}" indent="{-points(12)}" algn="{p.align}">{spacing}'
            f'<a:buFont typeface="{THEME_FONT}"/><a:buChar char="•"/></a:pPr>'
        )
    else:
        ppr = f'<a:pPr algn="{p.align}">{spacing}<a:buNone/></a:pPr>'
    size = p.runs[0].size if p.runs else 12.0
    end = f'<a:endParaRPr lang="fr-FR" sz="{int(round(size * 100))}" dirty="0"/>'
    return f"<a:p>{ppr}{''.join(_run(r) for r in p.runs)}{end}</a:p>"


def _body(paras: Sequence[Para], anchor: str, inset: int) -> str:
    body = (
        f'<a:bodyPr wrap="square" lIns="{inset}" tIns="{inset}" rIns="{inset}" bIns="{inset}" '
        f'anchor="{anchor}" rtlCol="0"><a:normAutofit/></a:bodyPr><a:lstStyle/>'
    )
    paragraphs = "".join(_para(p) for p in paras) or "<a:p/>"
    return f"<p:txBody>{body}{paragraphs}</p:txBody>"


# --- shapes -------------------------------------------------------------------------------


def text_xml(
    box: Box,
    paras: Sequence[Para],
    name: str = "Texte",
    anchor: str = "t",
    fill: str | None = None,
    line: str | None = None,
    inset: int = 0,
    descr: str | None = None,
) -> str:
    """A text box (a rectangle with text when `fill` or `line` is given)."""
    tx_box = ' txBox="1"' if fill is None and line is None else ""
    return (
        f"<p:sp {NSDECLS}>{_nv('Sp', name, descr, f'<p:cNvSpPr{tx_box}/>')}"
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{_fill(fill)}{_line(line)}</p:spPr>{_body(paras, anchor, inset)}</p:sp>"
    )


def rect_xml(
    box: Box,
    fill: str | None,
    name: str = "Rectangle",
    line: str | None = None,
    line_width: float = 0.75,
    alpha: float | None = None,
    paras: Sequence[Para] = (),
    anchor: str = "ctr",
    inset: int = 0,
    descr: str | None = None,
) -> str:
    """A filled rectangle, optionally holding text."""
    return (
        f"<p:sp {NSDECLS}>{_nv('Sp', name, descr, '<p:cNvSpPr/>')}"
        f'<p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{_fill(fill, alpha)}{_line(line, line_width)}</p:spPr>"
        f"{_body(paras, anchor, inset)}</p:sp>"
    )


def band_xml(
    x0: int,
    x1: int,
    top0: int,
    bottom0: int,
    top1: int,
    bottom1: int,
    fill: str,
    alpha: float | None = None,
    name: str = "Flux",
    descr: str | None = None,
) -> str:
    """A Sankey band from the left edge (x0, top0..bottom0) to the right edge (x1, top1..bottom1):
    a freeform whose two long edges are cubic Bézier curves with horizontal tangents. Written
    in one format string: a Sankey has a hundred bands or more."""
    top = min(top0, top1)
    w = max(x1 - x0, 1)
    h = max(max(bottom0, bottom1) - top, 1)
    mid = (x1 - x0) // 2
    width = x1 - x0
    t0, t1, b0, b1 = top0 - top, top1 - top, bottom0 - top, bottom1 - top
    return (
        f"<p:sp {NSDECLS}>{_nv('Sp', name, descr, '<p:cNvSpPr/>')}<p:spPr>"
        f'<a:xfrm><a:off x="{x0}" y="{top}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{w}" h="{h}">'
        f'<a:moveTo><a:pt x="0" y="{t0}"/></a:moveTo>'
        f'<a:cubicBezTo><a:pt x="{mid}" y="{t0}"/><a:pt x="{mid}" y="{t1}"/>'
        f'<a:pt x="{width}" y="{t1}"/></a:cubicBezTo>'
        f'<a:lnTo><a:pt x="{width}" y="{b1}"/></a:lnTo>'
        f'<a:cubicBezTo><a:pt x="{mid}" y="{b1}"/><a:pt x="{mid}" y="{b0}"/>'
        f'<a:pt x="0" y="{b0}"/></a:cubicBezTo>'
        f"<a:close/></a:path></a:pathLst></a:custGeom>{_fill(fill, alpha)}{_NO_LINE}</p:spPr>"
        "</p:sp>"
    )


_NO_LINE = _line(None)


@dataclass(frozen=True)
class TableCell:
    paras: tuple[Para, ...]
    fill: str | None = None
    rule: str | None = None  # colour of the line under the cell
    span: int = 1  # columns the cell covers
    merged: bool = False  # covered by the cell at its left


_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"


def table_xml(
    box: Box,
    widths: Sequence[int],
    rows: Sequence[tuple[int, Sequence[TableCell]]],
    name: str,
    descr: str,
    inset: tuple[int, int],
) -> str:
    """A native table: `rows` as (height, cells); `inset` the cells' (horizontal, vertical)
    margins. Every fill and line is explicit, so no table style is needed."""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    body = "".join(
        f'<a:tr h="{height}">' + "".join(_cell_xml(cell, inset) for cell in cells) + "</a:tr>"
        for height, cells in rows
    )
    frame = f'<p:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.w}" cy="{box.h}"/></p:xfrm>'
    locks = '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
    return (
        f"<p:graphicFrame {NSDECLS}>{_nv('GraphicFrame', name, descr, locks)}{frame}"
        f'<a:graphic><a:graphicData uri="{_TABLE_URI}"><a:tbl><a:tblPr firstRow="1"/>'
        f"<a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic>"
        "</p:graphicFrame>"
    )


def _cell_xml(cell: TableCell, inset: tuple[int, int]) -> str:
    dx, dy = inset
    lines = "".join(_line(None, tag=side) for side in ("lnL", "lnR", "lnT"))
    under = _line(cell.rule, 0.75, tag="lnB")
    paragraphs = "".join(_para(p) for p in cell.paras) or "<a:p/>"
    span = f' gridSpan="{cell.span}"' if cell.span > 1 else ' hMerge="1"' if cell.merged else ""
    return (
        f"<a:tc{span}><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</a:txBody>"
        f'<a:tcPr marL="{dx}" marR="{dx}" marT="{dy}" marB="{dy}" anchor="ctr">'
        f"{lines}{under}{_fill(cell.fill)}</a:tcPr></a:tc>"
    )


def bounds(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    x = min(b.x for b in boxes)
    y = min(b.y for b in boxes)
    right = max(b.right for b in boxes)
    bottom = max(b.bottom for b in boxes)
    return Box(x, y, right - x, bottom - y)


def group_xml(children: Sequence[str], box: Box, name: str, descr: str) -> str:
    """A group of shapes (XML strings) whose children keep slide coordinates."""
    xfrm = (
        f'<a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.w}" cy="{box.h}"/>'
        f'<a:chOff x="{box.x}" y="{box.y}"/><a:chExt cx="{box.w}" cy="{box.h}"/></a:xfrm>'
    )
    inner = "".join(_strip_ns(child) for child in children)  # the group's root declares them
    return (
        f"<p:grpSp {NSDECLS}>{_nv('GrpSp', name, descr, '<p:cNvGrpSpPr/>')}"
        f"<p:grpSpPr>{xfrm}</p:grpSpPr>{inner}</p:grpSp>"
    )


_CHILD_NSDECLS = f" {NSDECLS}"


def _strip_ns(xml: str) -> str:
    return xml.replace(_CHILD_NSDECLS, "", 1)
