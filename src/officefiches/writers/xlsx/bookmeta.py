"""What a workbook of ours says about itself, shared by its writer (writers/xlsx) and its reader
(readback/workbook.py, readback/fiche.py): the marker in its document properties, the names of
its data Tables and their columns, and the parameters sheet (what the deck needs that no table
holds: the data's description, the Territoires d'industrie, the compared year, the concentration
of the region's and France's partners). Pure: stdlib and the model only."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal

from officefiches import columns
from officefiches.model import (
    EXPORT,
    IMPORT,
    OTHER_CODE,
    OTHER_EU_CODE,
    Concentration,
    DataInfo,
    DataSource,
    Flow,
    Period,
    Quarters,
    QuarterValue,
    Scope,
    Territoires,
    TrendGap,
    TrendMove,
    Trends,
    TrendSeries,
    TrendShare,
)

# --- the marker: custom document properties --------------------------------------------------
GENERATOR = "officefiches"  # property: the version that wrote the workbook
FORMAT = "officefiches format"  # property: the layout's version (what readback/workbook.py checks)
DOCUMENT = "officefiches document"  # property: "departement", "region" or "france"
CODE = "officefiches code"  # property: "18", the region's INSEE code, or "FR"
YEAR = "officefiches annee"  # property: the data's year
FORMAT_VERSION = 1
KINDS = ("departement", "region", "france")

# --- the data Tables --------------------------------------------------------------------------
TABLE_LINES = "Lignes"  # a department's source lines ("Données")
TABLE_REGION = "Region"  # a region's flux × A129 × country ("Données région", or "Données")
TABLE_FRANCE = "France"  # France's ("Données France", or "Données" in France's synthesis)
TABLE_PREVIOUS = "Precedent"  # the subject's compared year, flux × A129 × country
TABLE_MEMBERS = "Membres"  # a synthesis: flux × member × country
TABLE_LABELS = "Libelles"  # « Libellés »: the team's short labels
TABLE_MESSAGES = "Messages"  # « Messages »: the team's key message of each slide

# The data Tables' columns (columns.py declares each field once)
FLUX = columns.FLOW.header
QUARTER = columns.QUARTER.header
YEAR_COLUMN = columns.YEAR.header
DEPARTMENT = columns.DEPARTMENT.header
A129, A129_LABEL = columns.A129.header, columns.A129.label_header
CPF4, CPF4_LABEL = columns.CPF4.header, columns.CPF4.label_header
COUNTRY, COUNTRY_LABEL = columns.COUNTRY.header, columns.COUNTRY.label_header
VALUE = columns.VALUE.header
MASS = columns.MASS.header
# a synthesis's Membres table: the member's code and name columns, by document kind
MEMBER_HEADERS = {
    "region": ("Code département", "Département"),
    "france": ("Code région", "Région"),
}

LINE_COLUMNS = columns.table_headers()
DETAIL_COLUMNS = (FLUX, A129, A129_LABEL, COUNTRY, COUNTRY_LABEL, VALUE, MASS)


def member_columns(kind: str) -> tuple[str, ...]:
    return (FLUX, *MEMBER_HEADERS[kind], COUNTRY, COUNTRY_LABEL, VALUE)


# « Libellés » and « Messages »
LABEL_TYPE, LABEL_CODE, LABEL_OFFICIAL, LABEL_DEFAULT, LABEL_SHORT = (
    "Type", "Code", "Libellé officiel", "Nom affiché par défaut", "Libellé court",
)  # fmt: skip
LABEL_COLUMNS = (LABEL_TYPE, LABEL_CODE, LABEL_OFFICIAL, LABEL_SHORT)  # what is read back
# what « Libellés » shows: our display name (writers/look.display_name) between the official
# label and the team's; a workbook written before it had none, and reads back the same
LABEL_SHEET_COLUMNS = (LABEL_TYPE, LABEL_CODE, LABEL_OFFICIAL, LABEL_DEFAULT, LABEL_SHORT)
LABEL_KINDS = {
    f.label_header: f.names for f in (columns.A129, columns.CPF4, columns.COUNTRY)
}  # Type → kind
KIND_TYPES = {kind: label for label, kind in LABEL_KINDS.items()}
SLIDE, MESSAGE = "Diapositive", "Message"
MESSAGE_COLUMNS = (SLIDE, MESSAGE)
EARLIER_MESSAGE = "Message de {annee}"  # a message carried from another year (--carry-over)
LABEL_NOTE = "Remarque"  # « Libellés »: why a row is there (a label kept for the years to come)


def earlier_year(header: str) -> int | None:
    """The year of a « Message de 2023 » column's header, None for any other header."""
    prefix = EARLIER_MESSAGE.split("{")[0]
    rest = header.removeprefix(prefix).strip()
    return int(rest) if header.startswith(prefix) and rest.isdigit() and len(rest) == 4 else None


# Rows of a region's or France's table that stand for the countries not kept by name: those of
# the European Union, and the others (code, label).
OTHER_EU_COUNTRIES = (OTHER_EU_CODE, "Autres pays de l'Union européenne")
OTHER_COUNTRIES = (OTHER_CODE, "Autres pays")
FOLDED = dict((OTHER_EU_COUNTRIES, OTHER_COUNTRIES))  # code -> label

