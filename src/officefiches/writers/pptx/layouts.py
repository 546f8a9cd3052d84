"""Where a content slide's parts go, in the default look or in any reasonable template: the
layout chosen by its placeholders, the title's box, the body area (below the title, above the
footer band) and the footer's place.

The layout of every slide, the cover included (a cover layout's centred title would sit on the
key figures): a title-only layout; else a title-and-content layout, its body placeholder removed
from each slide; else a blank layout with our own title box; never a layout with a centred title
or a subtitle (a cover layout) while another one exists. Layouts are recognised by their
placeholders, never by their names (a French template says « Titre seul »).
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.shapes import PP_PLACEHOLDER

from officefiches.writers.pptx.drawing import Box, inches

TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
FOOTERS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
BODIES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
COVER = {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE}

MARGIN = inches(0.5)  # the default look's side margins
GAP = inches(0.12)  # between the title and the content, the content and the footer
FOOTER_HEIGHT = inches(0.3)
BAND_ZONE = 0.3  # a template's shapes lower than 70 % of the slide height make a footer band


@dataclass(frozen=True)
class Frame:
    """The geometry every content slide of a deck shares."""

    layout: object  # the slide layout
    kind: str  # "title_only" | "title_content" | "blank" | "other"
    title: Box  # where the title is (the placeholder's box, or ours)
    own_title: bool  # the layout has no title placeholder: we draw a text box
    body: Box  # the content area: below the title, above the footer
    footer: Box  # our footer's row (text at the left, logos at the right)


def _kind(layout) -> str | None:
    types = [ph.placeholder_format.type for ph in layout.placeholders]
    content = [t for t in types if t not in FOOTERS]
    if any(t in COVER for t in content):
        return None  # a cover layout: never for content
    titles = [t for t in content if t == PP_PLACEHOLDER.TITLE]
    others = [t for t in content if t != PP_PLACEHOLDER.TITLE]
    if len(titles) == 1 and not others:
        return "title_only"
    if len(titles) == 1 and len(others) == 1 and others[0] in BODIES:
        return "title_content"
    if not content:
        return "blank"
    return "other" if titles else None


PREFERENCE = ("title_only", "title_content", "blank", "other")


def choose_layout(prs, template_key=None) -> tuple[object, str]:
    """The layout content slides use, and its kind (see the module's doc). `template_key`
    names the template the deck was opened from (its path and date): the choice is then made
    once for every deck of a run (reading each layout's placeholders is a few ms a deck)."""
    if template_key is not None and template_key in _CHOSEN:
        index, kind = _CHOSEN[template_key]
        return prs.slide_layouts[index], kind
    layouts = list(prs.slide_layouts)
    found = [(kind, index) for index, layout in enumerate(layouts) if (kind := _kind(layout))]
    # only cover layouts: their title is still a title
    kind, index = min(found, key=lambda item: PREFERENCE.index(item[0])) if found else ("other", 0)
    if template_key is not None:
        _CHOSEN[template_key] = (index, kind)
    return layouts[index], kind


_CHOSEN: dict = {}  # template_key → (the layout's index, its kind)


def _box(shape) -> Box | None:
    if shape.left is None or shape.top is None or shape.width is None or shape.height is None:
        return None
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _placeholder(layout, types):
    for source in (layout, layout.slide_master):
        for ph in source.placeholders:
            if ph.placeholder_format.type in types and _box(ph) is not None:
                return ph
    return None


def default_frame(prs, layout) -> Frame:
    """Our own geometry (the default look): title at the top, footer rule at the bottom."""
    width, height = prs.slide_width, prs.slide_height
    title = Box(MARGIN, inches(0.3), width - 2 * MARGIN, inches(0.8))
    footer_top = height - inches(0.42)
    top = title.bottom + GAP
    body = Box(MARGIN, top, width - 2 * MARGIN, footer_top - inches(0.1) - top)
    footer = Box(MARGIN, footer_top + inches(0.06), width - 2 * MARGIN, FOOTER_HEIGHT)
    return Frame(layout, "title_only", title, False, body, footer)


def template_frame(prs, layout, kind: str) -> Frame:
    """The template's geometry: its title placeholder (or a box of ours at the top), its body
    area's sides, and its footer band (its footer placeholders and the wide shapes of the
    master and layout in the slide's lowest 30 %) kept clear."""
    width, height = prs.slide_width, prs.slide_height
    title_ph = _placeholder(layout, {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE})
    own_title = kind == "blank" or title_ph is None
    title = _box(title_ph) if title_ph is not None else None
    if own_title or title is None:
        title = Box(MARGIN, inches(0.3), width - 2 * MARGIN, inches(0.8))
    body_ph = _placeholder(layout, BODIES)
    body_box = _box(body_ph) if body_ph is not None else None
    left = body_box.x if body_box else min(title.x, MARGIN)
    right = body_box.right if body_box else max(title.right, width - MARGIN)
    band = _band_top(layout, height, width)
    footer = Box(left, band - GAP // 2 - FOOTER_HEIGHT, right - left, FOOTER_HEIGHT)
    top = min(title.bottom, int(height * 0.35)) + GAP
    body = Box(left, top, right - left, max(footer.y - GAP - top, inches(1)))
    return Frame(layout, kind, title, own_title, body, footer)


def _band_top(layout, height: int, width: int) -> int:
    """Where the template's footer band starts: the highest of its footer placeholders and of
    the wide shapes of its lowest part; the slide's bottom minus a margin when it has none."""
    tops = [height - inches(0.15)]
    for source in (layout.slide_master, layout):
        for shape in source.shapes:
            box = _box(shape)
            if box is None or box.y < height * (1 - BAND_ZONE):
                continue
            is_footer = shape.is_placeholder and shape.placeholder_format.type in FOOTERS
            if is_footer or box.w >= width * 0.25:
                tops.append(box.y)
    return min(tops)
