"""The official DGDDI data files → one canonical frame (see docs/ARCHITECTURE.md).

Inputs, as users download them: a directory, a ZIP as published (with a folder inside) or a
single `.txt`; annual files (`Region_YYYY_Export.txt`, `Region_YYYY_Import.txt`) or rolling ones
(`REGIONAL_CPF4PAYSE.txt`, `REGIONAL_CPF4PAYSI.txt`, two years in one file). Headerless, `;`,
CRLF tolerated; codes kept as text, values as integers. The label annexes found beside the data
are used for labels. Finding the files is `inputs.py`'s work.

Parsing is pyarrow's CSV reader plus vectorised checks; only when a check fails is the file
scanned line by line, to name the faulty line exactly (file, physical line, fault, what to do).
Nothing is skipped silently. Checked here, once per file (and kept with its cached copy):

- every field (flow, quarter, a year between 1950 and 2099, codes of letters and digits,
  values and masses of digits that fit 63 bits);
- an annual file holds only its own year and flow;
- no line is given twice: two lines equal in all ten fields are refused, naming both; lines
  that share flow, quarter, year, department, CPF4 and country but differ otherwise are
  summed (as every line is) and counted in one warning.

And once per data set: a quarter of a flow in two files is refused (it would be counted twice),
the region code of each line is compared with its department's (one warning), and no sum can
wrap: the exact sum of all values (and of all masses) must fit 63 bits. Values are never
negative, so every total the aggregation computes (a subset's sum, a balance) fits too: this is
where the overflow check lives, and `aggregate.py` stays pure.

Several years at scale: a build needs the fiche's year and its comparison year line by line, and
the earlier years only for the trends, reduced to department × flow × partner and department ×
flow × A129 product per year (`reduce_table`). `read_data(paths, line_years=…)` reads every file
once (checked as above), keeps each file's reduced table and only the lines of `line_years`;
`Dataset.with_lines(years)` then loads the lines of the years finally chosen (from the cache, or
by reading those files again). Both forms are cached, each as a self-checking entry: the reduced
one sums to exactly twice the file's values (every line counts once per axis).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from officefiches import cache, inputs, labels
from officefiches.errors import DataError
from officefiches.inputs import DATA_NAME, DEMO_MARKER  # noqa: F401  (part of this API)
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
# Lines sharing these fields describe the same trade; the other fields are its figures.
TRADE_KEY = ["flux", "trimestre", "annee", "departement", "cpf4", "pays"]
FLOWS = {"E": "exportations", "I": "importations"}
FLOW_OF = {"E": "d'exportation", "I": "d'importation"}
FIX_HINT = "Corrigez la ligne, ou téléchargez à nouveau le fichier officiel."
BOM = b"\xef\xbb\xbf"
MAX_INT64 = 2**63 - 1
YEARS = (1950, 2099)  # a year outside is a typing error (0000, 2204…), not a year of trade
CODE = re.compile(r"[0-9A-Za-z]+")  # every code, once the spaces around it are trimmed
CODE_IN_DICTIONARY = r"^[ \t]*[0-9A-Za-z]+[ \t]*$"
LINE_END = re.compile(rb"\r\n|\r|\n")  # pyarrow's line ends (a lone \r too)
# Bumped whenever the checks change: the cache key includes it, so no entry checked by an
# older reader is ever served.
VALIDATION_VERSION = "4"  # 4: facts hold the (year, flow, quarter) periods and their lines

Warn = Callable[[str], None]
# (files done, files in all, the file's name, its share done 0–1, from the cache?): one call as
# each file starts, at each stage of its reading, and when it is done
Progress = Callable[[int, int, str, float, bool], None]
Period = tuple[int, str, int]  # (year, flow, quarter)

# The reduced form of the lines, for the trends: per year, department × flow × partner and
# department × flow × A129 product, in one long table (`axe` says which, `code` the code).
AXES = ("pays", "a129")
REDUCED_COLUMNS = ["flux", "annee", "departement", "axe", "code", "valeur"]
# line_years=LATEST: keep the lines of the two latest years found (a fiche's year and the one it
# is compared with, as a build chooses them by default)
LATEST = "latest"


@dataclass(frozen=True)
class Dataset:
    """The lines read (all years, or those asked), where they came from, the labels to show
    codes with, and every year's reduced form for the trends.

    A year's quarters are judged per flow: `quarters(year, "I")` are the quarters holding
    import lines; `quarters(year)` the quarters common to both flows, the ones for which the
    year's trade is complete (a quarter of exports without its imports is not). They are known
    for every year read, whether its lines are kept or not.
    """

    frame: pd.DataFrame
    sources: tuple[DataSource, ...]
    labels: labels.Labels
    is_demo: bool = False
    # Every (year, flow, quarter) read, with its lines; None: found from `frame`
    periods: tuple[tuple[int, str, int, int], ...] | None = None
    # Every year's reduced table (REDUCED_COLUMNS); None: reduced from `frame` when asked
    reduced_table: pa.Table | None = field(default=None, repr=False)
    # The years whose lines `frame` holds; None: every year read
    line_years: frozenset[int] | None = None
    _reading: _Reading | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def _periods(self) -> frozenset[Period]:
        """(year, flow, quarter) triples present, computed once."""
        if self.periods is not None:
            return frozenset((y, f, q) for y, f, q, _ in self.periods)
        keys = self.frame[["annee", "flux", "trimestre"]].drop_duplicates()
        return frozenset(
            (int(y), str(f), int(q))
            for y, f, q in zip(keys["annee"], keys["flux"], keys["trimestre"], strict=True)
        )

    @functools.cached_property
    def reduced(self) -> pd.DataFrame:
        """Every year read at the trends' grain (REDUCED_COLUMNS; codes as categories)."""
        table = self.reduced_table
        if table is None:
            table = reduce_table(pa.Table.from_pandas(self.frame, preserve_index=False))
        return table.to_pandas()

    def year_lines(self, year: int) -> int:
        """How many source lines `year` has (all flows)."""
        if self.periods is None:
            return int((self.frame["annee"] == year).sum())
        return sum(rows for y, _, _, rows in self.periods if y == year)

    def with_lines(self, years: Iterable[int]) -> Dataset:
        """The same data set holding the lines of `years` (loaded from the cache, or the files
        read again, when they were not kept), and of no other year."""
        wanted = frozenset(int(y) for y in years)
        if wanted == self.line_years:
            return self
        if self.line_years is None or wanted <= self.line_years:
            frame = self.frame[self.frame["annee"].isin(wanted)].reset_index(drop=True)
            return dataclasses.replace(self, frame=frame, line_years=wanted)
        frame = self._reading.frame(wanted)
        release_memory()
        return dataclasses.replace(self, frame=frame, line_years=wanted)

    def years(self) -> list[int]:
        return sorted({year for year, _, _ in self._periods})

    def quarters(self, year: int, flow: str | None = None) -> tuple[int, ...]:
        """The quarters of `year` holding lines of `flow`; without a flow, those common to
        both flows (a full year is (1, 2, 3, 4))."""
        flows = [flow] if flow else list(FLOWS)
        common = set.intersection(
            *({q for y, f, q in self._periods if y == year and f == each} for each in flows)
        )
        return tuple(sorted(common))

    def flow_quarters(self, year: int) -> dict[str, tuple[int, ...]]:
        """{"E": quarters of exports, "I": quarters of imports} for `year`."""
        return {flow: self.quarters(year, flow) for flow in FLOWS}

    def check_year(self, year: int) -> None:
        """Both flows must be present for the fiche's year: else a DataError naming the
        missing flow and the file that would hold it."""
        present = self.flow_quarters(year)
        missing = [flow for flow, quarters in present.items() if not quarters]
        if not missing:
            return
        if len(missing) == 2:
            raise DataError(f"Aucune ligne pour l'année {year} dans les fichiers de données.")
        flow = missing[0]
        other = FLOWS["E" if flow == "I" else "I"]
        raise DataError(
            f"Les {FLOWS[flow]} de {year} sont absentes des données (seules les {other} y "
            f"sont) : une fiche sans elles serait fausse. Ajoutez avec --data le fichier qui "
            f"les contient : {self._file_for(year, flow)}."
        )

    def _file_for(self, year: int, flow: str) -> str:
        word = "Export" if flow == "E" else "Import"
        annual = f"Region_{year}_{word}.txt (ZIP « Regional-{year}-{word.lower()} » des douanes)"
        rolling = f"REGIONAL_CPF4PAYS{flow}.txt (dernière publication)"
        names = [inputs.base_name(s.name).lower() for s in self.sources]
        if any(name.startswith("regional_cpf4pays") for name in names):
            return rolling
        if any(name.startswith("region_") for name in names):
            return annual
        return f"{annual} ou {rolling}"

    def partial_text(self, year: int) -> str:
        """Which flows of `year` are partial, and their quarters: « importations : T1–T2 »;
        "" when both flows hold the four quarters."""
        present = self.flow_quarters(year)
        partial = {f: q for f, q in present.items() if q != (1, 2, 3, 4)}
        if not partial:
            return ""
        if len(partial) == 2 and partial["E"] == partial["I"]:
            return f"exportations et importations : {quarters_text(partial['E'])}"
        return " ; ".join(f"{FLOWS[f]} : {quarters_text(q)}" for f, q in partial.items())

    def year_warnings(self, year: int) -> list[str]:
        """The warning a partial year deserves (empty when the year is complete)."""
        text = self.partial_text(year)
        if not text:
            return []
        return [
            f"Année {year} partielle ({text}) : les fichiers porteront la mention « année "
            "partielle » ; les parts de la région et de la France portent sur les mêmes trimestres."
        ]

    def for_year(self, year: int) -> pd.DataFrame:
        if self.line_years is not None and year not in self.line_years:
            raise ValueError(f"lines of {year} not loaded: with_lines() first")
        return self.frame[self.frame["annee"] == year].reset_index(drop=True)


