"""The 101 departments and 18 regions as the customs (DGDDI) code them, with forgiving lookups.

Reference tables (written for this project, checked against INSEE COG 2024 and the customs'
`Departement_region.txt` by the tests) live in `data/regions.csv` and `data/departements.csv`.

Department codes are the customs' ones: `01`..`95` with Corsica as a single `20`, `99` Monaco
(counted in Provence-Alpes-Côte d'Azur) and `9A`..`9E` for the five overseas departments.
Regions are identified by their INSEE code; `Region.dgddi` is the customs' own region code
(the five overseas regions all share DGDDI code `24`, "DOM").
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
import unicodedata
from dataclasses import dataclass

from officefiches.errors import UsageError
from officefiches.resources import data_text

# INSEE overseas department codes → customs codes; Corsica's two departments → customs' single `20`.
INSEE_TO_DGDDI_DEPT = {
    "971": "9A",
    "972": "9B",
    "973": "9C",
    "974": "9D",
    "976": "9E",
    "2A": "20",
    "2B": "20",
}

# Extra names accepted by the lookups (normalised form → code), e.g. the customs' own labels.
_DEPT_ALIASES = {
    "reunion": "9D",
    "principaute de monaco": "99",
    "corse du sud": "20",
    "haute corse": "20",
}
_REGION_ALIASES = {
    "reunion": "04",
    "paca": "93",
}


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces ("Côte-d'Or" → "cote d or")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    # any other character (hyphen, straight or curly apostrophe, space…) separates words
    return " ".join(re.split(r"[^a-z0-9]+", bare)).strip()


def name_key(text: str) -> str:
    """A name as the lookups match it: without accents, hyphens, apostrophes or spaces, so
    "cote dor", "Côte-d'Or" and "COTEDOR" are one name ("St", "Ste" read as Saint, Sainte)."""
    words = normalise(text).split()
    return "".join(_ABBREVIATIONS.get(word, word) for word in words)


_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def slugify(text: str) -> str:
    """File-name-safe slug: "Provence-Alpes-Côte d'Azur" → "provence-alpes-cote-d-azur"."""
    return normalise(text).replace(" ", "-")


@dataclass(frozen=True)
class Region:
    insee: str  # INSEE region code ("24")
    dgddi: str  # customs region code ("04"; "24" for every overseas region)
    name: str  # proper French name ("Centre-Val de Loire")
    departments: tuple[str, ...] = ()  # customs department codes, sorted
    tncc: int = 0  # INSEE's « type de nom en clair »: the article the name takes (grammar.py)

    @property
    def slug(self) -> str:
        return slugify(self.name)

    def is_only(self, dept_code: str) -> bool:
        """The region is that department alone (Corse, each overseas department)."""
        return self.departments == (dept_code,)


@dataclass(frozen=True)
class Department:
    code: str  # customs code ("18", "20", "99", "9A")
    name: str  # proper French name ("Côte-d'Or")
    region_insee: str  # INSEE code of its region
    tncc: int = 0  # INSEE's « type de nom en clair »: 2 « le Cher », 3 « la Creuse »… (grammar.py)

    @property
    def slug(self) -> str:
        return slugify(self.name)


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text(name)), delimiter=";"))


@functools.cache
def _tables() -> tuple[dict[str, Region], dict[str, Department]]:
    depts = {
        row["code"]: Department(row["code"], row["nom"], row["region_insee"], int(row["tncc"]))
        for row in _rows("departements.csv")
    }
    depts = dict(sorted(depts.items()))
    regs = {}
    for row in _rows("regions.csv"):
        codes = tuple(code for code, d in depts.items() if d.region_insee == row["insee"])
        regs[row["insee"]] = Region(row["insee"], row["dgddi"], row["nom"], codes, int(row["tncc"]))
    regs = dict(sorted(regs.items()))
    return regs, depts


def regions() -> tuple[Region, ...]:
    """The 18 regions, sorted by INSEE code."""
    return tuple(_tables()[0].values())


def departments() -> tuple[Department, ...]:
    """The 101 departments, sorted by customs code."""
    return tuple(_tables()[1].values())


def region(insee_code: str) -> Region:
    """The region with this INSEE code ("24"); UsageError when unknown."""
    regs = _tables()[0]
    code = insee_code.strip()
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    if code not in regs:
        raise UsageError(
            f"Code de région inconnu : « {insee_code} » (officefiches list regions donne la liste)."
        )
    return regs[code]


def department(code: str) -> Department:
    """The department with this code ("18", "1", "9A", also INSEE "971" or "2A"); UsageError."""
    found = _department_by_code(code)
    if found is None:
        raise UsageError(
            f"Code de département inconnu : « {code} » "
            "(officefiches list departements donne la liste)."
        )
    return found


def region_of(dept_code: str) -> Region:
    """The region of a department, given its code."""
    return _tables()[0][department(dept_code).region_insee]


def _department_by_code(text: str) -> Department | None:
    code = text.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    code = INSEE_TO_DGDDI_DEPT.get(code, code)
    return _tables()[1].get(code)


def _suggest(key: str, names: dict[str, str]) -> list[str]:
    """Up to 3 proper names whose normalised form is close to `key`."""
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))


def _unknown(kind: str, text: str, suggestions: list[str], listing: str) -> UsageError:
    hint = f" Vouliez-vous dire : {', '.join(suggestions)} ?" if suggestions else ""
    return UsageError(
        f"{kind} : « {text.strip()} ».{hint} (officefiches list {listing} donne la liste)"
    )


def find_region(text: str) -> Region:
    """A region by INSEE code ("24") or by name, forgiving case, accents and punctuation.

    "centre val de loire", "CENTRE-VAL-DE-LOIRE", "Ile de France" all work. Unknown → UsageError
    with up to three close names.
    """
    regs = _tables()[0]
    stripped = text.strip()
    if stripped.isdigit() and len(stripped) <= 2:
        return region(stripped)
    key = normalise(stripped)
    by_name = {name_key(r.name): r.insee for r in regs.values()}
    by_name.update({name_key(alias): code for alias, code in _REGION_ALIASES.items()})
    if name_key(stripped) in by_name:
        return regs[by_name[name_key(stripped)]]
    names = {normalise(r.name): r.name for r in regs.values()}
    raise _unknown("Région inconnue", text, _suggest(key, names), "regions")


def find_department(text: str) -> Department:
    """A department by code ("18", "1", "9a", "971", "2A") or by name ("cher", "Cote d'Or").

    Unknown → UsageError with up to three close names.
    """
    found = _department_by_code(text)
    if found is not None:
        return found
    depts = _tables()[1]
    key = normalise(text)
    by_name = {name_key(d.name): d.code for d in depts.values()}
    by_name.update({name_key(alias): code for alias, code in _DEPT_ALIASES.items()})
    if name_key(text) in by_name:
        return depts[by_name[name_key(text)]]
    names = {normalise(d.name): f"{d.name} ({d.code})" for d in depts.values()}
    raise _unknown("Département inconnu", text, _suggest(key, names), "departements")
