"""Download the official customs ZIPs into the user's data folder, safely.

`officefiches data fetch --year YYYY [--url URL ...]`: each ZIP is streamed to a `.part` file,
retried on a broken connection, checked (a whole ZIP holding a customs data file) and only then
renamed; `sources.json` beside it records the address, the date and the SHA-256. `build` then uses
the fetched files of a year when no `--data` is given. Known addresses are in `data/sources.csv`,
a small table a team can extend; any other year takes `--url`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path

from officefiches.errors import DataError, UsageError
from officefiches.resources import data_text

CHUNK = 1 << 16
RECORD_NAME = "sources.json"
USER_AGENT = "officefiches (https://pypi.org/project/officefiches)"

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


def data_home() -> Path:
    """OFFICEFICHES_DATA_DIR, else $XDG_DATA_HOME/officefiches, else ~/.local/share/officefiches."""
    explicit = os.environ.get("OFFICEFICHES_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "officefiches"


def year_dir(year: int) -> Path:
    return data_home() / "douanes" / str(year)


def known_urls(year: int) -> list[str]:
    rows = csv.DictReader(io.StringIO(data_text("sources.csv")), delimiter=";")
    return [row["url"] for row in rows if row["annee"] == str(year)]


def fetched_years() -> list[int]:
    """Years whose official files were fetched (a ZIP and a record are present)."""
    root = data_home() / "douanes"
    if not root.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in root.iterdir()
        if p.name.isdigit() and (p / RECORD_NAME).is_file() and any(p.glob("*.zip"))
    )


def fetched_files(year: int) -> list[Path]:
    return sorted(year_dir(year).glob("*.zip"))


def fetch(
    year: int,
    urls: tuple[str, ...] = (),
    progress: Progress | None = None,
    retries: int = 3,
    wait: float = 1.0,
    timeout: float = 60.0,
) -> list[Path]:
    """Download the year's ZIPs (the given URLs, else the known ones); returns their paths."""
    urls = tuple(urls) or tuple(known_urls(year))
    if not urls:
        raise UsageError(
            f"Aucune adresse connue pour {year}. Donnez les adresses des ZIP officiels avec "
            "--url (data.gouv.fr, « Statistiques régionales et départementales du commerce "
            "extérieur »), une par fichier."
        )
    folder = year_dir(year)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for url in urls:
        path, digest = _download(url, folder, progress, retries, wait, timeout)
        _check_zip(path, url)
        _record(folder, path, url, digest)
        written.append(path)
    return written


def _download(url, folder: Path, progress, retries: int, wait: float, timeout: float):
    last_error = ""
    for attempt in range(1, retries + 1):
        try:
            return _download_once(url, folder, progress, timeout)
        except (urllib.error.URLError, HTTPException, OSError, _Truncated) as error:
            if isinstance(error, urllib.error.HTTPError):
                error.close()  # it holds the server's answer open
            if isinstance(error, urllib.error.HTTPError) and error.code < 500:
                raise DataError(
                    f"Téléchargement refusé ({error.code}) : {url}. Vérifiez l'adresse."
                ) from None
            last_error = str(getattr(error, "reason", error))
            if attempt < retries:
                time.sleep(wait * attempt)
    raise DataError(
        f"Téléchargement de {url} impossible après {retries} essais ({last_error}). "
        "Vérifiez la connexion et relancez : rien n'a été gardé du téléchargement interrompu."
    )


class _Truncated(Exception):
    pass


def _download_once(url: str, folder: Path, progress, timeout: float) -> tuple[Path, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        name = _file_name(response, url)
        final = folder / name
        part = folder / f".{name}.part"
        expected = response.headers.get("Content-Length")
        expected = int(expected) if expected and expected.isdigit() else None
        digest = hashlib.sha256()
        size = 0
        try:
            with part.open("wb") as out:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    if progress:
                        progress(size, expected)
            if expected is not None and size != expected:
                raise _Truncated(f"{size} octets reçus sur {expected}")
            os.replace(part, final)
        finally:
            part.unlink(missing_ok=True)
    return final, digest.hexdigest()


def _file_name(response, url: str) -> str:
    """The server's file name (Content-Disposition, else the final URL), made safe."""
    disposition = response.headers.get("Content-Disposition") or ""
    match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition)
    name = match.group(1) if match else Path(urllib.parse.urlparse(response.url).path).name
    name = re.sub(r"[^\w.\-]+", "_", urllib.parse.unquote(name)).strip("._") or "douanes"
    return name if name.lower().endswith(".zip") else f"{name}.zip"


def _check_zip(path: Path, url: str) -> None:
    """A whole ZIP holding at least one customs data file, else it is removed."""
    from officefiches.reader import DATA_NAME  # the official data file names

    problem = None
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                problem = "archive endommagée"
            elif not any(DATA_NAME.match(name.rsplit("/", 1)[-1]) for name in archive.namelist()):
                problem = "aucun fichier Region_AAAA_Export/Import.txt ni REGIONAL_CPF4PAYS*.txt"
    except zipfile.BadZipFile:
        problem = "ce n'est pas un fichier ZIP"
    if problem:
        path.unlink(missing_ok=True)
        raise DataError(
            f"Le fichier téléchargé depuis {url} est inutilisable ({problem}). "
            "Vérifiez l'adresse (elle doit mener au ZIP des données régionales) et relancez."
        )


def _record(folder: Path, path: Path, url: str, digest: str) -> None:
    record_path = folder / RECORD_NAME
    records = json.loads(record_path.read_text("utf-8")) if record_path.is_file() else {}
    records[path.name] = {
        "url": url,
        "telecharge_le": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": digest,
        "octets": path.stat().st_size,
    }
    tmp = record_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(records, indent=2, ensure_ascii=False, sort_keys=True), "utf-8")
    os.replace(tmp, record_path)


def describe(year: int) -> str:
    """What `build` says when it uses the fetched files of `year`."""
    records = json.loads((year_dir(year) / RECORD_NAME).read_text("utf-8"))
    parts = [f"{name} ({r['telecharge_le'][:10]}, {r['url']})" for name, r in records.items()]
    return f"fichiers officiels téléchargés pour {year} : " + " ; ".join(sorted(parts))