def release_memory() -> None:
    """Give back to the system the memory Arrow kept from reading (its allocator holds freed
    blocks): half a gigabyte after ten years of files. Workers forked later start smaller."""
    pa.default_memory_pool().release_unused()


def quarters_text(quarters: Iterable[int]) -> str:
    """(1, 2) → "T1–T2"; (3,) → "T3"; (1, 3) → "T1, T3"; () → "aucun trimestre"."""
    quarters = sorted(quarters)
    if not quarters:
        return "aucun trimestre"
    if len(quarters) > 1 and quarters == list(range(quarters[0], quarters[-1] + 1)):
        return f"T{quarters[0]}–T{quarters[-1]}"
    return ", ".join(f"T{q}" for q in quarters)


def restrict_quarters(frame: pd.DataFrame, quarters: Mapping[str, Iterable[int]]) -> pd.DataFrame:
    """The lines of `frame` whose quarter is among its flow's `quarters` ({"E": (1, 2, 3, 4),
    "I": (1, 2)}): a region's, France's or the previous year's lines made comparable with
    the figures of a year whose flows are partial."""
    keep = np.zeros(len(frame), dtype=bool)
    for flow, chosen in quarters.items():
        keep |= ((frame["flux"] == flow) & frame["trimestre"].isin(list(chosen))).to_numpy()
    return frame[keep]


