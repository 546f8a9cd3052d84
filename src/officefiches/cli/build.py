"""`officefiches build`: the workbook and the deck of each department asked, and the syntheses."""

from __future__ import annotations

from pathlib import Path

import click

from officefiches.cli import clickfr, shared
from officefiches.cli.completion import complete_department, complete_region
from officefiches.cli.errors import reports_errors
from officefiches.cli.progress import counted


def year_option(flag: str, help_text: str):
    """An option taking a four-digit year (checked against the data's years before any work)."""
    return click.option(flag, type=clickfr.Year(), metavar="AAAA", help=help_text)


@click.command()
@click.option(
    "--region",
    "-r",
    "regions",
    multiple=True,
    metavar="NOM",
    shell_complete=complete_region,
    help="Région (nom ou code INSEE) : toutes ses fiches départementales et sa synthèse. "
    "Répétable.",
)
@click.option(
    "--department",
    "--departement",
    "-d",
    "departments",
    multiple=True,
    metavar="CODE",
    shell_complete=complete_department,
    help="Département (code ou nom). Répétable.",
)
@click.option(
    "--all",
    "all_departments",
    is_flag=True,
    help="Les 101 départements et la synthèse de la France entière.",
)
@year_option("--year", "Année des données (par défaut : la dernière année complète).")
@click.option(
    "--period",
    metavar="AAAA-Tn",
    help="Quatre trimestres finissant au trimestre n de l'année AAAA (2025-T2 : juillet 2024 "
    "– juin 2025) ; « latest » : les quatre derniers trimestres des données ; AAAA : l'année, "
    "comme --year.",
)
@year_option(
    "--compare-year",
    "Année de comparaison (par défaut : l'année précédente si les données la contiennent).",
)
@year_option(
    "--since", "Première année des tendances (par défaut : la première année complète des données)."
)
@click.option(
    "--data",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="CHEMIN",
    help="Fichiers officiels DGDDI : dossier, ZIP ou .txt. Répétable "
    "(ex. le ZIP export et le ZIP import). Sans --data : données de démonstration.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    metavar="DOSSIER",
    show_default=True,
    help="Dossier de sortie.",
)
@click.option(
    "--territoires",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Liste officielle ANCT des communes des Territoires d'industrie (CSV).",
)
@click.option(
    "--carry-over",
    "carry_over",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="CLASSEUR",
    help="Classeur de l'an dernier (ou dossier de classeurs) dont reprendre le travail de "
    "l'équipe : libellés courts appliqués, messages rangés à côté de leur diapositive, à "
    "relire. Répétable.",
)
@shared.figures_option
@shared.template_option
@shared.texts_option
@shared.logo_option(
    "Logo de votre équipe (PNG, JPEG ou SVG), sur la couverture et en pied de chaque "
    "diapositive. Répétable (dans l'ordre donné).",
)
@click.option(
    "--jobs",
    "-j",
    type=clickfr.AtLeast(1),
    default=None,
    metavar="N",
    help="Nombre de processus (par défaut : le nombre de cœurs).",
)
@click.option(
    "--force", is_flag=True, help="Écrase aussi les fichiers modifiés depuis leur génération."
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Relit les fichiers de données sans utiliser le cache.",
)
@shared.pdf_option
@shared.quiet_option
@reports_errors(sigterm=True)
def build(no_cache: bool, jobs: int | None, **kwargs) -> None:
    """Écrit, pour chaque département demandé, un classeur Excel et une présentation.

    Les fichiers vont dans OUT/ANNÉE/RÉGION/CODE-DÉPARTEMENT.xlsx et .pptx (avec --period
    AAAA-Tn, OUT/12-mois-a-fin-MOIS-AAAA/…). Avec --region,
    la synthèse de la région est écrite aussi (RÉGION-synthese.xlsx et .pptx) ; avec --all,
    celle de la France entière (OUT/ANNÉE/france-entiere-synthese.xlsx et .pptx).
    Sans --data : les fichiers téléchargés par « data fetch », sinon les données de
    démonstration.

    \b
    Exemples :
      officefiches build --region "Centre-Val de Loire"
      officefiches build --department 45 --department Cher --year 2024 --data ./douanes/
      officefiches build --region Bretagne --year 2024 --carry-over out/2023/
    """
    import os

    from officefiches.options import BuildOptions
    from officefiches.run.build import run_build

    kwargs = shared.period_options(kwargs)
    options = BuildOptions(**kwargs, jobs=jobs or os.cpu_count() or 1, use_cache=not no_cache)
    report, elapsed = shared.run_with_progress(run_build, options)
    if not options.quiet:
        count = len({path.with_suffix("") for path in report.written})
        demo = " (données de démonstration)" if report.is_demo else ""
        click.echo(
            f"Terminé : {counted(count, 'fiche', 'fiches')} {report.when}{demo}, "
            f"{counted(len(report.written), 'fichier écrit', 'fichiers écrits')} dans "
            f"{options.out} {shared.outcome(report, elapsed)}",
            err=True,
        )
    shared.end(report)
