"""The presentation the slides are written into: default 16:9 look or a user's template,
layouts found by placeholder type, one `Canvas` per slide (title, content box, shapes, notes),
and `write`: a deck is a context (what the slides need) and an ordered list of slide functions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import nsdecls
from pptx.util import Pt

from officefiches.errors import UsageError
from officefiches.writers import slides
from officefiches.writers.look import ACCENT, MUTED, TEXT
from officefiches.writers.pptx import _pptx, drawing, textfit
from officefiches.writers.pptx._pptx import NotesWriter, parse_xml
from officefiches.writers.pptx.drawing import Box, Para, inches
from officefiches.writers.pptx.shared import SharedFigures

AUTHOR = "officefiches"
WIDE = (12_192_000, 6_858_000)  # 13,333 × 7,5 in
TITLE_SIZE = 26
FOOTER_SIZE = 10
MESSAGE_SIZE = 16
MESSAGE_LINES = 3
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
    _pptx.remove_slides(prs)
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
    _pptx.set_theme_fonts(prs, drawing.FONT)
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
    body = _pptx.body_properties(title)
    body.set("anchor", "b")
    body.set("lIns", "0")
    body.set("rIns", "0")


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


@dataclass
class Canvas:
    """One slide being written: its title shape, the free area below it, shape helpers."""

    slide: object
    content: Box  # the area below the title (and the key message), above the footer
    width: int
    height: int
    notes_writer: NotesWriter
    message: str = ""  # the team's key message: under the title, first in the notes

    def add(self, xml: str):
        """Append a shape given as XML; return its element."""
        shape = parse_xml(xml)
        _pptx.append_shape(self.slide, shape)
        return shape

    def add_element(self, shape) -> None:
        _pptx.append_shape(self.slide, shape)

    def text(self, box: Box, paras: list[Para], **options):
        return self.add(drawing.text_xml(box, paras, **options))

    def notes(self, text: str) -> None:
        """The speaker notes, the team's key message (whole) first."""
        self.notes_writer.write(self.slide, "\n\n".join(t for t in (self.message, text) if t))

    def key_message(self, text: str) -> None:
        """The team's key message at the top of the content area (an accent bar and the text,
        at most MESSAGE_LINES lines, shortened with "…" beyond: the notes have it whole)."""
        self.message = text
        box = self.content
        width = box.w - inches(0.3)
        lines = textfit.wrap(text, MESSAGE_SIZE, width, True)
        if len(lines) > MESSAGE_LINES:
            lines = lines[: MESSAGE_LINES - 1] + [
                textfit.shorten(" ".join(lines[MESSAGE_LINES - 1 :]), MESSAGE_SIZE, width, True)
            ]
        height = textfit.line_height(MESSAGE_SIZE, len(lines)) + inches(0.1)
        top, rest = box.split_y(height, inches(0.1))
        self.add(drawing.rect_xml(Box(top.x, top.y, inches(0.06), top.h), ACCENT, name="Filet"))
        text_box = Box(top.x + inches(0.18), top.y, top.w - inches(0.18), top.h)
        paras = [drawing.para(" ".join(lines), MESSAGE_SIZE, bold=True, color=TEXT)]
        self.text(text_box, paras, name="Message clé", anchor="ctr")
        self.content = rest

    def link(self, url: str) -> str:
        """Relationship id of an external hyperlink from this slide."""
        return _pptx.external_link(self.slide, url)