def read_data(
    paths: Iterable[Path | str],
    on_warning: Warn | None = None,
    use_cache: bool = True,
    line_years: Iterable[int] | str | None = None,
    on_progress: Progress | None = None,
) -> Dataset:
    """Read every data file and annex found in `paths` (directories, ZIPs or .txt files).

    With `line_years` (years, or LATEST: the two latest years found), only the lines of these
    years are kept (`Dataset.frame`); every year is also kept reduced (`Dataset.reduced`), and
    `Dataset.with_lines` loads other years' lines later. Without, every line is kept.
    `on_progress` follows the reading file by file."""
    warn = on_warning or (lambda _message: None)
    paths = list(paths)
    found = inputs.find(paths, warn)
    if not found.data:
        shown = ", ".join(str(p) for p in paths)
        raise DataError(
            f"Aucun fichier de données des douanes trouvé dans : {shown}. Attendus : "
            "Region_AAAA_Export.txt / Region_AAAA_Import.txt ou REGIONAL_CPF4PAYSE.txt / "
            "REGIONAL_CPF4PAYSI.txt (dans un dossier, un ZIP ou seuls)."
        )
    if line_years is None or line_years == LATEST:
        wanted = line_years
    else:
        wanted = frozenset(int(y) for y in line_years)
    reading = _Reading(_CacheUse(use_cache), wanted)
    files = reading.read_all(found.data, on_progress)
    reading.store.report(warn)
    _check_no_overlap(files, reading)
    _check_sums(files, reading)
    _warn_repeats(files, warn)
    _warn_regions(files, warn)
    sources = tuple(f.source for f in files)
    annexes = {kind: (item.load(), item.where) for kind, item in found.annexes.items()}
    chosen = labels.from_annexes(annexes, on_warning=warn) or labels.builtin_labels()
    is_demo = _certified_demo(found.markers, files, warn)
    if is_demo:  # the demo set's annexes are ours, written in the official layout
        chosen = dataclasses.replace(chosen, source=labels.BUILTIN_SOURCE)
    periods = tuple(
        sorted((int(y), str(f), int(q), int(n)) for file in files for y, f, q, n in file.periods)
    )
    if wanted is None:
        frame = canonical(pa.concat_tables([f.lines for f in files]).to_pandas())
        for file in files:
            file.lines = None  # the frame holds them now
        release_memory()
        return Dataset(frame, sources, chosen, is_demo, periods=periods)
    if wanted == LATEST:
        wanted = frozenset(sorted({period[0] for period in periods})[-2:])
    frame = reading.frame(wanted)
    release_memory()
    return Dataset(
        frame,
        sources,
        chosen,
        is_demo,
        periods=periods,
        reduced_table=pa.concat_tables([f.reduced for f in files]),
        line_years=wanted,
        _reading=reading,
    )


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


# --- one file: from the cache, else parsed -----------------------------------------------------

REDUCED_KEY = "-reduit"  # a file's reduced entry: its SHA-256 and this suffix


@dataclass
class _File:
    item: inputs.Input
    key: str  # the SHA-256 of its bytes
    facts: dict
    source: DataSource
    reduced: pa.Table | None = None  # REDUCED_COLUMNS (when read with line_years)
    lines: pa.Table | None = None  # its checked lines, while they are kept

    @property
    def periods(self) -> list[list]:
        return self.facts["periods"]

    @property
    def years(self) -> set[int]:
        return {int(year) for year, _, _, _ in self.periods}


