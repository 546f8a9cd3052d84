"""Departments and regions: our tables against INSEE COG 2024 and the customs' own table."""

import json

import pytest

from officefiches import geography
from officefiches.errors import UsageError
from officefiches.geography import (
    department,
    departments,
    find_department,
    find_region,
    region,
    region_of,
    regions,
)

from .shared import ANNEXES, COG, needs

CUSTOMS = ANNEXES / "Departement_region.txt"

OVERSEAS = {"971": "9A", "972": "9B", "973": "9C", "974": "9D", "976": "9E"}


def test_counts():
    assert len(departments()) == 101
    assert len(regions()) == 18
    assert [d.code for d in departments()] == sorted(d.code for d in departments())
    assert len({d.code for d in departments()}) == 101
    assert sum(len(r.departments) for r in regions()) == 101
    for r in regions():
        for code in r.departments:
            assert region_of(code) == r


def test_codes():
    codes = {d.code for d in departments()}
    assert {"20", "99", "9A", "9B", "9C", "9D", "9E"} <= codes
    assert not {"2A", "2B", "971"} & codes
    assert {f"{i:02d}" for i in range(1, 96) if i != 20} <= codes


def test_proper_names():
    assert department("21").name == "Côte-d'Or"
    assert department("29").name == "Finistère"
    assert department("20").name == "Corse"
    assert department("99").name == "Monaco"
    assert department("9D").name == "La Réunion"
    assert region("27").name == "Bourgogne-Franche-Comté"
    assert region("93").name == "Provence-Alpes-Côte d'Azur"
    assert region("84").name == "Auvergne-Rhône-Alpes"
    assert region("11").name == "Île-de-France"


def test_region_fields():
    centre = region("24")
    assert centre.dgddi == "04"
    assert centre.name == "Centre-Val de Loire"
    assert centre.departments == ("18", "28", "36", "37", "41", "45")
    assert centre.slug == "centre-val-de-loire"
    assert region("93").slug == "provence-alpes-cote-d-azur"
    assert region("11").slug == "ile-de-france"
    assert region_of("99").insee == "93"
    assert region_of("20").dgddi == "22"
    for code, insee in zip(
        ["9A", "9B", "9C", "9D", "9E"], ["01", "02", "03", "04", "06"], strict=True
    ):
        assert region_of(code).insee == insee
        assert region_of(code).dgddi == "24"
        assert region(insee).departments == (code,)


def test_department_fields():
    cher = department("18")
    assert (cher.code, cher.name, cher.region_insee, cher.slug) == ("18", "Cher", "24", "cher")
    assert department("21").slug == "cote-d-or"
    assert department("9D").slug == "la-reunion"
    # frozen
    with pytest.raises(AttributeError):
        cher.name = "x"  # type: ignore[misc]


def test_slugs_are_unique_ascii():
    slugs = [d.slug for d in departments()] + [r.slug for r in regions()]
    for slug in slugs:
        assert slug.isascii() and slug == slug.lower() and " " not in slug and "'" not in slug
    assert len({d.slug for d in departments()}) == 101


@needs(COG)
def test_matches_insee_cog_2024():
    regions_json = (COG / "regions.json").read_text(encoding="utf-8")
    cog_regions = {r["code"]: r["nom"] for r in json.loads(regions_json)}
    for r in regions():
        assert cog_regions[r.insee] == r.name
    ours = {d.code: d for d in departments()}
    seen = set()
    for d in json.loads((COG / "departements.json").read_text(encoding="utf-8")):
        code = d["code"]
        if len(code) == 3 and code not in OVERSEAS:
            continue  # overseas collectivities: not in the customs data
        code = OVERSEAS.get(code, code)
        if code in ("2A", "2B"):
            assert ours["20"].region_insee == d["region"]
            seen.add("20")
            continue
        assert ours[code].name == d["nom"], code
        assert ours[code].region_insee == d["region"], code
        seen.add(code)
    # documented differences: Corsica as one "Corse" (20), Monaco (99) in PACA
    assert set(ours) - seen == {"99"}
    assert ours["20"].name == "Corse"
    assert ours["99"].region_insee == "93"


@needs(CUSTOMS)
def test_matches_customs_table():
    customs = {}
    for line in CUSTOMS.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            code, _name, dgddi, _region = line.split(";")
            customs[code] = dgddi
    assert len(customs) == 101
    assert set(customs) == {d.code for d in departments()}
    for d in departments():
        assert region_of(d.code).dgddi == customs[d.code], d.code


@pytest.mark.parametrize(
    "text",
    [
        "centre val de loire",
        "CENTRE-VAL-DE-LOIRE",
        "Centre-Val de Loire",
        "  centre-val de loire ",
        "24",
        "centre-val-de-loire",
    ],
)
def test_find_region_centre(text):
    assert find_region(text).insee == "24"


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        ("provence alpes cote d azur", "93"),
        ("Provence-Alpes-Côte d’Azur", "93"),
        ("Ile de France", "11"),
        ("île-de-france", "11"),
        ("Bourgogne - Franche-Comté", "27"),
        ("la reunion", "04"),
        ("Réunion", "04"),
        ("corse", "94"),
        ("1", "01"),
        ("06", "06"),
    ],
)
def test_find_region(text, insee):
    assert find_region(text).insee == insee


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("18", "18"),
        ("1", "01"),
        ("01", "01"),
        ("9A", "9A"),
        ("9a", "9A"),
        ("971", "9A"),
        ("974", "9D"),
        ("976", "9E"),
        ("2A", "20"),
        ("2b", "20"),
        ("20", "20"),
        ("99", "99"),
        ("cher", "18"),
        ("Cote d'Or", "21"),
        ("côte-d’or", "21"),
        ("Loiret", "45"),
        ("loire", "42"),
        ("FINISTERE", "29"),
        ("Corse-du-Sud", "20"),
        ("Monaco", "99"),
        ("la réunion", "9D"),
    ],
)
def test_find_department(text, code):
    assert find_department(text).code == code


def test_department_lookup_by_code():
    assert department("1").code == "01"
    assert department("9b").code == "9B"
    with pytest.raises(UsageError):
        department("00")
    with pytest.raises(UsageError):
        department("975")  # Saint-Pierre-et-Miquelon: not in the customs data
    with pytest.raises(UsageError):
        region("99")


def test_region_typo_suggests():
    with pytest.raises(UsageError) as info:
        find_region("Centre Val de Loir")
    assert str(info.value) == (
        "Région inconnue : « Centre Val de Loir ». Vouliez-vous dire : Centre-Val de Loire ? "
        "(officefiches list regions donne la liste)"
    )
    assert info.value.exit_code == 2


def test_department_typo_suggests():
    with pytest.raises(UsageError) as info:
        find_department("Loirett")
    message = str(info.value)
    assert message.startswith("Département inconnu : « Loirett ». Vouliez-vous dire : ")
    assert "Loiret (45)" in message
    assert "officefiches list departements" in message
    assert message.count("(") <= 5  # at most 3 suggestions


def test_no_suggestion():
    with pytest.raises(UsageError) as info:
        find_department("zzzzzz")
    assert "Vouliez-vous dire" not in str(info.value)
    assert "« zzzzzz »" in str(info.value)


def test_normalise():
    assert geography.normalise("Côte-d'Or") == "cote d or"
    assert geography.normalise("  Provence-Alpes-Côte d’Azur ") == "provence alpes cote d azur"
