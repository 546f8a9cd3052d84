"""The cover: title, subject and year (and "année partielle"), key figures, a panel listing
names (the department's Territoires d'industrie, or a synthesis's members), source line, and
the demo banner when the data are synthetic; its notes say what the data are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from officefiches.model import FLOWS, Totals, share_pct
from officefiches.writers import look
from officefiches.writers.fr import meur, pct, signed_meur
from officefiches.writers.look import ACCENT, DEMO_NOTICE, MUTED, TEXT, WHITE
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

TITLE_SIZES = (36, 32, 28)
TI_SIZES = (20, 18, 16, 14, 12, 11, 10)


def department(ctx) -> None:
    """A department's cover: its Territoires d'industrie in the panel."""
    cover(
        ctx,
        ctx.short("sous_titre"),
        ctx.short("annee"),
        lambda canvas, box: territoires(canvas, box, ctx),
        department_notes(ctx),
    )


def synthesis(ctx) -> None:
    """A region's or France's cover: its members in the panel."""
    kind, members = ctx.kind, member_list(ctx)
    cover(
        ctx,
        ctx.short(f"sous_titre_{kind}"),
        ctx.short("annee_synthese"),
        lambda canvas, box: name_panel(canvas, box, members),
        synthesis_notes(ctx, members),
    )


def cover(ctx, subtitle: str, line: str, panel: Callable, note: str) -> None:
    """The first slide: a row for the team's logos (and the demo banner), the title, the
    subject and its year; below, the key figures and the key message at the left, `panel(canvas,
    box)` at the right, both as tall as the space; the source at the bottom. The tool's name is
    only in the document's properties."""
    deck = ctx.deck
    title = ctx.short("titre")
    if deck.default_look:
        logos_row = Box(inches(0.9), inches(0.35), deck.width - inches(1.4), inches(0.6))
        top = logos_row.bottom + inches(0.15) if deck.logos or ctx.doc.data.is_demo else 0
        title_box = Box(inches(0.9), max(top, inches(0.7)), deck.width - inches(1.8), inches(0.9))
        size = textfit.fitting_size(title, TITLE_SIZES, title_box.w - inches(0.2), bold=True)
        canvas = deck.new_slide(title, title_box, size, footer=False, message=False)
        canvas.add(drawing.rect_xml(Box(0, 0, inches(0.3), deck.height), ACCENT, name="Bandeau"))
        area = Box(inches(0.9), canvas.content.y, deck.width - inches(1.8), 0)
        area = Box(area.x, area.y, area.w, deck.height - inches(0.3) - area.y)
    else:  # the template's title; our rows in its body area, the first one for the logos
        canvas = deck.new_slide(title, footer=False, message=False)
        logos_row, area = canvas.content.split_y(inches(0.5), inches(0.1))
        if not deck.logos and not ctx.doc.data.is_demo:
            area = canvas.content
    banner_w = demo_banner(canvas, logos_row) if ctx.doc.data.is_demo else 0
    logos_box = Box(logos_row.x, logos_row.y, logos_row.w - banner_w - inches(0.3), logos_row.h)
    deck.logo_row(canvas, logos_box, "Logo (couverture)", align="l")
    body, source = area.split_y(area.h - inches(0.35))
    taller = ctx.doc.data.partial_year or ctx.doc.data.period is not None  # one more line
    head_h = inches(1.45 if taller else 1.05)
    head, body = body.split_y(head_h, inches(0.2))
    canvas.text(head, headline(ctx, subtitle, line, head.w), name="Titre et année")
    left, right = body.split_x(int(body.w * 0.58), inches(0.3))
    tiles, message_box = left.split_y(min(inches(1.25), left.h // 2), inches(0.25))
    key_figures(canvas, tiles, ctx.subject.totals)
    message = deck.message_for(title) or default_message(ctx, canvas.shortened)
    canvas.message = message  # whole in the notes, however much the panel shows
    key_message_panel(canvas, message_box, message)
    panel(canvas, right)
    canvas.text(source, [para(ctx.short("editeur"), 10, color=MUTED)], name="Source", anchor="b")
    canvas.notes(note)


MESSAGE_SIZES = (20, 18, 17, 16, 15, 14, 13, 12)


def key_message_panel(canvas, box: Box, text: str) -> None:
    """The key message on the cover: a panel as tall as its space, an accent bar at its left,
    the text at the largest size that fits; cut with « … » at the smallest when it does not
    (the caller keeps it whole in the notes)."""
    inner = Box(
        box.x + inches(0.35), box.y + inches(0.15), box.w - inches(0.55), box.h - inches(0.3)
    )
    size = next(
        (s for s in MESSAGE_SIZES if _height(text, s, inner.w) <= inner.h), MESSAGE_SIZES[-1]
    )
    bounded = textfit.bounded(text)  # (what any slide shows of a text at most)
    if bounded != text or _height(text, size, inner.w) > inner.h:
        lines = next(n for n in range(1, 200) if textfit.line_height(size, n + 1) > inner.h)
        text = " ".join(textfit.wrap_lines(bounded, size, inner.w, lines))
        text = text if text.endswith("…") else text.rstrip(",;: ") + "…"
    canvas.add(drawing.rect_xml(box, look.PANEL, name="Fond du message"))
    bar = Box(box.x, box.y, inches(0.08), box.h)
    canvas.add(drawing.rect_xml(bar, ACCENT, name="Filet du message"))
    paras = [para(textfit.glued(text), size, color=TEXT)]  # wrapped by the viewer
    canvas.text(inner, paras, name="Message clé", anchor="ctr")


NAME_ROOM = (inches(3.2), 16)  # a name in the cover's sentence: at most this wide at 16 pt


def default_message(ctx, shortened: Callable[[str], None]) -> str:
    """The cover's key message when the team gives none: the year's trade in one sentence,
    then the first customer country and the first exported product with their shares. A name
    too long for the sentence (a team's short label) is cut there, `shortened` told."""

    def name_of(kind: str, code: str, label: str) -> str:
        name = ctx.display_name(kind, code, label)
        cut = textfit.shorten(name, NAME_ROOM[1], NAME_ROOM[0])
        if cut != name:
            shortened(name)
        return cut

    scope = ctx.subject
    totals = scope.totals
    balance = totals.balance
    coverage = pct(share_pct(totals.exports, totals.imports, 1), 1) if totals.imports else ""
    if not totals.imports:
        first = ctx.short("message_sans_import", valeur=meur(totals.exports))
    else:
        key = (
            "message_excedent"
            if balance > 0
            else "message_deficit"
            if balance < 0
            else ("message_equilibre")
        )
        first = ctx.short(key, valeur=meur(abs(balance)), couverture=coverage)
    parts = [first]
    client = _first_customer(scope)
    if client is not None:
        name = name_of("pays", client.code, client.label)
        share = pct(share_pct(client.exports, totals.exports, 1), 1)
        parts.append(ctx.short("message_client", nom=name, part=share))
    product = next((p for p in scope.products_export if p.value > 0), None)
    if product is not None:
        name = name_of("a129", product.code, product.label)
        share = pct(share_pct(product.value, totals.exports, 1), 1)
        parts.append(ctx.short("message_produit", nom=name, part=share))
    return " ".join(parts)


def _first_customer(scope):
    customers = sorted(
        (p for p in scope.partners if p.exports > 0), key=lambda p: (-p.exports, p.code)
    )
    return customers[0] if customers else None


# --- notes --------------------------------------------------------------------------------------


def department_notes(ctx) -> str:
    fiche = ctx.doc
    lines = [
        f"{ctx.short('titre')} — {fiche.department.scope.name} ({fiche.region.scope.name}), "
        f"données {ctx.values['periode']}.",
        totals_line(fiche.department.totals),
    ]
    if fiche.territoires.names:
        lines.append("Territoires d'industrie : " + " ; ".join(fiche.territoires.names) + ".")
    if fiche.territoires.omitted:
        lines.append(
            "Non repris (moins de 5 communes) : " + " ; ".join(fiche.territoires.omitted) + "."
        )
    return "\n".join(lines + data_lines(ctx))


def synthesis_notes(ctx, members: NameList) -> str:
    synthesis = ctx.doc
    lines = [
        f"{ctx.short('titre')} — {ctx.short(f'sous_titre_{ctx.kind}')}, "
        f"données {ctx.values['periode']}.",
        totals_line(synthesis.whole.totals),
    ]
    lines += [fact + "." for flux in FLOWS for fact in ctx.share_facts(flux)]
    lines.append(f"{members.heading} : " + (" ; ".join(members.names) or members.empty))
    return "\n".join(lines + data_lines(ctx))


def totals_line(totals) -> str:
    return (
        f"Exportations : {meur(totals.exports)} M€ ; importations : {meur(totals.imports)} M€ ; "
        f"solde : {signed_meur(totals.balance)} M€."
    )


def data_lines(ctx) -> list[str]:
    """What the data are: partial year, demo, files, labels."""
    data = ctx.doc.data
    lines = []
    if data.partial_year:
        lines.append(ctx.short("annee_partielle") + ".")
    if data.is_demo:
        lines.append(f"Attention : {DEMO_NOTICE} ; ce ne sont pas des chiffres réels.")
    if data.sources:
        files = ", ".join(look.source_text(s) for s in data.sources)
        lines.append(f"Fichiers de données : {files}.")
    if data.label_source:
        lines.append(f"Libellés : {data.label_source}.")
    return lines


def headline(ctx, subtitle: str, line: str, width: int) -> list[Para]:
    size = textfit.fitting_size(subtitle, (28, 24, 20, 18), width, bold=True)
    paras = [
        para(subtitle, size, bold=True, color=TEXT),
        Para((Run(line, 20, color=MUTED),), space_before=6),
    ]
    if ctx.doc.data.partial_year:
        text = ctx.short("annee_partielle")
        paras.append(Para((Run(text, 16, bold=True, color=look.WARNING),), space_before=6))
    elif ctx.doc.data.period is not None:  # four quarters across two years: said in words
        text = ctx.short("periode_glissante")
        paras.append(Para((Run(text, 16, bold=True, color=look.ACCENT),), space_before=6))
    return paras


def key_figures(canvas, box: Box, totals: Totals) -> None:
    """Exports, imports and balance, as three large figures."""
    balance = signed_meur(totals.balance)
    items = (
        ("Exportations (M€)", meur(totals.exports), look.EXPORTS),
        ("Importations (M€)", meur(totals.imports), look.IMPORTS),
        ("Solde (M€)", balance, look.balance(balance)),
    )
    gap = inches(0.15)
    width = (box.w - 2 * gap) // 3
    size = min(  # one size for the three figures
        textfit.fitting_size(value, (24, 22, 20, 18, 16, 14), width - inches(0.3), True)
        for _, value, _ in items
    )
    for index, (label, value, color) in enumerate(items):
        tile = Box(box.x + index * (width + gap), box.y, width, box.h)
        paras = [para(label, 12, color=MUTED), para(value, size, bold=True, color=color)]
        canvas.add(
            drawing.rect_xml(
                tile, look.PANEL, name=f"Chiffre clé {label}", paras=paras, inset=inches(0.1)
            )
        )


@dataclass(frozen=True)
class NameList:
    """A panel of names: a heading, the names as bullets, a text when there is none, and an
    optional footnote."""

    heading: str
    names: tuple[str, ...]
    empty: str
    footnote: str = ""
    name: str = "Liste"  # the shape's name
    run_on: bool = False  # when the bullets do not fit: one paragraph, "a · b · c", not cut


def member_list(ctx) -> NameList:
    """A synthesis's members (departments of a region, regions of France)."""
    return NameList(
        ctx.short(f"membres_titre_{ctx.kind}"),
        tuple(m.name for m in ctx.doc.members),
        ctx.short("aucun_membre"),
        name="Membres",
        run_on=True,
    )


def territoires(canvas, box: Box, ctx) -> None:
    """The department's Territoires d'industrie."""
    tis = ctx.doc.territoires
    heading = ctx.short("ti_titre") + ("*" if tis.footnote else "")
    footnote = ctx.short("ti_note") if tis.footnote else ""
    names = NameList(heading, tis.names, ctx.short("ti_aucun"), footnote, "Territoires d'industrie")
    name_panel(canvas, box, names)


def name_panel(canvas, box: Box, names: NameList) -> None:
    """The names on a tinted panel, at the largest size that fits."""
    inner = box.inset(inches(0.2))
    paras = next(
        (p for size in TI_SIZES if (p := name_paras(names, inner, size)) is not None),
        None,
    )
    if paras is None and names.run_on:
        paras = next(
            (p for size in TI_SIZES if (p := run_on_paras(names, inner, size)) is not None),
            None,
        )
    if paras is None:
        paras = name_paras(names, inner, TI_SIZES[-1], limit=True)
    # the panel as tall as its text (a short list leaves no empty panel below it)
    height = paras_height(paras, inner.w) + 2 * inches(0.2) + inches(0.15)
    box = Box(box.x, box.y, box.w, min(box.h, height))
    canvas.add(
        drawing.rect_xml(
            box, look.PANEL, name=names.name, paras=paras, anchor="t", inset=inches(0.2)
        )
    )


def name_paras(names: NameList, box: Box, size: float, limit: bool = False) -> list[Para] | None:
    """The panel's paragraphs at `size`; None when they do not fit (unless `limit`: then the
    list is cut, its end summed up as "… et N autres")."""
    heading = min(size + 2, 18)
    paras = [para(names.heading, heading, bold=True, color=ACCENT)]
    height = _height(names.heading, heading, box.w, True)
    if not names.names:
        return paras + [Para((Run(names.empty, size, color=TEXT),), space_before=size / 2)]
    footnote = names.footnote
    room = box.h - height - (_height(footnote, 10, box.w) + inches(0.1) if footnote else 0)
    shown = list(names.names)
    while True:
        needed = sum(
            _height(n, size, box.w - inches(0.3)) + drawing.points(size / 2) for n in shown
        )
        if needed <= room:
            break
        if not limit or len(shown) <= 1:
            return None
        shown = shown[: len(shown) - 2] + [f"… et {len(names.names) - len(shown) + 2} autres"]
    for name in shown:
        paras.append(Para((Run(name, size, color=TEXT),), bullet=True, space_before=size / 2))
    if footnote:
        paras.append(Para((Run(footnote, 10, color=MUTED, italic=True),), space_before=8))
    return paras


def run_on_paras(names: NameList, box: Box, size: float) -> list[Para] | None:
    """The names in one paragraph at `size`; None when it does not fit."""
    paras = [
        para(names.heading, size + 2, bold=True, color=ACCENT),
        Para((Run(" · ".join(names.names), size, color=TEXT),), space_before=size / 2),
    ]
    return paras if paras_height(paras, box.w) <= box.h else None


def paras_height(paras: list[Para], width: int) -> int:
    total = 0
    for p in paras:
        size = p.runs[0].size
        indent = drawing.points(16) if p.bullet else 0
        text = "".join(r.text for r in p.runs)
        total += _height(text, size, width - indent, p.runs[0].bold) + drawing.points(
            p.space_before
        )
    return total


def _height(text: str, size: float, width: int, bold: bool = False) -> int:
    return textfit.line_height(size, len(textfit.wrap(text, size, width, bold)))


def demo_banner(canvas, row: Box) -> int:
    """The demo banner at the right of `row` (the logos' row: clear of the title); returns
    its width."""
    width = textfit.width(DEMO_NOTICE, 16, bold=True) * 5 // 4 + inches(0.4)
    box = Box(row.right - width, row.y, width, min(row.h, inches(0.5)))
    text = [para(DEMO_NOTICE, 16, align="ctr", bold=True, color=WHITE)]
    canvas.add(drawing.rect_xml(box, look.WARNING, name="Bandeau démonstration", paras=text))
    return width


# The slides of this section (writers/sections.py), in order.
DEPARTMENT = (department,)
SYNTHESIS = (synthesis,)
