"""The flow slides: for each flow (exports, then imports) and each scope the deck shows (the
department, its region and France; or a synthesis's whole), the Sankey diagram (sankey.py) and
the flow's total and shares beside it."""

from __future__ import annotations

from officefiches.formatting import typographie
from officefiches.model import EXPORT, FLOWS, IMPORT, ScopeFigures
from officefiches.writers import look
from officefiches.writers.fr import meur
from officefiches.writers.look import MUTED, TEXT, WORDS
from officefiches.writers.pptx import drawing, figures, grid, sankey, textfit
from officefiches.writers.pptx.drawing import Box, Para, Run, para
from officefiches.writers.pptx.frame import (
    chart_area,
    no_trade,
    undetermined_below,
    undetermined_sentence,
)


def slides(ctx) -> None:
    """Every flow slide, exports first, each flow for every scope of the deck."""
    for flux in FLOWS:
        for scope in ctx.scopes:
            slide(ctx, scope, flux)


def slide(ctx, scope: ScopeFigures, flux: str) -> None:
    key = flux.key
    name = scope.scope.name
    canvas, area = chart_area(
        ctx,
        ctx.short(f"titre_{key}", territoire=name),
        ctx.short(f"graphique_{key}", territoire=name),
        ctx.short(f"lecture_{key}"),
        ctx.figure_grid,
    )
    diagram, panel = grid.flow_columns(area)
    flows = scope.flows(flux)
    # under the diagram only: the panel keeps its height for the five largest flows; the same
    # room on the six slides (grid.py), so that their diagrams have one size
    line = undetermined_line(ctx, scope, flux)
    diagram = undetermined_below(canvas, diagram, line, undetermined_room(ctx))
    paras = key_figures(ctx, scope, flux, panel.w)
    if flows.total <= 0 or not flows.links:
        no_trade(canvas, diagram, ctx)
    else:
        figure(ctx, canvas, diagram, scope, flux)
        paras += largest_flows(ctx, flows, panel.w, panel.h - text_height(paras, panel.w))
    canvas.text(panel, paras, name="Chiffres clés", anchor="ctr")
    canvas.notes(notes(ctx, scope, flux))


def undetermined_room(ctx) -> int:
    """The room under every flow diagram of the deck for its undetermined line (grid.py)."""
    line_of = lambda scope, flux: undetermined_line(ctx, scope, flux)  # noqa: E731
    return ctx.once("flow_undetermined_room", lambda: grid.undetermined_room(ctx, line_of))


def label_size(ctx) -> float:
    """The six flow diagrams' one label size (grid.py)."""
    room = undetermined_room(ctx)
    return ctx.once("flow_label_size", lambda: grid.flow_label_size(ctx, room))


def undetermined_line(ctx, scope: ScopeFigures, flux: str) -> str:
    """The trade of codes that name no country (QU…), inside the country side's « Autres »."""
    amount = scope.flows(flux).undetermined
    imports, exports = (0, amount) if flux == EXPORT else (amount, 0)
    total = scope.totals.of(flux)
    return undetermined_sentence(ctx, UNDETERMINED_KEYS[flux], imports, exports, total)


UNDETERMINED_KEYS = {EXPORT: "flux_non_determines_export", IMPORT: "flux_non_determines_import"}


LIST_SIZES = (12, 11, 10)


def largest_flows(ctx, flows, width: int, height: int) -> list[Para]:
    """The five largest flows (the red ones) listed with their values, under the totals, at
    the largest size that fits the panel's height left (none when nothing fits)."""
    red = sorted((k for k in flows.links if k.highlighted), key=lambda k: (-k.value, k.source))
    if not red:
        return []
    for size in LIST_SIZES:
        paras = [
            Para(
                (Run(ctx.short("plus_gros_flux"), size + 1, bold=True, color=TEXT),),
                space_before=14,
            )
        ]
        for link in red:
            source, target = flows.left[link.source], flows.right[link.target]
            text = f"{_name(ctx, flows.left_kind, source)} → {_name(ctx, flows.right_kind, target)}"
            paras.append(
                Para(
                    (
                        Run("■ ", size, color=look.HIGHLIGHT),
                        Run(textfit.glued(text) + " : ", size, color=TEXT),
                        Run(f"{meur(link.value)} M€", size, bold=True, color=TEXT),
                    ),
                    space_before=size * 0.35,
                )
            )
        if text_height(paras, width) <= height:
            return paras
    return []


def _name(ctx, kind: str, node) -> str:
    """A node's display name, for the list beside the diagram."""
    return ctx.display_name("a129" if kind == "product" else "pays", node.code, node.label)


