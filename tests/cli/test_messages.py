"""The first hour of a new user: every mistake answered in plain French, exit codes that agree
with the summary, numbers printed the French way."""

import re

import pytest

from officefiches.cli import main
from tests import factories


@pytest.fixture
def runner():
    return factories.cli_runner()


def test_a_kept_edited_file_exits_0_and_the_summary_says_so(runner, tmp_path):
    out = tmp_path / "out"
    first = runner.invoke(main, ["build", "-d", "23", "--out", str(out)])
    assert first.exit_code == 0, first.output
    workbook = out / "2024" / "nouvelle-aquitaine" / "23-creuse.xlsx"
    workbook.write_bytes(workbook.read_bytes() + b"\0")  # a team's edit
    again = runner.invoke(main, ["build", "-d", "23", "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert "aucun échec" in again.stderr
    assert "1 fichier modifié à la main laissé intact" in again.stderr
    # the deck follows the team's workbook: kept too, and said (issue 21)
    assert "présentation conservée" in again.stderr


@pytest.mark.parametrize("year", ["24", "1", "99", "-5", "20245", "deux"])
def test_a_year_not_written_in_four_digits_is_refused_before_any_work(runner, tmp_path, year):
    result = runner.invoke(main, ["build", "-d", "18", "--year", year, "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "quatre chiffres" in result.stderr and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "option, year", [("--year", "1990"), ("--year", "2026"), ("--compare-year", "2020"),
                     ("--since", "2015")],
)  # fmt: skip
def test_a_year_the_demo_lacks_is_refused_naming_its_years(runner, tmp_path, option, year):
    result = runner.invoke(main, ["build", "-d", "18", option, year, "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"L'année {year} ({option})" in result.stderr
    assert "2023, 2024" in result.stderr
    assert not list(tmp_path.iterdir())  # no made-up fiche


def test_compare_year_equal_to_the_year_is_refused(runner, tmp_path):
    command = ["build", "-d", "18", "--year", "2024", "--compare-year", "2024"]
    result = runner.invoke(main, [*command, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "années présentes : 2023" in result.stderr


@pytest.mark.parametrize("option, value", [("--jobs", "0"), ("--jobs", "-2"), ("-j", "deux")])
def test_jobs_below_one_said_in_french(runner, tmp_path, option, value):
    result = runner.invoke(main, ["build", "-d", "18", option, value, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "donnez un nombre entier d'au moins 1" in result.stderr
    assert "x>=" not in result.stderr and "range" not in result.stderr


@pytest.mark.parametrize("name", ["cote dor", "COTEDOR", "Côte-d’Or", "cote-d-or"])
def test_names_match_without_accents_hyphens_apostrophes_or_spaces(name):
    from officefiches import geography

    assert geography.find_department(name).code == "21"


def test_region_names_match_the_same_way():
    from officefiches import geography

    assert geography.find_region("centrevaldeloire").insee == "24"
    assert geography.find_region("ile de france").insee == "11"
    assert geography.find_department("Seine St Denis").code == "93"


# --- each wrong file answered for what it is ------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A workbook and a deck of the demo (one department)."""
    out = tmp_path_factory.mktemp("built")
    result = factories.cli_runner().invoke(main, ["build", "-d", "23", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out / "2024" / "nouvelle-aquitaine" / "23-creuse"


def _files(tmp_path, built):
    csv = tmp_path / "liste.csv"
    csv.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    pdf = tmp_path / "fiche.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    return {"csv": csv, "pdf": pdf, "xlsx": built.with_suffix(".xlsx"),
            "pptx": built.with_suffix(".pptx")}  # fmt: skip


@pytest.mark.parametrize(
    "which, said",
    [
        ("pptx", "est une présentation PowerPoint : donnez le classeur .xlsx correspondant : "),
        ("csv", "est un fichier texte ou CSV, pas un classeur Excel"),
        ("pdf", "est un fichier PDF, pas un classeur Excel"),
    ],
)
def test_deck_given_a_file_that_is_not_a_workbook(runner, tmp_path, built, which, said):
    path = _files(tmp_path, built)[which]
    result = runner.invoke(main, ["deck", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    if which == "pptx":
        assert str(built.with_suffix(".xlsx")) in result.stderr  # the workbook beside it
    for technical in ("zip file", "not made", "n'a pas été produit", "Traceback"):
        assert technical not in result.output


@pytest.mark.parametrize(
    "which, said",
    [
        ("xlsx", "est un classeur Excel, pas un fichier des douanes"),
        ("pptx", "est une présentation PowerPoint, pas un fichier des douanes"),
        ("pdf", "est un fichier PDF, pas un fichier des douanes"),
        ("csv", "est un fichier CSV qui n'a pas la forme d'un fichier des douanes"),
    ],
)
def test_data_given_an_office_file_a_pdf_or_a_csv(runner, tmp_path, built, which, said):
    path = _files(tmp_path, built)[which]
    result = runner.invoke(
        main, ["build", "-d", "23", "--data", str(path), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert "[Content_Types].xml" not in result.output and "ligne 1" not in result.output


def test_numbers_printed_the_french_way(runner, tmp_path):
    demo = runner.invoke(main, ["data", "demo", "--out", str(tmp_path / "d"), "--lines", "5000"])
    assert demo.exit_code == 0, demo.output
    assert re.search(r"Année 2024 écrite \(\d{1,3}(\u202f\d{3})+ lignes\)", demo.stderr)
    info = runner.invoke(main, ["data", "info", str(tmp_path / "d")])
    assert re.search(r"\(\d{1,3}(\u202f\d{3})+ lignes, ", info.stdout), info.stdout
    runner.invoke(main, ["build", "-d", "23", "--data", str(tmp_path / "d"), "--out",
                         str(tmp_path / "o"), "-q"])  # fmt: skip
    cache = runner.invoke(main, ["cache", "info"])
    assert cache.exit_code == 0
    assert re.search(r"\d+,\d Mo$", cache.stdout.strip()), cache.stdout
