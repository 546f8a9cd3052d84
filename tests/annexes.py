"""Small samples of the DGDDI label annexes, with the real files' exact shape and traps.

Lines copied from the real annexes (the development material's
`data/raw/dgddi-labels-elioduclos/`, not needed by the tests): no header,
`code;libellé;début AAAAMM;fin AAAAMM`, CRLF. The traps the reader must survive:
- `Libelle_A129.txt` is UTF-8 with a BOM stuck to the first code;
- `Libelle_CPF4_rev2.1.txt` is Windows-1252 (announced as UTF-8), some labels double-quoted
  because they hold `;`;
- `Libelle_PAYS.txt` reuses codes over time (QU, XK, XS): the row still valid (fin 999912) wins.
"""

from __future__ import annotations

from pathlib import Path

from officefiches.source import labels

A129_LINES = [
    "A01Z;Produits de la culture et de l\u2019élevage;200901;999912",
    "A02Z;Produits sylvicoles;200901;999912",
    "C21Z;Produits pharmaceutiques;200901;999912",
    "C22A;Produits en caoutchouc;200901;999912",
    "C30D;Véhicules militaires de combat;200901;999912",
]
CPF4_LINES = [
    "0111;Céréales (à l'exclusion du riz), légumineuses et oléagineux;201501;999912",
    '0130;"Plants : plants de pépinière, bulbes, tubercules et rhizomes, boutures et '
    'greffons ; blanc de champignon";201501;999912',
    "2120;Préparations pharmaceutiques;201501;999912",
    '2211;"Pneumatiques ; rechapage et resculptage de pneumatiques";201501;999912',
    "2221;Plaques, feuilles, tubes et profilés en matières plastiques;201501;999912",
]
PAYS_LINES = [
    "DE;Allemagne;190001;999912",
    "QU;Pays NDA;190001;199912",
    "QU;Pays et territoires non déterminés;201201;999912",
    "US;Etats-Unis;190001;999912",
    "XK;Yougoslavie;199206;199212",
    "XK;Kosovo;200506;999912",
    "XS;Saba;190001;200505",
    "XS;Serbie;200506;999912",
]


def crlf(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


SAMPLES: dict[str, bytes] = {
    "Libelle_A129.txt": ("\ufeff" + crlf(A129_LINES)).encode("utf-8"),
    "Libelle_CPF4_rev2.1.txt": crlf(CPF4_LINES).encode("cp1252"),
    "Libelle_PAYS.txt": crlf(PAYS_LINES).encode("utf-8"),
}


def write_samples(folder: Path) -> list[Path]:
    """The three sample annexes written in `folder`, as they come beside the data files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in SAMPLES.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def annex_files(folder: Path, kinds=tuple(labels.ANNEX_FILES)) -> dict[str, tuple[bytes, str]]:
    """{kind: (bytes, file name)} for `labels.from_annexes`, read from the files in `folder`."""
    return {
        kind: ((folder / labels.ANNEX_FILES[kind]).read_bytes(), labels.ANNEX_FILES[kind])
        for kind in kinds
    }
