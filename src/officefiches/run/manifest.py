"""What the build wrote, with each file's hash, so a re-run never overwrites a team's edits.

Two files in the output folder:
- `.officefiches-manifest.json`: relative path → sha256 of the file as written (compacted at the
  end of each run);
- `.officefiches-journal.jsonl`: one line appended, under a lock, by whichever process wrote a file,
  the moment before it is renamed into place. A run killed at any instant therefore leaves every
  finished file known: the next run reads the manifest and the journal together.

A path may have several known hashes between two compactions (a file recorded, then the run killed
before the rename): a file is ours when its hash is any of them. The output folder itself is locked
for the whole build (`OutputLock`), so two builds never write into one folder at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import time
from pathlib import Path

from officefiches import atomic
from officefiches.errors import DiskFull, OfficeFichesError, OutputError

MANIFEST_NAME = ".officefiches-manifest.json"
JOURNAL_NAME = ".officefiches-journal.jsonl"
LOCK_NAME = ".officefiches.lock"
HOLDER_NAME = ".officefiches.lock.info"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key(out: Path, path: Path) -> str:
    return Path(os.path.relpath(path, out)).as_posix()


def _file_lock(path: Path, timeout: float):
    from filelock import FileLock

    return FileLock(str(path), timeout=timeout)


class Journal:
    """Appends one record per written file; safe from several processes at once."""

    def __init__(self, out: Path):
        self.out = Path(out)

    @property
    def path(self) -> Path:
        return self.out / JOURNAL_NAME

    def record(self, path: Path, digest: str | None = None) -> str:
        digest = digest or file_hash(path)
        line = json.dumps({"path": _key(self.out, path), "sha256": digest}, ensure_ascii=False)
        # A short lock (not the build's): workers of one build append concurrently.
        with _file_lock(self.out / (JOURNAL_NAME + ".lock"), timeout=60):
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        return digest

    def before_rename(self, final: Path, tmp: Path) -> None:
        """`atomic_path`'s hook: the finished temporary file is recorded under its final name."""
        self.record(final, file_hash(tmp))

    def read(self) -> list[tuple[str, str]]:
        """The records, oldest first; a line cut by a kill mid-write is ignored (its file was not
        renamed into place yet: the record comes before the rename)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except (OSError, UnicodeDecodeError):
            return []
        records = []
        for line in text.splitlines():
            try:
                entry = json.loads(line)
                records.append((str(entry["path"]), str(entry["sha256"])))
            except (ValueError, KeyError, TypeError):
                continue
        return records


class Manifest:
    """The files officefiches wrote in `out`, and the hashes they had when written."""

    def __init__(self, out: Path, entries: dict[str, str] | None = None):
        self.out = Path(out)
        self.known: dict[str, list[str]] = {k: [v] for k, v in (entries or {}).items()}
        self.journal = Journal(self.out)

    @property
    def entries(self) -> dict[str, str]:
        """Path → the latest hash recorded for it."""
        return {key: hashes[-1] for key, hashes in self.known.items()}

    @classmethod
    def load(cls, out: Path) -> Manifest:
        path = Path(out) / MANIFEST_NAME
        if path.is_dir():
            raise OutputError(
                f"{path} est un dossier : ce nom est réservé au registre des fichiers écrits par "
                "officefiches. Renommez ou déplacez ce dossier, puis relancez."
            )
        manifest = cls(out)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for key, value in data.get("files", {}).items():
                manifest._remember(str(key), str(value))
        except FileNotFoundError:
            pass
        except (ValueError, AttributeError, UnicodeDecodeError):
            pass  # an unreadable manifest protects nothing: every existing file counts as edited
        for key, digest in manifest.journal.read():
            manifest._remember(key, digest)
        return manifest

    def _remember(self, key: str, digest: str) -> None:
        hashes = self.known.setdefault(key, [])
        if digest in hashes:
            hashes.remove(digest)
        hashes.append(digest)

    def key(self, path: Path) -> str:
        return _key(self.out, path)

    def is_protected(self, path: Path) -> bool:
        """True when `path` exists and is not exactly a file the build wrote there (edited by
        someone, or never written by officefiches)."""
        path = Path(path)
        if not path.exists():
            return False
        if path.is_dir():
            return True
        return file_hash(path) not in self.known.get(self.key(path), [])

    def record(self, path: Path, digest: str | None = None) -> str:
        """Record a file now, durably (journal), and in memory."""
        digest = self.journal.record(path, digest)
        self.remember(path, digest)
        return digest

    def remember(self, path: Path, digest: str) -> None:
        """In memory only (a job already wrote the journal's record)."""
        self._remember(self.key(path), digest)

    def save(self) -> None:
        """Compact: one hash per path (the one on disk when it is ours, else the latest), then
        the journal is emptied. The journal is read again first: workers may have recorded files
        this process never heard of (a run interrupted before their results came back)."""
        for key, digest in self.journal.read():
            self._remember(key, digest)
        files = {}
        for key, hashes in self.known.items():
            on_disk = self.out / key
            current = hashes[-1]
            if len(hashes) > 1 and on_disk.is_file():
                digest = file_hash(on_disk)
                if digest in hashes:
                    current = digest
            files[key] = current
        payload = {"generator": "officefiches", "files": dict(sorted(files.items()))}
        try:
            atomic.write_text(
                self.out / MANIFEST_NAME, json.dumps(payload, indent=1, ensure_ascii=False)
            )
        except (OSError, DiskFull) as error:
            why = "disque plein" if isinstance(error, DiskFull) else atomic.reason(error)
            raise OutputError(
                f"Impossible d'enregistrer le registre {self.out / MANIFEST_NAME} ({why}). "
                "Les fichiers écrits restent connus par le journal "
                f"{self.out / JOURNAL_NAME} : libérez de la place ou corrigez les droits, puis "
                "relancez."
            ) from None
        try:
            self.journal.path.unlink()
        except FileNotFoundError:
            pass


def save_all(manifests) -> None:
    """Save each manifest (in a run's `finally`). When the run is stopping on an error of ours (a
    full disk), a manifest that cannot be saved for the same reason is said after that error, not
    instead of it: the user learns which file did not fit, then that the journal keeps the rest."""
    stopping = sys.exc_info()[1]
    for manifest in manifests:
        try:
            manifest.save()
        except OutputError as unsaved:
            if isinstance(stopping, OfficeFichesError):
                raise type(stopping)(f"{stopping} {unsaved}") from None
            raise


class OutputLock:
    """The build's exclusive hold on an output folder (released by the system if the process
    dies, so a killed run never blocks the next one)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self._lock = None

    def __enter__(self) -> OutputLock:
        from filelock import Timeout

        self._lock = _file_lock(self.out / LOCK_NAME, timeout=0)
        try:
            self._lock.acquire()
        except Timeout:
            raise OfficeFichesError(
                f"Le dossier {self.out} est utilisé par une autre exécution d'officefiches "
                f"({self._holder()}). Attendez qu'elle se termine, ou choisissez un autre --out."
            ) from None
        since = time.strftime("%H:%M:%S")
        holder = f"processus {os.getpid()} sur {socket.gethostname()}, depuis {since}"
        try:
            (self.out / HOLDER_NAME).write_text(holder, encoding="utf-8")
        except OSError:
            pass
        return self

    def _holder(self) -> str:
        try:
            return (self.out / HOLDER_NAME).read_text(encoding="utf-8").strip() or "inconnue"
        except OSError:
            return "exécution inconnue"

    def __exit__(self, *exc) -> None:
        try:
            (self.out / HOLDER_NAME).unlink()
        except OSError:
            pass
        self._lock.release()