class _Reading:
    """The files of one read: their facts and reduced tables, their lines on demand."""

    def __init__(self, store: _CacheUse, wanted: frozenset[int] | str | None):
        self.store = store
        self.wanted = wanted  # None: every line; LATEST; or the years whose lines to keep
        self.files: list[_File] = []
        self.seen: set[int] = set()  # with LATEST: the years met so far

    def read_all(self, items: list[inputs.Input], on_progress) -> list[_File]:
        if self.wanted == LATEST:  # the years annual files announce by their names count too
            names = (inputs.ANNUAL_NAME.match(item.base_name) for item in items)
            self.seen = {int(match[1]) for match in names if match}
        for index, item in enumerate(items):

            def report(fraction: float, cached: bool = False, index=index, item=item) -> None:
                if on_progress:
                    on_progress(index, len(items), item.name, fraction, cached)

            self.files.append(self._read(item, report))
        return self.files

    def _keeps(self, years: set[int]) -> bool:
        """Whether the lines of a file holding `years` are kept. With LATEST, a newer year
        lets go of the lines kept for a year no longer among the two latest."""
        if self.wanted != LATEST:
            return bool(years & self.wanted)
        self.seen |= years
        latest = set(sorted(self.seen)[-2:])
        for file in self.files:
            if file.lines is not None and not file.years & latest:
                file.lines = None
        return bool(years & latest)

    def _read(self, item: inputs.Input, report, trust_identity: bool = True) -> _File:
        wanted = self.wanted
        report(0.0)
        # A file known by its identity is not read at all when its entries are cached.
        known = self.store.known_digest(item.identity) if trust_identity else None
        if known is None:
            data = item.load()
            key, size = hashlib.sha256(data).hexdigest(), len(data)
            self.store.remember_digest(item.identity, key, size)
        else:
            data, (key, size) = None, known
        report(0.2)
        reduced = None
        if wanted is not None:
            reduced = self.store.load(key + REDUCED_KEY, item.name, _proper_reduced)
            if reduced is not None and not self._keeps(_years_of(reduced.facts)):
                report(1.0, cached=True)  # an earlier year, already reduced: lines not needed
                source = _source(item, size, key, reduced.facts)
                return _File(item, key, reduced.facts, source, reduced=reduced.table)
        entry = self.store.load(key, item.name, _proper)
        cached = entry is not None
        if entry is None:
            if data is None:  # to be parsed after all: read, and hashed again
                data = item.load()
                if hashlib.sha256(data).hexdigest() != key:
                    return self._read(item, report, trust_identity=False)
            table, facts = parse(data, item.where, item.base_name)
            report(0.7)
            entry = cache.Entry(table, facts)
            # An earlier year read for its reduced form only: its lines are not cached (they
            # are rarely needed; a build that needs them reads the file again, once).
            if wanted is None or self._keeps(_years_of(facts)):
                self.store.store(key, entry)
        report(0.85, cached)
        file = _File(item, key, entry.facts, _source(item, size, key, entry.facts))
        del data
        if wanted is None:
            file.lines = entry.table
        else:
            if reduced is None:
                reduced = cache.Entry(reduce_table(entry.table), entry.facts)
                self.store.store(key + REDUCED_KEY, reduced)
            file.reduced = reduced.table
            if self._keeps(file.years):
                file.lines = entry.table if wanted == LATEST else _only_years(entry.table, wanted)
        report(1.0, cached)
        return file

    def lines_of(self, file: _File) -> pa.Table:
        """A file's checked lines: kept, cached, or read again (its facts must not change)."""
        if file.lines is not None:
            return file.lines
        entry = self.store.load(file.key, file.item.name, _proper)
        if entry is not None:
            return entry.table
        data = file.item.load()
        if hashlib.sha256(data).hexdigest() != file.key:
            raise DataError(
                f"{file.item.where} a changé pendant la lecture : relancez quand il ne sera "
                "plus modifié."
            )
        table, facts = parse(data, file.item.where, file.item.base_name)
        self.store.store(file.key, cache.Entry(table, facts))
        return table

    def frame(self, years: frozenset[int]) -> pd.DataFrame:
        """The canonical frame of `years`' lines; the lines kept so far are let go."""
        tables = [
            _only_years(self.lines_of(file), years) for file in self.files if file.years & years
        ]
        for file in self.files:
            file.lines = None
        if not tables:
            return canonical(TABLE_SCHEMA.empty_table().to_pandas())
        return canonical(pa.concat_tables(tables).to_pandas())


def _source(item: inputs.Input, size: int, key: str, facts: dict) -> DataSource:
    return DataSource(
        name=item.name,
        modified=item.modified.isoformat(),
        lines=facts["rows"],
        size=size,
        sha256=key,
    )


def _years_of(facts: dict) -> set[int]:
    return {int(period[0]) for period in facts["periods"]}


def _only_years(table: pa.Table, years: frozenset[int]) -> pa.Table:
    """The rows of `years` (the table itself when it holds no other year)."""
    low, high = pc.min_max(table["annee"]).values()
    present = set(range(low.as_py(), high.as_py() + 1)) if table.num_rows else set()
    if present <= years:
        return table
    keep = pc.is_in(table["annee"], value_set=pa.array(sorted(years), pa.int16()))
    return table.filter(keep)


class _CacheUse:
    """The cache as one read uses it: given up (with one warning) when its folder cannot be
    written; damaged entries listed in one warning."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.unavailable = ""
        self.damaged: list[str] = []

    def load(self, key: str, name: str, proper: Callable[[cache.Entry], bool]):
        if not self.enabled:
            return None
        try:
            entry = cache.load(key, VALIDATION_VERSION)
        except cache.Damaged as problem:
            self.damaged.append(f"{name} ({problem})")
            return None
        if entry is not None and not proper(entry):
            self.damaged.append(f"{name} (table inattendue)")
            return None
        return entry

    def known_digest(self, identity: str) -> tuple[str, int] | None:
        return cache.known_digest(identity) if self.enabled else None

    def remember_digest(self, identity: str, key: str, size: int) -> None:
        if self.enabled:
            cache.remember_digest(identity, key, size)

    def store(self, key: str, entry: cache.Entry) -> None:
        if not self.enabled:
            return
        try:
            cache.store(key, VALIDATION_VERSION, entry)
        except cache.Unavailable as problem:
            self.enabled, self.unavailable = False, str(problem)

    def report(self, warn: Warn) -> None:
        if self.damaged:
            warn(
                "Cache des données altéré ou illisible pour "
                f"{', '.join(self.damaged)} : fichier relu, cache réécrit."
            )
        if self.unavailable:
            warn(
                f"Cache des données inutilisable ({self.unavailable}) : données lues sans cache "
                "(« officefiches cache info » montre son dossier ; OFFICEFICHES_CACHE_DIR en "
                "choisit un autre)."
            )


FACT_KEYS = {"rows", "sums", "repeated", "repeated_lines", "regions", "periods"}


def _proper(entry: cache.Entry) -> bool:
    """A cached table with the reader's exact layout, and the facts of its source: the row count
    and sums found when the source was parsed are those of the table loaded."""
    facts = entry.facts
    return (
        entry.table.schema.equals(TABLE_SCHEMA)
        and isinstance(facts, dict)
        and FACT_KEYS <= set(facts)
        and facts["rows"] == entry.table.num_rows
        and facts["sums"] == entry.sums
    )


def _proper_reduced(entry: cache.Entry) -> bool:
    """A cached reduced table with its exact layout and its source's facts: every line counts
    once per axis, so its values sum to exactly twice the source's."""
    facts = entry.facts
    return (
        entry.table.schema.equals(REDUCED_SCHEMA)
        and isinstance(facts, dict)
        and FACT_KEYS <= set(facts)
        and isinstance(facts["sums"], dict)
        and entry.sums.get("valeur") == 2 * facts["sums"].get("valeur", -1)
    )


