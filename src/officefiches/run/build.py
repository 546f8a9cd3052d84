"""Orchestration: check the request, read the data once, compute the shared figures once, run
the jobs (figures.py, jobs.py, parallel.py) and keep the manifest of what was written."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from officefiches import geography
from officefiches.compute.figures import RunFigures
from officefiches.errors import DataError, DiskFull, OutputError, UsageError
from officefiches.model import DataInfo, DataSource, Period, held_text
from officefiches.options import LATEST_PERIOD, BuildOptions, creation_time
from officefiches.run.jobs import (
    DepartmentJob,
    Job,
    JobResult,
    RunState,
    SynthesisJob,
    WriteOptions,
)
from officefiches.run.manifest import Manifest, OutputLock, save_all
from officefiches.writers.look import DEMO_NOTICE


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (department, reason)
    warnings: list[str] = field(default_factory=list)
    protected: list[Path] = field(default_factory=list)  # edited files left untouched
    notes: list[str] = field(default_factory=list)  # what the build did beyond writing (carried)
    year: int | None = None
    period: Period | None = None  # four quarters across two years (--period), else the year's
    is_demo: bool = False

    @property
    def when(self) -> str:
        """« 2024 », « octobre 2023 – septembre 2024 »: what the fiches cover."""
        return self.period.words if self.period else str(self.year)

    @property
    def ok(self) -> bool:
        """No document failed. A file kept because a team edited it is a normal outcome: the
        run said so, and `--force` overwrites it."""
        return not self.failures

    def warner(self, reporter: Reporter) -> Callable[[str], None]:
        """A warning kept in the report and shown by `reporter` as it comes."""

        def warn(message: str) -> None:
            self.warnings.append(message)
            reporter.warn(message)

        return warn


class Reporter:
    """Where the build tells what it does; the CLI prints, tests collect."""

    def warn(self, message: str) -> None: ...
    def info(self, message: str) -> None: ...
    def progress(self, done: int, total: int, label: str, failures: int = 0) -> None: ...
    def written(self, path: Path) -> None: ...

    def reading(self, index: int, count: int, name: str, fraction: float, cached: bool) -> None:
        """The data files being read: file `index` (from 0) of `count`, `fraction` of it done
        (1.0 once done), `cached` when it comes from the cache."""


def select_departments(options: BuildOptions) -> list[geography.Department]:
    if options.all_departments:
        return list(geography.departments())
    chosen: dict[str, geography.Department] = {}
    for name in options.regions:
        region = geography.find_region(name)
        for code in region.departments:
            chosen[code] = geography.department(code)
    for name in options.departments:
        dept = geography.find_department(name)
        chosen[dept.code] = dept
    if not chosen:
        raise UsageError(
            "Aucun département demandé : indiquez --region NOM, --department CODE ou --all."
        )
    return sorted(chosen.values(), key=lambda d: d.code)


def load_dataset(options: BuildOptions, warn: Callable[[str], None], on_progress=None):
    """The user's official files (--data, else those fetched with `data fetch`), or the built-in
    demo set when there are none. Only the lines of the years a fiche needs are kept (the year
    asked and the one before, else the two latest years); every year is kept reduced, for the
    trends."""
    from officefiches.source import reader

    data = options.data
    if not data:
        from officefiches.source import fetch

        fetched = fetch.fetched_years()
        if fetched:
            warn(f"Données utilisées : {fetch.describe_years(fetched)}")
            data = tuple(path for year in fetched for path in fetch.fetched_files(year))
    if data:
        line_years = reader.LATEST
        if options.year is not None:
            line_years = {options.year, options.compare_year or options.year - 1}
        if isinstance(options.period, Period):  # its quarters and those a year earlier
            line_years = {
                year for p in (options.period, options.period.previous()) for year, _ in p.quarters
            }
        return reader.read_data(
            data,
            on_warning=warn,
            use_cache=options.use_cache,
            line_years=line_years,
            on_progress=on_progress,
        )
    return demo_dataset(DEMO_YEARS[-1], options.demo_lines)


DEMO_YEARS = (2023, 2024)  # the built-in demo set: the fiches' year and the one before


def check_demo_years(options: BuildOptions) -> None:
    """Without data, the years asked are checked against the demo's before anything is done
    (the data's own years are known once they are read)."""
    from officefiches.source import fetch

    if options.data or fetch.fetched_years():
        return
    asked = (("--year", options.year), ("--compare-year", options.compare_year))
    for option, requested in (*asked, ("--since", options.since)):
        check_year_held(requested, DEMO_YEARS, "les données de démonstration intégrées", option)


def demo_dataset(year: int, lines: int | None = None):
    """The built-in demo set: the year asked and the one before (for the year-on-year pages)."""
    import pandas as pd

    from officefiches.source import demo, labels, reader

    size = lines or demo.DEFAULT_LINES
    frame = reader.canonical(
        pd.concat([demo.generate(year - 1, size), demo.generate(year, size)], ignore_index=True)
    )
    source = DataSource(
        name=f"officefiches — données de démonstration {year} (synthétiques)",
        modified=creation_time().date().isoformat(),
        lines=len(frame),
    )
    return reader.Dataset(
        frame=frame, sources=(source,), labels=labels.builtin_labels(), is_demo=True
    )


def check_year_held(requested: int | None, years, held_by: str, option: str = "--year") -> None:
    """A year asked (--year, --compare-year, --since) must be one the data hold: else a
    UsageError (exit 2) naming them, before any fiche is made."""
    if requested is None or requested in years:
        return
    present = ", ".join(str(y) for y in sorted(years)) or "aucune"
    hint = (
        "Choisissez l'une d'elles, ou donnez les fichiers officiels de cette année avec --data "
        "(voir « officefiches data fetch »)."
    )
    raise UsageError(
        f"L'année {requested} ({option}) n'est pas dans {held_by} : années présentes : "
        f"{present}. {hint}"
    )


def choose_year(dataset, requested: int | None, warn: Callable[[str], None]) -> int:
    """The requested year, or the latest complete one (else the latest) in the data."""
    years = dataset.years()
    if not years:
        raise DataError("Les fichiers de données ne contiennent aucune ligne.")
    check_year_held(requested, years, "les données")
    if requested is None:
        complete = [y for y in years if dataset.quarters(y) == (1, 2, 3, 4)]
        requested = max(complete) if complete else max(years)
    dataset.check_year(requested)  # both flows present, else exit 1 naming the missing file
    for message in dataset.year_warnings(requested):  # « importations : T1–T2 »
        warn(message)
    return requested


def choose_period(dataset, requested: Period | str, say: Callable[[str], None]) -> Period | int:
    """The four quarters asked (--period AAAA-Tn), or the latest four the data hold complete
    (both flows, every quarter; LATEST_PERIOD, said by `say`), as a Period; as the year when
    they are a calendar year. Quarters the data lack: a UsageError (exit 2) naming those held."""
    held = dataset.held_quarters()
    if requested == LATEST_PERIOD:
        ends = [Period(y, q) for y, q in held if dataset.holds(Period(y, q).quarters)]
        if not ends:
            raise UsageError(
                "Les données ne contiennent pas quatre trimestres consécutifs complets "
                f"(exportations et importations) : trimestres présents : {held_text(held)}."
            )
        requested = ends[-1]
        span = f"l'année {requested.year}" if requested.quarter == 4 else requested.words
        say(f"Quatre derniers trimestres des données : {requested.code} ({span}).")
    if not dataset.holds(requested.quarters):
        lacking = [q for q in requested.quarters if q not in held]
        raise UsageError(
            f"La période {requested.code} ({requested.words}) n'est pas entière dans les données : "
            f"il manque {held_text(lacking)} (exportations et importations). Trimestres présents "
            f"dans les données : {held_text(held)}. Choisissez une autre période (--period "
            "latest : les quatre derniers trimestres présents) ou ajoutez les fichiers manquants."
        )
    return requested.year if requested.quarter == 4 else requested


def choose_compare_year(dataset, year: int, requested: int | None) -> int | None:
    """The year to compare with: the one asked, else the year before when each flow has the
    same quarters in both years (a whole year is never compared with a part of one)."""
    if requested is not None:
        others = [y for y in dataset.years() if y != year]
        check_year_held(requested, others, f"les données (autres que {year})", "--compare-year")
        dataset.check_year(requested)
        wanted, held = dataset.flow_quarters(year), dataset.flow_quarters(requested)
        lacking = {f: q for f, q in wanted.items() if not set(q) <= set(held[f])}
        if lacking:
            from officefiches.source.reader import quarters_text

            raise DataError(
                f"Comparaison impossible : {requested} n'a pas tous les trimestres de {year} "
                f"({year} : {dataset.partial_text(year) or 'année entière'} ; {requested} : "
                f"{dataset.partial_text(requested) or 'année entière'} ; manquent "
                + ", ".join(f"{quarters_text(set(q) - set(held[f]))}" for f, q in lacking.items())
                + "). Ajoutez les fichiers de ces trimestres, ou choisissez une autre année."
            )
        return requested
    previous = year - 1
    if previous in dataset.years() and dataset.flow_quarters(previous) == dataset.flow_quarters(
        year
    ):
        return previous
    return None


def choose_trends(dataset, year: int, since: int | None, warn: Callable[[str], None]):
    """The span of the trends (« Tendances FIRST–LAST »), or None (said when --since is why, or
    when the data hold three years but not three complete ones). A year missing inside the
    span is said here, as a warning every document carries."""
    from officefiches.compute import trends

    complete = [y for y in dataset.years() if dataset.quarters(y) == (1, 2, 3, 4)]
    held = [y for y in dataset.years() if y <= year]
    check_year_held(since, held, f"les données jusqu'à {year}", "--since")

    def partial(gap: int) -> str:  # "" for a year absent from the data
        return dataset.partial_text(gap) if gap in held else ""

    span = trends.choose_span(complete, year, since, partial=partial)
    if span is None:
        chosen = [y for y in complete if y <= year and (since is None or y >= since)]
        if since is not None or len(held) >= trends.MIN_YEARS:
            shown = ", ".join(map(str, chosen)) or "aucune"
            since_text = f" depuis {since} (--since)" if since is not None else ""
            warn(
                f"Pas de tendances : {trends.MIN_YEARS} années complètes au moins sont "
                f"nécessaires{since_text} jusqu'à {year} ; années complètes : {shown}."
            )
        return None
    for gap in span.gaps:
        held_text = f"incomplète ({gap.partial})" if gap.partial else "absente des données"
        warn(
            f"Tendances {span.first}–{span.last} : l'année {gap.year} est {held_text} ; elle "
            "est notée n.d. et laissée en blanc dans les graphiques, jamais estimée."
        )
    return span


def quarter_history(dataset, year: int, period: Period | None):
    """Every quarter's sums for the « Trimestres » slide and sheet, or None when the deck does
    not show them (compute/quarters.worth_showing)."""
    from officefiches.compute import quarters

    held = dataset.held_quarters()
    if not quarters.worth_showing(held, year, period is not None):
        return None
    return quarters.QuarterHistory(dataset.quarter_sums(), held)


def line_counts(frame) -> dict[str, int]:
    """Each department's number of lines (from the codes' categories: no string a line)."""
    counts = frame["departement"].value_counts(sort=False)
    return {str(code): int(n) for code, n in counts.items() if n}


def distinct_codes(frame, column: str) -> list[str]:
    """The codes present in a column, sorted (from the distinct values, not every line)."""
    return sorted({str(code) for code in frame[column].unique()})


def label_warnings(frame, labels) -> list[str]:
    """One warning per kind of code that has no label (shown by its code in the outputs)."""
    messages = []
    kinds = (("a129", "produits A129"), ("pays", "pays partenaires"), ("cpf4", "produits CPF4"))
    for column, what in kinds:
        if column == "cpf4" and not labels.cpf4:
            messages.append(
                "Libellés CPF4 absents (fichier Libelle_CPF4_rev2.1.txt non fourni) : "
                "les produits CPF4 sont désignés par leur code."
            )
            continue
        missing = labels.missing(column, distinct_codes(frame, column))
        if missing:
            shown = ", ".join(missing[:30]) + (" …" if len(missing) > 30 else "")
            messages.append(
                f"{len(missing)} code(s) de {what} sans libellé, affiché(s) par leur code : {shown}"
            )
    return messages


def select_jobs(options: BuildOptions) -> list[Job]:
    """The departments asked, then the syntheses: --region X adds the region's, --all France's."""
    jobs: list[Job] = [DepartmentJob(d.code) for d in select_departments(options)]
    for name in options.regions:
        job = SynthesisJob(geography.find_region(name).insee)
        if job not in jobs:
            jobs.append(job)
    if options.all_departments:
        jobs.append(SynthesisJob(None))
    return jobs


def run_order(jobs: list[Job], processes: int, lines: dict[str, int] | None = None) -> list[Job]:
    """The order jobs start in: in several processes, the longest first, so that the last one
    does not keep a worker busy alone at the end of the run: the syntheses (France's, then the
    regions' by their lines), then the departments by their number of lines (`lines`: per
    department code; a fiche's time grows with its « Données » Table)."""
    if processes <= 1:
        return jobs
    lines = lines or {}

    def weight(job: Job) -> tuple[int, int]:
        if isinstance(job, SynthesisJob):
            whole = job.whole
            codes = whole.departments if whole else list(lines)
            return (0, -sum(lines.get(code, 0) for code in codes))
        return (1, -lines.get(job.code, 0))

    return sorted(jobs, key=weight)  # stable: the order asked among equals


TEMPLATE_MIN_SIZE = (9_144_000, 5_143_500)  # EMU: 25,4 × 14,3 cm, the smallest usual slide


def check_template(path: Path | None) -> None:
    """A --template must be a PowerPoint .pptx with slides large enough for the fiche: checked
    before anything is written (exit 2)."""
    if path is None:
        return
    import re
    import zipfile

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Modèle PowerPoint introuvable : {path}")
    hint = "Donnez une présentation .pptx (un .potx s'enregistre en .pptx dans PowerPoint)."
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("ppt/presentation.xml").decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        raise UsageError(
            f"Le modèle {path} n'est pas une présentation PowerPoint. {hint}"
        ) from None
    size = re.search(r'<p:sldSz\b[^>]*\bcx="(\d+)"[^>]*\bcy="(\d+)"', xml)
    if size:
        width, height = int(size.group(1)), int(size.group(2))
        if width < TEMPLATE_MIN_SIZE[0] or height < TEMPLATE_MIN_SIZE[1]:
            raise UsageError(
                f"Les diapositives du modèle {path} sont trop petites pour la fiche "
                f"({width / 360000:.1f} × {height / 360000:.1f} cm ; au moins 25,4 × 14,3 cm). "
                "Agrandissez-les dans PowerPoint (Conception → Taille des diapositives)."
            )


def prepare_output(out: Path) -> None:
    """The output folder exists and can be written, or a clear error says why not."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"Le dossier de sortie {out} est un fichier : choisissez un autre --out.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".officefiches-probe.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except (NotADirectoryError, FileExistsError):
        raise OutputError(
            f"Impossible de créer le dossier de sortie {out} : un fichier porte le nom d'un des "
            "dossiers du chemin. Choisissez un autre --out."
        ) from None
    except OSError as error:
        raise OutputError(
            f"Impossible d'écrire dans le dossier de sortie {out} ({error.strerror or error}). "
            "Vérifiez les droits et la place disponible, ou choisissez un autre --out."
        ) from None


def territoires_list(options: BuildOptions, warn: Callable[[str], None]) -> Path | None:
    """--territoires, else the list downloaded by « data fetch --territoires » (said so), else
    None (the built-in lists of the five published departments)."""
    if options.territoires is not None:
        return options.territoires
    from officefiches.source import fetch

    fetched = fetch.fetched_territoires()
    if fetched is not None:
        warn(fetch.describe_territoires(fetched))
    return fetched


def check_deck_options(template: Path | None, logos, pdf: bool) -> None:
    """The template, the logos and LibreOffice (for --pdf) checked before anything is read or
    written: a bad one stops the run at once (UsageError, exit 2)."""
    check_template(template)
    if logos:
        from officefiches.writers.pptx import logos as logo_files

        logo_files.check(logos)
    if pdf:
        from officefiches.run import pdf as pdf_writer

        pdf_writer.soffice()  # fail before the long work when LibreOffice is missing


def result_handler(
    report: BuildReport, reporter: Reporter, total: int, remember: Callable[[Path, str], None]
) -> Callable[[JobResult], None]:
    """What the parent does with each finished job, in the order they finish: its files
    remembered (`remember(path, digest)`: a manifest) and reported, its notes and its failure
    said, the progress shown."""
    done = 0

    def on_result(result: JobResult) -> None:
        nonlocal done
        done += 1
        for path, digest in result.written:
            remember(path, digest)
            report.written.append(path)
            reporter.written(path)
        for note in result.notes:
            report.notes.append(note)
            reporter.info(note)
        if result.error:
            report.failures.append((result.label, result.error))
        if result.disk_full:
            # Every later file would fail the same way: one message, and the run stops (the
            # pool's remaining jobs are cancelled; what landed before is whole and recorded).
            raise DiskFull(
                f"{result.error} Arrêt à {result.label} : les fichiers écrits jusque-là sont "
                "complets, et les suivants n'ont pas été commencés."
            )
        if result.error:
            reporter.warn(f"Échec pour {result.label} : {result.error}")
        reporter.progress(done, total, result.label, len(report.failures))

    return on_result


def paired_with_kept_workbooks(jobs, options, year: int, protected: set[Path]) -> list[Path]:
    """The decks (and PDFs) of the workbooks kept because the team edited them: rewritten from
    the raw data they would contradict the team's figures beside them (after `deck`), so they
    are kept with their workbook."""
    kept = []
    for job in jobs:
        outputs = job.outputs(options.out, year, options.pdf)
        if outputs.workbook in protected:
            kept += [p for p in (outputs.deck, outputs.pdf) if p is not None and p.exists()]
    return [path for path in kept if path not in protected]


def protected_files(manifest, paths) -> list[Path]:
    """The files a team edited (or that officefiches never wrote): never overwritten."""
    return [path for path in paths if manifest.is_protected(path)]


def use_team_texts(given: Path | None, reporter: Reporter, warn) -> Path | None:
    """The team's texts (--texts, else textes/ of the configuration folder), checked and put to
    use in this process (the workers get them through WriteOptions.texts); said."""
    from officefiches import resources
    from officefiches.writers import texts

    folder, notes = texts.choose_folder(given)
    resources.use_texts(folder)
    if notes:
        reporter.info(notes[0])
    for note in notes[1:]:
        warn(note)
    return folder


def run_build(options: BuildOptions, reporter: Reporter) -> BuildReport:
    report = BuildReport()
    warn = report.warner(reporter)
    jobs = select_jobs(options)
    check_demo_years(options)
    texts = use_team_texts(options.texts, reporter, warn)
    check_deck_options(options.template, options.logos, options.pdf)
    prepare_output(options.out)
    with OutputLock(options.out):
        return _build_locked(options, jobs, reporter, report, warn, texts)


def _build_locked(options, jobs, reporter, report, warn, texts) -> BuildReport:
    from officefiches import atomic
    from officefiches.run import parallel

    for leftover in atomic.remove_leftovers(options.out):
        warn(f"fichier temporaire d'une exécution interrompue supprimé : {leftover.name}")
    # the writers load in a thread while the data are read and summed (mostly outside the
    # GIL); the workers inherit them instead of each loading them for its first document
    with parallel.preloading_writers(options.template):
        state, manifest, counts = _prepare_run(options, jobs, reporter, report, warn, texts)
    # each file is already in the journal, written by its job; the manifest learns it too
    on_result = result_handler(report, reporter, len(jobs), manifest.remember)
    try:
        parallel.run_all(
            run_order(jobs, options.jobs, counts),
            state,
            options.jobs,
            on_result,
            options.start_method,
        )
    finally:
        atomic.remove_leftovers(options.out)  # what a worker stopped mid-file left behind
        save_all([manifest])  # compact the journal into the manifest, even when interrupted
    return report


def _prepare_run(options, jobs, reporter, report, warn, texts):
    """The run's data read, its figures prepared and what its jobs share (RunState); the
    manifest of the output folder; each department's line count (run_order)."""
    from officefiches.source import territoires

    dataset = load_dataset(options, warn, reporter.reading)
    report.is_demo = dataset.is_demo
    if dataset.is_demo:
        why = (
            "les fichiers fournis sont ceux de « officefiches data demo »"
            if options.data
            else "aucune donnée fournie (--data)"
        )
        warn(f"{DEMO_NOTICE} : {why} ; les fiches sont des exemples.")
    requested, period = options.year, None
    if options.period is not None:
        chosen = choose_period(dataset, options.period, reporter.info)
        period, requested = (chosen, None) if isinstance(chosen, Period) else (None, chosen)
    if period is None:
        year = choose_year(dataset, requested, warn)
        compare_year = choose_compare_year(dataset, year, options.compare_year)
        dataset = dataset.with_lines({year} | ({compare_year} if compare_year else set()))
        frame = dataset.for_year(year)
    else:  # compared with the same four quarters a year earlier, when the data hold them
        year, before = period.year, period.previous()
        compare_year = before.year if dataset.holds(before.quarters) else None
        needed = period.quarters + (before.quarters if compare_year else ())
        dataset = dataset.with_lines({y for y, _ in needed})
        frame = dataset.for_quarters(period.quarters)
    report.year, report.period = year, period
    span = choose_trends(dataset, year, options.since, warn)
    known = {d.code for d in geography.departments()}
    unknown = sorted(set(distinct_codes(frame, "departement")) - known)
    if unknown:
        warn(
            f"Codes département inconnus dans les données : {', '.join(unknown)} ; leurs lignes "
            "comptent dans le total de la France entière mais dans aucune région."
        )
    for message in label_warnings(frame, dataset.labels):
        warn(message)

    manifest = Manifest.load(options.out)
    folder = period.folder if period else str(year)
    candidates = [p for job in jobs for p in job.outputs(options.out, folder, options.pdf).all()]
    protected = [] if options.force else protected_files(manifest, candidates)
    for path in protected:
        report.protected.append(path)
        warn(f"modifié depuis sa génération : {path} ; --force pour l'écraser")
    kept = paired_with_kept_workbooks(jobs, options, year, set(protected))
    for path in kept:
        warn(
            f"présentation conservée : {path} ; elle suit le classeur modifié par l'équipe, "
            "conservé lui aussi (« officefiches deck » la refait à partir du classeur, --force "
            "refait les deux à partir des données)"
        )

    data = DataInfo(
        year=year,
        quarters=dataset.quarters(year) if period is None else (1, 2, 3, 4),
        is_demo=dataset.is_demo,
        sources=tuple(dataset.sources),
        label_source=dataset.labels.source,
        warnings=tuple(report.warnings),
        partial_note=dataset.partial_text(year) if period is None else "",
        period=period,
    )
    previous = None
    if compare_year is not None and period is not None:
        previous = dataset.for_quarters(period.previous().quarters)
    elif compare_year is not None:  # the same quarters, flow by flow, as the fiche's year
        from officefiches.source.reader import restrict_quarters

        previous = restrict_quarters(
            dataset.for_year(compare_year), dataset.flow_quarters(year)
        ).reset_index(drop=True)
    history = None
    if span is not None:
        from officefiches.compute.trends import History

        history = History(dataset.reduced, span, dataset.labels)
    figures = RunFigures(frame, dataset.labels, data, previous, compare_year, history)
    figures.quarter_history = quarter_history(dataset, year, period)
    departments = [job.code for job in jobs if isinstance(job, DepartmentJob)]
    regions = sorted({geography.region_of(code).insee for code in departments})
    regions += [job.region for job in jobs if isinstance(job, SynthesisJob) and job.region]
    prepared = [geography.region(code) for code in sorted(set(regions))]
    figures.prepare(prepared)
    from officefiches import writers

    writers.prepare_details(
        [figures.detail(region) for region in prepared] + [figures.detail(None)]
    )
    from officefiches.run import carry

    wanted = {job.document for job in jobs}
    carried = carry.carry_over(options.carry_over, wanted, year, warn)
    state = RunState(
        figures=figures,
        territoires=territoires.territoires_of(departments, territoires_list(options, warn)),
        write=WriteOptions(
            options.out, options.figures, options.template, options.pdf, options.logos, texts
        ),
        skip=frozenset(protected) | frozenset(kept),
        shared=writers.SharedFigures(),  # the region's and France's drawings, made once
        carried_over=carried,
    )
    return state, manifest, line_counts(frame)
