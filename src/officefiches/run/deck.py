"""`officefiches deck WORKBOOK.xlsx…`: the deck of workbooks a team edited, in build.py's style.

Every workbook is read back first (readback/fiche.py: the document recomputed from its Tables, the
team's short labels and messages), so that a bad workbook stops the run before anything is
written (exit 2 for a workbook that is not ours or lacks a Table, exit 1 for a value that is
not a number). Then each deck is a job (jobs.DeckJob) run by parallel.run_all, written through
the atomic writer and recorded in the manifest of its folder; a deck edited by hand since
officefiches wrote it is kept unless --force, like build's files. The manifest is the one of the
build that wrote the workbook (the nearest folder above the deck holding one), else the deck's
folder's own; that folder is locked for the run.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from officefiches.errors import UsageError
from officefiches.run.build import (
    BuildReport,
    Reporter,
    check_deck_options,
    prepare_output,
    result_handler,
    use_team_texts,
)
from officefiches.run.jobs import DeckJob, RunState, WriteOptions
from officefiches.run.manifest import JOURNAL_NAME, MANIFEST_NAME, Manifest, OutputLock, save_all

LABEL_ROOM_INCHES = 1.9  # the narrowest name column of the deck (the evolution chart), 11 pt
LABEL_SIZE = 11


@dataclass(frozen=True)
class DeckCommandOptions:
    workbooks: tuple[Path, ...]
    out: Path | None = None  # default: beside each workbook
    template: Path | None = None
    logos: tuple[Path, ...] = ()
    figures: str = "shapes"
    pdf: bool = False
    force: bool = False
    quiet: bool = False
    jobs: int = 1
    start_method: str | None = None
    texts: Path | None = None  # the team's texts folder (--texts); None: textes/ of the config


def manifest_root(folder: Path) -> Path:
    """The folder whose manifest records a deck written in `folder`: the nearest one at or
    above it holding a manifest (the build's output folder), else `folder` itself."""
    folder = Path(folder).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / MANIFEST_NAME).is_file() or (candidate / JOURNAL_NAME).is_file():
            return candidate
    return folder


def plan(options: DeckCommandOptions) -> list[DeckJob]:
    """One job per workbook: its deck beside it (or in --out), same name, .pptx."""
    if not options.workbooks:
        raise UsageError("Indiquez au moins un classeur : officefiches deck CLASSEUR.xlsx")
    jobs, seen = [], {}
    for workbook in options.workbooks:
        workbook = Path(workbook)
        if not workbook.is_file():
            raise UsageError(f"Classeur introuvable : {workbook}")
        folder = Path(options.out) if options.out is not None else workbook.parent
        deck = folder / (workbook.stem + ".pptx")
        if deck.resolve() in seen:
            raise UsageError(
                f"{workbook} et {seen[deck.resolve()]} donneraient la même présentation {deck} : "
                "donnez-les séparément, ou renommez l'un des classeurs."
            )
        seen[deck.resolve()] = workbook
        pdf = deck.with_suffix(".pdf") if options.pdf else None
        jobs.append(DeckJob(workbook, deck, pdf, manifest_root(folder)))
    return jobs


def check_kind(path: Path) -> None:
    """A deck, a PDF, a CSV or any file that is not a workbook is refused for what it is
    (UsageError, exit 2), naming the workbook to give when it lies beside it."""
    from officefiches.source import filekind

    found = filekind.kind(path)
    if found == filekind.DECK:
        beside = path.with_suffix(".xlsx")
        workbook = f" : {beside}" if beside.is_file() else ""
        raise UsageError(
            f"{path} est une présentation PowerPoint : donnez le classeur .xlsx correspondant"
            f"{workbook} (officefiches deck CLASSEUR.xlsx écrit la présentation à côté)."
        )
    if found in (filekind.TEXT, filekind.PDF, filekind.DOCUMENT):
        what = "un fichier texte ou CSV" if found == filekind.TEXT else filekind.NAMES[found]
        raise UsageError(
            f"{path} est {what}, pas un classeur Excel : donnez un classeur .xlsx écrit par "
            "« officefiches build » (officefiches deck out/ANNÉE/RÉGION/CODE-DÉPARTEMENT.xlsx)."
        )


