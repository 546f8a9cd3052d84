"""Finding the user's files: folders, ZIPs as published, single files; nothing ignored silently.

`find(paths)` sorts what it finds into data files, label annexes and demo markers, and lists in one
warning everything it does not read (a ZIP inside a ZIP, a `.csv`, other names, special files). A
ZIP member is read into memory, never extracted to disk, and only below a size limit (against ZIP
bombs). Every failure (a bad CRC, an encrypted member, an unreadable file, a FIFO given as data) is
a `DataError` whose French message says what to do.

Each file has two names: `name`, as the outputs cite it (its file name; for a ZIP member the ZIP's
file name and the member: never a folder of the user's machine), and `where`, as error messages
show it on the terminal (the path given, to find the file).
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from officefiches.errors import DataError
from officefiches.formatting import number
from officefiches.source import labels

DATA_NAME = re.compile(r"^(region_\d{4}_(export|import)|regional_cpf4pays[ei])\.txt$", re.I)
ANNUAL_NAME = re.compile(r"^region_(\d{4})_(export|import)\.txt$", re.I)
ROLLING_NAME = re.compile(r"^regional_cpf4pays([ei])\.txt$", re.I)
DEMO_MARKER = "DONNEES-DE-DEMONSTRATION.txt"  # written by `officefiches data demo` (see demo.py)
# Companions of the official files, known and not needed: not read, not worth a warning.
QUIET_NAMES = {"lisez-moi.txt", "sources.json"}
QUIET_PREFIX = "description-des-jeux-de-donnees"  # the official description (PDF)
# Another product users mix up with ours: the national files (monthly, NC8, no department),
# `NATIONAL_NC8PAYSE.txt` in `202406-stat-national-ce-export.zip`. Refused, saying what to take.
NATIONAL_NAME = re.compile(r"^national_|stat-national", re.I)
NATIONAL_HINT = (
    "officefiches lit les fichiers régionaux et départementaux : Region_AAAA_Export.txt et "
    "Region_AAAA_Import.txt (année complète) ou REGIONAL_CPF4PAYSE.txt et REGIONAL_CPF4PAYSI.txt "
    "(dernière publication), « Statistiques régionales et départementales du commerce "
    "extérieur » sur lekiosque.finances.gouv.fr, douane.gouv.fr ou data.gouv.fr. Téléchargez-les "
    "à la place (ou « officefiches data fetch »)."
)
# The older kiosque extracts per region: Excel workbooks, a header line, thousands of euros.
EXCEL_SUFFIXES = (".xls", ".xlsx")
KIOSQUE_HINT = (
    "c'est sans doute un ancien extrait du kiosque (classeur ou tableau avec une ligne d'en-tête, "
    "valeurs en milliers d'euros), qui ne se lit pas comme les fichiers des douanes en euros. "
    + NATIONAL_HINT.replace("officefiches lit", "Attendus")
)

# Against ZIP bombs: the real data files are about 100 MB (2 million lines) and compress about
# 10:1; a member beyond either limit is refused before it is decompressed.
MAX_MEMBER_BYTES = 1 << 30  # 1 GiB decompressed
MAX_RATIO = 200  # decompressed / compressed, for members above RATIO_FROM bytes
RATIO_FROM = 16 << 20
CHUNK = 1 << 20

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Input:
    """One file to read; its bytes are loaded only when needed."""

    name: str  # as outputs cite it: "Regional-2024-export.zip › Regional-2024-export/Region_…"
    where: str  # as messages show it: the path given (with the member)
    modified: date
    load: Callable[[], bytes]
    # What tells this file's content without reading it: its path and status (size, times to
    # the nanosecond, inode; for a ZIP member, the ZIP's and the member's CRC and size). Any
    # write changes it (ctime), so the cache may keep the SHA-256 of the bytes it stood for.
    identity: str = ""

    @property
    def base_name(self) -> str:
        return base_name(self.name)


@dataclass
class Found:
    data: list[Input] = field(default_factory=list)
    annexes: dict[str, Input] = field(default_factory=dict)  # kind ("a129", "cpf4", "pays")
    markers: list[Input] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # names, with the reason when not obvious


def base_name(name: str) -> str:
    return re.split(r"[/\\›]", name)[-1].strip()


def find(paths: Iterable[Path | str], warn: Warn) -> Found:
    """Every data file, annex and demo marker in `paths`; one warning lists what is not read."""
    found = Found()
    for path in paths:
        path = Path(path)
        items = _expand(path, found)
        alone = not path.is_dir() and not _is_zip(path)
        for item in items:
            _sort(item, found, given_alone=alone)
    if found.ignored:
        shown = ", ".join(found.ignored[:20]) + (" …" if len(found.ignored) > 20 else "")
        warn(
            f"{len(found.ignored)} fichier(s) non lu(s) (ni données des douanes "
            f"Region_AAAA_Export/Import.txt ou REGIONAL_CPF4PAYSE/I.txt, ni annexe de libellés) : "
            f"{shown}"
        )
    return found


def national_error(where: str) -> DataError:
    return DataError(
        f"{where} : fichier national des douanes (mensuel, par produit NC8, sans département), "
        f"dont on ne peut tirer aucune fiche départementale. {NATIONAL_HINT}"
    )


def _sort(item: Input, found: Found, given_alone: bool) -> None:
    base = item.base_name
    kind = labels.annex_kind(base)
    if NATIONAL_NAME.search(base):
        raise national_error(item.where)
    if base.lower().endswith(EXCEL_SUFFIXES):
        if given_alone:
            raise DataError(
                f"{item.where} : classeur Excel, pas un fichier .txt des douanes : {KIOSQUE_HINT}"
            )
        found.ignored.append(f"{item.name} (classeur Excel : ancien extrait du kiosque ?)")
    elif base == DEMO_MARKER:
        found.markers.append(item)
    elif kind is not None:
        if kind in found.annexes:
            found.ignored.append(f"{item.name} (annexe en double : {found.annexes[kind].name} lue)")
        else:
            found.annexes[kind] = item
    elif DATA_NAME.match(base) or given_alone:  # a file given by name is read whatever its name
        found.data.append(item)
    elif not _quiet(base):
        found.ignored.append(item.name)


def _quiet(base: str) -> bool:
    lowered = base.lower()
    return (
        lowered in QUIET_NAMES
        or lowered.startswith(QUIET_PREFIX)
        or bool(labels.DEPARTMENTS_ANNEX.match(base))
    )


def _is_zip(path: Path) -> bool:
    """A ZIP by its name, or by its first bytes (a download saved without the extension); an
    Excel workbook (a ZIP too) is not one."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return False
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as head:
            return head.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _expand(path: Path, found: Found) -> list[Input]:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise DataError(f"Fichier ou dossier introuvable : {path}") from None
    except OSError as error:
        raise DataError(f"{path} : inaccessible ({error.strerror}). Vérifiez les droits.") from None
    if stat.S_ISDIR(mode):
        return _folder(path, found)
    if not stat.S_ISREG(mode):
        raise DataError(
            f"{path} n'est ni un fichier ni un dossier (tube, périphérique ou socket) : donnez "
            "avec --data un dossier, un ZIP ou un fichier .txt des douanes."
        )
    _check_kind(path)
    if _is_zip(path):
        return _zip_members(path, path.name, found)
    return [_file_input(path, path.name)]


