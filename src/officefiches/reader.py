"""The official DGDDI data files → one canonical frame (see docs/ARCHITECTURE.md).

Inputs, as users download them: a directory, a ZIP as published (with a folder inside) or a
single `.txt`; annual files (`Region_YYYY_Export.txt`, `Region_YYYY_Import.txt`) or rolling ones
(`REGIONAL_CPF4PAYSE.txt`, `REGIONAL_CPF4PAYSI.txt`, two years in one file). Headerless, `;`,
CRLF tolerated; codes kept as text, values as integers. The label annexes found beside the data
are used for labels.

Parsing is pyarrow's CSV reader plus vectorised checks; only when a check fails is the file
scanned line by line, to name the first faulty line exactly. Nothing is skipped silently.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from officefiches import cache, labels
from officefiches.errors import DataError
from officefiches.model import DataSource

COLUMNS = [
    "flux",
    "trimestre",
    "annee",
    "departement",
    "region",
    "a129",
    "cpf4",
    "pays",
    "valeur",
    "masse",
]
CODE_COLUMNS = ["flux", "departement", "region", "a129", "cpf4", "pays"]
INTEGER_TYPES = {"trimestre": "int8", "annee": "int16", "valeur": "int64", "masse": "int64"}
DATA_NAME = re.compile(r"^(region_\d{4}_(export|import)|regional_cpf4pays[ei])\.txt$", re.I)
IGNORED_NAMES = {"lisez-moi.txt", "departement_region.txt"}
FIX_HINT = "Corrigez la ligne, ou téléchargez à nouveau le fichier officiel."
BOM = b"\xef\xbb\xbf"
DEMO_MARKER = "DONNEES-DE-DEMONSTRATION.txt"  # written by `officefiches data demo` (see demo.py)

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Dataset:
    """Every line read, where it came from, and the labels to show codes with."""

    frame: pd.DataFrame
    sources: tuple[DataSource, ...]
    labels: labels.Labels
    is_demo: bool = False

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.frame["annee"].unique())

    def quarters(self, year: int) -> tuple[int, ...]:
        rows = self.frame.loc[self.frame["annee"] == year, "trimestre"]
        return tuple(sorted(int(q) for q in rows.unique()))

    def for_year(self, year: int) -> pd.DataFrame:
        return self.frame[self.frame["annee"] == year].reset_index(drop=True)


@dataclass(frozen=True)
class _Input:
    """One file to read: its bytes are loaded only when needed."""

    name: str  # as shown to the user: "Regional-2024-export.zip › Region_2024_Export.txt"
    modified: date
    load: Callable[[], bytes]


def read_data(
    paths: Iterable[Path | str], on_warning: Warn | None = None, use_cache: bool = True
) -> Dataset:
    """Read every data file and annex found in `paths` (directories, ZIPs or .txt files)."""
    warn = on_warning or (lambda _message: None)
    data_inputs: list[_Input] = []
    annexes: dict[str, tuple[bytes, str]] = {}
    is_demo = False
    for path in paths:
        for item in _expand(Path(path), warn):
            kind = labels.annex_kind(_base_name(item.name))
            if _base_name(item.name) == DEMO_MARKER:
                is_demo = True
            elif kind is not None:
                annexes.setdefault(kind, (item.load(), item.name))
            else:
                data_inputs.append(item)
    if not data_inputs:
        shown = ", ".join(str(p) for p in paths)
        raise DataError(
            f"Aucun fichier de données des douanes trouvé dans : {shown}. Attendus : "
            "Region_AAAA_Export.txt / Region_AAAA_Import.txt ou REGIONAL_CPF4PAYSE.txt / "
            "REGIONAL_CPF4PAYSI.txt (dans un dossier, un ZIP ou seuls)."
        )
    tables, sources = [], []
    for item in data_inputs:
        table = _read_cached(item, use_cache)
        tables.append(table)
        sources.append(DataSource(item.name, item.modified.isoformat(), table.num_rows))
    _check_no_overlap(tables, sources)
    frame = canonical(pa.concat_tables(tables).to_pandas())
    chosen = labels.from_annexes(annexes) or labels.builtin_labels()
    if is_demo:  # the demo set's annexes are ours, written in the official layout
        chosen = dataclasses.replace(chosen, source=labels.BUILTIN_SOURCE)
    return Dataset(frame=frame, sources=tuple(sources), labels=chosen, is_demo=is_demo)


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in order, codes as categories (compact, fast to group), integers sized."""
    wanted = {c: "category" for c in CODE_COLUMNS} | INTEGER_TYPES
    if list(frame.columns) == COLUMNS and all(
        str(frame[c].dtype) == dtype for c, dtype in wanted.items()
    ):
        return frame  # already canonical (a parsed or cached table): no copy
    out = pd.DataFrame(
        {column: frame[column].astype("category") for column in CODE_COLUMNS}
        | {column: frame[column].astype(dtype) for column, dtype in INTEGER_TYPES.items()}
    )
    return out[COLUMNS].reset_index(drop=True)


