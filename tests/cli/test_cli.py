"""The command line: exit codes, messages in French, results on stdout, progress on stderr."""

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click import shell_completion

from officefiches.cli import main
from officefiches.cli.completion import complete_department, complete_region
from officefiches.cli.progress import CliReporter, DownloadBar
from officefiches.source import demo
from tests import factories, officialfiles


@pytest.fixture
def runner():
    return factories.cli_runner()


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
    assert "Centre-Val de Loire" in result.stderr
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
    assert result.exit_code == 2  # a usage error: the years held are named
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


# Click's own messages, in French like the rest


def test_unknown_option_in_french(runner):
    result = runner.invoke(main, ["build", "--xyzzy"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Utilisation : officefiches build [OPTIONS]\n"
        "Aide : officefiches build --help\n"
        "\n"
        "Erreur : L'option '--xyzzy' n'existe pas.\n"
    )
    assert result.stdout == ""


def test_close_option_is_suggested_in_french(runner):
    result = runner.invoke(main, ["build", "--regionn", "Centre"])  # (--reigon: --period too)
    last = result.stderr.splitlines()[-1]
    # Click 8.2 and 8.3 show the suggestion without quotes
    assert last.replace("dire --region", "dire '--region'") == (
        "Erreur : L'option '--regionn' n'existe pas. Vouliez-vous dire '--region' ?"
    )


def test_missing_value_in_french(runner):
    result = runner.invoke(main, ["build", "--year"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Erreur : L'option '--year' attend une valeur."


def test_bad_choice_in_french(runner):
    result = runner.invoke(main, ["build", "-d", "18", "--figures", "dessins"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Utilisation : officefiches build [OPTIONS]\n"
        "Aide : officefiches build --help\n"
        "\n"
        "Erreur : Valeur invalide pour '--figures' : 'dessins' n'est pas l'une des valeurs "
        "'shapes', 'images'.\n"
    )


def test_missing_argument_and_unknown_command_in_french(runner):
    missing = runner.invoke(main, ["data", "info"])
    assert missing.stderr.splitlines()[-1] == "Erreur : Argument manquant 'CHEMIN...'."
    unknown = runner.invoke(main, ["rapport"])
    assert unknown.stderr.splitlines()[0] == (
        "Utilisation : officefiches [OPTIONS] COMMANDE [ARGUMENTS]..."
    )
    assert unknown.stderr.splitlines()[-1] == "Erreur : La commande 'rapport' n'existe pas."
    number = runner.invoke(main, ["build", "-d", "18", "--year", "deux"])
    assert number.stderr.splitlines()[-1] == (
        "Erreur : Valeur invalide pour '--year' : « deux » n'est pas une année : écrivez-la en "
        "quatre chiffres (ex. 2024)."
    )


def test_help_is_french_to_the_last_word(runner):
    top = runner.invoke(main, ["--help"]).stdout
    assert top.startswith("Utilisation : officefiches [OPTIONS] COMMANDE [ARGUMENTS]...\n")
    assert "\nOptions :\n" in top and "\nCommandes :\n" in top
    assert "--version   Affiche la version et quitte." in top
    assert "-h, --help  Affiche cette aide et quitte." in top
    build = runner.invoke(main, ["build", "--help"]).stdout
    assert build.startswith("Utilisation : officefiches build [OPTIONS]\n")
    assert "--out DOSSIER" in build and "[par\u00a0défaut\u00a0: out]" in build
    demo = runner.invoke(main, ["data", "demo", "--help"]).stdout
    assert "[obligatoire]" in demo and "--year AAAA" in demo and "--lines N" in demo


ENGLISH = (
    "Usage",
    "Error",
    "Try ",
    "Missing",
    "Invalid",
    "No such",
    "Show ",
    "is not",
    "requires",
    "Did you mean",
    "Options:",
    "Commands:",
    "default:",
    "required]",
    "DIRECTORY",
    "INTEGER",
    "Aborted",
)


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["build", "--help"],
        ["list", "--help"],
        ["data", "--help"],
        ["data", "info", "--help"],
        ["data", "demo", "--help"],
        ["data", "fetch", "--help"],
        ["cache", "--help"],
        ["build", "--bogus"],
        ["build", "--jobs", "0", "-d", "18"],
        ["build", "--out"],
        ["list"],
        ["list", "communes"],
        ["list", "regions", "en-trop"],
        ["data", "demo"],
        ["data", "demo", "--out", "x", "--lines", "10"],
        ["data", "fetch"],
    ],
)
def test_no_english_left(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code in (0, 2), result.output
    text = result.stdout + result.stderr
    assert not [word for word in ENGLISH if word in text], text


def test_every_click_module_speaks_french():
    from officefiches.cli import clickfr

    modules = [m for name, m in sys.modules.items() if name.split(".")[0] == "click"]
    translated = [m for m in modules if hasattr(m, "_")]
    assert len(translated) >= 6  # core, exceptions, formatting, parser, types, decorators…
    for module in translated:
        assert module._ is clickfr.french, module.__name__
    assert clickfr.french("a message Click may add one day") == "a message Click may add one day"
    assert clickfr.french_plural("{n} thing", "{n} things", 2) == "{n} things"


# Shell completion of region and department names


def completed(function, typed):
    return [(item.value, item.help) for item in function(None, None, typed)]


def test_region_names_complete():
    assert completed(complete_region, "Cen") == [("Centre-Val de Loire", "24")]
    assert completed(complete_region, "provence-alpes-cote") == [
        ("Provence-Alpes-Côte d'Azur", "93")
    ]
    assert completed(complete_region, "2") == [
        ("24", "Centre-Val de Loire"),
        ("27", "Bourgogne-Franche-Comté"),
        ("28", "Normandie"),
    ]
    assert len(completed(complete_region, "")) == 18


def test_department_names_and_codes_complete():
    assert ("Cher", "18") in completed(complete_department, "Ch")
    assert completed(complete_department, "ch") == [
        ("Charente", "16"),
        ("Charente-Maritime", "17"),
        ("Cher", "18"),
    ]
    assert completed(complete_department, "18") == [("18", "Cher")]
    assert completed(complete_department, "9a") == [("9A", "Guadeloupe")]
    assert completed(complete_department, "cote d") == [("Côte-d'Or", "21")]
    assert completed(complete_department, "Zz") == []


def complete(runner, shell, words):
    env = {
        "_OFFICEFICHES_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": " ".join(words),
        "COMP_CWORD": str(len(words) - 1),
    }
    result = runner.invoke(main, [], env=env, prog_name="officefiches")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_completion_through_click(runner):
    assert complete(runner, "zsh", ["officefiches", "build", "--region", "Cen"]) == (
        "plain\nCentre-Val de Loire\n24\n"
    )
    # bash inserts the text as it comes: a name with a space or an apostrophe is quoted
    assert complete(runner, "bash", ["officefiches", "build", "-r", "Cen"]) == (
        "plain,'Centre-Val de Loire'\n"
    )
    assert complete(runner, "bash", ["officefiches", "build", "-d", "Ch"]) == (
        "plain,Charente\nplain,Charente-Maritime\nplain,Cher\n"
    )


@pytest.mark.skipif(
    not hasattr(shell_completion, "PowerShellComplete"), reason="PowerShell: Click 8.5+"
)
def test_powershell_completion_is_quoted(runner):
    # PowerShell inserts the text as it comes: a literal string, its apostrophes doubled
    assert complete(runner, "powershell", ["officefiches", "build", "-d", "cote"]) == (
        "plain\n'Côte-d''Or'\n21\nplain\n'Côtes-d''Armor'\n22\n"
    )
    assert complete(runner, "powershell", ["officefiches", "build", "-d", "Ch"]).startswith(
        "plain\nCharente\n16\n"
    )


def command_on_path(folder: Path) -> dict[str, str]:
    """An `officefiches` command in `folder`, run by this test's Python; PATH to find it."""
    program = folder / "officefiches"
    program.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c '
        '"from officefiches.cli import main; main(prog_name=\'officefiches\')" "$@"\n'
    )
    program.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("fish"), reason="needs fish")
def test_fish_completion(tmp_path):
    script = (
        "_OFFICEFICHES_COMPLETE=fish_source officefiches | source\n"
        'complete -C "officefiches build --region Cen"\n'
        'complete -C "officefiches build -d 18"\n'
    )
    done = subprocess.run(
        ["fish", "--no-config", "-c", script],
        env=command_on_path(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == "Centre-Val de Loire\t24\n18\tCher\n", done.stderr


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("bash"), reason="needs bash")
def test_bash_completion_gives_one_argument(tmp_path):
    script = (
        'eval "$(_OFFICEFICHES_COMPLETE=bash_source officefiches)"\n'
        'COMP_WORDS=(officefiches build --department "Côte-d"); COMP_CWORD=3\n'
        "_officefiches_completion officefiches\n"
        'eval "args=(${COMPREPLY[0]})"\n'
        'printf "%s|%s\\n" "${#COMPREPLY[@]}" "${args[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", script],
        env=command_on_path(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "not supported" in done.stderr:
        pytest.skip(f"bash too old for Click's completion: {done.stderr.strip()}")
    assert done.stdout == "1|Côte-d'Or\n", done.stderr


# Progress: drawn in place on a terminal, plain lines when piped, never mixed with the paths

FAKE_BUILD = """
from officefiches.run import build
from officefiches.run.build import BuildReport


def fake_run_build(options, reporter):
    # what run_build tells its reporter, in its order, without building anything
    report = BuildReport(year=2024, is_demo=True)
    reporter.warn("avant")
    for done, label in enumerate(["18 Cher", "36 Indre"], start=1):
        for suffix in (".xlsx", ".pptx"):
            path = options.out / (label.replace(" ", "-") + suffix)
            report.written.append(path)
            reporter.written(path)
        if done == 1:
            reporter.warn("pendant")
        reporter.progress(done, 2, label)
    return report


build.run_build = fake_run_build
"""


@pytest.fixture
def fake_build(monkeypatch):
    from officefiches.run import build

    real = build.run_build
    namespace = {}
    exec(FAKE_BUILD, namespace)  # replaces build.run_build (for the subprocess tests)...
    build.run_build = real  # ...so put it back before monkeypatch records the original
    monkeypatch.setattr(build, "run_build", namespace["fake_run_build"])


def test_piped_progress_is_one_plain_line_per_fiche(runner, tmp_path, fake_build):
    result = runner.invoke(main, ["build", "-d", "18", "-d", "36", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [line.rsplit("/", 1)[-1] for line in result.stdout.splitlines()] == [
        "18-Cher.xlsx",
        "18-Cher.pptx",
        "36-Indre.xlsx",
        "36-Indre.pptx",
    ]
    lines = result.stderr.splitlines()
    assert lines[0] == "Attention : avant"
    assert lines[1] == "Attention : pendant"
    assert lines[2].startswith("1/2 fiches (") and lines[2].endswith(" s) — 18 Cher")
    assert lines[3].startswith("2/2 fiches (") and lines[3].endswith(" s) — 36 Indre")
    assert lines[4].startswith("Terminé : 2 fiches 2024 (données de démonstration)")
    assert "\r" not in result.stderr and "█" not in result.stderr


def test_quiet_shows_no_progress(runner, tmp_path, fake_build):
    result = runner.invoke(main, ["build", "-d", "18", "--quiet", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr.splitlines() == ["Attention : avant", "Attention : pendant"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_line_is_wiped_before_a_warning_or_a_path():
    out, err = Terminal(), Terminal()  # both on the same screen
    reporter = CliReporter(quiet=False, out=out, err=err)
    steps = []

    def step(action, *args):
        before = len(err.getvalue())
        action(*args)
        steps.append(err.getvalue()[before:])

    step(reporter.progress, 1, 3, "18 Cher")
    step(reporter.written, Path("a.xlsx"))
    step(reporter.progress, 2, 3, "synthèse Provence-Alpes-Côte d'Azur", 1)
    step(reporter.warn, "pendant")
    step(reporter.progress, 3, 3, "36 Indre")
    step(reporter.warn, "après")
    assert out.getvalue() == "a.xlsx\n"  # paths alone on stdout
    bar_1, wipe_1, bar_2, warning, bar_3, after = steps
    assert "Fiches  [" in bar_1 and "1/3  18 Cher" in bar_1
    assert re.fullmatch(r"\r {40,}\r", wipe_1)  # the bar's line wiped before the path
    assert "2/3  1 échec(s), synthèse Proven…" in bar_2  # cut: the line fits in 80 columns
    assert re.fullmatch(r"\r {40,}\rAttention : pendant\n", warning)
    assert re.search(r"3/3  36 Indre *(\x1b\[\?25h)?\n$", bar_3)  # last: the line ends
    assert after == "Attention : après\n"
    for line in re.sub(r"\x1b\[\?25[hl]", "", err.getvalue()).replace("\r", "\n").splitlines():
        assert len(line.rstrip()) < 80 or not line.strip(), line


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_on_a_real_terminal(tmp_path):
    import pty

    code = FAKE_BUILD + (
        "from officefiches.cli import main\n"
        f"main(['build', '-d', '18', '--out', {str(tmp_path)!r}], prog_name='officefiches')\n"
    )
    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=terminal
    )
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the program ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    stdout, _ = process.communicate(timeout=60)
    os.close(master)
    assert process.returncode == 0
    assert stdout.decode().splitlines() == [
        str(tmp_path / name)
        for name in ("18-Cher.xlsx", "18-Cher.pptx", "36-Indre.xlsx", "36-Indre.pptx")
    ]
    shown = seen.decode()
    assert "\r" in shown and "Fiches  [" in shown and "2/2" in shown  # drawn in place
    assert "1/2 fiches (" not in shown  # not the plain lines of a log
    assert "Attention : pendant" in shown and "Terminé : 2 fiches" in shown


def test_download_bar_in_place_on_a_terminal_silent_in_a_log():
    err = Terminal()
    bar = DownloadBar(err=err)
    bar.update(1_000_000, 4_000_000)
    bar.update(4_000_000, 4_000_000)
    bar.done()
    shown = err.getvalue()
    assert shown.count("\r") >= 2 and "Téléchargement  [" in shown
    assert "25%" in shown and "100%  4,0 / 4,0 Mo" in shown and shown.endswith("\n")
    unknown = Terminal()
    bar = DownloadBar(err=unknown)
    bar.update(2_500_000, None)
    bar.done()
    assert "2,5 Mo" in unknown.getvalue()
    log = io.StringIO()
    bar = DownloadBar(err=log)
    bar.update(1_000_000, 4_000_000)
    bar.done()
    assert log.getvalue() == ""


def test_paths_into_a_file_leave_the_bar_alone():
    err = Terminal()
    reporter = CliReporter(quiet=False, out=io.StringIO(), err=err)
    reporter.progress(1, 2, "18 Cher")
    drawn = err.getvalue()
    reporter.written(Path("a.xlsx"))
    assert err.getvalue() == drawn
