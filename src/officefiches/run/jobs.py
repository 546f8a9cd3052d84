"""The build's jobs, typed: a department's fiche, a region's synthesis, France's synthesis.

Each job knows its label and its output files, and writes them with `run_job`, given the run's
state (`RunState`: the shared figures and the writing options). A job's failure is reported in its
result, never raised, so one department never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from officefiches import atomic, geography
from officefiches.atomic import Landing, atomic_path
from officefiches.compute.figures import FRANCE, RunFigures, relabel
from officefiches.errors import DiskFull, OfficeFichesError
from officefiches.model import TeamWork, Territoires
from officefiches.options import creation_time
from officefiches.run.manifest import Journal, file_hash


@dataclass(frozen=True)
class Outputs:
    """A document's files: its workbook, its deck and (with --pdf) the deck's PDF."""

    workbook: Path
    deck: Path
    pdf: Path | None = None

    def all(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.workbook, self.deck, self.pdf) if p is not None)


@dataclass(frozen=True)
class DepartmentJob:
    code: str

    @property
    def department(self) -> geography.Department:
        return geography.department(self.code)

    @property
    def label(self) -> str:
        return f"{self.code} {self.department.name}"

    @property
    def document(self) -> tuple[str, str]:
        """(kind, code) as its workbook's marker says it."""
        return ("departement", self.code)

    def outputs(self, out: Path, folder: str, pdf: bool) -> Outputs:
        """Under `out`/`folder` (the year, or the period: DataInfo.folder)."""
        region = geography.region_of(self.code)
        stem = Path(out) / str(folder) / region.slug / f"{self.code}-{self.department.slug}"
        return _outputs(stem, pdf)


@dataclass(frozen=True)
class SynthesisJob:
    """A region's synthesis (`region` = its INSEE code), or France's (`region` = None)."""

    region: str | None = None

    @property
    def whole(self) -> geography.Region | None:
        return geography.region(self.region) if self.region else None

    @property
    def label(self) -> str:
        return f"synthèse {self.whole.name if self.whole else FRANCE.name}"

    @property
    def document(self) -> tuple[str, str]:
        return ("region", self.region) if self.region else ("france", FRANCE.code)

    def outputs(self, out: Path, folder: str, pdf: bool) -> Outputs:
        """Under `out`/`folder` (the year, or the period: DataInfo.folder)."""
        whole = self.whole
        if whole is None:
            stem = Path(out) / str(folder) / "france-entiere-synthese"
        else:
            stem = Path(out) / str(folder) / whole.slug / f"{whole.slug}-synthese"
        return _outputs(stem, pdf)


@dataclass(frozen=True)
class DeckJob:
    """`officefiches deck`: the deck (and its PDF) of a workbook read back (readback.ReadBack,
    in `RunState.documents`), recorded in the manifest of the folder `root`."""

    workbook: Path
    deck: Path
    pdf: Path | None
    root: Path

    @property
    def label(self) -> str:
        return self.workbook.name


Job = DepartmentJob | SynthesisJob | DeckJob


def _outputs(stem: Path, pdf: bool) -> Outputs:
    return Outputs(
        stem.with_name(stem.name + ".xlsx"),
        stem.with_name(stem.name + ".pptx"),
        stem.with_name(stem.name + ".pdf") if pdf else None,
    )


@dataclass(frozen=True)
class WriteOptions:
    """What the writers need of the build's options."""

    out: Path
    figures: str = "shapes"
    template: Path | None = None
    pdf: bool = False
    logos: tuple[Path, ...] = ()
    texts: Path | None = None  # the team's texts folder, set in each worker


@dataclass
class RunState:
    """What every job needs; built once, before the workers start."""

    figures: RunFigures | None  # None for `officefiches deck` (its documents are read back)
    territoires: dict[str, Territoires]
    write: WriteOptions
    skip: frozenset[Path] = frozenset()  # edited files left untouched
    shared: object = None  # the deck writer's drawings of the region and France, made once
    documents: dict = field(default_factory=dict)  # `deck`: workbook path -> ReadBack
    carry: bool = True  # `build`: carry the team's labels and messages of an existing workbook
    carried_over: dict = field(default_factory=dict)  # (kind, code) -> carry.Carried

    @property
    def year(self) -> int:
        return self.figures.data.year

    @property
    def folder(self) -> str:
        return self.figures.data.folder


