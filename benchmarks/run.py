"""Benchmark of officefiches on demo data (not part of the test suite).

    python benchmarks/run.py [--lines 2000000] [--years 2015-2024] [--jobs 2] [--quick]
                             [--data DIR] [--out benchmarks/results.md]

Writes demo data in the official format with `officefiches data demo --years …` (or uses --data,
a folder written so before), then runs each command in a fresh process, with its own empty cache
where the measure says "1re lecture":

- ten years (unless --data holds a single year): `build --region "Centre-Val de Loire"` on the
  first read (every file parsed, shows a bar per file) and once read (every file from the cache);
- one year (the last one, alone in a folder): `build --all`, `--department 18`, `--region`,
  `--help`, the data read alone, first and cached;
- unless --quick, the region at a quarter and half of the lines.

Each cached build runs --repeat times (5): the best is shown, with the median of the runs.

Memory: while a command runs, every process of its tree is sampled (Linux /proc, every 20 ms)
for its peak resident set (VmHWM): the build's own process and its largest worker are shown
apart; the overall peak is also taken from getrusage (the largest of every process waited for),
which misses nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

OFFICEFICHES = [sys.executable, "-m", "officefiches"]
REGION = "Centre-Val de Loire"


@dataclass
class Measure:
    label: str
    wall: float
    parent_mb: float | None = None  # the command's own process
    worker_mb: float | None = None  # its largest child (a worker)
    peak_mb: float | None = None  # any process of the tree (getrusage)
    cpu: float | None = None  # user + system seconds of every process of the tree
    load: float | None = None  # the machine's 1-minute load average at the start
    reference: float | None = None  # seconds of `cpu_reference()` just before
    median: float | None = None  # of the wall times, when the command was run several times
    runs: int = 1


def cpu_reference() -> float:
    """Seconds of a fixed pure-Python loop: how fast the machine is at that moment. A shared
    virtual machine's speed varies (this loop took 0.29 s to 0.58 s within minutes on the 2-core
    machine), more than some of the differences measured; a reading of it goes with each."""
    start = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i * i
    return time.perf_counter() - start


def load_average() -> float | None:
    try:
        with open("/proc/loadavg") as handle:
            return float(handle.read().split()[0])
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def _peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_measured(label: str, args: list[str], env: dict) -> Measure:
    """Run `args` (stdout discarded, stderr kept for errors) and sample its process tree."""
    reference = cpu_reference()
    load = load_average()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    parent_kb, worker_kb = 0, 0
    with_proc = Path("/proc").is_dir()
    while process.poll() is None:
        if with_proc:
            parent_kb = max(parent_kb, _peak_kb(process.pid) or 0)
            pending = _children(process.pid)
            while pending:
                child = pending.pop()
                worker_kb = max(worker_kb, _peak_kb(child) or 0)
                pending += _children(child)
        time.sleep(0.02)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(args)}\n{stderr}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    after, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    # ru_maxrss of the children only grows: it tells this command's peak when it is above all
    # earlier ones, else the /proc samples do.
    peak = after if after > before else max(parent_kb, worker_kb)
    measure = Measure(
        label,
        wall,
        parent_kb / 1024 if with_proc else None,
        worker_kb / 1024 if with_proc and worker_kb else None,
        max(peak, parent_kb, worker_kb) / 1024,
        cpu,
        load,
        reference,
    )
    shown = f"{measure.peak_mb:.0f} Mo" if measure.peak_mb else "—"
    print(
        f"{label}: {wall:.2f} s, {cpu:.1f} s CPU, {shown}, charge {load}, étalon {reference:.2f} s",
        flush=True,
    )
    return measure


def machine() -> str:
    import numpy
    import pandas
    import pptx
    import pyarrow
    import xlsxwriter

    memory = "?"
    try:
        with open("/proc/meminfo") as handle:
            total_kb = int(handle.readline().split()[1])
        memory = f"{total_kb / 1024 / 1024:.0f} Go de mémoire"
    except OSError:
        pass
    return (
        f"{platform.machine()}, {os.cpu_count()} cœurs, {memory}, {platform.system()} "
        f"{platform.release()} ; Python {platform.python_version()}, pandas {pandas.__version__}, "
        f"pyarrow {pyarrow.__version__}, numpy {numpy.__version__}, XlsxWriter "
        f"{xlsxwriter.__version__}, python-pptx {pptx.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000, help="lines a year")
    parser.add_argument("--years", default="2015-2024")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="skip the scaling series")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each cached build")
    parser.add_argument("--data", type=Path, help="demo folder already written (--years, --lines)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="officefiches-bench-"))
    base_env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    rows: list[Measure] = []
    caches = iter(range(1000))

    def fresh_cache() -> dict:
        return dict(base_env, OFFICEFICHES_CACHE_DIR=str(work / f"cache-{next(caches)}"))

    def build(label: str, data: Path, env: dict, *selection: str, repeat: int = 1) -> None:
        """The best of `repeat` runs (the machine's speed varies), with their median."""
        out = work / "out"
        cmd = [*OFFICEFICHES, "build", *selection, "--data", str(data), "--out", str(out)]
        runs = []
        for _ in range(repeat):
            shutil.rmtree(out, ignore_errors=True)
            runs.append(run_measured(label, [*cmd, "--jobs", str(args.jobs), "--quiet"], env))
        best = min(runs, key=lambda m: m.wall)
        if repeat > 1:
            best.median, best.runs = statistics.median(m.wall for m in runs), repeat
            best.label = f"{label} (meilleur de {repeat})"
        rows.append(best)

    def demo(folder: Path, lines: int, years: str) -> Path:
        start = time.perf_counter()
        subprocess.run(
            [*OFFICEFICHES, "data", "demo", "--out", str(folder), "--lines", str(lines)]
            + ["--years", years],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=base_env,
        )
        print(f"demo data {years}, {lines} lines a year: {time.perf_counter() - start:.0f} s")
        return folder

    def last_year_only(folder: Path) -> Path:
        """The last year's files alone (links), with the annexes and the demo notice."""
        years = sorted({p.name.split("_")[1] for p in folder.glob("Region_*_*.txt")})
        alone = work / f"year-{years[-1]}"
        alone.mkdir(exist_ok=True)
        for path in folder.iterdir():
            if not path.name.startswith("Region_") or f"_{years[-1]}_" in path.name:
                (alone / path.name).symlink_to(path.resolve())
        return alone

    lines = f"{args.lines:,}".replace(",", " ")
    try:
        series = args.data or demo(work / "demo", args.lines, args.years)
        count = len(list(series.glob("Region_*_Export.txt")))
        if count > 1:  # a single year's folder: only the one-year measures
            env = fresh_cache()
            build(f"{count} ans, build --region {REGION}, 1re lecture", series, env, "-r", REGION)
            build(
                f"{count} ans, build --region {REGION}, données en cache",
                *(series, env, "-r", REGION),
                repeat=args.repeat,
            )

        year = last_year_only(series)
        env = fresh_cache()
        for label, cmd in (
            ("officefiches --help (meilleur de 5)", ["--help"]),
            ("officefiches list regions (meilleur de 5)", ["list", "regions"]),
        ):
            runs = [run_measured(label, [*OFFICEFICHES, *cmd], env) for _ in range(5)]
            best = min(runs, key=lambda m: m.wall)
            rows.append(
                Measure(label, best.wall, cpu=best.cpu, load=best.load, reference=best.reference)
            )
        read = [*OFFICEFICHES, "data", "info", str(year)]
        first = run_measured(f"1 an, lecture des données ({lines} lignes), 1re fois", read, env)
        cached = run_measured("1 an, lecture des données, en cache", read, env)
        rows += [first, cached]
        build(
            f"1 an, build --all ({lines} lignes), données en cache",
            *(year, env, "--all"),
            repeat=args.repeat,
        )
        build("1 an, build --department 18", year, env, "-d", "18", repeat=args.repeat)
        build(f"1 an, build --region {REGION}", year, env, "-r", REGION, repeat=args.repeat)
        build("1 an, build --all, 1re lecture", year, fresh_cache(), "--all")
        if not args.quick:
            for fraction in (4, 2):
                part = demo(work / f"demo-{fraction}", args.lines // fraction, args.years[-4:])
                label = f"1 an, build --region {REGION} ({args.lines // fraction:,} lignes)"
                build(label.replace(",", " "), part, fresh_cache(), "-r", REGION)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def mb(value: float | None) -> str:
        return f"{value:.0f}" if value else "—"

    def number(value: float | None, digits: int = 1) -> str:
        return f"{value:.{digits}f}" if value is not None else "—"

    table = [
        f"Machine : {machine()} ; --jobs {args.jobs}.",
        "",
        "| mesure | temps (s) | médiane des tours (s) | CPU, tous processus (s) "
        "| charge de la machine au départ "
        "| étalon CPU juste avant (s) | mémoire max, tout processus (Mo) "
        "| processus principal (Mo) | plus gros processus de travail (Mo) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    table += [
        f"| {m.label} | {m.wall:.2f} | {number(m.median, 2)} | {number(m.cpu)} "
        f"| {number(m.load, 2)} "
        f"| {number(m.reference, 2)} | {mb(m.peak_mb)} | {mb(m.parent_mb)} | {mb(m.worker_mb)} |"
        for m in rows
    ]
    table += [
        "",
        "Étalon : secondes d'une boucle Python fixe (5 millions de multiplications) mesurée juste "
        "avant la commande : la vitesse d'une machine virtuelle partagée varie d'un moment à "
        "l'autre (ici, du simple au double en quelques minutes).",
    ]
    args.out.write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n".join(table))


if __name__ == "__main__":
    main()
