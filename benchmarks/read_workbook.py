"""Reading a workbook's data Table back: python-calamine against openpyxl (not part of the tests).

    python benchmarks/read_workbook.py [--lines 50000] [--repeat 3]

Writes a department's workbook whose Table "Lignes" holds about `--lines` lines (demo data),
then reads that Table, each reader in a fresh process: python-calamine (Tables by name), openpyxl
in read-only mode (the Table's range taken from its XML: read-only mode has no Tables) and
openpyxl in normal mode (Tables by name). Prints the best wall time of `--repeat` runs and the
peak memory of the process (getrusage), as a Markdown table.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

WRITE = """
import sys
from pathlib import Path
import pandas as pd
from officefiches.compute import aggregate
from officefiches.source import demo, reader
from officefiches import writers
from officefiches.compute.figures import RunFigures
from officefiches.source.labels import builtin_labels
from officefiches.model import DataInfo, Territoires
from officefiches import geography
from officefiches.options import creation_time

lines = int(sys.argv[2])
frame = reader.canonical(demo.generate(2024, 400_000))
rows = frame.head(lines).copy()
rows["departement"] = "18"  # every line the Cher's
frame = reader.canonical(pd.concat([rows, frame[frame["departement"] != "18"]], ignore_index=True))
data = DataInfo(2024, (1, 2, 3, 4), True)
figures = RunFigures(frame, builtin_labels(), data)
fiche = figures.fiche(geography.department("18"), Territoires(names=()))
from officefiches.run import jobs
tables = jobs.department_tables(figures, "18")
writers.write_workbook(fiche, tables, Path(sys.argv[1]), creation_time())
print(len(figures.department_rows("18")))
"""

READERS = {
    "python-calamine": """
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(PATH, load_tables=True)
rows = book.get_table_by_name("Lignes").to_python()
""",
    "openpyxl (lecture seule)": """
import re, zipfile
from openpyxl import load_workbook
with zipfile.ZipFile(PATH) as archive:
    names = [n for n in archive.namelist() if n.startswith("xl/tables/")]
    ref = next(re.search(r'ref="([^"]+)"', archive.read(n).decode()).group(1)
               for n in names if b'name="Lignes"' in archive.read(n))
book = load_workbook(PATH, read_only=True, data_only=True)
sheet = book["Données"]
rows = [list(r) for r in sheet.iter_rows(min_row=2, max_row=int(ref.split(":")[1][1:]),
                                         values_only=True)]
""",
    "openpyxl (normal)": """
from openpyxl import load_workbook
book = load_workbook(PATH, data_only=True)
sheet = book["Données"]
table = sheet.tables["Lignes"]
rows = [[c.value for c in row] for row in sheet[table.ref]][1:]
""",
}

MEASURE = """
import resource, sys, time
PATH = sys.argv[1]
start = time.perf_counter()
exec(sys.argv[2])
wall = time.perf_counter() - start
print(wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(rows))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="officefiches-read-")) / "classeur.xlsx"
    written = subprocess.run(
        [sys.executable, "-c", WRITE, str(path), str(args.lines)],
        capture_output=True, text=True, check=True,
    ).stdout.split()[-1]  # fmt: skip
    size = path.stat().st_size / 1e6
    print(f"Classeur : {written} lignes dans le tableau « Lignes », {size:.1f} Mo\n")
    print(f"| lecteur | temps (s, meilleur de {args.repeat}) | mémoire max (Mo) | lignes lues |")
    print("|---|---:|---:|---:|")
    for name, code in READERS.items():
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, str(path), code],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            runs.append((float(out[0]), int(out[1]) / 1024, int(out[2])))
        wall = min(r[0] for r in runs)
        memory = max(r[1] for r in runs)
        print(f"| {name} | {wall:.2f} | {memory:.0f} | {runs[0][2]} |")


if __name__ == "__main__":
    main()
