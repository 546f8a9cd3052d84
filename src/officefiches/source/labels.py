"""Labels of products (A129, CPF4) and partner countries.

Two sources: the DGDDI annexes when the user's files carry them (`Libelle_A129.txt`,
`Libelle_CPF4_rev2.1.txt`, `Libelle_PAYS.txt`, under the names of every edition: ANNEX_NAMES),
else labels the project writes itself (`data/a129.csv`, `data/cpf4.csv`, countries from
pycountry's French names completed by `data/pays_complements.csv`). A code without a label is
shown by its code, never dropped.

The annexes' traps, all handled here: a UTF-8 BOM on the first code, the CPF4 file in
Windows-1252 although announced as UTF-8, labels in double quotes that contain `;`, and codes
reused over time (`QU`, `XK`, `XS`): the row still valid (fin `999912`) wins, else the latest.

Labels are text and nothing else: control characters (NUL, tabulations, line breaks, C1 codes)
and the invisible direction marks that could disguise a label are removed from the annexes'
labels (one warning lists the codes); a label left empty is dropped, so its code shows instead.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from officefiches.errors import DataError
from officefiches.resources import data_text

ANNEX_FILES = {
    "a129": "Libelle_A129.txt",
    "cpf4": "Libelle_CPF4_rev2.1.txt",
    "pays": "Libelle_PAYS.txt",
}
# The annexes under every name the editions gave them: `Libelle_CPF4.txt` (2019),
# `Libelle_CPF4_rev2.1_2.txt` (2021), `Libelle_CPF4_rev2.1.txt` (2025), and likewise the others.
ANNEX_NAMES = {
    kind: re.compile(rf"^libell[eé]_{kind}([ _.-].*)?\.txt$", re.I) for kind in ANNEX_FILES
}
# The departments annex (`Departement_region.txt`): known, not needed (geography.py has them).
DEPARTMENTS_ANNEX = re.compile(r"^d[eé]partements?_r[eé]gions?([ _.-].*)?\.txt$", re.I)
BUILTIN_SOURCE = "libellés intégrés à officefiches"
ANNEX_SOURCE = "annexes DGDDI"
STILL_VALID = "999912"
# Control characters, and the bidirectional marks and other invisible ones that can disguise a text.
CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\uffff]"
)
SPACES = re.compile(r"\s+")
# Capitals the customs annex writes without their accent (« Etats-Unis », « Egypte »): the words
# of country names that take one, restored on their own (whole words only, case kept otherwise).
ACCENTED_CAPITALS = {
    "Egypte": "Égypte",
    "Emirats": "Émirats",
    "Equateur": "Équateur",
    "Erythrée": "Érythrée",
    "Etat": "État",
    "Etats": "États",
    "Ethiopie": "Éthiopie",
}
_UNACCENTED = re.compile(r"\b(" + "|".join(ACCENTED_CAPITALS) + r")\b")


@dataclass(frozen=True)
class Labels:
    a129: Mapping[str, str] = field(default_factory=dict)
    cpf4: Mapping[str, str] = field(default_factory=dict)
    pays: Mapping[str, str] = field(default_factory=dict)
    source: str = BUILTIN_SOURCE

    def a129_label(self, code: str) -> str:
        return self.a129.get(code) or code

    def cpf4_label(self, code: str) -> str:
        return self.cpf4.get(code) or code

    def pays_label(self, code: str) -> str:
        return self.pays.get(code) or code

    def missing(self, kind: str, codes: Iterable[str]) -> list[str]:
        """The codes of `kind` ("a129", "cpf4", "pays") that have no label, sorted."""
        known = getattr(self, kind)
        return sorted({code for code in codes if code not in known})


def _csv_table(name: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(data_text(name)), delimiter=";")
    return {row["code"]: row["libelle"] for row in rows}


@functools.cache
def builtin_labels() -> Labels:
    """The project's own labels (no annex needed)."""
    return Labels(
        a129=_csv_table("a129.csv"),
        cpf4=_csv_table("cpf4.csv"),
        pays=_builtin_countries(),
        source=BUILTIN_SOURCE,
    )


