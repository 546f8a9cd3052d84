"""Synthetic, deterministic customs data for all of France, in the official format.

The demo set lets anyone try officefiches offline. It is *not* customs data: every output built
from it says so. Its totals are calibrated so that every figure the five published ANCT fiches
print holds exactly (`data/demo_targets.csv`): the five departments' exports and imports to the
euro, their regions' totals and France's. Everything else (the other departments, products,
partners, quarters, masses) is drawn from heavy-tailed distributions with a fixed seed, so the
same year and line count always give the same data.

Other years form one coherent series around 2024 (`data demo --years 2015-2024`): each
department keeps its profile (products, partners), follows the rough shape of French trade (a
fall in 2020, imports swollen by energy prices in 2022), its own steady drift and a little
yearly noise; within it, each product and partner has its own slow trend, so that some rise and
others fade over ten years.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from officefiches import atomic, geography
from officefiches.resources import data_text

DEFAULT_LINES = 200_000
TARGET_YEAR = 2024  # the year of the published fiches; other years are scaled variations
MARKER_NAME = "DONNEES-DE-DEMONSTRATION.txt"  # inputs.DEMO_MARKER: outputs then say "demo"

# Rough weight of each department in the nation's trade (1 = an average department).
# Only the shape matters: totals are calibrated afterwards.
DEPARTMENT_WEIGHTS = {
    "75": 7.0, "92": 5.0, "13": 5.5, "31": 7.5, "69": 4.0, "59": 4.5, "76": 5.0, "67": 3.0,
    "33": 2.5, "44": 3.0, "38": 3.0, "94": 3.0, "95": 3.5, "91": 3.0, "78": 3.0, "77": 2.5,
    "93": 2.5, "57": 2.5, "68": 2.5, "62": 2.0, "60": 2.0, "35": 1.5, "74": 1.5, "64": 1.5,
    "06": 1.2, "34": 1.0, "01": 1.5, "42": 1.2, "63": 1.5, "54": 1.2, "51": 1.5, "25": 1.5,
    "21": 1.2, "71": 1.2, "80": 1.0, "02": 1.0, "27": 1.5, "14": 1.0, "37": 1.0, "28": 1.0,
    "41": 0.8, "49": 1.0, "72": 1.0, "85": 0.8, "29": 0.8, "56": 0.6, "22": 0.6, "17": 0.7,
    "16": 0.8, "86": 0.6, "87": 0.5, "24": 0.4, "40": 0.6, "47": 0.5, "79": 0.5, "19": 0.3,
    "30": 0.7, "66": 0.5, "11": 0.4, "81": 0.5, "82": 0.4, "12": 0.4, "65": 0.4, "32": 0.3,
    "46": 0.2, "09": 0.2, "48": 0.05, "05": 0.1, "04": 0.3, "83": 0.6, "84": 0.8, "26": 0.9,
    "07": 0.4, "15": 0.1, "43": 0.3, "03": 0.5, "73": 0.6, "39": 0.6, "70": 0.5, "90": 0.6,
    "89": 0.5, "58": 0.3, "10": 0.6, "52": 0.3, "55": 0.3, "08": 0.5, "88": 0.6, "50": 0.6,
    "61": 0.4, "53": 0.4, "20": 0.15, "99": 0.1, "9A": 0.1, "9B": 0.1, "9C": 0.08, "9D": 0.2,
    "9E": 0.02, "18": 0.4, "36": 0.3, "45": 1.5, "23": 0.1,
}  # fmt: skip

# A few specialities make the demo fiches look like real ones (product codes A129).
SPECIALITIES = {
    "18": ("C30C", "C25C", "C28A", "C22B"),
    "36": ("C29B", "C15Z", "C22B", "C30C"),
    "45": ("C21Z", "C20B", "C28D", "C26E"),
    "58": ("C29B", "C22A", "C10A", "C27B"),
    "23": ("C29B", "C16Z", "C10A", "C27B"),
    "31": ("C30C",),
    "13": ("B06Z", "C19Z"),
    "76": ("B06Z", "C19Z", "C20A"),
    "75": ("B06Z", "C26B", "C21Z", "C32A"),
    "69": ("C21Z", "C20A"),
    "33": ("C11Z", "C30C"),
    "51": ("C11Z",),
    "59": ("C29A", "C24A"),
}

NOT_IN_CUSTOMS_DATA = ("C30D",)  # véhicules militaires de combat

# Partners by weight in French trade (rough gravity), then a long tail.
PARTNERS = {
    "DE": 14, "BE": 10, "IT": 9, "ES": 9, "US": 8, "GB": 6, "NL": 6, "CH": 5, "CN": 7,
    "PL": 2.5, "JP": 1.5, "SE": 1.2, "TR": 1.2, "IE": 1.0, "AT": 1.0, "PT": 1.2, "CZ": 1.0,
    "IN": 1.0, "KR": 0.9, "SG": 0.8, "AE": 0.8, "SA": 0.6, "MA": 1.2, "DZ": 0.9, "TN": 0.8,
    "CA": 0.8, "BR": 0.7, "MX": 0.5, "RO": 0.6, "HU": 0.6, "DK": 0.6, "FI": 0.3, "NO": 0.8,
    "GR": 0.4, "SK": 0.4, "SI": 0.3, "LU": 0.6, "HK": 0.6, "TW": 0.5, "VN": 0.6, "TH": 0.4,
    "MY": 0.3, "ID": 0.3, "AU": 0.5, "IL": 0.3, "EG": 0.3, "QA": 0.4, "ZA": 0.3, "NG": 0.3,
    "SN": 0.3, "CI": 0.3, "CM": 0.2, "BG": 0.3, "HR": 0.2, "LT": 0.2, "LV": 0.1, "EE": 0.1,
    "UA": 0.2, "XS": 0.1, "RU": 0.1, "KZ": 0.2, "AZ": 0.1, "CL": 0.2, "AR": 0.2, "CO": 0.1,
    "PE": 0.1, "NZ": 0.1, "PH": 0.1, "PK": 0.1, "BD": 0.3, "LK": 0.05, "KE": 0.05, "GH": 0.1,
    "GA": 0.1, "MG": 0.1, "MU": 0.05, "NC": 0.1, "PF": 0.1, "AD": 0.05, "IS": 0.05,
    "MT": 0.05, "CY": 0.05, "XK": 0.01, "AL": 0.02, "MK": 0.02, "BA": 0.02, "ME": 0.01,
    "JO": 0.05, "LB": 0.05, "KW": 0.1, "OM": 0.05, "BH": 0.03, "IQ": 0.05, "LY": 0.1,
    "AO": 0.1, "BJ": 0.03, "TG": 0.03, "BF": 0.03, "ML": 0.03, "NE": 0.02, "TD": 0.02,
    "CG": 0.05, "CD": 0.03, "ET": 0.02, "TZ": 0.02, "UY": 0.02, "EC": 0.03, "DO": 0.02,
    "CR": 0.02, "PA": 0.03, "CU": 0.01, "QU": 0.05, "QR": 0.01, "QS": 0.01,
}  # fmt: skip


def _seed(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def _targets() -> dict[tuple[str, str, str], int]:
    """(scope, code, flux) → euros, from the published fiches."""
    rows = csv.DictReader(io.StringIO(data_text("demo_targets.csv")), delimiter=";")
    return {
        (r["scope"], r["code"], r["flux"]): int(Decimal(r["valeur_meur"]) * 1_000_000) for r in rows
    }


def _allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` euros by weight, to the euro (largest remainders get the leftover euros)."""
    codes = sorted(weights)
    w = np.array([weights[c] for c in codes], dtype=float)
    exact = w / w.sum() * total
    base = np.floor(exact).astype(np.int64)
    leftover = int(total - base.sum())
    order = np.argsort(-(exact - base), kind="stable")[:leftover]
    base[order] += 1
    return dict(zip(codes, (int(v) for v in base), strict=True))


