"""The slide "Principales activités à l'export et à l'import": the subject's products in the
treemap (treemap.py), as native shapes or as a picture."""

from __future__ import annotations

from officefiches.model import FLOWS
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.look import WORDS
from officefiches.writers.pptx import figures, treemap
from officefiches.writers.pptx.drawing import Box, inches
from officefiches.writers.pptx.frame import chart_area, no_trade


def slide(ctx) -> None:
    scope = ctx.subject
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_activites"),
        ctx.short("graphique_activites", territoire=scope.scope.name),
        ctx.short("lecture_activites"),
        ctx.figure_grid,
    )
    others = {}
    if scope.totals.exports <= 0 and scope.totals.imports <= 0:
        no_trade(canvas, area, ctx)
    else:
        others = figure(ctx, canvas, area.inset(0, inches(0.05)), scope)
    canvas.notes(notes(ctx, scope, others))


def figure(ctx, canvas, box: Box, scope) -> dict:
    """The treemap in `box`; returns, per flow, the products folded into « Autres »."""
    totals = {flux: scope.totals.of(flux) for flux in FLOWS}
    products = {flux: scope.products(flux) for flux in FLOWS}
    legend = [
        (ctx.short(f"legende_{flux.key}", total=meur(totals[flux])), look.FLOWS[flux])
        for flux in FLOWS
    ]
    name = f"Principales activités {scope.scope.name}"
    descr = description(scope)

    plan = treemap.layout(products, totals, box, legend, ctx.names())

    def make_png():
        from officefiches.writers.pptx import images

        return images.treemap_png(plan)

    make_xml = lambda: treemap.group_xml(plan, name, descr)  # noqa: E731
    figures.place(ctx, canvas, box, None, make_xml, make_png, name, descr)
    return plan.others


def description(scope) -> str:
    parts = []
    for flux in FLOWS:
        top = ", ".join(f"{p.label} {meur(p.value)} M€" for p in scope.products(flux)[:5])
        parts.append(f"biens {WORDS[flux].goods}, total {meur(scope.totals.of(flux))} M€ : {top}")
    return (
        f"Carte proportionnelle des principales activités, {scope.scope.name} ; la surface de "
        f"chaque case est proportionnelle à la valeur du produit. " + " ; ".join(parts) + "."
    )


def notes(ctx, scope, others: dict | None = None) -> str:
    lines = [
        ctx.short("graphique_activites", territoire=scope.scope.name) + ".",
        ctx.short("lecture_activites"),
    ]
    for flux in FLOWS:
        total = meur(scope.totals.of(flux))
        lines.append(f"{WORDS[flux].title} : {total} M€. Principaux produits :")
        for product in scope.products(flux)[:15]:
            share = pct(round(product.share_pct, 1), 1)
            lines.append(f"• {product.label} : {meur(product.value)} M€ ({share})")
        folded = (others or {}).get(flux, ())
        if folded:
            lines.append(f"« Autres » ({WORDS[flux].noun}) : {len(folded)} produits.")
    return "\n".join(lines)


# The slides of this section (writers/sections.py), in order.
SLIDES = (slide,)