# --- finding the files -------------------------------------------------------------------------


def _base_name(name: str) -> str:
    return re.split(r"[/\\›]", name)[-1].strip()


def _expand(path: Path, warn: Warn) -> Iterator[_Input]:
    if not path.exists():
        raise DataError(f"Fichier ou dossier introuvable : {path}")
    if path.is_dir():
        entries = sorted(p for p in path.rglob("*") if p.is_file())
        for entry in entries:
            if entry.suffix.lower() == ".zip":
                yield from _zip_members(entry, warn)
            elif entry.suffix.lower() == ".txt":
                yield from _kept(_file_input(entry), warn)
        return
    if path.suffix.lower() == ".zip":
        yield from _zip_members(path, warn)
        return
    yield _file_input(path)  # a single file given by name: read it whatever its name


def _kept(item: _Input, warn: Warn) -> Iterator[_Input]:
    """Data files and annexes are kept; other .txt files are mentioned, never read as data."""
    base = _base_name(item.name)
    if DATA_NAME.match(base) or labels.annex_kind(base) or base == DEMO_MARKER:
        yield item
    elif base.lower() not in IGNORED_NAMES:
        warn(f"Fichier ignoré (nom inattendu pour des données des douanes) : {item.name}")


def _file_input(path: Path) -> _Input:
    modified = datetime.fromtimestamp(path.stat().st_mtime).date()
    return _Input(name=str(path), modified=modified, load=path.read_bytes)


def _zip_members(path: Path, warn: Warn) -> Iterator[_Input]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise DataError(
            f"{path} : ce n'est pas un fichier ZIP valide (téléchargement incomplet ?). "
            "Téléchargez-le à nouveau."
        ) from None
    with archive:
        infos = sorted(
            (
                i
                for i in archive.infolist()
                if not i.is_dir() and i.filename.lower().endswith(".txt")
            ),
            key=lambda i: i.filename,
        )
    for info in infos:

        def load(info=info) -> bytes:
            with zipfile.ZipFile(path) as again:
                return again.read(info)

        item = _Input(f"{path.name} › {info.filename}", date(*info.date_time[:3]), load)
        yield from _kept(item, warn)


# --- parsing one file --------------------------------------------------------------------------


def _read_cached(item: _Input, use_cache: bool) -> pa.Table:
    data = item.load()
    key = hashlib.sha256(data).hexdigest()
    if use_cache:
        table = cache.load(key)
        if table is not None and table.column_names == COLUMNS:
            return table
    table = parse(data, item.name)
    if use_cache:
        cache.store(key, table)
    return table


