"""Speaker notes: the key figures of each slide, how to read it, and every full name that a
chart had to shorten."""

from __future__ import annotations

from officefiches.model import EXPORT, ScopeFigures
from officefiches.writers.fr import meur, pct, signed_meur


def cover(ctx) -> str:
    fiche = ctx.fiche
    lines = [
        f"{ctx.short('titre')} — {fiche.department.scope.name} ({fiche.region.scope.name}), "
        f"données {ctx.values['periode']}.",
        f"Exportations : {meur(fiche.department.totals.exports)} M€ ; "
        f"importations : {meur(fiche.department.totals.imports)} M€ ; "
        f"solde : {signed_meur(fiche.department.totals.balance)} M€.",
    ]
    if fiche.territoires.names:
        lines.append("Territoires d'industrie : " + " ; ".join(fiche.territoires.names) + ".")
    if fiche.territoires.omitted:
        lines.append(
            "Non repris (moins de 5 communes) : " + " ; ".join(fiche.territoires.omitted) + "."
        )
    if fiche.partial_year:
        lines.append(ctx.short("annee_partielle") + ".")
    if fiche.is_demo:
        lines.append("Attention : données de démonstration (synthétiques), pas des chiffres réels.")
    if fiche.sources:
        files = ", ".join(f"{s.name} ({s.modified}, {s.lines} lignes)" for s in fiche.sources)
        lines.append(f"Fichiers de données : {files}.")
    if fiche.label_source:
        lines.append(f"Libellés : {fiche.label_source}.")
    return "\n".join(lines)


def text_slide(text) -> str:
    from officefiches.writers.texts import plain

    return "\n".join(("• " if b.kind == "li" else "") + plain(b.text) for b in text.blocks)


def balance(ctx) -> str:
    dept = ctx.fiche.department
    lines = [
        ctx.short("graphique_balance") + ".",
        ctx.short("lecture_balance"),
        f"Solde global : {signed_meur(dept.totals.balance)} M€ "
        f"(exportations {meur(dept.totals.exports)} M€, "
        f"importations {meur(dept.totals.imports)} M€).",
        "Pays (importations / exportations / solde, en M€) :",
    ]
    for p in dept.partners:
        lines.append(
            f"• {p.label} : {meur(p.imports)} / {meur(p.exports)} / {signed_meur(p.balance)}"
        )
    return "\n".join(lines)


def activities(ctx) -> str:
    dept = ctx.fiche.department
    lines = [ctx.short("graphique_activites") + ".", ctx.short("lecture_activites")]
    for flux, name in ((EXPORT, "Exportations"), ("I", "Importations")):
        lines.append(f"{name} : {meur(dept.totals.of(flux))} M€. Principaux produits :")
        for product in dept.products(flux)[:15]:
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
    if scope.scope.kind == "department":
        shares = ctx.fiche.shares(flux)
        lines.append(ctx.short(f"part_region_{key}", part_region=pct(shares.region_pct, 1)) + ".")
        lines.append(ctx.short(f"part_france_{key}", part_france=pct(shares.france_pct, 2)) + ".")
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
