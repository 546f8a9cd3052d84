"""Command line (Click). A thin layer: each command is one library call; heavy imports inside."""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import sys
import time
from pathlib import Path

import click
from click import shell_completion
from click.shell_completion import BashComplete, CompletionItem, add_completion_class

from officefiches import __version__, clickfr
from officefiches.errors import OfficeFichesError

clickfr.install()  # before the commands are declared: Click translates some texts right away


class _Failure(click.ClickException):
    """A user-facing failure: the message in French, the exit code of the error family."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True)


def reports_errors(command):
    """Turn the library's errors into messages and exit codes (1 data, 2 usage), no traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except OfficeFichesError as error:
            raise _Failure(str(error), error.exit_code) from None
        except KeyboardInterrupt:
            click.echo("Interrompu.", err=True)
            sys.exit(130)

    return wrapper


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


def _seconds(elapsed: float) -> str:
    return f"{elapsed:.1f}".replace(".", ",") + " s"


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


class _CliReporter:
    """Written paths on stdout; warnings and progress on stderr.

    On a terminal, the progress is Click's bar redrawn in place; its line is wiped before a
    warning, or a path shown on the same screen, is printed, so nothing lands inside it. Piped
    (a log, a scheduler), one plain line per fiche. With --quiet, no progress (warnings show).
    """

    BAR_WIDTH = 20
    ITEM_WIDTH = 28

    def __init__(self, quiet: bool, out=None, err=None):
        self.quiet = quiet
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.live = not quiet and _is_terminal(self.err)
        self.paths_on_screen = _is_terminal(self.out)  # else the paths cannot touch the bar
        self.bar = None  # Click's progress bar, from the first finished fiche on
        self.drawn = False  # the bar's line is on screen and must be wiped before printing
        self.started = time.monotonic()
        self.file_started = self.started  # the data file being read
        self.cached = 0  # data files the cache served

    def warn(self, message: str) -> None:
        self._wipe()
        click.echo(f"Attention : {message}", file=self.err)

    def info(self, message: str) -> None:
        if not self.quiet:
            self._wipe()
            click.echo(message, file=self.err)

    def written(self, path: Path) -> None:
        if self.paths_on_screen:
            self._wipe()
        click.echo(str(path), file=self.out)

    def progress(self, done: int, total: int, label: str, failures: int = 0) -> None:
        if self.quiet:
            return
        if not self.live:
            failed = f", {failures} échec(s)" if failures else ""
            elapsed = _seconds(time.monotonic() - self.started)
            click.echo(f"{done}/{total} fiches ({elapsed}{failed}) — {label}", file=self.err)
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="Fiches",
                file=self.err,
                width=self.BAR_WIDTH,
                fill_char="█",
                empty_char="·",
                show_pos=True,
                show_percent=False,
                item_show_func=lambda item: item,
            )
        item = f"{failures} échec(s), {label}" if failures else label
        if len(item) > self.ITEM_WIDTH:  # the whole line fits in 80 columns, never wraps
            item = item[: self.ITEM_WIDTH - 1] + "…"
        self.bar.update(done - self.bar.pos, item)
        self.drawn = True
        if done >= total:
            self.close()

    def close(self) -> None:
        """End the bar's line and give the cursor back: the run ended or was interrupted."""
        if self.bar is not None:
            self.bar.render_finish()
        self.bar, self.drawn = None, False

    def _wipe(self) -> None:
        if self.drawn:
            columns = shutil.get_terminal_size().columns
            self.err.write("\r" + " " * (columns - 1) + "\r")
            self.err.flush()
            self.drawn = False

    def reading(self, index: int, count: int, name: str, fraction: float, cached: bool) -> None:
        """A bar per data file parsed: redrawn in place on a terminal, one line each once read
        when piped. The files the cache serves are counted in one line, once all are read."""
        if self.quiet:
            return
        now = time.monotonic()
        if fraction == 0.0:
            self.file_started = now
        if cached:
            self.cached += fraction == 1.0
        elif fraction == 1.0 or self.live:
            filled = round(self.BAR_WIDTH * fraction)
            bar = "█" * filled + "·" * (self.BAR_WIDTH - filled)
            shown = name.replace("\\", "/").split("/")[-1].split("›")[-1].strip()
            end = f" — lu en {_seconds(now - self.file_started)}" if fraction == 1.0 else ""
            line = f"Lecture [{bar}] {index + 1}/{count} {shown}{end}"
            if self.live:
                self.err.write("\r" + line + ("\n" if fraction == 1.0 else ""))
                self.err.flush()
                self.drawn = fraction < 1.0
            else:
                click.echo(line, file=self.err)
        if index == count - 1 and fraction == 1.0 and self.cached:
            self._wipe()
            elapsed = _seconds(now - self.started)
            click.echo(
                f"Données : {self.cached} fichier(s) sur {count} repris du cache ({elapsed}).",
                file=self.err,
            )


