"""Command line (Click). A thin layer: each command is one library call; heavy imports inside.

Each command is one module of this package (build, deck, list, data, cache); this one declares
the group `main` (the entry point `officefiches`) and registers them, one line each.
"""

from __future__ import annotations

import click

from officefiches import __version__
from officefiches.cli import clickfr

clickfr.install()  # before the commands are declared: Click translates some texts right away

# The command modules, imported once Click speaks French
from officefiches.cli import build, cache, data, deck, listing, texts  # noqa: E402


@click.group(
    name="officefiches",
    context_settings={"help_option_names": ["--help", "-h"]},
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
)
@click.version_option(__version__, "--version", message="officefiches %(version)s")
def main() -> None:
    """Fiches « commerce extérieur » par département, à partir des données des douanes (DGDDI).

    Chaque fiche est un classeur Excel (graphiques natifs, tableaux prêts pour un tableau croisé)
    et une présentation PowerPoint qui reprend la fiche section par section.

    \b
    Exemples :
      officefiches build --region "Centre-Val de Loire"
      officefiches build --department 18 --data export-2024.zip --data import-2024.zip
      officefiches list regions
      officefiches data demo --out demo-2024
    """


main.add_command(build.build)
main.add_command(deck.deck)
main.add_command(listing.list_)
main.add_command(data.data)
main.add_command(cache.cache)
main.add_command(texts.texts)
