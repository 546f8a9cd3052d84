"""Hostile input (issue 11, input side): every faulty or malicious input is refused with a French
message naming file, line and what to do, or read right and said so. Never a silent wrong
figure, never a traceback."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from officefiches.cli import main
from officefiches.errors import DataError
from officefiches.options import BuildOptions
from officefiches.run import build
from officefiches.source import demo, inputs, labels, parsing, reader
from tests import factories, officialfiles

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
COUNTRIES = tuple(factories.COUNTRIES)


def line(
    flux="E",
    quarter=1,
    year=2024,
    department="18",
    region="04",
    a129="C21Z",
    cpf4="2120",
    pays="DE",
    valeur=100,
    masse=5,
) -> bytes:
    fields = (flux, quarter, year, department, region, a129, cpf4, pays, valeur, masse)
    return ";".join(str(f) for f in fields).encode()


def lines(*rows: bytes) -> bytes:
    return b"".join(row + b"\r\n" for row in rows)


def year_of(flux: str, year: int = 2024, quarters=(1, 2, 3, 4), countries=("DE", "BE")) -> bytes:
    """A small, valid file body: one line per quarter and country."""
    return lines(
        *(
            line(flux, q, year, pays=c, valeur=1000 * q + i)
            for q in quarters
            for i, c in enumerate(countries)
        )
    )


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def complete(folder: Path, year: int = 2024) -> Path:
    """Export and import files of a full year."""
    write(folder, f"Region_{year}_Export.txt", year_of("E", year))
    write(folder, f"Region_{year}_Import.txt", year_of("I", year))
    return folder


def refused(paths, *expected: str) -> str:
    """read_data fails with a DataError whose message holds every `expected` text."""
    with pytest.raises(DataError) as error:
        reader.read_data(paths)
    message = str(error.value)
    for text in expected:
        assert text in message, message
    return message


class Collect(build.Reporter):
    def __init__(self):
        self.messages = []

    def warn(self, message):
        self.messages.append(message)


def cli(*args: str):
    return factories.cli_runner().invoke(main, list(args))


def assert_clean_failure(result, code: int = 1, *expected: str):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr


# --- 1. flows and quarters judged per flow -----------------------------------------------------


def test_only_the_import_file_is_refused_naming_the_export_file(tmp_path):
    data = write(tmp_path / "d", "Region_2024_Import.txt", year_of("I"))
    result = cli("build", "-d", "18", "--data", str(data), "--out", str(tmp_path / "out"))
    assert_clean_failure(result, 1, "exportations de 2024", "Region_2024_Export.txt")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.xlsx"))


def test_only_the_rolling_export_file_names_the_rolling_import_file(tmp_path):
    write(tmp_path, "REGIONAL_CPF4PAYSE.txt", year_of("E"))
    dataset = reader.read_data([tmp_path])
    with pytest.raises(DataError, match=r"importations de 2024 .*REGIONAL_CPF4PAYSI\.txt"):
        dataset.check_year(2024)


def test_export_of_one_year_with_import_of_another_is_refused(tmp_path):
    write(tmp_path, "Region_2024_Export.txt", year_of("E", 2024))
    write(tmp_path, "Region_2023_Import.txt", year_of("I", 2023))
    dataset = reader.read_data([tmp_path])
    assert dataset.quarters(2024) == () and dataset.quarters(2024, "E") == (1, 2, 3, 4)
    with pytest.raises(DataError, match="importations de 2024"):
        build.choose_year(dataset, None, lambda m: None)
    with pytest.raises(DataError, match="Region_2023_Export.txt"):
        dataset.check_year(2023)


def test_a_partial_flow_is_said_per_flow(tmp_path):
    write(tmp_path, "REGIONAL_CPF4PAYSE.txt", year_of("E"))
    write(tmp_path, "REGIONAL_CPF4PAYSI.txt", year_of("I", quarters=(1, 2)))
    dataset = reader.read_data([tmp_path])
    assert dataset.flow_quarters(2024) == {"E": (1, 2, 3, 4), "I": (1, 2)}
    assert dataset.quarters(2024) == (1, 2)  # the quarters common to both flows
    assert dataset.partial_text(2024) == "importations : T1–T2"
    messages = []
    assert build.choose_year(dataset, None, messages.append) == 2024
    assert len(messages) == 1 and "importations : T1–T2" in messages[0]
    assert "année partielle" in messages[0]


def test_both_flows_partial_alike_and_unlike(tmp_path):
    write(tmp_path / "a", "REGIONAL_CPF4PAYSE.txt", year_of("E", quarters=(1, 2, 3)))
    write(tmp_path / "a", "REGIONAL_CPF4PAYSI.txt", year_of("I", quarters=(1, 2, 3)))
    alike = reader.read_data([tmp_path / "a"])
    assert alike.partial_text(2024) == "exportations et importations : T1–T3"
    write(tmp_path / "b", "REGIONAL_CPF4PAYSE.txt", year_of("E", quarters=(2,)))
    write(tmp_path / "b", "REGIONAL_CPF4PAYSI.txt", year_of("I", quarters=(1, 3)))
    unlike = reader.read_data([tmp_path / "b"])
    assert unlike.partial_text(2024) == "exportations : T2 ; importations : T1, T3"
    assert unlike.quarters(2024) == ()
    assert complete_dataset(tmp_path / "c").partial_text(2024) == ""
    assert complete_dataset(tmp_path / "d").year_warnings(2024) == []


def test_a_partial_flow_is_said_on_the_cover_and_in_the_synthese(tmp_path):
    from openpyxl import load_workbook
    from pptx import Presentation

    write(tmp_path / "d", "REGIONAL_CPF4PAYSE.txt", year_of("E"))
    write(tmp_path / "d", "REGIONAL_CPF4PAYSI.txt", year_of("I", quarters=(1, 2)))
    options = BuildOptions(departments=("18",), data=(tmp_path / "d",), out=tmp_path / "o")
    report = build.run_build(options, Collect())
    assert report.ok
    deck = next(p for p in report.written if p.suffix == ".pptx")
    cover = " ".join(
        shape.text_frame.text
        for shape in Presentation(deck).slides[0].shapes
        if shape.has_text_frame
    ).replace("\u00a0", " ")  # the deck's French typography: a no-break space before « : »
    assert "importations : T1–T2" in cover and "partielle" in cover.lower()
    workbook = next(p for p in report.written if p.suffix == ".xlsx")
    cells = [
        str(cell.value)
        for row in load_workbook(workbook)["Synthèse"].iter_rows()
        for cell in row
        if cell.value
    ]
    assert any("année partielle (importations : T1–T2)" in text for text in cells), cells


def complete_dataset(folder: Path) -> reader.Dataset:
    return reader.read_data([complete(folder)])


def test_restrict_quarters_keeps_each_flow_on_its_own_quarters():
    frame = factories.lines(n=2000)
    kept = reader.restrict_quarters(frame, {"E": (1, 2, 3, 4), "I": (1, 2)})
    exports, imports = (kept[kept["flux"] == f] for f in ("E", "I"))
    assert set(imports["trimestre"]) == {1, 2}
    assert len(exports) == (frame["flux"] == "E").sum()
    whole = frame[(frame["flux"] == "I") & frame["trimestre"].isin([1, 2])]["valeur"].sum()
    assert imports["valeur"].sum() == whole


# --- 2. repetitions refused --------------------------------------------------------------------


def test_a_file_concatenated_with_itself_is_refused_naming_both_lines(tmp_path):
    body = year_of("E")
    data = write(tmp_path, "Region_2024_Export.txt", body + body)
    write(tmp_path, "Region_2024_Import.txt", year_of("I"))
    result = cli("build", "-d", "18", "--data", str(tmp_path), "--out", str(tmp_path / "o"))
    assert_clean_failure(result, 1, "Region_2024_Export.txt, lignes 1 et 9", "identiques")
    assert str(data) in result.stderr


def test_a_repeated_line_is_named_by_its_physical_line(tmp_path):
    rows = [line(quarter=q, pays=c) for q in (1, 2) for c in ("DE", "IT", "ES")]
    data = b"\r\n".join(rows[:3]) + b"\r\n\r\n" + b"\r\n".join(rows[3:]) + b"\r\n" + rows[1]
    write(tmp_path, "Region_2024_Export.txt", data)
    refused([tmp_path], "lignes 2 et 8")


def test_the_same_file_given_twice_is_refused_naming_both_places(tmp_path):
    first = write(tmp_path / "a", "Region_2024_Export.txt", year_of("E"))
    second = write(tmp_path / "b", "Region_2024_Export.txt", year_of("E"))
    message = refused([first, second], "compté deux fois", str(first), str(second))
    assert "ligne 1 du premier et la ligne 1 du second" in message


def test_lines_of_one_trade_with_other_figures_are_summed_and_counted(tmp_path):
    data = lines(
        line(valeur=100),
        line(pays="IT"),
        line(valeur=250, masse=7),  # same trade as line 1, other figures
        line(a129="C21X", valeur=5),  # and again, with another A129 code
    )
    write(tmp_path, "Region_2024_Export.txt", data)
    messages = []
    dataset = reader.read_data([tmp_path], on_warning=messages.append)
    assert len(dataset.frame) == 4
    germany = dataset.frame[dataset.frame["pays"] == "DE"]
    assert germany["valeur"].sum() == 355
    (warning,) = [m for m in messages if "même échange" in m]
    assert warning.startswith("3 lignes") and "Region_2024_Export.txt, lignes 1 et 3" in warning


@pytest.mark.parametrize(
    ("name", "bad", "expected"),
    [
        ("Region_2024_Export.txt", line(year=2023), "ligne d'exportation de 2023"),
        ("Region_2024_Export.txt", line(flux="I"), "ligne d'importation de 2024"),
        ("Region_2024_Import.txt", line(flux="I", year=2025), "ligne d'importation de 2025"),
        ("REGIONAL_CPF4PAYSI.txt", line(flux="E"), "ligne d'exportation"),
        ("Region_2024_Export.txt", line(year="0000"), "année « 0000 » invalide"),
        ("REGIONAL_CPF4PAYSE.txt", line(year="0000"), "année « 0000 » invalide"),
    ],
)
def test_a_line_foreign_to_its_file_is_refused(tmp_path, name, bad, expected):
    flux = "I" if name in ("Region_2024_Import.txt", "REGIONAL_CPF4PAYSI.txt") else "E"
    body = year_of(flux).splitlines()
    body.insert(3, bad)
    write(tmp_path, name, b"\r\n".join(body) + b"\r\n")
    refused([tmp_path], f"{name}, ligne 4 : ", expected)


def test_region_codes_are_checked_against_departments(tmp_path):
    data = lines(line(), line(region="05", pays="IT"), line(region="05", pays="ES"))
    write(tmp_path, "Region_2024_Export.txt", data)
    write(tmp_path, "Region_2024_Import.txt", lines(line("I", department="75", region="04")))
    messages = []
    dataset = reader.read_data([tmp_path], on_warning=messages.append)
    (warning,) = [m for m in messages if "Code région" in m]
    assert "sur 3 lignes" in warning
    assert "département 18 avec la région 05 (attendue : 04, 2 lignes)" in warning
    assert "département 75 avec la région 04 (attendue : 03, 1 lignes)" in warning
    assert len(dataset.frame) == 4  # kept: they count for their department


def test_consistent_region_codes_say_nothing(tmp_path):
    messages = []
    reader.read_data([complete(tmp_path)], on_warning=messages.append)
    assert messages == []


# --- 3. no overflow ----------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["valeur", "masse"])
def test_a_value_past_63_bits_is_refused_naming_the_line(tmp_path, column):
    too_big = 2**63
    body = lines(line(), line(pays="IT", **{column: too_big}))
    write(tmp_path, "Region_2024_Export.txt", body)
    refused([tmp_path], "Region_2024_Export.txt, ligne 2", "trop grande", str(too_big))


def test_the_largest_value_that_fits_is_read(tmp_path):
    write(tmp_path, "Region_2024_Export.txt", lines(line(valeur=2**63 - 1)))
    assert reader.read_data([tmp_path]).frame["valeur"].tolist() == [2**63 - 1]


def test_a_sum_past_63_bits_is_an_error_never_a_wrapped_figure(tmp_path):
    big = 5 * 10**18
    write(tmp_path, "Region_2024_Export.txt", lines(line(valeur=3), line(pays="IT", valeur=big)))
    write(tmp_path, "Region_2024_Import.txt", lines(line("I", valeur=big)))
    message = refused([tmp_path], "La somme des valeurs en euros dépasse", f"({big})")
    assert "Region_2024_Export.txt, ligne 2" in message or "Region_2024_Import.txt, ligne 1" in (
        message
    )
    result = cli("build", "-d", "18", "--data", str(tmp_path), "--out", str(tmp_path / "o"))
    assert_clean_failure(result, 1, "dépasse")


def test_a_sum_past_63_bits_within_one_file(tmp_path):
    big = 5 * 10**18
    write(tmp_path, "Region_2024_Export.txt", lines(line(masse=big), line(pays="IT", masse=big)))
    refused([tmp_path], "La somme des masses en kg dépasse", "ligne 1")


# --- 4. a cache that proves itself -------------------------------------------------------------


def cache_files() -> list[Path]:
    folder = reader.cache.cache_dir() / "parsed"
    return sorted(p for p in folder.iterdir() if p.suffix == reader.cache.SUFFIX)


def test_flipped_bytes_anywhere_in_the_cache_are_caught(tmp_path):
    folder = write(tmp_path / "d", "Region_2024_Export.txt", year_of("E", countries=COUNTRIES))
    original = reader.read_data([folder]).frame
    entry = cache_files()[0]
    good = entry.read_bytes()
    size = len(good)
    positions = sorted({0, 5, 25, 60, 90, 100, size - 1, size - 8, size // 2, size // 3}) + [
        size * k // 97 for k in range(1, 97)
    ]
    for position in positions:
        flipped = bytearray(good)
        flipped[position] ^= 0x10
        entry.write_bytes(bytes(flipped))
        messages = []
        dataset = reader.read_data([folder], on_warning=messages.append)
        assert dataset.frame.equals(original), position
        assert any("Cache des données altéré" in m for m in messages), position
        assert entry.read_bytes() == good, position  # rewritten from the source


def test_a_cache_rewritten_with_other_values_is_not_served(tmp_path):
    folder = officialfiles.annual_dir(factories.lines(n=300), tmp_path / "d", 2024)
    original = reader.read_data([folder]).frame
    entry_path = cache_files()[0]
    key = entry_path.name.split("-f")[0]
    entry = reader.cache.load(key, reader.VALIDATION_VERSION)
    table = entry.table
    import pyarrow.compute as pc

    doubled = table.set_column(8, "valeur", pc.multiply(table["valeur"], 2))
    # rewritten as the cache writes it, with the source's facts: its sums betray it
    reader.cache.store(key, reader.VALIDATION_VERSION, reader.cache.Entry(doubled, entry.facts))
    messages = []
    assert reader.read_data([folder], on_warning=messages.append).frame.equals(original)
    assert any("altéré" in m and "table inattendue" in m for m in messages)
    # or as a bare Parquet file, the way an older version or another tool would
    import pyarrow.parquet as pq

    pq.write_table(doubled, entry_path)
    messages.clear()
    assert reader.read_data([folder], on_warning=messages.append).frame.equals(original)
    assert any("en-tête inattendu" in m for m in messages)


def test_a_cache_folder_that_is_a_file_means_no_cache(tmp_path, monkeypatch):
    blocker = write(tmp_path, "cache", b"not a folder")
    monkeypatch.setenv("OFFICEFICHES_CACHE_DIR", str(blocker))
    messages = []
    dataset = reader.read_data([complete(tmp_path / "d")], on_warning=messages.append)
    assert len(dataset.frame) == 16
    (warning,) = [m for m in messages if "Cache" in m]
    assert "inutilisable (un fichier occupe la place du dossier)" in warning
    assert str(tmp_path) not in warning  # warnings reach the outputs: no folder of the machine


@pytest.mark.skipif(AS_ROOT, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_means_no_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("OFFICEFICHES_CACHE_DIR", str(folder))
    messages = []
    try:
        reader.read_data([complete(tmp_path / "d")], on_warning=messages.append)
    finally:
        folder.chmod(0o700)
    assert any("inutilisable (accès refusé)" in m for m in messages)


def test_a_cache_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch):
    """The same, for any user (root included): the cache's write fails with EACCES."""

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reader.cache.os, "replace", refuse)
    messages = []
    dataset = reader.read_data([complete(tmp_path / "d")], on_warning=messages.append)
    assert len(dataset.frame) == 16
    assert [m for m in messages if "Cache" in m] == [
        "Cache des données inutilisable (accès refusé) : données lues sans cache "
        "(« officefiches cache info » montre son dossier ; OFFICEFICHES_CACHE_DIR en choisit "
        "un autre)."
    ]
    assert not list(reader.cache.cache_dir().rglob("*.tmp"))


