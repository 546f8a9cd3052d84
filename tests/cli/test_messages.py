"""The first hour of a new user: every mistake answered in plain French, exit codes that agree
with the summary, numbers printed the French way."""

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
    assert "1 fichier écrit" in again.stderr  # the deck
