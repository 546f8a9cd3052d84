"""Opening a workbook officefiches wrote, as a team saved it (Excel, LibreOffice, openpyxl), and
reading its Tables' cells tolerantly; readback/fiche.py turns them into documents.

Read with python-calamine (docs/ARCHITECTURE.md: measured against openpyxl). Tolerated: Tables
resized by deleted rows, rows left empty, numbers typed as text (« 1 000 », « 1 000,5 », with
ordinary, no-break or narrow no-break spaces), codes retyped as numbers (« 111 » for « 0111 »),
formulas without cached values (only the Tables' values are read). Refused (UsageError, exit 2):
a workbook without officefiches' marker, or lacking a data Table or the hidden parameters
sheet; (DataError, exit 1): a value that is not a number, naming the sheet, the cell and the
text read. What was tolerated is said (`reading_notes`): numbers typed as text, decimal euros
rounded, each with its cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from officefiches.errors import DataError, UsageError
from officefiches.model import EXPORT, IMPORT
from officefiches.source.parsing import CODE, MAX_INT64
from officefiches.writers.look import WORDS
from officefiches.writers.xlsx import bookmeta

CUSTOM_PROPERTIES = "docProps/custom.xml"
RECALCULATE = "recalculez et enregistrez le classeur dans Excel ou LibreOffice, puis relancez"
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


# --- opening and checking -----------------------------------------------------------------------


def custom_properties(path: Path) -> dict[str, str]:
    """The workbook's custom document properties (name → text); UsageError when the file is
    not an Excel workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            _check_format(path, archive)
            try:
                xml = archive.read(CUSTOM_PROPERTIES)
            except KeyError:
                return {}
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise UsageError(_not_a_workbook(path, error)) from None
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


