"""`build --carry-over`: the team's work of another year's workbooks carried into this year's.

Each workbook given (a file, or every workbook of a folder, its sub-folders included) is opened
as `deck` opens one (readback/): its marker says which document and year it is. For each document
built, the workbook of the nearest other year is carried: its short labels, applied at once (and
kept in « Libellés » when this year's data lack their code), and its messages, shown in
« Messages » beside the slide they were written for (« Message de 2023 ») but never on the slides:
a message about last year's figures may no longer hold. All is read before anything is written:
a file given by name that cannot be carried stops the run (exit 2); in a folder it is skipped
with a warning naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from officefiches import geography
from officefiches.errors import DataError, UsageError
from officefiches.model import TeamWork


@dataclass(frozen=True)
class Carried:
    """Another year's workbook of one document, and the team's work read from it."""

    path: Path
    year: int
    work: TeamWork

    def for_year(self) -> TeamWork:
        """The work as this year's workbook takes it: the labels applied, the messages set
        aside as the other year's."""
        work = self.work
        return TeamWork(
            short_labels=dict(work.short_labels),
            official=dict(work.official),
            earlier_messages=dict(work.messages),
            earlier_year=self.year,
        )

    def summary(self) -> str:
        labels, messages = len(self.work.short_labels), len(self.work.messages)
        return (
            f"{_count(labels, 'libellé court', 'libellés courts')} et "
            f"{_count(messages, 'message à relire', 'messages à relire')} repris du classeur "
            f"de {self.year} ({self.path})"
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}" if n else f"aucun {one.split()[0]}"


def document_of(kind: str, code: str) -> str:
    """How a message names a document: « du département Cher (18) », « de la région Bretagne »."""
    if kind == "departement":
        found = {d.code: d.name for d in geography.departments()}.get(code, code)
        return f"du département {found} ({code})"
    if kind == "region":
        found = {r.insee: r.name for r in geography.regions()}.get(code, code)
        return f"de la région {found}"
    return "de la France entière"


def carry_over(
    sources: Iterable[Path],
    wanted: set[tuple[str, str]],
    year: int,
    warn: Callable[[str], None],
) -> dict[tuple[str, str], Carried]:
    """The work to carry into each document built ((kind, code) in `wanted`) this `year`."""
    found: dict[tuple[str, str], list[Carried]] = {}
    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*.xlsx")):
                if _is_ours_to_skip(path):
                    continue
                try:
                    carried, key = _read(path, year)
                except (UsageError, DataError) as error:
                    warn(f"--carry-over : {path} ignoré ({_reason(error)})")
                    continue
                if key in wanted:
                    found.setdefault(key, []).append(carried)
            continue
        carried, key = _read(source, year)  # a file given by name: refused with its reason
        if key not in wanted:
            raise UsageError(
                f"--carry-over : {source} est le classeur {document_of(*key)} "
                f"({carried.year}), qui n'est pas construit ici. Donnez le classeur d'une autre "
                "année de la même fiche, ou un dossier de classeurs."
            )
        found.setdefault(key, []).append(carried)
    return {key: _nearest(options, year, warn) for key, options in found.items()}


def _is_ours_to_skip(path: Path) -> bool:
    """Excel's lock files (~$…) and hidden files (our temporary names among them)."""
    return path.name.startswith(("~$", "."))


def _reason(error: Exception) -> str:
    return str(error).rstrip(".")


def _read(path: Path, year: int) -> tuple[Carried, tuple[str, str]]:
    """The workbook at `path` as carried work; UsageError when it cannot be."""
    from officefiches.readback.fiche import team_work
    from officefiches.readback.workbook import Book

    book = Book(path)  # refuses what is not a workbook of ours, naming why
    if book.year == year:
        raise UsageError(
            f"--carry-over : {path} est déjà le classeur de {year}. Pour reprendre le travail "
            f"d'un classeur de {year}, relancez simplement « officefiches build » sur son "
            "dossier : ses libellés et ses messages sont repris."
        )
    work = team_work(book)
    if work.warnings:
        raise UsageError(f"--carry-over : {' '.join(work.warnings)}")
    return Carried(path, book.year, work), (book.kind, book.code)


def _nearest(options: list[Carried], year: int, warn) -> Carried:
    """Of several workbooks of one document, the one of the latest year before `year` (else
    the earliest after it); the others said."""
    before = [c for c in options if c.year < year]
    chosen = max(before, key=lambda c: c.year) if before else min(options, key=lambda c: c.year)
    others = [c for c in options if c is not chosen]
    if others:
        names = ", ".join(f"{c.path.name} ({c.year})" for c in others)
        warn(f"--carry-over : {chosen.path} ({chosen.year}) repris ; non repris : {names}")
    return chosen
