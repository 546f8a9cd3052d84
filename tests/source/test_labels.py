"""Labels: the DGDDI annexes with their traps, and the built-in labels.

The traps are checked on small samples written by the tests (`tests/annexes.py`); the full real
annexes are read too when `../shared` is beside the repository (extra tests).
"""

import pytest

from officefiches.errors import DataError
from officefiches.source import labels
from tests import annexes
from tests.shared import ANNEXES, needs

needs_annexes = needs(ANNEXES)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annexes")
    annexes.write_samples(folder)
    return labels.from_annexes(annexes.annex_files(folder))


@pytest.fixture(scope="module")
def real():
    return labels.from_annexes(annexes.annex_files(ANNEXES))


def test_samples_carry_the_traps():
    a129 = annexes.SAMPLES["Libelle_A129.txt"]
    cpf4 = annexes.SAMPLES["Libelle_CPF4_rev2.1.txt"]
    assert a129.startswith(b"\xef\xbb\xbfA01Z;")
    with pytest.raises(UnicodeDecodeError):
        cpf4.decode("utf-8")
    assert b'"Pneumatiques ; rechapage' in cpf4
    assert all(
        data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
        for data in annexes.SAMPLES.values()
    )


def test_cpf4_annex_is_windows_1252_with_quoted_semicolons(samples):
    assert samples.cpf4_label("2211") == "Pneumatiques ; rechapage et resculptage de pneumatiques"
    assert samples.cpf4_label("0111").startswith("Céréales (à l'exclusion du riz)")
    assert samples.cpf4_label("0130").endswith("boutures et greffons ; blanc de champignon")
    assert len(samples.cpf4) == len(annexes.CPF4_LINES)


def test_a129_annex_bom_does_not_eat_the_first_code(samples):
    assert "A01Z" in samples.a129
    assert not any(code.startswith("\ufeff") for code in samples.a129)
    assert samples.a129_label("A01Z") == "Produits de la culture et de l\u2019élevage"
    assert samples.a129_label("C21Z") == "Produits pharmaceutiques"


def test_reused_country_codes_keep_the_valid_label(samples):
    assert samples.pays_label("QU") == "Pays et territoires non déterminés"
    assert samples.pays_label("XK") == "Kosovo"
    assert samples.pays_label("XS") == "Serbie"
    assert "annexes DGDDI" in samples.source and "Libelle_PAYS.txt" in samples.source


def test_still_valid_row_wins_whatever_the_order():
    text = annexes.crlf(["XK;Kosovo;200506;999912", "XK;Yougoslavie;199206;199212"])
    assert labels.parse_annex(text, "Libelle_PAYS.txt") == {"XK": "Kosovo"}
    latest = annexes.crlf(["AB;Nouveau;200001;201012", "AB;Ancien;190001;199912"])
    assert labels.parse_annex(latest, "Libelle_PAYS.txt") == {"AB": "Nouveau"}


def test_missing_codes_are_listed_and_shown_by_code(samples):
    assert samples.missing("pays", ["DE", "ZZ", "QQ9"]) == ["QQ9", "ZZ"]
    assert samples.pays_label("ZZ") == "ZZ"


def test_builtin_labels_cover_a129_and_dgddi_partner_codes():
    builtin = labels.builtin_labels()
    assert len(builtin.a129) == 76
    for code in ("QU", "QP", "QQ", "QR", "QS", "QT", "EU", "XS", "XK", "XC", "XL"):
        assert code in builtin.pays, code
    assert builtin.pays_label("US") == "États-Unis"
    assert builtin.pays_label("KR") == "Corée du Sud"
    assert builtin.source == labels.BUILTIN_SOURCE


def test_builtin_labels_know_the_sample_products_and_countries(samples):
    builtin = labels.builtin_labels()
    for kind in ("a129", "pays"):  # built-in CPF4 labels cover only part of the annex
        assert builtin.missing(kind, getattr(samples, kind)) == [], kind


def test_only_some_annexes_given_the_rest_is_builtin(tmp_path):
    annexes.write_samples(tmp_path)
    partial = labels.from_annexes(annexes.annex_files(tmp_path, kinds=("pays",)))
    assert partial.pays_label("XK") == "Kosovo"
    assert partial.a129_label("C21Z") == labels.builtin_labels().a129_label("C21Z")
    assert partial.cpf4 == labels.builtin_labels().cpf4


def test_undecodable_annex_names_encodings_tried():
    with pytest.raises(DataError, match="UTF-8 puis Windows-1252"):
        labels.decode_annex(b"AB;\x81\x8d\x8f\x90\x9d;1;2", "Libelle_PAYS.txt")


def test_malformed_annex_line_names_file_and_line():
    with pytest.raises(DataError, match=r"Libelle_A129.txt, ligne 2"):
        labels.parse_annex("A01Z;Produits;200901;999912\r\nA02Z\r\n", "Libelle_A129.txt")


# Extra tests: the full real annexes (../shared), skipped with their reason when absent.


@needs_annexes
def test_samples_are_lines_of_the_real_annexes():
    folder = ANNEXES
    bom = b"\xef\xbb\xbf"
    for name, sample in annexes.SAMPLES.items():
        real = (folder / name).read_bytes()
        assert real.startswith(bom) == sample.startswith(bom), name
        real_lines = set(real.removeprefix(bom).split(b"\r\n"))
        assert set(sample.removeprefix(bom).split(b"\r\n")) <= real_lines, name


@needs_annexes
def test_real_cpf4_annex(real):
    assert real.cpf4_label("2211") == "Pneumatiques ; rechapage et resculptage de pneumatiques"
    assert real.cpf4_label("0111").startswith("Céréales")
    assert len(real.cpf4) == 576


@needs_annexes
def test_real_a129_annex(real):
    assert not any(code.startswith("\ufeff") for code in real.a129)
    assert len(real.a129) == 76
    assert real.a129_label("A01Z") == "Produits de la culture et de l\u2019élevage"


@needs_annexes
def test_real_country_annex(real):
    assert real.pays_label("QU") == "Pays et territoires non déterminés"
    assert real.pays_label("XK") == "Kosovo"
    assert real.pays_label("XS") == "Serbie"


@needs_annexes
def test_builtin_a129_codes_are_those_of_the_official_annex(real):
    assert set(labels.builtin_labels().a129) == set(real.a129)


def test_accents_restored_on_the_capitals_of_country_names():
    from officefiches.source.labels import restore_accents

    assert restore_accents("Etats-Unis") == "États-Unis"
    assert restore_accents("Emirats arabes unis") == "Émirats arabes unis"
    assert restore_accents("Mineures éloignées des Etats-Unis (îles)") == (
        "Mineures éloignées des États-Unis (îles)"
    )
    assert restore_accents("Bolivie (Etat plurinational de)") == "Bolivie (État plurinational de)"
    for unchanged in ("Espagne", "Estonie", "El Salvador", "Etatsunien"):
        assert restore_accents(unchanged) == unchanged


def test_annex_country_names_get_their_accents():
    from officefiches.source.labels import from_annexes

    annex = b"US;Etats-Unis;190001;999912\r\nEG;Egypte;190001;999912\r\n"
    labels = from_annexes({"pays": (annex, "Libelle_PAYS.txt")})
    assert labels.pays_label("US") == "États-Unis" and labels.pays_label("EG") == "Égypte"