def department_totals(year: int, flux: str) -> dict[str, int]:
    """Every department's total for a flow: calibrated on the published figures for 2024;
    other years vary from it (a national trend, and each department's own change)."""
    if year != TARGET_YEAR:
        return _varied_totals(year, flux)
    targets = _targets()
    regions = geography.regions()
    rng = np.random.default_rng(_seed("totals", year, flux))
    weights = {
        d.code: DEPARTMENT_WEIGHTS.get(d.code, 0.5) * rng.uniform(0.8, 1.25)
        for d in geography.departments()
    }
    if flux == "I":  # energy imports are booked to Paris and the refining ports
        for code in ("75", "13", "76"):
            weights[code] *= 2.0

    def target(scope: str, code: str) -> int | None:
        return targets.get((scope, code, flux))

    totals: dict[str, int] = {}
    rest_regions = {}
    for region in regions:
        region_target = target("region", region.insee)
        if region_target is None:
            rest_regions[region.insee] = sum(weights[c] for c in region.departments)
            continue
        totals |= _fill_region(region, region_target, weights, target)
    known = sum(totals.values())
    france_rest = target("france", "FR") - known
    for insee, euros in _allocate(france_rest, rest_regions).items():
        totals |= _fill_region(geography.region(insee), euros, weights, target)
    return totals


