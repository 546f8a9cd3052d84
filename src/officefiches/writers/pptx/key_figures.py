"""A synthesis's slide "Chiffres clés": the whole's totals as three large figures, then for each
flow a panel of facts (share of France, change, first country, product and member)."""

from __future__ import annotations

from officefiches.model import EXPORT, FLOWS, Member, share_pct
from officefiches.writers import look
from officefiches.writers.fr import meur, pct
from officefiches.writers.pptx import cover, drawing, evolution
from officefiches.writers.pptx.drawing import Box, Para, Run, inches, para

FACT_SIZES = (20, 19, 18, 17, 16, 15, 14, 13, 12)


def slide(ctx) -> None:
    synthesis = ctx.doc
    canvas = ctx.deck.new_slide(ctx.short("titre_chiffres"))
    tiles, rest = canvas.content.split_y(inches(1.2), inches(0.3))
    cover.key_figures(canvas, tiles, synthesis.whole.totals)
    left, right = rest.split_x((rest.w - inches(0.3)) // 2, inches(0.3))
    facts = {flux: flux_facts(ctx, flux) for flux in FLOWS}
    for flux, box in zip(FLOWS, (left, right), strict=True):
        facts_panel(ctx, canvas, box, flux, facts[flux])
    lines = [cover.totals_line(synthesis.whole.totals)]
    for flux in FLOWS:
        lines.append(ctx.short(f"chiffres_{flux.key}") + " :")
        lines += [f"• {fact}" for fact in facts[flux]]
    canvas.notes("\n".join(lines))


def flux_facts(ctx, flux: str) -> list[str]:
    """The sentences of one flow's panel: share of France, change, first country, product and
    member."""
    synthesis, key = ctx.doc, flux.key
    whole = synthesis.whole
    total = whole.totals.of(flux)
    facts = ctx.share_facts(flux)
    if synthesis.evolution is not None:
        change = evolution.change_text(synthesis.evolution.totals(flux))
        previous = synthesis.data.when_of(synthesis.evolution.previous_year)
        facts.append(ctx.short("chiffres_evolution", evolution=change, annee_precedente=previous))
    firsts = (
        (f"chiffres_pays_{key}", first_country(whole, flux)),
        (f"chiffres_produit_{key}", next((p for p in whole.products(flux) if p.value > 0), None)),
    )
    for text_key, first in firsts:
        if first is not None:
            part = pct(share_pct(first.value, total, 1), 1)
            facts.append(ctx.short(text_key, nom=first.label, valeur=meur(first.value), part=part))
    member = first_member(synthesis.members, flux)
    if member is not None:
        share = member.export_pct if flux == EXPORT else member.import_pct
        facts.append(ctx.short(f"chiffres_membre_{ctx.kind}", nom=member.name, part=pct(share, 1)))
    return facts


def first_country(whole, flux: str):
    """The largest country of the flow (a node of its Sankey, which names countries only:
    QU and the like are in « Autres »), None without trade."""
    flows = whole.flows(flux)
    countries = flows.right if flows.right_kind == "country" else flows.left
    return next((n for n in countries if not n.is_other and n.value > 0), None)


def first_member(members: tuple[Member, ...], flux: str) -> Member | None:
    ranked = sorted(members, key=lambda m: (-m.totals.of(flux), m.code))
    return ranked[0] if ranked and ranked[0].totals.of(flux) > 0 else None


def facts_panel(ctx, canvas, box: Box, flux: str, facts: list[str]) -> None:
    inner = box.inset(inches(0.25))
    color = look.FLOWS[flux]
    for size in FACT_SIZES:
        paras = [para(ctx.short(f"chiffres_{flux.key}"), size + 4, bold=True, color=color)]
        paras += [
            Para((Run(fact, size, color=look.TEXT),), bullet=True, space_before=size * 0.7)
            for fact in facts
        ]
        if cover.paras_height(paras, inner.w) <= inner.h:
            break
    panel = box  # as tall as the space: the facts at the largest size that fills it
    name = f"Chiffres clés {ctx.short(f'chiffres_{flux.key}')}"
    canvas.add(
        drawing.rect_xml(panel, look.PANEL, name=name, paras=paras, anchor="t", inset=inches(0.25))
    )


# The slides of this section (writers/sections.py), in order.
SLIDES = (slide,)
