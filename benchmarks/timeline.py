"""Where a parallel build's wall time goes (not part of the test suite).

    python benchmarks/timeline.py --data DIR [--all | --region NOM] [--jobs 2]

Fills the data cache with a first build, then runs `build` again in a fresh process with each
job timed in its worker, and prints the serial part, from the process's start to the first
fiche (imports, reading the cached data, the regions' and France's figures) and after the last
one, each worker's busy time and CPU, and the jobs that ended last: what is not parallel, and
whether the last fiche ran alone.
"""

from __future__ import annotations

import time

START = time.perf_counter()  # this process's start, near enough: nothing imported yet

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

LOG: Path | None = None  # where the workers write each job's times (set before they fork)
JOB = None  # the worker's job runner, timed by `logged`


def logged(job):
    """In a worker: the job, and when it ran and its CPU, written to LOG."""
    begin, cpu = time.perf_counter(), time.process_time()
    try:
        return JOB(job)
    finally:
        with open(LOG, "a", encoding="utf-8") as handle:
            end, used = time.perf_counter(), time.process_time() - cpu
            handle.write(f"{os.getpid()}\t{begin}\t{end}\t{used}\t{job.label}\n")


def measured(options, log: Path) -> None:
    """In the fresh process: one build, its jobs logged; the report."""
    global LOG, JOB
    from officefiches.run import parallel
    from officefiches.run.build import Reporter, run_build

    LOG, JOB = log, parallel._run_in_worker
    parallel._run_in_worker = logged
    report = run_build(options, Reporter())
    ended = time.perf_counter()
    assert report.ok, report.failures
    rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    first = min(float(r[1]) for r in rows)
    last = max(float(r[2]) for r in rows)
    print(
        f"build: {ended - START:.2f} s from the process's start; before the first fiche "
        f"{first - START:.2f} s, after the last {ended - last:.2f} s"
    )
    workers = defaultdict(list)
    for row in rows:
        workers[row[0]].append(row)
    for pid, done in workers.items():
        busy = sum(float(r[2]) - float(r[1]) for r in done)
        cpu = sum(float(r[3]) for r in done)
        end = max(float(r[2]) for r in done)
        print(
            f"worker {pid}: {len(done)} jobs, busy {busy:.2f} s, CPU {cpu:.2f} s, "
            f"idle at the end {last - end:.2f} s"
        )
    for row in sorted(rows, key=lambda r: -float(r[2]))[:3]:
        print(f"ended at {float(row[2]) - START:.2f} s: {row[4]} ({float(row[3]):.2f} s CPU)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--region", default=None)
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)  # the fresh process's
    args = parser.parse_args()
    selection = ["--all"] if args.all else ["--region", args.region or "Centre-Val de Loire"]
    if args.out is not None:  # the fresh process
        from officefiches.options import BuildOptions

        chosen = {"all_departments": True} if args.all else {"regions": (selection[1],)}
        options = BuildOptions(
            data=(args.data,), out=args.out, jobs=args.jobs, quiet=True, **chosen
        )
        measured(options, args.out.with_name("jobs.log"))
        return
    work = Path(tempfile.mkdtemp(prefix="officefiches-timeline-"))
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    env.setdefault("OFFICEFICHES_CACHE_DIR", str(work / "cache"))
    try:
        warm = [sys.executable, "-m", "officefiches", "build", *selection, "--quiet"]
        warm += ["--data", str(args.data), "--out", str(work / "warm"), "--jobs", str(args.jobs)]
        subprocess.run(
            warm, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        (work / "jobs.log").write_text("", encoding="utf-8")
        again = [sys.executable, __file__, *sys.argv[1:], "--out", str(work / "out")]
        subprocess.run(again, check=True, env=env, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
