"""The README works as typed: every `officefiches` command of its code blocks (the quick start's
`.venv/bin/officefiches` included) runs, in order, in one folder, on the demo data, and ends
with exit 0. A claim of the README that stops working fails here.

Shortened, and why: `data demo` gets `--lines 3000` (the README's default of 200 000 lines a year
over ten years would take minutes; the command and its options are the README's); `data fetch`
needs the Internet: its years must be among the known addresses (data/sources.csv) instead;
`build --all` (101 departments) is not in a code block, only in the table. The stand-ins for the
official ZIPs the README tells to download, and the rolling files of its « douze derniers mois »
(./douanes/), are written from the demo data, under their names.
"""

from __future__ import annotations

import glob
import shlex
from pathlib import Path

import pandas as pd
import pytest

from officefiches.cli import main
from officefiches.source import demo, fetch
from tests import factories, officialfiles

README = Path(__file__).resolve().parents[1] / "README.md"
QUICK_START = ".venv/bin/officefiches "


def readme_commands() -> list[str]:
    """The `officefiches …` commands of the README's code blocks (lines indented by four
    spaces), in order; a line of several commands joined by && gives its officefiches one."""
    commands = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("    "):
            continue
        for part in line.strip().split("&&"):
            part = part.strip()
            if part.startswith(QUICK_START):
                part = part[len(".venv/bin/") :]
            if part.startswith("officefiches "):
                commands.append(part)
    return commands


def test_the_readme_has_the_commands_a_new_user_types():
    commands = readme_commands()
    assert commands[0] == 'officefiches build --region "Centre-Val de Loire"'  # quick start
    for expected in ("data demo", "data fetch", "deck ", "texts --out", "--texts", "--data"):
        assert any(expected in command for command in commands), expected


def test_every_readme_command_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frame = demo.generate(2024, 3000)
    officialfiles.annual_zips(frame, tmp_path, 2024)  # Regional-2024-export.zip, -import.zip
    # ./douanes/: the rolling files of October 2025 (the last five quarters, to June 2025)
    rolling = pd.concat([frame, demo.generate(2025, 3000)], ignore_index=True)
    quarters = [(2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2)]
    officialfiles.rolling_dir(rolling, tmp_path / "douanes", quarters)
    runner = factories.cli_runner()
    ran = 0
    for command in readme_commands():
        words = shlex.split(command)[1:]
        if words[:2] == ["data", "fetch"]:  # needs the Internet: the year must be known
            years = [words[i + 1] for i, w in enumerate(words) if w == "--year"]
            assert all(fetch.known_urls(int(year)) for year in years), command
            if "--territoires" in words:
                assert fetch.known_urls(fetch.TERRITOIRES), command
            continue
        if words[:2] == ["data", "demo"]:
            words += ["--lines", "3000"]
        expanded = []
        for word in words:  # the shell's glob
            expanded += sorted(glob.glob(word)) if "*" in word else [word]
        result = runner.invoke(main, expanded)
        assert result.exit_code == 0, (command, result.output, getattr(result, "stderr", ""))
        ran += 1
    assert ran >= 8


@pytest.mark.parametrize("command", ["build --department 18 --year 2026"])
def test_a_command_the_readme_says_fails_does_fail(tmp_path, monkeypatch, command):
    """The troubleshooting table's year message is what the tool says."""
    monkeypatch.chdir(tmp_path)
    result = factories.cli_runner().invoke(main, shlex.split(command))
    assert result.exit_code == 2
    said = result.stderr.removeprefix("Erreur : ").split(" : années présentes")[0]
    text = README.read_text(encoding="utf-8")
    assert "« L'année 2026 (--year) n'est pas dans … : années présentes : 2023, 2024 »" in text
    assert said.startswith("L'année 2026 (--year) n'est pas dans ")
