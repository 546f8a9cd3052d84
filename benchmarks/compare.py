"""Two versions of officefiches timed in turn on the same command (not part of the test suite).

    python benchmarks/compare.py --ref REVISION --data DIR [--rounds 3] [-- BUILD OPTIONS]

A shared virtual machine's speed changes from one minute to the next (twofold within minutes on
the 2-core machine), so a time measured today cannot be compared with one measured yesterday.
This runs `build` (by default `--all --jobs 2 --quiet` on DIR, data cache warm) with the git
REVISION (checked out in a temporary worktree, run with PYTHONPATH) and with the working tree,
alternately, `--rounds` times, and prints each run and the best of each: their ratio is what the
change did, whatever the machine's mood.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU of every process) of one run."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return time.perf_counter() - start, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", required=True, help="git revision to compare with (e.g. HEAD~5)")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("options", nargs="*", help="build options (default: --all --jobs 2)")
    args = parser.parse_args()
    options = args.options or ["--all", "--jobs", "2"]

    work = Path(tempfile.mkdtemp(prefix="officefiches-compare-"))
    tree = work / "ref"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.ref],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = dict(os.environ, OFFICEFICHES_CACHE_DIR=str(work / "cache"), SOURCE_DATE_EPOCH="0")
    env.pop("PYTHONPATH", None)
    versions = {
        args.ref: dict(env, PYTHONPATH=str(tree / "src")),
        "arbre de travail": dict(env, PYTHONPATH=str(ROOT / "src")),
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in versions}
    try:
        for round_ in range(args.rounds + 1):  # a first round unmeasured: the data cache
            for name, version_env in versions.items():
                out = work / "out"
                shutil.rmtree(out, ignore_errors=True)
                command = [sys.executable, "-m", "officefiches", "build", *options]
                command += ["--data", str(args.data), "--out", str(out), "--quiet"]
                wall, cpu = timed(command, version_env)
                if round_:
                    runs[name].append((wall, cpu))
                    print(f"{name} : {wall:.2f} s, {cpu:.1f} s CPU", flush=True)
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(work, ignore_errors=True)
    best = {name: min(times) for name, times in runs.items()}
    for name, (wall, cpu) in best.items():
        print(f"meilleur, {name} : {wall:.2f} s, {cpu:.1f} s CPU")
    (ref_wall, ref_cpu), (new_wall, new_cpu) = best.values()
    print(f"rapport : {new_wall / ref_wall:.2f} (temps), {new_cpu / ref_cpu:.2f} (CPU)")


if __name__ == "__main__":
    main()
