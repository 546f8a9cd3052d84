"""What every slide function needs (`Context`), and the placeholders every deck fills."""

from __future__ import annotations

from dataclasses import dataclass

from officefiches.model import Exposure, Fiche, ScopeFigures, Synthesis
from officefiches.writers import texts
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

    def __post_init__(self) -> None:
        # the footer of every slide after the cover
        demo = f" · {DEMO_NOTICE}" if self.doc.data.is_demo else ""
        self.deck.footer = self.short("pied") + demo

    def short(self, key: str, **extra: str) -> str:
        return texts.short(key, {**self.values, **extra})

    def share_lines(self, scope: ScopeFigures, flux: str) -> list[tuple[str, bool]]:
        """The sentences under a flow's total on its slide: (text, muted)."""
        raise NotImplementedError


def period_values(doc: Fiche | Synthesis) -> dict[str, str]:
    """The placeholders every deck has: {annee}, {periode}, {trimestres}."""
    data = doc.data
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
