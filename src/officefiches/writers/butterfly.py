"""The balance slide's butterfly chart: a native, editable PowerPoint bar chart (imports drawn
to the left as negative values whose minus sign the number format hides, exports to the right),
and beside it the balance of each country, in green with "+" or in red with "−"."""

from __future__ import annotations

from datetime import datetime

from officefiches.model import Partner
from officefiches.writers import charts, palette, textfit
from officefiches.writers.charts import BarChart, RowText, Series, millions
from officefiches.writers.drawing import Box, inches
from officefiches.writers.fr import signed_meur

UNSIGNED = "#,##0.0;#,##0.0;"  # negatives shown without their minus sign, zeros hidden
BALANCE_WIDTH = inches(1.45)
MAX_LABEL = inches(2.3)


def add(canvas, box: Box, partners: tuple[Partner, ...], descr: str, created: datetime) -> None:
    """The chart in `box`, its balance column at the right."""
    chart_box, balance_box = box.split_x(box.w - BALANCE_WIDTH, inches(0.1))
    labels = tuple(textfit.shorten(p.label, charts.LABEL_SIZE, MAX_LABEL) for p in partners)
    spec = BarChart(
        name="Balance commerciale par pays",
        descr=descr,
        categories=labels,
        series=(
            Series("Exportations", tuple(millions(p.exports) for p in partners), palette.EXPORTS),
            Series("Importations", tuple(-millions(p.imports) for p in partners), palette.IMPORTS),
        ),
        number_format=UNSIGNED,
        overlap=100,
        gap_width=45,
        symmetric=True,
    )
    inner = charts.add_bar_chart(
        canvas, chart_box, spec, created, charts.label_width(labels, MAX_LABEL)
    )
    rows = [balance_text(p) for p in partners]
    charts.row_texts(canvas, balance_box, inner, "Solde (M€)", rows)


def balance_text(partner: Partner) -> RowText:
    text = signed_meur(partner.balance)
    return RowText(text, palette.balance(text), f"Solde {partner.label}")
