"""Reading back a workbook officefiches wrote, as a team saved it (Excel, LibreOffice, openpyxl):
its data Tables become the same frames the build uses, and from them the same Fiche or
Synthesis (figures.department_fiche, figures.synthesis_doc), with the team's short labels
(« Libellés ») and key messages (« Messages »).

Read with python-calamine (docs/ARCHITECTURE.md: measured against openpyxl). Tolerated: Tables
resized by deleted rows, rows left empty, numbers typed as text (« 1 000 », « 1 000,5 », with
ordinary, no-break or narrow no-break spaces), codes retyped as numbers (« 111 » for « 0111 »),
formulas without cached values (only the Tables' values are read). Refused (UsageError, exit 2):
a workbook without officefiches' marker, or lacking a data Table or the hidden parameters
sheet; (DataError, exit 1): a value that is not a number, naming the sheet, the cell and the
text read.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from officefiches import aggregate, bookmeta, figures, geography, indicators, reader
from officefiches.bookmeta import (
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
from officefiches.errors import DataError, UsageError
from officefiches.labels import Labels
from officefiches.model import EXPORT, IMPORT, Fiche, Scope, Synthesis, Territoires
from officefiches.writers import slides
from officefiches.writers.look import WORDS

CUSTOM_PROPERTIES = "docProps/custom.xml"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
FLUX_WORDS = {words.label.casefold(): flux for flux, words in WORDS.items()} | {
    "e": EXPORT, "i": IMPORT, "exportations": EXPORT, "importations": IMPORT,
}  # fmt: skip
SHEETS = {  # where each Table is, for the messages
    bookmeta.TABLE_LINES: "Données",
    bookmeta.TABLE_REGION: "Données région",
    bookmeta.TABLE_FRANCE: "Données France",
    bookmeta.TABLE_PREVIOUS: "Données AAAA",
    bookmeta.TABLE_MEMBERS: "Données départements / régions",
    bookmeta.TABLE_LABELS: "Libellés",
    bookmeta.TABLE_MESSAGES: "Messages",
}


@dataclass
class TeamWork:
    """What a team wrote: short labels {(kind, code): text}, messages {key(title): (title,
    text)}, and what could not be used (warnings)."""

    short_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    messages: dict[str, tuple[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ReadBack:
    """A workbook read back: its document (recomputed from its Tables) and the team's work."""

    path: Path
    kind: str  # "departement", "region", "france"
    doc: Fiche | Synthesis
    team: TeamWork
    warnings: list[str]


# --- opening and checking -----------------------------------------------------------------------


def custom_properties(path: Path) -> dict[str, str]:
    """The workbook's custom document properties (name → text); UsageError when the file is
    not an Excel workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                xml = archive.read(CUSTOM_PROPERTIES)
            except KeyError:
                return {}
    except (zipfile.BadZipFile, OSError) as error:
        raise UsageError(
            f"{path} n'est pas un classeur Excel (.xlsx) lisible ({error}). Donnez un classeur "
            "écrit par « officefiches build » (et enregistré au format .xlsx)."
        ) from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return {}
    found = {}
    for prop in root:
        name = prop.get("name")
        if name is not None and len(prop):
            found[name] = (prop[0].text or "").strip()
    return found


def check_marker(path: Path) -> tuple[str, str, int]:
    """(kind, code, year) from officefiches' marker; UsageError (exit 2) naming what lacks."""
    props = custom_properties(path)
    if bookmeta.GENERATOR not in props:
        raise UsageError(
            f"{path} n'a pas été produit par officefiches : sa propriété de document "
            f"« {bookmeta.GENERATOR} » est absente (Fichier → Informations → Propriétés). "
            "Donnez un classeur écrit par « officefiches build »."
        )
    try:
        version = int(float(props.get(bookmeta.FORMAT, "")))
        kind = props[bookmeta.DOCUMENT]
        code = props[bookmeta.CODE]
        year = int(float(props[bookmeta.YEAR]))
    except (KeyError, ValueError):
        raise UsageError(
            f"{path} : les propriétés « officefiches … » du classeur sont incomplètes ; "
            "produisez à nouveau le classeur avec « officefiches build »."
        ) from None
    if version > bookmeta.FORMAT_VERSION:
        raise UsageError(
            f"{path} a été écrit par une version plus récente d'officefiches (format {version}) "
            f"; mettez officefiches à jour (format lu : {bookmeta.FORMAT_VERSION})."
        )
    if kind not in bookmeta.KINDS:
        raise UsageError(f"{path} : type de document inconnu (« {kind} »).")
    return kind, code, year