# The rough shape of French goods trade, in billions of euros (exports, imports), rounded: only
# the ratios to 2024 are used. Beyond these years, 3 % a year.
NATIONAL_SHAPE = {
    2015: (455, 500), 2016: (453, 501), 2017: (473, 535), 2018: (491, 555), 2019: (508, 566),
    2020: (428, 493), 2021: (500, 585), 2022: (588, 752), 2023: (606, 705), 2024: (598, 679),
}  # fmt: skip
SHOCK_YEAR = 2020  # each department is hit more or less hard by the national fall


def national_ratio(year: int, flux: str) -> float:
    """France's trade in `year` relative to 2024's, for one flow."""
    column = 0 if flux == "E" else 1
    first, last = min(NATIONAL_SHAPE), max(NATIONAL_SHAPE)
    known = min(max(year, first), last)
    ratio = NATIONAL_SHAPE[known][column] / NATIONAL_SHAPE[TARGET_YEAR][column]
    return ratio * 1.03 ** (year - known)


def _varied_totals(year: int, flux: str) -> dict[str, int]:
    """Another year's totals: 2024's, times France's shape for that year, the department's own
    steady drift (about ±2 % a year, the same every year), a deeper or milder 2020 fall, and a
    little noise (about ±3 %), so that each department draws its own plausible line."""
    base = department_totals(TARGET_YEAR, flux)
    noise = np.random.default_rng(_seed("change", year, flux)).lognormal(0, 0.03, len(base))
    shock = np.random.default_rng(_seed("shock", flux)).lognormal(0, 0.08, len(base))
    drift = np.random.default_rng(_seed("drift", flux)).normal(0, 0.02, len(base))
    years = year - TARGET_YEAR
    totals = {}
    for i, (code, value) in enumerate(sorted(base.items())):
        factor = national_ratio(year, flux) * np.exp(drift[i] * years) * noise[i]
        if year == SHOCK_YEAR:
            factor *= shock[i]
        totals[code] = int(value * factor)
    return totals


def _fill_region(region, total: int, weights, target) -> dict[str, int]:
    fixed = {c: target("department", c) for c in region.departments}
    fixed = {c: v for c, v in fixed.items() if v is not None}
    free = {c: weights[c] for c in region.departments if c not in fixed}
    return fixed | _allocate(total - sum(fixed.values()), free)


def _product_codes() -> tuple[list[str], dict[str, list[str]]]:
    rows = list(csv.DictReader(io.StringIO(data_text("cpf4.csv")), delimiter=";"))
    a129 = [r["code"] for r in csv.DictReader(io.StringIO(data_text("a129.csv")), delimiter=";")]
    cpf4: dict[str, list[str]] = {}
    for row in rows:
        cpf4.setdefault(row["a129"], []).append(row["code"])
    return a129, cpf4


def _lines_for(total: int, all_totals: int, lines: int) -> int:
    """More lines for bigger departments, with a floor so small ones still look real."""
    return max(30, int(lines * np.sqrt(total) / all_totals))


def generate(year: int = TARGET_YEAR, lines: int = DEFAULT_LINES) -> pd.DataFrame:
    """The demo data for one year: a canonical frame (see reader.COLUMNS), about `lines` rows."""
    draws = lines
    frame = _generate(year, draws)
    for _ in range(2):  # repeated product × country pairs are merged: draw more, at most twice
        if len(frame) >= 0.9 * lines:
            break
        draws = int(draws * lines / len(frame))
        frame = _generate(year, draws)
    return frame


