"""Parsed-data cache: a data file's checked table, stored so that a second run skips the parsing.

Re-reading a 2-million-line file costs seconds of CSV parsing and validation; loading its cached
copy costs a fraction of that. An entry is keyed by the SHA-256 of the source file's bytes, the
cache format and the reader's validation version, so an edited or re-downloaded file, or a reader
that checks more, never gets a stale entry.

An entry proves itself on every load. It is one file: a header line, the SHA-256 of the rest, a
JSON line, then the table in Arrow's IPC format, lz4-compressed (read back 4 to 20 times faster
than Parquet: a cached year of 2 million lines loads in a few hundredths of a second). The JSON
line records the
source's row count, the exact sums of its integer columns and the facts the reader found while
checking the source. A load checks the SHA-256, then the table's rows and sums against the JSON
line; any difference (flipped bytes, a rewritten table, a truncated file) raises `Damaged`: the
reader then parses the source again and rewrites the entry. A folder that cannot be written (a
file in its place, read-only) raises `Unavailable`: the reader goes on without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from officefiches import atomic
from officefiches.errors import OfficeFichesError

# 4: one self-checking file (header, JSON, Arrow IPC lz4); 3: the same with Parquet; 2: bare Parquet
FORMAT_VERSION = "4"
MAGIC = b"officefiches-cache\n"
SUFFIX = ".cache"


class Damaged(Exception):
    """An entry is present but does not prove to be the table it was written as."""


class Unavailable(Exception):
    """The cache folder cannot be used; the message (French) says why, without a path."""


@dataclass
class Entry:
    """A checked table and what the reader learnt about its source (JSON-able facts)."""

    table: object  # pyarrow.Table
    facts: dict = field(default_factory=dict)
    sums: dict = field(default_factory=dict)  # exact sums of the loaded table (set by load)


def cache_dir() -> Path:
    """OFFICEFICHES_CACHE_DIR, else the user's cache folder for officefiches (platformdirs:
    ~/.cache/officefiches on Linux, %LOCALAPPDATA%\\officefiches\\Cache on Windows,
    ~/Library/Caches/officefiches on macOS)."""
    explicit = os.environ.get("OFFICEFICHES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_cache_dir("officefiches", appauthor=False))


def entry_path(key: str, validation: str) -> Path:
    return cache_dir() / "parsed" / f"{key}-f{FORMAT_VERSION}-v{validation}{SUFFIX}"


def exact_sums(table) -> dict[str, int]:
    """Exact sums of the table's 64-bit integer columns, as Python ints (never wrapped)."""
    import pyarrow as pa

    sums = {}
    for name in table.column_names:
        column = table[name]
        if column.type == pa.int64():
            sums[name] = sum(_exact_sum(chunk.to_numpy()) for chunk in column.chunks)
    return sums


def _exact_sum(values) -> int:
    # Split each value into its high and low 32 bits: neither partial sum can wrap below
    # 2**31 rows, and Python ints put them together exactly.
    high = int((values >> 32).sum())
    low = int((values & 0xFFFFFFFF).sum())
    return (high << 32) + low


def load(key: str, validation: str) -> Entry | None:
    """The entry for `key`; None when there is none; `Damaged` when it does not prove itself."""
    path = entry_path(key, validation)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        if not path.exists():
            return None
        raise Damaged(f"illisible ({atomic.reason(error)})") from None
    return _decode(data, key, validation)


def _decode(data: bytes, key: str, validation: str) -> Entry:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    start = len(MAGIC) + 65  # the SHA-256 in hex and its line end
    if not data.startswith(MAGIC) or data[start - 1 : start] != b"\n":
        raise Damaged("en-tête inattendu")
    body = memoryview(data)[start:]
    if hashlib.sha256(body).hexdigest().encode() != data[len(MAGIC) : start - 1]:
        raise Damaged("empreinte différente")
    end = data.find(b"\n", start)
    try:
        meta = json.loads(data[start:end])
        expected = (meta["key"], meta["format"], meta["validation"])
        rows, sums, facts = meta["rows"], meta["sums"], meta["facts"]
    except (ValueError, KeyError, TypeError):
        raise Damaged("description illisible") from None
    if expected != (key, FORMAT_VERSION, validation):
        raise Damaged("entrée d'un autre fichier ou d'une autre version")
    try:
        table = ipc.open_file(pa.BufferReader(pa.py_buffer(memoryview(data)[end + 1 :]))).read_all()
    except (OSError, ValueError, pa.ArrowException) as error:
        raise Damaged(f"table illisible ({type(error).__name__})") from None
    if table.num_rows != rows or exact_sums(table) != sums:
        raise Damaged("lignes ou sommes différentes de celles du fichier lu")
    return Entry(table=table, facts=facts, sums=sums)


