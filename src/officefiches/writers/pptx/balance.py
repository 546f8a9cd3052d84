"""The slide "Balance commerciale territoriale": the subject's main partners in the butterfly
chart (butterfly.py), with the balance of each."""

from __future__ import annotations

from officefiches.writers.fr import meur, signed_meur
from officefiches.writers.pptx import butterfly
from officefiches.writers.pptx.drawing import inches
from officefiches.writers.pptx.frame import chart_area, no_trade


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
        butterfly.figure(ctx, canvas, area.inset(0, inches(0.05)), scope)
    canvas.notes(notes(ctx, scope))


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
    return "\n".join(lines)