def _completions(incomplete: str, places: list[tuple[str, str]]) -> list[CompletionItem]:
    """(code, name) pairs starting with what was typed: codes ("18", help "Cher") when it
    starts with a digit, else names ("Cher", help "18"), case, accents and hyphens ignored."""
    from officefiches.geography import normalise

    if incomplete[:1].isdigit():
        typed = incomplete.upper()
        return [CompletionItem(code, help=name) for code, name in places if code.startswith(typed)]
    typed = normalise(incomplete)
    return [
        CompletionItem(name, help=code)
        for code, name in places
        if normalise(name).startswith(typed)
    ]


def _complete_region(ctx, param, incomplete: str) -> list[CompletionItem]:
    from officefiches import geography

    return _completions(incomplete, [(r.insee, r.name) for r in geography.regions()])


def _complete_department(ctx, param, incomplete: str) -> list[CompletionItem]:
    from officefiches import geography

    return _completions(incomplete, [(d.code, d.name) for d in geography.departments()])


# Bash and PowerShell insert a completion as it comes; names holding a space or an apostrophe
# ("Centre-Val de Loire", "Côte-d'Or") are quoted so that they stay one argument. Zsh and fish
# quote by themselves.
_SHELL_SPECIAL = re.compile(r"[^\w@%+=:,./-]")


