"""What build and deck, the two commands that write documents, share: the options of the deck
and of the progress, declared once, and the run with its progress on the terminal."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from officefiches.cli.progress import CliReporter, counted, seconds

figures_option = click.option(
    "--figures",
    type=click.Choice(["shapes", "images"]),
    default="shapes",
    show_default=True,
    help="Treemap et diagrammes de flux : formes PowerPoint modifiables ou images.",
)
template_option = click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Modèle PowerPoint (.pptx) à utiliser (masque et dispositions).",
)


texts_option = click.option(
    "--texts",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DOSSIER",
    help="Vos textes (écrits par « officefiches texts ») : chaque fichier présent remplace "
    "le texte intégré. Par défaut : le dossier textes/ de votre configuration, s'il existe.",
)

pdf_option = click.option(
    "--pdf", is_flag=True, help="Écrit aussi un PDF de chaque présentation (LibreOffice requis)."
)
quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="N'affiche ni la progression ni le résumé."
)


def logo_option(help: str):
    """--logo, repeatable: the team's logo files, each command saying where they go."""
    return click.option(
        "--logo",
        "logos",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FICHIER",
        help=help,
    )


def run_with_progress(run, options):
    """`run(options, reporter)` with the progress on the terminal, its bar closed however the
    run ends; the run's report and the seconds it took."""
    reporter = CliReporter(options.quiet)
    try:
        report = run(options, reporter)
    finally:
        reporter.close()
    return report, time.monotonic() - reporter.started


def outcome(report, elapsed: float) -> str:
    """The end of a run's summary: its time, its failures, the files a team edited that were
    kept (a normal outcome: exit 0)."""
    failures = (
        counted(len(report.failures), "échec", "échecs") if report.failures else "aucun échec"
    )
    text = f"en {seconds(elapsed)} ; {failures}"
    if report.protected:
        kept = counted(
            len(report.protected),
            "fichier modifié à la main laissé",
            "fichiers modifiés à la main laissés",
        )
        text += f" ; {kept} intact{'s' if len(report.protected) > 1 else ''} (--force pour écraser)"
    return text + "."


def end(report) -> None:
    """Exit 1 when a document failed; a kept file is not a failure."""
    if not report.ok:
        sys.exit(1)


def period_options(kwargs: dict) -> dict:
    """--period read into the build's options: a calendar year sets `year` (as --year does);
    four quarters across two years, or « latest », set `period`. With --year or
    --compare-year beside it, a UsageError (exit 2) says why not."""
    from officefiches.errors import UsageError
    from officefiches.options import parse_period

    text = kwargs.pop("period", None)
    if text is None:
        return kwargs
    period = parse_period(text)
    if kwargs.get("year") is not None and kwargs["year"] != period:
        raise UsageError("Donnez --period ou --year, pas les deux.")
    if isinstance(period, int):
        return kwargs | {"year": period}
    if kwargs.get("compare_year") is not None:
        raise UsageError(
            "--compare-year ne s'emploie pas avec --period AAAA-Tn : la comparaison porte sur "
            "les mêmes quatre trimestres un an plus tôt."
        )
    return kwargs | {"period": period}