def parse(data: bytes, name: str) -> pa.Table:
    """One data file's bytes → a checked Arrow table (codes as strings, integers as int64)."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data.strip():
        raise DataError(f"{name} : le fichier est vide. Téléchargez-le à nouveau.")
    try:
        table = pv.read_csv(
            pa.py_buffer(data),
            read_options=pv.ReadOptions(column_names=COLUMNS, block_size=16 << 20),
            parse_options=pv.ParseOptions(delimiter=";", quote_char=False),
            convert_options=pv.ConvertOptions(
                column_types=dict.fromkeys(COLUMNS, pa.string()), strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        raise _first_fault(data, name) from None
    if not _valid(table):
        raise _first_fault(data, name)
    return _typed(table)


def _valid(table: pa.Table) -> bool:
    checks = [
        pc.is_in(table["flux"], value_set=pa.array(["E", "I"])),
        pc.is_in(table["trimestre"], value_set=pa.array(["1", "2", "3", "4"])),
        pc.match_substring_regex(table["annee"], r"^\d{4}$"),
        pc.match_substring_regex(table["valeur"], r"^\d+$"),
        pc.match_substring_regex(table["masse"], r"^\d+$"),
    ]
    checks += [pc.greater(pc.utf8_length(table[c]), 0) for c in CODE_COLUMNS[1:]]
    return all(pc.all(check).as_py() for check in checks)


ARROW_INTEGERS = {
    "trimestre": pa.int8(),
    "annee": pa.int16(),
    "valeur": pa.int64(),
    "masse": pa.int64(),
}


def _typed(table: pa.Table) -> pa.Table:
    """Integers sized; codes dictionary-encoded, so that they become pandas categories without
    a conversion (the cached copy keeps this layout: loading it is a plain read)."""
    arrays = [
        pc.cast(table[c], ARROW_INTEGERS[c])
        if c in ARROW_INTEGERS
        else pc.dictionary_encode(pc.utf8_trim_whitespace(table[c]))
        for c in COLUMNS
    ]
    return pa.table(arrays, names=COLUMNS)


def _first_fault(data: bytes, name: str) -> DataError:
    """Scan line by line for the first faulty line and say what is wrong with it."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line = raw.rstrip(b"\r")
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            return DataError(
                f"{name}, ligne {number} : caractères illisibles en UTF-8 (l'encodage des "
                "fichiers des douanes). Le fichier a sans doute été réenregistré dans un autre "
                f"encodage : téléchargez-le à nouveau ou enregistrez-le en UTF-8."
            )
        fault = line_fault(text.split(";"))
        if fault:
            return DataError(f"{name}, ligne {number} : {fault} ; lu « {text[:120]} ». {FIX_HINT}")
    return DataError(f"{name} : format inattendu. {FIX_HINT}")


def line_fault(fields: list[str]) -> str | None:
    """What is wrong with one line's fields, in French, or None."""
    if len(fields) != len(COLUMNS):
        return f"{len(COLUMNS)} champs séparés par « ; » attendus, {len(fields)} trouvés"
    values = dict(zip(COLUMNS, fields, strict=True))
    if values["flux"] not in ("E", "I"):
        return f"flux inconnu « {values['flux']} » (E pour export, I pour import)"
    if values["trimestre"] not in ("1", "2", "3", "4"):
        return f"trimestre « {values['trimestre']} » invalide (1 à 4 attendu)"
    if not re.fullmatch(r"\d{4}", values["annee"]):
        return f"année « {values['annee']} » invalide"
    for column, what in (("valeur", "valeur en euros"), ("masse", "masse en kg")):
        if not re.fullmatch(r"\d+", values[column]):
            return f"{what} non numérique « {values[column]} »"
    for column in CODE_COLUMNS[1:]:
        if not values[column].strip():
            return f"code « {column} » vide"
    return None


def _check_no_overlap(tables: list[pa.Table], sources: list[DataSource]) -> None:
    """The same flow and quarter in two files would be counted twice: refuse, naming both."""
    seen: dict[tuple[str, int, int], str] = {}
    for table, source in zip(tables, sources, strict=True):
        keys = (
            table.select(["flux", "annee", "trimestre"])
            .group_by(["flux", "annee", "trimestre"])
            .aggregate([])
        )
        for flux, year, quarter in zip(
            *(keys[c].to_pylist() for c in keys.column_names), strict=True
        ):
            key = (flux, year, quarter)
            if key in seen:
                what = "l'export" if flux == "E" else "l'import"
                raise DataError(
                    f"Le trimestre T{quarter} {year} de {what} est dans deux fichiers : "
                    f"{seen[key]} et {source.name}. Il serait compté deux fois : ne donnez "
                    "qu'un de ces fichiers (--data)."
                )
            seen[key] = source.name
