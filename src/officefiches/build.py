"""Orchestration: read the data once, compute shared figures once, write each department's files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from officefiches import aggregate, geography
from officefiches.errors import DataError, OfficeFichesError, UsageError
from officefiches.model import DataInfo, DataSource, Fiche, Scope, ScopeFigures, Synthesis
from officefiches.options import BuildOptions, creation_time

DEMO_NOTICE = "Données de démonstration (synthétiques)"
FRANCE = Scope("france", "FR", "France entière")


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (department, reason)
    warnings: list[str] = field(default_factory=list)
    protected: list[Path] = field(default_factory=list)  # edited files left untouched
    year: int | None = None
    is_demo: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures and not self.protected


class Reporter:
    """Where the build tells what it does; the CLI prints, tests collect."""

    def warn(self, message: str) -> None: ...
    def progress(self, done: int, total: int, label: str, failures: int = 0) -> None: ...
    def written(self, path: Path) -> None: ...


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


def load_dataset(options: BuildOptions, warn: Callable[[str], None]):
    """The user's official files, or the built-in demo set when none is given."""
    from officefiches import reader

    data = options.data
    if not data:
        fetched = _fetched_year(options.year)
        if fetched is not None:
            from officefiches import fetch

            warn(f"Données utilisées : {fetch.describe(fetched)}")
            data = tuple(fetch.fetched_files(fetched))
    if data:
        return reader.read_data(data, on_warning=warn, use_cache=options.use_cache)
    return demo_dataset(options.year or 2024, options.demo_lines)


def _fetched_year(requested: int | None) -> int | None:
    """The year of official files fetched with `data fetch` to use when no --data is given."""
    from officefiches import fetch

    years = fetch.fetched_years()
    if requested is not None:
        return requested if requested in years else None
    return max(years) if years else None


def demo_dataset(year: int, lines: int | None = None):
    """The built-in demo set: the year asked and the one before (for the year-on-year pages)."""
    import pandas as pd

    from officefiches import demo, labels, reader

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


def choose_year(dataset, requested: int | None, warn: Callable[[str], None]) -> int:
    """The requested year, or the latest complete one (else the latest) in the data."""
    years = dataset.years()
    if not years:
        raise DataError("Les fichiers de données ne contiennent aucune ligne.")
    if requested is not None and requested not in years:
        present = ", ".join(str(y) for y in years)
        raise DataError(
            f"L'année {requested} est absente des données. Années présentes : {present}. "
            "Choisissez l'une d'elles avec --year, ou fournissez les fichiers de cette année."
        )
    if requested is None:
        complete = [y for y in years if dataset.quarters(y) == (1, 2, 3, 4)]
        requested = max(complete) if complete else max(years)
    quarters = dataset.quarters(requested)
    if quarters != (1, 2, 3, 4):
        listed = ", ".join(f"T{q}" for q in quarters)
        warn(
            f"Année {requested} partielle : seuls les trimestres {listed} sont présents ; "
            "les fichiers porteront la mention « année partielle »."
        )
    return requested


def choose_compare_year(dataset, year: int, requested: int | None) -> int | None:
    """The year to compare with: the one asked, else the year before when it is as complete."""
    if requested is not None:
        if requested not in dataset.years() or requested == year:
            present = ", ".join(str(y) for y in dataset.years() if y != year) or "aucune"
            raise DataError(
                f"Comparaison impossible : l'année {requested} n'est pas dans les données "
                f"(autres années présentes : {present}). Ajoutez ses fichiers avec --data."
            )
        return requested
    previous = year - 1
    if previous in dataset.years() and dataset.quarters(previous) == dataset.quarters(year):
        return previous
    return None


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


def output_paths(out: Path, year: int, dept: geography.Department) -> tuple[Path, Path]:
    region = geography.region_of(dept.code)
    folder = out / str(year) / region.slug
    stem = f"{dept.code}-{dept.slug}"
    return folder / f"{stem}.xlsx", folder / f"{stem}.pptx"


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary name in the same folder; rename it to `path` only once complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


