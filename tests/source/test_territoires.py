"""Territoires d'industrie: built-in lists, the ANCT commune list and its 5-commune rule."""

from pathlib import Path

import pytest

from officefiches.errors import DataError, UsageError
from officefiches.model import Territoires
from officefiches.source.territoires import commune_department, territoires_for

FIXTURES = Path(__file__).parents[1] / "fixtures" / "territoires"
ANCT = FIXTURES / "anct_communes.csv"


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("18", ("Berry Sologne",)),
        ("36", ("Châteauroux \u2013 Buzançais \u2013 Argenton", "Issoudun")),
        ("58", ("Nevers Val de Loire",)),
        ("23", ("Creuse Industrie",)),
        ("45", ("Est du Loiret", "Nord Loiret", "Orléans Métropole \u2013 Beauce Loirétaine")),
    ],
)
def test_builtin_lists(code, names):
    ti = territoires_for(code)
    assert ti.names == names
    assert ti.omitted == ()
    assert ti.known
    assert ti.footnote is (code == "18")  # only the Cher fiche says TIs were left out


def test_builtin_accepts_department_names():
    assert territoires_for("Cher") == territoires_for("18")


def test_department_without_list_is_unknown_never_invented():
    ti = territoires_for("75")
    assert ti == Territoires(names=())
    assert not ti.known and not ti.footnote


def test_unknown_department():
    with pytest.raises(UsageError):
        territoires_for("00")


def test_commune_department():
    assert commune_department("18033") == "18"
    assert commune_department("01053") == "01"
    assert commune_department("97105") == "9A"
    assert commune_department("97611") == "9E"
    assert commune_department("2A004") == "20"
    assert commune_department("2B033") == "20"


def test_five_communes_listed():
    # TI-A: exactly 5 communes in the Cher (and 3 in Loir-et-Cher): listed for the Cher
    # TI-B: 2 communes in the Cher, the rest in the Nièvre: left out, footnote
    ti = territoires_for("18", ANCT)
    assert ti.names == ("Berry Test Sologne",)
    assert ti.omitted == ("Val de Loire Test",)
    assert ti.footnote
    assert "anct_communes.csv" in ti.source


def test_fewer_than_five_spanning_ti_omitted():
    ti = territoires_for("41", ANCT)
    assert ti.names == ()
    assert ti.omitted == ("Berry Test Sologne",)
    assert ti.footnote and ti.known


def test_communes_counted_once():
    # TI-B has 5 rows in the Nièvre but only 4 distinct communes (one repeated)
    ti = territoires_for("58", ANCT)
    assert ti.names == ()
    assert ti.omitted == ("Val de Loire Test",)


def test_small_ti_entirely_in_department_is_listed():
    ti = territoires_for("36", ANCT)
    assert ti.names == ("Petit Territoire Test",)
    assert ti.omitted == ()
    assert not ti.footnote


def test_overseas_and_corsica_codes():
    assert territoires_for("9A", ANCT).names == ("Guadeloupe Test",)
    assert territoires_for("971", ANCT).names == ("Guadeloupe Test",)
    assert territoires_for("20", ANCT).names == ("Corse Test",)


def test_department_absent_from_file_is_known_and_empty():
    ti = territoires_for("75", ANCT)
    assert ti.names == () and ti.omitted == ()
    assert ti.known  # the file was read: it lists no TI for Paris
    # the commune of Orléans has no TI in the file: skipped
    assert territoires_for("45", ANCT).names == ()


def test_comma_separated_cp1252(tmp_path):
    path = tmp_path / "anct.csv"
    rows = ["insee_com,lib_com,id_ti,lib_ti"]
    rows += [f"1800{i},Commune {i},T1,Vallée du Cher" for i in range(1, 6)]
    rows += ['"41001","Ailleurs",T1,"Vallée du Cher"']
    path.write_bytes("\r\n".join(rows).encode("cp1252"))
    assert territoires_for("18", path).names == ("Vallée du Cher",)
    assert territoires_for("41", path).omitted == ("Vallée du Cher",)


def test_utf8_bom_and_uppercase_header(tmp_path):
    path = tmp_path / "anct.csv"
    text = "INSEE_COM;LIB_COM;ID_TI;LIB_TI\n1033;Bellegarde;T9;Haut-Bugey\n"
    path.write_bytes(text.encode("utf-8-sig"))
    assert territoires_for("01", path).names == ("Haut-Bugey",)  # 1033 → 01033


def test_missing_column():
    with pytest.raises(DataError) as info:
        territoires_for("18", FIXTURES / "missing_column.csv")
    message = str(info.value)
    assert "missing_column.csv" in message
    assert "id_ti" in message
    assert "manquante" in message


def test_missing_file(tmp_path):
    with pytest.raises(DataError) as info:
        territoires_for("18", tmp_path / "absent.csv")
    assert "absent.csv" in str(info.value)


def test_bad_commune_code(tmp_path):
    path = tmp_path / "anct.csv"
    path.write_text("insee_com;lib_com;id_ti;lib_ti\n18033;Bourges;T;X\nabc;?;T;X\n")
    with pytest.raises(DataError) as info:
        territoires_for("18", path)
    assert "ligne 3" in str(info.value)
    assert "abc" in str(info.value)