def required_tables(kind: str, params: dict) -> list[str]:
    tables = {
        "departement": [bookmeta.TABLE_LINES, bookmeta.TABLE_REGION, bookmeta.TABLE_FRANCE],
        "region": [bookmeta.TABLE_REGION, bookmeta.TABLE_FRANCE, bookmeta.TABLE_MEMBERS],
        "france": [bookmeta.TABLE_FRANCE, bookmeta.TABLE_MEMBERS],
    }[kind]
    if params.get("previous_year") is not None:
        tables.append(bookmeta.TABLE_PREVIOUS)
    return tables


class Book:
    """An opened workbook of ours: marker checked, parameters read, Tables at hand."""

    def __init__(self, path: Path):
        import python_calamine

        self.path = Path(path)
        self.name = self.path.name
        self.kind, self.code, self.year = check_marker(self.path)
        try:
            self.wb = python_calamine.CalamineWorkbook.from_path(str(self.path), load_tables=True)
        except Exception as error:  # calamine raises its own types for a damaged file
            raise UsageError(f"Classeur illisible : {self.path} ({error}).") from None
        self.params = self._parameters()
        self.tables = set(self.wb.table_names)
        missing = [t for t in required_tables(self.kind, self.params) if t not in self.tables]
        if missing:
            named = ", ".join(f"« {t} » (onglet « {SHEETS[t]} »)" for t in missing)
            raise UsageError(
                f"{self.path} : tableau de données absent ou renommé : {named}. officefiches "
                "relit les tableaux Excel par leur nom (Création de tableau → Nom du tableau) : "
                "rendez-lui son nom, ou produisez à nouveau le classeur avec « officefiches "
                "build »."
            )

    def _parameters(self) -> dict:
        sheet_names = self.wb.sheet_names
        if bookmeta.PARAMETERS_SHEET not in sheet_names:
            raise UsageError(
                f"{self.path} : l'onglet masqué « {bookmeta.PARAMETERS_SHEET} » est absent ; "
                "produisez à nouveau le classeur avec « officefiches build »."
            )
        rows = self.wb.get_sheet_by_name(bookmeta.PARAMETERS_SHEET).to_python()
        pairs = [(str(r[0]), str(r[1])) for r in rows[1:] if len(r) > 1 and r[0] not in ("", None)]
        try:
            return bookmeta.read_parameters(pairs)
        except bookmeta.ParameterError as error:
            raise UsageError(
                f"{self.path} : l'onglet masqué « {bookmeta.PARAMETERS_SHEET} » est abîmé "
                f"(paramètre « {error} ») ; produisez à nouveau le classeur avec "
                "« officefiches build »."
            ) from None

    def table(self, name: str) -> TableRows:
        table = self.wb.get_table_by_name(name)
        return TableRows(self.name, name, str(table.sheet), table.start, list(table.columns),
                         table.to_python())  # fmt: skip


# --- one Table's cells, read tolerantly ------------------------------------------------------


