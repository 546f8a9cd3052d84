"""Profile a build in one process with cProfile (not part of the test suite).

    python benchmarks/profile_build.py --data DIR [--all | --region NOM] [--top 25] [--save FILE]

Runs `build` with --jobs 1 (so that every fiche is written in the profiled process), the data
cache warm (the build is run once before, unprofiled), and prints the functions taking the most
time, by own time and by cumulative time: what to cut first.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--region", default=None)
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="also write the report there")
    args = parser.parse_args()

    from officefiches.options import BuildOptions
    from officefiches.run.build import Reporter, run_build

    work = Path(tempfile.mkdtemp(prefix="officefiches-profile-"))
    os.environ.setdefault("OFFICEFICHES_CACHE_DIR", str(work / "cache"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    region = args.region or "Centre-Val de Loire"
    selection = {"all_departments": True} if args.all else {"regions": (region,)}
    options = BuildOptions(data=(args.data,), out=work / "out", jobs=1, quiet=True, **selection)
    try:
        run_build(options, Reporter())  # fills the data cache: the profile is of a warm build
        shutil.rmtree(work / "out")
        profiler = cProfile.Profile()
        profiler.enable()
        report = run_build(options, Reporter())
        profiler.disable()
        assert report.ok, report.failures
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.strip_dirs()
    for order in ("tottime", "cumulative"):
        text.write(f"\n=== by {order} ===\n")
        stats.sort_stats(order).print_stats(args.top)
    print(text.getvalue())
    if args.save:
        args.save.write_text(text.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
