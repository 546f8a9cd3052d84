"""`officefiches deck`: the deck of a workbook officefiches wrote, as the team edited it."""

from __future__ import annotations

from pathlib import Path

import click

from officefiches.cli import shared
from officefiches.cli.errors import reports_errors
from officefiches.cli.progress import counted


@click.command()
@click.argument(
    "workbooks",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CLASSEUR.xlsx...",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DOSSIER",
    help="Dossier des présentations (par défaut : à côté de chaque classeur).",
)
@shared.template_option
@shared.texts_option
@shared.logo_option(
    "Logo de l'équipe (PNG, JPEG ou SVG), sur la couverture et en pied de page. Répétable.",
)
@shared.figures_option
@shared.pdf_option
@click.option(
    "--force", is_flag=True, help="Écrase aussi les présentations modifiées depuis leur génération."
)
@shared.quiet_option
@reports_errors(sigterm=True)
def deck(workbooks: tuple[Path, ...], **kwargs) -> None:
    """Écrit la présentation d'un classeur produit par officefiches, tel que l'équipe l'a modifié.

    Les chiffres sont recalculés à partir des tableaux de données du classeur (lignes
    corrigées, mises à zéro ou supprimées), avec les libellés courts de l'onglet « Libellés »
    et les messages de l'onglet « Messages ». La présentation est écrite à côté du classeur,
    sous le même nom (.pptx), sauf avec --out.

    \b
    Exemples :
      officefiches deck out/2024/centre-val-de-loire/18-cher.xlsx
      officefiches deck out/2024/centre-val-de-loire/*.xlsx --pdf
    """
    from officefiches.run.deck import DeckCommandOptions, default_jobs, run_deck

    options = DeckCommandOptions(workbooks=workbooks, jobs=default_jobs(), **kwargs)
    report, elapsed = shared.run_with_progress(run_deck, options)
    if not options.quiet:
        decks = sum(1 for path in report.written if path.suffix == ".pptx")
        written = counted(decks, "présentation écrite", "présentations écrites")
        click.echo(f"Terminé : {written} {shared.outcome(report, elapsed)}", err=True)
    shared.end(report)
