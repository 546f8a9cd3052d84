"""Labels: the real DGDDI annexes with their traps, and the built-in labels."""

from pathlib import Path

import pytest

from officefiches import labels
from officefiches.errors import DataError

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw" / "dgddi-labels-elioduclos"


def annex(name: str) -> tuple[bytes, str]:
    return (RAW / name).read_bytes(), name


@pytest.fixture(scope="module")
def real():
    return labels.from_annexes({kind: annex(name) for kind, name in labels.ANNEX_FILES.items()})


def test_cpf4_annex_is_windows_1252_with_quoted_semicolons(real):
    assert real.cpf4_label("2211") == "Pneumatiques ; rechapage et resculptage de pneumatiques"
    assert real.cpf4_label("0111").startswith("Céréales")
    assert len(real.cpf4) == 576


def test_a129_annex_bom_does_not_eat_the_first_code(real):
    assert "A01Z" in real.a129
    assert not any(code.startswith("\ufeff") for code in real.a129)
    assert len(real.a129) == 76
    assert real.a129_label("C21Z") == "Produits pharmaceutiques"
    assert real.a129_label("A01Z") == "Produits de la culture et de l\u2019élevage"


def test_reused_country_codes_keep_the_valid_label(real):
    assert real.pays_label("QU") == "Pays et territoires non déterminés"
    assert real.pays_label("XK") == "Kosovo"
    assert real.pays_label("XS") == "Serbie"
    assert "annexes DGDDI" in real.source and "Libelle_PAYS.txt" in real.source


def test_missing_codes_are_listed_and_shown_by_code(real):
    assert real.missing("pays", ["DE", "ZZ", "QQ9"]) == ["QQ9", "ZZ"]
    assert real.pays_label("ZZ") == "ZZ"


def test_builtin_labels_cover_a129_and_dgddi_partner_codes():
    builtin = labels.builtin_labels()
    assert len(builtin.a129) == 76
    for code in ("QU", "QP", "QQ", "QR", "QS", "QT", "EU", "XS", "XK", "XC", "XL"):
        assert code in builtin.pays, code
    assert builtin.pays_label("US") == "États-Unis"
    assert builtin.pays_label("KR") == "Corée du Sud"
    assert builtin.source == labels.BUILTIN_SOURCE


def test_builtin_a129_codes_are_those_of_the_official_annex(real):
    assert set(labels.builtin_labels().a129) == set(real.a129)


def test_only_some_annexes_given_the_rest_is_builtin():
    partial = labels.from_annexes({"pays": annex("Libelle_PAYS.txt")})
    assert partial.pays_label("XK") == "Kosovo"
    assert partial.a129_label("C21Z") == labels.builtin_labels().a129_label("C21Z")


def test_undecodable_annex_names_encodings_tried():
    with pytest.raises(DataError, match="UTF-8 puis Windows-1252"):
        labels.decode_annex(b"AB;\x81\x8d\x8f\x90\x9d;1;2", "Libelle_PAYS.txt")


def test_malformed_annex_line_names_file_and_line():
    with pytest.raises(DataError, match=r"Libelle_A129.txt, ligne 2"):
        labels.parse_annex("A01Z;Produits;200901;999912\r\nA02Z\r\n", "Libelle_A129.txt")
