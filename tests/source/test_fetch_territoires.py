"""`data fetch --territoires`: the ANCT commune list of the Territoires d'industrie, downloaded
from a local HTTP server (127.0.0.1), checked, recorded, then used by `build` (which says so)."""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from pptx import Presentation

from officefiches.cli import main
from officefiches.errors import DataError
from officefiches.options import BuildOptions
from officefiches.run.build import Reporter, run_build
from officefiches.source import fetch
from tests import factories

HEADER = "insee_com,lib_com,id_ti,lib_ti\r\n"


def commune_list(territories: int = 183) -> bytes:
    """A list shaped like liste-ti-com2023-20240704.csv: six communes of Cher in the first
    territory, then territories of five communes elsewhere."""
    lines = [f"1800{i},Commune {i},ti-0001,Vallée du Cher d’essai\r\n" for i in range(1, 7)]
    for number in range(2, territories + 1):
        for commune in range(5):
            code = f"{number % 89 + 1:02d}{number:02d}{commune}"[-5:]
            lines.append(f"{code},C {number}-{commune},ti-{number:04d},Territoire {number}\r\n")
    return (HEADER + "".join(lines)).encode("utf-8")


class Handler(http.server.BaseHTTPRequestHandler):
    bodies = {
        "/liste.csv": commune_list(),
        "/courte.csv": commune_list(12),
        "/autre.csv": b"code;nom\r\n18001;Bourges\r\n",
    }

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = self.bodies.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        name = "liste-ti-com2023-20240704.csv"
        self.send_header("Content-Disposition", f'attachment; filename="{name}"')
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


def test_known_address_is_the_data_gouv_resource():
    (url,) = fetch.known_urls(fetch.TERRITOIRES)
    assert url.startswith("https://static.data.gouv.fr/resources/programme-territoires-dindustrie/")
    assert url.endswith("/liste-ti-com2023-20240704.csv")


def test_list_is_checked_recorded_and_used_by_build(server, tmp_path):
    result = factories.cli_runner().invoke(
        main, ["data", "fetch", "--territoires", "--url", f"{server}/liste.csv"]
    )
    assert result.exit_code == 0, result.output
    path = fetch.fetched_territoires()
    assert path is not None and result.stdout.strip() == str(path)
    assert path.name == "liste-ti-com2023-20240704.csv"
    assert path.read_bytes() == Handler.bodies["/liste.csv"]
    assert "183 territoires" in result.stderr
    record = json.loads((path.parent / fetch.RECORD_NAME).read_text("utf-8"))[path.name]
    assert record["url"] == f"{server}/liste.csv" and len(record["sha256"]) == 64

    messages = []

    class Collect(Reporter):
        def warn(self, message):
            messages.append(message)

    options = BuildOptions(departments=("18",), out=tmp_path / "out", demo_lines=5_000)
    report = run_build(options, Collect())
    assert report.ok
    said = [m for m in messages if "Territoires d'industrie : liste ANCT" in m]
    assert len(said) == 1 and path.name in said[0]
    deck = next(p for p in report.written if p.suffix == ".pptx")
    cover = " ".join(
        s.text_frame.text for s in Presentation(deck).slides[0].shapes if s.has_text_frame
    )
    assert "Vallée du Cher d’essai" in cover  # from the downloaded list, not the built-in one
    assert "Berry Sologne" not in cover


@pytest.mark.parametrize(
    ("path", "why"),
    [("/courte.csv", "ne compte que 12"), ("/autre.csv", "colonne"), ("/absente.csv", "404")],
)
def test_a_wrong_file_is_refused_and_the_previous_list_kept(server, path, why):
    kept, _ = fetch.fetch_territoires(f"{server}/liste.csv", wait=0)
    with pytest.raises(DataError, match=why):
        fetch.fetch_territoires(f"{server}{path}", wait=0)
    assert fetch.fetched_territoires() == kept
    assert kept.read_bytes() == Handler.bodies["/liste.csv"]
    assert not [p for p in fetch.territoires_dir().iterdir() if p.name.endswith(".part")]


def test_fetch_needs_something_to_fetch():
    result = factories.cli_runner().invoke(main, ["data", "fetch"])
    assert result.exit_code == 2 and "--territoires" in result.stderr


def test_without_a_downloaded_list_build_uses_the_built_in_one(tmp_path):
    assert fetch.fetched_territoires() is None
    report = run_build(
        BuildOptions(departments=("18",), out=tmp_path / "out", demo_lines=5_000), Reporter()
    )
    deck = next(p for p in report.written if p.suffix == ".pptx")
    cover = " ".join(
        s.text_frame.text for s in Presentation(deck).slides[0].shapes if s.has_text_frame
    )
    assert "Berry Sologne" in cover
