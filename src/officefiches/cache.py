"""Parsed-data cache: a data file's parsed table stored as Parquet, keyed by its content hash.

Re-reading a 2-million-line file costs seconds of CSV parsing and validation; loading its Parquet
copy costs a fraction of that. The key is the SHA-256 of the file's bytes (plus a format version),
so an edited or re-downloaded file is never served stale.
"""

from __future__ import annotations

import os
from pathlib import Path

FORMAT_VERSION = "2"  # 2: codes dictionary-encoded, integers sized


def cache_dir() -> Path:
    """OFFICEFICHES_CACHE_DIR, else $XDG_CACHE_HOME/officefiches, else ~/.cache/officefiches."""
    explicit = os.environ.get("OFFICEFICHES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "officefiches"


def _path(key: str) -> Path:
    return cache_dir() / "parsed" / f"{key}-v{FORMAT_VERSION}.parquet"


def load(key: str):
    """The cached Arrow table for `key`, or None (missing, unreadable: the caller parses again)."""
    path = _path(key)
    if not path.is_file():
        return None
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except (OSError, ValueError):
        return None


def store(key: str, table) -> None:
    """Write atomically; a cache that cannot be written (read-only home…) is silently skipped."""
    import pyarrow.parquet as pq

    path = _path(key)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, tmp, compression="lz4")  # fastest to read back
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def clear() -> tuple[int, int]:
    """Delete every cached file; returns (files, bytes) removed."""
    folder = cache_dir() / "parsed"
    count = size = 0
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file():
                size += path.stat().st_size
                path.unlink()
                count += 1
    return count, size


def usage() -> tuple[int, int]:
    folder = cache_dir() / "parsed"
    files = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)
