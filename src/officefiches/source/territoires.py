"""Territoires d'industrie (TI) of a department: built-in list or the ANCT commune list.

Built-in list (`data/territoires.csv`, columns `departement;territoire;retraits`): the TIs printed
in the five ANCT fiches of 2024 (Cher, Indre, Nièvre, Creuse, Loiret). `retraits=oui` marks a
department whose fiche carries the footnote "adjacent TIs with fewer than 5 communes in the
department were removed" without naming them (Cher): `Territoires.footnote` is then True with
`omitted=()`.

ANCT commune list (`--territoires FICHIER`, columns `insee_com, lib_com, id_ti, lib_ti`): the
5-commune rule of the fiche, as we read it. The rule is about TIs that span several departments:
  * a TI with at least 5 of its communes in the department is listed;
  * a TI whose communes are all in the department is listed, however few they are;
  * a TI with 1 to 4 communes in the department and others elsewhere goes to `omitted`
    (and `footnote` is set).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from officefiches import geography
from officefiches.errors import DataError
from officefiches.model import Territoires

MIN_COMMUNES = 5
BUILTIN_SOURCE = "fiches ANCT « Les indicateurs clés : commerce extérieur » 2024 (liste intégrée)"
REQUIRED_COLUMNS = ("insee_com", "lib_com", "id_ti", "lib_ti")

_COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def territoires_for(dept_code: str, anct_csv: Path | None = None) -> Territoires:
    """The TIs the fiche lists for a department.

    With `anct_csv`, computed from the ANCT commune list (5-commune rule, see the module doc);
    without it, the built-in list when the department has one, else an empty, unknown list
    (`Territoires(names=(), source="")`): never invented.
    """
    code = geography.find_department(dept_code).code
    if anct_csv is not None:
        return _from_anct(code, read_anct(Path(anct_csv)), Path(anct_csv).name)
    return _builtin().get(code, Territoires(names=()))


def territoires_of(dept_codes, anct_csv: Path | None = None) -> dict[str, Territoires]:
    """`territoires_for` for several departments, reading the ANCT list once."""
    if anct_csv is None:
        return {code: territoires_for(code) for code in dept_codes}
    rows = read_anct(Path(anct_csv))
    return {code: _from_anct(code, rows, Path(anct_csv).name) for code in dept_codes}


def _builtin() -> dict[str, Territoires]:
    text = geography.data_text("territoires.csv")
    names: dict[str, list[str]] = {}
    footnote: dict[str, bool] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        dept = row["departement"].strip()
        names.setdefault(dept, []).append(row["territoire"].strip())
        flag = (row.get("retraits") or "").strip().lower() in ("oui", "1", "true")
        footnote[dept] = footnote.get(dept, False) or flag
    return {
        dept: Territoires(
            names=tuple(sorted(tis, key=geography.normalise)),
            source=BUILTIN_SOURCE,
            footnote=footnote[dept],
        )
        for dept, tis in names.items()
    }


def commune_department(insee_com: str) -> str:
    """Customs department code of a commune: "18033" → "18", "97105" → "9A", "2A004" → "20"."""
    if insee_com.startswith("97"):
        prefix = insee_com[:3]
    else:
        prefix = insee_com[:2]
    return geography.INSEE_TO_DGDDI_DEPT.get(prefix, prefix)


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            f"Fichier des Territoires d'industrie illisible : {path} ({exc.strerror or exc})."
        ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_anct(path: Path) -> list[tuple[str, str, str]]:
    """(commune INSEE code, TI id, TI name) for every commune row of an ANCT commune list.

    Accepts `,` or `;` separators, UTF-8 (with or without BOM) or Windows-1252. Rows without a TI
    are skipped. Missing columns or a malformed commune code → DataError naming file and line.
    """
    text = _decode(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise DataError(
            f"Fichier des Territoires d'industrie vide : {path}. Colonnes attendues : "
            f"{', '.join(REQUIRED_COLUMNS)}."
        )
    best: tuple[str, list[str]] | None = None
    for sep in (";", ",", "\t"):
        header = [h.strip().strip('"').lower() for h in next(csv.reader([lines[0]], delimiter=sep))]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if best is None or len(missing) < len(best[1]):
            best = (sep, missing)
        if not missing:
            break
    assert best is not None
    sep, missing = best
    if missing:
        raise DataError(
            f"Fichier des Territoires d'industrie {path} : colonne(s) manquante(s) "
            f"{', '.join(missing)} sur la première ligne. Colonnes attendues (séparateur « ; » "
            f"ou « , ») : {', '.join(REQUIRED_COLUMNS)}."
        )
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = [h.strip().strip('"').lower() for h in next(reader)]
    index = {name: header.index(name) for name in REQUIRED_COLUMNS}
    rows: list[tuple[str, str, str]] = []
    for line_no, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) < len(header):
            raise DataError(
                f"Fichier des Territoires d'industrie {path}, ligne {line_no} : "
                f"{len(fields)} champ(s) au lieu de {len(header)}."
            )
        commune = fields[index["insee_com"]].strip().upper()
        if commune.isdigit() and len(commune) == 4:  # leading zero lost by a spreadsheet
            commune = "0" + commune
        if not _COMMUNE_CODE.match(commune):
            raise DataError(
                f"Fichier des Territoires d'industrie {path}, ligne {line_no} : code commune "
                f"« {fields[index['insee_com']]} » invalide (5 caractères attendus, ex. 18033)."
            )
        ti_id = fields[index["id_ti"]].strip()
        ti_name = " ".join(fields[index["lib_ti"]].split())
        if not ti_id and not ti_name:
            continue  # commune outside any TI
        rows.append((commune, ti_id or ti_name, ti_name or ti_id))
    return rows


def _from_anct(dept: str, rows: list[tuple[str, str, str]], source_name: str) -> Territoires:
    communes: dict[str, dict[str, set[str]]] = {}  # TI id → department → communes
    names: dict[str, str] = {}
    for commune, ti_id, ti_name in rows:
        communes.setdefault(ti_id, {}).setdefault(commune_department(commune), set()).add(commune)
        names.setdefault(ti_id, ti_name)
    listed, omitted = [], []
    for ti_id, by_dept in communes.items():
        here = len(by_dept.get(dept, ()))
        if here == 0:
            continue
        elsewhere = any(d != dept for d in by_dept)
        if here >= MIN_COMMUNES or not elsewhere:
            listed.append(names[ti_id])
        else:
            omitted.append(names[ti_id])
    return Territoires(
        names=tuple(sorted(set(listed), key=geography.normalise)),
        omitted=tuple(sorted(set(omitted), key=geography.normalise)),
        source=f"liste ANCT des communes des Territoires d'industrie ({source_name})",
        footnote=bool(omitted),
    )