def test_the_cache_key_holds_the_validation_version(tmp_path, monkeypatch):
    folder = complete(tmp_path / "d")
    reader.read_data([folder])
    assert all(f"-v{reader.VALIDATION_VERSION}." in p.name for p in cache_files())
    monkeypatch.setattr(parsing, "VALIDATION_VERSION", "999")  # the checks' owner
    reader.read_data([folder])
    assert len(cache_files()) == 4  # checked again by the newer checks, stored apart


# --- 5. labels are text ------------------------------------------------------------------------


def test_control_characters_are_removed_from_labels(tmp_path):
    annex = (
        "DE;Alle\x00magne;200901;999912\r\n"
        "BE;Belgique\x07 \u202eeuqigleB;200901;999912\r\n"
        "IT;\x00\x01\x02;200901;999912\r\n"
        'ES;"Espagne\r\n(Royaume)";200901;999912\r\n'
        "FR;France;200901;999912\r\n"
    ).encode()
    write(tmp_path, "Libelle_PAYS.txt", annex)
    complete(tmp_path)
    messages = []
    chosen = reader.read_data([tmp_path], on_warning=messages.append).labels
    assert chosen.pays_label("DE") == "Allemagne"
    assert chosen.pays_label("BE") == "Belgique euqigleB"
    assert chosen.pays_label("IT") == "IT"  # nothing left: the code shows
    assert chosen.pays_label("ES") == "Espagne (Royaume)"
    assert chosen.pays_label("FR") == "France"
    (warning,) = [m for m in messages if "libellés" in m]
    assert "des codes : BE, DE, ES, IT " in warning


