"""The one atomic writer: a file appears whole under its name, or not at all.

Every file officefiches writes (workbooks, decks, PDFs, the manifest, the cache, downloads, demo
files) goes through `atomic_path`: it is written under a temporary name in the same folder (same
file system, so the final rename is atomic), flushed to disk, then renamed into place. A run killed
half-way leaves only temporary files, which `remove_leftovers` recognises by their name and the
next run removes. The name says « officefiches » so that no file of a user's is ever taken for
one (« .bilan.2023.tmp.ods » is a user's and stays).
"""

from __future__ import annotations

import errno
import os
import queue
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from officefiches.errors import DiskFull

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
def atomic_path(
    path: Path, before_rename: BeforeRename | None = None, landing: Landing | None = None
) -> Iterator[Path]:
    """Yield a temporary name beside `path`; once the block ends without error, flush it to disk
    and rename it to `path` (or hand it to `landing`, which does so in its thread). On any error
    the temporary file goes; a full disk is said in one message naming the file (`DiskFull`),
    whichever step found it."""
    path = Path(path)
    tmp = temporary_name(path)
    handed = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        if landing is not None:
            landing.put(path, tmp, before_rename)
            handed = True
        else:
            _land(path, tmp, before_rename)
    except OSError as error:
        if error.errno in _NO_ROOM:
            raise disk_full(path) from None
        raise
    finally:
        if not handed:
            _remove_quietly(tmp)


def _land(path: Path, tmp: Path, before_rename: BeforeRename | None) -> None:
    _flush_to_disk(tmp)
    if before_rename is not None:
        before_rename(path, tmp)
    os.replace(tmp, path)


class Landing:
    """Files landed in a thread, in the order given: each flushed to disk, handed to its
    `before_rename` and renamed, as `atomic_path` does, while the caller writes the next one (a
    flush waits on the disk, not on the processor). Used as a block: at its end every file has
    landed; or the first error met is raised there, and the files given after it are removed,
    not renamed, as if the writing had stopped at that error."""

    def __init__(self) -> None:
        self._files: queue.SimpleQueue = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._land_all, daemon=True)

    def __enter__(self) -> Landing:
        self._thread.start()
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self._files.put(None)
        self._thread.join()
        if self._error is not None and self._error is not error:
            raise self._error from error  # it came first: the block's own error followed it

    def put(self, path: Path, tmp: Path, before_rename: BeforeRename | None) -> None:
        if self._error is not None:
            raise self._error  # stop writing: the file goes (atomic_path)
        self._files.put((path, tmp, before_rename))

    def _land_all(self) -> None:
        while (file := self._files.get()) is not None:
            path, tmp, before_rename = file
            if self._error is None:
                try:
                    _land(path, tmp, before_rename)
                except OSError as error:
                    self._error = disk_full(path) if error.errno in _NO_ROOM else error
                except BaseException as error:  # noqa: BLE001  (raised in the caller's thread)
                    self._error = error
            _remove_quietly(tmp)  # renamed already, or not to be


# No space left, or the user's quota reached: the same remedy.
_NO_ROOM = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(error: OSError) -> bool:
    return error.errno in _NO_ROOM


def reason(error: OSError) -> str:
    """Why a folder or file cannot be used, in French, without its path."""
    if isinstance(error, PermissionError):
        return "accès refusé"
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return "un fichier occupe la place du dossier"
    if is_disk_full(error):
        return "disque plein"
    if error.errno == errno.EROFS:
        return "disque en lecture seule"
    return error.strerror or str(error) or type(error).__name__


def disk_full(path: Path) -> DiskFull:
    return DiskFull(
        f"Disque plein : {path.name} n'a pas pu être écrit dans {path.parent} (aucun fichier à "
        "moitié écrit n'y reste). Libérez de la place sur ce disque, ou choisissez un autre "
        "dossier avec --out, puis relancez."
    )


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # gone already; or, its name saying it is ours, the next run's clean-up removes it


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
