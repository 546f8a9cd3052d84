"""A territory named as French needs it: « le Cher », « du Cher », « de la Creuse », « de l'Indre »,
« des Yvelines », « de Paris », « la région Centre-Val de Loire », « la France entière ».

The article comes from INSEE's « type de nom en clair » (TNCC, data/departements.csv and
data/regions.csv, from the COG). A region is named « la région … » (always right, and what the
fiches say); France is « la France entière ». Every sentence template gets, for each of its
territory fields ({territoire}, {departement}, {region}), the forms {le_territoire},
{Le_territoire} (a sentence's start), {du_territoire}, {Du_territoire}, {au_territoire} and
{Au_territoire}; and a template written with « de {territoire} », « que {territoire} » or
« à {territoire} » (a team's text of an earlier version) is read as if it used those forms:
never « de Cher ».
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from officefiches import geography

FIELDS = ("territoire", "departement", "region")
FRANCE = "France entière"

# TNCC → (article, « de » form, « à » form). 0 and 1: no article (Paris, Mayotte, La Réunion).
_BY_TNCC = {
    0: ("", "de ", "à "),
    1: ("", "d'", "à "),
    2: ("le ", "du ", "au "),
    3: ("la ", "de la ", "à la "),
    4: ("les ", "des ", "aux "),
    5: ("l'", "de l'", "à l'"),
}


@dataclass(frozen=True)
class Forms:
    le: str  # « le Cher », « la région Centre-Val de Loire », « Paris »
    du: str  # « du Cher », « de la région Centre-Val de Loire », « de Paris »
    au: str  # « au Cher », « à la région Centre-Val de Loire », « à Paris »


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _of_tncc(name: str, tncc: int) -> Forms:
    article, of, to = _BY_TNCC.get(tncc, _BY_TNCC[0])
    return Forms(article + name, of + name, to + name)


def _plain(name: str) -> Forms:
    """A name no table knows (a team's own): no article, « de » elided before a vowel."""
    of = "d'" if name[:1].lower() in "aeiouyéèêîôâh" else "de "
    return Forms(name, of + name, "à " + name)


@functools.cache
def forms(name: str) -> Forms:
    """The forms of a department's, a region's or France's name, by its proper name."""
    if name == FRANCE:
        return Forms(f"la {name}", f"de la {name}", f"à la {name}")
    for department in geography.departments():
        if department.name == name:
            return _of_tncc(name, department.tncc)
    for region in geography.regions():
        if region.name == name:
            return Forms(f"la région {name}", f"de la région {name}", f"à la région {name}")
    return _plain(name)


def with_forms(values: dict) -> dict:
    """`values` with the grammatical forms of each territory field it holds (fields already given
    are kept: a caller may say it otherwise)."""
    extra = {}
    for field in FIELDS:
        name = values.get(field)
        if not isinstance(name, str) or not name:
            continue
        found = forms(name)
        extra |= {
            f"le_{field}": found.le,
            f"Le_{field}": _capital(found.le),
            f"du_{field}": found.du,
            f"Du_{field}": _capital(found.du),
            f"au_{field}": found.au,
            f"Au_{field}": _capital(found.au),
        }
    return extra | values if extra else values


_BARE = re.compile(r"\b(de|De|que|Que|à|À) \{(" + "|".join(FIELDS) + r")\}")
_REWRITE = {
    "de": "{{du_{}}}",
    "De": "{{Du_{}}}",
    "que": "que {{le_{}}}",
    "Que": "Que {{le_{}}}",
    "à": "{{au_{}}}",
    "À": "{{Au_{}}}",
}


def articled(text: str) -> str:
    """« de {departement} » read as « {du_departement} », « que {territoire} » as « que
    {le_territoire} », « à {region} » as « {au_region} »: a template never says « de Cher »."""
    return _BARE.sub(lambda m: _REWRITE[m[1]].format(m[2]), text)
