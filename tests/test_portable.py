"""Tests run from any clone: no absolute path; `tests/data/` and `../shared` found relatively."""

import re
from pathlib import Path

from .shared import PUBLISHED, REPOSITORY, SHARED, TEST_DATA

# A string literal that starts with a machine's own folder: /work/, /tmp/, /home/…, C:\…
ABSOLUTE = re.compile(
    r"""(?<![\w.])[rbfu]?["'](?:/(?:work|tmp|home|root|Users|mnt|opt)/|[A-Za-z]:[\\/])"""
)


def test_no_source_names_an_absolute_path():
    found = []
    for folder in ("tests", "src", "benchmarks"):
        for path in sorted((REPOSITORY / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue  # this file shows examples of what is refused
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if ABSOLUTE.search(line):
                    found.append(f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}")
    assert not found, "absolute paths:\n" + "\n".join(found)


def test_the_pattern_catches_absolute_paths():
    root, drive = "/", "C:\\"  # built here so that this file names no absolute path itself
    samples = (f'RAW = Path("{root}work{root}data{root}raw")', f"p = '{root}tmp{root}x'")
    for line in (*samples, f'Path(r"{drive}Users\\a")'):
        assert ABSOLUTE.search(line), line
    for line in ('name.startswith("xl/worksheets/sheet")', 'SHARED / "data" / "raw"'):
        assert not ABSOLUTE.search(line), line


def test_data_is_found_relative_to_the_repository():
    assert PUBLISHED.is_file() and PUBLISHED.parent == TEST_DATA
    assert TEST_DATA.parent.parent == REPOSITORY == SHARED.parent / REPOSITORY.name
    assert (REPOSITORY / "pyproject.toml").is_file()
