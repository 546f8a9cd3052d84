"""The command line: exit codes, messages in French, results on stdout, progress on stderr."""

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from officefiches import demo
from officefiches.cli import main

from . import officialfiles


@pytest.fixture
def runner():
    return CliRunner()


def test_help_is_in_french_and_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "list", "data"):
        assert command in result.output
    assert "départements" in runner.invoke(main, ["build", "--help"]).output


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from officefiches.cli import main\n"
        "heavy = [m for m in ('pandas', 'pyarrow', 'pptx', 'xlsxwriter', 'matplotlib', 'numpy')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_list_regions_and_departments(runner):
    regions = runner.invoke(main, ["list", "regions"])
    assert regions.exit_code == 0
    assert len(regions.output.strip().splitlines()) == 18
    assert "Bourgogne-Franche-Comté" in regions.output
    departments = runner.invoke(main, ["list", "departments"])
    assert len(departments.output.strip().splitlines()) == 101
    assert "9A\tGuadeloupe" in departments.output


def test_unknown_region_exits_2_with_suggestion(runner):
    result = runner.invoke(main, ["build", "--region", "Centre Val de Loir"])
    assert result.exit_code == 2
    assert "Centre-Val de Loire" in result.output
    assert "Traceback" not in result.output


def test_nothing_requested_is_a_usage_error(runner):
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 2


def test_build_demo_department(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--department", "23", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = result.stdout.strip().splitlines()
    assert [p.rsplit("/", 1)[-1] for p in written] == ["23-creuse.xlsx", "23-creuse.pptx"]
    assert "démonstration" in result.stderr
    assert (out / "2024" / "nouvelle-aquitaine" / "23-creuse.pptx").is_file()
    assert not list(out.rglob("*.tmp*"))


def test_missing_year_lists_years_present(runner, tmp_path):
    folder = officialfiles.annual_dir(demo.generate(2024, 5000), tmp_path / "d", 2024)
    result = runner.invoke(
        main, ["build", "-d", "18", "--year", "2019", "--data", str(folder), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "2024" in result.stderr and "2019" in result.stderr


def test_malformed_line_names_file_and_line(runner, tmp_path):
    folder = officialfiles.annual_dir(demo.generate(2024, 5000), tmp_path / "d", 2024)
    path = folder / "Region_2024_Export.txt"
    lines = path.read_bytes().split(b"\r\n")
    lines[6] = b"E;1;2024;18;04;C21Z;2120;DE;douze;5"
    path.write_bytes(b"\r\n".join(lines))
    result = runner.invoke(
        main, ["build", "-d", "18", "--data", str(folder), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "Region_2024_Export.txt" in result.stderr
    assert "ligne 7" in result.stderr
    assert "Traceback" not in result.output


def test_data_info_reports_years_and_totals(runner, tmp_path):
    folder = officialfiles.annual_dir(demo.generate(2024, 5000), tmp_path / "d", 2024)
    result = runner.invoke(main, ["data", "info", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Année 2024" in result.stdout
    assert "580\u202f354,5 M€" in result.stdout  # the national export total of the fiches
    assert "684\u202f776,3 M€" in result.stdout


def test_data_demo_writes_official_files(runner, tmp_path):
    result = runner.invoke(main, ["data", "demo", "--out", str(tmp_path), "--lines", "5000"])
    assert result.exit_code == 0, result.output
    names = {p.rsplit("/", 1)[-1] for p in result.stdout.split()}
    assert {"Region_2024_Export.txt", "Region_2024_Import.txt"} <= names


def test_pdf_without_libreoffice_names_the_package(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = runner.invoke(main, ["build", "-d", "23", "--pdf", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "libreoffice-impress" in result.stderr
    assert not list(tmp_path.rglob("*.pptx"))  # failed before any work


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice absent"
)
def test_pdf_of_each_deck(runner, tmp_path):
    result = runner.invoke(main, ["build", "-d", "23", "--pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "2024" / "nouvelle-aquitaine" / "23-creuse.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in result.stdout
    assert not list(tmp_path.rglob("*.tmp*"))