class FigureCache:
    """Region and France figures, computed once per run and shared by every department."""

    def __init__(self, frame, labels):
        self.frame = frame
        self.labels = labels
        self._regions: dict[str, ScopeFigures] = {}
        self._france: ScopeFigures | None = None
        self._details: dict = {}

    def france(self) -> ScopeFigures:
        if self._france is None:
            self._france = aggregate.scope_figures(self.frame, FRANCE, self.labels)
        return self._france

    def region(self, region: geography.Region) -> ScopeFigures:
        if region.insee not in self._regions:
            scope = Scope("region", region.insee, region.name)
            self._regions[region.insee] = aggregate.scope_figures(
                self.rows_of(region), scope, self.labels
            )
        return self._regions[region.insee]

    def prepare(self, departments) -> None:
        """Compute France's and the regions' figures now, before the workers fork."""
        self.france()
        self.france_detail()
        self.exposure(FRANCE)
        for code in sorted({geography.region_of(d.code).insee for d in departments}):
            region = geography.region(code)
            self.exposure(self.region(region).scope, region)
            self.region_detail(region)

    def rows_of(self, region: geography.Region):
        """The region's lines (selected once: its figures, details and exposure reuse them)."""
        key = ("rows", region.insee)
        if key not in self._details:
            self._details[key] = self.frame[self.frame["departement"].isin(region.departments)]
        return self._details[key]

    def region_detail(self, region: geography.Region):
        """The region's flux × A129 × country table (for the workbooks' comparison sheets)."""
        if region.insee not in self._details:
            self._details[region.insee] = aggregate.a129_by_country(self.rows_of(region))
        return self._details[region.insee]

    def exposure(self, scope: Scope, region: geography.Region | None = None):
        """Exposure indicators of the region (or France when `region` is None), once per run."""
        from officefiches import indicators

        key = ("exposure", region.insee if region else "FR")
        if key not in self._details:
            rows = self.rows_of(region) if region else self.frame
            self._details[key] = indicators.exposure(rows, scope, self.labels)
        return self._details[key]

    def france_detail(self):
        if "FR" not in self._details:
            self._details["FR"] = aggregate.a129_by_country(self.frame)
        return self._details["FR"]


def make_fiche(dept: geography.Department, state: _RunState) -> Fiche:
    """A department's fiche: its figures, its region's and France's (shared), the year-on-year
    change when a year is compared, and the exposure indicators of the three scopes."""
    from officefiches import indicators, territoires

    cache, dataset = state.cache, state.dataset
    region = geography.region_of(dept.code)
    rows = state.frame[state.frame["departement"] == dept.code]
    scope = Scope("department", dept.code, dept.name)
    figures = aggregate.scope_figures(rows, scope, cache.labels)
    evolution = None
    if state.compare_year is not None:
        previous = state.previous_frame
        previous_rows = previous[previous["departement"] == dept.code]
        evolution = indicators.evolution(figures, previous_rows, state.compare_year)
    exposure = (
        indicators.exposure(rows, scope, cache.labels),
        cache.exposure(cache.region(region).scope, region),
        cache.exposure(FRANCE),
    )
    data = DataInfo(
        state.year,
        dataset.quarters(state.year),
        dataset.is_demo,
        sources=tuple(dataset.sources),
        label_source=dataset.labels.source,
        warnings=state.warnings,
    )
    return aggregate.make_fiche(
        data,
        figures,
        cache.region(region),
        cache.france(),
        territoires.territoires_for(dept.code, state.options.territoires),
        evolution=evolution,
        exposure=exposure,
    )


def write_department(fiche, rows, cache, paths, options, shared, skip=frozenset()) -> list[Path]:
    """Write the department's workbook and deck (those not in `skip`), each atomically."""
    from officefiches import writers

    created = creation_time()

    def workbook(tmp: Path) -> None:
        region = geography.region_of(fiche.department.scope.code)
        tables = writers.WorkbookTables(
            lines=rows,
            region_detail=cache.region_detail(region),
            france_detail=cache.france_detail(),
            labels=cache.labels,
        )
        writers.write_workbook(fiche, tables, tmp, created=created)

    def deck(tmp: Path) -> None:
        writers.write_deck(
            fiche,
            tmp,
            figures=options.figures,
            template=options.template,
            created=created,
            shared=shared,
        )

    return write_pair(paths, workbook, deck, options.pdf, skip)


