"""Download the official customs ZIPs into the user's data folder, safely.

`officefiches data fetch --year YYYY [--url URL ...]`: each ZIP is streamed to a `.part` file,
retried on a broken connection, checked (a whole ZIP holding a customs data file) and only then
renamed over the previous copy; `sources.json` beside it records the address, the date and the
SHA-256. A download that fails for any reason (network, a bad ZIP, Ctrl-C or SIGTERM) leaves
the previous ZIP and its `sources.json` entry as they were, and no `.part`. `build` then uses the
fetched files of a year when no `--data` is given. Known addresses are in `data/sources.csv`, a
small table a team can extend; any other year takes `--url`.
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
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path

from officefiches import atomic
from officefiches.errors import DataError, UsageError
from officefiches.formatting import integer
from officefiches.geography import normalise
from officefiches.resources import data_text

CHUNK = 1 << 16
RECORD_NAME = "sources.json"
USER_AGENT = "officefiches (https://pypi.org/project/officefiches)"

Progress = Callable[[int, int | None], None]  # (bytes so far, total bytes or None)


def data_home() -> Path:
    """OFFICEFICHES_DATA_DIR, else the user's data folder for officefiches (platformdirs:
    ~/.local/share/officefiches on Linux, %LOCALAPPDATA%\\officefiches on Windows,
    ~/Library/Application Support/officefiches on macOS)."""
    explicit = os.environ.get("OFFICEFICHES_DATA_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_data_dir("officefiches", appauthor=False))


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


# --- finding a year's ZIPs in the publisher's catalogue ---------------------------------------
#
# Certain (data.gouv.fr, dataset page « Statistiques régionales et départementales du commerce
# extérieur », id 5369a0c7a3a729239d206446, temporal coverage 01/2013 to 03/2019, last resource
# update 15 April 2020): the 2019 ZIPs of data/sources.csv. Other years are looked for at run
# time in the catalogue's API (that dataset, then a search), so that a year the customs publish
# later is found without a new release; a year found nowhere is said with what to do by hand.

CATALOGUE = "https://www.data.gouv.fr/api/1/"
DATASETS = ("5369a0c7a3a729239d206446",)
SEARCH = "statistiques régionales départementales commerce extérieur"
BY_HAND = (
    "Téléchargez-les à la main (data.gouv.fr, « Statistiques régionales et départementales du "
    "commerce extérieur », ou le site « Le chiffre du commerce extérieur », rubrique "
    "Téléchargement) puis donnez le dossier à build avec --data DOSSIER, ou donnez leurs "
    "adresses : officefiches data fetch --year AAAA --url ADRESSE-EXPORT --url ADRESSE-IMPORT."
)


def catalogue() -> str:
    """The catalogue's API root: OFFICEFICHES_CATALOGUE (a mirror, a test server), else
    data.gouv.fr's."""
    root = os.environ.get("OFFICEFICHES_CATALOGUE") or CATALOGUE
    return root if root.endswith("/") else root + "/"


def discover(year: int, timeout: float = 20.0) -> list[str]:
    """The addresses of the year's export and import ZIPs listed in the catalogue (both, or
    none): resources whose title or address names the year and the flow."""
    root = catalogue()
    query = urllib.parse.urlencode({"q": f"{SEARCH} {year}", "page_size": 20})
    pages = [f"{root}datasets/{dataset}/" for dataset in DATASETS]
    pages.append(f"{root}datasets/?{query}")
    found: dict[str, str] = {}
    for page in pages:
        for resource in _resources(page, timeout):
            url = str(resource.get("url") or "")
            text = normalise(f"{resource.get('title') or ''} {url}")  # « Régional » = regional
            is_zip = "zip" in str(resource.get("format") or "").lower() or " zip" in text
            flow = "E" if "export" in text else "I" if "import" in text else None
            if url and is_zip and flow and str(year) in text and "region" in text:
                found.setdefault(flow, url)
    return [found["E"], found["I"]] if len(found) == 2 else []


