"""The balance slide's butterfly chart: a native, editable PowerPoint bar chart (imports drawn
to the left as negative values whose minus sign the number format hides, exports to the right),
and beside it the balance of each country, in green with "+" or in red with "−"."""

from __future__ import annotations

from datetime import datetime

from officefiches.model import Partner, ScopeFigures
from officefiches.writers import look
from officefiches.writers.fr import meur, signed_meur
from officefiches.writers.pptx import charts
from officefiches.writers.pptx.charts import BarChart, Column, RowText, Series, millions_of
from officefiches.writers.pptx.drawing import Box, inches

UNSIGNED = "#,##0.0;#,##0.0;"  # negatives shown without their minus sign, zeros hidden
BALANCE_WIDTH = inches(1.45)
MAX_LABEL = inches(2.3)
BALANCE_HEADER = "Solde (M€)"


def figure(ctx, canvas, box: Box, scope: ScopeFigures) -> None:
    """The subject's main partners, with the chart's alt text."""
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
    names = tuple(ctx.display_name("pays", p.code, p.label) for p in partners)
    add(canvas, box, partners, descr, ctx.deck.created, names)


def add(
    canvas,
    box: Box,
    partners: tuple[Partner, ...],
    descr: str,
    created: datetime,
    names: tuple[str, ...] | None = None,
) -> None:
    """The chart in `box`, its balance column at the right; `names` the partners' names as
    shown (their labels by default)."""
    names = names or tuple(p.label for p in partners)
    labels = tuple(charts.category(name, MAX_LABEL, canvas) for name in names)
    spec = BarChart(
        name="Balance commerciale par pays",
        descr=descr,
        categories=labels,
        series=(
            Series("Exportations", millions_of(p.exports for p in partners), look.EXPORTS),
            Series("Importations", millions_of(-p.imports for p in partners), look.IMPORTS),
        ),
        number_format=UNSIGNED,
        overlap=100,
        gap_width=45,
        symmetric=True,
    )
    balances = tuple(balance_row(p.label, p.balance) for p in partners)
    column = Column(BALANCE_WIDTH, BALANCE_HEADER, balances)
    charts.add_with_column(canvas, box, spec, created, MAX_LABEL, column)


def balance_row(label: str, balance: int) -> RowText:
    """A balance beside its bars: signed, green when positive, red when negative."""
    text = signed_meur(balance)
    return RowText(text, look.balance(text), f"Solde {label}")