def test_an_empty_label_shows_the_code():
    parsed = labels.parse_annex("AR;;200901;999912\r\nBR; ;1;999912\r\n", "Libelle_PAYS.txt")
    assert parsed == {}
    assert labels.Labels(pays={"AR": ""}).pays_label("AR") == "AR"


# --- 7. clean failures -------------------------------------------------------------------------


def official_zip(path: Path, body: bytes, **info) -> Path:
    member = zipfile.ZipInfo("Regional-2024-export/Region_2024_Export.txt", **info)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, body, compress_type=zipfile.ZIP_STORED)
    return path


def test_a_zip_with_a_bad_crc_fails_cleanly(tmp_path):
    path = official_zip(tmp_path / "Regional-2024-export.zip", year_of("E"))
    data = bytearray(path.read_bytes())
    data[data.index(b"E;1;2024") + 20] ^= 0x01  # one stored byte changed: the CRC no longer fits
    path.write_bytes(bytes(data))
    refused([path], "archive endommagée (somme de contrôle (CRC) fausse)")
    assert_clean_failure(cli("data", "info", str(path)), 1, "CRC")


def test_an_encrypted_member_fails_cleanly(tmp_path):
    path = official_zip(tmp_path / "Regional-2024-export.zip", year_of("E"))
    data = bytearray(path.read_bytes())
    # mark the member encrypted, as a password-protected ZIP does: flag bit 0 in the local
    # header (offset 6) and in the central directory entry (offset 8)
    data[6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].flag_bits & 0x1
    refused([path], "chiffré")
    assert_clean_failure(cli("data", "info", str(path)), 1, "chiffré")


