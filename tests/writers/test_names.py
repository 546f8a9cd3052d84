"""One name for each product and country, everywhere (issue 23): our display names
(data/a129_courts.csv, data/pays_courts.csv) cover every A129 code without two alike or one
inside another, and a deck and a workbook give each code one name only, ours or the team's;
the annex's official label stays in « Libellés » (and the data Tables, the customs' lines)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import datetime

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from officefiches import writers
from officefiches.model import TeamWork
from officefiches.resources import data_text
from officefiches.source.labels import Labels, builtin_labels
from officefiches.writers import look
from tests import factories
from tests.decks import all_shapes
from tests.writers.xlsx.test_department import tables_for
from tests.writers.xlsx.test_evolution_exposure import full_fiche

CREATED = datetime(2025, 6, 1)


def table(name: str, column: str) -> dict[str, str]:
    return {
        r["code"]: r[column] for r in csv.DictReader(io.StringIO(data_text(name)), delimiter=";")
    }


A129 = table("a129.csv", "libelle")  # every A129 code
DISPLAY = {"a129": table("a129_courts.csv", "court"), "pays": table("pays_courts.csv", "court")}


def words(name: str) -> str:
    """A name compared: case, accents and punctuation ignored, one space between words."""
    plain = unicodedata.normalize("NFD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", plain))


# --- the tables -----------------------------------------------------------------------------


def test_every_a129_code_has_a_display_name_that_fits():
    assert set(DISPLAY["a129"]) == set(A129)
    for code, name in DISPLAY["a129"].items():
        assert name.strip() == name and 0 < len(name) <= look.LABEL_MAX_CHARS, code


def test_no_two_products_alike_nor_one_inside_another():
    """« Minéraux divers » beside « Matériaux de construction et produits minéraux divers »
    would leave a reader wondering: no display name is, word for word, part of another."""
    names = {code: words(name) for code, name in DISPLAY["a129"].items()}
    assert len(set(names.values())) == len(names)
    for code, name in names.items():
        for other, longer in names.items():
            if other != code:
                assert f" {name} " not in f" {longer} ", (code, other)


def test_countries_get_their_current_names():
    usual = {
        "CZ": "Tchéquie",
        "SZ": "Eswatini",
        "MK": "Macédoine du Nord",
        "KR": "Corée du Sud",
        "KP": "Corée du Nord",
        "VC": "Saint-Vincent-et-les-Grenadines",
        "US": "États-Unis",
        "CI": "Côte d'Ivoire",
    }
    for code, name in usual.items():
        assert look.display_name("pays", code, "libellé de l'annexe") == name
    # a code without a name of ours keeps its label (« Allemagne »), never an empty one
    assert look.display_name("pays", "DE", "Allemagne") == "Allemagne"
    assert look.display_name("cpf4", "2120", "Préparations pharmaceutiques") == (
        "Préparations pharmaceutiques"
    )
    # the customs' own partners (« QU », « QR »…, data/partenaires_non_pays.csv) have a short name
    assert set(table("partenaires_non_pays.csv", "nature")) <= set(DISPLAY["pays"])
    # the names of ours read as names: no inverted annex form « Tchèque (République) »
    for code, name in DISPLAY["pays"].items():
        assert not re.search(r"\((république|ancienne|état|îles?\))", name.casefold()), code


def test_a_team_name_comes_first():
    team = {("a129", "C21Z"): "Pharma"}
    assert look.display_name("a129", "C21Z", "Produits pharmaceutiques", team) == "Pharma"
    assert look.display_name("a129", "C28A", "Machines", team) == DISPLAY["a129"]["C28A"]


# --- what a deck and a workbook show --------------------------------------------------------

# The annex's own labels (Libelle_A129.txt, Libelle_PAYS.txt) for the products and countries of
# the synthetic lines, so that a writer showing the official label is caught.
OFFICIAL_A129 = {
    "A01Z": "Produits de la culture et de l\u2019élevage",
    "C10H": "Produits alimentaires divers",
    "C11Z": "Boissons",
    "C20A": "Produits chimiques de base, produits azotés, matières plastiques et caoutchouc "
    "synthétique",
    "C20B": "Parfums, cosmétiques et produits d\u2019entretien",
    "C21Z": "Produits pharmaceutiques",
    "C22B": "Produits en plastique",
    "C24B": "Métaux non ferreux",
    "C25C": "Armes et munitions",
    "C26A": "Composants et cartes électroniques",
    "C27B": "Matériel électrique",
    "C28A": "Machines et équipements d'usage général",
    "C29A": "Produits de la construction automobile",
    "C30C": "Produits de la construction aéronautique et spatiale",
}
AWKWARD = {  # countries of the synthetic lines -> countries whose annex label is awkward
    "DE": ("CZ", "Tchèque (République)"),
    "BE": ("KR", "Corée (République de)"),
    "IT": ("MK", "Macédoine (ancienne République yougoslave de)"),
    "ES": ("SZ", "Swaziland"),
    "NL": ("VC", "Saint-Vincent-et-les-Grenadines"),
    "CH": ("RU", "Russie (Fédération de)"),
    "CN": ("TW", "Taïwan"),
}
OFFICIAL_PAYS = {new: label for new, label in AWKWARD.values()} | {"US": "États-Unis"}
LABELS = Labels(
    a129=OFFICIAL_A129,
    cpf4=builtin_labels().cpf4,
    pays=builtin_labels().pays | OFFICIAL_PAYS,
)
CODES = {"a129": sorted(OFFICIAL_A129), "pays": sorted(set(factories.COUNTRIES) - set(AWKWARD))}
CODES["pays"] += [new for new, _ in AWKWARD.values()]


def moved(frame):
    """The synthetic lines with the awkward countries in place of some of theirs."""
    frame = frame.copy()
    frame["pays"] = frame["pays"].map(lambda c: AWKWARD.get(c, (c,))[0])
    return frame


@pytest.fixture(scope="module")
def fiche():
    frame = moved(factories.lines(seed=3, n=600))
    previous = moved(factories.lines(seed=4, n=600, year=2023))
    return frame, full_fiche(frame, previous, LABELS)


def candidates(team: dict) -> dict[tuple[str, str], set[str]]:
    """Every name a code could be shown under: its official label, ours, the team's."""
    found = {}
    for kind, codes in CODES.items():
        for code in codes:
            official = getattr(LABELS, f"{kind}_label")(code)
            names = {official, look.default_name(kind, code, official)}
            if (kind, code) in team:
                names.add(team[(kind, code)])
            found[(kind, code)] = {n for n in names if len(words(n)) > 2}
    return found


