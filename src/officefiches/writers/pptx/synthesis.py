"""A region's (or France's) own deck: cover, key figures, its members (departments, or regions)
compared in a native chart and a table, partners, activities, export and import flows, the
year-on-year change and the exposure when known, practical information.

The slides it shares with the department's deck are the same modules; the region's and France's
Sankey diagrams are the drawings already made for the department decks (SharedFigures).
Its slides and their order are the sections' (writers/sections.py).
"""

from __future__ import annotations

from officefiches.model import Synthesis
from officefiches.writers import sections, texts
from officefiches.writers.fr import pct
from officefiches.writers.pptx.context import Context, figure_values, period_values

# The slides in order, from the fiche's sections (writers/sections.py).
SLIDES = sections.slides(__package__, "synthesis")


class SynthesisContext(Context):
    """A synthesis's deck: the whole's share of its parent (a region's share of France)."""

    @property
    def kind(self) -> str:
        """ "region" or "france": picks the texts that differ."""
        return kind_of(self.doc)

    def share_lines(self, scope, flux: str) -> list[tuple[str, bool]]:
        share = self.doc.parent_share(flux)
        if share is None:
            return []
        return [(self.short(f"part_france_{flux.key}", part_france=pct(share, 2)), False)]

    def share_facts(self, flux: str) -> list[str]:
        """The whole's share of France ("4,80 % des exportations de la France entière")."""
        share = self.doc.parent_share(flux)
        if share is None:
            return []
        return [self.short(f"chiffres_part_france_{flux.key}", part=pct(share, 2))]


def kind_of(synthesis: Synthesis) -> str:
    return "france" if synthesis.parent is None else "region"


def context(deck, synthesis: Synthesis, mode: str, shared) -> SynthesisContext:
    return SynthesisContext(
        deck,
        synthesis,
        synthesis.whole,
        (synthesis.whole,),
        exposures(synthesis),
        values(synthesis),
        mode,
        shared,
    )


def exposures(synthesis: Synthesis):
    """The whole's exposure, and France's beside a region's when the synthesis carries it."""
    if synthesis.exposure is None:
        return None
    parent = synthesis.parent_exposure
    return (synthesis.exposure,) if parent is None else (synthesis.exposure, parent)


def values(synthesis: Synthesis) -> dict[str, str]:
    name = synthesis.whole.scope.name
    kind = kind_of(synthesis)
    count = len(synthesis.members)
    one = "_un" if count == 1 else ""
    return {
        **period_values(synthesis),
        **figure_values(synthesis.whole, synthesis.exposure),
        "territoire": name,
        "departement": name,
        "region": name,
        "membres": texts.short(f"membres_{kind}{one}", {"nombre": str(count)}),
    }
