"""The deck's slides, in the fiche's order; one small function per section."""

from __future__ import annotations

from dataclasses import dataclass

from officefiches.model import EXPORT, FLOWS, IMPORT, Fiche, ScopeFigures
from officefiches.writers import cover, drawing, figures, notes, palette, textfit, texts
from officefiches.writers.deck import ACCENT, MUTED, TEXT, Canvas, Deck
from officefiches.writers.drawing import Box, Para, Run, inches, para
from officefiches.writers.fr import meur, pct

FLOW_KEYS = {EXPORT: "export", IMPORT: "import"}
TEXT_SIZES = (18, 17, 16, 15, 14, 13, 12, 11, 10)
PANEL_WIDTH = inches(3.2)  # at most; 27 % of the width on narrower slides


@dataclass
class Context:
    """What every slide function needs."""

    deck: Deck
    fiche: Fiche
    values: dict[str, str]
    mode: str  # "shapes" | "images"
    shared: object  # SharedFigures

    def short(self, key: str, **extra: str) -> str:
        return texts.short(key, {**self.values, **extra})

    def scopes(self) -> tuple[ScopeFigures, ScopeFigures, ScopeFigures]:
        return self.fiche.department, self.fiche.region, self.fiche.france


def template_values(fiche: Fiche) -> dict[str, str]:
    quarters = "–".join(f"T{q}" for q in (fiche.quarters[0], fiche.quarters[-1]))
    quarters = quarters if len(fiche.quarters) > 1 else f"T{fiche.quarters[0]}"
    if not fiche.quarters:
        quarters = "aucun"
    period = f"{fiche.year}, {quarters}" if fiche.partial_year else str(fiche.year)
    return {
        "departement": fiche.department.scope.name,
        "region": fiche.region.scope.name,
        "annee": str(fiche.year),
        "periode": period,
        "trimestres": ", ".join(f"T{q}" for q in fiche.quarters) or "aucun",
        "territoires": ", ".join(fiche.territoires.names),
    }


def build(deck: Deck, fiche: Fiche, mode: str, shared) -> None:
    ctx = Context(deck, fiche, template_values(fiche), mode, shared)
    cover.cover(ctx)
    deck.footer = ctx.short("pied") + (f" · {cover.DEMO_NOTICE}" if fiche.is_demo else "")
    for name in ("introduction.md", "contexte.md", "methodologie.md"):
        text_slide(ctx, name)
    balance_slide(ctx)
    activities_slide(ctx)
    for flux in FLOWS:
        for scope in ctx.scopes():
            flow_slide(ctx, scope, flux)
    text_slide(ctx, "informations.md")


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


def caption(canvas: Canvas, text: str) -> Box:
    """The chart's caption above it; returns the area left below."""
    head, rest = canvas.content.split_y(inches(0.42))
    size = textfit.fitting_size(text, (15, 14, 13, 12), head.w, bold=True)
    canvas.text(head, [para(text, size, bold=True, color=TEXT)], name="Légende du graphique")
    return rest


def reading_key(canvas: Canvas, box: Box, text: str) -> Box:
    """The reading key at the bottom of `box`; returns the area left above."""
    lines = len(textfit.wrap(text, 11, int(box.w * 0.95)))
    height = textfit.line_height(11, lines) + inches(0.1)
    above, below = box.split_y(box.h - height)
    canvas.text(
        below, [para(text, 11, color=MUTED, italic=True)], name="Clé de lecture", anchor="b"
    )
    return above


def balance_slide(ctx: Context) -> None:
    canvas = ctx.deck.new_slide(ctx.short("titre_balance"))
    area = caption(canvas, ctx.short("graphique_balance"))
    area = reading_key(canvas, area, ctx.short("lecture_balance"))
    partners = ctx.fiche.department.partners
    if not partners:
        no_trade(canvas, area, ctx)
    else:
        figures.butterfly(ctx, canvas, area.inset(0, inches(0.05)), ctx.fiche.department)
    canvas.notes(notes.balance(ctx))


def activities_slide(ctx: Context) -> None:
    canvas = ctx.deck.new_slide(ctx.short("titre_activites"))
    area = caption(canvas, ctx.short("graphique_activites"))
    area = reading_key(canvas, area, ctx.short("lecture_activites"))
    totals = ctx.fiche.department.totals
    if totals.exports <= 0 and totals.imports <= 0:
        no_trade(canvas, area, ctx)
    else:
        figures.treemap_figure(ctx, canvas, area.inset(0, inches(0.05)), ctx.fiche.department)
    canvas.notes(notes.activities(ctx))


def no_trade(canvas: Canvas, box: Box, ctx: Context) -> None:
    text = [para(ctx.short("aucun_echange"), 20, align="ctr", color=MUTED)]
    canvas.text(box, text, name="Aucun échange", anchor="ctr", line="B8C2CC")


# --- flows (Sankey) -----------------------------------------------------------------------


def flow_slide(ctx: Context, scope: ScopeFigures, flux: str) -> None:
    key = FLOW_KEYS[flux]
    canvas = ctx.deck.new_slide(ctx.short(f"titre_{key}", territoire=scope.scope.name))
    area = caption(canvas, ctx.short(f"graphique_{key}", territoire=scope.scope.name))
    area = reading_key(canvas, area, ctx.short(f"lecture_{key}"))
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
    color = palette.FLOWS[flux]
    total = ctx.short(f"total_{key}", total=meur(scope.totals.of(flux)))
    paras = [para(total, 18, bold=True, color=color)]
    shares = ctx.fiche.shares(flux)
    if scope.scope.kind == "department":
        paras += [
            Para(
                (Run(ctx.short(f"part_region_{key}", part_region=pct(shares.region_pct, 1)), 14),),
                space_before=10,
            ),
            Para(
                (Run(ctx.short(f"part_france_{key}", part_france=pct(shares.france_pct, 2)), 14),),
                space_before=6,
            ),
        ]
    else:
        share = shares.region_pct if scope.scope.kind == "region" else shares.france_pct
        decimals = 1 if scope.scope.kind == "region" else 2
        text = ctx.short("comparaison", part=pct(share, decimals), territoire=scope.scope.name)
        paras.append(Para((Run(text, 14, color=MUTED),), space_before=10))
    return paras