def test_a_member_with_a_zero_date_is_read_with_the_zip_date(tmp_path):
    path = official_zip(
        tmp_path / "Regional-2024-export.zip", year_of("E"), date_time=(1980, 0, 0, 0, 0, 0)
    )
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (source,) = reader.read_data([path]).sources
    assert source.modified == pd.Timestamp(1_700_000_000, unit="s").date().isoformat()


def test_an_unreadable_data_file_fails_cleanly(tmp_path, monkeypatch):
    path = write(tmp_path, "Region_2024_Export.txt", year_of("E"))
    if AS_ROOT:  # root reads anything: the read itself is made to fail as permissions would

        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", denied)
    else:
        path.chmod(0)
    try:
        refused([tmp_path], str(path), "lecture impossible (Permission denied)", "droits")
        assert_clean_failure(cli("data", "info", str(path)), 1, "lecture impossible")
    finally:
        path.chmod(0o600)


def test_a_data_folder_that_is_not_a_folder_fails_cleanly_on_fetch(tmp_path, monkeypatch):
    blocker = write(tmp_path, "donnees", b"")
    monkeypatch.setenv("OFFICEFICHES_DATA_DIR", str(blocker))
    result = cli("data", "fetch", "--year", "2024", "--url", "http://127.0.0.1:9/x.zip")
    assert_clean_failure(result, 1, "Dossier de données inutilisable", "OFFICEFICHES_DATA_DIR")


