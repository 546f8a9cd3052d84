"""The parsed-data cache: entries that prove themselves, its folder, its commands."""

import os

import pytest

from officefiches.cli import main
from officefiches.source import cache, reader
from tests import factories, officialfiles

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_an_entry_round_trips_with_its_facts_and_exact_sums(tmp_path):
    table, facts = reader.parse(officialfiles.as_text(factories.lines(n=200)), "x.txt")
    cache.store("k" * 64, "7", cache.Entry(table, facts))
    loaded = cache.load("k" * 64, "7")
    assert loaded.table.equals(table)
    assert loaded.facts == facts
    assert loaded.sums == facts["sums"] == cache.exact_sums(table)
    assert cache.load("k" * 64, "8") is None  # another validation version: another entry
    assert cache.load("j" * 64, "7") is None


def test_exact_sums_never_wrap():
    import pyarrow as pa

    table = pa.table({"valeur": pa.array([2**63 - 1, 2**63 - 1, 5], pa.int64())})
    assert cache.exact_sums(table) == {"valeur": 2 * (2**63 - 1) + 5}


def test_an_entry_of_another_file_is_damaged(tmp_path):
    table, facts = reader.parse(officialfiles.as_text(factories.lines(n=50)), "x.txt")
    cache.store("a" * 64, "7", cache.Entry(table, facts))
    cache.entry_path("a" * 64, "7").rename(cache.entry_path("b" * 64, "7"))
    with pytest.raises(cache.Damaged, match="autre fichier"):
        cache.load("b" * 64, "7")


def test_a_truncated_entry_is_damaged(tmp_path):
    table, facts = reader.parse(officialfiles.as_text(factories.lines(n=50)), "x.txt")
    cache.store("a" * 64, "7", cache.Entry(table, facts))
    path = cache.entry_path("a" * 64, "7")
    data = path.read_bytes()
    for size in (0, 10, len(cache.MAGIC) + 30, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:size])
        with pytest.raises(cache.Damaged):
            cache.load("a" * 64, "7")


def test_cache_commands(tmp_path):
    folder = officialfiles.annual_dir(factories.lines(n=100), tmp_path / "d", 2024)
    reader.read_data([folder])
    runner = factories.cli_runner()
    info = runner.invoke(main, ["cache", "info"])
    assert info.exit_code == 0 and "2 fichier(s)" in info.stdout
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and "2 fichier(s)" in cleared.stdout
    assert cache.usage() == (0, 0)


@pytest.mark.skipif(AS_ROOT, reason="root reads and deletes in any folder")
def test_an_unreadable_cache_folder_is_a_clean_error(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    (folder / "parsed").mkdir(parents=True)
    (folder / "parsed").chmod(0)
    monkeypatch.setenv("OFFICEFICHES_CACHE_DIR", str(folder))
    try:
        result = factories.cli_runner().invoke(main, ["cache", "clear"])
    finally:
        (folder / "parsed").chmod(0o700)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "accès refusé" in result.stderr