def write_pair(paths, workbook, deck, pdf: bool, skip) -> list[Path]:
    """A workbook and a deck (and its PDF), each written atomically, unless in `skip`."""
    xlsx_path, pptx_path = paths
    written = []
    if xlsx_path not in skip:
        with atomic_path(xlsx_path) as tmp:
            workbook(tmp)
        written.append(xlsx_path)
    if pptx_path not in skip:
        with atomic_path(pptx_path) as tmp:
            deck(tmp)
        written.append(pptx_path)
        if pdf:
            from officefiches import pdf as pdf_writer

            written.append(pdf_writer.convert(pptx_path, pptx_path.with_suffix(".pdf")))
    return written


# --- region and national syntheses -------------------------------------------------------------

SYNTHESIS_PREFIXES = ("region:", "france")


def synthesis_jobs(options: BuildOptions) -> list[str]:
    """--region X also writes the region's synthesis; --all writes France's."""
    jobs = []
    for name in options.regions:
        job = f"region:{geography.find_region(name).insee}"
        if job not in jobs:
            jobs.append(job)
    if options.all_departments:
        jobs.append("france")
    return jobs


def synthesis_scope(job: str) -> geography.Region | None:
    """The region of a synthesis job, None for France (or for a department job)."""
    return geography.region(job.split(":", 1)[1]) if job.startswith("region:") else None


def synthesis_paths(out: Path, year: int, region: geography.Region | None) -> tuple[Path, Path]:
    if region is None:
        stem = out / str(year) / "france-entiere-synthese"
    else:
        stem = out / str(year) / region.slug / f"{region.slug}-synthese"
    return stem.with_suffix(".xlsx"), stem.with_suffix(".pptx")


def make_synthesis(region: geography.Region | None, state: _RunState) -> Synthesis:
    """A region's document (its departments compared), or France's (its regions compared)."""
    from officefiches import indicators

    cache = state.cache
    if region is None:
        whole, parent, rows = cache.france(), None, state.frame
        groups = {code: (r.insee, r.name) for r in geography.regions() for code in r.departments}
        previous_rows = state.previous_frame
    else:
        whole, parent = cache.region(region), cache.france()
        rows = cache.rows_of(region)
        groups = {code: (code, geography.department(code).name) for code in region.departments}
        previous = state.previous_frame
        previous_rows = (
            previous[previous["departement"].isin(region.departments)]
            if previous is not None
            else None
        )
    evolution = None
    if state.compare_year is not None:
        evolution = indicators.evolution(whole, previous_rows, state.compare_year)
    data = DataInfo(
        state.year,
        state.dataset.quarters(state.year),
        state.dataset.is_demo,
        sources=tuple(state.dataset.sources),
        label_source=state.dataset.labels.source,
        warnings=state.warnings,
    )
    return Synthesis(
        data=data,
        whole=whole,
        parent=parent,
        members=aggregate.members(rows, groups, cache.labels),
        exposure=cache.exposure(whole.scope, region),
        evolution=evolution,
        parent_exposure=cache.exposure(FRANCE) if region is not None else None,
    )


def write_synthesis(synthesis: Synthesis, region, state: _RunState) -> list[Path]:
    from officefiches import writers

    created = creation_time()
    options = state.options

    def workbook(tmp: Path) -> None:
        writers.write_synthesis_workbook(synthesis, tmp, created=created)

    def deck(tmp: Path) -> None:
        writers.write_synthesis_deck(
            synthesis,
            tmp,
            figures=options.figures,
            template=options.template,
            created=created,
            shared=state.shared,
        )

    paths = synthesis_paths(options.out, state.year, region)
    return write_pair(paths, workbook, deck, options.pdf, state.skip)


@dataclass
class DepartmentResult:
    label: str
    written: list[tuple[Path, str]] = field(default_factory=list)  # (path, sha256)
    error: str | None = None


@dataclass
class _RunState:
    """What every department's job needs; set before the workers fork, so it is shared."""

    year: int
    frame: object
    dataset: object
    options: BuildOptions
    cache: FigureCache
    shared: object
    skip: frozenset
    warnings: tuple[str, ...]
    compare_year: int | None = None
    previous_frame: object = None


_STATE: _RunState | None = None