# --- parsing one file --------------------------------------------------------------------------

ARROW_INTEGERS = {
    "trimestre": pa.int8(),
    "annee": pa.int16(),
    "valeur": pa.int64(),
    "masse": pa.int64(),
}
CODES = pa.dictionary(pa.int32(), pa.string())
TABLE_SCHEMA = pa.schema([(c, ARROW_INTEGERS.get(c, CODES)) for c in COLUMNS])
REDUCED_SCHEMA = pa.schema(
    [(c, {"annee": pa.int16(), "valeur": pa.int64()}.get(c, CODES)) for c in REDUCED_COLUMNS]
)


def reduce_table(table: pa.Table) -> pa.Table:
    """The lines summed per year at the trends' grain: department × flow × partner, then
    department × flow × A129 product (REDUCED_COLUMNS). Every line counts once per axis."""
    parts = []
    for axis in AXES:
        keys = ["flux", "annee", "departement", axis]
        grouped = table.group_by(keys, use_threads=False).aggregate([("valeur", "sum")])
        axe = pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(grouped.num_rows, dtype=np.int32)), pa.array([axis])
        )
        columns = {
            "flux": grouped["flux"].cast(CODES),
            "annee": grouped["annee"].cast(pa.int16()),
            "departement": grouped["departement"].cast(CODES),
            "axe": axe,
            "code": grouped[axis].cast(CODES),
            "valeur": grouped["valeur_sum"],
        }
        parts.append(pa.table(columns, schema=REDUCED_SCHEMA))
    return pa.concat_tables(parts).unify_dictionaries().combine_chunks()


def parse(data: bytes, where: str, base: str | None = None) -> tuple[pa.Table, dict]:
    """One data file's bytes → its checked Arrow table (codes dictionary-encoded, integers
    sized) and the facts found while checking it (row count, exact sums, repeated trades,
    department × region pairs). `where` names the file in messages; `base` is its file name."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data[:4096].strip(b"\r\n") and not data.strip(b"\r\n"):  # (no copy of a full file)
        raise DataError(f"{where} : le fichier est vide. Téléchargez-le à nouveau.")
    try:
        raw = pv.read_csv(
            pa.py_buffer(data),
            read_options=pv.ReadOptions(column_names=COLUMNS, block_size=16 << 20),
            parse_options=pv.ParseOptions(delimiter=";", quote_char=False),
            convert_options=pv.ConvertOptions(
                column_types=dict.fromkeys(COLUMNS, pa.string()),
                strings_can_be_null=False,
            ),
        )
        table = _typed(raw)
    except (pa.ArrowInvalid, UnicodeDecodeError, _Invalid):
        raise _first_fault(data, where) from None
    del raw
    _check_annual(table, data, where, base or inputs.base_name(where))
    facts = {"rows": table.num_rows, "sums": cache.exact_sums(table)}
    for column, total in facts["sums"].items():
        if total > MAX_INT64:
            raise _overflow(column, [(table, lambda: data, where)])
    facts |= _repeats(table, data, where, base or inputs.base_name(where))
    facts["regions"] = _region_pairs(table)
    facts["periods"] = _periods_of(table)
    return table, facts


def _periods_of(table: pa.Table) -> list[list]:
    """[year, flow, quarter, lines] for each period present, sorted (counted on the columns'
    small integers: year offset × flow × quarter)."""
    if table.num_rows == 0:
        return []
    flows = table["flux"].chunk(0)
    names = flows.dictionary.to_pylist()
    years = table["annee"].to_numpy().astype(np.int64)
    low = int(years.min())
    key = ((years - low) * len(names) + flows.indices.to_numpy()) * 5
    key += table["trimestre"].to_numpy()
    counts = np.bincount(key)
    return sorted(
        [low + int(k) // (5 * len(names)), names[(int(k) // 5) % len(names)], int(k) % 5, int(n)]
        for k, n in zip(np.flatnonzero(counts), counts[counts > 0], strict=True)
    )


class _Invalid(Exception):
    """A vectorised check failed: the line-by-line scan names the line."""


SMALL_COLUMNS = ("trimestre", "annee")  # integers of few values: checked on their dictionary


def _typed(table: pa.Table) -> pa.Table:
    """Checked and typed: integers sized (a value past 63 bits fails the cast), codes
    dictionary-encoded with the spaces around them trimmed, so that they become pandas
    categories without a conversion (the cached copy keeps this layout). Raises _Invalid.
    The flow, quarter and year are checked on their few distinct values (dictionaries)."""
    small = {c: _encoded(table[c]) for c in ("flux", *SMALL_COLUMNS)}
    checks = [
        pc.is_in(small["flux"].dictionary, value_set=pa.array(["E", "I"])),
        pc.is_in(small["trimestre"].dictionary, value_set=pa.array(["1", "2", "3", "4"])),
        pc.equal(pc.utf8_length(small["annee"].dictionary), 4),
        pc.ascii_is_decimal(small["annee"].dictionary),
        pc.ascii_is_decimal(table["valeur"]),
        pc.ascii_is_decimal(table["masse"]),
    ]
    if not all(pc.all(check).as_py() for check in checks):
        raise _Invalid
    arrays = {c: pc.cast(table[c], ARROW_INTEGERS[c]) for c in ("valeur", "masse")}  # too big
    for column in SMALL_COLUMNS:
        values = pc.cast(small[column].dictionary, ARROW_INTEGERS[column])
        arrays[column] = pc.take(values, small[column].indices)
    low, high = pc.min_max(arrays["annee"]).values()
    if not YEARS[0] <= low.as_py() <= high.as_py() <= YEARS[1]:
        raise _Invalid
    for column in CODE_COLUMNS:
        arrays[column] = _codes(small.get(column) or _encoded(table[column]))
    return pa.table([arrays[c] for c in COLUMNS], schema=TABLE_SCHEMA).combine_chunks()


def _encoded(column: pa.ChunkedArray) -> pa.DictionaryArray:
    return pc.dictionary_encode(column.combine_chunks())


def _codes(encoded: pa.DictionaryArray) -> pa.Array:
    """A code column's dictionary: its (few) distinct values checked and trimmed."""
    values = encoded.dictionary
    if not pc.all(pc.match_substring_regex(values, CODE_IN_DICTIONARY)).as_py():
        raise _Invalid  # an empty code, a code of spaces, with a NUL or other characters
    trimmed = pc.utf8_trim(values, " \t")
    if not trimmed.equals(values):
        if len(pc.unique(trimmed)) < len(trimmed):  # "18" and "18 " are one code
            return pc.dictionary_encode(pc.take(trimmed, encoded.indices))
        return pa.DictionaryArray.from_arrays(encoded.indices, trimmed)
    return encoded


