"""The slide « Trimestre par trimestre »: the subject's exports and imports quarter by quarter
(two native bar charts, the oldest quarter at the top), each quarter beside the same quarter a
year earlier when the data hold it (no bar otherwise, never estimated), and the change over a
year at the right of each row. In the deck with --period, or when the data hold quarters past
the fiche's year (compute/quarters.py)."""

from __future__ import annotations

from officefiches.model import EXPORT, IMPORT, Change, Quarters, QuarterValue
from officefiches.writers import look
from officefiches.writers.fr import meur
from officefiches.writers.pptx import charts, frame
from officefiches.writers.pptx.charts import BarChart, Column, RowText, Series, millions
from officefiches.writers.pptx.drawing import inches
from officefiches.writers.pptx.evolution import change_color, change_text

NA = "n.d."
CHANGE_WIDTH = inches(1.2)
MAX_LABEL = inches(1.1)


def values(quarters: Quarters) -> dict[str, str]:
    return {"premier": quarters.values[0].label, "dernier": quarters.values[-1].label}


def change(value: QuarterValue, flux: str) -> Change | None:
    """The change over a year of one flow in one quarter; None when the year before is not
    held."""
    now, before = value.of(flux)
    if before is None:
        return None
    return Change(value.label, value.label, before, now)


def slide(ctx) -> None:
    """The slide, for the deck's subject (none when the deck does not show the quarters)."""
    quarters: Quarters | None = ctx.doc.quarters
    if quarters is None or not quarters.values:
        return
    extra = values(quarters)
    canvas, area = frame.chart_area(
        ctx,
        ctx.short("titre_trimestres", **extra),
        ctx.short("graphique_trimestres", **extra),
        ctx.short("lecture_trimestres", **extra),
    )
    left, right = area.split_x(area.w // 2 - inches(0.2), inches(0.4))
    for box, flux in ((left, EXPORT), (right, IMPORT)):
        flow_chart(ctx, canvas, box, quarters, flux)
    canvas.notes(notes(ctx, quarters, extra))


def flow_chart(ctx, canvas, box, quarters: Quarters, flux: str) -> None:
    body = frame.heading(canvas, box, ctx.short(f"trimestres_{flux.key}"))
    points = quarters.values
    spec = BarChart(
        name=f"Trimestres, {look.WORDS[flux].noun}",
        descr=ctx.short(f"trimestres_{flux.key}")
        + " : "
        + " ; ".join(line(p, flux) for p in points),
        categories=tuple(p.label for p in points),
        series=(
            Series(
                ctx.short("trimestres_avant"),
                _millions(p.of(flux)[1] for p in points),
                look.PREVIOUS_YEAR,
            ),
            Series(
                ctx.short("trimestres_trimestre"),
                _millions(p.of(flux)[0] for p in points),
                look.CURRENT_YEAR,
            ),
        ),  # fmt: skip
        gap_width=40,
    )
    rows = []
    for point in points:
        found = change(point, flux)
        text = change_text(found) if found else NA
        color = change_color(found) if found else look.MUTED
        rows.append(RowText(text, color, f"Sur un an {point.label}"))
    column = Column(CHANGE_WIDTH, ctx.short("trimestres_sur_un_an"), tuple(rows))
    charts.add_with_column(canvas, body, spec, ctx.deck.created, MAX_LABEL, column)


def _millions(values) -> tuple[float | None, ...]:
    return tuple(None if v is None else millions(v) for v in values)


def line(point: QuarterValue, flux: str) -> str:
    """ "T3 2024 : 512,3 M€ (T3 2023 : 498,0 M€, ▲ +2,9 %)" for the notes and alt texts."""
    now, before = point.of(flux)
    if before is None:
        return f"{point.label} : {meur(now)} M€ (T{point.quarter} {point.year - 1} : {NA})"
    found = change(point, flux)
    return (
        f"{point.label} : {meur(now)} M€ (T{point.quarter} {point.year - 1} : {meur(before)} M€, "
        f"{change_text(found)})"
    )


def notes(ctx, quarters: Quarters, extra: dict[str, str]) -> str:
    lines = [ctx.short("graphique_trimestres", **extra) + ".", ctx.short("lecture_trimestres")]
    for flux in (EXPORT, IMPORT):
        lines.append(ctx.short(f"trimestres_{flux.key}") + " :")
        lines += [f"• {line(p, flux)}" for p in quarters.values]
    return "\n".join(lines)


SLIDES = (slide,)  # with --period, or when the data hold quarters past the fiche's year
