"""The official DGDDI data files → one data set (see docs/ARCHITECTURE.md).

Inputs, as users download them: a directory, a ZIP as published (with a folder inside) or a
single `.txt`; annual files (`Region_YYYY_Export.txt`, `Region_YYYY_Import.txt`) or rolling ones
(`REGIONAL_CPF4PAYSE.txt`, `REGIONAL_CPF4PAYSI.txt`, two years in one file), of one year or many.
Headerless, `;`, CRLF tolerated; codes kept as text, values as integers. The label annexes found
beside the data are used for labels. Finding the files is `inputs.py`'s work, checking one file
`parsing.py`'s, reading them (cache, reduced form) `reading.py`'s.

Checked here, once per data set: a quarter of a flow in two files is refused (it would be counted
twice), the region code of each line is compared with its department's (one warning), and no sum
can wrap: the exact sum of all values (and of all masses) must fit 63 bits. Values are never
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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from officefiches.errors import DataError
from officefiches.model import DataSource, held_text, quarters_text  # noqa: F401  (API)
from officefiches.source import cache, inputs, labels  # noqa: F401  (cache: part of this API)
from officefiches.source.inputs import DATA_NAME, DEMO_MARKER  # noqa: F401  (part of this API)
from officefiches.source.parsing import (  # noqa: F401  (part of this API)
    AXES,
    CODE_COLUMNS,
    COLUMNS,
    FLOWS,
    MAX_INT64,
    QUARTER_KEYS,
    REDUCED_COLUMNS,
    TABLE_SCHEMA,
    VALIDATION_VERSION,
    canonical,
    line_fault,
    line_numbers,
    overflow_error,
    parse,
    quarter_sums,
    reduce_table,
)
from officefiches.source.reading import (  # noqa: F401  (part of this API)
    LATEST,
    REDUCED_KEY,
    CacheUse,
    File,
    Progress,
    Reading,
    Warn,
)

Period = tuple[int, str, int]  # (year, flow, quarter)
QUARTER_COLUMNS = (*QUARTER_KEYS, "valeur")


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
    # Every quarter's values per department and flow ([year, quarter, flow, department, euros],
    # parsing.quarter_sums); None: summed from `frame` when asked
    quarter_values: tuple[tuple, ...] | None = field(default=None, repr=False)
    _reading: Reading | None = field(default=None, repr=False, compare=False)

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

    def quarter_sums(self) -> pd.DataFrame:
        """Every quarter read, summed per department and flow: columns annee, trimestre, flux,
        departement, valeur (the quarters' chart, « Trimestres »)."""
        rows = self.quarter_values
        if rows is None:
            table = pa.Table.from_pandas(self.frame[list(QUARTER_COLUMNS)], preserve_index=False)
            rows = quarter_sums(table)
        return pd.DataFrame(list(rows), columns=[*QUARTER_KEYS, "valeur"]).astype(
            {"annee": "int64", "trimestre": "int64", "valeur": "int64"}
        )

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

    def held_quarters(self) -> list[tuple[int, int]]:
        """Every (year, quarter) both flows hold, in order."""
        exports = {(y, q) for y, f, q in self._periods if f == "E"}
        return sorted(exports & {(y, q) for y, f, q in self._periods if f == "I"})

    def holds(self, quarters: Iterable[tuple[int, int]]) -> bool:
        """Whether both flows hold each of these (year, quarter)."""
        return set(quarters) <= set(self.held_quarters())

    def for_quarters(self, quarters: Iterable[tuple[int, int]]) -> pd.DataFrame:
        """The lines of these (year, quarter), in the order of the frame (the lines of a period
        across two years: `model.Period.quarters`)."""
        wanted = set(quarters)
        years = {year for year, _ in wanted}
        if self.line_years is not None and not years <= self.line_years:
            raise ValueError(f"lines of {sorted(years)} not loaded: with_lines() first")
        frame = self.frame
        keep = np.zeros(len(frame), dtype=bool)
        for year in years:
            chosen = [q for y, q in wanted if y == year]
            keep |= ((frame["annee"] == year) & frame["trimestre"].isin(chosen)).to_numpy()
        return frame[keep].reset_index(drop=True)

    def for_year(self, year: int) -> pd.DataFrame:
        if self.line_years is not None and year not in self.line_years:
            raise ValueError(f"lines of {year} not loaded: with_lines() first")
        return self.frame[self.frame["annee"] == year].reset_index(drop=True)


def release_memory() -> None:
    """Give back to the system the memory Arrow kept from reading (its allocator holds freed
    blocks): half a gigabyte after ten years of files. Workers forked later start smaller."""
    pa.default_memory_pool().release_unused()


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
    reading = Reading(CacheUse(use_cache), wanted)
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
    quarters = tuple(sorted(tuple(row) for file in files for row in file.facts["quarters"]))
    if wanted is None:
        frame = canonical(pa.concat_tables([f.lines for f in files]).to_pandas())
        for file in files:
            file.lines = None  # the frame holds them now
        release_memory()
        return Dataset(frame, sources, chosen, is_demo, periods=periods, quarter_values=quarters)
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
        quarter_values=quarters,
        _reading=reading,
    )


# --- the data set as a whole -------------------------------------------------------------------


def _check_no_overlap(files: list[File], reading: Reading) -> None:
    """The same flow and quarter in two files would be counted twice: refuse, naming both
    (and a line given in both, when there is one)."""
    seen: dict[tuple[str, int, int], File] = {}
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


def _shared_line(first: File, second: File, key: tuple[str, int, int], reading) -> str:
    """« ; ligne 4 de l'un et ligne 9 de l'autre sont identiques » for the first line of
    the quarter given in both files, or ""."""

    def lines(file: File) -> pd.DataFrame:
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


def _check_sums(files: list[File], reading: Reading) -> None:
    """No sum of values (or masses) may pass 63 bits: an error, never a wrapped figure."""
    for column in ("valeur", "masse"):
        if sum(f.facts["sums"][column] for f in files) > MAX_INT64:
            tables = [(reading.lines_of(f), f.item.load, f.item.where) for f in files]
            raise overflow_error(column, tables)


def _warn_repeats(files: list[File], warn: Warn) -> None:
    repeated = [f for f in files if f.facts["repeated"]]
    if not repeated:
        return
    count = sum(f.facts["repeated"] for f in repeated)
    name, first, second = repeated[0].facts["repeated_lines"]
    from officefiches.formatting import integer

    warn(
        f"{integer(count)} lignes décrivent un même échange (flux, trimestre, année, "
        "département, CPF4 et pays) qu'une autre ligne, avec d'autres valeurs : leurs valeurs "
        "sont additionnées "
        f"(par exemple {name}, lignes {first} et {second})."
    )


def _warn_regions(files: list[File], warn: Warn) -> None:
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


def _certified_demo(markers: list[inputs.Input], files: list[File], warn: Warn) -> bool:
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