def build_one(code: str) -> DepartmentResult:
    """One job: a department's fiche (code "18"), or a synthesis ("region:24", "france");
    its failure is reported, never raised."""
    from officefiches.manifest import file_hash

    state = _STATE
    whole = synthesis_scope(code)
    if code.startswith(SYNTHESIS_PREFIXES):
        label = f"synthèse {whole.name if whole else FRANCE.name}"
    else:
        dept = geography.department(code)
        label = f"{dept.code} {dept.name}"
    result = DepartmentResult(label=label)
    try:
        if code.startswith(SYNTHESIS_PREFIXES):
            written = write_synthesis(make_synthesis(whole, state), whole, state)
        else:
            fiche = make_fiche(dept, state)
            rows = state.frame[state.frame["departement"] == dept.code]
            paths = output_paths(state.options.out, state.year, dept)
            written = write_department(
                fiche, rows, state.cache, paths, state.options, state.shared, state.skip
            )
        for path in written:
            result.written.append((path, file_hash(path)))
    except OfficeFichesError as error:
        result.error = str(error)
    except Exception as error:  # noqa: BLE001
        # A bug or a full disk in one department must not stop the others: report it.
        result.error = f"erreur interne ({type(error).__name__} : {error})"
    return result


def _run_jobs(codes: list[str], jobs: int, on_result: Callable[[DepartmentResult], None]) -> None:
    """Build departments in `jobs` processes (fork: the data are shared, not copied)."""
    import multiprocessing

    if jobs <= 1 or len(codes) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for code in codes:
            on_result(build_one(code))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(codes)), mp_context=context) as pool:
        futures = [pool.submit(build_one, code) for code in codes]
        try:
            for future in as_completed(futures):
                on_result(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()  # Ctrl-C or SIGTERM: stop the workers now
            raise


def run_build(options: BuildOptions, reporter: Reporter) -> BuildReport:
    global _STATE
    from officefiches.manifest import Manifest

    report = BuildReport()

    def warn(message: str) -> None:
        report.warnings.append(message)
        reporter.warn(message)

    departments = select_departments(options)
    if options.template is not None and not Path(options.template).is_file():
        raise UsageError(f"Modèle PowerPoint introuvable : {options.template}")
    if options.pdf:
        from officefiches import pdf

        pdf.soffice()  # fail before the long work when LibreOffice is missing
    dataset = load_dataset(options, warn)
    report.is_demo = dataset.is_demo
    if dataset.is_demo:
        why = (
            "les fichiers fournis sont ceux de « officefiches data demo »"
            if options.data
            else "aucune donnée fournie (--data)"
        )
        warn(f"{DEMO_NOTICE} : {why} ; les fiches sont des exemples.")
    year = choose_year(dataset, options.year, warn)
    report.year = year
    frame = dataset.for_year(year)
    compare_year = choose_compare_year(dataset, year, options.compare_year)
    previous_frame = dataset.for_year(compare_year) if compare_year is not None else None
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
    skip = set()
    if not options.force:
        syntheses = [synthesis_scope(job) for job in synthesis_jobs(options)]
        candidates = [p for dept in departments for p in output_paths(options.out, year, dept)]
        candidates += [p for r in syntheses for p in synthesis_paths(options.out, year, r)]
        for path in candidates:
            if manifest.is_protected(path):
                skip.add(path)
                report.protected.append(path)
                warn(f"modifié depuis sa génération : {path} ; --force pour l'écraser")

    cache = FigureCache(frame, dataset.labels)
    cache.prepare(departments)
    from officefiches.writers import SharedFigures

    shared = SharedFigures()  # the region's and France's drawings, made once
    _STATE = _RunState(
        year,
        frame,
        dataset,
        options,
        cache,
        shared,
        frozenset(skip),
        tuple(report.warnings),
        compare_year,
        previous_frame,
    )
    done = 0
    total_jobs = len(departments) + len(synthesis_jobs(options))

    def on_result(result: DepartmentResult) -> None:
        nonlocal done
        done += 1
        for path, digest in result.written:
            manifest.record(path, digest)
            report.written.append(path)
            reporter.written(path)
        if result.error:
            report.failures.append((result.label, result.error))
            reporter.warn(f"Échec pour {result.label} : {result.error}")
        reporter.progress(done, total_jobs, result.label, len(report.failures))

    try:
        jobs = [d.code for d in departments] + synthesis_jobs(options)
        _run_jobs(jobs, options.jobs, on_result)
    finally:
        _STATE = None
        manifest.save()  # record what was written, even when interrupted
    return report