def _resources(page: str, timeout: float) -> list[dict]:
    """The resources of a dataset page, or of every dataset of a search page ([] when the
    catalogue cannot be reached or answers something else)."""
    request = urllib.request.Request(page, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.load(response)
    except (urllib.error.URLError, HTTPException, OSError, ValueError):
        return []
    datasets = answer.get("data", [answer]) if isinstance(answer, dict) else []
    return [
        r
        for d in datasets
        if isinstance(d, dict)
        for r in d.get("resources") or []
        if isinstance(r, dict)
    ]


def plan(years: tuple[int, ...], urls: tuple[str, ...] = ()) -> dict[int, tuple[str, ...]]:
    """Each year's addresses (given, known, else found in the catalogue), before anything is
    downloaded: a UsageError names the years found nowhere and says what to do by hand."""
    if urls:
        return {year: tuple(urls) for year in years}
    chosen = {year: tuple(known_urls(year)) or tuple(discover(year)) for year in years}
    unknown = [year for year, found in chosen.items() if not found]
    if unknown:
        shown = ", ".join(str(year) for year in unknown)
        raise UsageError(
            f"Fichiers des douanes introuvables pour {shown} : ni dans data/sources.csv "
            f"(adresses connues : {_known_years_text()}), ni dans le catalogue de data.gouv.fr "
            f"({catalogue()}). {BY_HAND}"
        )
    return chosen


def _known_years_text() -> str:
    rows = csv.DictReader(io.StringIO(data_text("sources.csv")), delimiter=";")
    years = sorted({row["annee"] for row in rows})
    return ", ".join(years) or "aucune"


def fetch(
    year: int,
    urls: tuple[str, ...] = (),
    progress: Progress | None = None,
    retries: int = 3,
    wait: float = 1.0,
    timeout: float = 60.0,
) -> list[Path]:
    """Download the year's ZIPs (the given URLs, else the known ones); returns their paths."""
    urls = tuple(urls) or plan((year,))[year]
    twice = sorted({url for url in urls if urls.count(url) > 1})
    if twice:
        raise UsageError(f"Adresse donnée deux fois : {', '.join(twice)}. Donnez-la une fois.")
    folder = year_dir(year)
    _prepare(folder)
    read_record(folder)  # a damaged record stops us before any download
    written: dict[str, str] = {}  # file name -> the URL it came from
    for url in urls:
        part, name, digest = _download(url, folder, progress, retries, wait, timeout)
        try:
            if name in written:
                raise UsageError(
                    f"Deux adresses donnent le même fichier {name} : {written[name]} et {url}. "
                    "Donnez chaque fichier une fois."
                )
            _check_zip(part, url)
            final = folder / name
            os.replace(part, final)  # only now does the previous copy go
        finally:
            _remove(part)
        _record(folder, final, url, digest)
        written[name] = url
    return [folder / name for name in written]


def _prepare(folder: Path) -> None:
    """The year's folder exists and can be written; leftovers of a killed download go."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in folder.glob(".*.part"):
            leftover.unlink()
        probe = folder / f".ecriture-{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise DataError(
            f"Dossier de données inutilisable : {folder} ({error.strerror or error}). Rendez-le "
            "accessible en écriture, ou choisissez-en un autre avec la variable "
            "OFFICEFICHES_DATA_DIR."
        ) from None


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _download(
    url, folder: Path, progress, retries: int, wait: float, timeout: float, suffix: str = ".zip"
):
    """(the .part file, the file name it is for, its SHA-256), retrying a broken connection."""
    last_error = ""
    for attempt in range(1, retries + 1):
        try:
            return _download_once(url, folder, progress, timeout, suffix)
        except _LocalWrite as error:
            raise DataError(
                f"Écriture impossible dans le dossier de données {folder} ({error}). Libérez de "
                "la place ou choisissez un autre dossier avec OFFICEFICHES_DATA_DIR : rien n'a été "
                "remplacé."
            ) from None
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


class _LocalWrite(Exception):
    """Writing the .part failed (disk full, rights): retrying the download would not help."""


def _download_once(
    url: str, folder: Path, progress, timeout: float, suffix: str = ".zip"
) -> tuple[Path, str, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        name = _file_name(response, url, suffix)
        part = folder / f".{name}.{os.getpid()}.part"
        expected = response.headers.get("Content-Length")
        expected = int(expected) if expected and expected.isdigit() else None
        digest = hashlib.sha256()
        size = 0
        complete = False
        try:
            try:
                out = part.open("wb")
            except OSError as error:
                raise _LocalWrite(error.strerror or str(error)) from None
            with out:
                while chunk := response.read(CHUNK):
                    try:
                        out.write(chunk)
                    except OSError as error:
                        raise _LocalWrite(error.strerror or str(error)) from None
                    digest.update(chunk)
                    size += len(chunk)
                    if progress:
                        progress(size, expected)
            if expected is not None and size != expected:
                raise _Truncated(f"{integer(size)} octets reçus sur {integer(expected)}")
            complete = True
        finally:
            if not complete:  # an error, Ctrl-C or SIGTERM: nothing of it is kept
                _remove(part)
    return part, name, digest.hexdigest()


def _file_name(response, url: str, suffix: str = ".zip") -> str:
    """The server's file name (Content-Disposition, else the final URL), made safe."""
    disposition = response.headers.get("Content-Disposition") or ""
    match = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', disposition)
    name = match.group(1) if match else Path(urllib.parse.urlparse(response.url).path).name
    name = re.sub(r"[^\w.\-]+", "_", urllib.parse.unquote(name)).strip("._") or "douanes"
    return name if name.lower().endswith(suffix) else f"{name}{suffix}"


def _check_zip(path: Path, url: str) -> None:
    """A whole ZIP holding at least one customs data file that the reader can read (not
    encrypted, within the size limits, CRCs right); the caller removes it otherwise."""
    from officefiches.source.inputs import DATA_NAME, member_problem  # the reader's own rules

    problem = None
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            data = [i for i in members if DATA_NAME.match(i.filename.rsplit("/", 1)[-1])]
            problems = [member_problem(info) for info in members]  # before testzip inflates
            if not data:
                problem = "aucun fichier Region_AAAA_Export/Import.txt ni REGIONAL_CPF4PAYS*.txt"
            elif any(problems):
                problem = next(
                    f"{i.filename} : {p}" for i, p in zip(members, problems, strict=True) if p
                )
            elif archive.testzip() is not None:
                problem = "archive endommagée"
    except (zipfile.BadZipFile, EOFError, ValueError):
        problem = "ce n'est pas un fichier ZIP"
    except (RuntimeError, NotImplementedError, zlib.error):
        problem = "archive chiffrée ou endommagée"
    if problem:
        raise DataError(
            f"Le fichier téléchargé depuis {url} est inutilisable ({problem}). "
            "Vérifiez l'adresse (elle doit mener au ZIP des données régionales) et relancez ; "
            "une version téléchargée auparavant est gardée."
        )


def read_record(folder: Path) -> dict[str, dict]:
    """The folder's sources.json ({} when absent); a DataError saying what to do when damaged."""
    path = folder / RECORD_NAME
    try:
        records = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise _damaged_record(path, type(error).__name__) from None
    fields = {"url", "telecharge_le", "sha256"}
    if not isinstance(records, dict) or not all(
        isinstance(r, dict) and fields <= set(r) and all(isinstance(r[f], str) for f in fields)
        for r in records.values()
    ):
        raise _damaged_record(path, "contenu inattendu")
    return records


def _damaged_record(path: Path, why: str) -> DataError:
    return DataError(
        f"{path} est illisible ({why}). Supprimez ce fichier et relancez « officefiches data "
        "fetch --year … » pour télécharger à nouveau les fichiers de cette année."
    )


def _record(folder: Path, path: Path, url: str, digest: str) -> None:
    record_path = folder / RECORD_NAME
    records = read_record(folder)
    records[path.name] = {
        "url": url,
        "telecharge_le": datetime.now(UTC).isoformat(timespec="seconds"),
        "sha256": digest,
        "octets": path.stat().st_size,
    }
    try:
        atomic.write_text(
            record_path, json.dumps(records, indent=2, ensure_ascii=False, sort_keys=True)
        )
    except OSError as error:
        raise DataError(
            f"Écriture impossible de {record_path} ({error.strerror or error}) : le fichier "
            f"{path.name} est téléchargé mais non enregistré. Libérez de la place et relancez."
        ) from None


def describe(year: int) -> str:
    """What `build` says when it uses the fetched files of `year`."""
    records = read_record(year_dir(year))
    parts = [f"{name} ({r['telecharge_le'][:10]}, {r['url']})" for name, r in records.items()]
    return f"fichiers officiels téléchargés pour {year} : " + " ; ".join(sorted(parts))


# --- the ANCT list of the Territoires d'industrie' communes ------------------------------------

TERRITOIRES = "territoires"  # the `annee` of its row in data/sources.csv
MIN_TERRITOIRES = 100  # the list of 2024 has 183: fewer is not the whole list
MAX_TERRITOIRES_BYTES = 50 * 1024 * 1024


def territoires_dir() -> Path:
    return data_home() / "territoires"


def fetch_territoires(
    url: str | None = None,
    progress: Progress | None = None,
    retries: int = 3,
    wait: float = 1.0,
    timeout: float = 60.0,
) -> tuple[Path, int]:
    """Download the ANCT commune list of the Territoires d'industrie (data.gouv.fr, « Programme
    Territoires d'industrie »: `url`, else the known address), check its columns and size, and
    keep it beside its record (sources.json), as the customs ZIPs are kept: `.part` checked
    before it replaces the previous copy. Returns its path and its number of territories."""
    url = url or next(iter(known_urls(TERRITOIRES)), None)
    if not url:
        raise UsageError(
            "Aucune adresse connue pour la liste des Territoires d'industrie : donnez-la avec "
            "--url (data.gouv.fr, « Programme Territoires d'industrie », fichier CSV)."
        )
    folder = territoires_dir()
    _prepare(folder)
    read_record(folder)
    part, name, digest = _download(url, folder, progress, retries, wait, timeout, ".csv")
    try:
        count = _check_territoires(part, url)
        final = folder / name
        os.replace(part, final)
    finally:
        _remove(part)
    _record(folder, final, url, digest)
    return final, count


def _check_territoires(path: Path, url: str) -> int:
    """The number of territories of a downloaded list; a DataError when it is not the list."""
    from officefiches.source import territoires

    size = path.stat().st_size
    if size > MAX_TERRITOIRES_BYTES:
        raise DataError(
            f"Le fichier téléchargé depuis {url} est trop gros pour la liste des communes des "
            f"Territoires d'industrie ({size // (1024 * 1024)} Mo). Vérifiez l'adresse."
        )
    try:
        rows = territoires.read_anct(path)
    except DataError as error:
        raise DataError(
            f"Le fichier téléchargé depuis {url} n'est pas la liste des communes des Territoires "
            f"d'industrie : {error} Vérifiez l'adresse ; une liste téléchargée auparavant est "
            "gardée."
        ) from None
    count = len({ti for _, ti, _ in rows})
    if count < MIN_TERRITOIRES:
        raise DataError(
            f"Le fichier téléchargé depuis {url} ne compte que {count} Territoire(s) d'industrie "
            f"(la liste nationale en compte 183) : ce n'est pas la liste complète. Vérifiez "
            "l'adresse ; une liste téléchargée auparavant est gardée."
        )
    return count


def fetched_territoires() -> Path | None:
    """The ANCT list downloaded last with `data fetch --territoires`, None when there is none."""
    folder = territoires_dir()
    if not folder.is_dir():
        return None
    records = read_record(folder)
    kept = [(r["telecharge_le"], name) for name, r in records.items() if (folder / name).is_file()]
    return folder / max(kept)[1] if kept else None


def describe_territoires(path: Path) -> str:
    """What `build` says when it uses the downloaded list."""
    record = read_record(path.parent).get(path.name, {})
    when = record.get("telecharge_le", "")[:10]
    return (
        f"Territoires d'industrie : liste ANCT des communes téléchargée ({path.name}, "
        f"{when}, {record.get('url', '')}), utilisée pour tous les départements."
    )


def describe_years(years: list[int]) -> str:
    """What `build` says when it uses the fetched files of several years: each year's files
    for one year, else the years, the number of files and the folder (sources.json per year
    holds the addresses)."""
    if len(years) == 1:
        return describe(years[0])
    count = sum(len(fetched_files(year)) for year in years)
    return (
        f"fichiers officiels téléchargés pour {len(years)} années ({', '.join(map(str, years))}), "
        f"{count} ZIP dans {data_home() / 'douanes'} (adresses et dates : {RECORD_NAME} de chaque "
        "année)"
    )
