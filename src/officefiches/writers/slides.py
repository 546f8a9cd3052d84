"""The deck's slides, in the fiche's order; one small function per section."""

from __future__ import annotations

from dataclasses import dataclass

from officefiches.model import EXPORT, FLOWS, IMPORT, Fiche, ScopeFigures, Synthesis
from officefiches.writers import (
    cover,
    drawing,
    evolution,
    exposure,
    figures,
    notes,
    palette,
    textfit,
    texts,
)
from officefiches.writers.deck import ACCENT, MUTED, TEXT, Canvas, Deck
from officefiches.writers.drawing import Para, Run, inches, para
from officefiches.writers.fr import meur, pct
from officefiches.writers.layout import chart_area, no_trade

FLOW_KEYS = {EXPORT: "export", IMPORT: "import"}
TEXT_SIZES = (18, 17, 16, 15, 14, 13, 12, 11, 10)
PANEL_WIDTH = inches(3.2)  # at most; 27 % of the width on narrower slides


@dataclass
class Context:
    """What every slide function needs. `doc` is the fiche (a department's deck) or the
    synthesis (a region's or France's deck); `subject` is the scope the deck is about."""

    deck: Deck
    doc: Fiche | Synthesis
    subject: ScopeFigures
    values: dict[str, str]
    mode: str  # "shapes" | "images"
    shared: object  # SharedFigures

    def short(self, key: str, **extra: str) -> str:
        return texts.short(key, {**self.values, **extra})

    def share_lines(self, scope: ScopeFigures, flux: str) -> list[tuple[str, bool]]:
        """The sentences under a flow's total on its slide: (text, muted)."""
        raise NotImplementedError


class FicheContext(Context):
    """A department's deck: the department's shares of its region and of France."""

    def share_lines(self, scope: ScopeFigures, flux: str) -> list[tuple[str, bool]]:
        key = FLOW_KEYS[flux]
        shares = self.doc.shares(flux)
        if scope.scope.kind == "department":
            return [
                (self.short(f"part_region_{key}", part_region=pct(shares.region_pct, 1)), False),
                (self.short(f"part_france_{key}", part_france=pct(shares.france_pct, 2)), False),
            ]
        share = shares.region_pct if scope.scope.kind == "region" else shares.france_pct
        decimals = 1 if scope.scope.kind == "region" else 2
        text = self.short("comparaison", part=pct(share, decimals), territoire=scope.scope.name)
        return [(text, True)]


def period_values(doc: Fiche | Synthesis) -> dict[str, str]:
    """The placeholders every deck has: {annee}, {periode}, {trimestres}."""
    quarters = "–".join(f"T{q}" for q in (doc.data.quarters[0], doc.data.quarters[-1]))
    quarters = quarters if len(doc.data.quarters) > 1 else f"T{doc.data.quarters[0]}"
    if not doc.data.quarters:
        quarters = "aucun"
    period = f"{doc.year}, {quarters}" if doc.data.partial_year else str(doc.year)
    return {
        "annee": str(doc.year),
        "periode": period,
        "trimestres": ", ".join(f"T{q}" for q in doc.data.quarters) or "aucun",
    }


def template_values(fiche: Fiche) -> dict[str, str]:
    return {
        **period_values(fiche),
        "departement": fiche.department.scope.name,
        "territoire": fiche.department.scope.name,
        "region": fiche.region.scope.name,
        "territoires": ", ".join(fiche.territoires.names),
    }


def build(deck: Deck, fiche: Fiche, mode: str, shared) -> None:
    ctx = FicheContext(deck, fiche, fiche.department, template_values(fiche), mode, shared)
    cover.cover(
        ctx,
        ctx.short("sous_titre"),
        ctx.short("annee"),
        lambda canvas, box: cover.territoires(canvas, box, ctx),
        notes.cover(ctx),
    )
    set_footer(ctx)
    for name in ("introduction.md", "contexte.md", "methodologie.md"):
        text_slide(ctx, name)
    balance_slide(ctx, fiche.department)
    activities_slide(ctx, fiche.department)
    for flux in FLOWS:
        for scope in (fiche.department, fiche.region, fiche.france):
            flow_slide(ctx, scope, flux)
    if fiche.evolution is not None:
        evolution.evolution_slide(ctx, fiche.evolution)
    if fiche.exposure is not None:
        exposure.exposure_slide(ctx, fiche.exposure)
    text_slide(ctx, "informations.md")


