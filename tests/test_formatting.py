"""French typography of figures: exact strings (U+202F thousands separator, decimal comma)."""

from decimal import Decimal

import pytest

from officefiches.formatting import euros, integer, meur, number, pct, signed_meur

N = "\u202f"  # narrow no-break space


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_879_300_000, f"1{N}879,3"),
        (207_000_000, "207,0"),
        (1_879_250_000, f"1{N}879,3"),  # half-up, not half-even
        (1_879_350_000, f"1{N}879,4"),
        (1_879_249_999, f"1{N}879,2"),
        (580_354_500_000, f"580{N}354,5"),
        (0, "0,0"),
        (49_999, "0,0"),
        (50_000, "0,1"),
        (-1_879_250_000, f"\u22121{N}879,3"),
    ],
)
def test_meur(value, expected):
    assert meur(value) == expected


def test_meur_decimals_and_float_input():
    assert meur(1_879_300_000, decimals=0) == f"1{N}879"
    assert meur(1_879_300_000, decimals=2) == f"1{N}879,30"
    assert meur(1879.25e6) == f"1{N}879,3"
    assert number(1879.25, 1) == f"1{N}879,3"  # 1879.25 as a float must not become 1879,2
    assert number(0.125, 2) == "0,13"
    assert number(2.675, 2) == "2,68"  # binary 2.67499999… but printed as the fiches round


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("6.7"), 1, f"6,7{N}%"),
        (Decimal("0.32"), 2, f"0,32{N}%"),
        (Decimal("0.325"), 2, f"0,33{N}%"),
        (6.65, 1, f"6,7{N}%"),
        (Decimal("12.50"), 2, f"12,50{N}%"),
        (Decimal("100"), 1, f"100,0{N}%"),
        (Decimal("1234.5"), 1, f"1{N}234,5{N}%"),
        (None, 1, "n.d."),
        (None, 2, "n.d."),
    ],
)
def test_pct(value, decimals, expected):
    assert pct(value, decimals) == expected


def test_euros():
    assert euros(1_879_300_000) == f"1{N}879{N}300{N}000\u00a0€"
    assert euros(0) == "0\u00a0€"
    assert euros(-12) == "\u221212\u00a0€"


def test_signed_meur():
    assert signed_meur(12_300_000) == "+12,3"
    assert signed_meur(-12_300_000) == "\u221212,3"
    assert signed_meur(1_234_560_000) == f"+1{N}234,6"
    assert signed_meur(-1_234_560_000) == f"\u22121{N}234,6"
    assert signed_meur(0) == "0,0"
    assert signed_meur(-20_000) == "0,0"  # rounds to zero: no sign
    assert signed_meur(1_000_000_000) == f"+1{N}000,0"


def test_integer():
    assert integer(0) == "0"
    assert integer(999) == "999"
    assert integer(1000) == f"1{N}000"
    assert integer(1_234_567) == f"1{N}234{N}567"
    assert integer(-1_234) == f"\u22121{N}234"


def test_french_typography_of_running_text():
    from officefiches.formatting import NBSP, NNBSP, typographie

    text = typographie("Total des exportations : 1 879,3 millions d'euros")
    assert text == f"Total des exportations{NBSP}: 1 879,3 millions{NBSP}d’euros"
    assert typographie("en vert avec « + » sinon") == f"en vert avec «{NBSP}+{NBSP}» sinon"
    assert typographie("Quoi ? Oui ! a ; b") == f"Quoi{NNBSP}? Oui{NNBSP}! a{NNBSP}; b"
    assert typographie("12,3 M€ et 4 %") == f"12,3{NBSP}M€ et 4{NNBSP}%"
    assert typographie("https://anct.gouv.fr") == "https://anct.gouv.fr"  # no space, no change
    assert "'" not in typographie("l'export, d'euros, aujourd'hui")
    assert typographie(typographie("« x » : y")) == typographie("« x » : y")  # idempotent
