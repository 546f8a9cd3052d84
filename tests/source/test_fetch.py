"""Downloading the official ZIPs, against a local HTTP server (127.0.0.1)."""

import http.server
import io
import json
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from officefiches.cli import main
from officefiches.errors import DataError, UsageError
from officefiches.options import BuildOptions
from officefiches.run.build import Reporter, run_build
from officefiches.source import fetch
from tests import factories, officialfiles


def official_zip(flux: str = "E") -> bytes:
    frame = factories.lines(n=600)
    text = officialfiles.as_text(frame[frame["flux"] == flux])
    name = "export" if flux == "E" else "import"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"Regional-2024-{name}/Region_2024_{name.capitalize()}.txt", text)
    return buffer.getvalue()


def bomb_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Regional-2024-export/Region_2024_Export.txt", b"E;1;2024\r\n")
        archive.writestr("Regional-2024-export/vide.bin", b"\0" * (40 << 20))
    return buffer.getvalue()


# The catalogue's answers, as data.gouv.fr's API gives them (api/1/datasets/ID/: a dataset and
# its resources; api/1/datasets/?q=: {"data": [datasets]}); the addresses are this server's.
CATALOGUE = [
    {"title": "Regional-2019-export", "format": "zip", "url": "/r/2019-export"},
    {"title": "Description des jeux de données", "format": "pdf", "url": "/r/description.pdf"},
    {"title": "Statistiques régionales 2024 - export", "format": "zip", "url": "/ok"},
]
SEARCHED = [{"title": "Regional-2024-import.zip", "format": "ZIP", "url": "/ok-import"}]


class Handler(http.server.BaseHTTPRequestHandler):
    payload = official_zip()
    imports = official_zip("I")
    hits: dict[str, int] = {}
    release = threading.Event()

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        hits = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/ok" or (self.path == "/flaky" and hits > 1):
            self.send_body(self.payload, 'attachment; filename="Regional-2024-export.zip"')
        elif self.path == "/ok-import":
            self.send_body(self.imports, 'attachment; filename="Regional-2024-import.zip"')
        elif self.path in ("/broken", "/flaky"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.payload)))
            self.end_headers()
            self.wfile.write(self.payload[:100])  # then the connection drops
        elif self.path == "/again-broken":  # the same file name, a damaged body
            self.send_body(
                b"PK\x03\x04" + b"\0" * 500, 'attachment; filename="Regional-2024-export.zip"'
            )
        elif self.path == "/again-dropped":  # the same file name, the connection drops
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.payload)))
            self.send_header(
                "Content-Disposition", 'attachment; filename="Regional-2024-export.zip"'
            )
            self.end_headers()
            self.wfile.write(self.payload[:100])
        elif self.path == "/slow":  # half the body, then a long wait: time to be stopped
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.payload)))
            self.send_header(
                "Content-Disposition", 'attachment; filename="Regional-2024-export.zip"'
            )
            self.end_headers()
            self.wfile.write(self.payload[: len(self.payload) // 2])
            self.wfile.flush()
            Handler.release.wait(30)
        elif self.path.startswith("/api/1/datasets/5369a0c7a3a729239d206446/"):
            self.send_json({"id": "5369a0c7a3a729239d206446", "resources": CATALOGUE})
        elif self.path.startswith("/api/1/datasets/?q="):  # the search: one more dataset
            self.send_json({"data": [{"resources": SEARCHED}], "total": 1})
        elif self.path == "/bomb.zip":
            self.send_body(bomb_zip())
        elif self.path == "/corrupt.zip":
            self.send_body(b"PK\x03\x04" + b"\0" * 500)
        elif self.path == "/notdata.zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("notes.txt", "rien")
            self.send_body(buffer.getvalue())
        else:
            self.send_error(404)

    def send_json(self, answer):
        body = json.dumps(answer).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_body(self, body: bytes, disposition: str | None = None):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if disposition:
            self.send_header("Content-Disposition", disposition)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def no_partial_files():
    return not [p for p in fetch.data_home().rglob("*") if p.name.endswith(".part")]


def test_download_is_checked_recorded_and_used_by_build(server, tmp_path):
    paths = fetch.fetch(2024, (f"{server}/ok", f"{server}/ok-import"), wait=0)
    assert [p.name for p in paths] == ["Regional-2024-export.zip", "Regional-2024-import.zip"]
    assert paths[0].read_bytes() == Handler.payload
    record = json.loads((fetch.year_dir(2024) / fetch.RECORD_NAME).read_text("utf-8"))
    entry = record["Regional-2024-export.zip"]
    assert entry["url"] == f"{server}/ok" and len(entry["sha256"]) == 64
    assert record["Regional-2024-import.zip"]["url"] == f"{server}/ok-import"
    assert fetch.fetched_years() == [2024]

    messages = []

    class Collect(Reporter):
        def warn(self, message):
            messages.append(message)

    report = run_build(BuildOptions(departments=("18",), out=tmp_path / "out"), Collect())
    assert report.ok and not report.is_demo
    assert any("téléchargés pour 2024" in m for m in messages)


def test_broken_connection_is_retried_then_reported(server):
    with pytest.raises(DataError, match="après 2 essais"):
        fetch.fetch(2024, (f"{server}/broken",), retries=2, wait=0)
    assert no_partial_files()
    assert not fetch.fetched_files(2024)


def test_a_dropped_connection_recovers_on_retry(server):
    paths = fetch.fetch(2023, (f"{server}/flaky",), retries=3, wait=0)
    assert paths[0].read_bytes() == Handler.payload
    assert Handler.hits["/flaky"] == 2


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/corrupt.zip", "ZIP"),
        ("/notdata.zip", "Region_"),
        ("/bomb.zip", "vide.bin : son taux de compression est anormal"),
    ],
)
def test_unusable_zip_is_removed(server, path, why):
    with pytest.raises(DataError, match=why):
        fetch.fetch(2022, (f"{server}{path}",), wait=0)
    assert not fetch.fetched_files(2022)
    assert no_partial_files()