SAVE_AS_XLSX = (
    "enregistrez-le au format .xlsx (Fichier → Enregistrer sous → « Classeur Excel (.xlsx) », "
    "dans LibreOffice « Excel 2007-365 (.xlsx) »), puis relancez sur le fichier .xlsx"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 files, and encrypted workbooks
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted workbook holds


def _check_format(path: Path, archive: zipfile.ZipFile) -> None:
    """A LibreOffice (OpenDocument) file is a zip too: say so, with what to do."""
    if "mimetype" in archive.namelist() and archive.read("mimetype").startswith(
        b"application/vnd.oasis.opendocument"
    ):
        raise UsageError(
            f"{path} est un classeur OpenDocument (.ods, le format par défaut de LibreOffice) : "
            f"officefiches relit les classeurs .xlsx ; {SAVE_AS_XLSX}."
        )


def _not_a_workbook(path: Path, error: Exception) -> str:
    """Why a file that is not a zip is no workbook of ours: password, .xls, truncated, other."""
    try:
        with open(path, "rb") as file:
            head = file.read(1 << 20)
    except OSError as problem:
        return f"{path} ne peut pas être lu ({problem.strerror or problem})."
    if head.startswith(OLE) and ENCRYPTED in head:
        return (
            f"{path} est protégé par un mot de passe : officefiches ne peut pas le lire. "
            "Ouvrez-le dans Excel, Fichier → Informations → Protéger le classeur → Chiffrer avec "
            "un mot de passe, effacez le mot de passe, enregistrez, puis relancez."
        )
    if head.startswith(OLE):
        return f"{path} est un classeur Excel 97-2003 (.xls) ; {SAVE_AS_XLSX}."
    if head.startswith(b"PK"):
        return (
            f"{path} est tronqué ou abîmé ({error}) : copiez-le à nouveau depuis son origine, "
            "ou ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx."
        )
    return (
        f"{path} n'est pas un classeur Excel (.xlsx) lisible ({error}). Donnez un classeur "
        "écrit par « officefiches build » (et enregistré au format .xlsx)."
    )


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
        try:
            rows = self.wb.get_sheet_by_name(bookmeta.PARAMETERS_SHEET).to_python()
        except Exception as error:  # calamine's own types (XmlError…) for a damaged sheet
            raise UsageError(self._damaged(bookmeta.PARAMETERS_SHEET, error)) from None
        pairs = [(str(r[0]), str(r[1])) for r in rows[1:] if len(r) > 1 and r[0] not in ("", None)]
        try:
            return bookmeta.read_parameters(pairs)
        except bookmeta.ParameterError as error:
            raise UsageError(
                f"{self.path} : l'onglet masqué « {bookmeta.PARAMETERS_SHEET} » est abîmé "
                f"(paramètre « {error} ») ; produisez à nouveau le classeur avec "
                "« officefiches build »."
            ) from None

    def _damaged(self, sheet: str, error: Exception) -> str:
        return (
            f"{self.path} : l'onglet « {sheet} » est illisible, le classeur est abîmé ({error}). "
            "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau au format .xlsx, ou "
            "produisez-le à nouveau avec « officefiches build »."
        )

    def table(self, name: str) -> TableRows:
        try:
            table = self.wb.get_table_by_name(name)
            rows = table.to_python()
        except Exception as error:  # calamine's own types (XmlError…) for a damaged sheet
            raise UsageError(self._damaged(SHEETS.get(name, name), error)) from None
        sheet = str(table.sheet)
        return TableRows(self.name, name, sheet, table.start, list(table.columns), rows,
                         uncomputed=uncomputed_formulas(self.path, sheet))  # fmt: skip


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
    uncomputed: set[str] = field(default_factory=set)  # cells of formulas without a result
    totals: dict[int, int] = field(default_factory=dict)  # column → sum of its amounts read

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

    def value(self, i: int, j: int):
        """The cell's value; a formula saved without its result (openpyxl, pandas, scripts)
        is refused rather than read as empty."""
        value = self.rows[i][j] if j < len(self.rows[i]) else None
        if _empty(value) and self.cell(i, j) in self.uncomputed:
            raise DataError(
                f"{self.book}, onglet « {self.sheet} », cellule {self.cell(i, j)} (colonne "
                f"« {self.headers[j]} ») : formule enregistrée sans son résultat ; {RECALCULATE}."
            )
        return value

    def number(self, i: int, j: int, integer: bool = True) -> int:
        """A non-negative amount within the source reader's bounds; empty counts as 0 (as
        SUMIFS reads it). The column's sum is kept, and refused past 63 bits."""
        value = self.value(i, j)
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
        if number > MAX_INT64:
            raise self.error(i, j, f"est trop grand (au plus {MAX_INT64})", value)
        whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole != number and integer:
            self.rounded.append(self.cell(i, j))
        total = self.totals.get(j, 0) + int(whole)
        if total > MAX_INT64:
            raise DataError(
                f"{self.book}, onglet « {self.sheet} » : la somme de la colonne "
                f"« {self.headers[j]} » dépasse {MAX_INT64} (la limite des calculs) à la "
                f"cellule {self.cell(i, j)} : une valeur est sans doute fausse. Corrigez-la, "
                "enregistrez le classeur, puis relancez."
            )
        self.totals[j] = total
        return int(whole)

    def text(self, i: int, j: int, width: int = 0) -> str:
        """A code or label as text: a code retyped as a number gets its zeros back."""
        value = self.value(i, j)
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
        """A code as the source reader checks it: letters and digits, one code whatever its
        case (« de » is Germany's « DE », never a second partner)."""
        text = self.text(i, j, width)
        if not text:
            raise self.error(i, j, "est vide : un code est attendu", "")
        if text in bookmeta.FOLDED:  # the countries folded into one line, our own codes
            return text
        if not CODE.fullmatch(text):
            raise self.error(i, j, "n'est pas un code (lettres et chiffres attendus)", text)
        return text.upper()

    def refuse_row(self, i: int, j: int, what: str) -> DataError:
        """A row that is not the document's: refused, never counted."""
        return DataError(
            f"{self.book}, onglet « {self.sheet} », ligne {self.start[0] + i + 1} (colonne "
            f"« {self.headers[j]} », cellule {self.cell(i, j)}) : {what}. Elle serait comptée "
            "dans les chiffres de la fiche : supprimez la ligne (ou corrigez la cellule), "
            "enregistrez le classeur, puis relancez."
        )


def uncomputed_formulas(path: Path, sheet: str) -> set[str]:
    """The cells of `sheet` holding a formula saved without its result (no cached value), as
    openpyxl, pandas or scripts save them; calamine reads those cells as empty."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return set()
            found, cell, formula, cached = set(), None, False, False
            with archive.open(part) as xml:
                for event, element in ElementTree.iterparse(xml, events=("start", "end")):
                    tag = element.tag.rpartition("}")[2]
                    if event == "start" and tag == "c":
                        cell, formula, cached = element.get("r"), False, False
                    elif event == "end" and tag == "f":
                        formula = True
                    elif event == "end" and tag in ("v", "is"):
                        cached = cached or bool("".join(element.itertext()).strip())
                    elif event == "end" and tag == "c":
                        if formula and not cached and cell:
                            found.add(cell)
                        element.clear()
            return found
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, KeyError, ElementTree.ParseError):
        return set()  # the sheet's values were read: nothing more to learn here


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member of the sheet named `sheet` (workbook.xml and its relationships)."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    }
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(
        (s.get(f"{{{ns['r']}}}id") for s in book.iter(f"{{{ns['m']}}}sheet")
         if s.get("name") == sheet),
        None,
    )  # fmt: skip
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


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


def reading_notes(book: Book, tables: list[TableRows]) -> list[str]:
    """One warning for the numbers typed as text, one for the decimal euros rounded."""
    warnings = []
    count, shown = _cells_listed(tables, "text_numbers")
    if count:
        warnings.append(
            f"{book.name} : {count} montant(s) saisi(s) comme du texte, lu(s) comme des "
            f"nombres ({shown}). Les formules d'Excel ignorent ces cellules tant qu'elles "
            "restent du texte : convertissez-les en nombres pour que le classeur montre les "
            "mêmes chiffres que la présentation."
        )
    count, shown = _cells_listed(tables, "rounded")
    if count:
        warnings.append(
            f"{book.name} : {count} montant(s) avec des décimales arrondi(s) à l'euro ({shown})."
        )
    return warnings


def _cells_listed(tables: list[TableRows], noted: str) -> tuple[int, str]:
    """How many cells the Tables noted (`text_numbers` or `rounded`), the first ten named."""
    cells = [f"« {t.sheet} »!{c}" for t in tables for c in getattr(t, noted)]
    return len(cells), ", ".join(cells[:10]) + (" …" if len(cells) > 10 else "")
