"""What the build wrote, with each file's hash, so a re-run never overwrites a team's edits."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MANIFEST_NAME = ".officefiches-manifest.json"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """`<out>/.officefiches-manifest.json`: relative path → sha256 of the file as written."""

    def __init__(self, out: Path, entries: dict[str, str] | None = None):
        self.out = Path(out)
        self.entries: dict[str, str] = dict(entries or {})

    @classmethod
    def load(cls, out: Path) -> Manifest:
        path = Path(out) / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(out, {str(k): str(v) for k, v in data.get("files", {}).items()})
        except FileNotFoundError:
            return cls(out)
        except (ValueError, AttributeError):
            # An unreadable manifest protects nothing: treat every existing file as edited.
            return cls(out)

    def key(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.out)).as_posix()

    def is_protected(self, path: Path) -> bool:
        """True when `path` exists and is not exactly what the build last wrote there
        (edited by someone, or never written by officefiches)."""
        if not path.exists():
            return False
        recorded = self.entries.get(self.key(path))
        return recorded is None or recorded != file_hash(path)

    def record(self, path: Path, digest: str | None = None) -> None:
        self.entries[self.key(path)] = digest or file_hash(path)

    def save(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        target = self.out / MANIFEST_NAME
        tmp = target.with_name(f".{MANIFEST_NAME}.{os.getpid()}.tmp")
        payload = {"generator": "officefiches", "files": dict(sorted(self.entries.items()))}
        tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