class Deck:
    """The presentation and how its slides are laid out."""

    MARGIN = inches(0.5)

    def __init__(
        self,
        template: Path | None = None,
        created: datetime | None = None,
        messages: Mapping[str, str] | None = None,
    ):
        self.prs, self.default_look = open_presentation(template)
        # the team's key messages, by slide title (matched as writers/slides.key does)
        self.messages = {slides.key(t): m for t, m in (messages or {}).items() if m}
        self.created = created or datetime(2000, 1, 1)  # stamped in embedded workbooks
        self.width = self.prs.slide_width
        self.height = self.prs.slide_height
        self.layout = title_layout(self.prs)
        self.footer = ""
        self.notes = NotesWriter()

    def new_slide(
        self,
        title: str,
        title_box: Box | None = None,
        title_size: float = TITLE_SIZE,
        footer: bool = True,
    ):
        """A slide from the title layout, `title` in its title placeholder (and the deck's
        footer unless `footer` is false: the cover has none)."""
        slide = self.prs.slides.add_slide(self.layout)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type not in _TITLES:
                ph.element.getparent().remove(ph.element)  # unused body placeholders
        title_shape = slide.shapes.title
        if title_shape is None:
            box = title_box or self.default_title_box()
            xml = drawing.text_xml(box, [drawing.para(title, title_size, bold=True, color=ACCENT)])
            _pptx.append_shape(slide, parse_xml(xml))
            bottom = box.bottom
        else:
            bottom = self._fill_title(title_shape, title, title_box, title_size)
        top = bottom + inches(0.12)
        footer_top = self.height - inches(0.42)
        content = Box(
            self.MARGIN, top, self.width - 2 * self.MARGIN, footer_top - inches(0.1) - top
        )
        canvas = Canvas(slide, content, self.width, self.height, self.notes)
        if footer and self.footer:
            self._footer(canvas, footer_top)
        message = self.messages.get(slides.key(title))
        if message:
            canvas.key_message(message)
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


# --- writing a deck ---------------------------------------------------------------------------

Slide = Callable[[object], None]  # writes zero or more slides for a context


def write(
    slides: Sequence[Slide],
    context: Callable,
    doc,
    path: Path,
    figures: str = "shapes",
    template: Path | None = None,
    created: datetime | None = None,
    shared: SharedFigures | None = None,
    logos: Sequence[Path] = (),
    short_labels: Mapping[tuple[str, str], str] | None = None,
    messages: Mapping[str, str] | None = None,
) -> None:
    """Write `doc` (a Fiche or a Synthesis) to `path`: `context(deck, doc, figures, shared)`
    makes what the slides need, then each of `slides` writes its slides, in order.

    figures: "shapes" (treemap and Sankeys as native, editable shapes) or "images" (PNG).
    template: a .pptx whose master and layouts are used (its own slides are dropped).
    created: the date stamped in the document properties (deterministic output).
    shared: drawings shared between the decks of one run.
    logos: the team's logos (not drawn by this version: refused).
    short_labels: the team's short names {(kind, code): name}; the names of `doc` are already
        the team's (officefiches deck reads them so), this is for the slides' own lookups.
    messages: the team's key message of a slide, {slide title: text}.
    """
    from officefiches.options import FIGURE_MODES, creation_time

    if figures not in FIGURE_MODES:
        raise ValueError(f"figures must be one of {FIGURE_MODES}, not {figures!r}")
    if logos:
        raise UsageError("--logo : les logos ne sont pas encore pris en charge par ce programme.")
    created = created or creation_time()
    deck = Deck(template, created, messages)
    ctx = context(deck, doc, figures, shared if shared is not None else SharedFigures())
    for slide in slides:
        slide(ctx)
    set_properties(deck.prs, ctx.subject.scope.name, doc.year, created)
    save(deck.prs, path, created)


def save(prs, path: Path, created: datetime) -> None:
    """The deck as a ZIP whose entries are dated `created` (python-pptx stamps the current
    time): same inputs and SOURCE_DATE_EPOCH, same bytes. Members keep python-pptx's order,
    which follows the parts' relationships (deterministic)."""
    buffer = io.BytesIO()
    prs.save(buffer)
    stamp = max(created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # ZIP dates start in 1980
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            entry = zipfile.ZipInfo(member.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = member.external_attr
            target.writestr(entry, source.read(member))


def set_properties(prs, name: str, year: int, created: datetime) -> None:
    props = prs.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.title = f"Commerce extérieur {year} — {name}"
    props.subject = "Les indicateurs clés : commerce extérieur — Territoires d'industrie"
    props.keywords = f"commerce extérieur; douanes; {name}; {year}"
    props.comments = ""
    props.category = ""
    props.language = "fr-FR"
    props.created = created
    props.modified = created
    props.revision = 1
