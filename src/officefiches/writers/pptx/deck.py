"""The presentation the slides are written into: default 16:9 look or a user's template,
layouts found by placeholder type, one `Canvas` per slide (title, content box, shapes, notes),
and `write`: a deck is a context (what the slides need) and an ordered list of slide functions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import nsdecls
from pptx.util import Pt

from officefiches.errors import UsageError
from officefiches.formatting import typographie
from officefiches.model import Exposure, ScopeFigures
from officefiches.writers import look, sections
from officefiches.writers._zipfile import fast_deflate
from officefiches.writers.look import ACCENT, MUTED, TEXT
from officefiches.writers.pptx import _pptx, drawing, figures, layouts, textfit
from officefiches.writers.pptx._pptx import NotesWriter, parse_xml
from officefiches.writers.pptx.drawing import Box, Para, inches
from officefiches.writers.pptx.logos import Logo
from officefiches.writers.pptx.shared import DeckOptions, SharedFigures

AUTHOR = "officefiches"
WIDE = (12_192_000, 6_858_000)  # 13,333 × 7,5 in
TITLE_SIZE = 26
FOOTER_SIZE = 10
MESSAGE_SIZES = (16, 15, 14)  # a key message on two lines at most, else three
MESSAGE_LINES = 3


def open_presentation(template: Path | None, template_key: tuple | None = None):
    """The user's template (its slides removed) or python-pptx's default set to 16:9. With
    `template_key` (_template_key), the file is read once per process: each deck gets a copy
    of it as loaded."""
    if template is None:  # widened and given our look once, then copied (as a template is)
        return _loaded(None, template_key, _our_look), True
    prs = _loaded(template, template_key)
    _pptx.remove_slides(prs)
    return prs, False


def preload(template: Path | None) -> None:
    """Read `template` (the default one when None) once for this process, as decks do."""
    key = _template_key(template)
    if key is not None and key not in _LOADED:
        open_presentation(template, key)


def _our_look(prs) -> None:
    _widen(prs)
    _default_look(prs)


_LOADED: dict = {}  # template key → the template as loaded (and prepared), never written to
# again: decks get copies


def _loaded(template: Path | None, template_key: tuple | None, prepare=None):
    """The template as loaded, then given to `prepare` (once per process with a key)."""
    if template_key is not None and template_key in _LOADED:
        return _pptx.copy_presentation(_LOADED[template_key])
    try:
        prs = Presentation() if template is None else Presentation(str(template))
    except Exception as error:  # python-pptx raises several types for a bad file
        raise UsageError(
            f"Modèle PowerPoint illisible : {template} ({type(error).__name__}). "
            "Indiquez un fichier .pptx (les modèles .potx sont à enregistrer en .pptx)."
        ) from error
    if prepare is not None:
        prepare(prs)
    if template_key is None:
        return prs
    _LOADED[template_key] = prs
    return _pptx.copy_presentation(prs)


def _template_key(template: Path | None) -> tuple | None:
    """What tells one template from another within a run: its path, size and date (None for
    a file that cannot be read: opening it says why)."""
    if template is None:
        return ("python-pptx default",)
    try:
        stat = Path(template).stat()
    except OSError:
        return None
    return (str(Path(template).resolve()), stat.st_size, stat.st_mtime_ns)


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
    _pptx.set_link_colour(prs, ACCENT)
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
    title = next(ph for ph in master.placeholders if ph.placeholder_format.type in layouts.TITLES)
    box = Box(layouts.MARGIN, inches(0.3), WIDE[0] - 2 * layouts.MARGIN, inches(0.8))
    title.left, title.top, title.width, title.height = box.x, box.y, box.w, box.h
    body = _pptx.body_properties(title)
    body.set("anchor", "b")
    body.set("lIns", "0")
    body.set("rIns", "0")


@dataclass
class Canvas:
    """One slide being written: its title shape, the free area below it, shape helpers."""

    slide: object
    content: Box  # the area below the title (and its key message), above the footer
    width: int
    height: int
    notes_writer: NotesWriter
    message: str = ""  # the team's key message, first in the notes
    names: list[str] = field(default_factory=list)  # full names shortened on the slide

    def add(self, xml: str) -> None:
        """Put a shape given as XML (drawing.py's) on the slide: as its bytes, never parsed
        (_pptx.splice_xml)."""
        _pptx.splice_xml(self.slide, xml)

    def text(self, box: Box, paras: list[Para], **options) -> None:
        self.add(drawing.text_xml(box, paras, **options))

    def notes(self, text: str) -> None:
        """The speaker notes: the key message first, then `text`, then the full names of what
        the slide had to shorten."""
        parts = [self.message, text]
        if self.names:
            parts.append("Noms complets : " + " ; ".join(dict.fromkeys(self.names)) + ".")
        self.notes_writer.write(self.slide, typographie("\n\n".join(p for p in parts if p)))

    def shortened(self, full: str) -> None:
        """Record a name the slide shows cut (an ellipsis, the last resort): the notes give it."""
        self.names.append(full)

    def key_message(self, text: str) -> Box:
        """The team's key message in its place, at the top of the content area under the
        title (an accent bar and the text), first in the notes; returns the area left."""
        self.message = text
        box = self.content
        size = next(
            (
                s
                for s in MESSAGE_SIZES
                if len(textfit.wrap(text, s, box.w - inches(0.3), True)) <= 2
            ),
            MESSAGE_SIZES[-1],
        )
        width = box.w - inches(0.3)
        lines = textfit.wrap(text, size, width, True)
        if len(lines) > MESSAGE_LINES:  # the last resort: cut, whole in the notes
            tail = textfit.shorten(" ".join(lines[MESSAGE_LINES - 1 :]), size, width, True)
            lines = lines[: MESSAGE_LINES - 1] + [tail]
        height = textfit.line_height(size, len(lines)) + inches(0.12)
        top, rest = box.split_y(height, inches(0.12))
        self.add(
            drawing.rect_xml(
                Box(top.x, top.y, inches(0.06), top.h), ACCENT, name="Filet du message"
            )
        )
        text_box = Box(top.x + inches(0.18), top.y, top.w - inches(0.18), top.h)
        paras = [drawing.para(textfit.glued(" ".join(lines)), size, bold=True, color=TEXT)]
        self.text(text_box, paras, name="Message clé", anchor="ctr")
        self.content = rest
        return rest

    def link(self, url: str) -> str:
        """Relationship id of an external hyperlink from this slide."""
        return _pptx.external_link(self.slide, url)


class Deck:
    """The presentation and how its slides are laid out (layouts.Frame), with what every slide
    may carry: the team's logos in the footer, a key message under the title."""

    MARGIN = layouts.MARGIN

    def __init__(
        self,
        template: Path | None = None,
        created: datetime | None = None,
        logos: Sequence[Logo] = (),
        messages: Mapping[str, str] | None = None,
    ):
        template_key = _template_key(template)
        self.prs, self.default_look = open_presentation(template, template_key)
        # the team's key messages, by slide title (matched as writers/sections.key does)
        self.messages = {sections.key(t): m for t, m in (messages or {}).items() if m}
        self.created = created or datetime(2000, 1, 1)  # stamped in embedded workbooks
        self.width = self.prs.slide_width
        self.height = self.prs.slide_height
        self.logos = tuple(logos)
        layout, kind = layouts.choose_layout(self.prs, template_key)
        if self.default_look:
            self.frame = layouts.default_frame(self.prs, layout)
        else:
            self.frame = layouts.template_frame(self.prs, layout, kind)
        self.title_size = _template_title_size(self.prs)
        self.layout = layout
        # only the title placeholder is kept (the body of a title-and-content layout, a
        # subtitle are not), none when we draw our own title
        self.slide_maker = _pptx.SlideMaker(self.prs, layout, self._keeps)
        self.footer = ""
        self.notes = NotesWriter(template_key)
        self.svg_parts: dict[bytes, object] = {}  # each SVG logo stored once
        self._layout_title: Box | None = None  # where the layout puts a slide's title
        self._footers: dict[tuple, tuple[str, ...]] = {}  # (row, logos' width, text) → XML

    def new_slide(
        self,
        title: str,
        title_box: Box | None = None,
        title_size: float = TITLE_SIZE,
        footer: bool = True,
        message: bool = True,
    ) -> Canvas:
        """A slide of the deck's layout, `title` in its title placeholder (or our own box), the
        deck's footer and logos unless `footer` is false (the cover has none), the team's key
        message for this title unless `message` is false (the cover shows it its own way)."""
        slide = self.slide_maker.new_slide()
        title = typographie(title)
        title_shape = None if self.frame.own_title else self.slide_maker.title(slide)
        box = title_box or self.frame.title
        if title_shape is None:
            paras = [drawing.para(title, title_size, bold=True, color=ACCENT)]
            _pptx.append_xml(slide, drawing.text_xml(box, paras, name="Titre", anchor="b"))
            bottom = box.bottom
        else:
            bottom = self._fill_title(title_shape, title, title_box, title_size)
        body = self.frame.body
        top = max(body.y, bottom + layouts.GAP) if title_box is not None else body.y
        low = body.bottom if footer else self.frame.footer.bottom  # no footer: its row is free
        content = Box(body.x, top, body.w, low - top)
        canvas = Canvas(slide, content, self.width, self.height, self.notes)
        if footer:
            self._footer(canvas)
        text = self.message_for(title)
        if message and text:
            canvas.key_message(text)
        return canvas

    def _keeps(self, placeholder) -> bool:
        """Whether a new slide keeps this placeholder of the layout."""
        return placeholder.placeholder_format.type in layouts.TITLES and not self.frame.own_title

    def _fill_title(self, shape, title: str, box: Box | None, size: float) -> int:
        shape.text_frame.text = title
        if self.default_look or box is not None:
            box = box or self.frame.title
            _pptx.place_shape(shape, box)
        else:  # where the layout puts it: the same on every slide (python-pptx looks for it
            # in the layout's placeholders, some 0.2 ms a coordinate)
            if self._layout_title is None:
                self._layout_title = self._box(shape)
            box = self._layout_title
        if self.default_look and size != TITLE_SIZE:  # else the master's style applies
            shape.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
        elif not self.default_look:  # the template's size, unless the title then overflows
            fitted = _title_fit(title, self.title_size, box)
            if fitted < self.title_size:
                shape.text_frame.paragraphs[0].runs[0].font.size = Pt(fitted)
        return min(box.bottom, int(self.height * 0.35))

    def message_for(self, title: str) -> str:
        """The team's key message for the slide titled `title` ("" when none)."""
        return self.messages.get(sections.key(title), "")

    @staticmethod
    def _box(shape) -> Box:
        return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))

    def _footer(self, canvas: Canvas) -> None:
        """Our footer's row, above the template's footer band (never on it): the source at the
        left, the team's logos at the right."""
        row = self.frame.footer
        logos_w = self.logo_row(canvas, row, "Logo (pied de page)")
        for xml in self._footer_shapes(row, logos_w, self.footer):
            canvas.add(xml)

    def _footer_shapes(self, row: Box, logos_w: int, footer: str) -> tuple[str, ...]:
        """The footer's rule and text as XML, the same on every slide: written once a deck."""
        key = (row, logos_w, footer)
        if key not in self._footers:
            shapes = []
            if self.default_look:
                rule = Box(row.x, row.y - inches(0.06), row.w, inches(0.02))
                shapes.append(drawing.rect_xml(rule, ACCENT, name="Filet"))
            if footer:
                text_box = Box(row.x, row.y, max(row.w - logos_w - inches(0.2), inches(1)), row.h)
                paras = [drawing.para(footer, FOOTER_SIZE, color=MUTED)]
                shapes.append(drawing.text_xml(text_box, paras, name="Pied de page", anchor="ctr"))
            self._footers[key] = tuple(shapes)
        return self._footers[key]

    def logo_row(self, canvas: Canvas, row: Box, name: str, align: str = "r") -> int:
        """The logos side by side in `row` (as tall as it, at its right or left), each keeping
        its proportions; returns the width they take."""
        if not self.logos:
            return 0
        gap = max(row.h // 3, inches(0.08))
        widths = [int(row.h * logo.ratio) for logo in self.logos]
        total = sum(widths) + gap * (len(widths) - 1)
        scale = min(1.0, row.w / max(total, 1))
        x = row.right - int(total * scale) if align == "r" else row.x
        height = int(row.h * scale)
        for logo, w in zip(self.logos, widths, strict=True):
            w = int(w * scale)
            box = Box(x, row.y + (row.h - height) // 2, max(w, 1), max(height, 1))
            descr = f"Logo {logo.name}"
            _pptx.add_picture(canvas.slide, logo.png, box, name, descr, logo.svg, self.svg_parts)
            x += w + int(gap * scale)
        return int(total * scale)


TITLE_SIZES = (44, 40, 36, 32, 30, 28, 26, 24, 22, 20, 18)


def _template_title_size(prs) -> float:
    """The master's title size (its title style), 44 points when it says none."""
    style = prs.slide_master.element.find(".//{*}titleStyle/{*}lvl1pPr/{*}defRPr")
    size = style.get("sz") if style is not None else None
    return int(size) / 100 if size and size.isdigit() else 44.0


def _title_fit(title: str, size: float, box: Box) -> float:
    """The largest size up to `size` at which `title` holds in its placeholder's box (on as
    many lines as its height takes)."""
    inner_w, inner_h = box.w - inches(0.2), box.h - inches(0.1)
    for candidate in (size, *(s for s in TITLE_SIZES if s < size)):
        lines = textfit.wrap(title, candidate, inner_w, bold=False)
        if textfit.line_height(candidate, len(lines)) <= inner_h:
            return candidate
    return TITLE_SIZES[-1]


# --- writing a deck ---------------------------------------------------------------------------

Slide = Callable[[object], None]  # writes zero or more slides for a context


def write(
    slides: Sequence[Slide], context: Callable, doc, path: Path, options: DeckOptions
) -> None:
    """Write `doc` (a Fiche or a Synthesis) to `path`: `context(deck, doc, figures, shared)`
    makes what the slides need, then each of `slides` writes its slides, in order."""
    from officefiches.compute.figures import RelabelMemo, relabel
    from officefiches.options import FIGURE_MODES, creation_time
    from officefiches.writers.pptx import logos as logo_files

    if options.figures not in FIGURE_MODES:
        raise ValueError(f"figures must be one of {FIGURE_MODES}, not {options.figures!r}")
    created = options.created or creation_time()
    deck = Deck(options.template, created, logo_files.read_all(options.logos), options.messages)
    shared = options.shared if options.shared is not None else SharedFigures()
    team = dict(options.short_labels or {})
    official: dict[tuple[str, str], str] = {}

    def display(kind: str, code: str, label: str) -> str:
        official.setdefault((kind, code), label)
        return look.display_name(kind, code, label, team)

    # every name the slides show is its display name, whichever slide and field shows it; the
    # region's and France's figures, the same in every fiche of the region, walked once a run
    doc = relabel(doc, display, RelabelMemo(SHARED_ITEMS, _shared_item, shared.relabelled))
    ctx = context(deck, doc, options.figures, shared)
    ctx.short_labels = team
    ctx.official = official
    for slide in slides:
        slide(ctx)
    set_properties(deck.prs, ctx.subject.scope.name, doc.data.when, created)
    save(deck.prs, path, created)


SHARED_ITEMS = frozenset({ScopeFigures, Exposure})


def _shared_item(item) -> bool:
    """A region's or France's figures (ScopeFigures, Exposure: what fiches share)."""
    return item.scope.kind in figures.SHARED_KINDS


MEMBER_MODE = 0o600 << 16  # the permissions python-pptx's save gives its members (zipfile)


def save(prs, path: Path, created: datetime) -> None:
    """The deck as a ZIP whose entries are dated `created` (python-pptx stamps the current
    time): same inputs and SOURCE_DATE_EPOCH, same bytes. Members keep python-pptx's order,
    which follows the parts' relationships (deterministic), and its permissions; they are
    zipped once (python-pptx's own save would zip them, only to be unzipped and dated), by
    ISA-L's deflate (writers/_zipfile.py)."""
    stamp = max(created.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # ZIP dates start in 1980
    # zipped in memory, written at once: zipfile seeks back to each member's header, and on a
    # file each seek flushes its buffer (three system calls a member)
    buffer = io.BytesIO()
    with fast_deflate(), zipfile.ZipFile(buffer, "w") as target:
        for name, blob in _pptx.package_members(prs):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = MEMBER_MODE
            target.writestr(entry, blob)
    Path(path).write_bytes(buffer.getbuffer())


def set_properties(prs, name: str, year: str, created: datetime) -> None:
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