def _builtin_countries() -> dict[str, str]:
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names = {country.alpha_2: french.gettext(country.name) for country in pycountry.countries}
    names.update(_csv_table("pays_complements.csv"))  # usual short names, DGDDI's own codes
    return names


def decode_annex(data: bytes, name: str) -> str:
    """UTF-8 (BOM dropped), else Windows-1252, as the real annexes come."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise DataError(
            f"{name} : encodage illisible (essayé UTF-8 puis Windows-1252, octet "
            f"{error.start + 1}). Enregistrez le fichier en UTF-8 et relancez."
        ) from None


def clean_text(text: str) -> str:
    """`text` without control or invisible characters (a line break or a tabulation becomes a
    space), spaces collapsed."""
    return SPACES.sub(" ", CONTROL.sub(lambda m: " " if m.group().isspace() else "", text)).strip()


def restore_accents(label: str) -> str:
    """A country name with the accents of its capitals restored: « Etats-Unis » → « États-Unis »,
    « Mineures éloignées des Etats-Unis (îles) » → « … des États-Unis (îles) »."""
    return _UNACCENTED.sub(lambda m: ACCENTED_CAPITALS[m.group(1)], label)


def parse_annex(text: str, name: str, cleaned: list[str] | None = None) -> dict[str, str]:
    """code;libellé;début;fin lines (no header; quoted labels may hold `;`) → {code: label}.

    Labels are cleaned (`clean_text`); the codes whose label had to be are appended to `cleaned`.
    A label left empty is dropped: the code shows instead.
    """
    chosen: dict[str, tuple[str, str]] = {}  # code -> (fin, label)
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    try:
        for number, row in enumerate(reader, start=1):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 2:
                raise DataError(
                    f"{name}, ligne {number} : un code et un libellé séparés par « ; » sont "
                    f"attendus, lu « {clean_text(';'.join(row))} ». Corrigez la ligne ou retirez "
                    "le fichier de libellés."
                )
            code, label = clean_text(row[0]), clean_text(row[1])
            if cleaned is not None and CONTROL.search(row[1]):
                cleaned.append(code)
            end = row[3].strip() if len(row) > 3 else STILL_VALID
            previous = chosen.get(code)
            if previous is None or end >= previous[0]:  # the still valid (999912) or latest wins
                chosen[code] = (end, label)
    except csv.Error as error:
        raise DataError(
            f"{name}, ligne {reader.line_num} : ligne illisible ({error}). Corrigez-la ou retirez "
            "le fichier de libellés."
        ) from None
    return {code: label for code, (_, label) in chosen.items() if label}


def from_annexes(
    files: Mapping[str, tuple[bytes, str]], on_warning: Callable[[str], None] | None = None
) -> Labels | None:
    """Labels from the annexes found among the user's files ({kind: (bytes, file name)}).

    Kinds without an annex take the built-in labels; None when no annex at all was given.
    One warning lists the codes whose label held control characters (removed).
    """
    if not files:
        return None
    cleaned: list[str] = []
    tables = {
        kind: parse_annex(decode_annex(data, name), name, cleaned)
        for kind, (data, name) in files.items()
    }
    if cleaned and on_warning:
        shown = ", ".join(sorted(set(cleaned))[:30]) + (" …" if len(set(cleaned)) > 30 else "")
        on_warning(
            "Caractères de contrôle ou invisibles retirés des libellés des codes : "
            f"{shown} (un libellé resté vide est remplacé par le code)."
        )
    names = ", ".join(re.split(r"[/\\›]", name)[-1].strip() for _, name in files.values())
    if "pays" in tables:
        tables["pays"] = {code: restore_accents(label) for code, label in tables["pays"].items()}
    own = Labels(**tables, source=f"{ANNEX_SOURCE} ({names})")
    builtin = builtin_labels()
    return Labels(
        a129=own.a129 or builtin.a129,
        cpf4=own.cpf4 or builtin.cpf4,
        pays=own.pays or builtin.pays,
        source=own.source,
    )


def annex_kind(file_name: str) -> str | None:
    """Which annex a file is (by its name in any edition, case ignored), or None."""
    for kind, pattern in ANNEX_NAMES.items():
        if pattern.match(file_name):
            return kind
    return None
