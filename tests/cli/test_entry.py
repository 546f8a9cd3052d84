"""The `officefiches` process (entry.run): the command's exit status, its output whole, every
exit handler run, then a quick exit without the interpreter's teardown."""

from __future__ import annotations

import subprocess
import sys

import pytest


def officefiches(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "officefiches", *args], capture_output=True, text=True
    )


def test_exit_statuses_and_output_are_the_commands():
    version = officefiches("--version")
    assert version.returncode == 0 and version.stdout.startswith("officefiches ")
    regions = officefiches("list", "regions")
    assert regions.returncode == 0 and len(regions.stdout.splitlines()) == 18  # all, flushed
    usage = officefiches("build", "--year", "24")
    assert usage.returncode == 2 and "Utilisation" in usage.stderr


@pytest.mark.parametrize(
    ("body", "status", "said"),
    [
        ("sys.exit(3)", 3, ""),
        ("sys.exit('Erreur : en clair')", 1, "Erreur : en clair"),
        ("raise RuntimeError('bogue')", 1, "RuntimeError: bogue"),
        ("return None", 0, ""),
    ],
)
def test_the_command_ends_as_python_would_end_it(body, status, said):
    """Handlers registered by the command run first (the build's, multiprocessing's…); then the
    process leaves with the status Python would give."""
    script = (
        "import atexit, sys\n"
        "import officefiches.cli\n"
        "from officefiches import entry\n"
        "def command():\n"
        "    atexit.register(lambda: print('nettoyé', flush=True))\n"
        "    print('écrit', end='')\n"
        f"    {body}\n"
        "officefiches.cli.main = command\n"
        "entry.run()\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == status, run.stderr
    assert run.stdout == "écritnettoyé\n"
    assert said in run.stderr