def _first_fault(data: bytes, where: str) -> DataError:
    """Scan line by line for the first faulty line and say what is wrong with it."""
    for number, line in enumerate(LINE_END.split(data), start=1):
        if not line:
            continue  # an empty line (pyarrow skips it too)
        if not line.strip():
            return DataError(
                f"{where}, ligne {number} : ligne faite d'espaces (ou de tabulations) au milieu "
                f"des données. {FIX_HINT}"
            )
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            return DataError(
                f"{where}, ligne {number} : caractères illisibles en UTF-8 (l'encodage des "
                "fichiers des douanes). Le fichier a sans doute été réenregistré dans un autre "
                f"encodage : téléchargez-le à nouveau ou enregistrez-le en UTF-8."
            )
        fault = line_fault(text.split(";"))
        if fault:
            shown = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text[:120])
            return DataError(f"{where}, ligne {number} : {fault} ; lu « {shown} ». {FIX_HINT}")
    return DataError(f"{where} : format inattendu. {FIX_HINT}")


def _control(text: str) -> str | None:
    """The first control character of `text` (NUL, tabulation…), or None."""
    match = re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    return match.group() if match else None


def line_fault(fields: list[str]) -> str | None:
    """What is wrong with one line's fields, in French, or None."""
    control = _control(";".join(fields))
    if control:
        return f"caractère de contrôle (code {ord(control):#04x}) dans la ligne"
    if len(fields) != len(COLUMNS):
        return f"{len(COLUMNS)} champs séparés par « ; » attendus, {len(fields)} trouvés"
    values = dict(zip(COLUMNS, fields, strict=True))
    if values["flux"] not in ("E", "I"):
        return f"flux inconnu « {values['flux']} » (E pour export, I pour import)"
    if values["trimestre"] not in ("1", "2", "3", "4"):
        return f"trimestre « {values['trimestre']} » invalide (1 à 4 attendu)"
    if not re.fullmatch(r"[0-9]{4}", values["annee"]):
        return f"année « {values['annee']} » invalide"
    if not YEARS[0] <= int(values["annee"]) <= YEARS[1]:
        return f"année « {values['annee']} » invalide ({YEARS[0]} à {YEARS[1]} attendu)"
    for column, what in (("valeur", "valeur en euros"), ("masse", "masse en kg")):
        if not re.fullmatch(r"[0-9]+", values[column]):
            return f"{what} non numérique « {values[column]} »"
        if int(values[column]) > MAX_INT64:
            return f"{what} trop grande « {values[column]} » (au plus {MAX_INT64})"
    for column in CODE_COLUMNS[1:]:
        code = values[column].strip(" \t")
        if not code:
            return f"code « {column} » vide"
        if not CODE.fullmatch(code):
            return f"code « {column} » invalide « {code} » (lettres et chiffres attendus)"
    return None


