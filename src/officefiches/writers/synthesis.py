"""A region's (or France's) own deck: cover, key figures, its members (departments, or regions)
compared in a native chart and a table, partners, activities, export and import flows, the
year-on-year change and the exposure when known, practical information.

The slides it shares with the department's deck come from `slides.py`; the region's and France's
Sankey diagrams are the drawings already made for the department decks (SharedFigures).
"""

from __future__ import annotations

from decimal import Decimal

from officefiches.model import EXPORT, FLOWS, Member, Synthesis, Totals, share_pct
from officefiches.writers import (
    butterfly,
    charts,
    cover,
    drawing,
    evolution,
    exposure,
    notes,
    palette,
    tables,
    textfit,
    texts,
)
from officefiches.writers.charts import BarChart, Column, Series, millions_of
from officefiches.writers.cover import NameList
from officefiches.writers.deck import Deck
from officefiches.writers.drawing import Box, Para, Run, inches, para
from officefiches.writers.fr import meur, pct, signed_meur
from officefiches.writers.layout import chart_area, no_trade
from officefiches.writers.slides import (
    FLOW_KEYS,
    Context,
    activities_slide,
    balance_slide,
    flow_slide,
    period_values,
    set_footer,
    text_slide,
)
from officefiches.writers.tables import Cell, Table, row

FACT_SIZES = (16, 15, 14, 13, 12)
MAX_LABEL = inches(2.6)
VALUE_LABELS_UP_TO = 8  # members: beyond, the bars are too thin for their values


class SynthesisContext(Context):
    """A synthesis's deck: the whole's share of its parent (a region's share of France)."""

    @property
    def kind(self) -> str:
        """ "region" or "france": picks the texts that differ."""
        return "france" if self.doc.parent is None else "region"

    def share_lines(self, scope, flux: str) -> list[tuple[str, bool]]:
        share = self.doc.parent_share(flux)
        if share is None:
            return []
        key = FLOW_KEYS[flux]
        return [(self.short(f"part_france_{key}", part_france=pct(share, 2)), False)]


def kind_of(synthesis: Synthesis) -> str:
    return "france" if synthesis.parent is None else "region"


def template_values(synthesis: Synthesis) -> dict[str, str]:
    name = synthesis.whole.scope.name
    kind = kind_of(synthesis)
    count = len(synthesis.members)
    key = f"membres_{kind}" + ("_un" if count == 1 else "")
    return {
        **period_values(synthesis),
        "territoire": name,
        "departement": name,
        "region": name,
        "membres": texts.short(key, {"nombre": str(count)}),
    }


def build(deck: Deck, synthesis: Synthesis, mode: str, shared) -> None:
    ctx = SynthesisContext(
        deck, synthesis, synthesis.whole, template_values(synthesis), mode, shared
    )
    kind = ctx.kind
    members = NameList(
        ctx.short(f"membres_titre_{kind}"),
        tuple(m.name for m in synthesis.members),
        ctx.short("aucun_membre"),
        name="Membres",
        run_on=True,
    )
    cover.cover(
        ctx,
        ctx.short(f"sous_titre_{kind}"),
        ctx.short("annee_synthese"),
        lambda canvas, box: cover.name_panel(canvas, box, members),
        cover_notes(ctx, members),
    )
    set_footer(ctx)
    key_figures_slide(ctx)
    members_chart_slide(ctx)
    members_table_slide(ctx)
    balance_slide(ctx, synthesis.whole)
    activities_slide(ctx, synthesis.whole)
    for flux in FLOWS:
        flow_slide(ctx, synthesis.whole, flux)
    if synthesis.evolution is not None:
        evolution.evolution_slide(ctx, synthesis.evolution)
    if synthesis.exposure is not None:
        exposure.exposure_slide(ctx, exposures(synthesis))
    text_slide(ctx, "informations.md")


def exposures(synthesis: Synthesis):
    """The whole's exposure, and France's beside a region's when the synthesis carries it."""
    parent = getattr(synthesis, "parent_exposure", None)  # not in every model version
    return (synthesis.exposure,) if parent is None else (synthesis.exposure, parent)