def text_height(paras: list[Para], width: int) -> int:
    total = 0
    for p in paras:
        text = "".join(r.text for r in p.runs)
        size = max(r.size for r in p.runs)
        lines = len(textfit.wrap(text, size, width, bold=any(r.bold for r in p.runs)))
        total += textfit.line_height(size, lines) + drawing.points(p.space_before)
    return total


def _whole_words(text: str, size: float, width: int) -> bool:
    """`text` wraps in `width` without cutting a word (nor a group of words glued by no-break
    spaces: « millions d’euros »)."""
    return textfit.fit_lines(typographie(text), size, width, 3, bold=True) is not None


def key_figures(ctx, scope: ScopeFigures, flux: str, width: int) -> list[Para]:
    total = ctx.short(f"total_{flux.key}", total=meur(scope.totals.of(flux)))
    size = next((s for s in (18, 17, 16, 15, 14) if _whole_words(total, s, width)), 14)
    paras = [para(total, size, bold=True, color=look.FLOWS[flux])]
    for index, (text, muted) in enumerate(ctx.share_lines(scope, flux)):
        color = MUTED if muted else TEXT
        run = Run(textfit.glued(text), 14, color=color)  # « région Centre-Val… » wraps whole
        paras.append(Para((run,), space_before=10 if index == 0 else 6))
    return paras


def figure(ctx, canvas, box: Box, scope: ScopeFigures, flux: str) -> None:
    flows = scope.flows(flux)
    key = flux.key
    headers = (ctx.short(f"flux_{key}_gauche"), ctx.short(f"flux_{key}_droite"))
    descr = description(flows, scope, flux)
    name = f"Diagramme de flux {scope.scope.name}"

    size = label_size(ctx)
    # the region's and France's layouts too are made once per run: a layout depends on nothing
    # else than what the key holds (the flows carry the display names the labels show)
    shared = figures.shared_key(scope, flux, ctx.mode, box, (flows, size, headers))

    def make_plan():
        return sankey.layout(flows, box, look.FLOWS[flux], headers, ctx.names(), size)

    plan = make_plan() if shared is None else ctx.shared.layout(shared, make_plan)
    for node in plan.nodes:
        if node.label.cut:
            canvas.shortened(node.label.full)

    def make_png():
        from officefiches.writers.pptx import images

        return images.sankey_png(plan)

    make_xml = lambda: sankey.group_xml(plan, name, descr)  # noqa: E731
    figures.place(ctx, canvas, box, shared, make_xml, make_png, name, descr)


def description(flows, scope: ScopeFigures, flux: str) -> str:
    left = "produits" if flows.left_kind == "product" else "pays"
    right = "pays" if flows.right_kind == "country" else "produits"
    top = sorted((k for k in flows.links if k.highlighted), key=lambda k: -k.value)
    biggest = " ; ".join(
        f"{flows.left[k.source].label} → {flows.right[k.target].label} ({meur(k.value)} M€)"
        for k in top
    )
    return (
        f"Diagramme de flux à {WORDS[flux].at}, {scope.scope.name} : {len(flows.left)} {left} "
        f"à gauche reliés à {len(flows.right)} {right} à droite, épaisseur proportionnelle à la "
        f"valeur ; total {meur(flows.total)} millions d'euros. Plus gros flux (en rouge) : "
        f"{biggest}."
    )


def notes(ctx, scope: ScopeFigures, flux: str) -> str:
    key = flux.key
    matrix = scope.flows(flux)
    lines = [
        ctx.short(f"graphique_{key}", territoire=scope.scope.name) + ".",
        ctx.short(f"total_{key}", total=meur(scope.totals.of(flux))) + ".",
    ]
    lines += [text + "." for text, _ in ctx.share_lines(scope, flux)]
    if matrix.total <= 0:
        lines.append(ctx.short("aucun_echange"))
        return "\n".join(lines)
    lines.append(ctx.short(f"lecture_{key}"))
    sides = (
        ("À gauche", matrix.left, matrix.left_kind),
        ("À droite", matrix.right, matrix.right_kind),
    )
    for title, nodes, kind in sides:
        names = sankey.KINDS[kind]
        lines.append(f"{title} (M€) :")
        lines += [
            f"• {node.label}{ctx.official_note(names, node.code, node.label)} : {meur(node.value)}"
            for node in nodes
        ]
    line = undetermined_line(ctx, scope, flux)
    if line:
        lines.append(line)
    lines.append("Les cinq plus gros flux (en rouge) :")
    for link in sorted((k for k in matrix.links if k.highlighted), key=lambda k: -k.value):
        source, target = matrix.left[link.source], matrix.right[link.target]
        lines.append(f"• {source.label} → {target.label} : {meur(link.value)} M€")
    return "\n".join(lines)


# The slides of this section (writers/sections.py), in order.
SLIDES = (slides,)  # exports of each scope, then imports
