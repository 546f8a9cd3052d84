"""One official data file: its bytes → a checked Arrow table and the facts found on the way;
and its reduced form for the trends (see reader.py for the data set, reading.py for the files).

Parsing is pyarrow's CSV reader plus vectorised checks; only when a check fails is the file
scanned line by line, to name the faulty line exactly (file, physical line, fault, what to do).
Nothing is skipped silently. Checked here, once per file (and kept with its cached copy):

- the file is a regional file: a national file (monthly, NC8, no department), an older
  kiosque extract (header line, thousands of euros) or an Excel workbook is refused as such;
- a trailing empty field (a `;` ending the lines, in some editions) is dropped, and only an
  empty one: an eleventh field with something in it is a fault;
- every field (flow, quarter, a year between 1950 and 2099, codes of letters and digits, put
  in capitals, values and masses of digits that fit 63 bits);
- an annual file holds only its own year and flow;
- no line is given twice: two lines equal in all ten fields are refused, naming both; lines
  that share flow, quarter, year, department, CPF4 and country but differ otherwise are
  summed (as every line is) and counted in one warning.

The facts (row count, exact sums, repeated trades, department × region pairs, the periods:
year, flow, quarter and their lines, and each quarter's values per department) let the data
set's checks run without the lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from officefiches.columns import FIELDS
from officefiches.errors import DataError
from officefiches.source import cache, inputs
from officefiches.source.inputs import KIOSQUE_HINT

COLUMNS = [f.name for f in FIELDS]  # the official lines' fields, in their order
CODE_COLUMNS = [f.name for f in FIELDS if f.is_code]
INTEGER_TYPES = {f.name: f.dtype for f in FIELDS if not f.is_code}
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
TRAILING = re.compile(rb";(?=\r\n|\r|\n|\Z)")  # an empty eleventh field, ended by the line
EXCEL_MAGIC = (b"\xd0\xcf\x11\xe0", b"PK\x03\x04")  # .xls (OLE2), .xlsx (a ZIP)
HEADER_WORDS = re.compile(r"flux|ann[ée]e|trimestre|valeur|pays|libell|milliers|euros", re.I)
# Bumped whenever the checks change: the cache key includes it, so no entry checked by an
# older reader is ever served.
VALIDATION_VERSION = "6"  # 6: quarter values per department (« Trimestres »), codes in capitals

# The reduced form of the lines, for the trends: per year, department × flow × partner and
# department × flow × A129 product, in one long table (`axe` says which, `code` the code).
AXES = ("pays", "a129")
REDUCED_COLUMNS = ["flux", "annee", "departement", "axe", "code", "valeur"]


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
    _check_product(data, where)
    if b";\n" in data or b";\r" in data or data.endswith(b";"):
        data = TRAILING.sub(b"", data)  # the same lines, without the trailing « ; »
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
            raise overflow_error(column, [(table, lambda: data, where)])
    facts |= _repeats(table, data, where, base or inputs.base_name(where))
    facts["regions"] = _region_pairs(table)
    facts["periods"] = _periods_of(table)
    facts["quarters"] = quarter_sums(table)
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


def _check_product(data: bytes, where: str) -> None:
    """Refuse, by their first line, the files that are not regional files but could be taken
    for them: a national file's ten fields (month, CPF6, A129, NC8…) would even pass the
    checks when its month is 1 to 4, read as quarter, department, region, product…"""
    if data.startswith(EXCEL_MAGIC):
        raise DataError(
            f"{where} : classeur Excel, pas un fichier .txt des douanes : {KIOSQUE_HINT}"
        )
    first = LINE_END.split(data[:4096].lstrip(b"\r\n"), maxsplit=1)[0]
    fields = first.decode("utf-8", errors="replace").rstrip(";").split(";")
    if _national(fields):
        raise inputs.national_error(where)
    if (
        len(fields) >= 3
        and not fields[2].strip().isdigit()
        and HEADER_WORDS.search(first.decode("utf-8", errors="replace"))
    ):
        raise DataError(
            f"{where}, ligne 1 : ligne d'en-tête « {first[:80].decode('utf-8', 'replace')} » ; "
            f"les fichiers des douanes n'en ont pas : {KIOSQUE_HINT}"
        )


def _national(fields: list[str]) -> bool:
    """A national file's line: flux, month (1–12), year, then (2016 on: CPF6, A129) an 8-digit
    NC8 code, country, value, mass, supplementary unit: 10 fields (8 in 2012–2015)."""
    if len(fields) not in (8, 10) or fields[0] not in ("E", "I"):
        return False
    month = fields[1].strip()
    nc8 = fields[5] if len(fields) == 10 else fields[3]
    return (
        month.isdigit()
        and 1 <= int(month) <= 12
        and re.fullmatch(r"[0-9]{8}", nc8.strip()) is not None
    )


QUARTER_KEYS = ["annee", "trimestre", "flux", "departement"]


def quarter_sums(table: pa.Table) -> list[list]:
    """[year, quarter, flow, department, euros] for each present, sorted: what the quarters'
    chart needs of every quarter read, whether its lines are kept or not."""
    grouped = table.group_by(QUARTER_KEYS, use_threads=False).aggregate([("valeur", "sum")])
    rows = zip(*(grouped[c].to_pylist() for c in [*QUARTER_KEYS, "valeur_sum"]), strict=True)
    return sorted([int(y), int(q), str(f), str(d), int(v)] for y, q, f, d, v in rows)


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
    # Trimmed and in capitals: « DE », « de » and « DE  » are one code (one partner), as
    # the annexes write them.
    trimmed = pc.utf8_upper(pc.utf8_trim(values, " \t"))
    if not trimmed.equals(values):
        if len(pc.unique(trimmed)) < len(trimmed):  # "18", "18 " and "de", "DE": one code
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


def overflow_error(
    column: str, files: list[tuple[pa.Table, Callable[[], bytes], str]]
) -> DataError:
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
