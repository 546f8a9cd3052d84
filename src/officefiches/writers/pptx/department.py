"""A department's deck: the fiche section by section, then what lies beyond it. Its slides
and their order are the sections' (writers/sections.py); this module makes their context."""

from __future__ import annotations

from officefiches.model import Fiche, ScopeFigures
from officefiches.writers import sections
from officefiches.writers.fr import pct
from officefiches.writers.pptx.context import Context, figure_values, period_values

# The slides in order, from the fiche's sections (writers/sections.py).
SLIDES = sections.slides(__package__, "department")


class FicheContext(Context):
    """A department's deck: the department's shares of its region and of France."""

    def share_lines(self, scope: ScopeFigures, flux: str) -> list[tuple[str, bool]]:
        key = flux.key
        shares = self.doc.shares(flux)
        if scope.scope.kind == "department":
            region = self.short(f"part_region_{key}", part_region=pct(shares.region_pct, 1))
            france = self.short(f"part_france_{key}", part_france=pct(shares.france_pct, 2))
            shown = [france] if self.doc.region_alone else [region, france]
            return [(text, False) for text in shown]
        share = shares.region_pct if scope.scope.kind == "region" else shares.france_pct
        decimals = 1 if scope.scope.kind == "region" else 2
        text = self.short("comparaison", part=pct(share, decimals), territoire=scope.scope.name)
        return [(text, True)]


def context(deck, fiche: Fiche, mode: str, shared) -> FicheContext:
    scopes = (fiche.department, fiche.region, fiche.france)
    exposures = fiche.exposure
    if fiche.region_alone:  # Corse, an overseas department: the region's slides would repeat it
        scopes = (fiche.department, fiche.france)
        exposures = exposures and (exposures[0], exposures[2])
    return FicheContext(
        deck, fiche, fiche.department, scopes, exposures, values(fiche), mode, shared
    )


def values(fiche: Fiche) -> dict[str, str]:
    exposure = fiche.exposure[0] if fiche.exposure else None
    return {
        **period_values(fiche),
        **figure_values(fiche.department, exposure),
        "departement": fiche.department.scope.name,
        "territoire": fiche.department.scope.name,
        "region": fiche.region.scope.name,
        "territoires": ", ".join(fiche.territoires.names),
    }
