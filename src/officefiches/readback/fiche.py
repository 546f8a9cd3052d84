"""Reading back a workbook officefiches wrote, as a team saved it: its data Tables (read by
readback/workbook.py, tolerantly) become the same frames the build uses, and from them the same
Fiche or Synthesis (figures.department_fiche, figures.synthesis_doc), with the team's short
labels (« Libellés ») and key messages (« Messages »)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from officefiches import geography
from officefiches.compute import aggregate, figures, indicators
from officefiches.errors import DataError, UsageError
from officefiches.model import (
    EXPORT,
    IMPORT,
    UNASSIGNED,
    Fiche,
    Scope,
    Synthesis,
    TeamWork,
    Territoires,
)
from officefiches.readback.workbook import Book, TableRows, reading_notes, required_tables
from officefiches.source import reader
from officefiches.source.labels import Labels
from officefiches.writers import sections
from officefiches.writers.xlsx import bookmeta
from officefiches.writers.xlsx.bookmeta import (
    A129,
    A129_LABEL,
    COUNTRY,
    COUNTRY_LABEL,
    CPF4,
    CPF4_LABEL,
    DEPARTMENT,
    FLUX,
    MASS,
    QUARTER,
    VALUE,
    YEAR_COLUMN,
)


@dataclass
class ReadBack:
    """A workbook read back: its document (recomputed from its Tables) and the team's work."""

    path: Path
    kind: str  # "departement", "region", "france"
    doc: Fiche | Synthesis
    team: TeamWork
    warnings: list[str]


# --- Tables → frames ------------------------------------------------------------------------


class _Labels:
    """The official labels the Tables carry, code → label (the first one read)."""

    def __init__(self):
        self.a129: dict[str, str] = {}
        self.cpf4: dict[str, str] = {}
        self.pays: dict[str, str] = dict(bookmeta.FOLDED)

    def add(self, kind: str, code: str, label: str) -> None:
        if label:
            getattr(self, kind).setdefault(code, label)

    def labels(self, source: str) -> Labels:
        return Labels(a129=self.a129, cpf4=self.cpf4, pays=self.pays, source=source)


def detail_frame(table: TableRows, labels: _Labels) -> pd.DataFrame:
    """A flux × A129 × country Table (Region, France, Precedent) as a frame."""
    cols = {h: table.index(h) for h in (FLUX, A129, A129_LABEL, COUNTRY, COUNTRY_LABEL, VALUE)}
    mass = MASS in [str(h).strip() for h in table.headers]
    records = []
    for i in table.kept_rows(list(cols.values())):
        a129, pays = table.code(i, cols[A129]), table.code(i, cols[COUNTRY])
        labels.add("a129", a129, table.text(i, cols[A129_LABEL]))
        labels.add("pays", pays, table.text(i, cols[COUNTRY_LABEL]))
        records.append(
            (
                table.flux(i, cols[FLUX]),
                a129,
                pays,
                table.number(i, cols[VALUE]),
                table.number(i, table.index(MASS)) if mass else 0,
            )
        )
    frame = pd.DataFrame.from_records(records, columns=["flux", "a129", "pays", "valeur", "masse"])
    return frame.astype({"valeur": "int64", "masse": "int64"})