def too_long(read) -> list[str]:
    """The team's short labels and messages that the slides have to shorten (their full text
    goes into the notes)."""
    from officefiches.writers.pptx import textfit
    from officefiches.writers.pptx.deck import MESSAGE_LINES, MESSAGE_SIZES, WIDE, Deck
    from officefiches.writers.pptx.drawing import inches

    found = []
    room = inches(LABEL_ROOM_INCHES)
    for text in read.team.short_labels.values():
        if textfit.width(text, LABEL_SIZE) > room:
            found.append(f"libellé court « {text} »")
    width = WIDE[0] - 2 * Deck.MARGIN - inches(0.3)
    for title, text in read.team.messages.values():
        if len(textfit.wrap(text, MESSAGE_SIZES[-1], width, True)) > MESSAGE_LINES:
            found.append(f"message de « {title} »")
    return found


def run_deck(options: DeckCommandOptions, reporter: Reporter) -> BuildReport:
    from officefiches import atomic, writers
    from officefiches.readback import fiche as readback
    from officefiches.readback import workbook as booktables
    from officefiches.run import parallel

    report = BuildReport()
    warn = report.warner(reporter)
    jobs = plan(options)
    texts = use_team_texts(options.texts, reporter, warn)
    check_deck_options(options.template, options.logos, options.pdf)
    for job in jobs:  # every marker first: a workbook not ours stops the run at once
        check_kind(job.workbook)
        booktables.check_marker(job.workbook)
    documents = {}
    for job in jobs:
        read = readback.read(job.workbook)
        documents[job.workbook] = read
        for message in read.warnings:
            warn(message)
        long = too_long(read)
        if long:
            warn(
                f"{job.workbook.name} : trop long pour la place prévue sur les diapositives, "
                f"raccourci à l'écran avec « … » (texte entier dans les notes) : "
                + " ; ".join(long)
                + "."
            )
        report.year, report.period = read.doc.year, read.doc.data.period
        report.is_demo = report.is_demo or read.doc.data.is_demo
    roots = sorted({job.root for job in jobs})
    for root in roots:
        prepare_output(root)
    with ExitStack() as stack:
        for root in roots:
            stack.enter_context(OutputLock(root))
        manifests = {root: Manifest.load(root) for root in roots}
        skip = set()
        if not options.force:
            for job in jobs:
                for path in (job.deck, job.pdf):
                    if path is not None and manifests[job.root].is_protected(path):
                        skip.add(path)
                        report.protected.append(path)
                        warn(f"modifié depuis sa génération : {path} ; --force pour l'écraser")
        state = RunState(
            figures=None,
            territoires={},
            write=WriteOptions(
                options.out or Path("."),
                options.figures,
                options.template,
                options.pdf,
                tuple(options.logos),
                texts,
            ),  # fmt: skip
            skip=frozenset(skip),
            shared=writers.SharedFigures(),
            documents=documents,
        )

        def remember(path: Path, digest: str) -> None:  # in the manifest of its output folder
            root = next(r for r in roots if path.resolve().is_relative_to(r))
            manifests[root].remember(path, digest)

        on_result = result_handler(report, reporter, len(jobs), remember)
        try:
            parallel.run_all(jobs, state, options.jobs, on_result, options.start_method)
        finally:
            # only the folders this run wrote into, not their sub-folders (a team's own files)
            written = {p.parent for job in jobs for p in (job.deck, job.pdf) if p is not None}
            for folder in sorted(written | set(roots)):
                atomic.remove_leftovers(folder, recursive=False)
            save_all(manifests[root] for root in roots)
    return report


def default_jobs() -> int:
    return os.cpu_count() or 1
