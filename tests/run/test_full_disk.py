"""A full disk (issue 21): one clear message naming the file and what to do, the run stopped
there, no traceback lines (Python's « Exception ignored … » included), no half-written file,
and every file that did land whole and known to the manifest."""

from __future__ import annotations

import errno
import gc
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from officefiches import atomic
from officefiches.errors import DiskFull
from officefiches.run.build import run_build
from officefiches.run.manifest import Manifest
from officefiches.writers.xlsx import book
from tests.run.test_runs import Collect, options

NO_ROOM = OSError(errno.ENOSPC, "No space left on device")


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def outputs(folder: Path) -> list[Path]:
    return [p for p in files_in(folder) if p.suffix in (".xlsx", ".pptx")]


def test_atomic_path_names_the_file_and_leaves_no_half_file(tmp_path):
    target = tmp_path / "sous-dossier" / "18-cher.pptx"
    with pytest.raises(DiskFull) as caught:
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"PK half a deck")
            raise NO_ROOM
    message = str(caught.value)
    assert message.startswith("Disque plein : 18-cher.pptx n'a pas pu être écrit dans ")
    assert str(target.parent) in message and "--out" in message
    assert files_in(tmp_path) == []


def test_other_write_errors_are_not_called_a_full_disk(tmp_path):
    with pytest.raises(PermissionError):
        with atomic.atomic_path(tmp_path / "a.xlsx"):
            raise PermissionError(errno.EACCES, "Permission denied")
    assert files_in(tmp_path) == []


class FillsUp:
    """`open` for the workbook writer: the `room`-th workbook finds the disk full half-way."""

    def __init__(self, room: int):
        self.room, self.opened = room, 0

    def __call__(self, path, mode="r", *args, **kwargs):
        handle = open(path, mode, *args, **kwargs)
        self.opened += 1
        if self.opened < self.room:
            return handle
        real_write = handle.write

        def write(data):
            real_write(bytes(data)[: len(data) // 2])
            handle.flush()
            raise NO_ROOM

        handle.write = write
        return handle


def test_a_full_disk_stops_the_build_at_the_file_that_did_not_fit(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(book, "open", FillsUp(room=2), raising=False)
    out = tmp_path / "out"
    with pytest.raises(DiskFull) as caught:
        run_build(options(tmp_path, departments=("23", "18", "36")), Collect())
    gc.collect()  # an unclosed file would complain now (« Exception ignored in … »)
    message = str(caught.value)
    assert message.startswith("Disque plein : ") and ".xlsx n'a pas pu être écrit" in message
    assert "Arrêt à " in message and "les suivants n'ont pas été commencés" in message
    landed = outputs(out)
    assert len(landed) == 2 and {p.suffix for p in landed} == {".xlsx", ".pptx"}  # one fiche
    assert not [p for p in files_in(out) if atomic.is_leftover(p)]
    manifest = Manifest.load(out)
    assert sorted(out / key for key in manifest.entries) == landed
    assert not any(manifest.is_protected(p) for p in landed)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Exception ignored" not in captured.err


def test_the_cli_says_a_full_disk_once_with_exit_code_1(tmp_path, monkeypatch):
    from officefiches.cli import main
    from tests.factories import cli_runner

    monkeypatch.setattr(book, "open", FillsUp(room=1), raising=False)
    out = tmp_path / "out"
    result = cli_runner().invoke(
        main,
        ["build", "--department", "18", "--department", "36", "--out", str(out), "--jobs", "1"],
    )
    assert result.exit_code == 1, result.output
    assert result.stderr.count("Disque plein") == 1, result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert outputs(out) == [] and result.stdout == ""


# --- a real full disk: a small tmpfs (Linux, as root: CI's machines) -----------------------


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("a real full disk needs Linux's tmpfs")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2000k", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip() or 'not root'})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_a_real_full_disk_with_two_workers(small_disk):
    """Room for a few files of the region's fourteen (2 MB: the two largest, written at the same
    time by the two workers, take 1.6 MB): the first that does not fit stops the run; what
    landed is whole (its ZIP reads), known, and alone."""
    out = small_disk / "out"
    command = [sys.executable, "-m", "officefiches", "build", "--region", "Centre-Val de Loire"]
    run = subprocess.run(
        [*command, "--out", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        env={**os.environ, "OFFICEFICHES_CACHE_DIR": str(small_disk.parent / "cache")},
    )
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("Disque plein") == 1, run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert not [p for p in files_in(out) if atomic.is_leftover(p)]
    landed = outputs(out)
    assert landed, "the disk had room for at least one file"
    for path in landed:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    manifest = Manifest.load(out)
    assert set(landed) <= {out / key for key in manifest.entries}
    assert set(run.stdout.split()) <= {str(p) for p in landed}


def test_a_manifest_that_cannot_be_saved_is_said_after_the_file_that_did_not_fit(
    tmp_path, monkeypatch
):
    from officefiches.errors import OutputError

    def unsaved(self):
        raise OutputError("Impossible d'enregistrer le registre (disque plein).")

    monkeypatch.setattr(book, "open", FillsUp(room=1), raising=False)
    monkeypatch.setattr(Manifest, "save", unsaved)
    with pytest.raises(DiskFull) as caught:
        run_build(options(tmp_path, departments=("18",)), Collect())
    message = str(caught.value)
    assert message.startswith("Disque plein : 18-cher.xlsx")
    assert message.endswith("Impossible d'enregistrer le registre (disque plein).")
