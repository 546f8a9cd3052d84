"""Two versions of officefiches timed in turn on the same command (not part of the test suite).

    python benchmarks/compare.py --ref REVISION --data DIR [--rounds 3] [--same] [-- BUILD OPTIONS]

A shared virtual machine's speed changes from one minute to the next (twofold within minutes on
the 2-core machine), so a time measured today cannot be compared with one measured yesterday.
This runs `build` (by default `--all --jobs 2 --quiet` on DIR, data cache warm) with the git
REVISION (checked out in a temporary worktree, run with PYTHONPATH) and with the working tree,
alternately, `--rounds` times, and prints each run, the best and the median of each: their
ratio is what the change did, whatever the machine's mood. With `--cold`, each run starts
with an empty data cache (the first read of the files). With `--same`, every workbook and
deck the two versions wrote (SOURCE_DATE_EPOCH=0: same inputs, same bytes) is compared byte for
byte; the command fails if one differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
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
    parser.add_argument(
        "--cold", action="store_true", help="every run with an empty data cache (first read)"
    )
    parser.add_argument(
        "--same", action="store_true", help="compare the files written, byte for byte"
    )
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
            for index, (name, version_env) in enumerate(versions.items()):
                out = work / f"out-{index}"
                shutil.rmtree(out, ignore_errors=True)
                if args.cold:
                    cache = work / "cache"
                    shutil.rmtree(cache, ignore_errors=True)
                    version_env = dict(version_env, OFFICEFICHES_CACHE_DIR=str(cache))
                command = [sys.executable, "-m", "officefiches", "build", *options]
                command += ["--data", str(args.data), "--out", str(out), "--quiet"]
                wall, cpu = timed(command, version_env)
                if round_:
                    runs[name].append((wall, cpu))
                    print(f"{name} : {wall:.2f} s, {cpu:.1f} s CPU", flush=True)
        differing = same_files(work / "out-0", work / "out-1") if args.same else []
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(work, ignore_errors=True)
    summary = {}
    for name, times in runs.items():
        best, median = (
            min(times),
            (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)),
        )
        summary[name] = (best, median)
        print(
            f"{name} : meilleur {best[0]:.2f} s ({best[1]:.1f} s CPU), "
            f"médiane {median[0]:.2f} s ({median[1]:.1f} s CPU)"
        )
    (ref_best, ref_median), (new_best, new_median) = summary.values()
    print(
        f"rapport (nouveau / {args.ref}) : meilleur {new_best[0] / ref_best[0]:.2f} (temps), "
        f"{new_best[1] / ref_best[1]:.2f} (CPU) ; médiane {new_median[0] / ref_median[0]:.2f} "
        f"(temps), {new_median[1] / ref_median[1]:.2f} (CPU)"
    )
    if args.same:
        if differing:
            raise SystemExit(
                f"{len(differing)} fichier(s) différent(s) : " + ", ".join(differing[:10])
            )
        print("fichiers identiques, octet pour octet")


def same_files(ref: Path, new: Path) -> list[str]:
    """The workbooks and decks that differ between the two outputs (or exist in one only)."""
    found = {
        p.relative_to(root)
        for root in (ref, new)
        for p in root.rglob("*")
        if p.suffix in (".xlsx", ".pptx")
    }
    differing = [
        str(path)
        for path in sorted(found)
        if not ((ref / path).is_file() and (new / path).is_file())
        or not filecmp.cmp(ref / path, new / path, shallow=False)
    ]
    print(
        f"{len(found)} classeurs et présentations comparés octet pour octet : "
        f"{len(differing)} différent(s)"
    )
    return differing


if __name__ == "__main__":
    main()