class _BashComplete(BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        if item.type == "plain" and _SHELL_SPECIAL.search(item.value):
            item = CompletionItem(shlex.quote(item.value), type=item.type, help=item.help)
        return super().format_completion(item)


add_completion_class(_BashComplete, "bash")

if hasattr(shell_completion, "PowerShellComplete"):  # Click 8.5 and later

    class _PowerShellComplete(shell_completion.PowerShellComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if item.type == "plain" and _SHELL_SPECIAL.search(item.value):
                quoted = "'" + item.value.replace("'", "''") + "'"  # PowerShell's literal string
                item = CompletionItem(quoted, type=item.type, help=item.help)
            return super().format_completion(item)

    add_completion_class(_PowerShellComplete, "powershell")


@main.command()
@click.option(
    "--region",
    "-r",
    "regions",
    multiple=True,
    metavar="NOM",
    shell_complete=_complete_region,
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
    shell_complete=_complete_department,
    help="Département (code ou nom). Répétable.",
)
@click.option(
    "--all",
    "all_departments",
    is_flag=True,
    help="Les 101 départements et la synthèse de la France entière.",
)
@click.option(
    "--year",
    type=int,
    metavar="AAAA",
    help="Année des données (par défaut : la dernière année complète).",
)
@click.option(
    "--compare-year",
    type=int,
    metavar="AAAA",
    help="Année de comparaison (par défaut : l'année précédente si les données la contiennent).",
)
@click.option(
    "--since",
    type=int,
    metavar="AAAA",
    help="Première année des tendances (par défaut : la première année complète des données).",
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
    "--figures",
    type=click.Choice(["shapes", "images"]),
    default="shapes",
    show_default=True,
    help="Treemap et diagrammes de flux : formes PowerPoint modifiables ou images.",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Modèle PowerPoint (.pptx) à utiliser (masque et dispositions).",
)
@click.option(
    "--logo",
    "logos",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Logo de votre équipe (PNG, JPEG ou SVG), sur la couverture et en pied de chaque "
    "diapositive. Répétable (dans l'ordre donné).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
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
@click.option(
    "--pdf", is_flag=True, help="Écrit aussi un PDF de chaque présentation (LibreOffice requis)."
)
@click.option("--quiet", "-q", is_flag=True, help="N'affiche ni la progression ni le résumé.")
@reports_errors
def build(no_cache: bool, jobs: int | None, **kwargs) -> None:
    """Écrit, pour chaque département demandé, un classeur Excel et une présentation.

    Les fichiers vont dans OUT/ANNÉE/RÉGION/CODE-DÉPARTEMENT.xlsx et .pptx. Avec --region,
    la synthèse de la région est écrite aussi (RÉGION-synthese.xlsx et .pptx) ; avec --all,
    celle de la France entière (OUT/ANNÉE/france-entiere-synthese.xlsx et .pptx).
    Sans --data : les fichiers téléchargés par « data fetch », sinon les données de
    démonstration.

    \b
    Exemples :
      officefiches build --region "Centre-Val de Loire"
      officefiches build --department 45 --department Cher --year 2024 --data ./douanes/
    """
    import os
    import signal

    from officefiches.build import run_build

    # SIGTERM (a scheduler stopping the job) behaves like Ctrl-C: workers stop, partial files go.
    signal.signal(signal.SIGTERM, _interrupt)
    from officefiches.options import BuildOptions

    options = BuildOptions(**kwargs, jobs=jobs or os.cpu_count() or 1, use_cache=not no_cache)
    reporter = _CliReporter(options.quiet)
    try:
        report = run_build(options, reporter)
    finally:
        reporter.close()
    elapsed = time.monotonic() - reporter.started
    if not options.quiet:
        count = len({path.with_suffix("") for path in report.written})
        demo = " (données de démonstration)" if report.is_demo else ""
        click.echo(
            f"Terminé : {count} fiche(s) {report.year}{demo}, {len(report.written)} fichiers "
            f"écrits dans {options.out} en {_seconds(elapsed)} ; {len(report.failures)} échec(s) ; "
            f"{len(report.protected)} fichier(s) modifié(s) laissé(s) intact(s).",
            err=True,
        )
    if not report.ok:
        sys.exit(1)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@main.command()
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
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Modèle PowerPoint (.pptx) à utiliser (masque et dispositions).",
)
@click.option(
    "--logo",
    "logos",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FICHIER",
    help="Logo de l'équipe (PNG, JPEG ou SVG), sur la couverture et en pied de page. Répétable.",
)
@click.option(
    "--figures",
    type=click.Choice(["shapes", "images"]),
    default="shapes",
    show_default=True,
    help="Treemap et diagrammes de flux : formes PowerPoint modifiables ou images.",
)
@click.option(
    "--pdf", is_flag=True, help="Écrit aussi un PDF de chaque présentation (LibreOffice requis)."
)
@click.option(
    "--force", is_flag=True, help="Écrase aussi les présentations modifiées depuis leur génération."
)
@click.option("--quiet", "-q", is_flag=True, help="N'affiche ni la progression ni le résumé.")
@reports_errors
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
    import signal

    from officefiches.deckcommand import DeckOptions, default_jobs, run_deck

    signal.signal(signal.SIGTERM, _interrupt)
    options = DeckOptions(workbooks=workbooks, jobs=default_jobs(), **kwargs)
    reporter = _CliReporter(options.quiet)
    try:
        report = run_deck(options, reporter)
    finally:
        reporter.close()
    if not options.quiet:
        elapsed = time.monotonic() - reporter.started
        decks = sum(1 for path in report.written if path.suffix == ".pptx")
        click.echo(
            f"Terminé : {decks} présentation(s) écrite(s) en {_seconds(elapsed)} ; "
            f"{len(report.failures)} échec(s) ; {len(report.protected)} fichier(s) modifié(s) "
            "laissé(s) intact(s).",
            err=True,
        )
    if not report.ok:
        sys.exit(1)


@main.command("list")
@click.argument("what", type=click.Choice(["regions", "departments", "departements"]))
@reports_errors
def list_(what: str) -> None:
    """Liste les régions ou les départements (codes et noms)."""
    from officefiches import geography

    if what == "regions":
        for region in geography.regions():
            codes = " ".join(region.departments)
            click.echo(f"{region.insee}\t{region.name}\t(départements : {codes})")
    else:
        for dept in geography.departments():
            region = geography.region_of(dept.code)
            click.echo(f"{dept.code}\t{dept.name}\t{region.name}")


@main.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def data() -> None:
    """Fichiers de données : description, données de démonstration."""


@data.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="CHEMIN..."
)
@reports_errors
def info(paths: tuple[Path, ...]) -> None:
    """Décrit des fichiers officiels : années, trimestres, lignes, totaux par flux."""
    from officefiches import reader
    from officefiches.formatting import integer, meur

    # No line kept: the totals come from each year's reduced form (ten years fit in memory).
    dataset = reader.read_data(
        paths, on_warning=lambda m: click.echo(f"Attention : {m}", err=True), line_years=()
    )
    for source in dataset.sources:
        click.echo(f"Fichier : {source.name} ({source.lines} lignes, {source.modified})")
    click.echo(f"Libellés : {dataset.labels.source}")
    if dataset.is_demo:
        click.echo(
            "Données de démonstration (synthétiques) : ce ne sont pas des données des douanes."
        )
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
@click.option("--year", type=int, default=None, metavar="AAAA", help="Année (défaut : 2024).")
@click.option(
    "--years",
    metavar="AAAA-AAAA",
    help="Plusieurs années, une série cohérente (ex. 2015-2024, ou 2019,2021).",
)
@click.option(
    "--lines",
    type=click.IntRange(min=1000),
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
    from officefiches import demo as demo_data

    chosen = _years_option(year, years) or (demo_data.TARGET_YEAR,)
    written = demo_data.write_demo(
        out, years=chosen, lines=lines or demo_data.DEFAULT_LINES, on_year=_demo_year_done
    )
    for path in written:
        click.echo(str(path))
    click.echo(
        "Données de démonstration (synthétiques) : elles ne sont pas des données des douanes.",
        err=True,
    )


def _demo_year_done(year: int, lines: int) -> None:
    click.echo(f"Année {year} écrite ({lines} lignes).", err=True)


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
@click.option("--year", type=int, metavar="AAAA", help="Année des fichiers des douanes.")
@click.option(
    "--years",
    metavar="AAAA-AAAA",
    help="Plusieurs années (ex. 2015-2024, ou 2019,2021), aux adresses connues.",
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
@reports_errors
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
    from officefiches import fetch as fetcher
    from officefiches.errors import UsageError

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
    fetcher.check_known(chosen, urls)  # every year has addresses before anything is downloaded
    for each in chosen:
        bar = _DownloadBar()
        try:
            for path in fetcher.fetch(each, urls, progress=bar.update):
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
        bar = _DownloadBar()
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


class _DownloadBar:
    """The bytes received, redrawn in place on stderr when it is a terminal (nothing in a log):
    Click's bar when the size is announced, else the count alone."""

    def __init__(self, err=None):
        self.err = err if err is not None else sys.stderr
        self.live = _is_terminal(self.err)
        self.bar = None
        self.counting = False  # size unknown: "\rTéléchargement : 2,5 Mo" on screen

    def update(self, size: int, total: int | None) -> None:
        if not self.live:
            return
        received = f"{size / 1e6:.1f}" + (f" / {total / 1e6:.1f}" if total else "") + " Mo"
        received = received.replace(".", ",")
        if not total:
            click.echo(f"\rTéléchargement : {received}", file=self.err, nl=False)
            self.counting = True
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total,
                label="Téléchargement",
                file=self.err,
                width=20,
                fill_char="█",
                empty_char="·",
                show_eta=False,
                item_show_func=lambda item: item,
            )
        self.bar.update(size - self.bar.pos, received)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
        elif self.counting:
            click.echo("", file=self.err)
        self.bar, self.counting = None, False


@main.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def cache() -> None:
    """Cache des fichiers de données déjà lus (copie vérifiée, plus rapide à relire)."""


@cache.command("info")
@reports_errors
def cache_info() -> None:
    """Emplacement et taille du cache."""
    from officefiches import cache as data_cache

    count, size = data_cache.usage()
    click.echo(f"{data_cache.cache_dir()} : {count} fichier(s), {size / 1e6:.1f} Mo")


@cache.command("clear")
@reports_errors
def cache_clear() -> None:
    """Vide le cache (les fichiers de données seront relus au prochain lancement)."""
    from officefiches import cache as data_cache

    count, size = data_cache.clear()
    click.echo(f"Cache vidé : {count} fichier(s), {size / 1e6:.1f} Mo libérés.")
