"""The deck's figures placed on their slides: butterfly chart (native chart), treemap and Sankey
diagrams (native shape groups, or PNG pictures in "images" mode), each with alt text."""

from __future__ import annotations

import io

from officefiches.model import EXPORT, IMPORT, ScopeFigures
from officefiches.writers import drawing, palette, sankey
from officefiches.writers.drawing import Box
from officefiches.writers.fr import meur, signed_meur

FLOW_WORDS = {EXPORT: "l'export", "I": "l'import"}
SHARED_KINDS = ("region", "france")  # the same drawing in every deck of a region


def place(ctx, canvas, box: Box, key, make_xml, make_png, name: str, descr: str) -> None:
    """Put a drawing on the slide: a shape group (shapes mode) or a picture (images mode).
    Drawings of a region or of France come from the run's SharedFigures."""
    shared = key is not None
    if ctx.mode == "images":
        png = ctx.shared.image(key, make_png) if shared else make_png()
        picture = canvas.slide.shapes.add_picture(io.BytesIO(png), box.x, box.y, box.w, box.h)
        picture.name = name
        picture._element.nvPicPr.cNvPr.set("descr", descr)
        return
    if shared:
        group = ctx.shared.group(key, lambda: drawing.element(make_xml()))
    else:
        group = drawing.element(make_xml())
    canvas.add_element(group)


def shared_key(scope: ScopeFigures, flux: str, mode: str, box: Box, figure):
    """SharedFigures key for the region's or France's drawing; None for the department."""
    if scope.scope.kind not in SHARED_KINDS:
        return None
    return (scope.scope.kind, scope.scope.code, flux, mode, box, figure)


def sankey_figure(ctx, canvas, box: Box, scope: ScopeFigures, flux: str) -> None:
    flows = scope.flows(flux)
    key = "export" if flux == EXPORT else "import"
    headers = (ctx.short(f"flux_{key}_gauche"), ctx.short(f"flux_{key}_droite"))
    descr = sankey_descr(flows, scope, flux)
    name = f"Diagramme de flux {scope.scope.name}"

    def plan():
        return sankey.layout(flows, box, palette.FLOWS[flux], headers)

    def make_png():
        from officefiches.writers import images

        return images.sankey_png(plan())

    place(
        ctx,
        canvas,
        box,
        shared_key(scope, flux, ctx.mode, box, flows),
        lambda: sankey.group_xml(plan(), name, descr),
        make_png,
        name,
        descr,
    )


def sankey_descr(flows, scope: ScopeFigures, flux: str) -> str:
    left = "produits" if flows.left_kind == "product" else "pays"
    right = "pays" if flows.right_kind == "country" else "produits"
    top = sorted((k for k in flows.links if k.highlighted), key=lambda k: -k.value)
    biggest = " ; ".join(
        f"{flows.left[k.source].label} → {flows.right[k.target].label} ({meur(k.value)} M€)"
        for k in top
    )
    return (
        f"Diagramme de flux à {FLOW_WORDS[flux]}, {scope.scope.name} : {len(flows.left)} {left} "
        f"à gauche reliés à {len(flows.right)} {right} à droite, épaisseur proportionnelle à la "
        f"valeur ; total {meur(flows.total)} millions d'euros. Plus gros flux (en rouge) : "
        f"{biggest}."
    )


def butterfly(ctx, canvas, box: Box, scope: ScopeFigures) -> None:
    from officefiches.writers import butterfly as chart

    partners = scope.partners
    rows = " ; ".join(
        f"{p.label} : import {meur(p.imports)}, export {meur(p.exports)}, solde "
        f"{signed_meur(p.balance)}"
        for p in partners
    )
    descr = (
        f"Graphique en barres opposées, {scope.scope.name} : importations à gauche, exportations "
        f"à droite, en millions d'euros, pour les {len(partners)} principaux pays partenaires. "
        f"{rows}."
    )
    chart.add(canvas, box, partners, descr, ctx.deck.created)


def treemap_figure(ctx, canvas, box: Box, scope: ScopeFigures) -> None:
    from officefiches.writers import treemap

    totals = {flux: scope.totals.of(flux) for flux in (EXPORT, IMPORT)}
    products = {flux: scope.products(flux) for flux in (EXPORT, IMPORT)}
    legend = [
        (ctx.short(f"legende_{key}", total=meur(totals[flux])), palette.FLOWS[flux])
        for flux, key in ((EXPORT, "export"), (IMPORT, "import"))
    ]
    name = f"Principales activités {scope.scope.name}"
    descr = treemap_descr(scope)

    def plan():
        return treemap.layout(products, totals, box, legend)

    def make_png():
        from officefiches.writers import images

        return images.treemap_png(plan())

    place(
        ctx,
        canvas,
        box,
        None,
        lambda: treemap.group_xml(plan(), name, descr),
        make_png,
        name,
        descr,
    )


def treemap_descr(scope: ScopeFigures) -> str:
    parts = []
    for flux, word in ((EXPORT, "exportés (violet)"), (IMPORT, "importés (bleu)")):
        top = ", ".join(f"{p.label} {meur(p.value)} M€" for p in scope.products(flux)[:5])
        parts.append(f"biens {word}, total {meur(scope.totals.of(flux))} M€ : {top}")
    return (
        f"Carte proportionnelle des principales activités, {scope.scope.name} ; la surface de "
        f"chaque case est proportionnelle à la valeur du produit. " + " ; ".join(parts) + "."
    )
