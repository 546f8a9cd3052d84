"""The one atomic writer: a file appears whole under its name, or not at all.

Every file officefiches writes (workbooks, decks, PDFs, the manifest, the cache, downloads, demo
files) goes through `atomic_path`: it is written under a temporary name in the same folder (same
file system, so the final rename is atomic), flushed to disk, then renamed into place. A run killed
half-way leaves only temporary files, which `remove_leftovers` recognises by their name and the
next run removes. The name says « officefiches » so that no file of a user's is ever taken for
one (« .bilan.2023.tmp.ods » is a user's and stays).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# ".<stem>.<pid>.officefiches.tmp<suffix>": hidden, ours by name, tells which process wrote it,
# keeps the suffix (some writers, LibreOffice among them, choose the format from it).
_MARK = "officefiches.tmp"
_LEFTOVER = re.compile(r"^\..+\.\d+\.officefiches\.tmp(\.[A-Za-z0-9]+)?$")


def temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.stem}.{os.getpid()}.{_MARK}{path.suffix}")


# Called with (final path, complete temporary file) just before the rename: the manifest's
# journal records the file then, so a kill at any instant never leaves a finished file unknown.
BeforeRename = Callable[[Path, Path], None]


@contextmanager
def atomic_path(path: Path, before_rename: BeforeRename | None = None) -> Iterator[Path]:
    """Yield a temporary name beside `path`; once the block ends without error, flush it to disk
    and rename it to `path`. On any error the temporary file goes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    try:
        yield tmp
        _flush_to_disk(tmp)
        if before_rename is not None:
            before_rename(path, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def _flush_to_disk(path: Path) -> None:
    """fsync, so that a power cut after the rename never leaves an empty file under the name."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open a file read-only for fsync; the rename still holds
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_leftover(path: Path) -> bool:
    return bool(_LEFTOVER.match(path.name))


def remove_leftovers(folder: Path, recursive: bool = True) -> list[Path]:
    """Remove the temporary files a killed run left in `folder` (and its sub-folders when
    `recursive`: a build's output folder, not a team's folder of workbooks). Call it only while
    holding the folder's lock: then no other run is writing there. Returns what was removed."""
    removed = []
    if not Path(folder).is_dir():
        return removed
    pattern = f".*.{_MARK}*"
    found = Path(folder).rglob(pattern) if recursive else Path(folder).glob(pattern)
    for path in sorted(found):
        if path.is_file() and is_leftover(path):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass  # not ours to fight over: it stays, and nothing reads it
    return removed