@dataclass
class JobResult:
    label: str
    written: list[tuple[Path, str]] = field(default_factory=list)  # (path, sha256)
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # what the job says it did (carried work)
    disk_full: bool = False  # every later job would fail the same way: the run stops


def run_job(job: Job, state: RunState) -> JobResult:
    """Write one job's files; every file is recorded in the manifest's journal as it lands."""
    result = JobResult(label=job.label)
    journal = Journal(job.root if isinstance(job, DeckJob) else state.write.out)

    renamed = []  # the temporary file's identity, to tell whether its rename happened

    def before_rename(final: Path, tmp: Path) -> None:
        digest = file_hash(tmp)
        journal.record(final, digest)
        result.written.append((final, digest))
        renamed.append(_identity(tmp))

    try:
        if isinstance(job, DepartmentJob):
            result.notes += _write_department(job, state, before_rename) or []
        elif isinstance(job, SynthesisJob):
            result.notes += _write_synthesis(job, state, before_rename) or []
        else:
            _write_deck_of_workbook(job, state, before_rename)
    except OfficeFichesError as error:
        result.error = str(error)
        result.disk_full = isinstance(error, DiskFull)
    except OSError as error:
        where = f" ({Path(error.filename).name})" if error.filename else ""
        result.error = (
            f"écriture impossible{where} : {atomic.reason(error)} ; vérifiez la place "
            "disponible et les droits du dossier de sortie, puis relancez"
        )
        result.disk_full = atomic.is_disk_full(error)
    except Exception as error:  # noqa: BLE001
        # A bug in one document must not stop the others: report it.
        result.error = f"erreur interne ({type(error).__name__} : {error})"
    if result.error and renamed and _identity(result.written[-1][0]) != renamed[-1]:
        result.written.pop()  # its rename failed (a file locked by Excel…): not written
    return result


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode: the same after a rename, another file's otherwise."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def department_tables(figures: RunFigures, code: str):
    """The data tables of a department's workbook (writers.WorkbookTables)."""
    from officefiches import writers

    return writers.WorkbookTables(
        lines=figures.department_rows(code),
        region_detail=figures.detail(geography.region_of(code)),
        france_detail=figures.detail(None),
        labels=figures.labels,
        previous_detail=figures.previous_detail([code]),
    )


def synthesis_tables(figures: RunFigures, whole: geography.Region | None):
    """The data tables of a region's (France's when `whole` is None) workbook."""
    from officefiches import writers

    return writers.SynthesisTables(
        detail=figures.detail(whole),
        members=figures.members_detail(whole),
        labels=figures.labels,
        parent_detail=figures.detail(None) if whole is not None else None,
        previous_detail=figures.previous_detail(list(whole.departments) if whole else None),
    )


def carried_work(job: Job, workbook: Path, state: RunState, notes: list[str]) -> TeamWork:
    """The team's work this job's documents carry, said in `notes`: the short labels and
    messages of the workbook already at `workbook` (a rebuild keeps them, even with --force),
    over what `--carry-over` brings from another year (labels applied, messages set aside)."""
    from officefiches.readback import fiche as readback

    other = state.carried_over.get(job.document)
    work = other.for_year() if other else TeamWork()
    if other:
        notes.append(f"{workbook.name} : {other.summary()}")
    existing = readback.read_team_work(workbook) if state.carry and workbook.is_file() else None
    if existing is None or not existing:
        return work
    notes.append(
        f"{workbook.name} : {len(existing.short_labels)} libellé(s) court(s) et "
        f"{len(existing.messages)} message(s) de l'équipe repris du classeur existant"
    )
    earlier = (
        (work.earlier_messages, work.earlier_year)
        if other
        else (existing.earlier_messages, existing.earlier_year)
    )
    return TeamWork(
        short_labels=work.short_labels | existing.short_labels,  # this year's edits win
        messages=dict(existing.messages),
        official=work.official | existing.official,
        earlier_messages=dict(earlier[0]),
        earlier_year=earlier[1],
    )