# --- the parameters sheet -----------------------------------------------------------------------
PARAMETERS_SHEET = "officefiches"
PARAMETERS_NOTE = (
    "Paramètres du classeur pour « officefiches deck » : ne pas modifier cet onglet masqué."
)


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def parameters(
    kind: str,
    code: str,
    name: str,
    data: DataInfo,
    territoires: Territoires | None = None,
    previous_year: int | None = None,
    concentrations: dict[str, dict[str, Concentration]] | None = None,
    region: tuple[str, str] | None = None,
    trends: Trends | None = None,
    quarters: Quarters | None = None,
) -> list[tuple[str, str]]:
    """The parameters sheet's rows: (key, JSON). Sources and warnings one per row (a cell holds
    at most 32 767 characters)."""
    info = asdict(data)
    sources, warnings = info.pop("sources"), info.pop("warnings")
    if info["period"] is None:  # a calendar year: written as before periods existed
        del info["period"]
    rows = [
        ("format", json.dumps(FORMAT_VERSION)),
        ("document", json.dumps({"type": kind, "code": code, "nom": name, "region": region})),
        ("donnees", json.dumps(_jsonable(info), ensure_ascii=False)),
    ]
    rows += [("source", json.dumps(s, ensure_ascii=False)) for s in sources]
    rows += [("avertissement", json.dumps(w, ensure_ascii=False)) for w in warnings]
    if territoires is not None:
        rows.append(("territoires", json.dumps(_jsonable(asdict(territoires)), ensure_ascii=False)))
    rows.append(("annee_comparaison", json.dumps(previous_year)))
    for scope, flows in (concentrations or {}).items():
        value = {flux: _jsonable(asdict(c)) for flux, c in flows.items()}
        rows.append((f"concentration_pays_{scope}", json.dumps(value)))
    if trends is not None:  # ten years the workbook's Tables do not hold: carried as computed
        rows.append(("tendances", json.dumps(_jsonable(asdict(trends)), ensure_ascii=False)))
    if quarters is not None:  # twelve quarters the workbook's Tables do not hold
        rows.append(("trimestres", json.dumps(_jsonable(asdict(quarters)), ensure_ascii=False)))
    return rows


def read_quarters(value) -> Quarters | None:
    """The Quarters of the parameter « trimestres » (None when the workbook has none)."""
    if value is None:
        return None
    return Quarters(
        scope=Scope(**value["scope"]),
        values=tuple(
            QuarterValue(**{k: None if v is None else int(v) for k, v in item.items()})
            for item in value["values"]
        ),
    )


def read_trends(value) -> Trends | None:
    """The Trends of the parameter « tendances » (None when the workbook has none)."""
    if value is None:
        return None

    def numbers(values, kind=int):
        return tuple(None if v is None else kind(v) for v in values)

    def series(items) -> tuple[TrendSeries, ...]:
        return tuple(
            TrendSeries(str(s["code"]), str(s["label"]), numbers(s["values"])) for s in items
        )

    move = value["move"]
    return Trends(
        scope=Scope(**value["scope"]),
        years=numbers(value["years"]),
        gaps=tuple(TrendGap(int(g["year"]), str(g["partial"])) for g in value["gaps"]),
        exports=numbers(value["exports"]),
        imports=numbers(value["imports"]),
        shares=tuple(
            TrendShare(Scope(**s["whole"]), Flow(s["flux"]), numbers(s["values"], Decimal))
            for s in value["shares"]
        ),
        partners_export=series(value["partners_export"]),
        partners_import=series(value["partners_import"]),
        products_export=series(value["products_export"]),
        products_import=series(value["products_import"]),
        growth_exports=numbers([value["growth_exports"]], Decimal)[0],
        growth_imports=numbers([value["growth_imports"]], Decimal)[0],
        move=None
        if move is None
        else TrendMove(
            str(move["kind"]),
            Flow(move["flux"]),
            str(move["code"]),
            str(move["label"]),
            int(move["first"]),
            int(move["last"]),
        ),
    )


class ParameterError(ValueError):
    """A parameter is missing or unreadable (the parameters sheet was damaged)."""


def read_parameters(rows: list[tuple[str, str]]) -> dict:
    """The parameters back from the sheet's (key, JSON) rows."""
    single: dict[str, object] = {}
    many: dict[str, list] = {"source": [], "avertissement": []}
    for key, text in rows:
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            raise ParameterError(key) from None
        if key in many:
            many[key].append(value)
        else:
            single[key] = value
    for needed in ("format", "document", "donnees"):
        if needed not in single:
            raise ParameterError(needed)
    try:
        info = dict(single["donnees"])
        data = DataInfo(
            year=int(info["year"]),
            quarters=tuple(int(q) for q in info["quarters"]),
            is_demo=bool(info["is_demo"]),
            sources=tuple(DataSource(**s) for s in many["source"]),
            label_source=str(info.get("label_source", "")),
            warnings=tuple(str(w) for w in many["avertissement"]),
            partial_note=str(info.get("partial_note", "")),
            period=Period(int(info["period"]["year"]), int(info["period"]["quarter"]))
            if info.get("period")
            else None,
        )
        territoires = None
        if single.get("territoires") is not None:
            t = single["territoires"]
            territoires = Territoires(
                names=tuple(t["names"]),
                omitted=tuple(t["omitted"]),
                source=str(t["source"]),
                footnote=bool(t["footnote"]),
            )
        concentrations = {}
        for key, value in single.items():
            if key.startswith("concentration_pays_"):
                concentrations[key.removeprefix("concentration_pays_")] = {
                    EXPORT if flux == EXPORT else IMPORT: Concentration(
                        Decimal(c["herfindahl"]), Decimal(c["top3_pct"]), int(c["count"])
                    )
                    for flux, c in value.items()
                }
        trends = read_trends(single.get("tendances"))
        quarters = read_quarters(single.get("trimestres"))
    except (KeyError, TypeError, ValueError) as error:
        raise ParameterError(str(error)) from None
    previous = single.get("annee_comparaison")
    return {
        "format": single["format"],
        "document": single["document"],
        "data": data,
        "territoires": territoires,
        "previous_year": int(previous) if previous is not None else None,
        "concentrations": concentrations,
        "trends": trends,
        "quarters": quarters,
    }