def cover_notes(ctx: SynthesisContext, members: NameList) -> str:
    synthesis = ctx.doc
    lines = [
        f"{ctx.short('titre')} — {ctx.short(f'sous_titre_{ctx.kind}')}, "
        f"données {ctx.values['periode']}.",
        notes.totals_line(synthesis.whole.totals),
    ]
    lines += [fact + "." for flux in FLOWS for fact in share_facts(ctx, flux)]
    lines.append(f"{members.heading} : " + (" ; ".join(members.names) or members.empty))
    return "\n".join(lines + notes.data_lines(ctx))


# --- key figures --------------------------------------------------------------------------------


def key_figures_slide(ctx: SynthesisContext) -> None:
    synthesis = ctx.doc
    canvas = ctx.deck.new_slide(ctx.short("titre_chiffres"))
    tiles, rest = canvas.content.split_y(inches(1.2), inches(0.3))
    cover.key_figures(canvas, tiles, synthesis.whole.totals)
    left, right = rest.split_x((rest.w - inches(0.3)) // 2, inches(0.3))
    facts = {flux: flux_facts(ctx, flux) for flux in FLOWS}
    for flux, box in zip(FLOWS, (left, right), strict=True):
        facts_panel(ctx, canvas, box, flux, facts[flux])
    lines = [notes.totals_line(synthesis.whole.totals)]
    for flux in FLOWS:
        lines.append(ctx.short(f"chiffres_{FLOW_KEYS[flux]}") + " :")
        lines += [f"• {fact}" for fact in facts[flux]]
    canvas.notes("\n".join(lines))


def flux_facts(ctx: SynthesisContext, flux: str) -> list[str]:
    """The sentences of one flow's panel: share of France, change, first country, product and
    member."""
    synthesis, key = ctx.doc, FLOW_KEYS[flux]
    whole = synthesis.whole
    total = whole.totals.of(flux)
    facts = share_facts(ctx, flux)
    if synthesis.evolution is not None:
        change = evolution.change_text(synthesis.evolution.totals(flux))
        previous = str(synthesis.evolution.previous_year)
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


def share_facts(ctx: SynthesisContext, flux: str) -> list[str]:
    """The whole's share of France ("4,80 % des exportations de la France entière")."""
    share = ctx.doc.parent_share(flux)
    if share is None:
        return []
    return [ctx.short(f"chiffres_part_france_{FLOW_KEYS[flux]}", part=pct(share, 2))]


def first_country(whole, flux: str):
    """The largest country of the flow (a node of its Sankey), None without trade."""
    flows = whole.flows(flux)
    countries = flows.right if flows.right_kind == "country" else flows.left
    return next((n for n in countries if not n.is_other and n.value > 0), None)


def first_member(members: tuple[Member, ...], flux: str) -> Member | None:
    ranked = sorted(members, key=lambda m: (-m.totals.of(flux), m.code))
    return ranked[0] if ranked and ranked[0].totals.of(flux) > 0 else None


def facts_panel(ctx, canvas, box: Box, flux: str, facts: list[str]) -> None:
    inner = box.inset(inches(0.25))
    color = palette.FLOWS[flux]
    for size in FACT_SIZES:
        paras = [para(ctx.short(f"chiffres_{FLOW_KEYS[flux]}"), size + 4, bold=True, color=color)]
        paras += [
            Para((Run(fact, size, color=palette.TEXT),), bullet=True, space_before=size * 0.7)
            for fact in facts
        ]
        if cover.paras_height(paras, inner.w) <= inner.h:
            break
    height = min(box.h, cover.paras_height(paras, inner.w) + inches(0.6))
    panel = Box(box.x, box.y, box.w, height)
    name = f"Chiffres clés {ctx.short(f'chiffres_{FLOW_KEYS[flux]}')}"
    canvas.add(
        drawing.rect_xml(
            panel, palette.PANEL, name=name, paras=paras, anchor="t", inset=inches(0.25)
        )
    )


# --- members compared ---------------------------------------------------------------------------


def members_chart_slide(ctx: SynthesisContext) -> None:
    kind, members = ctx.kind, ctx.doc.members
    canvas, area = chart_area(
        ctx,
        ctx.short(f"titre_comparaison_{kind}"),
        ctx.short(f"graphique_comparaison_{kind}"),
        ctx.short("lecture_comparaison"),
    )
    traded = [m for m in members if m.totals.exports or m.totals.imports]
    if not traded:
        no_trade(canvas, area, ctx)
    else:
        members_chart(ctx, canvas, area.inset(0, inches(0.05)), members)
    canvas.notes("\n".join([ctx.short("lecture_comparaison"), *member_lines(members)]))


def members_chart(ctx, canvas, box: Box, members: tuple[Member, ...]) -> None:
    labels = tuple(textfit.shorten(m.name, charts.LABEL_SIZE, MAX_LABEL) for m in members)
    spec = BarChart(
        name="Comparaison des membres",
        descr=members_descr(ctx, members),
        categories=labels,
        series=(
            Series("Exportations", millions_of(m.totals.exports for m in members), palette.EXPORTS),
            Series("Importations", millions_of(m.totals.imports for m in members), palette.IMPORTS),
        ),
        gap_width=max(40, 200 - 30 * len(members)),  # few members: thinner bars
        value_labels=len(members) <= VALUE_LABELS_UP_TO,
    )
    balances = tuple(butterfly.balance_row(m.name, m.totals.balance) for m in members)
    column = Column(butterfly.BALANCE_WIDTH, butterfly.BALANCE_HEADER, balances)
    charts.add_with_column(canvas, box, spec, ctx.deck.created, MAX_LABEL, column)


def members_descr(ctx, members: tuple[Member, ...]) -> str:
    return (
        f"Graphique en barres groupées, {ctx.subject.scope.name} : exportations (violet) et "
        f"importations (bleu) de chacun des {len(members)} membres, en millions d'euros ; le "
        "solde est à droite. " + " ; ".join(member_lines(members)) + "."
    )


def member_lines(members: tuple[Member, ...]) -> list[str]:
    return [
        f"{m.name} : exportations {meur(m.totals.exports)} M€ ({pct(m.export_pct, 1)}), "
        f"importations {meur(m.totals.imports)} M€ ({pct(m.import_pct, 1)}), solde "
        f"{signed_meur(m.totals.balance)} M€, premier partenaire "
        f"{partner_name(m)}"
        for m in members
    ]


def members_table_slide(ctx: SynthesisContext) -> None:
    kind = ctx.kind
    canvas, area = chart_area(
        ctx,
        ctx.short(f"titre_tableau_{kind}"),
        ctx.short(f"graphique_tableau_{kind}"),
        ctx.short("lecture_tableau"),
    )
    tables.add(canvas, area.inset(0, inches(0.05)), members_table(ctx), sizes=(14, 13, 12, 11, 10))
    canvas.notes("\n".join([ctx.short("lecture_tableau"), *member_lines(ctx.doc.members)]))


def members_table(ctx: SynthesisContext) -> Table:
    synthesis = ctx.doc
    whole = synthesis.whole
    rows = [
        row(m.name, *figure_cells(m.totals, m.export_pct, m.import_pct), partner_name(m))
        for m in synthesis.members
    ]
    hundred = Decimal(100)
    total = figure_cells(whole.totals, hundred, hundred, bold=True)
    top = whole.partners[0].label if whole.partners else "—"
    rows.append(row(Cell(ctx.short("tableau_total"), bold=True), *total, Cell(top, bold=True)))
    word = ctx.short("tableau_departement" if ctx.kind == "region" else "tableau_region")
    return Table(
        name="Tableau des membres",
        descr=f"Tableau des {len(synthesis.members)} membres : "
        + " ; ".join(member_lines(synthesis.members)),
        header=(
            word,
            "Exportations (M€)",
            "Part des exportations",
            "Importations (M€)",
            "Part des importations",
            "Solde (M€)",
            "Premier partenaire",
        ),
        rows=tuple(rows),
        aligns="lrrrrrl",
    )


def figure_cells(totals: Totals, export_pct, import_pct, bold: bool = False) -> tuple[Cell, ...]:
    """Exports, their share, imports, their share, and the balance (signed, coloured)."""
    balance = signed_meur(totals.balance)
    texts = (meur(totals.exports), pct(export_pct, 1), meur(totals.imports), pct(import_pct, 1))
    return (*(Cell(t, bold=bold) for t in texts), Cell(balance, palette.balance(balance), bold))


def partner_name(member: Member) -> str:
    return member.top_partner.label if member.top_partner is not None else "—"