EXPECTED = (
    "--data attend les fichiers officiels des douanes (Region_AAAA_Export.txt et "
    "Region_AAAA_Import.txt, seuls, dans un dossier ou dans les ZIP publiés)."
)


def _check_kind(path: Path) -> None:
    """A file given by name that is plainly not customs data (a workbook, a deck, a PDF, a CSV
    of another form) is refused for what it is (UsageError, exit 2)."""
    from officefiches.errors import UsageError
    from officefiches.source import filekind

    office = filekind.is_office(path)
    if office:
        hint = ""
        if filekind.kind(path) in (filekind.WORKBOOK, filekind.DECK):
            hint = (
                " Pour la présentation d'un classeur produit par officefiches : "
                "« officefiches deck CLASSEUR.xlsx »."
            )
        if path.suffix.lower() in EXCEL_SUFFIXES:  # an old kiosque extract, most likely
            if path.suffix.lower() == ".xls":
                office = "un classeur Excel (ancien format .xls)"
            hint = f" {KIOSQUE_HINT[0].upper()}{KIOSQUE_HINT[1:]}{hint}"
        raise UsageError(f"{path} est {office}, pas un fichier des douanes : {EXPECTED}{hint}")
    if path.suffix.lower() == ".csv":
        first = _first_line(path)
        if first.count(";") != 9:  # a customs line has 10 fields
            hint = ""
            if "insee_com" in first.lower():
                hint = " C'est la liste des Territoires d'industrie : donnez-la avec --territoires."
            raise UsageError(
                f"{path} est un fichier CSV qui n'a pas la forme d'un fichier des douanes "
                f"(10 champs séparés par « ; » ; première ligne : « {first[:80]} »). "
                f"{EXPECTED}{hint}"
            )