def store(key: str, validation: str, entry: Entry) -> None:
    """Write the entry atomically (temporary file, then rename); `Unavailable` when the folder
    cannot be written."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    sink = pa.BufferOutputStream()
    options = ipc.IpcWriteOptions(compression="lz4")
    with ipc.new_file(sink, entry.table.schema, options=options) as writer:
        writer.write_table(entry.table)
    meta = {
        "key": key,
        "format": FORMAT_VERSION,
        "validation": validation,
        "rows": entry.table.num_rows,
        "sums": exact_sums(entry.table),
        "facts": entry.facts,
    }
    body = json.dumps(meta, ensure_ascii=True, sort_keys=True).encode() + b"\n"
    body += sink.getvalue().to_pybytes()
    checksum = hashlib.sha256(body).hexdigest().encode() + b"\n"
    try:
        atomic.write_bytes(entry_path(key, validation), MAGIC + checksum + body)
    except OSError as error:
        raise Unavailable(atomic.reason(error)) from None


def _files() -> list[Path]:
    folder = cache_dir() / "parsed"
    try:
        return [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    except OSError as error:
        raise OfficeFichesError(
            f"Cache illisible ({atomic.reason(error)}) : {folder}. Vérifiez ce dossier, ou "
            "choisissez-en un autre avec la variable OFFICEFICHES_CACHE_DIR."
        ) from None


# --- the SHA-256 of a file known by its identity -------------------------------------------------
#
# Reading and hashing ten years of data files (a gigabyte) costs seconds on every run; a file's
# identity (inputs.Input.identity: path, size, inode, modification and change times to the
# nanosecond) tells that its bytes are those hashed before. One small file per identity records
# the SHA-256 and the size; an entry that does not match is ignored. Whenever the bytes are read
# anyway (to parse them), they are hashed again.

DIGESTS = "empreintes"


def _digest_path(identity: str) -> Path:
    return cache_dir() / DIGESTS / f"{hashlib.sha256(identity.encode()).hexdigest()}.json"


def known_digest(identity: str) -> tuple[str, int] | None:
    """(SHA-256, size) recorded for this identity, or None."""
    if not identity:
        return None
    try:
        meta = json.loads(_digest_path(identity).read_text("utf-8"))
        digest, size = meta["sha256"], meta["size"]
        if meta["identity"] == identity and len(digest) == 64 and isinstance(size, int):
            int(digest, 16)
            return digest, size
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def remember_digest(identity: str, digest: str, size: int) -> None:
    """Record the SHA-256 and size of the bytes behind `identity` (nothing when it cannot)."""
    if not identity:
        return
    meta = {"identity": identity, "sha256": digest, "size": size}
    try:
        atomic.write_text(_digest_path(identity), json.dumps(meta, ensure_ascii=True))
    except OSError:
        pass  # only a shortcut: the next run hashes the file again


def clear() -> tuple[int, int]:
    """Delete every cached file; returns (files, bytes) removed."""
    count = size = 0
    digests = cache_dir() / DIGESTS
    with contextlib.suppress(OSError):
        for path in digests.iterdir():
            path.unlink()
    for path in _files():
        try:
            length = path.stat().st_size
            path.unlink()
        except OSError as error:
            raise OfficeFichesError(
                f"Impossible de vider le cache ({atomic.reason(error)}) : {path.parent}. "
                "Supprimez ce dossier vous-même."
            ) from None
        size += length
        count += 1
    return count, size


def usage() -> tuple[int, int]:
    files = _files()
    return len(files), sum(p.stat().st_size for p in files)
