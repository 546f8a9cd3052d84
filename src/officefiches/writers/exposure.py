"""The slide "Exposition et dépendance": where the exports go (United States, European Union,
outside it) and how concentrated the trade is on a few partners or products, each figure beside
the region's and France's; the products most exposed to the United States; the imports more
than half supplied by one country."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from officefiches.model import Concentration, Exposure
from officefiches.writers import layout, palette, tables, textfit
from officefiches.writers.drawing import Box, inches, para
from officefiches.writers.fr import index, meur, pct
from officefiches.writers.layout import chart_area
from officefiches.writers.tables import Table, group, row

SHOWN = 5  # products in each list on the slide (the notes have more)
IN_NOTES = 15

# The destination shares: (text key, value).
SHARES: tuple[tuple[str, Callable[[Exposure], str]], ...] = (
    ("exposition_us", lambda e: pct(e.us_pct, 1)),
    ("exposition_ue", lambda e: pct(e.eu_pct, 1)),
    ("exposition_hors_ue", lambda e: pct(e.extra_eu_pct, 1)),
)
# The concentrations: (group key, ((what key, attribute), ...)).
CONCENTRATIONS = (
    (
        "exposition_concentration_export",
        (
            ("exposition_pays_clients", "partners_export"),
            ("exposition_produits", "products_export"),
        ),
    ),
    (
        "exposition_concentration_import",
        (
            ("exposition_pays_fournisseurs", "partners_import"),
            ("exposition_produits", "products_import"),
        ),
    ),
)


def exposure_slide(ctx, exposures: Sequence[Exposure]) -> None:
    """The slide for exposures[0] (the deck's subject), compared with the others."""
    subject = exposures[0]
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_exposition"),
        ctx.short("graphique_exposition", territoire=subject.scope.name),
        reading(ctx, exposures),
    )
    left, right = area.split_x(int(area.w * 0.5), inches(0.35))
    tables.add(canvas, left, indicators_table(ctx, exposures))
    upper, _ = right.split_y(right.h // 2, inches(0.1))
    taken = titled_table(ctx, canvas, upper, "exposition_produits_us", us_table(ctx, subject))
    _, lower = right.split_y(taken.bottom - right.y, inches(0.3))
    titled_table(ctx, canvas, lower, "exposition_dependances", dependence_table(ctx, subject))
    canvas.notes(notes(ctx, exposures))


def reading(ctx, exposures: Sequence[Exposure]) -> str:
    """The reading key; it names the columns compared with the subject's, when there are."""
    text = ctx.short("lecture_exposition")
    others = [e.scope.name for e in exposures[1:]]
    if others:
        names = " et ".join(filter(None, (", ".join(others[:-1]), others[-1])))
        text += " " + ctx.short("lecture_exposition_comparaison", autres=names)
    return text


# --- indicators ---------------------------------------------------------------------------------


def indicator_lines(ctx) -> list[tuple[str, Callable[[Exposure], str] | None]]:
    """(label, value of an exposure) per line; None for a group heading."""
    lines = [(ctx.short("exposition_destination"), None)]
    lines += [(ctx.short(key), value) for key, value in SHARES]
    for heading, items in CONCENTRATIONS:
        lines.append((ctx.short(heading), None))
        for what, attribute in items:
            label = ctx.short(what)
            lines.append((ctx.short("exposition_herfindahl", objet=label), _herfindahl(attribute)))
            lines.append((ctx.short("exposition_top3", objet=label), _top3(attribute)))
    return lines


def _herfindahl(attribute: str) -> Callable[[Exposure], str]:
    def value(exposure: Exposure) -> str:
        c: Concentration = getattr(exposure, attribute)
        return index(c.herfindahl) if c.count else "n.d."

    return value


def _top3(attribute: str) -> Callable[[Exposure], str]:
    def value(exposure: Exposure) -> str:
        c: Concentration = getattr(exposure, attribute)
        return pct(c.top3_pct, 1) if c.count else "n.d."

    return value


def indicators_table(ctx, exposures: Sequence[Exposure]) -> Table:
    rows = []
    descr = []
    for label, value in indicator_lines(ctx):
        if value is None:
            rows.append(group(label))
            continue
        figures = [value(e) for e in exposures]
        rows.append(row(label, *figures))
        descr.append(label + " : " + ", ".join(figures))
    names = tuple(e.scope.name for e in exposures)
    return Table(
        name="Indicateurs d'exposition",
        descr=f"Tableau des indicateurs ({', '.join(names)}) : " + " ; ".join(descr) + ".",
        header=(ctx.short("exposition_indicateur"), *names),
        rows=tuple(rows),
        aligns="l" + "r" * len(exposures),
    )


# --- the subject's lists ------------------------------------------------------------------------


def titled_table(ctx, canvas, box: Box, title_key: str, table: Table | str) -> Box:
    """A heading, then the table (or a sentence when the list is empty); returns the box
    they take."""
    body = layout.heading(canvas, box, ctx.short(title_key))
    if isinstance(table, str):
        taken, _ = body.split_y(textfit.line_height(12, 2))
        canvas.text(taken, [para(table, 12, color=palette.MUTED)], name="Liste vide")
    else:
        taken = tables.add(canvas, body, table, sizes=(11, 10))
    return Box(box.x, box.y, box.w, taken.bottom - box.y)


def us_table(ctx, exposure: Exposure) -> Table | str:
    shown = exposure.us_products[:SHOWN]
    if not shown:
        return ctx.short("exposition_aucun_us")
    return Table(
        name="Produits exposés aux États-Unis",
        descr=ctx.short("exposition_produits_us") + " : " + " ; ".join(us_line(p) for p in shown),
        header=("Produit", "Vers les États-Unis (M€)", "Part de ses exportations"),
        rows=tuple(row(p.label, meur(p.value), pct(p.share_pct, 1)) for p in shown),
        aligns="lrr",
    )


def us_line(product) -> str:
    return (
        f"{product.label} : {meur(product.value)} M€ vers les États-Unis, "
        f"{pct(product.share_pct, 1)} de ses exportations"
    )


def dependence_table(ctx, exposure: Exposure) -> Table | str:
    shown = exposure.dependences[:SHOWN]
    if not shown:
        return ctx.short("exposition_aucune_dependance")
    return Table(
        name="Dépendances à l'import",
        descr=ctx.short("exposition_dependances")
        + " : "
        + " ; ".join(dependence_line(d) for d in shown),
        header=("Produit importé", "Pays", "Part du pays", "Valeur (M€)"),
        rows=tuple(
            row(d.product_label, d.country_label, pct(d.share_pct, 1), meur(d.value)) for d in shown
        ),
        aligns="llrr",
    )


def dependence_line(dependence) -> str:
    return (
        f"{dependence.product_label} : {pct(dependence.share_pct, 1)} venant de "
        f"{dependence.country_label} ({meur(dependence.value)} M€ sur "
        f"{meur(dependence.product_total)} M€)"
    )


# --- notes --------------------------------------------------------------------------------------


def notes(ctx, exposures: Sequence[Exposure]) -> str:
    subject = exposures[0]
    lines = [
        ctx.short("graphique_exposition", territoire=subject.scope.name) + ".",
        reading(ctx, exposures),
    ]
    for label, value in indicator_lines(ctx):
        if value is None:
            lines.append(f"{label} :")
        else:
            figures = " ; ".join(f"{e.scope.name} {value(e)}" for e in exposures)
            lines.append(f"• {label} : {figures}")
    lists = (
        ("exposition_produits_us", subject.us_products, us_line, "exposition_aucun_us"),
        (
            "exposition_dependances",
            subject.dependences,
            dependence_line,
            "exposition_aucune_dependance",
        ),
    )
    for title, items, line, empty in lists:
        lines.append(f"{ctx.short(title)} ({subject.scope.name}) :")
        lines += [f"• {line(item)}" for item in items[:IN_NOTES]] or [ctx.short(empty)]
        if len(items) > IN_NOTES:
            lines.append(f"… et {len(items) - IN_NOTES} autres.")
    lines.append(ctx.short("exposition_definitions"))
    return "\n".join(lines)
