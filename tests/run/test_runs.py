"""What the build wrote stays known, whatever happens: kills at any moment, signals to the whole
process group, a worker killed by the system, two builds into one folder, `spawn` workers, bad
templates and output folders refused before anything is written."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from officefiches import atomic, writers
from officefiches.errors import DiskFull, OfficeFichesError, OutputError, UsageError
from officefiches.options import BuildOptions
from officefiches.run import build, jobs, parallel
from officefiches.run.build import Reporter, run_build
from officefiches.run.manifest import JOURNAL_NAME, MANIFEST_NAME, Journal, Manifest, OutputLock

LINES = 20_000
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="signals and process groups: POSIX")


class Collect(Reporter):
    def __init__(self):
        self.messages, self.paths = [], []

    def warn(self, message):
        self.messages.append(message)

    def written(self, path):
        self.paths.append(path)


def options(tmp_path, **kwargs):
    base = dict(departments=("23", "18"), out=tmp_path / "out", demo_lines=LINES, jobs=1)
    base.update(kwargs)
    return BuildOptions(**base)


# --- the journal --------------------------------------------------------------------------------


def test_each_file_is_in_the_journal_before_the_run_ends(tmp_path, monkeypatch):
    """A run stopped after its first file (here: an exception in the second document) has
    already recorded that file; the next plain run does not call it edited."""
    real = jobs._write_department
    seen = []

    def stop_after_first(job, state, before_rename):
        if seen:
            raise KeyboardInterrupt  # as if killed here
        seen.append(job)
        real(job, state, before_rename)

    monkeypatch.setattr(jobs, "_write_department", stop_after_first)
    with pytest.raises(KeyboardInterrupt):
        run_build(options(tmp_path), Collect())
    monkeypatch.undo()
    manifest = Manifest.load(tmp_path / "out")
    first = sorted(manifest.entries)
    assert [Path(k).name for k in first] == ["18-cher.pptx", "18-cher.xlsx"]
    again = run_build(options(tmp_path), Collect())
    assert again.ok and again.protected == []


def test_a_deck_failing_after_its_workbook_does_not_orphan_the_workbook(tmp_path, monkeypatch):
    from officefiches import writers

    def broken(*args, **kwargs):
        raise RuntimeError("panne du modèle")

    monkeypatch.setattr(writers, "write_deck", broken)
    report = run_build(options(tmp_path, departments=("18",)), Collect())
    assert report.failures and "panne du modèle" in report.failures[0][1]
    workbook = tmp_path / "out" / "2024" / "centre-val-de-loire" / "18-cher.xlsx"
    assert workbook.is_file() and report.written == [workbook]
    monkeypatch.undo()
    again = run_build(options(tmp_path, departments=("18",)), Collect())
    assert again.ok and again.protected == [] and len(again.written) == 2


def test_journal_survives_a_torn_last_line_and_keeps_older_hashes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "a.xlsx"
    target.write_bytes(b"one")
    journal = Journal(out)
    journal.record(target)
    target.write_bytes(b"two")
    journal.record(target)
    with journal.path.open("a", encoding="utf-8") as handle:
        handle.write('{"path": "a.xlsx", "sha2')  # killed mid-write
    manifest = Manifest.load(out)
    assert not manifest.is_protected(target)
    target.write_bytes(b"one")  # a file recorded earlier in the same run is ours too
    assert not manifest.is_protected(target)
    target.write_bytes(b"edited")
    assert manifest.is_protected(target)
    manifest.save()
    assert not (out / JOURNAL_NAME).exists()
    assert Manifest.load(out).is_protected(target)


def test_manifest_path_that_is_a_folder_is_a_clear_error(tmp_path):
    (tmp_path / "out" / MANIFEST_NAME).mkdir(parents=True)
    with pytest.raises(OutputError, match="est un dossier"):
        run_build(options(tmp_path), Collect())


def test_full_disk_when_saving_the_manifest_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    manifest = Manifest(out, {"a.xlsx": "0" * 64})

    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputError, match="libérez de la place"):
        manifest.save()
    monkeypatch.undo()
    assert [p.name for p in out.iterdir()] == []


def test_pdfs_are_protected_like_the_other_files(tmp_path, monkeypatch):
    from officefiches.run import pdf

    def fake_convert(deck, target, before_rename=None):
        with atomic.atomic_path(target, before_rename) as tmp:
            tmp.write_bytes(b"%PDF-1.4 " + deck.read_bytes()[:16])
        return target

    monkeypatch.setattr(pdf, "soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert", fake_convert)
    first = run_build(options(tmp_path, departments=("18",), pdf=True), Collect())
    pdf_path = next(p for p in first.written if p.suffix == ".pdf")
    pdf_path.write_bytes(b"%PDF-1.4 annotated by the team")
    second = run_build(options(tmp_path, departments=("18",), pdf=True), Collect())
    assert second.protected == [pdf_path]
    assert pdf_path.read_bytes() == b"%PDF-1.4 annotated by the team"


# --- one folder, one build at a time --------------------------------------------------------------


def test_a_second_build_into_the_same_folder_is_refused_naming_the_first(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        with pytest.raises(OfficeFichesError, match=f"utilisé par .*processus {os.getpid()}"):
            run_build(options(tmp_path), Collect())
    assert run_build(options(tmp_path), Collect()).ok  # released


def test_leftover_temporary_files_of_a_killed_run_are_removed(tmp_path):
    folder = tmp_path / "out" / "2024" / "centre-val-de-loire"
    folder.mkdir(parents=True)
    leftovers = [
        atomic.temporary_name(folder / "18-cher.xlsx"),
        atomic.temporary_name(tmp_path / "out" / ".officefiches-manifest.json"),
    ]
    for path in leftovers:
        path.write_bytes(b"half")
    # a team's files with look-alike names, everywhere: none is ours, all stay (issue 21)
    look_alikes = [".notes.tmp", ".bilan.2023.tmp.ods", ".18-cher.4242.tmp.xlsx", ".a.1.tmp"]
    team_files = [
        where / name
        for where in (folder, tmp_path / "out", folder / "archives" / "2023")
        for name in look_alikes
    ]
    for path in team_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"mine")
    collect = Collect()
    assert run_build(options(tmp_path), collect).ok
    assert not any(path.exists() for path in leftovers)
    assert all(path.read_bytes() == b"mine" for path in team_files)
    assert sum("temporaire" in m for m in collect.messages) == len(leftovers)


# --- checked before anything is written -----------------------------------------------------------


def test_template_that_is_not_a_pptx_is_a_usage_error(tmp_path):
    template = tmp_path / "modele.pptx"
    template.write_text("pas une présentation")
    with pytest.raises(UsageError, match="n'est pas une présentation PowerPoint"):
        run_build(options(tmp_path, template=template), Collect())
    assert not (tmp_path / "out").exists()


def test_template_with_too_small_slides_is_a_usage_error(tmp_path):
    from pptx import Presentation
    from pptx.util import Cm

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Cm(12), Cm(9)
    template = tmp_path / "petit.pptx"
    presentation.save(template)
    with pytest.raises(UsageError, match="trop petites"):
        run_build(options(tmp_path, template=template), Collect())
    assert not (tmp_path / "out").exists()


def test_output_folder_below_a_file_or_not_writable(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="fichier"):
        run_build(options(tmp_path, out=tmp_path / "file" / "out"), Collect())
    with pytest.raises(OutputError, match="est un fichier"):
        run_build(options(tmp_path, out=tmp_path / "file"), Collect())
    if os.name == "posix" and os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(OutputError, match="droits"):
            run_build(options(tmp_path, out=locked), Collect())


# --- workers --------------------------------------------------------------------------------------


def test_spawn_workers_write_the_same_files_as_fork(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    departments = ("18", "36", "23")
    forked = run_build(
        options(tmp_path / "f", departments=departments, jobs=2, start_method="fork"), Collect()
    )
    spawned = run_build(
        options(tmp_path / "s", departments=departments, jobs=2, start_method="spawn"), Collect()
    )
    assert forked.ok and spawned.ok
    names = sorted(p.relative_to(tmp_path / "f") for p in forked.written)
    assert names == sorted(p.relative_to(tmp_path / "s") for p in spawned.written)
    for name in names:  # same data, same SOURCE_DATE_EPOCH: the same bytes, decks included
        assert (tmp_path / "f" / name).read_bytes() == (tmp_path / "s" / name).read_bytes(), name


@POSIX_ONLY
def test_a_worker_killed_by_the_system_fails_its_fiche_only(tmp_path, monkeypatch):
    real = jobs._write_department

    def killed_for_creuse(job, state, before_rename):
        if job.code == "23":
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        real(job, state, before_rename)

    monkeypatch.setattr(jobs, "_write_department", killed_for_creuse)
    report = run_build(
        options(tmp_path, departments=("18", "23", "36", "45"), jobs=2, start_method="fork"),
        Collect(),
    )
    assert [label for label, _ in report.failures] == ["23 Creuse"]
    assert "mémoire insuffisante" in report.failures[0][1]
    assert sorted(p.stem for p in report.written) == sorted(
        ["18-cher", "18-cher", "36-indre", "36-indre", "45-loiret", "45-loiret"]
    )
    assert not list((tmp_path / "out").rglob("*.tmp*"))


def test_start_method_asked_must_exist():
    with pytest.raises(ValueError):
        parallel.start_method("teleportation")


# --- signals and kills, on the real command -----------------------------------------------------


def _start(out: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "officefiches", "build", "--region", "Centre-Val de Loire"]
    return subprocess.Popen(
        [*command, "--jobs", "2", "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )


def _finished(out: Path, pattern: str) -> list[Path]:
    return [p for p in out.rglob(pattern) if not atomic.is_leftover(p)]


def _wait_for(out: Path, pattern: str, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(_finished(out, pattern)) < count:
        time.sleep(0.02)


def _rebuild_is_clean(out: Path) -> None:
    again = subprocess.run(
        [sys.executable, "-m", "officefiches", "build", "--region", "Centre-Val de Loire"]
        + ["--jobs", "2", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "modifié depuis sa génération" not in again.stderr


@POSIX_ONLY
@pytest.mark.parametrize(
    "moment, signum, to_group",
    [
        ("reading", signal.SIGTERM, False),
        ("first file", signal.SIGTERM, False),
        ("first file", signal.SIGINT, True),  # Ctrl-C in a terminal: the whole group
        ("several files", signal.SIGTERM, True),
    ],
)
def test_signals_at_any_moment_stop_cleanly(tmp_path, moment, signum, to_group):
    out = tmp_path / "out"
    process = _start(out)
    if moment == "reading":
        _wait_for(out, ".officefiches.lock", 1)  # the build holds its folder, reads the data
    else:
        _wait_for(out, "*.xlsx", 1 if moment == "first file" else 4)
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError(f"the build did not stop after {signum!r} at {moment}") from None
    stderr = stderr.decode()
    assert process.returncode in (130, 0), stderr  # 0 only if it finished before the signal
    assert "Traceback" not in stderr, stderr
    assert not [p for p in out.rglob("*") if atomic.is_leftover(p)]
    for path in list(out.rglob("*.xlsx")) + list(out.rglob("*.pptx")):
        assert zipfile.ZipFile(path).testzip() is None
    _rebuild_is_clean(out)


@POSIX_ONLY
def test_kill_9_leaves_every_finished_file_known_and_no_worker_behind(tmp_path):
    out = tmp_path / "out"
    process = _start(out)
    _wait_for(out, "*.pptx", 2)
    process.kill()  # SIGKILL to the parent only: no handler runs
    # the pipes close once no worker holds them any more
    process.communicate(timeout=20)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # is any worker of the group still alive?
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("workers outlived their parent")
    finished = _finished(out, "*.pptx") + _finished(out, "*.xlsx")
    assert len(finished) >= 2
    manifest = Manifest.load(out)  # no manifest saved: the journal alone knows them
    assert all(not manifest.is_protected(path) for path in finished)
    _rebuild_is_clean(out)


def test_run_job_reports_a_full_disk_clearly(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", "18-cher.xlsx")

    monkeypatch.setattr(jobs, "_write_department", full)
    with pytest.raises(DiskFull) as caught:  # the run stops: every later file would fail too
        run_build(options(tmp_path, departments=("18", "23")), Collect())
    message = str(caught.value)
    assert "(18-cher.xlsx) : disque plein" in message and "place disponible" in message
    assert "Arrêt à 18 Cher" in message


def test_check_template_accepts_a_real_template(tmp_path):
    from pptx import Presentation

    template = tmp_path / "modele.pptx"
    Presentation().save(template)  # python-pptx's default: 4:3, 25,4 × 19,05 cm
    build.check_template(template)


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands for LibreOffice")
def test_libreoffice_without_impress_is_named_with_its_message(tmp_path, monkeypatch):
    """LibreOffice without Impress exits 0 and writes no PDF (issue 21): the error says what it
    said and the package to install."""
    from officefiches.run import pdf

    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\necho 'Error: no export filter for /tmp/x.pdf found, aborting.' >&2\nexit 0\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(fake))
    deck = tmp_path / "d.pptx"
    deck.write_bytes(b"PK")
    with pytest.raises(OutputError) as error:
        pdf.convert(deck, tmp_path / "d.pdf")
    message = str(error.value)
    assert "no export filter" in message and "libreoffice-impress-nogui" in message
    assert not (tmp_path / "d.pdf").exists()


def test_a_run_in_this_process_puts_the_garbage_collector_back_as_it_was():
    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    seen = []
    with parallel.fewer_collections():
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
    assert seen[0][0] == parallel.GC_THRESHOLD and seen[0][1] > frozen
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == frozen == 0


def test_the_writers_preload_reads_the_template_once_for_the_workers(tmp_path):
    from pptx import Presentation

    from officefiches.writers.pptx import deck

    template = tmp_path / "modele.pptx"
    Presentation().save(template)
    key = deck._template_key(template)
    assert key not in deck._LOADED
    with parallel.preloading_writers(template):
        pass  # the block: the data read and summed
    assert key in deck._LOADED  # loaded once the block ends, before any worker forks
    assert all(module in sys.modules for module in writers.PRELOADED)


def test_a_template_the_preload_cannot_read_is_left_to_the_documents(tmp_path, capfd):
    template = tmp_path / "abime.pptx"
    template.write_bytes(b"not a zip")
    with parallel.preloading_writers(template):
        pass
    assert capfd.readouterr().err == ""  # no traceback from the thread: the decks say it
    from officefiches.writers.pptx import deck

    with pytest.raises(UsageError, match="Modèle PowerPoint illisible"):
        deck.open_presentation(template, deck._template_key(template))


def test_a_stop_landing_in_a_callback_ends_the_worker_without_a_traceback():
    # the worker's SIGTERM raises in whatever runs, here a weak reference's callback (Python
    # cannot unwind from there: it would print « Exception ignored » and go on)
    script = (
        "import sys, weakref\n"
        "from officefiches.run import parallel\n"
        "sys.unraisablehook = parallel._exit_if_stopped\n"
        "class Part: pass\n"
        "part = Part()\n"
        "def stop(ref): raise parallel._Stopped(143)\n"
        "watch = weakref.ref(part, stop)\n"
        "del part\n"
        "print('went on')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 143, run.stderr
    assert run.stdout == "" and "Exception ignored" not in run.stderr and run.stderr == ""
