"""Speaker notes: the key figures of each slide, how to read it, and every full name that a
chart had to shorten."""

from __future__ import annotations

from officefiches.model import EXPORT, ScopeFigures
from officefiches.writers.fr import meur, pct, signed_meur


def cover(ctx) -> str:
    fiche = ctx.doc
    lines = [
        f"{ctx.short('titre')} — {fiche.department.scope.name} ({fiche.region.scope.name}), "
        f"données {ctx.values['periode']}.",
        totals_line(fiche.department.totals),
    ]
    if fiche.territoires.names:
        lines.append("Territoires d'industrie : " + " ; ".join(fiche.territoires.names) + ".")
    if fiche.territoires.omitted:
        lines.append(
            "Non repris (moins de 5 communes) : " + " ; ".join(fiche.territoires.omitted) + "."
        )
    return "\n".join(lines + data_lines(ctx))


def totals_line(totals) -> str:
    return (
        f"Exportations : {meur(totals.exports)} M€ ; importations : {meur(totals.imports)} M€ ; "
        f"solde : {signed_meur(totals.balance)} M€."
    )


def data_lines(ctx) -> list[str]:
    """What the data are: partial year, demo, files, labels."""
    doc = ctx.doc
    lines = []
    if doc.data.partial_year:
        lines.append(ctx.short("annee_partielle") + ".")
    if doc.data.is_demo:
        lines.append("Attention : données de démonstration (synthétiques), pas des chiffres réels.")
    if doc.data.sources:
        files = ", ".join(f"{s.name} ({s.modified}, {s.lines} lignes)" for s in doc.data.sources)
        lines.append(f"Fichiers de données : {files}.")
    if doc.data.label_source:
        lines.append(f"Libellés : {doc.data.label_source}.")
    return lines


def text_slide(text) -> str:
    from officefiches.writers.texts import plain

    return "\n".join(("• " if b.kind == "li" else "") + plain(b.text) for b in text.blocks)


def balance(ctx, scope: ScopeFigures) -> str:
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


def activities(ctx, scope: ScopeFigures) -> str:
    lines = [
        ctx.short("graphique_activites", territoire=scope.scope.name) + ".",
        ctx.short("lecture_activites"),
    ]
    for flux, name in ((EXPORT, "Exportations"), ("I", "Importations")):
        lines.append(f"{name} : {meur(scope.totals.of(flux))} M€. Principaux produits :")
        for product in scope.products(flux)[:15]:
            share = pct(round(product.share_pct, 1), 1)
            lines.append(f"• {product.label} : {meur(product.value)} M€ ({share})")
    return "\n".join(lines)


def flows(ctx, scope: ScopeFigures, flux: str) -> str:
    key = "export" if flux == EXPORT else "import"
    matrix = scope.flows(flux)
    name = scope.scope.name
    lines = [
        ctx.short(f"graphique_{key}", territoire=name) + ".",
        ctx.short(f"total_{key}", total=meur(scope.totals.of(flux))) + ".",
    ]
    lines += [text + "." for text, _ in ctx.share_lines(scope, flux)]
    if matrix.total <= 0:
        lines.append(ctx.short("aucun_echange"))
        return "\n".join(lines)
    lines.append(ctx.short(f"lecture_{key}"))
    for title, nodes in (("À gauche", matrix.left), ("À droite", matrix.right)):
        lines.append(f"{title} (M€) :")
        lines += [f"• {node.label} : {meur(node.value)}" for node in nodes]
    lines.append("Les cinq plus gros flux (en rouge) :")
    for link in sorted((k for k in matrix.links if k.highlighted), key=lambda k: -k.value):
        source, target = matrix.left[link.source], matrix.right[link.target]
        lines.append(f"• {source.label} → {target.label} : {meur(link.value)} M€")
    return "\n".join(lines)