def test_missing_page_and_unknown_year(server):
    with pytest.raises(DataError, match="404"):
        fetch.fetch(2021, (f"{server}/absent.zip",), wait=0)
    with pytest.raises(UsageError, match="--url"):
        fetch.fetch(2031)
    assert fetch.known_urls(2019)  # the data.gouv.fr example of the format description


def test_cli_fetch(server):
    result = factories.cli_runner().invoke(
        main, ["data", "fetch", "--year", "2024", "--url", f"{server}/ok"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("Regional-2024-export.zip")
    failed = factories.cli_runner().invoke(
        main, ["data", "fetch", "--year", "2024", "--url", f"{server}/x"]
    )
    assert failed.exit_code == 1 and "Traceback" not in failed.output


def test_a_failed_download_keeps_the_previous_zip_and_its_record(server):
    (path,) = fetch.fetch(2024, (f"{server}/ok",), wait=0)
    record_path = fetch.year_dir(2024) / fetch.RECORD_NAME
    record = record_path.read_bytes()
    for url, why in (("/again-broken", "ZIP"), ("/again-dropped", "après 2 essais")):
        with pytest.raises(DataError, match=why):
            fetch.fetch(2024, (f"{server}{url}",), retries=2, wait=0)
        assert path.read_bytes() == Handler.payload
        assert record_path.read_bytes() == record
        assert no_partial_files()
    assert fetch.describe(2024).count("Regional-2024-export.zip") == 1


def test_two_urls_for_one_file_name_are_a_usage_error(server):
    runner = factories.cli_runner()
    same = runner.invoke(
        main, ["data", "fetch", "--year", "2024", "--url", f"{server}/ok", "--url", f"{server}/ok"]
    )
    assert same.exit_code == 2 and "deux fois" in same.stderr
    assert not fetch.fetched_files(2024)  # refused before any download
    one_name = runner.invoke(
        main,
        ["data", "fetch", "--year", "2024", "--url", f"{server}/ok", "--url", f"{server}/flaky"],
    )
    assert one_name.exit_code == 2, one_name.output
    assert "même fichier Regional-2024-export.zip" in one_name.stderr
    assert "Traceback" not in one_name.output
    assert no_partial_files()


def test_sigterm_during_a_download_removes_the_part_file(server):
    folder = fetch.year_dir(2024)
    process = subprocess.Popen(
        [sys.executable, "-m", "officefiches", "data", "fetch", "--year", "2024"]
        + ["--url", f"{server}/slow"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not list(folder.glob(".*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(folder.glob(".*.part")), "the download never started"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        Handler.release.set()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, stderr
    assert "Interrompu" in stderr and "Traceback" not in stderr
    assert not list(folder.iterdir()) or no_partial_files()
    assert not fetch.fetched_files(2024)


def test_data_folder_comes_from_platformdirs_unless_overridden(monkeypatch, tmp_path):
    import platformdirs

    from officefiches.source import cache

    monkeypatch.delenv("OFFICEFICHES_DATA_DIR")
    monkeypatch.delenv("OFFICEFICHES_CACHE_DIR")
    data = platformdirs.user_data_dir("officefiches", appauthor=False)
    assert fetch.data_home() == Path(data)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("officefiches", appauthor=False))
    monkeypatch.setenv("OFFICEFICHES_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("OFFICEFICHES_CACHE_DIR", str(tmp_path / "c"))
    assert fetch.year_dir(2024) == tmp_path / "d" / "douanes" / "2024"
    assert cache.cache_dir() == tmp_path / "c"


def catalogued(server) -> None:
    """The catalogue's resources with this server's addresses."""
    for resource in CATALOGUE + SEARCHED:
        if resource["url"].startswith("/"):
            resource["url"] = server + resource["url"]


def test_a_year_without_a_known_address_is_found_in_the_catalogue(server, monkeypatch):
    catalogued(server)
    monkeypatch.setenv("OFFICEFICHES_CATALOGUE", f"{server}/api/1/")
    assert fetch.discover(2024) == [f"{server}/ok", f"{server}/ok-import"]
    assert fetch.discover(2022) == []  # listed nowhere
    result = factories.cli_runner().invoke(main, ["data", "fetch", "--year", "2024"])
    assert result.exit_code == 0, result.output
    names = [Path(line).name for line in result.stdout.split()]
    assert names == ["Regional-2024-export.zip", "Regional-2024-import.zip"]
    records = json.loads((fetch.year_dir(2024) / fetch.RECORD_NAME).read_text("utf-8"))
    assert records["Regional-2024-import.zip"]["url"] == f"{server}/ok-import"


def test_a_year_found_nowhere_says_what_to_do_by_hand(server, monkeypatch):
    monkeypatch.setenv("OFFICEFICHES_CATALOGUE", f"{server}/api/1/")
    result = factories.cli_runner().invoke(main, ["data", "fetch", "--years", "2022-2024"])
    assert result.exit_code == 2
    assert "introuvables pour 2022, 2023" in result.stderr
    assert "--data DOSSIER" in result.stderr and "--url" in result.stderr
    assert not fetch.fetched_years()  # nothing downloaded: checked first
    monkeypatch.setenv("OFFICEFICHES_CATALOGUE", "http://127.0.0.1:9/")  # unreachable
    offline = factories.cli_runner().invoke(main, ["data", "fetch", "--year", "2024"])
    assert offline.exit_code == 2 and "à la main" in offline.stderr