def test_a_corrupt_sources_json_fails_cleanly(tmp_path):
    from officefiches.source import fetch

    folder = fetch.year_dir(2024)
    folder.mkdir(parents=True)
    official_zip(folder / "Regional-2024-export.zip", year_of("E"))
    (folder / fetch.RECORD_NAME).write_text('{"Regional-2024-export.zip": {"url": ', "utf-8")
    result = cli("build", "-d", "18", "--out", str(tmp_path / "out"))
    assert_clean_failure(result, 1, "sources.json est illisible", "Supprimez ce fichier")
    result = cli("data", "fetch", "--year", "2024", "--url", "http://127.0.0.1:9/x.zip")
    assert_clean_failure(result, 1, "sources.json est illisible")
    (folder / fetch.RECORD_NAME).write_text('["not", "a", "record"]', "utf-8")
    assert_clean_failure(cli("data", "fetch", "--year", "2024", "--url", "http://x/y"), 1)


# --- 8. nothing ignored without a word ---------------------------------------------------------


def test_files_and_members_not_read_are_listed_in_one_warning(tmp_path):
    complete(tmp_path)
    write(tmp_path, "export.csv", b"a;b")
    write(tmp_path / "sous-dossier", "notes.txt", b"hello")
    write(tmp_path, "LISEZ-MOI.txt", b"official readme")  # a known companion: not worth a word
    inner = tmp_path / "inner.zip"
    official_zip(inner, year_of("E", 2023))
    with zipfile.ZipFile(tmp_path / "Regional-2023.zip", "w") as archive:
        archive.write(inner, "Regional-2023/inner.zip")
        archive.writestr("__MACOSX/._Region_2023_Export.txt", b"\0\0")
        archive.writestr("Regional-2023/Region_2023_Export.csv", b"x")
    inner.unlink()
    messages = []
    reader.read_data([tmp_path], on_warning=messages.append)
    (warning,) = messages
    assert warning.startswith("5 fichier(s) non lu(s)")
    for name in (
        "export.csv",
        "notes.txt",
        "Regional-2023.zip › Regional-2023/inner.zip",
        "Regional-2023.zip › __MACOSX/._Region_2023_Export.txt",
        "Regional-2023.zip › Regional-2023/Region_2023_Export.csv",
    ):
        assert name in warning
    assert "LISEZ-MOI" not in warning and str(tmp_path) not in warning


