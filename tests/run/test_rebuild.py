"""Safe re-runs: atomic writes, edited files kept unless --force, one failure stops nothing."""

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from officefiches.atomic import atomic_path
from officefiches.options import BuildOptions
from officefiches.run import jobs as jobs_module
from officefiches.run.build import Reporter, run_build
from officefiches.run.manifest import MANIFEST_NAME, Manifest

LINES = 20_000


class Collect(Reporter):
    def __init__(self):
        self.messages, self.paths, self.steps = [], [], []

    def warn(self, message):
        self.messages.append(message)

    def written(self, path):
        self.paths.append(path)

    def progress(self, done, total, label, failures=0):
        self.steps.append((done, total, failures))


def options(tmp_path, **kwargs):
    base = dict(departments=("23", "18"), out=tmp_path / "out", demo_lines=LINES, jobs=1)
    base.update(kwargs)
    return BuildOptions(**base)


def test_atomic_path_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a" / "f.xlsx"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("interrupted")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"whole")
    assert target.read_bytes() == b"whole"
    assert [p.name for p in target.parent.iterdir()] == ["f.xlsx"]


def test_edited_file_survives_rerun_and_force_replaces_it(tmp_path):
    first = run_build(options(tmp_path), Collect())
    assert first.ok and len(first.written) == 4
    manifest = Manifest.load(tmp_path / "out")
    assert all(not manifest.is_protected(p) for p in first.written)
    edited = next(p for p in first.written if p.suffix == ".xlsx")
    edited.write_bytes(edited.read_bytes() + b"\0")  # a team's edit
    before = edited.read_bytes()

    reporter = Collect()
    second = run_build(options(tmp_path), reporter)
    assert second.protected == [edited]
    assert second.ok  # a kept file is a normal outcome: the CLI exits 0
    assert edited.read_bytes() == before
    assert any("modifié depuis sa génération" in m and "--force" in m for m in reporter.messages)
    # its deck is kept with it (it may be the one `deck` made from the team's figures)
    deck = edited.with_suffix(".pptx")
    assert any(f"présentation conservée : {deck}" in m for m in reporter.messages)
    assert len(second.written) == 2 and deck not in second.written

    third = run_build(options(tmp_path, force=True), Collect())
    assert third.ok and edited in third.written
    assert edited.read_bytes() != before
    assert not Manifest.load(tmp_path / "out").is_protected(edited)


def test_file_not_written_by_officefiches_is_protected(tmp_path):
    out = tmp_path / "out" / "2024" / "nouvelle-aquitaine"
    out.mkdir(parents=True)
    (out / "23-creuse.pptx").write_bytes(b"mine")
    report = run_build(options(tmp_path, departments=("23",)), Collect())
    assert (out / "23-creuse.pptx").read_bytes() == b"mine"
    assert report.protected == [out / "23-creuse.pptx"]


def test_one_department_failure_does_not_stop_the_others(tmp_path, monkeypatch):
    real = jobs_module._write_department

    def failing(job, *args, **kwargs):
        if job.code == "23":
            raise OSError("disque plein")
        return real(job, *args, **kwargs)

    monkeypatch.setattr(jobs_module, "_write_department", failing)
    reporter = Collect()
    report = run_build(options(tmp_path), reporter)
    assert [label for label, _ in report.failures] == ["23 Creuse"]
    assert "disque plein" in report.failures[0][1]
    assert sorted(p.name for p in report.written) == ["18-cher.pptx", "18-cher.xlsx"]
    assert reporter.steps[-1] == (2, 2, 1)
    assert not list((tmp_path / "out").rglob("*.tmp*"))


def test_parallel_build_writes_the_same_files(tmp_path):
    serial = run_build(options(tmp_path / "s", departments=("18", "36", "23")), Collect())
    parallel = run_build(options(tmp_path / "p", departments=("18", "36", "23"), jobs=2), Collect())
    rel = lambda report, root: sorted(os.path.relpath(p, root) for p in report.written)  # noqa: E731
    assert rel(serial, tmp_path / "s") == rel(parallel, tmp_path / "p")
    m_serial = Manifest.load(tmp_path / "s" / "out").entries
    m_parallel = Manifest.load(tmp_path / "p" / "out").entries
    assert m_serial.keys() == m_parallel.keys()
    # Workbooks are byte-deterministic (fixed dates); decks carry zip timestamps.
    xlsx = [k for k in m_serial if k.endswith(".xlsx")]
    assert all(m_serial[k] == m_parallel[k] for k in xlsx)
    assert Path(tmp_path / "p" / "out" / MANIFEST_NAME).is_file()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_exits_130_and_leaves_only_whole_files(tmp_path, signum):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "officefiches", "build", "--all", "--jobs", "2"]
    process = subprocess.Popen(
        [*command, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.pptx")):
        time.sleep(0.05)  # wait until the workers are writing
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 130, stderr.decode()
    assert "Interrompu" in stderr.decode()
    assert not list(out.rglob("*.tmp*"))
    written = sorted(out.rglob("*.xlsx")) + sorted(out.rglob("*.pptx"))
    assert 0 < len(written) < 202  # stopped mid-way
    for path in written:
        assert zipfile.ZipFile(path).testzip() is None  # every file left is whole