def deck_writer(doc, team, state: RunState, created) -> Callable[[Path], None]:
    """Writes the deck of `doc` (a Fiche or a Synthesis) with the run's options and the team's
    work, into the path given."""
    from officefiches import writers

    options = state.write
    deck_options = writers.DeckOptions(
        figures=options.figures,
        template=options.template,
        created=created,
        shared=state.shared,
        logos=options.logos,
        short_labels=dict(team.short_labels),
        messages={title: text for title, text in team.messages.values()},
    )
    return lambda tmp: writers.write_deck(doc, tmp, deck_options)


def _write_department(job: DepartmentJob, state: RunState, before_rename) -> list[str]:
    """Write a department's files; returns what it says it did (the team's work carried)."""
    from officefiches import writers

    notes: list[str] = []
    figures, options = state.figures, state.write
    dept = job.department
    fiche = figures.fiche(dept, state.territoires.get(dept.code, Territoires(names=())))
    created = creation_time()
    outputs = job.outputs(options.out, state.folder, options.pdf)
    team = carried_work(job, outputs.workbook, state, notes)

    def workbook(tmp: Path) -> None:
        tables = department_tables(figures, dept.code)
        writers.write_workbook(fiche, tables, tmp, created=created, team=team)

    deck = deck_writer(relabel(fiche, team.short_labels), team, state, created)
    write_documents(outputs, workbook, deck, state, before_rename)
    return notes


def _write_synthesis(job: SynthesisJob, state: RunState, before_rename) -> list[str]:
    """Write a synthesis's files; returns what it says it did (the team's work carried)."""
    from officefiches import writers

    notes: list[str] = []
    options = state.write
    synthesis = state.figures.synthesis(job.whole)
    created = creation_time()
    outputs = job.outputs(options.out, state.folder, options.pdf)
    team = carried_work(job, outputs.workbook, state, notes)

    def workbook(tmp: Path) -> None:
        tables = synthesis_tables(state.figures, job.whole)
        writers.write_workbook(synthesis, tables, tmp, created=created, team=team)

    doc = relabel(synthesis, team.short_labels)
    deck = deck_writer(doc, team, state, created)
    write_documents(outputs, workbook, deck, state, before_rename)
    return notes


def _write_deck_of_workbook(job: DeckJob, state: RunState, before_rename) -> None:
    """`officefiches deck`: the deck of a workbook read back, with the team's work."""
    read = state.documents[job.workbook]
    if job.deck not in state.skip:
        with atomic_path(job.deck, before_rename) as tmp:
            deck_writer(read.doc, read.team, state, creation_time())(tmp)
    if job.pdf is not None and job.pdf not in state.skip:
        from officefiches.run import pdf as pdf_writer

        pdf_writer.convert(job.deck, job.pdf, before_rename=before_rename)


def write_documents(outputs: Outputs, workbook, deck, state: RunState, before_rename) -> None:
    """The workbook, the deck and its PDF, each written atomically and recorded as it lands,
    unless it is an edited file to keep. The workbook lands (flushed to disk, recorded,
    renamed) while the deck is written."""
    with Landing() as landing:
        if outputs.workbook not in state.skip:
            with atomic_path(outputs.workbook, before_rename, landing) as tmp:
                workbook(tmp)
        if outputs.deck in state.skip:
            return  # the team's deck is kept, and so is the PDF made of it
        with atomic_path(outputs.deck, before_rename, landing) as tmp:
            deck(tmp)
    if outputs.pdf is not None and outputs.pdf not in state.skip:
        from officefiches.run import pdf as pdf_writer

        pdf_writer.convert(outputs.deck, outputs.pdf, before_rename=before_rename)