def _first_line(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return ""
    return head.decode("utf-8-sig", errors="replace").splitlines()[0] if head else ""


def _folder(folder: Path, found: Found) -> list[Input]:
    items: list[Input] = []

    def unreadable(error: OSError) -> None:
        found.ignored.append(f"{Path(error.filename or '?').name} (dossier illisible)")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        found.ignored.extend(f"{name} (lien vers un dossier, non suivi)" for name in links)
        dirs[:] = sorted(d for d in dirs if d not in links)
        for name in sorted(files):
            path = Path(root) / name
            try:
                regular = path.is_file()  # follows a link, like reading would
            except OSError:
                regular = False
            if not regular:
                found.ignored.append(f"{name} (pas un fichier ordinaire)")
            elif _is_zip(path):
                items.extend(_zip_members(path, name, found))
            else:
                items.append(_file_input(path, name))
    return items


def _file_input(path: Path, name: str) -> Input:
    def load() -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise DataError(
                f"{path} : lecture impossible ({error.strerror}). Vérifiez les droits du fichier "
                "(ou copiez-le ailleurs) et relancez."
            ) from None

    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime).date()
    except (OSError, ValueError, OverflowError):
        modified = date.today()
    return Input(name=name, where=str(path), modified=modified, load=load, identity=_status(path))


def _status(path: Path) -> str:
    """The file's path and status, as `Input.identity` needs them ("" when unknown)."""
    try:
        st = path.stat()
        where = path.resolve()
    except (OSError, RuntimeError):
        return ""
    return f"{where}|{st.st_dev}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}"


def _zip_members(path: Path, name: str, found: Found) -> list[Input]:
    if NATIONAL_NAME.search(name):  # refused by its name, unopened
        raise national_error(str(path))
    archive = _open_zip(path)
    with archive:
        infos = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
    try:
        zip_date = datetime.fromtimestamp(path.stat().st_mtime).date()
    except (OSError, ValueError, OverflowError):
        zip_date = date.today()
    items = []
    status = _status(path)
    for info in infos:
        shown = f"{name} › {info.filename}"

        def load(info=info, where=f"{path} › {info.filename}") -> bytes:
            return _read_member(path, info, where)

        identity = f"{status}|{info.filename}|{info.CRC}|{info.file_size}" if status else ""
        where = f"{path} › {info.filename}"
        items.append(Input(shown, where, _member_date(info, zip_date), load, identity))
    return items


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise DataError(
            f"{path} : ce n'est pas un fichier ZIP valide (téléchargement incomplet ?). "
            "Téléchargez-le à nouveau."
        ) from None
    except OSError as error:
        raise DataError(
            f"{path} : lecture impossible ({error.strerror}). Vérifiez les droits du fichier."
        ) from None


def _member_date(info: zipfile.ZipInfo, fallback: date) -> date:
    """The member's date; a ZIP may hold a zero or impossible one: the ZIP file's date then."""
    try:
        return date(*info.date_time[:3])
    except (ValueError, TypeError):
        return fallback


def member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a member must not be decompressed (encrypted, too big), or None."""
    if info.flag_bits & 0x1:
        return "il est chiffré (protégé par un mot de passe)"
    if info.file_size > MAX_MEMBER_BYTES:
        return (
            f"il occuperait {number(info.file_size / 1e9, 1)} Go une fois décompressé "
            f"(limite : {number(MAX_MEMBER_BYTES / 1e9, 1)} Go)"
        )
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return "son taux de compression est anormal (archive piégée ?)"
    return None


def _read_member(path: Path, info: zipfile.ZipInfo, where: str) -> bytes:
    problem = member_problem(info)
    if problem:
        raise DataError(
            f"{where} : lecture refusée, {problem}. Utilisez le ZIP officiel des douanes, "
            "téléchargé à nouveau."
        )
    parts, size = [], 0
    try:
        with _open_zip(path) as archive, archive.open(info) as member:
            while chunk := member.read(CHUNK):
                size += len(chunk)
                if size > MAX_MEMBER_BYTES:  # the header lied about the size
                    raise DataError(
                        f"{where} : lecture refusée, le fichier décompressé dépasse "
                        f"{number(MAX_MEMBER_BYTES / 1e9, 1)} Go (archive piégée ?)."
                    )
                parts.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as error:
        detail = "somme de contrôle (CRC) fausse" if "CRC" in str(error) else "données illisibles"
        raise DataError(
            f"{where} : archive endommagée ({detail}). Téléchargez à nouveau le ZIP officiel."
        ) from None
    except OSError as error:
        raise DataError(f"{where} : lecture impossible ({error.strerror}).") from None
    return b"".join(parts)