def set_footer(ctx: Context) -> None:
    """The footer of every slide after the cover."""
    demo = f" · {cover.DEMO_NOTICE}" if ctx.doc.data.is_demo else ""
    ctx.deck.footer = ctx.short("pied") + demo


# --- long texts ---------------------------------------------------------------------------


def text_slide(ctx: Context, name: str) -> None:
    text = texts.long_text(name, ctx.values)
    canvas = ctx.deck.new_slide(text.title or name.removesuffix(".md").capitalize())
    box = canvas.content.inset(0, inches(0.1))
    size = fitting_size(text.blocks, box.w)(box.h)
    canvas.text(box, [block_para(canvas, block, size) for block in text.blocks], name="Texte")
    canvas.notes(notes.text_slide(text))


def fitting_size(blocks, width: int):
    """A function of the available height giving the largest size whose text fits."""

    def size_for(height: int) -> float:
        for size in TEXT_SIZES:
            if blocks_height(blocks, size, width) <= height:
                return size
        return TEXT_SIZES[-1]

    return size_for


def blocks_height(blocks, size: float, width: int) -> int:
    total = 0
    for block in blocks:
        block_size = size * 1.15 if block.kind == "h2" else size
        indent = drawing.points(16) if block.kind == "li" else 0
        plain = texts.plain(block.text)
        lines = len(textfit.wrap(plain, block_size, int((width - indent) * 0.95), True))
        total += textfit.line_height(block_size, lines) + drawing.points(size * 0.6)
    return total


def block_para(canvas: Canvas, block, size: float) -> Para:
    if block.kind == "h2":
        return Para((Run(texts.plain(block.text), size * 1.15, True, ACCENT),), space_before=size)
    runs = tuple(
        Run(
            span.text,
            size,
            bold=span.bold,
            color=ACCENT if span.url else TEXT,
            link=canvas.link(span.url) if span.url else None,
        )
        for span in texts.spans(block.text)
    )
    return Para(runs, bullet=block.kind == "li", space_before=size * 0.6)


# --- balance and activities ---------------------------------------------------------------


def balance_slide(ctx: Context, scope: ScopeFigures) -> None:
    name = scope.scope.name
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_balance"),
        ctx.short("graphique_balance", territoire=name),
        ctx.short("lecture_balance"),
    )
    if not scope.partners:
        no_trade(canvas, area, ctx)
    else:
        figures.butterfly(ctx, canvas, area.inset(0, inches(0.05)), scope)
    canvas.notes(notes.balance(ctx, scope))


def activities_slide(ctx: Context, scope: ScopeFigures) -> None:
    canvas, area = chart_area(
        ctx,
        ctx.short("titre_activites"),
        ctx.short("graphique_activites", territoire=scope.scope.name),
        ctx.short("lecture_activites"),
    )
    if scope.totals.exports <= 0 and scope.totals.imports <= 0:
        no_trade(canvas, area, ctx)
    else:
        figures.treemap_figure(ctx, canvas, area.inset(0, inches(0.05)), scope)
    canvas.notes(notes.activities(ctx, scope))


# --- flows (Sankey) -----------------------------------------------------------------------


def flow_slide(ctx: Context, scope: ScopeFigures, flux: str) -> None:
    key = FLOW_KEYS[flux]
    name = scope.scope.name
    canvas, area = chart_area(
        ctx,
        ctx.short(f"titre_{key}", territoire=name),
        ctx.short(f"graphique_{key}", territoire=name),
        ctx.short(f"lecture_{key}"),
    )
    panel_width = min(PANEL_WIDTH, int(area.w * 0.27))
    diagram, panel = area.split_x(area.w - panel_width, inches(0.25))
    flows = scope.flows(flux)
    if flows.total <= 0 or not flows.links:
        no_trade(canvas, diagram, ctx)
    else:
        figures.sankey_figure(ctx, canvas, diagram, scope, flux)
    canvas.text(panel, key_figures(ctx, scope, flux), name="Chiffres clés", anchor="ctr")
    canvas.notes(notes.flows(ctx, scope, flux))


def key_figures(ctx: Context, scope: ScopeFigures, flux: str) -> list[Para]:
    key = FLOW_KEYS[flux]
    total = ctx.short(f"total_{key}", total=meur(scope.totals.of(flux)))
    paras = [para(total, 18, bold=True, color=palette.FLOWS[flux])]
    for index, (text, muted) in enumerate(ctx.share_lines(scope, flux)):
        color = MUTED if muted else TEXT
        paras.append(Para((Run(text, 14, color=color),), space_before=10 if index == 0 else 6))
    return paras
