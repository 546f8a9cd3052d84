"""The files of one read: each read once, from the cache or parsed (parsing.py), kept reduced
for the trends and, for the years asked, line by line (see reader.py, « Several years at scale »).

A file whose identity (inputs.Input.identity) is known to the cache is not even read when its
entries are cached. An earlier year's file is cached reduced only; its lines, rarely needed, are
read again the time they are (`Reading.lines_of`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from officefiches.errors import DataError
from officefiches.model import DataSource
from officefiches.source import cache, inputs, parsing
from officefiches.source.parsing import REDUCED_SCHEMA, TABLE_SCHEMA, canonical, parse, reduce_table

Warn = Callable[[str], None]
# (files done, files in all, the file's name, its share done 0–1, from the cache?): one call as
# each file starts, at each stage of its reading, and when it is done
Progress = Callable[[int, int, str, float, bool], None]
# line_years=LATEST: keep the lines of the two latest years found (a fiche's year and the one it
# is compared with, as a build chooses them by default)
LATEST = "latest"

REDUCED_KEY = "-reduit"  # a file's reduced entry: its SHA-256 and this suffix


@dataclass
class File:
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


class Reading:
    """The files of one read: their facts and reduced tables, their lines on demand."""

    def __init__(self, store: CacheUse, wanted: frozenset[int] | str | None):
        self.store = store
        self.wanted = wanted  # None: every line; LATEST; or the years whose lines to keep
        self.files: list[File] = []
        self.seen: set[int] = set()  # with LATEST: the years met so far

    def read_all(self, items: list[inputs.Input], on_progress) -> list[File]:
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

    def _read(self, item: inputs.Input, report, trust_identity: bool = True) -> File:
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
                return File(item, key, reduced.facts, source, reduced=reduced.table)
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
        file = File(item, key, entry.facts, _source(item, size, key, entry.facts))
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

    def lines_of(self, file: File) -> pa.Table:
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


class CacheUse:
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
            entry = cache.load(key, parsing.VALIDATION_VERSION)
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
            cache.store(key, parsing.VALIDATION_VERSION, entry)
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


FACT_KEYS = {"rows", "sums", "repeated", "repeated_lines", "regions", "periods", "quarters"}


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
