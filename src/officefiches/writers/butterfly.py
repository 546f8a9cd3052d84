"""The balance slide's butterfly chart: a native, editable PowerPoint bar chart (imports drawn
to the left as negative values whose minus sign the number format hides, exports to the right),
and beside it the balance of each country, in green with "+" or in red with "−"."""

from __future__ import annotations

from datetime import datetime

from officefiches.model import Partner
from officefiches.writers import charts, palette, textfit
from officefiches.writers.charts import BarChart, Column, RowText, Series, millions_of
from officefiches.writers.drawing import Box, inches
from officefiches.writers.fr import signed_meur

UNSIGNED = "#,##0.0;#,##0.0;"  # negatives shown without their minus sign, zeros hidden
BALANCE_WIDTH = inches(1.45)
MAX_LABEL = inches(2.3)
BALANCE_HEADER = "Solde (M€)"


def add(canvas, box: Box, partners: tuple[Partner, ...], descr: str, created: datetime) -> None:
    """The chart in `box`, its balance column at the right."""
    labels = tuple(textfit.shorten(p.label, charts.LABEL_SIZE, MAX_LABEL) for p in partners)
    spec = BarChart(
        name="Balance commerciale par pays",
        descr=descr,
        categories=labels,
        series=(
            Series("Exportations", millions_of(p.exports for p in partners), palette.EXPORTS),
            Series("Importations", millions_of(-p.imports for p in partners), palette.IMPORTS),
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
    return RowText(text, palette.balance(text), f"Solde {label}")