def test_links_duplicate_annexes_and_known_companions(tmp_path):
    complete(tmp_path / "d")
    write(tmp_path / "d", "Libelle_PAYS.txt", b"DE;Allemagne;200901;999912\r\n")
    write(tmp_path / "d" / "copie", "Libelle_PAYS.txt", b"DE;Autre;200901;999912\r\n")
    write(tmp_path / "d", "Description-des-jeux-de-donnees-derniere-publication.pdf", b"%PDF")
    write(tmp_path / "ailleurs", "Region_2023_Export.txt", year_of("E", 2023))
    if hasattr(os, "symlink"):
        os.symlink(tmp_path / "ailleurs", tmp_path / "d" / "lien")
    messages = []
    dataset = reader.read_data([tmp_path / "d"], on_warning=messages.append)
    (warning,) = messages
    assert "Libelle_PAYS.txt (annexe en double : Libelle_PAYS.txt lue)" in warning
    assert dataset.labels.pays_label("DE") == "Allemagne"  # the first found, in sorted order
    assert "Description" not in warning
    if hasattr(os, "symlink"):
        assert "lien (lien vers un dossier, non suivi)" in warning
        assert dataset.years() == [2024]


def test_a_zip_saved_without_its_extension_is_read_as_a_zip(tmp_path):
    path = official_zip(tmp_path / "0a78bacc-99cf-4a26-8f28-088f2e96a2ef", year_of("E"))
    (source,) = reader.read_data([path]).sources
    assert source.name == f"{path.name} › Regional-2024-export/Region_2024_Export.txt"


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (b"     ", "ligne faite d'espaces"),
        (b" \t ", "ligne faite d'espaces"),
        (line(pays="  "), "code « pays » vide"),
        (line(department=" "), "code « departement » vide"),
        (line(cpf4="21\x0020"), "caractère de contrôle (code 0x00)"),
        (line(pays="D\x00"), "caractère de contrôle (code 0x00)"),
        (line(a129="C21\x1bZ"), "caractère de contrôle (code 0x1b)"),
        (line(pays="D-E"), "code « pays » invalide « D-E »"),
        (line(pays="DÉ"), "code « pays » invalide"),
        (line(valeur="١٢"), "valeur en euros non numérique"),
        (line(valeur="-5"), "valeur en euros non numérique"),
        (line(year="1789"), "année « 1789 » invalide"),
    ],
)
def test_blank_or_damaged_codes_are_refused_naming_the_line(tmp_path, bad, expected):
    rows = year_of("E").splitlines()
    rows.insert(2, bad)
    write(tmp_path, "Region_2024_Export.txt", b"\r\n".join(rows) + b"\r\n")
    message = refused([tmp_path], "Region_2024_Export.txt, ligne 3 : ", expected)
    assert "\x00" not in message  # shown escaped


