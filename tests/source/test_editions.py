"""Every edition of the official files (issue 25, item 3): the annexes under each name the
editions gave them, a trailing empty field, and the files of other products (national files,
older kiosque extracts) refused as such. All on small files written by the tests."""

from __future__ import annotations

import zipfile

import pytest

from officefiches.errors import UsageError
from officefiches.source import labels, reader
from tests import annexes
from tests.source.test_hostile_input import complete, line, lines, refused, write, year_of

NATIONAL_LINE = b"E;06;2024;212010;C21Z;30049000;DE;1250;3;0"  # flux, mois, année, CPF6, A129, NC8…


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Libelle_CPF4.txt", "cpf4"),  # 2019
        ("Libelle_CPF4_rev2.1_2.txt", "cpf4"),  # 2021
        ("Libelle_CPF4_rev2.1.txt", "cpf4"),  # 2025
        ("LIBELLE_CPF4_REV2.1.TXT", "cpf4"),
        ("Libelle_A129.txt", "a129"),
        ("Libelle_A129_2021.txt", "a129"),
        ("Libelle_PAYS.txt", "pays"),
        ("Libelle_PAYS_2019.txt", "pays"),
        ("Libelle_CPF41.txt", None),  # another word, not an edition's name
        ("Libelle_NC8.txt", None),
    ],
)
def test_annexes_are_known_under_every_edition_name(name, kind):
    assert labels.annex_kind(name) == kind


@pytest.mark.parametrize("name", ["Libelle_CPF4.txt", "Libelle_CPF4_rev2.1_2.txt"])
def test_an_older_cpf4_annex_name_is_read_not_replaced_by_builtin_labels(tmp_path, name):
    complete(tmp_path)
    write(tmp_path, name, annexes.SAMPLES["Libelle_CPF4_rev2.1.txt"])
    messages = []
    dataset = reader.read_data([tmp_path], on_warning=messages.append)
    assert not messages, messages  # neither « non lu » nor a fallback
    # the sample's own label, not the built-in one
    assert (
        dataset.labels.cpf4_label("2211")
        == "Pneumatiques ; rechapage et resculptage de pneumatiques"
    )
    assert name in dataset.labels.source


def test_the_departments_annex_under_another_edition_name_is_a_known_companion(tmp_path):
    complete(tmp_path)
    write(tmp_path, "Departements_regions_2019.txt", b"18;Cher;04;Centre-Val de Loire\r\n")
    messages = []
    reader.read_data([tmp_path], on_warning=messages.append)
    assert not messages


def _sums(dataset):
    frame = dataset.for_year(2024)
    return frame.groupby("flux", observed=True)["valeur"].sum().to_dict(), len(frame)


def test_a_trailing_empty_field_is_read_as_the_same_lines(tmp_path):
    plain = reader.read_data([complete(tmp_path / "plain")])
    trailing = tmp_path / "trailing"
    for name, flux in (("Region_2024_Export.txt", "E"), ("Region_2024_Import.txt", "I")):
        body = year_of(flux).replace(b"\r\n", b";\r\n")
        write(trailing, name, body[:-2])  # the last line without its line end
    read = reader.read_data([trailing])
    assert _sums(read) == _sums(plain)
    assert _sums(read)[0]["E"] == sum(1000 * q + i for q in (1, 2, 3, 4) for i in (0, 1))


def test_a_trailing_field_on_some_lines_only_is_read_too(tmp_path):
    body = lines(line(valeur=7) + b";", line(quarter=2, valeur=5))
    path = write(tmp_path, "Region_2024_Export.txt", body)
    frame = reader.read_data([path]).for_year(2024)
    assert sorted(frame["valeur"]) == [5, 7] and sorted(frame["masse"]) == [5, 5]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (line() + b";7", "10 champs séparés par « ; » attendus, 11 trouvés"),  # not empty
        (line() + b";;", "10 champs séparés par « ; » attendus, 11 trouvés"),  # two of them
        (line(masse=""), "10 champs séparés par « ; » attendus, 9 trouvés"),  # the mass empty
    ],
)
def test_only_one_empty_trailing_field_is_accepted(tmp_path, bad, expected):
    body = lines(line(valeur=1) + b";", bad)
    write(tmp_path, "Region_2024_Export.txt", body)
    refused([tmp_path], "Region_2024_Export.txt, ligne 2 : ", expected)


@pytest.mark.parametrize("name", ["NATIONAL_NC8PAYSE.txt", "national_nc8paysi.txt"])
def test_a_national_file_is_refused_as_national(tmp_path, name):
    complete(tmp_path)
    write(tmp_path, name, lines(NATIONAL_LINE))
    message = refused([tmp_path], name, "fichier national", "sans département")
    assert "Region_AAAA_Export.txt" in message and "REGIONAL_CPF4PAYSE.txt" in message


def test_a_national_zip_is_refused_by_its_name(tmp_path):
    path = tmp_path / "202406-stat-national-ce-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("NATIONAL_NC8PAYSE.txt", lines(NATIONAL_LINE))
    refused([path], "202406-stat-national-ce-export.zip", "fichier national")


@pytest.mark.parametrize(
    "first",
    [
        NATIONAL_LINE,  # a month of 1 to 4 would even pass the regional checks
        b"E;03;2024;212010;C21Z;30049000;DE;1250;3;0",
        b"I;11;2014;30049000;DE;1250;3;0",  # 2012–2015: eight fields
    ],
)
def test_a_national_file_under_a_regional_name_is_known_by_its_lines(tmp_path, first):
    write(tmp_path, "Region_2024_Export.txt", lines(first, NATIONAL_LINE))
    refused([tmp_path], "Region_2024_Export.txt", "fichier national")


def test_a_kiosque_extract_with_a_header_line_is_refused_as_such(tmp_path):
    header = "Flux;Trimestre;Année;Département;Pays;Valeur (milliers d'euros)".encode()
    path = write(tmp_path, "Centre-Val-de-Loire-2012.txt", lines(header, line()))
    refused([path], "ligne 1 : ligne d'en-tête", "ancien extrait du kiosque", "milliers d'euros")


def test_an_excel_workbook_is_refused_given_alone_and_named_in_a_folder(tmp_path):
    path = write(
        tmp_path / "seul", "export-2010.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
    )
    with pytest.raises(UsageError) as given:  # given by name: a usage error (exit 2)
        reader.read_data([path])
    for text in ("export-2010.xls", "classeur Excel", "ancien extrait du kiosque"):
        assert text in str(given.value)
    complete(tmp_path / "dossier")
    write(tmp_path / "dossier", "export-2010.xlsx", b"PK\x03\x04" + b"\0" * 64)
    messages = []
    reader.read_data([tmp_path / "dossier"], on_warning=messages.append)
    (warning,) = messages
    assert "export-2010.xlsx (classeur Excel : ancien extrait du kiosque ?)" in warning


def test_an_excel_file_under_a_data_name_is_refused_by_its_bytes(tmp_path):
    write(tmp_path, "Region_2024_Export.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    refused([tmp_path], "Region_2024_Export.txt", "classeur Excel")
