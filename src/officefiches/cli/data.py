"""`officefiches data`: describe data files (info), write the demo data set (demo), download
the official files (fetch)."""

from __future__ import annotations

from pathlib import Path

import click

from officefiches.cli import clickfr
from officefiches.cli.errors import reports_errors
from officefiches.cli.progress import DownloadBar


@click.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def data() -> None:
    """Fichiers de données : description, données de démonstration."""


@data.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="CHEMIN..."
)
@reports_errors
def info(paths: tuple[Path, ...]) -> None:
    """Décrit des fichiers officiels : années, trimestres, lignes, totaux par flux."""
    from officefiches.formatting import integer, meur
    from officefiches.source import reader
    from officefiches.writers.look import DEMO_NOTICE

    # No line kept: the totals come from each year's reduced form (ten years fit in memory).
    dataset = reader.read_data(
        paths, on_warning=lambda m: click.echo(f"Attention : {m}", err=True), line_years=()
    )
    for source in dataset.sources:
        click.echo(f"Fichier : {source.name} ({integer(source.lines)} lignes, {source.modified})")
    click.echo(f"Libellés : {dataset.labels.source}")
    if dataset.is_demo:
        click.echo(f"{DEMO_NOTICE} : ce ne sont pas des données des douanes.")
    reduced = dataset.reduced
    by_partner = reduced[reduced["axe"] == "pays"]
    for year in dataset.years():
        rows = by_partner[by_partner["annee"] == year]
        quarters = dataset.quarters(year)
        partial = "" if quarters == (1, 2, 3, 4) else " (année partielle)"
        click.echo(
            f"Année {year}{partial} : trimestres {', '.join(map(str, quarters))} ; "
            f"{integer(dataset.year_lines(year))} lignes"
        )
        for flux, name in (("E", "exportations"), ("I", "importations")):
            total = int(rows.loc[rows["flux"] == flux, "valeur"].sum())
            click.echo(f"  {name} : {meur(total)} M€")


@data.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DOSSIER",
    help="Dossier où écrire les fichiers.",
)
@click.option(
    "--year", type=clickfr.Year(), default=None, metavar="AAAA", help="Année (défaut : 2024)."
)
@click.option(
    "--years",
    metavar="AAAA-AAAA",
    help="Plusieurs années, une série cohérente (ex. 2015-2024, ou 2019,2021).",
)
@click.option(
    "--lines",
    type=clickfr.AtLeast(1000),
    default=None,
    metavar="N",
    help="Nombre approximatif de lignes de données par année (défaut : 200 000).",
)
@reports_errors
def demo(out: Path, year: int | None, years: str | None, lines: int | None) -> None:
    """Écrit un jeu de données de démonstration (synthétique) au format officiel DGDDI.

    \b
    Exemples :
      officefiches data demo --out demo-2024
      officefiches data demo --out demo --years 2015-2024 --lines 2000000
    """
    from officefiches.source import demo as demo_data
    from officefiches.writers.look import DEMO_NOTICE

    chosen = _years_option(year, years) or (demo_data.TARGET_YEAR,)
    written = demo_data.write_demo(
        out, years=chosen, lines=lines or demo_data.DEFAULT_LINES, on_year=_demo_year_done
    )
    for path in written:
        click.echo(str(path))
    click.echo(f"{DEMO_NOTICE} : ce ne sont pas des données des douanes.", err=True)


def _demo_year_done(year: int, lines: int) -> None:
    from officefiches.formatting import integer

    click.echo(f"Année {year} écrite ({integer(lines)} lignes).", err=True)


def _years_option(year: int | None, years: str | None) -> tuple[int, ...]:
    """--year AAAA or --years AAAA-AAAA (not both): the years asked, () when none."""
    from officefiches.errors import UsageError
    from officefiches.options import parse_years

    if year is not None and years is not None:
        raise UsageError("Donnez --year ou --years, pas les deux.")
    if years is not None:
        return parse_years(years)
    return (year,) if year is not None else ()


@data.command()
@click.option("--year", type=clickfr.Year(), metavar="AAAA", help="Année des fichiers des douanes.")
@click.option(
    "--years",
    metavar="AAAA-AAAA",
    help="Plusieurs années (ex. 2015-2024, ou 2019,2021) : adresses connues, sinon cherchées "
    "dans le catalogue de data.gouv.fr.",
)
@click.option(
    "--territoires",
    "territoires",
    is_flag=True,
    help="Télécharge aussi la liste ANCT des communes des Territoires d'industrie (data.gouv.fr).",
)
@click.option(
    "--url",
    "urls",
    multiple=True,
    metavar="URL",
    help="Adresse d'un ZIP officiel (répétable ; avec --year seulement). Par défaut : les "
    "adresses connues de l'année. Avec --territoires seul : l'adresse de la liste.",
)
@reports_errors(sigterm=True)  # a SIGTERM stops the download and drops its partial file
def fetch(year: int | None, years: str | None, territoires: bool, urls: tuple[str, ...]) -> None:
    """Télécharge les ZIP officiels des douanes d'une ou plusieurs années (--year, --years) et la
    liste des communes des Territoires d'industrie (--territoires) dans le dossier de données.

    \b
    Ensuite, « officefiches build » utilise ces fichiers quand --data (ou --territoires) n'est
    pas donné, et le dit (toutes les années téléchargées : la fiche, l'évolution sur un an et
    les tendances).
    Exemples :
      officefiches data fetch --year 2019
      officefiches data fetch --years 2015-2024
      officefiches data fetch --territoires
    """
    from officefiches.errors import UsageError
    from officefiches.source import fetch as fetcher

    chosen = _years_option(year, years)
    if not chosen and not territoires:
        raise UsageError(
            "Indiquez ce qu'il faut télécharger : --year AAAA ou --years AAAA-AAAA (les fichiers "
            "des douanes) et/ou --territoires (la liste des Territoires d'industrie)."
        )
    if urls and len(chosen) > 1:
        raise UsageError(
            "--url va avec une seule année (--year AAAA) : l'adresse d'un ZIP ne dit pas son année."
        )
    if territoires and not chosen and len(urls) > 1:
        raise UsageError("Une seule adresse (--url) pour la liste des Territoires d'industrie.")
    addresses = fetcher.plan(chosen, urls)  # every year's, before anything is downloaded
    for each in chosen:
        bar = DownloadBar()
        try:
            for path in fetcher.fetch(each, addresses[each], progress=bar.update):
                bar.done()
                click.echo(str(path))
        finally:
            bar.done()  # the cursor comes back even when a download fails
        click.echo(
            f"Enregistré dans {fetcher.year_dir(each)} (adresses et empreintes : "
            f"{fetcher.RECORD_NAME}).",
            err=True,
        )
    if territoires:
        bar = DownloadBar()
        url = urls[0] if not chosen and urls else None
        try:
            path, count = fetcher.fetch_territoires(url, progress=bar.update)
        finally:
            bar.done()
        click.echo(str(path))
        click.echo(
            f"Liste des Territoires d'industrie ({count} territoires) enregistrée dans "
            f"{path.parent} ; « officefiches build » l'utilisera.",
            err=True,
        )