def names_in(texts: list[str], team: dict) -> dict[tuple[str, str], set[str]]:
    """(kind, code) -> the names of the code found in `texts`, as whole words. A name found
    only inside a longer name of the same code (« Taïwan » in « Taïwan (province) ») counts
    once, as the longer one."""
    shown = {}
    patterns = {
        key: {n: re.compile(rf"(?<!\w){re.escape(words(n))}(?!\w)") for n in names}
        for key, names in candidates(team).items()
    }
    for text in texts:
        plain = words(text)
        for key, names in patterns.items():
            hits = {n for n, pattern in names.items() if pattern.search(plain)}
            hits = {n for n in hits if not any(words(n) in words(m) for m in hits - {n})}
            shown.setdefault(key, set()).update(hits)
    return {key: names for key, names in shown.items() if names}


def deck_texts(path) -> tuple[list[str], list[str]]:
    """Every text a slide shows (shapes, table cells, chart categories and series, alt texts),
    and the notes apart."""
    shown, notes = [], []
    for slide in Presentation(str(path)).slides:
        for shape in all_shapes(slide.shapes):
            if shape.has_text_frame:
                shown.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                shown += [cell.text for row in shape.table.rows for cell in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                for plot in shape.chart.plots:
                    shown += [str(c) for c in plot.categories]
                    shown += [str(s.name) for s in plot.series]
            descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
            shown += [str(d) for d in descr]  # what a screen reader says is shown too
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return shown, notes


# The sheets that hold the official labels: « Libellés » (beside ours) and the data Tables
# (the customs' lines, as the files give them; `deck` reads them back).
OFFICIAL_SHEETS = ("Libellés", "Données")


def workbook_texts(path, formulas: bool = False) -> list[str]:
    """Every text a reader sees, but in the sheets that hold the official labels: each cell's
    value as written (a formula's cached value); with `formulas`, the texts in the formulas
    instead (what Excel shows once it recalculates: a name formula's fallback)."""
    texts = []
    for sheet in load_workbook(path, data_only=not formulas).worksheets:
        if sheet.title.startswith(OFFICIAL_SHEETS):
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                if not formulas:
                    texts.append(cell.value)
                elif cell.value.startswith("="):
                    texts += [t.replace('""', '"') for t in LITERAL.findall(cell.value)]
    return texts


LITERAL = re.compile(r'"((?:[^"]|"")*)"')


def write_both(tmp_path, fiche, team: dict):
    frame, doc = fiche
    deck = tmp_path / "deck.pptx"
    writers.write_deck(doc, deck, created=CREATED, short_labels=team)
    book = tmp_path / "book.xlsx"
    tables = tables_for(frame, labels=LABELS)
    writers.write_workbook(doc, tables, book, CREATED, team=TeamWork(short_labels=dict(team)))
    return deck, book


def expected(team: dict) -> dict[tuple[str, str], str]:
    return {
        (kind, code): look.display_name(kind, code, getattr(LABELS, f"{kind}_label")(code), team)
        for kind, codes in CODES.items()
        for code in codes
    }


def check_one_name(found: dict, team: dict, where: str) -> None:
    want = expected(team)
    two = {key: names for key, names in found.items() if names != {want[key]}}
    assert not two, f"{where}: codes shown under another name than theirs: {two}"


@pytest.mark.parametrize(
    "team", [{}, {("a129", "C21Z"): "Pharma", ("pays", "KR"): "République de Corée"}]
)
def test_each_code_has_one_name_on_every_slide_and_sheet(tmp_path, fiche, team):
    deck, book = write_both(tmp_path, fiche, team)
    slides, notes = deck_texts(deck)
    found = names_in(slides, team)
    check_one_name(found, team, "deck")
    # the names that differ from the annex's are seen: the check is not vacuous
    assert found[("a129", "C28A")] == {team.get(("a129", "C28A"), "Machines d'usage général")}
    assert found[("pays", "MK")] == {"Macédoine du Nord"}
    check_one_name(names_in(workbook_texts(book), team), team, "workbook")
    # a name formula falls back on our name when « Libellés » has none (never the annex's)
    check_one_name(names_in(workbook_texts(book, formulas=True), {}), {}, "formulas")
    # the official labels are still there for whoever looks for them
    labels = load_workbook(book)["Libellés"]
    rows = [[c.value for c in row] for row in labels.iter_rows()]
    header = next(r for r in rows if r[:2] == ["Type", "Code"])
    assert header[2:5] == ["Libellé officiel", "Nom affiché par défaut", "Libellé court"]
    by_code = {r[1]: r for r in rows if r[1] in OFFICIAL_A129 or r[1] in OFFICIAL_PAYS}
    assert by_code["C28A"][2:4] == [OFFICIAL_A129["C28A"], "Machines d'usage général"]
    assert by_code["MK"][2:4] == [OFFICIAL_PAYS["MK"], "Macédoine du Nord"]
    assert by_code["C21Z"][4] == team.get(("a129", "C21Z"))
    if team:  # the team's name replaces ours everywhere, the official one is nowhere
        assert found[("a129", "C21Z")] == {"Pharma"}
        assert found[("pays", "KR")] == {"République de Corée"}
        assert "Produits pharmaceutiques" not in "\n".join(slides)
        assert "Corée du Sud" not in "\n".join(slides + workbook_texts(book))
    # the flows' notes give the annex's label beside a name that is not it, never a team's
    notes = "\n".join(notes)
    shown = f"Machines d'usage général (libellé officiel : {OFFICIAL_A129['C28A']})"
    assert words(shown) in words(notes)
    assert "libellé officiel : Pharma" not in notes