def line_numbers(data: bytes, rows: Iterable[int]) -> dict[int, int]:
    """The physical line (1-based, empty lines counted) of each table row (0-based; the
    reader skips empty lines). Line ends as pyarrow reads them: \\r\\n, \\n or a lone \\r."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    wanted, found, row = set(rows), {}, -1
    for number, line in enumerate(LINE_END.split(data), start=1):
        if line:
            row += 1
            if row in wanted:
                found[row] = number
                if len(found) == len(wanted):
                    break
    return found


def _check_annual(table: pa.Table, data: bytes, where: str, base: str) -> None:
    """`Region_2024_Export.txt` holds export lines of 2024 only; `REGIONAL_CPF4PAYSE.txt`
    export lines only (and their import twins import lines)."""
    annual = inputs.ANNUAL_NAME.match(base)
    rolling = inputs.ROLLING_NAME.match(base)
    if annual:
        year, flow = int(annual[1]), "E" if annual[2].lower() == "export" else "I"
    elif rolling:
        year, flow = None, rolling[1].upper()
    else:
        return
    flows = table["flux"].chunk(0).dictionary.to_pylist()
    low, high = pc.min_max(table["annee"]).values()
    if flows == [flow] and (year is None or low.as_py() == high.as_py() == year):
        return
    wrong = pc.not_equal(table["flux"].cast(pa.string()), flow)
    if year is not None:
        wrong = pc.or_(wrong, pc.not_equal(table["annee"], year))
    row = int(np.flatnonzero(wrong.to_numpy(zero_copy_only=False))[0])
    line = line_numbers(data, [row])[row]
    found_year, found_flow = table["annee"][row].as_py(), table["flux"][row].as_py()
    what = f"{FLOWS[flow]} de {year}" if year else FLOWS[flow]
    raise DataError(
        f"{where}, ligne {line} : ligne {FLOW_OF[found_flow]} de {found_year:04d} dans le "
        f"fichier des {what}, qui ne doit contenir qu'elles. Ce fichier a été modifié ou "
        "assemblé à la main : téléchargez à nouveau le fichier officiel."
    )


def _trade_keys(table: pa.Table) -> np.ndarray | None:
    """One int64 per row, equal for rows of the same trade (TRADE_KEY), from the columns'
    dictionary codes; None when the codes are too many to fit (then pandas compares)."""
    key = np.zeros(table.num_rows, dtype=np.int64)
    span = 1
    for column in TRADE_KEY:
        array = table[column].chunk(0)
        if pa.types.is_dictionary(array.type):
            codes, size = array.indices.to_numpy(), len(array.dictionary)
        else:
            values = array.to_numpy()
            low = int(values.min())
            codes, size = values - low, int(values.max()) - low + 1
        span *= size
        if span >= 2**62:
            return None
        key *= size
        key += codes
    return key


def _repeats(table: pa.Table, data: bytes, where: str, base: str) -> dict:
    """Refuse lines given twice (all ten fields equal); count the lines that repeat a trade
    with other figures (they are summed, as every line is)."""
    none = {"repeated": 0, "repeated_lines": []}
    key = _trade_keys(table)
    if key is None:
        rows = np.flatnonzero(table.select(TRADE_KEY).to_pandas().duplicated(keep=False))
    else:
        ordered = np.sort(key)
        if not (ordered[1:] == ordered[:-1]).any():
            return none  # the usual case: every line a distinct trade
        order = np.argsort(key, kind="stable")
        same = key[order][1:] == key[order][:-1]
        repeated = np.zeros(len(key), dtype=bool)
        repeated[1:] |= same
        repeated[:-1] |= same
        rows = np.sort(order[repeated])
    lines = table.take(pa.array(rows)).to_pandas()
    lines["row"] = rows
    twins = lines[lines.duplicated(COLUMNS, keep=False)]
    if len(twins):
        first = twins.iloc[0]
        same_line = twins[(twins[COLUMNS] == first[COLUMNS]).all(axis=1)]["row"].tolist()[:2]
        numbers = line_numbers(data, same_line)
        raise DataError(
            f"{where}, lignes {numbers[same_line[0]]} et {numbers[same_line[1]]} : lignes "
            "identiques (les dix champs). Une même ligne donnée deux fois serait comptée deux "
            "fois : le fichier a sans doute été assemblé à la main. Téléchargez à nouveau le "
            "fichier officiel, ou retirez la ligne en double."
        )
    first = lines.iloc[0]
    group = lines[(lines[TRADE_KEY] == first[TRADE_KEY]).all(axis=1)]["row"].tolist()[:2]
    numbers = line_numbers(data, group)
    return {"repeated": len(rows), "repeated_lines": [base, *(numbers[r] for r in group)]}


def _region_pairs(table: pa.Table) -> list[list]:
    """[department, region, lines] for each pair present (from the dictionary codes)."""
    departments, regions = table["departement"].chunk(0), table["region"].chunk(0)
    size = len(regions.dictionary)
    pairs = departments.indices.to_numpy().astype(np.int64) * size + regions.indices.to_numpy()
    counts = np.bincount(pairs, minlength=len(departments.dictionary) * size)
    names, region_names = departments.dictionary.to_pylist(), regions.dictionary.to_pylist()
    return [
        [names[pair // size], region_names[pair % size], int(counts[pair])]
        for pair in np.flatnonzero(counts)
    ]


# --- the data set as a whole -------------------------------------------------------------------


def _check_no_overlap(files: list[_File], reading: _Reading) -> None:
    """The same flow and quarter in two files would be counted twice: refuse, naming both
    (and a line given in both, when there is one)."""
    seen: dict[tuple[str, int, int], _File] = {}
    for file in files:
        for year, flux, quarter, _ in file.periods:
            key = (flux, year, quarter)
            if key in seen:
                what = "l'export" if flux == "E" else "l'import"
                first = seen[key]
                shared = _shared_line(first, file, key, reading)
                raise DataError(
                    f"Le trimestre T{quarter} {year} de {what} est dans deux fichiers : "
                    f"{first.item.where} et {file.item.where}{shared}. "
                    "Il serait compté deux fois : ne donnez qu'un de ces fichiers (--data)."
                )
            seen[key] = file


def _shared_line(first: _File, second: _File, key: tuple[str, int, int], reading) -> str:
    """« ; ligne 4 de l'un et ligne 9 de l'autre sont identiques » for the first line of
    the quarter given in both files, or ""."""

    def lines(file: _File) -> pd.DataFrame:
        frame = reading.lines_of(file).to_pandas()
        frame["row"] = np.arange(len(frame))
        chosen = (frame["flux"] == key[0]) & (frame["annee"] == key[1])
        return frame[chosen & (frame["trimestre"] == key[2])]

    both = lines(first).merge(lines(second), on=COLUMNS, suffixes=("_a", "_b"))
    if both.empty:
        return ""
    row_a, row_b = int(both["row_a"].iloc[0]), int(both["row_b"].iloc[0])
    line_a = line_numbers(first.item.load(), [row_a])[row_a]
    line_b = line_numbers(second.item.load(), [row_b])[row_b]
    return (
        f" (la ligne {line_a} du premier et la ligne {line_b} du second sont identiques : "
        "le même fichier donné deux fois ?)"
    )


def _check_sums(files: list[_File], reading: _Reading) -> None:
    """No sum of values (or masses) may pass 63 bits: an error, never a wrapped figure."""
    for column in ("valeur", "masse"):
        if sum(f.facts["sums"][column] for f in files) > MAX_INT64:
            tables = [(reading.lines_of(f), f.item.load, f.item.where) for f in files]
            raise _overflow(column, tables)


def _overflow(column: str, files: list[tuple[pa.Table, Callable[[], bytes], str]]) -> DataError:
    """The overflow error, naming the line of the largest value ((table, load, where) each)."""
    best = None
    for table, load, where in files:
        values = table[column].to_numpy()
        row = int(np.argmax(values))
        if best is None or values[row] > best[0]:
            best = (int(values[row]), row, load, where)
    value, row, load, where = best
    line = line_numbers(load(), [row])[row]
    what = "valeurs en euros" if column == "valeur" else "masses en kg"
    return DataError(
        f"La somme des {what} dépasse {MAX_INT64} (la limite des calculs) : une valeur est "
        f"sans doute fausse. La plus grande est en {where}, ligne {line} ({value}). {FIX_HINT}"
    )


def _warn_repeats(files: list[_File], warn: Warn) -> None:
    repeated = [f for f in files if f.facts["repeated"]]
    if not repeated:
        return
    count = sum(f.facts["repeated"] for f in repeated)
    name, first, second = repeated[0].facts["repeated_lines"]
    warn(
        f"{count} lignes décrivent un même échange (flux, trimestre, année, département, CPF4 et "
        "pays) qu'une autre ligne, avec d'autres valeurs : leurs valeurs sont additionnées "
        f"(par exemple {name}, lignes {first} et {second})."
    )


def _warn_regions(files: list[_File], warn: Warn) -> None:
    """Each line's region code against its department's (lines count for their department)."""
    from officefiches import geography

    expected = {d.code: geography.region_of(d.code).dgddi for d in geography.departments()}
    wrong: dict[tuple[str, str], int] = {}
    for file in files:
        for department, region, count in file.facts["regions"]:
            if department in expected and region != expected[department]:
                wrong[department, region] = wrong.get((department, region), 0) + count
    if not wrong:
        return
    shown = [
        f"département {d} avec la région {r} (attendue : {expected[d]}, {n} lignes)"
        for (d, r), n in sorted(wrong.items())
    ]
    warn(
        f"Code région incohérent avec le département sur {sum(wrong.values())} lignes : "
        f"{' ; '.join(shown[:20])}{' …' if len(shown) > 20 else ''}. Ces lignes comptent pour "
        "leur département et sa région."
    )


SHA256_LINE = re.compile(r"^\s*([0-9a-f]{64})\s+(\S.*?)\s*$", re.M)


def _certified_demo(markers: list[inputs.Input], files: list[_File], warn: Warn) -> bool:
    """Demo data only when a DONNEES-DE-DEMONSTRATION.txt marker names every data file read
    by its SHA-256; a marker certifying none is ignored (with a warning); a mix is refused."""
    if not markers:
        return False
    certified = set()
    for marker in markers:
        text = marker.load().decode("utf-8", errors="replace")
        certified |= {digest for digest, _ in SHA256_LINE.findall(text)}
    uncertified = [f.source.name for f in files if f.source.sha256 not in certified]
    if not uncertified:
        return True
    if len(uncertified) == len(files):
        warn(
            f"{DEMO_MARKER} ignoré : il ne certifie (par leur empreinte SHA-256) aucun des "
            "fichiers de données lus ; ils sont traités comme des données réelles."
        )
        return False
    raise DataError(
        f"Données de démonstration mêlées à d'autres fichiers : {', '.join(uncertified)} "
        f"n'est (ne sont) pas certifié(s) par {DEMO_MARKER}. Ne mélangez pas les fichiers de "
        "« officefiches data demo » et des fichiers réels : séparez-les dans deux dossiers."
    )