def test_spaces_around_codes_are_trimmed_not_refused(tmp_path):
    write(tmp_path, "Region_2024_Export.txt", lines(line(pays=" DE"), line(pays="IT ", quarter=2)))
    frame = reader.read_data([tmp_path]).frame
    assert sorted(frame["pays"].astype(str)) == ["DE", "IT"]


def test_a_lone_carriage_return_is_a_line_end(tmp_path):
    data = line() + b"\r" + line(pays="IT") + b"\r" + line(pays="ES", valeur="x") + b"\r"
    write(tmp_path, "Region_2024_Export.txt", data)
    refused([tmp_path], "ligne 3 : valeur en euros non numérique")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFO on this system")
def test_a_fifo_as_data_is_refused_at_once(tmp_path):
    fifo = tmp_path / "Region_2024_Export.txt"
    os.mkfifo(fifo)  # reading it would block for ever
    result = cli("data", "info", str(fifo))
    assert_clean_failure(result, 1, "n'est ni un fichier ni un dossier")
    complete(tmp_path / "d")
    os.mkfifo(tmp_path / "d" / "REGIONAL_CPF4PAYSE.txt")
    messages = []
    reader.read_data([tmp_path / "d"], on_warning=messages.append)
    assert any("REGIONAL_CPF4PAYSE.txt (pas un fichier ordinaire)" in m for m in messages)


def test_a_zip_bomb_is_refused_before_it_is_decompressed(tmp_path):
    path = tmp_path / "Regional-2024-export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Region_2024_Export.txt", year_of("E") + b"\0" * (40 << 20))
    assert path.stat().st_size < 200_000
    refused([path], "taux de compression est anormal")


def test_a_member_above_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_MEMBER_BYTES", 100)
    path = official_zip(tmp_path / "Regional-2024-export.zip", year_of("E"))
    refused([path], "une fois décompressé")


def test_a_member_larger_than_its_header_says_is_stopped(tmp_path, monkeypatch):
    path = official_zip(tmp_path / "Regional-2024-export.zip", year_of("E") * 20)
    monkeypatch.setattr(inputs, "member_problem", lambda info: None)  # the header passed
    monkeypatch.setattr(inputs, "MAX_MEMBER_BYTES", 1000)
    refused([path], "dépasse")


