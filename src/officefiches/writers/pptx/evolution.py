"""The year-on-year slide "Évolution N-1 → N": the totals and the main products in tables, the
main partners in a native bar chart of both years with each one's change beside it. Every change
is written with its sign and an arrow (▲ ▼), so colour is never the only cue."""

from __future__ import annotations

from officefiches.formatting import MINUS
from officefiches.model import EXPORT, IMPORT, Change, Evolution, ScopeFigures
from officefiches.writers import look
from officefiches.writers.fr import meur, signed_meur, signed_pct
from officefiches.writers.pptx import charts, frame, tables
from officefiches.writers.pptx.charts import BarChart, Column, RowText, Series, millions_of
from officefiches.writers.pptx.drawing import Box, inches, para
from officefiches.writers.pptx.frame import chart_area
from officefiches.writers.pptx.tables import Cell, Table, group, row

NEW = "nouveau"
NOT_SIGNIFICANT = "n.s."
BALANCE = "S"  # code of the balance's Change
CHANGE_WIDTH = inches(1.35)
MAX_LABEL = inches(1.9)
MAX_PRODUCTS = 5


def spans(ctx, evolution: Evolution) -> tuple[str, str]:
    """The compared and the fiche's spans as they are shown: « 2023 », « 2024 », or a period's
    months (« octobre 2022 – septembre 2023 »)."""
    return ctx.doc.data.when_of(evolution.previous_year), ctx.doc.data.when


def values(ctx, evolution: Evolution) -> dict[str, str]:
    return {"annee_precedente": spans(ctx, evolution)[0], "territoire": ctx.subject.scope.name}


def slide(ctx) -> None:
    """The slide, for the deck's subject (none without a comparable previous year)."""
    evolution = ctx.doc.evolution
    if evolution is None:
        return
    extra = values(ctx, evolution)
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_evolution", **extra),
        ctx.short("graphique_evolution", **extra),
        ctx.short("lecture_evolution", **extra),
    )
    left, right = area.split_x(int(area.w * 0.46), inches(0.35))
    taken = tables.add(canvas, left, totals_table(ctx, evolution, extra))
    _, below = left.split_y(taken.h, inches(0.2))
    if evolution.products_export or evolution.products_import:
        tables.add(canvas, below, products_table(ctx, evolution, extra, below.h))
    partners_chart(ctx, canvas, right, evolution, extra)
    canvas.notes(notes(ctx, evolution, extra))


# --- changes as text ------------------------------------------------------------------------


def direction(change: Change) -> int:
    """+1, −1, or 0 when the change shown rounds to zero (« = 0,0 % », never a red fall)."""
    if change.previous == 0 or change.pct is None:
        return (change.delta > 0) - (change.delta < 0)
    text = signed_pct(change.pct)
    return 1 if text.startswith("+") else -1 if text.startswith(MINUS) else 0


def arrow(change: Change) -> str:
    return {1: "▲", -1: "▼", 0: "="}[direction(change)]


def is_balance(change: Change) -> bool:
    return change.code == BALANCE


def change_text(change: Change) -> str:
    """ "▲ +4,7 %", "▼ −3,2 %", "= 0,0 %"; "nouveau" from nothing, "n.d." when both are 0;
    "n.s." for a balance (it may change sign: a percentage would mislead)."""
    if is_balance(change):
        return NOT_SIGNIFICANT
    if change.previous == 0:
        return NEW if change.current > 0 else "n.d."
    return f"{arrow(change)} {signed_pct(change.pct)}"


def change_color(change: Change) -> str:
    if direction(change) == 0 or is_balance(change):
        return look.MUTED
    return look.POSITIVE if direction(change) > 0 else look.NEGATIVE


def change_cell(change: Change) -> Cell:
    return Cell(change_text(change), change_color(change), bold=not is_balance(change))


def amount(change: Change, euros: int) -> str:
    """A value of the change: a balance with its sign."""
    return signed_meur(euros) if is_balance(change) else meur(euros)


def change_line(change: Change, previous_year: str, year: str) -> str:
    """A change in one line, for the notes and alt texts."""
    return (
        f"{change.label} : {amount(change, change.previous)} M€ en {previous_year}, "
        f"{amount(change, change.current)} M€ en {year}, soit {signed_meur(change.delta)} M€ "
        f"({change_text(change)})"
    )


# --- totals and products ------------------------------------------------------------------------


def totals_table(ctx, evolution: Evolution, extra: dict[str, str]) -> Table:
    before, now = spans(ctx, evolution)
    balance = balance_change(evolution)
    rows = [total_row(c) for c in (evolution.exports, evolution.imports, balance)]
    return Table(
        name="Évolution des totaux",
        descr=ctx.short("evolution_ensemble", **extra)
        + " : "
        + " ; ".join(
            change_line(c, before, now) for c in (evolution.exports, evolution.imports, balance)
        ),
        header=(
            ctx.short("evolution_ensemble", **extra),
            *year_headers(before, now),
            "Écart (M€)",
            "Évolution",
        ),
        rows=tuple(rows),
        aligns="lrrrr",
    )


def total_row(change: Change):
    delta = signed_meur(change.delta)
    shown_delta = Cell(delta, look.balance(delta)) if is_balance(change) else Cell(delta)
    values = (amount(change, change.previous), amount(change, change.current))
    return row(change.label, *values, shown_delta, change_cell(change))