def _generate(year: int, lines: int) -> pd.DataFrame:
    """One year's lines. Codes are drawn as integers ranked like their text (so that sorting the
    integers sorts the codes) and become categories once, at the end: fast for millions of lines."""
    from officefiches.source.reader import COLUMNS, canonical

    a129, cpf4_of = _product_codes()
    cpf4_codes = sorted({code for codes in cpf4_of.values() for code in codes})
    cpf4_rank = {code: rank for rank, code in enumerate(cpf4_codes)}
    cpf4_choices = [[cpf4_rank[c] for c in cpf4_of[p]] for p in a129]
    partners = list(PARTNERS)
    gravity = np.array(list(PARTNERS.values()), dtype=float)
    departments = sorted(d.code for d in geography.departments())
    a129_sorted, partners_sorted = sorted(a129), sorted(partners)
    a129_rank = np.array([a129_sorted.index(code) for code in a129])
    partner_rank = np.array([partners_sorted.index(code) for code in partners])
    parts = []
    for flux_rank, flux in enumerate(("E", "I")):
        totals = department_totals(year, flux)
        sqrt_sum = sum(np.sqrt(v) for v in totals.values()) * 2
        for code, total in sorted(totals.items()):
            n = _lines_for(total, sqrt_sum, lines)
            part = _department_lines(year, flux, code, total, n, a129, cpf4_choices, gravity)
            part["flux"] = np.full(n, flux_rank)
            part["departement"] = np.full(n, departments.index(code))
            part["a129"] = a129_rank[part["a129"]]
            part["pays"] = partner_rank[part["pays"]]
            parts.append(part)
    drawn = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    # Lines of the same flow, quarter, department, product and country are merged (summed), in
    # the order of their codes, as the official files never repeat a trade.
    sizes = {
        "flux": 2,
        "trimestre": 5,
        "departement": len(departments),
        "a129": len(a129),
        "cpf4": len(cpf4_codes),
        "pays": len(partners),
    }
    key = np.zeros(len(drawn["valeur"]), dtype=np.int64)
    for column, size in sizes.items():
        key = key * size + drawn[column]
    order = np.argsort(key, kind="stable")
    key = key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    first = order[starts]
    region_names = sorted({geography.region_of(d).dgddi for d in departments})
    region_of = np.array([region_names.index(geography.region_of(d).dgddi) for d in departments])
    drawn["region"] = region_of[drawn["departement"]]

    def codes(column: str, names: list[str]) -> pd.Categorical:
        # the categories of the codes present only, as reading the official files gives
        return pd.Categorical.from_codes(
            drawn[column][first], categories=names
        ).remove_unused_categories()

    frame = pd.DataFrame(
        {
            "flux": codes("flux", ["E", "I"]),
            "trimestre": drawn["trimestre"][first],
            "annee": np.full(len(first), year),
            "departement": codes("departement", departments),
            "region": codes("region", region_names),
            "a129": codes("a129", a129_sorted),
            "cpf4": codes("cpf4", cpf4_codes),
            "pays": codes("pays", partners_sorted),
            "valeur": np.add.reduceat(drawn["valeur"][order], starts),
            "masse": np.add.reduceat(drawn["masse"][order], starts),
        }
    )
    return canonical(frame[COLUMNS])


def _department_lines(year, flux, code, total, n, a129, cpf4_choices, gravity):
    """`n` lines whose values sum to `total` euros exactly, codes as integers (positions in
    `a129`, in the partners, ranks of the CPF4 codes)."""
    product_weights, country_weights = _profile(flux, code, len(a129), gravity, a129)
    product_trend, country_trend = _trends(flux, code, len(a129), len(gravity))
    rng = np.random.default_rng(_seed(year, flux, code))
    product_weights = product_weights * rng.lognormal(0, 0.15, len(product_weights))
    country_weights = country_weights * rng.lognormal(0, 0.15, len(country_weights))
    years = year - TARGET_YEAR  # each product and partner drifts slowly (none in 2024)
    product_weights = product_weights * np.exp(product_trend * years)
    country_weights = country_weights * np.exp(country_trend * years)
    # Lines are drawn from flatter odds than the values' (square roots) so that many distinct
    # product × country pairs appear, as in real files, while values stay heavy-tailed.
    products = rng.choice(len(a129), n, p=_odds(np.sqrt(product_weights)))
    countries = rng.choice(len(gravity), n, p=_odds(np.sqrt(country_weights)))
    # Each product gets its profile's share of the total (so yearly changes stay plausible),
    # split among its lines by partner weight and noise.
    line_weights = country_weights[countries] * rng.lognormal(0, 0.7, n)
    by_product = np.bincount(products, weights=line_weights, minlength=len(a129))
    product_share = np.where(by_product > 0, product_weights, 0.0)
    product_share /= product_share.sum()
    weights = product_share[products] * line_weights / by_product[products]
    values = np.maximum(np.floor(weights / weights.sum() * total), 1).astype(np.int64)
    values[np.argmax(values)] += total - int(values.sum())  # exact to the euro
    cpf4 = _pick_cpf4(rng, products, cpf4_choices)
    price = rng.lognormal(1.5, 1.2, n)  # euros per kg
    return {
        "trimestre": rng.integers(1, 5, n),
        "a129": products,
        "cpf4": cpf4,
        "pays": countries,
        "valeur": values,
        "masse": np.maximum(values / price, 1).astype(np.int64),
    }


def _trends(flux: str, code: str, products: int, countries: int):
    """Each product's and each partner's own slow trend in a department (log change a year):
    some rise, others fade, the same over every year of the series."""
    rng = np.random.default_rng(_seed("trends", flux, code))
    return rng.normal(0, 0.05, products), rng.normal(0, 0.03, countries)


