"""What every slide function needs (`Context`), and the placeholders every deck fills."""

from __future__ import annotations

from dataclasses import dataclass, field

from officefiches.model import Exposure, Fiche, ScopeFigures, Synthesis
from officefiches.writers import look, texts
from officefiches.writers.look import DEMO_NOTICE
from officefiches.writers.pptx.deck import Deck


@dataclass
class Context:
    """`doc` is the fiche (a department's deck) or the synthesis (a region's or France's deck);
    `subject` is the scope the deck is about; `scopes` those whose flows it shows (the subject
    first); `exposures` the subject's exposure and those it is compared with (None: unknown)."""

    deck: Deck
    doc: Fiche | Synthesis
    subject: ScopeFigures
    scopes: tuple[ScopeFigures, ...]
    exposures: tuple[Exposure, ...] | None
    values: dict[str, str]
    mode: str  # "shapes" | "images"
    shared: object  # SharedFigures
    short_labels: dict = field(default_factory=dict)  # the team's: {(kind, code): name}
    official: dict = field(default_factory=dict)  # the labels the document came with
    _memo: dict = field(default_factory=dict, repr=False)
    _shorts: dict = field(default_factory=dict, repr=False)  # (key, extra) → text

    def once(self, key: str, compute):
        """`compute()`, once per deck: what several slides share (grid.py's grid)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def figure_grid(self):
        """The treemap's and the flow slides' grid (grid.py)."""
        from officefiches.writers.pptx import grid

        return self.once("figure_grid", lambda: grid.figure_grid(self))

    def __post_init__(self) -> None:
        # the footer of every slide after the cover
        demo = f" · {DEMO_NOTICE}" if self.doc.data.is_demo else ""
        self.deck.footer = self.short("pied") + demo

    def short(self, key: str, **extra: str) -> str:
        # a text is asked for again and again (a slide's caption for its grid, then for the
        # slide, then for its notes): filled once per deck, the deck's values being fixed
        memo = (key, tuple(sorted(extra.items())))
        if memo not in self._shorts:
            self._shorts[memo] = texts.short(key, {**self.values, **extra})
        return self._shorts[memo]

    def display_name(self, kind: str, code: str, label: str) -> str:
        """The name of a product ("a129") or partner ("pays"): look.display_name, with the
        team's own names first."""
        return look.display_name(kind, code, label, self.short_labels)

    def official_note(self, kind: str, code: str, shown: str) -> str:
        """« (libellé officiel : …) » after a name in the notes, when the label the document
        came with (the annex's) differs from the name shown; else nothing."""
        label = self.official.get((kind, code), shown)
        return f" (libellé officiel : {label})" if label != shown else ""

    def names(self):
        """`display_name` for the pure layouts (sankey, treemap), as a function."""
        return self.display_name

    def share_lines(self, scope: ScopeFigures, flux: str) -> list[tuple[str, bool]]:
        """The sentences under a flow's total on its slide: (text, muted)."""
        raise NotImplementedError


def period_values(doc: Fiche | Synthesis) -> dict[str, str]:
    """The placeholders every deck has: {annee}, {periode}, {trimestres}."""
    data = doc.data
    if data.period is not None:
        return look.period_values(data)
    if not data.quarters:
        quarters = "aucun"
    elif len(data.quarters) == 1:
        quarters = f"T{data.quarters[0]}"
    else:
        quarters = f"T{data.quarters[0]}–T{data.quarters[-1]}"
    if data.partial_note:  # which flow is partial: « importations : T1–T2 »
        quarters = data.partial_note
    period = f"{data.year}, {quarters}" if data.partial_year else str(data.year)
    return {
        "annee": str(data.year),
        "periode": period,
        "trimestres": data.partial_note or ", ".join(f"T{q}" for q in data.quarters) or "aucun",
    }


def figure_values(scope: ScopeFigures, exposure: Exposure | None) -> dict[str, str]:
    """The placeholders of the subject's figures, for the long texts' side panels:
    {exportations}, {importations}, {solde} (M€), {premier_client}, {premier_produit},
    {part_etats_unis}, {part_ue} ("n.d." when unknown)."""
    from officefiches.writers.fr import meur, pct, signed_meur

    totals = scope.totals
    customers = sorted((p for p in scope.partners if p.exports > 0), key=lambda p: -p.exports)
    product = next((p for p in scope.products_export if p.value > 0), None)
    return {
        "exportations": meur(totals.exports),
        "importations": meur(totals.imports),
        "solde": signed_meur(totals.balance),
        # the deck's names are display names already (pptx/deck.write relabels its document)
        "premier_client": customers[0].label if customers else "—",
        "premier_produit": product.label if product else "—",
        "part_etats_unis": pct(exposure.us_pct, 1) if exposure else "n.d.",
        "part_ue": pct(exposure.eu_pct, 1) if exposure else "n.d.",
    }
