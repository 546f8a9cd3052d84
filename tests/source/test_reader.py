"""Reading the official files: layouts, traps, and bad input that must be named, never skipped."""

import zipfile

import pandas as pd
import pytest

from officefiches.errors import DataError
from officefiches.source import cache, reader
from tests import factories, officialfiles

EXAMPLE = b"I;3;2018;01;18;A01Z;0111;AR;52;11\r\nE;3;2018;01;18;A01Z;0111;BE;406473;1210935\r\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_official_example_lines_first_line_is_data(tmp_path):
    dataset = reader.read_data([write(tmp_path, "exemple-officiel.txt", EXAMPLE)])
    frame = dataset.frame
    assert len(frame) == 2  # no line taken for a header
    first = frame.iloc[0]
    assert (first["flux"], first["departement"], first["a129"], first["cpf4"]) == (
        "I", "01", "A01Z", "0111"
    )  # fmt: skip
    assert frame["valeur"].tolist() == [52, 406473]
    assert frame["masse"].tolist() == [11, 1210935]
    assert str(frame["valeur"].dtype) == "int64"
    assert dataset.years() == [2018] and dataset.quarters(2018) == (3,)


def test_lf_endings_bom_and_no_final_newline(tmp_path):
    data = b"\xef\xbb\xbf" + EXAMPLE.replace(b"\r\n", b"\n").rstrip(b"\n")
    frame = reader.read_data([write(tmp_path, "x.txt", data)]).frame
    assert frame["flux"].tolist() == ["I", "E"]


def test_directory_zip_and_rolling_give_the_same_lines(tmp_path):
    frame = factories.lines(seed=3, n=300)
    folder = officialfiles.annual_dir(frame, tmp_path / "dir", 2024)
    zips = officialfiles.annual_zips(frame, tmp_path / "zips", 2024)
    rolling = officialfiles.rolling_dir(frame, tmp_path / "roll", [(2024, q) for q in (1, 2, 3, 4)])
    totals = []
    for paths in ([folder], zips, [rolling]):
        dataset = reader.read_data(paths)
        assert len(dataset.frame) == len(frame)
        totals.append(dataset.frame.groupby("flux", observed=True)["valeur"].sum().to_dict())
    assert totals[0] == totals[1] == totals[2]
    assert totals[0]["E"] == frame.loc[frame["flux"] == "E", "valeur"].sum()


def test_zip_sources_name_the_member(tmp_path):
    zips = officialfiles.annual_zips(factories.lines(n=50), tmp_path, 2024)
    names = [s.name for s in reader.read_data(zips).sources]
    assert names[0] == "Regional-2024-export.zip › Regional-2024-export/Region_2024_Export.txt"


def test_rolling_file_spans_two_years_and_flags_partial_year(tmp_path):
    frame = factories.lines(n=600)
    frame2023 = factories.lines(seed=1, n=200, year=2023)
    both = pd.concat([frame2023, frame])
    quarters = [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4)]
    dataset = reader.read_data([officialfiles.rolling_dir(both, tmp_path, quarters)])
    assert dataset.years() == [2023, 2024]
    assert dataset.quarters(2023) == (4,)
    assert dataset.quarters(2024) == (1, 2, 3, 4)
    assert set(dataset.for_year(2023)["trimestre"]) == {4}


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        (b"E;1;2024;18;04;C21Z;2120;DE;douze;5", "valeur en euros non numérique"),
        (b"E;1;2024;18;04;C21Z;2120;DE;12", "10 champs"),
        (b"X;1;2024;18;04;C21Z;2120;DE;12;5", "flux inconnu"),
        (b"E;5;2024;18;04;C21Z;2120;DE;12;5", "trimestre"),
        (b"E;1;2024;18;04;C21Z;2120;DE;12;5;7", "10 champs"),
    ],
)
def test_malformed_line_is_named_with_file_and_line(tmp_path, line, fault):
    lines = EXAMPLE.split(b"\r\n")[:2] * 3
    lines.insert(4, line)
    path = write(tmp_path, "Region_2024_Export.txt", b"\r\n".join(lines) + b"\r\n")
    with pytest.raises(DataError) as error:
        reader.read_data([path])
    message = str(error.value)
    assert "Region_2024_Export.txt, ligne 5" in message
    assert fault in message


def test_line_number_counts_blank_lines(tmp_path):
    data = EXAMPLE + b"\r\n" + b"E;3;2018;01;18;A01Z;0111;BE;x;1\r\n"
    with pytest.raises(DataError, match="ligne 4"):
        reader.read_data([write(tmp_path, "Region_2018_Export.txt", data)])


def test_undecodable_file_says_what_was_tried(tmp_path):
    data = EXAMPLE + b"E;3;2018;01;18;A01Z;0111;B\xe9;1;1\r\n"
    with pytest.raises(DataError, match=r"ligne 3 : .*UTF-8"):
        reader.read_data([write(tmp_path, "Region_2018_Export.txt", data)])


def test_missing_path_empty_file_bad_zip_and_no_data(tmp_path):
    with pytest.raises(DataError, match="introuvable"):
        reader.read_data([tmp_path / "absent"])
    with pytest.raises(DataError, match="vide"):
        reader.read_data([write(tmp_path, "Region_2024_Export.txt", b"\r\n")])
    with pytest.raises(DataError, match="ZIP valide"):
        reader.read_data([write(tmp_path, "Regional.zip", b"PK\x03\x04broken")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match="Aucun fichier de données"):
        reader.read_data([empty])


def test_same_quarter_in_two_files_is_refused(tmp_path):
    frame = factories.lines(n=100)
    annual = officialfiles.annual_dir(frame, tmp_path / "a", 2024)
    rolling = officialfiles.rolling_dir(frame, tmp_path / "r", [(2024, 1), (2024, 2)])
    with pytest.raises(DataError, match="compté deux fois"):
        reader.read_data([annual, rolling])


def test_unknown_files_in_a_folder_are_mentioned(tmp_path):
    officialfiles.annual_dir(factories.lines(n=50), tmp_path, 2024)
    write(tmp_path, "notes.txt", b"hello")
    messages = []
    reader.read_data([tmp_path], on_warning=messages.append)
    assert any("notes.txt" in m for m in messages)


def test_annexes_in_the_zip_are_used(tmp_path):
    path = tmp_path / "Regional-2018-export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "Regional-2018-export/Region_2018_Export.txt", b"E;3;2018;01;18;A01Z;0111;AR;52;11\r\n"
        )
        archive.writestr(
            "Regional-2018-export/Libelle_PAYS.txt", "AR;Argentine (annexe);1;999912\r\n"
        )
    dataset = reader.read_data([path])
    assert dataset.labels.pays_label("AR") == "Argentine (annexe)"
    assert "annexes DGDDI" in dataset.labels.source


def test_cache_serves_the_same_table_and_notices_edits(tmp_path):
    folder = officialfiles.annual_dir(factories.lines(n=200), tmp_path / "d", 2024)
    first = reader.read_data([folder]).frame
    assert cache.usage()[0] == 2
    again = reader.read_data([folder]).frame
    assert again.equals(first)
    path = folder / "Region_2024_Export.txt"
    path.write_bytes(path.read_bytes() + b"E;1;2024;18;04;C21Z;2120;DE;7;1\r\n")
    edited = reader.read_data([folder]).frame
    assert len(edited) == len(first) + 1
    assert cache.usage()[0] == 3
    assert reader.read_data([folder], use_cache=False).frame.equals(edited)