def lines_frame(
    table: TableRows, labels: _Labels, department: str, year: int, period=None
) -> pd.DataFrame:
    """The Table "Lignes" as the canonical frame (reader.COLUMNS): every row the fiche's
    department's and year's, or of its period's quarters (another's row, pasted in, is
    refused: it would be counted)."""
    quarters = set(period.quarters) if period is not None else None
    headers = (FLUX, QUARTER, YEAR_COLUMN, DEPARTMENT, A129, A129_LABEL, CPF4, CPF4_LABEL,
               COUNTRY, COUNTRY_LABEL, VALUE, MASS)  # fmt: skip
    c = {h: table.index(h) for h in headers}
    records = []
    for i in table.kept_rows(list(c.values())):
        if table.code(i, c[DEPARTMENT], 2) != department:
            shown = table.text(i, c[DEPARTMENT], 2)
            raise table.refuse_row(
                i,
                c[DEPARTMENT],
                f"ligne du département « {shown} », la fiche est celle du département {department}",
            )
        if quarters is not None:
            when = (table.number(i, c[YEAR_COLUMN]), table.number(i, c[QUARTER]))
            if when not in quarters:
                shown = f"T{table.text(i, c[QUARTER])} {table.text(i, c[YEAR_COLUMN])}"
                raise table.refuse_row(
                    i,
                    c[YEAR_COLUMN],
                    f"ligne du trimestre « {shown} », hors de la période de la fiche "
                    f"({period.words})",
                )
        elif table.number(i, c[YEAR_COLUMN]) != year:
            shown = table.text(i, c[YEAR_COLUMN])
            raise table.refuse_row(
                i, c[YEAR_COLUMN], f"ligne de l'année « {shown} », la fiche est celle de {year}"
            )
        a129, cpf4, pays = (
            table.code(i, c[A129]),
            table.code(i, c[CPF4], 4),
            table.code(i, c[COUNTRY]),
        )
        labels.add("a129", a129, table.text(i, c[A129_LABEL]))
        labels.add("cpf4", cpf4, table.text(i, c[CPF4_LABEL]))
        labels.add("pays", pays, table.text(i, c[COUNTRY_LABEL]))
        quarter = table.number(i, c[QUARTER])
        if quarter not in (1, 2, 3, 4):
            raise table.error(i, c[QUARTER], "n'est pas un trimestre (1 à 4)", quarter)
        try:
            region = geography.region_of(department).dgddi
        except Exception:  # noqa: BLE001 - a code of no region: its lines count for France only
            region = ""
        records.append(
            (
                table.flux(i, c[FLUX]),
                quarter,
                year,
                department,
                region,
                a129,
                cpf4,
                pays,
                table.number(i, c[VALUE]),
                table.number(i, c[MASS]),
            )
        )
    frame = pd.DataFrame.from_records(records, columns=reader.COLUMNS)
    return reader.canonical(frame)


def members_frame(table: TableRows, kind: str, labels: _Labels, members: set[str]) -> pd.DataFrame:
    """The Table "Membres" as lines of `departement` = the member's code: one of `members`
    (the synthesis's departments or regions) or UNASSIGNED; any other is refused."""
    code_header = bookmeta.MEMBER_HEADERS[kind][0]
    c = {h: table.index(h) for h in (FLUX, code_header, COUNTRY, COUNTRY_LABEL, VALUE)}
    width = 2  # department and region codes alike, their zeros given back
    records = []
    for i in table.kept_rows(list(c.values())):
        pays = table.code(i, c[COUNTRY])
        labels.add("pays", pays, table.text(i, c[COUNTRY_LABEL]))
        member = table.text(i, c[code_header], width)
        if member.upper() not in members | {UNASSIGNED}:
            raise table.refuse_row(
                i,
                c[code_header],
                f"« {member} » n'est pas l'un des membres de la synthèse "
                f"({', '.join(sorted(members))}, ou {UNASSIGNED} pour les lignes d'aucun)",
            )
        member = member.upper()
        records.append((table.flux(i, c[FLUX]), member, pays, table.number(i, c[VALUE])))
    frame = pd.DataFrame.from_records(records, columns=["flux", "departement", "pays", "valeur"])
    return frame.astype({"valeur": "int64"})


# --- the team's work: « Libellés » and « Messages » ------------------------------------------


def team_work(book: Book) -> TeamWork:
    """The filled short labels and messages (a missing Table is a warning: nothing to use)."""
    work = TeamWork()
    if bookmeta.TABLE_LABELS in book.tables:
        table = book.table(bookmeta.TABLE_LABELS)
        c = [table.index(h) for h in bookmeta.LABEL_COLUMNS]
        for i in table.kept_rows([c[3]]):
            kind = bookmeta.LABEL_KINDS.get(table.text(i, c[0]))
            code, short = table.text(i, c[1]), " ".join(table.text(i, c[3]).split())
            if kind is None or not code:
                work.warnings.append(
                    f"{book.name}, onglet « {table.sheet} », ligne {table.cell(i, c[3])} : "
                    f"libellé court « {short} » ignoré (type ou code absent)."
                )
                continue
            work.short_labels[(kind, code)] = short
            work.official[(kind, code)] = table.text(i, c[2])
    else:
        work.warnings.append(
            f"{book.name} : le tableau « {bookmeta.TABLE_LABELS} » (onglet « Libellés ») est "
            "absent : aucun libellé court n'est repris."
        )
    if bookmeta.TABLE_MESSAGES in book.tables:
        table = book.table(bookmeta.TABLE_MESSAGES)
        title_col, message_col = (table.index(h) for h in bookmeta.MESSAGE_COLUMNS)
        for i in table.kept_rows([message_col]):
            title, message = table.text(i, title_col), table.text(i, message_col)
            work.messages[sections.key(title)] = (title, message)
        _earlier_messages(table, title_col, work)
    else:
        work.warnings.append(
            f"{book.name} : le tableau « {bookmeta.TABLE_MESSAGES} » (onglet « Messages ») est "
            "absent : aucun message n'est repris."
        )
    return work


