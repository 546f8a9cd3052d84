"""The cover: title, subject and year (and "année partielle"), key figures, a panel listing
names (the department's Territoires d'industrie, or a synthesis's members), source line, and
the demo banner when the data are synthetic; its notes say what the data are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from officefiches.model import FLOWS, Totals
from officefiches.writers import look
from officefiches.writers.fr import meur, signed_meur
from officefiches.writers.look import ACCENT, DEMO_NOTICE, MUTED, TEXT, WHITE
from officefiches.writers.pptx import drawing, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

TITLE_SIZES = (36, 32, 28)
TI_SIZES = (14, 12, 11, 10)


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
    """The first slide; `panel(canvas, box)` fills its right-hand side."""
    deck = ctx.deck
    title = ctx.short("titre")
    title_box = Box(inches(0.9), inches(0.95), deck.width - inches(1.8), inches(1.3))
    size = textfit.fitting_size(title, TITLE_SIZES, title_box.w - inches(0.2), bold=True)
    box = title_box if deck.default_look else None
    canvas = deck.new_slide(title, box, size, footer=False)
    box = canvas.content
    if deck.default_look:
        canvas.add(drawing.rect_xml(Box(0, 0, inches(0.3), deck.height), ACCENT, name="Bandeau"))
        box = Box(inches(0.9), box.y + inches(0.1), deck.width - inches(1.8), box.h - inches(0.1))
    body, source = box.split_y(box.h - inches(0.35))
    left, right = body.split_x(int(body.w * 0.56), inches(0.3))
    head, figures = left.split_y(inches(1.55 if ctx.doc.data.partial_year else 1.2), inches(0.2))
    canvas.text(head, headline(ctx, subtitle, line, head.w), name="Titre et année")
    tiles = Box(figures.x, figures.y, figures.w, min(figures.h, inches(1.25)))
    key_figures(canvas, tiles, ctx.subject.totals)
    panel(canvas, right)
    canvas.text(source, [para(ctx.short("editeur"), 10, color=MUTED)], name="Source", anchor="b")
    if ctx.doc.data.is_demo:
        demo_banner(canvas, deck)
    canvas.notes(note)


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
        lines.append("Attention : données de démonstration (synthétiques), pas des chiffres réels.")
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
    box = Box(box.x, box.y, box.w, min(box.h, paras_height(paras, inner.w) + inches(0.5)))
    canvas.add(
        drawing.rect_xml(
            box, look.PANEL, name=names.name, paras=paras, anchor="t", inset=inches(0.2)
        )
    )


def name_paras(names: NameList, box: Box, size: float, limit: bool = False) -> list[Para] | None:
    """The panel's paragraphs at `size`; None when they do not fit (unless `limit`: then the
    list is cut, its end summed up as "… et N autres")."""
    paras = [para(names.heading, size + 2, bold=True, color=ACCENT)]
    height = _height(names.heading, size + 2, box.w, True)
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


def demo_banner(canvas, deck) -> None:
    width = textfit.width(DEMO_NOTICE, 16, bold=True) * 5 // 4 + inches(0.4)
    box = Box(deck.width - inches(0.5) - width, inches(0.3), width, inches(0.5))
    text = [para(DEMO_NOTICE, 16, align="ctr", bold=True, color=WHITE)]
    canvas.add(drawing.rect_xml(box, look.WARNING, name="Bandeau démonstration", paras=text))