def _profile(flux, code, size, gravity, a129):
    """A department's lasting trade profile (same every year, so changes stay plausible):
    heavy-tailed product weights led by its specialities, partners by gravity."""
    rng = np.random.default_rng(_seed("profile", flux, code))
    product_weights = rng.pareto(1.5, size) + 0.05
    for excluded in NOT_IN_CUSTOMS_DATA:  # military equipment is excluded from the real files
        product_weights[a129.index(excluded)] = 0.0
    lead = product_weights.max()
    for rank, speciality in enumerate(SPECIALITIES.get(code, ())):
        product_weights[a129.index(speciality)] = lead * rng.uniform(1.5, 2.5) / (rank + 1)
    return product_weights, gravity * rng.lognormal(0, 0.6, len(gravity))


def _odds(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()


def _pick_cpf4(rng, products: np.ndarray, choices: list[list[int]]) -> np.ndarray:
    """For each line's A129 product, one of its CPF4 classes, uniformly (vectorised)."""
    width = max(len(c) for c in choices)
    table = np.array([c + [c[0]] * (width - len(c)) for c in choices])
    counts = np.array([len(c) for c in choices])
    picks = (rng.random(len(products)) * counts[products]).astype(int)
    return table[products, picks]


# --- writing the official files ----------------------------------------------------------------


def write_demo(
    out: Path,
    year: int = TARGET_YEAR,
    lines: int = DEFAULT_LINES,
    years: Iterable[int] | None = None,
    on_year: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the demo set as the customs publish it: each year's data files (`years`, else
    `year`), the annexes, a notice certifying every data file. Years are generated one at a
    time, so ten years of millions of lines never sit in memory together; `on_year(year,
    lines)` is told as each is written."""
    from officefiches.source.labels import builtin_labels
    from officefiches.source.reader import COLUMNS

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = sorted(set(years)) if years else [year]
    written, count = [], 0
    for each in chosen:
        frame = generate(each, lines)
        count += len(frame)
        for flux, name in (("E", "Export"), ("I", "Import")):
            path = out / f"Region_{each}_{name}.txt"
            atomic.write_bytes(path, _official_text(frame[frame["flux"] == flux][COLUMNS]))
            written.append(path)
        if on_year:
            on_year(each, len(frame))
        del frame
    labels = builtin_labels()
    annexes = {
        "Libelle_A129.txt": labels.a129,
        "Libelle_CPF4_rev2.1.txt": labels.cpf4,
        "Libelle_PAYS.txt": labels.pays,
    }
    for name, table in annexes.items():
        rows = (f"{code};{_quoted(label)};200901;999912" for code, label in sorted(table.items()))
        written.append(_write_lines(out / name, rows))
    departments = (
        f"{d.code};{d.name};{geography.region_of(d.code).dgddi};{geography.region_of(d.code).name}"
        for d in geography.departments()
    )
    written.append(_write_lines(out / "Departement_region.txt", departments))
    shown = str(chosen[0]) if len(chosen) == 1 else f"{chosen[0]} à {chosen[-1]}"
    notice = data_text("demo_notice.txt").format(year=shown, lines=count)
    data_files = [p for p in written if p.name.startswith("Region_")]
    marker = [*notice.splitlines(), *_certificate(data_files)]
    written.append(_write_lines(out / MARKER_NAME, marker))
    return written


def _certificate(paths: list[Path]) -> list[str]:
    """The marker's list of the data files it certifies, by SHA-256: the reader treats data as
    demo data only when every data file it reads is listed here (a marker left beside real
    files certifies nothing)."""
    lines = [
        "",
        "Fichiers de données certifiés (empreinte SHA-256, nom) ; un fichier absent de cette liste",
        "n'est pas une donnée de démonstration :",
    ]
    return lines + [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in paths]


def _quoted(label: str) -> str:
    return f'"{label}"' if ";" in label else label


def _write_lines(path: Path, rows) -> Path:
    atomic.write_bytes(path, ("\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def _official_text(frame: pd.DataFrame) -> bytes:
    """Headerless, `;`-separated, CRLF lines, codes as text: the official layout."""
    import pyarrow as pa
    import pyarrow.csv as pv

    table = pa.table({c: frame[c].astype(str).to_numpy() for c in frame.columns})
    sink = io.BytesIO()
    options = pv.WriteOptions(include_header=False, delimiter=";", quoting_style="none")
    pv.write_csv(table, sink, write_options=options)
    return sink.getvalue().replace(b"\n", b"\r\n")
