"""The slide "Exposition et dépendance": where the exports go (United States, European Union,
outside it) and how concentrated the trade is on a few partners or products, each figure beside
the region's and France's; the products most exposed to the United States; the imports more
than half supplied by one country."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from officefiches.model import Concentration, Exposure
from officefiches.writers import look
from officefiches.writers.fr import index, meur, pct
from officefiches.writers.pptx import frame, tables, textfit
from officefiches.writers.pptx.drawing import Box, inches, para
from officefiches.writers.pptx.frame import chart_area
from officefiches.writers.pptx.tables import Table, group, row

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


def slide(ctx) -> None:
    """The slide for the deck's subject, compared with the others (none when unknown)."""
    exposures = ctx.exposures
    if exposures is None:
        return
    subject = exposures[0]
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_exposition"),
        ctx.short("graphique_exposition", territoire=subject.scope.name),
        reading(ctx, exposures),
    )
    table = indicators_table(ctx, exposures)
    left, right = area.split_x(int(area.w * 0.5), inches(0.35))
    if tables.fits(table, left):
        tables.add(canvas, left, table)
        lists(ctx, canvas, right, subject, stacked=True)
        canvas.notes(notes(ctx, exposures))
        return
    # A narrow or short slide (a 4:3 template): the indicators alone, the lists on a second
    # slide, rather than the table's last rows left out.
    tables.add(canvas, area, table)
    canvas.notes(notes(ctx, exposures))
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_exposition_suite"),
        ctx.short("graphique_exposition", territoire=subject.scope.name),
        ctx.short("lecture_exposition_suite"),
    )
    lists(ctx, canvas, area, subject, stacked=False)
    canvas.notes(notes(ctx, exposures))


def lists(ctx, canvas, box: Box, subject: Exposure, stacked: bool) -> None:
    """The subject's two lists in `box`, one above the other or side by side; the imports of
    undetermined origin said under the second."""
    if stacked:
        upper, _ = box.split_y(box.h // 2, inches(0.1))
        taken = list_block(ctx, canvas, upper, LISTS[0], subject)
        _, second = box.split_y(taken.bottom - box.y, inches(0.3))
    else:
        first, second = box.split_x(int(box.w * 0.5), inches(0.35))
        list_block(ctx, canvas, first, LISTS[0], subject)
    line = undetermined_line(ctx, subject)
    if line:
        second, below = second.split_y(second.h - inches(0.5))
        canvas.text(below, [para(line, 10, color=look.MUTED)], name="Origine non déterminée")
    list_block(ctx, canvas, second, LISTS[1], subject)


def undetermined_line(ctx, exposure: Exposure) -> str:
    """The imported products more than half of undetermined origin (QU…): not a dependence on
    a country, said as such with their weight."""
    if not exposure.undetermined:
        return ""
    items = " ; ".join(
        f"{ctx.display_name('a129', d.product_code, d.product_label)} "
        f"({pct(d.share_pct, 1)}, {meur(d.value)} M€)"
        for d in exposure.undetermined[:3]
    )
    more = len(exposure.undetermined) - 3
    return ctx.short("exposition_non_determinee", produits=items) + (
        f" ; et {more} autres" if more > 0 else ""
    )


def reading(ctx, exposures: Sequence[Exposure]) -> str:
    """The reading key; it names the columns compared with the subject's, when there are."""
    text = ctx.short("lecture_exposition")
    others = [look.with_article(e.scope) for e in exposures[1:]]
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


@dataclass(frozen=True)
class ItemList:
    """One of the subject's lists: the US-exposed products, the single-origin imports."""

    title: str  # text keys
    empty: str
    name: str  # the table's shape name
    header: tuple[str, ...]
    aligns: str
    items: Callable[[Exposure], tuple]
    cells: Callable[[object, object], tuple]  # (ctx, item) -> the row's cells
    line: Callable[[object], str]  # for the notes and the alt text


def us_line(product) -> str:
    return (
        f"{product.label} : {meur(product.value)} M€ vers les États-Unis, "
        f"{pct(product.share_pct, 1)} de ses exportations"
    )


def dependence_line(dependence) -> str:
    return (
        f"{dependence.product_label} : {pct(dependence.share_pct, 1)} venant de "
        f"{dependence.country_label} ({meur(dependence.value)} M€ sur "
        f"{meur(dependence.product_total)} M€)"
    )


LISTS = (
    ItemList(
        "exposition_produits_us",
        "exposition_aucun_us",
        "Produits exposés aux États-Unis",
        ("Produit", "Vers les États-Unis (M€)", "Part de ses exportations"),
        "lrr",
        lambda e: e.us_products,
        lambda ctx, p: (
            ctx.display_name("a129", p.code, p.label),
            meur(p.value),
            pct(p.share_pct, 1),
        ),
        us_line,
    ),
    ItemList(
        "exposition_dependances",
        "exposition_aucune_dependance",
        "Dépendances à l'import",
        ("Produit importé", "Pays", "Part du pays", "Valeur (M€)"),
        "llrr",
        lambda e: e.dependences,
        lambda ctx, d: (
            ctx.display_name("a129", d.product_code, d.product_label),
            ctx.display_name("pays", d.country_code, d.country_label),
            pct(d.share_pct, 1),
            meur(d.value),
        ),
        dependence_line,
    ),
)


def list_block(ctx, canvas, box: Box, spec: ItemList, exposure: Exposure) -> Box:
    """A heading, then the list's table (or a sentence when it is empty); returns the box
    they take."""
    body = frame.heading(canvas, box, ctx.short(spec.title))
    shown = spec.items(exposure)[:SHOWN]
    if not shown:
        taken, _ = body.split_y(textfit.line_height(12, 2))
        canvas.text(taken, [para(ctx.short(spec.empty), 12, color=look.MUTED)], name="Liste vide")
    else:
        table = Table(
            name=spec.name,
            descr=ctx.short(spec.title) + " : " + " ; ".join(spec.line(i) for i in shown),
            header=spec.header,
            rows=tuple(row(*spec.cells(ctx, item)) for item in shown),
            aligns=spec.aligns,
        )
        taken = tables.add(canvas, body, table, sizes=(11, 10))
    return Box(box.x, box.y, box.w, taken.bottom - box.y)


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
    for spec in LISTS:
        items = spec.items(subject)
        lines.append(f"{ctx.short(spec.title)} ({subject.scope.name}) :")
        lines += [f"• {spec.line(item)}" for item in items[:IN_NOTES]] or [ctx.short(spec.empty)]
        if len(items) > IN_NOTES:
            lines.append(f"… et {len(items) - IN_NOTES} autres.")
    if subject.undetermined:
        lines.append(ctx.short("exposition_non_determinee_notes") + " :")
        lines += [f"• {dependence_line(d)}" for d in subject.undetermined[:IN_NOTES]]
    lines.append(ctx.short("exposition_definitions"))
    return "\n".join(lines)


# The slides of this section (writers/sections.py), in order.
SLIDES = (slide,)  # when the exposure is known