@dataclass
class TableRows:
    book: str  # the workbook's file name (messages)
    name: str
    sheet: str
    start: tuple[int, int]  # 0-based row and column of the first data cell
    headers: list[str]
    rows: list[list]
    text_numbers: list[str] = field(default_factory=list)  # cells of numbers typed as text
    rounded: list[str] = field(default_factory=list)  # cells of decimal euros, rounded

    def index(self, header: str) -> int:
        try:
            return [str(h).strip() for h in self.headers].index(header)
        except ValueError:
            raise UsageError(
                f"{self.book} : la colonne « {header} » du tableau « {self.name} » (onglet "
                f"« {self.sheet} ») est absente ou renommée ; rendez-lui son nom."
            ) from None

    def cell(self, i: int, j: int) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return xl_rowcol_to_cell(self.start[0] + i, self.start[1] + j)

    def kept_rows(self, columns: list[int]) -> list[int]:
        """The rows holding something in `columns` (rows emptied by the team are skipped)."""
        return [
            i
            for i, row in enumerate(self.rows)
            if any(not _empty(row[j] if j < len(row) else None) for j in columns)
        ]

    def error(self, i: int, j: int, what: str, value) -> DataError:
        return DataError(
            f"{self.book}, onglet « {self.sheet} », cellule {self.cell(i, j)} "
            f"(colonne « {self.headers[j]} ») : « {value} » {what}. Corrigez la cellule dans "
            "le classeur, enregistrez-le, puis relancez."
        )

    def number(self, i: int, j: int, integer: bool = True) -> int:
        """A non-negative amount; empty counts as 0 (as SUMIFS reads it)."""
        value = self.rows[i][j] if j < len(self.rows[i]) else None
        if _empty(value):
            return 0
        if isinstance(value, bool):
            raise self.error(i, j, "n'est pas un nombre", value)
        if isinstance(value, (int, float)):
            number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        else:
            number = parse_number(str(value))
            if number is None:
                raise self.error(i, j, "n'est pas un nombre", value)
            self.text_numbers.append(self.cell(i, j))
        if not number.is_finite() or number < 0:
            raise self.error(i, j, "n'est pas un montant positif ou nul", value)
        whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole != number and integer:
            self.rounded.append(self.cell(i, j))
        return int(whole)

    def text(self, i: int, j: int, width: int = 0) -> str:
        """A code or label as text: a code retyped as a number gets its zeros back."""
        value = self.rows[i][j] if j < len(self.rows[i]) else None
        if _empty(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text.zfill(width) if width and text.isdigit() else text

    def flux(self, i: int, j: int) -> str:
        value = self.text(i, j)
        flux = FLUX_WORDS.get(value.casefold())
        if flux is None:
            raise self.error(i, j, "n'est pas un flux (Export ou Import)", value)
        return flux

    def code(self, i: int, j: int, width: int = 0) -> str:
        text = self.text(i, j, width)
        if not text:
            raise self.error(i, j, "est vide : un code est attendu", "")
        return text


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(text: str) -> Decimal | None:
    """« 1 000 », « 1 000,5 », « 1.000,5 », « 1000.5 » (any space as thousands separator);
    None when it is not a number."""
    compact = _SPACES.sub("", text.strip()).replace("\u2212", "-")
    if "," in compact and "." in compact:  # the last one is the decimal separator
        if compact.rfind(",") > compact.rfind("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif compact.count(",") == 1:
        compact = compact.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", compact):
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


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


def lines_frame(table: TableRows, labels: _Labels) -> pd.DataFrame:
    """The Table "Lignes" as the canonical frame (reader.COLUMNS)."""
    headers = (FLUX, QUARTER, YEAR_COLUMN, DEPARTMENT, A129, A129_LABEL, CPF4, CPF4_LABEL,
               COUNTRY, COUNTRY_LABEL, VALUE, MASS)  # fmt: skip
    c = {h: table.index(h) for h in headers}
    records = []
    for i in table.kept_rows(list(c.values())):
        department = table.code(i, c[DEPARTMENT], 2)
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
                table.number(i, c[YEAR_COLUMN]),
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


def members_frame(table: TableRows, kind: str, labels: _Labels) -> pd.DataFrame:
    """The Table "Membres" as lines of `departement` = the member's code."""
    code_header = bookmeta.MEMBER_HEADERS[kind][0]
    c = {h: table.index(h) for h in (FLUX, code_header, COUNTRY, COUNTRY_LABEL, VALUE)}
    width = 2 if kind == "region" else 0
    records = []
    for i in table.kept_rows(list(c.values())):
        pays = table.code(i, c[COUNTRY])
        labels.add("pays", pays, table.text(i, c[COUNTRY_LABEL]))
        member = table.code(i, c[code_header], width)
        records.append((table.flux(i, c[FLUX]), member, pays, table.number(i, c[VALUE])))
    frame = pd.DataFrame.from_records(records, columns=["flux", "departement", "pays", "valeur"])
    return frame.astype({"valeur": "int64"})


def _notes(book: Book, tables: list[TableRows]) -> list[str]:
    """One warning for the numbers typed as text, one for the decimal euros rounded."""
    warnings = []
    text = [f"« {t.sheet} »!{c}" for t in tables for c in t.text_numbers]
    if text:
        shown = ", ".join(text[:10]) + (" …" if len(text) > 10 else "")
        warnings.append(
            f"{book.name} : {len(text)} montant(s) saisi(s) comme du texte, lu(s) comme des "
            f"nombres ({shown}). Les formules d'Excel ignorent ces cellules tant qu'elles "
            "restent du texte : convertissez-les en nombres pour que le classeur montre les "
            "mêmes chiffres que la présentation."
        )
    rounded = [f"« {t.sheet} »!{c}" for t in tables for c in t.rounded]
    if rounded:
        shown = ", ".join(rounded[:10]) + (" …" if len(rounded) > 10 else "")
        warnings.append(
            f"{book.name} : {len(rounded)} montant(s) avec des décimales arrondi(s) à l'euro "
            f"({shown})."
        )
    return warnings


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
            work.messages[slides.key(title)] = (title, message)
    else:
        work.warnings.append(
            f"{book.name} : le tableau « {bookmeta.TABLE_MESSAGES} » (onglet « Messages ») est "
            "absent : aucun message n'est repris."
        )
    return work


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
    frames = {}
    for name, table in read_tables.items():
        if name == bookmeta.TABLE_LINES:
            frames[name] = lines_frame(table, found)
        elif name == bookmeta.TABLE_MEMBERS:
            frames[name] = members_frame(table, book.kind, found)
        else:
            frames[name] = detail_frame(table, found)
    labels = found.labels(params["data"].label_source)
    document = params["document"]
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
        )
    else:
        whole_region = geography.region(book.code) if book.kind == "region" else None
        if whole_region is not None:
            scope = Scope("region", whole_region.insee, whole_region.name)
            whole = _scope(frames[bookmeta.TABLE_REGION], scope, labels)
            parent = france
        else:
            whole = _scope(frames[bookmeta.TABLE_FRANCE], figures.FRANCE, labels)
            parent = None
        members = set(figures.member_groups(whole_region).values())
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
        )
    warnings = _notes(book, list(read_tables.values())) + work.warnings
    warnings += _unused_messages(book, doc, work)
    doc = figures.relabel(doc, work.short_labels)  # every name the deck shows is the team's
    return ReadBack(book.path, book.kind, doc, work, warnings)


def _unused_messages(book: Book, doc, work: TeamWork) -> list[str]:
    """A message whose slide title is not in the deck any more (the title was edited)."""
    titles = {slides.key(t) for t in slides.titles(doc)}
    lost = [title for key, (title, _) in work.messages.items() if key not in titles]
    if not lost:
        return []
    return [
        f"{book.name} : message(s) sans diapositive de ce titre, non repris : "
        + " ; ".join(f"« {t} »" for t in lost)
        + ". Remettez le titre de la diapositive tel qu'il était dans l'onglet « Messages »."
    ]