def test_the_demo_marker_counts_only_for_the_files_it_certifies(tmp_path):
    folder = tmp_path / "demo"
    demo.write_demo(folder, lines=2000)
    marker = (folder / inputs.DEMO_MARKER).read_text("utf-8")
    for name in ("Region_2024_Export.txt", "Region_2024_Import.txt"):
        assert name in marker
    assert reader.read_data([folder]).is_demo
    # a real import file put beside the demo's export: a mix, refused
    imports = folder / "Region_2024_Import.txt"
    imports.write_bytes(imports.read_bytes() + line("I", pays="US") + b"\r\n")
    refused([folder], "mêlées", "Region_2024_Import.txt")
    # a marker left beside real files certifies nothing: real data, said so
    real = complete(tmp_path / "real")
    (real / inputs.DEMO_MARKER).write_text(marker, "utf-8")
    messages = []
    assert not reader.read_data([real], on_warning=messages.append).is_demo
    assert any("ignoré : il ne certifie" in m for m in messages)
    # an old marker, without fingerprints, neither
    (real / inputs.DEMO_MARKER).write_text("DONNÉES DE DÉMONSTRATION (SYNTHÉTIQUES)\n", "utf-8")
    assert not reader.read_data([real]).is_demo


# --- 11. no folder of the user's machine in the outputs ----------------------------------------


def test_sources_are_named_by_file_name_with_size_and_sha256(tmp_path):
    import hashlib

    folder = complete(tmp_path / "dossier-personnel-de-jeanne")
    zips = officialfiles.annual_zips(factories.lines(n=100, year=2023), tmp_path / "z", 2023)
    sources = reader.read_data([folder, *zips]).sources
    names = [s.name for s in sources]
    assert names == [
        "Region_2024_Export.txt",
        "Region_2024_Import.txt",
        "Regional-2023-export.zip › Regional-2023-export/Region_2023_Export.txt",
        "Regional-2023-import.zip › Regional-2023-import/Region_2023_Import.txt",
    ]
    data = (folder / "Region_2024_Export.txt").read_bytes()
    assert sources[0].size == len(data)
    assert sources[0].sha256 == hashlib.sha256(data).hexdigest()
    assert sources[0].lines == 8


def test_outputs_hold_no_folder_of_the_machine(tmp_path):
    secret = "dossier-personnel-de-jeanne"
    folder = officialfiles.annual_dir(factories.lines(n=300), tmp_path / secret / "douanes", 2024)
    write(folder, "notes.csv", b"x")  # a warning names it: by file name only
    out = tmp_path / "out"
    report = build.run_build(BuildOptions(departments=("18",), data=(folder,), out=out), Collect())
    assert report.ok and len(report.written) == 2
    for path in report.written:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                text = archive.read(member)
                assert secret.encode() not in text, (path.name, member)
                assert str(tmp_path).encode() not in text, (path.name, member)


def test_a_code_in_lower_case_is_the_same_code_germany_not_split(tmp_path):
    """« de » beside « DE » (issue 21): one partner, and the EU share of the exports is the
    one of the file written in capitals."""
    from officefiches.compute import figures, indicators

    def exposure_of(folder: Path, german: str):
        write(
            folder,
            "Region_2024_Export.txt",
            lines(
                line(pays="DE", valeur=5000),
                line(pays=german, valeur=3000, quarter=2),
                line(pays="US", valeur=4000, a129="C10A"),
            ),
        )
        dataset = reader.read_data([folder])
        return dataset.frame, indicators.exposure(dataset.frame, figures.FRANCE, dataset.labels)

    frame, lowered = exposure_of(tmp_path / "bas", "de")
    assert sorted(set(frame["pays"].astype(str))) == ["DE", "US"]
    assert frame[frame["pays"] == "DE"]["valeur"].sum() == 8000  # Germany whole
    _, capitals = exposure_of(tmp_path / "haut", "DE")
    assert lowered.eu_pct == capitals.eu_pct
    assert float(lowered.eu_pct) == pytest.approx(100 * 8000 / 12000, abs=0.05)