def year_headers(before: str, now: str) -> tuple[str, str]:
    return f"{before} (M€)", f"{now} (M€)"


def balance_change(evolution: Evolution) -> Change:
    return Change(
        BALANCE,
        "Solde",
        evolution.exports.previous - evolution.imports.previous,
        evolution.exports.current - evolution.imports.current,
    )


def products_table(ctx, evolution: Evolution, extra: dict[str, str], height: int) -> Table:
    count = product_count(evolution, height)
    rows = []
    for flux, key in ((EXPORT, "evolution_exportes"), (IMPORT, "evolution_importes")):
        changes = evolution.products(flux)[:count]
        if changes:
            rows.append(group(ctx.short(key, **extra)))
            rows += [
                row(
                    ctx.display_name("a129", c.code, c.label),
                    meur(c.previous),
                    meur(c.current),
                    change_cell(c),
                )
                for c in changes
            ]
    before, now = spans(ctx, evolution)
    descr = " ; ".join(
        change_line(c, before, now)
        for flux in (EXPORT, IMPORT)
        for c in evolution.products(flux)[:count]
    )
    return Table(
        name="Évolution des principaux produits",
        descr=ctx.short("evolution_produits", **extra) + " : " + descr,
        header=(
            ctx.short("evolution_produits", **extra),
            f"{before} (M€)",
            f"{now} (M€)",
            "Évolution",
        ),
        rows=tuple(rows),
        aligns="lrrr",
    )


def product_count(evolution: Evolution, height: int) -> int:
    """How many products of each flow the table holds in `height` (at 11 points)."""
    line = tables.row_height(11)
    rows = (height - 2 * line) // line - 2  # the header (two lines) and two group rows
    return max(1, min(MAX_PRODUCTS, rows // 2))


# --- partners -----------------------------------------------------------------------------------


PARTNERS_GAP = 50  # between two rows of bars, in percent of a bar


def partners_chart(ctx, canvas, box: Box, evolution: Evolution, extra: dict[str, str]) -> None:
    body = frame.heading(canvas, box, ctx.short("evolution_pays", **extra))
    partners = evolution.partners
    if not partners:
        canvas.text(body, [para(ctx.short("aucun_echange"), 14, color=look.MUTED)])
        return
    partners = partners[: rows_in(body, len(partners))]  # each value label beside its bar
    labels = tuple(
        charts.category(ctx.display_name("pays", c.code, c.label), MAX_LABEL, canvas)
        for c in partners
    )
    before, now = spans(ctx, evolution)
    spec = BarChart(
        name="Évolution des échanges par pays",
        descr=chart_descr(partners, before, now, ctx.subject),
        categories=labels,
        series=(
            Series(str(before), millions_of(c.previous for c in partners), look.PREVIOUS_YEAR),
            Series(str(now), millions_of(c.current for c in partners), look.CURRENT_YEAR),
        ),
        gap_width=PARTNERS_GAP,
    )
    changes = tuple(
        RowText(change_text(c), change_color(c), f"Évolution {c.label}") for c in partners
    )
    column = Column(CHANGE_WIDTH, "Évolution", changes)
    charts.add_with_column(canvas, body, spec, ctx.deck.created, MAX_LABEL, column)


def rows_in(body: Box, count: int) -> int:
    """How many partners the chart holds in `body` with legible value labels (two bars a row:
    a short slide, a key message above, keep fewer; the notes list them all)."""
    bars = BarChart("", "", ("",) * count, (Series("", (), ""),) * 2, gap_width=PARTNERS_GAP)
    plot_height = charts.inner_layout(body, 0).h  # the labels' width changes only its x
    return min(count, charts.rows_that_fit(bars, plot_height))


def chart_descr(partners, before: str, now: str, scope: ScopeFigures) -> str:
    return (
        f"Graphique en barres groupées, {scope.scope.name} : échanges (exportations et "
        f"importations) avec les {len(partners)} principaux pays partenaires en {before} (barre "
        f"claire) et en {now} (barre foncée), en millions d'euros ; l'évolution est à droite. "
        + " ; ".join(change_line(c, before, now) for c in partners)
        + "."
    )


# --- notes --------------------------------------------------------------------------------------


def notes(ctx, evolution: Evolution, extra: dict[str, str]) -> str:
    before, now = spans(ctx, evolution)
    lines = [
        ctx.short("graphique_evolution", **extra) + ".",
        ctx.short("lecture_evolution", **extra),
        ctx.short("evolution_ensemble", **extra) + " :",
    ]
    totals = (evolution.exports, evolution.imports, balance_change(evolution))
    lines += [f"• {change_line(c, before, now)}" for c in totals]
    sections = (
        (ctx.short("evolution_pays", **extra), evolution.partners),
        (ctx.short("evolution_produits_exportes", **extra), evolution.products(EXPORT)),
        (ctx.short("evolution_produits_importes", **extra), evolution.products(IMPORT)),
    )
    for title, changes in sections:
        lines.append(f"{title} :")
        lines += [f"• {change_line(c, before, now)}" for c in changes]
    lines.append(ctx.short("evolution_definitions", **extra))
    return "\n".join(lines)


# The slides of this section (writers/sections.py), in order.
SLIDES = (slide,)  # when the data hold a comparable previous year
