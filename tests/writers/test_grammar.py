"""Every territory with its article (issue 23): « du Cher », « de la Creuse », « de l'Indre »,
« des Yvelines », never « de Cher » nor « de Le », in every sentence of every template, for the
101 departments, the 18 regions and France."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from officefiches import geography, resources
from officefiches.writers import grammar, texts
from tests.shared import COG, needs


def template_texts() -> list[tuple[str, str]]:
    """(where, text) for every sentence template: the deck's and the workbook's TOML texts and
    the long Markdown texts."""
    found = []
    for name in (texts.DECK, texts.WORKBOOK):
        tree = tomllib.loads(resources.template_text(name))
        stack = [(name, tree)]
        while stack:
            where, items = stack.pop()
            for key, value in items.items():
                if isinstance(value, dict):
                    stack.append((f"{where}:{key}", value))
                elif isinstance(value, str):
                    found.append((f"{where}:{key}", value))
    for name in resources.EDITABLE_TEMPLATES:
        if name.endswith(".md"):
            found.append((name, resources.template_text(name)))
    assert len(found) > 100
    return found


def territories() -> list[tuple[str, str]]:
    """(name, its region's name) for each department, each region and France."""
    regions = {r.insee: r.name for r in geography.regions()}
    pairs = [(d.name, regions[d.region_insee]) for d in geography.departments()]
    pairs += [(r.name, r.name) for r in geography.regions()]
    return [*pairs, (grammar.FRANCE, grammar.FRANCE)]


# Never right before a name: « de le Cher », « de Les Yvelines », « à le Cher » (« de le
# recalculer » is: a pronoun, before a verb).
WRONG = re.compile(r"\b(de|à) (le|les|Le|Les) [A-ZÉÈÎÔ]")


def test_every_sentence_of_every_template_names_every_territory_with_its_article():
    templates = template_texts()
    places = territories()
    assert len(places) == 101 + 18 + 1
    faults = []
    for name, region in places:
        tncc = next((d.tncc for d in geography.departments() if d.name == name), 0)
        # « de Cher », « à Creuse », « que Indre »: a name that takes an article, without it
        bare = re.compile(rf"\b(de|à|que|d') {re.escape(name)}\b") if tncc >= 2 else None
        values = {"territoire": name, "departement": name, "region": region}
        for where, text in templates:
            filled = texts.fill(text, values, where)
            if WRONG.search(filled) or (bare and bare.search(filled)):
                faults.append(f"{where} [{name}]: {filled[:120]}")
    assert not faults, "\n".join(faults[:20])


@pytest.mark.parametrize(
    ("name", "le", "du", "au"),
    [
        ("Cher", "le Cher", "du Cher", "au Cher"),
        ("Creuse", "la Creuse", "de la Creuse", "à la Creuse"),
        ("Indre", "l'Indre", "de l'Indre", "à l'Indre"),
        ("Yvelines", "les Yvelines", "des Yvelines", "aux Yvelines"),
        ("Paris", "Paris", "de Paris", "à Paris"),
        ("La Réunion", "La Réunion", "de La Réunion", "à La Réunion"),
        ("Corse", "la Corse", "de la Corse", "à la Corse"),
        (
            "Centre-Val de Loire",
            "la région Centre-Val de Loire",
            "de la région Centre-Val de Loire",
            "à la région Centre-Val de Loire",
        ),
        ("France entière", "la France entière", "de la France entière", "à la France entière"),
    ],
)
def test_forms(name, le, du, au):
    assert grammar.forms(name) == grammar.Forms(le, du, au)


def test_our_templates_use_the_forms_and_a_teams_old_wording_is_read_right():
    values = {"territoire": "Cher", "departement": "Cher", "region": "Centre-Val de Loire"}
    ours = texts.short("graphique_trimestres", values)
    assert ours.startswith("Les échanges du Cher, trimestre par trimestre")
    old = "Où vont les exportations de {departement} ? Ce que {territoire} vend. À {territoire}."
    assert texts.fill(old, values, "test") == (
        "Où vont les exportations du Cher ? Ce que le Cher vend. Au Cher."
    )
    explicit = "{Le_departement} exporte ; la part {du_region}."
    assert texts.fill(explicit, values, "test") == (
        "Le Cher exporte ; la part de la région Centre-Val de Loire."
    )


def test_a_name_no_table_knows_is_elided_before_a_vowel():
    assert texts.fill("Les échanges de {territoire}", {"territoire": "Amiens"}, "t") == (
        "Les échanges d'Amiens"
    )


# Customs codes INSEE numbers otherwise; Corsica is one customs department (« la Corse ») and
# Monaco (99) is no French department at all (« de Monaco »).
CUSTOMS_TO_INSEE = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "976"}
OURS_ALONE = {"20": 3, "99": 0}


@needs(COG)
def test_the_articles_are_insees():
    cog = json.loads((COG / "departements.json").read_text(encoding="utf-8"))
    by_code = {row["code"]: row["typeLiaison"] for row in cog}
    for department in geography.departments():
        expected = OURS_ALONE.get(department.code)
        if expected is None:
            expected = by_code[CUSTOMS_TO_INSEE.get(department.code, department.code)]
        assert department.tncc == expected, department
    regions = json.loads((COG / "regions.json").read_text(encoding="utf-8"))
    by_region = {row["code"]: row["typeLiaison"] for row in regions}
    for region in geography.regions():
        assert region.tncc == by_region[region.insee], region


def test_a_built_deck_and_workbook_say_des_yvelines_never_de_yvelines(tmp_path):
    import zipfile

    from officefiches.options import BuildOptions
    from officefiches.run.build import Reporter, run_build

    options = BuildOptions(departments=("78",), out=tmp_path, demo_lines=20_000, jobs=1)
    report = run_build(options, Reporter())
    assert sorted(p.suffix for p in report.written) == [".pptx", ".xlsx"]
    for path in report.written:
        with zipfile.ZipFile(path) as archive:
            xml = " ".join(
                archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
            )
        assert not re.search(r"\b(de|à|que) Yvelines\b", xml), path
        assert "des Yvelines" in xml, path
