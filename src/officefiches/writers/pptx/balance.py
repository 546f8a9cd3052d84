"""The slide "Balance commerciale territoriale": the subject's main partners in the butterfly
chart (butterfly.py), with the balance of each."""

from __future__ import annotations

from officefiches.writers.fr import meur, signed_meur
from officefiches.writers.pptx import butterfly
from officefiches.writers.pptx.drawing import inches
from officefiches.writers.pptx.frame import (
    chart_area,
    no_trade,
    undetermined_below,
    undetermined_sentence,
)


def slide(ctx) -> None:
    scope = ctx.subject
    name = scope.scope.name
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_balance"),
        ctx.short("graphique_balance", territoire=name),
        ctx.short("lecture_balance"),
    )
    if not scope.partners:
        no_trade(canvas, area, ctx)
    else:
        area = undetermined_below(canvas, area, undetermined_line(ctx, scope))
        butterfly.figure(ctx, canvas, area.inset(0, inches(0.05)), scope)
    canvas.notes(notes(ctx, scope))


def undetermined_line(ctx, scope) -> str:
    """The trade booked to codes that name no country (QU, QS…), when large: as large as the
    trade of the smallest main partner shown. Not a country, so not in the chart."""
    others = scope.non_countries
    if not others or not scope.partners:
        return ""
    imports = sum(p.imports for p in others)
    exports = sum(p.exports for p in others)
    smallest = min(p.imports + p.exports for p in scope.partners)
    if imports + exports < smallest:
        return ""
    total = scope.totals.imports + scope.totals.exports
    return undetermined_sentence(ctx, "balance_non_determines", imports, exports, total)


def notes(ctx, scope) -> str:
    totals = scope.totals
    lines = [
        ctx.short("graphique_balance", territoire=scope.scope.name) + ".",
        ctx.short("lecture_balance"),
        f"Solde global : {signed_meur(totals.balance)} M€ "
        f"(exportations {meur(totals.exports)} M€, "
        f"importations {meur(totals.imports)} M€).",
        "Pays (importations / exportations / solde, en M€) :",
    ]
    for p in scope.partners:
        lines.append(
            f"• {p.label} : {meur(p.imports)} / {meur(p.exports)} / {signed_meur(p.balance)}"
        )
    if scope.non_countries:
        lines.append("Hors pays (origine ou destination non déterminée, avitaillement…) :")
        for p in scope.non_countries:
            lines.append(f"• {p.label} ({p.code}) : {meur(p.imports)} / {meur(p.exports)}")
    return "\n".join(lines)


# The slides of this section (writers/sections.py), in order.
SLIDES = (slide,)
