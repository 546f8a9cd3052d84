"""Benchmark of officefiches on demo data (not part of the test suite).

    python benchmarks/run.py [--lines 2000000] [--jobs 2] [--quick] [--out benchmarks/results.md]

Generates demo data in the official format with `officefiches data demo`, then times, each in a
fresh process: `--help`, the first (parsing) and the cached data load, `build` for 1, 6 (a region)
and 101 departments, and the region build at 0.5, 1 and 2 million lines. Peak memory is the
largest resident set of the command and its worker processes (getrusage of waited children).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OFFICEFICHES = [sys.executable, "-m", "officefiches"]

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def measure(args: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one command run in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    wall, rss_kb, code = float(out[0]), int(out[1]), int(out[2])
    if code != 0:
        raise SystemExit(f"command failed ({code}): {' '.join(args)}")
    return wall, rss_kb / 1024


LOAD = """
import sys, time
from officefiches import reader
start = time.perf_counter()
dataset = reader.read_data([sys.argv[1]], use_cache=True)
print(time.perf_counter() - start, len(dataset.frame))
"""


def timed_load(folder: Path, env: dict) -> float:
    out = subprocess.run(
        [sys.executable, "-c", LOAD, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.split()
    return float(out[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="skip the scaling series")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="officefiches-bench-"))
    env = dict(os.environ, OFFICEFICHES_CACHE_DIR=str(work / "cache"), SOURCE_DATE_EPOCH="0")
    rows: list[tuple[str, float, float]] = []

    def build(label: str, data: Path, *selection: str) -> None:
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [*OFFICEFICHES, "build", *selection, "--data", str(data), "--out", str(out)]
        wall, rss = measure([*cmd, "--jobs", str(args.jobs), "--quiet"], env)
        rows.append((label, wall, rss))
        print(f"{label}: {wall:.1f} s, {rss:.0f} Mo", flush=True)

    def demo(lines: int) -> Path:
        folder = work / f"demo-{lines}"
        start = time.perf_counter()
        subprocess.run(
            [*OFFICEFICHES, "data", "demo", "--out", str(folder), "--lines", str(lines)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        print(f"demo data {lines} lines written in {time.perf_counter() - start:.1f} s", flush=True)
        return folder

    try:
        help_times = [measure([*OFFICEFICHES, "--help"], env)[0] for _ in range(5)]
        rows.append(("officefiches --help (meilleur de 5)", min(help_times), 0.0))
        list_times = [measure([*OFFICEFICHES, "list", "regions"], env)[0] for _ in range(5)]
        rows.append(("officefiches list regions (meilleur de 5)", min(list_times), 0.0))
        data = demo(args.lines)
        first = timed_load(data, env)
        cached = timed_load(data, env)
        rows.append((f"lecture des données, {args.lines:,} lignes, 1re fois", first, 0.0))
        rows.append(
            (f"lecture des données, en cache ({first / cached:.1f}× plus rapide)", cached, 0)
        )
        build(f"build --department 18 ({args.lines:,} lignes)", data, "--department", "18")
        build(
            f"build --region Centre-Val de Loire ({args.lines:,} lignes)",
            data,
            "--region",
            "Centre-Val de Loire",
        )
        build(f"build --all ({args.lines:,} lignes)", data, "--all")
        if not args.quick:
            for lines in (args.lines // 4, args.lines // 2):
                build(
                    f"build --region Centre-Val de Loire ({lines:,} lignes)",
                    demo(lines),
                    "--region",
                    "Centre-Val de Loire",
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    machine = (
        f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    lines = [
        f"Machine : {machine} ; --jobs {args.jobs}.",
        "",
        "| mesure | temps (s) | mémoire max (Mo) |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {label} | {wall:.2f} | {f'{rss:.0f}' if rss else '—'} |" for label, wall, rss in rows
    ]  # memory is measured for the builds only
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
