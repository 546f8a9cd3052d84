"""A synthesis's members (departments of a region, regions of France) compared: a native bar
chart of their exports and imports with each one's balance beside it, then a table of their
figures, shares and first partner."""

from __future__ import annotations

from decimal import Decimal

from officefiches.model import Member, Totals
from officefiches.writers import look
from officefiches.writers.fr import meur, pct, signed_meur
from officefiches.writers.pptx import butterfly, charts, tables
from officefiches.writers.pptx.charts import BarChart, Column, Series, millions_of
from officefiches.writers.pptx.drawing import Box, inches
from officefiches.writers.pptx.frame import chart_area, no_trade
from officefiches.writers.pptx.tables import Cell, Table, row

MAX_LABEL = inches(2.6)
VALUE_LABELS_UP_TO = 8  # members: beyond, the bars are too thin for their values


def chart_slide(ctx) -> None:
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
    labels = tuple(charts.category(m.name, MAX_LABEL, canvas) for m in members)
    spec = BarChart(
        name="Comparaison des membres",
        descr=members_descr(ctx, members),
        categories=labels,
        series=(
            Series("Exportations", millions_of(m.totals.exports for m in members), look.EXPORTS),
            Series("Importations", millions_of(m.totals.imports for m in members), look.IMPORTS),
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


def table_slide(ctx) -> None:
    kind = ctx.kind
    canvas, area = chart_area(
        ctx,
        ctx.short(f"titre_tableau_{kind}"),
        ctx.short(f"graphique_tableau_{kind}"),
        ctx.short("lecture_tableau"),
    )
    tables.add(canvas, area.inset(0, inches(0.05)), members_table(ctx), sizes=(14, 13, 12, 11, 10))
    canvas.notes("\n".join([ctx.short("lecture_tableau"), *member_lines(ctx.doc.members)]))


def members_table(ctx) -> Table:
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
    return (*(Cell(t, bold=bold) for t in texts), Cell(balance, look.balance(balance), bold))


def partner_name(member: Member) -> str:
    return member.top_partner.label if member.top_partner is not None else "—"


# The slides of this section (writers/sections.py), in order.
SLIDES = (chart_slide, table_slide)