def _earlier_messages(table, title_col: int, work: TeamWork) -> None:
    """The « Message de AAAA » column (messages carried from another year), kept by a rebuild."""
    for header in (str(h).strip() for h in table.headers):
        year = bookmeta.earlier_year(header)
        if year is None:
            continue
        column = table.index(header)
        work.earlier_year = year
        for i in table.kept_rows([column]):
            title, message = table.text(i, title_col), table.text(i, column)
            work.earlier_messages[sections.key(title)] = (title, message)
        return


def read_team_work(path: Path) -> TeamWork | None:
    """The team's short labels and messages of an existing workbook, for `build` to carry into
    the new one; None when the file is not a workbook of ours (nothing to carry)."""
    try:
        return team_work(Book(path))
    except (UsageError, DataError):
        return None


# --- the document ------------------------------------------------------------------------------


def _with_concentration(exposure, stored: dict | None):
    """A region's or France's exposure with the partner concentrations kept in the workbook
    (its Table names only some countries)."""
    if not stored:
        return exposure
    return dataclasses.replace(
        exposure, partners_export=stored[EXPORT], partners_import=stored[IMPORT]
    )


def _scope(frame: pd.DataFrame, scope: Scope, labels, stored=None):
    exposure = indicators.exposure(frame, scope, labels)
    return aggregate.scope_figures(frame, scope, labels), _with_concentration(exposure, stored)


def read(path: Path) -> ReadBack:
    """The workbook's document, recomputed from its Tables, and the team's work."""
    book = Book(path)
    params = book.params
    work = team_work(book)
    found = _Labels()
    read_tables = {name: book.table(name) for name in required_tables(book.kind, params)}
    document = params["document"]
    whole_region = geography.region(book.code) if book.kind == "region" else None
    members = set(figures.member_groups(whole_region).values())
    frames = {}
    for name, table in read_tables.items():
        if name == bookmeta.TABLE_LINES:
            data = params["data"]
            frames[name] = lines_frame(table, found, document["code"], data.year, data.period)
        elif name == bookmeta.TABLE_MEMBERS:
            codes = {code for code, _ in members}
            frames[name] = members_frame(table, book.kind, found, codes)
        else:
            frames[name] = detail_frame(table, found)
    labels = found.labels(params["data"].label_source)
    stored = params["concentrations"]
    previous = frames.get(bookmeta.TABLE_PREVIOUS)
    france = _scope(frames[bookmeta.TABLE_FRANCE], figures.FRANCE, labels, stored.get("france"))
    if book.kind == "departement":
        region_code, region_name = document["region"]
        region = _scope(
            frames[bookmeta.TABLE_REGION],
            Scope("region", region_code, region_name),
            labels,
            stored.get("region"),
        )
        doc = figures.department_fiche(
            params["data"],
            labels,
            Scope("department", document["code"], document["nom"]),
            frames[bookmeta.TABLE_LINES],
            region,
            france,
            params["territoires"] or Territoires(names=()),
            previous,
            params["previous_year"],
            trends=params["trends"],
            quarters=params["quarters"],
        )
    else:
        if whole_region is not None:
            scope = Scope("region", whole_region.insee, whole_region.name)
            whole = _scope(frames[bookmeta.TABLE_REGION], scope, labels)
            parent = france
        else:
            whole = _scope(frames[bookmeta.TABLE_FRANCE], figures.FRANCE, labels)
            parent = None
        groups = {code: (code, name) for code, name in members}
        doc = figures.synthesis_doc(
            params["data"],
            labels,
            whole,
            parent,
            frames[bookmeta.TABLE_MEMBERS],
            groups,
            previous,
            params["previous_year"],
            trends=params["trends"],
            quarters=params["quarters"],
        )
    warnings = reading_notes(book, list(read_tables.values())) + work.warnings
    warnings += _unused_messages(book, doc, work)
    doc = figures.relabel(doc, work.short_labels)  # every name the deck shows is the team's
    return ReadBack(book.path, book.kind, doc, work, warnings)


def _unused_messages(book: Book, doc, work: TeamWork) -> list[str]:
    """A message whose slide title is not in the deck any more (the title was edited)."""
    titles = {sections.key(t) for t in sections.titles(doc)}
    lost = [title for key, (title, _) in work.messages.items() if key not in titles]
    if not lost:
        return []
    return [
        f"{book.name} : message(s) sans diapositive de ce titre, non repris : "
        + " ; ".join(f"« {t} »" for t in lost)
        + ". Remettez le titre de la diapositive tel qu'il était dans l'onglet « Messages »."
    ]
