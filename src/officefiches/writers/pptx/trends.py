"""The slide « Tendances FIRST–LAST »: the subject's exports, imports and balance year by year
(native line chart, one point per year), a table of what changed (first and last year, average
annual growth, shares of the region and of France), and its top 5 partners and products at the
export of the last year, followed back (native line charts). A year the data do not hold
complete is no point on the lines (a gap) and « n.d. » in the notes; the reading key names it.
The notes say first, in one sentence, what moved most."""

from __future__ import annotations

from officefiches.model import EXPORT, IMPORT, Trends, TrendSeries, TrendShare
from officefiches.writers import look
from officefiches.writers.fr import meur, pct, signed_meur, signed_pct
from officefiches.writers.look import WORDS
from officefiches.writers.pptx import charts, frame, tables, textfit
from officefiches.writers.pptx.charts import Line, LineChart
from officefiches.writers.pptx.drawing import inches
from officefiches.writers.pptx.frame import chart_area
from officefiches.writers.pptx.tables import Cell, Table, row

NA = "n.d."
MARKERS = ("circle", "square", "triangle", "diamond", "x")
LEGEND_LABEL = inches(2.2)  # a legend entry's text at most: every display name of ours holds
LEGEND_BESIDE = inches(5)  # a chart narrower than this has its legend under the plot


def values(trends: Trends) -> dict[str, str]:
    return {"premiere": str(trends.first), "derniere": str(trends.last)}


