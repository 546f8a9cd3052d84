"""The demo data: deterministic, official format, and calibrated on every published total."""

import csv
from decimal import Decimal

import pytest

from officefiches import geography
from officefiches.model import share_pct
from officefiches.source import demo, labels, reader
from tests import annexes
from tests.shared import ANNEXES, PUBLISHED, needs


@pytest.fixture(scope="module")
def frame():
    return demo.generate(2024, 30_000)


def published_rows():
    with PUBLISHED.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def euros(meur: str) -> int:
    return int(Decimal(meur) * 1_000_000)


def total(frame, flux, departments=None):
    rows = frame[frame["flux"] == flux]
    if departments is not None:
        rows = rows[rows["departement"].isin(departments)]
    return int(rows["valeur"].sum())


def scope_departments(row):
    if row["scope"] == "department":
        return [row["code"]]
    if row["scope"] == "region":
        return list(geography.region(row["code"]).departments)
    return None


def test_every_published_total_holds_to_the_euro(frame):
    for row in published_rows():
        value = total(frame, row["flow"], scope_departments(row))
        assert value == euros(row["value_meur"]), row


def test_published_shares_hold(frame):
    for row in published_rows():
        if row["scope"] != "department":
            continue
        flux, code = row["flow"], row["code"]
        region = geography.region_of(code)
        value = total(frame, flux, [code])
        assert share_pct(value, total(frame, flux, region.departments), 1) == Decimal(
            row["share_region_pct"]
        ), row
        assert share_pct(value, total(frame, flux), 2) == Decimal(row["share_france_pct"]), row


def test_calibration_holds_whatever_the_size():
    small = demo.generate(2024, 2_000)
    assert total(small, "E", ["18"]) == euros("1879.3")
    assert total(small, "I") == euros("684776.3")


def test_deterministic_and_realistic(frame):
    assert demo.generate(2024, 30_000).equals(frame)
    assert 25_000 <= len(frame) <= 40_000
    assert frame["departement"].nunique() == 101
    assert frame["pays"].nunique() >= 100
    assert frame["a129"].nunique() == 75  # all goods but military vehicles (not in the files)
    assert "C30D" not in set(frame["a129"])
    assert set(frame["trimestre"]) == {1, 2, 3, 4}
    assert (frame["valeur"] > 0).all() and (frame["masse"] > 0).all()
    keys = ["flux", "trimestre", "departement", "cpf4", "pays"]
    assert not frame.duplicated(keys).any()
    # heavy-tailed: the largest tenth of the lines carries most of the value
    values = frame["valeur"].sort_values(ascending=False)
    assert values.head(len(values) // 10).sum() > 0.6 * values.sum()


def test_region_codes_are_the_customs_ones(frame):
    cher = frame[frame["departement"] == "18"]
    assert set(cher["region"]) == {"04"}
    assert set(frame.loc[frame["departement"] == "99", "region"]) == {"21"}


def test_another_year_differs_but_keeps_the_format():
    other = demo.generate(2023, 5_000)
    assert set(other["annee"]) == {2023}
    assert total(other, "E", ["18"]) != euros("1879.3")


def test_written_files_read_back_as_demo(tmp_path, frame):
    written = demo.write_demo(tmp_path, year=2024, lines=30_000)
    names = {p.name for p in written}
    assert {"Region_2024_Export.txt", "Region_2024_Import.txt", "Libelle_A129.txt"} <= names
    first = (tmp_path / "Region_2024_Export.txt").read_bytes().split(b"\r\n")[0]
    assert first.count(b";") == 9 and first.startswith(b"E;")
    dataset = reader.read_data([tmp_path], use_cache=False)
    assert dataset.is_demo
    assert len(dataset.frame) == len(frame)
    assert int(dataset.frame["valeur"].sum()) == int(frame["valeur"].sum())
    assert dataset.labels.pays_label("US") == "États-Unis"


def test_every_published_figure_is_checked():
    rows = published_rows()
    assert len(rows) == 17
    assert {(r["scope"], r["code"]) for r in rows if r["scope"] == "department"} == {
        ("department", code) for code in ("18", "36", "45", "58", "23")
    }


@needs(ANNEXES)
def test_demo_codes_exist_in_the_official_annexes(frame):
    official = labels.from_annexes(annexes.annex_files(ANNEXES))
    for kind in ("a129", "cpf4", "pays"):
        assert official.missing(kind, set(frame[kind].astype(str))) == [], kind