def slide(ctx) -> None:
    """The slide, for the deck's subject (none without three complete years)."""
    trends: Trends | None = ctx.doc.trends
    if trends is None:
        return
    extra = values(trends)
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_tendances", **extra),
        ctx.short("graphique_tendances", **extra),
        reading(ctx, trends, extra),
    )
    left, right = area.split_x(int(area.w * 0.5), inches(0.35))
    upper, lower = left.split_y(int(left.h * 0.56), inches(0.15))
    body = frame.heading(canvas, upper, ctx.short("tendances_totaux", **extra))
    charts.add_line_chart(canvas, body, totals_chart(ctx, trends), ctx.deck.created)
    tables.add(canvas, lower, summary_table(ctx, trends, extra))
    top, bottom = right.split_y(right.h // 2, inches(0.15))
    for box, kind, listed in (
        (top, "pays", trends.partners(EXPORT)),
        (bottom, "produits", trends.products(EXPORT)),
    ):
        body = frame.heading(canvas, box, ctx.short(f"tendances_{kind}", **extra))
        if listed:
            legend = "right" if body.w >= LEGEND_BESIDE else "bottom"  # 4:3: under the plot
            spec = series_chart(ctx, trends, kind, listed, legend)
            charts.add_line_chart(canvas, body, spec, ctx.deck.created)
        else:
            frame.no_trade(canvas, body, ctx)
    canvas.notes(notes(ctx, trends, extra))


def reading(ctx, trends: Trends, extra: dict[str, str]) -> str:
    text = ctx.short("lecture_tendances", **extra)
    if trends.gaps:
        text += " " + ctx.short("lecture_tendances_nd", annees=gaps_text(ctx, trends))
    return text


def gaps_text(ctx, trends: Trends) -> str:
    """ "2022 (absente des données), 2019 (incomplète : importations : T1–T2)"."""
    return ", ".join(
        ctx.short("tendances_incomplete", annee_nd=str(gap.year), detail=gap.partial)
        if gap.partial
        else ctx.short("tendances_absente", annee_nd=str(gap.year))
        for gap in trends.gaps
    )


def millions(values) -> tuple[float | None, ...]:
    return tuple(None if v is None else charts.millions(v) for v in values)


def totals_chart(ctx, trends: Trends) -> LineChart:
    lines = (
        Line("Exportations", millions(trends.exports), look.EXPORTS),
        Line("Importations", millions(trends.imports), look.IMPORTS, marker="square"),
        Line("Solde", millions(trends.balance), look.COUNTRY_NODE, dashed=True, marker="diamond"),
    )
    descr = (
        f"Graphique en courbes, {ctx.subject.scope.name} : exportations, importations et solde, "
        f"en millions d'euros, un point par année de {trends.first} à {trends.last}. "
        + " ; ".join(year_line(trends, i) for i in range(len(trends.years)))
        + "."
    )
    return LineChart(
        "Tendances des échanges", descr, tuple(str(y) for y in trends.years), lines, "bottom"
    )


def series_chart(
    ctx, trends: Trends, kind: str, listed: tuple[TrendSeries, ...], legend: str = "right"
) -> LineChart:
    colours = look.TREND_LINES
    axis = "pays" if kind == "pays" else "a129"

    def name(each: TrendSeries) -> str:  # the display name, cut only if it does not fit
        shown = ctx.display_name(axis, each.code, each.label)
        return textfit.shorten(shown, charts.VALUE_SIZE, LEGEND_LABEL)

    lines = tuple(
        Line(
            name(each),
            millions(each.values),
            colours[i % len(colours)],
            marker=MARKERS[i % len(MARKERS)],
        )
        for i, each in enumerate(listed)
    )
    what = "pays clients" if kind == "pays" else "produits exportés"
    descr = (
        f"Graphique en courbes, {ctx.subject.scope.name} : les {len(listed)} principaux {what} "
        f"de {trends.last}, exportations en millions d'euros de {trends.first} à {trends.last}. "
        + " ; ".join(series_line(trends, each) for each in listed)
        + "."
    )
    name = "Tendances des pays clients" if kind == "pays" else "Tendances des produits exportés"
    return LineChart(name, descr, tuple(str(y) for y in trends.years), lines, legend)


# --- what changed, in a table -------------------------------------------------------------------


def summary_table(ctx, trends: Trends, extra: dict[str, str]) -> Table:
    first, last = trends.first, trends.last
    rows = [
        row(f"{first} (M€)", *(amount(trends.totals(f)[0]) for f in (EXPORT, IMPORT))),
        row(f"{last} (M€)", *(amount(trends.totals(f)[-1]) for f in (EXPORT, IMPORT))),
        row(
            ctx.short("tendances_croissance", **extra),
            *(growth_cell(trends, f) for f in (EXPORT, IMPORT)),
        ),
    ]
    for whole in dict.fromkeys(share.whole for share in trends.shares):  # region, France
        key = "tendances_part_region" if whole.kind == "region" else "tendances_part_france"
        shown = [share_text(s) for f in (EXPORT, IMPORT) for s in trends.shares_of(f)]
        wholes = [s.whole for f in (EXPORT, IMPORT) for s in trends.shares_of(f)]
        cells = [text for text, w in zip(shown, wholes, strict=True) if w == whole]
        rows.append(row(ctx.short(key, **extra), *cells))
    summary = " ; ".join(summary_lines(ctx, trends))
    descr = ctx.short("tendances_chiffres", **extra) + " : " + summary
    return Table(
        name="Tendances en chiffres",
        descr=descr,
        header=(ctx.short("tendances_chiffres", **extra), "Exportations", "Importations"),
        rows=tuple(rows),
        aligns="lrr",
    )


def amount(value: int | None) -> str:
    return NA if value is None else meur(value)


def growth_text(trends: Trends, flux: str) -> str:
    growth = trends.growth(flux)
    return NA if growth is None else f"{signed_pct(growth)} par an"


def growth_cell(trends: Trends, flux: str) -> Cell:
    growth = trends.growth(flux)
    if growth is None or growth == 0:
        return Cell(growth_text(trends, flux), look.MUTED, bold=True)
    colour = look.POSITIVE if growth > 0 else look.NEGATIVE
    return Cell(growth_text(trends, flux), colour, bold=True)


def share_text(share: TrendShare) -> str:
    """ "6,3 % → 6,7 %" (first → last year)."""
    decimals = 1 if share.whole.kind == "region" else 2
    first, last = share.values[0], share.values[-1]
    shown = [NA if v is None else pct(v, decimals) for v in (first, last)]
    return f"{shown[0]} → {shown[1]}"


# --- texts for the notes and alt texts ----------------------------------------------------------


def year_line(trends: Trends, i: int) -> str:
    year = trends.years[i]
    if trends.exports[i] is None:
        return f"{year} : {NA}"
    return (
        f"{year} : exportations {meur(trends.exports[i])} M€, importations "
        f"{meur(trends.imports[i])} M€, solde {signed_meur(trends.balance[i])} M€"
    )


def series_line(trends: Trends, each: TrendSeries) -> str:
    shown = ", ".join(
        f"{year} : {amount(value)}" for year, value in zip(trends.years, each.values, strict=True)
    )
    return f"{each.label} ({shown})"


def summary_lines(ctx, trends: Trends) -> list[str]:
    lines = [
        f"{WORDS[f].title} : {growth_text(trends, f)} de {trends.first} à {trends.last}"
        for f in (EXPORT, IMPORT)
    ]
    lines += [f"{whole_name(s)} ({WORDS[s.flux].noun}) : {share_text(s)}" for s in trends.shares]
    return lines


def whole_name(share: TrendShare) -> str:
    """ "part de la région Centre-Val de Loire", "part de la France entière"."""
    return f"part {look.of_scope(share.whole)}"


def move_sentence(ctx, trends: Trends) -> str:
    """What moved most, in one sentence (the notes' first)."""
    move = trends.move
    extra = values(trends)
    if move is None:
        return ctx.short("tendances_rien", **extra)
    what = ctx.short(
        f"tendances_{'pays' if move.kind == 'partner' else 'produit'}_{move.flux.key}",
        nom=move.label,
    )
    change = NA if move.pct is None else signed_pct(move.pct)
    key = "tendances_hausse" if move.delta > 0 else "tendances_baisse"
    if move.first == 0:
        key = "tendances_nouveau"
    return ctx.short(
        key,
        objet=what,
        debut=meur(move.first),
        fin=meur(move.last),
        ecart=signed_meur(move.delta),
        evolution=change,
        **extra,
    )


def notes(ctx, trends: Trends, extra: dict[str, str]) -> str:
    lines = [move_sentence(ctx, trends), ctx.short("graphique_tendances", **extra) + "."]
    if trends.gaps:
        lines.append(ctx.short("lecture_tendances_nd", annees=gaps_text(ctx, trends)))
    lines.append(ctx.short("tendances_totaux", **extra) + " :")
    lines += [f"• {year_line(trends, i)}" for i in range(len(trends.years))]
    lines += [f"• {line}" for line in summary_lines(ctx, trends)]
    for flux in (EXPORT, IMPORT):
        for kind, listed in (("pays", trends.partners(flux)), ("produits", trends.products(flux))):
            lines.append(ctx.short(f"tendances_notes_{kind}_{flux.key}", **extra) + " :")
            lines += [f"• {series_line(trends, each)}" for each in listed] or ["• —"]
    lines.append(ctx.short("tendances_definitions", **extra))
    return "\n".join(lines)


# The slides of this section (writers/sections.py), in order.
SLIDES = (slide,)  # when the data hold at least three complete years
