"""The customs files' fields, declared once: their order in the official lines (which is the
canonical frame's), their type, and their column in the workbooks' data Tables (header, the
column of names beside a code, the kind of those names in « Libellés »).

The source reader (source/parsing.py), the workbooks' Tables (writers/xlsx/bookmeta.py,
tables.py), the formulas' criteria and the read-back (readback/) all take them from here: adding
a field is one line below (and the demo generator, source/demo.py, that writes it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One field of the official lines."""

    name: str  # its column in the canonical frame
    dtype: str  # "code" (text, a category) or the integer type: "int8", "int16", "int64"
    header: str = ""  # its column in the workbooks' data Tables ("": none)
    label_header: str = ""  # a code's names, in the column beside it ("Produit A129")
    names: str = ""  # the kind of those names in « Libellés » and the team's short labels
    summed: bool = False  # a figure of the trade (summed), not one of its attributes
    width: float = 0  # its column's width in the Tables (0: measured from its texts)
    label_width: float = 60  # the widest its names' column may be

    @property
    def is_code(self) -> bool:
        return self.dtype == "code"


FLOW = Field("flux", "code", "Flux")
QUARTER = Field("trimestre", "int8", "Trimestre", width=11)
YEAR = Field("annee", "int16", "Année", width=8)
DEPARTMENT = Field("departement", "code", "Département")
REGION = Field("region", "code")  # the region of the lines: the department's says it
A129 = Field("a129", "code", "Code A129", "Produit A129", "a129", label_width=64)
CPF4 = Field("cpf4", "code", "Code CPF4", "Produit CPF4", "cpf4", label_width=64)
COUNTRY = Field("pays", "code", "Code pays", "Pays", "pays", label_width=78)
VALUE = Field("valeur", "int64", "Valeur (€)", summed=True, width=16)
MASS = Field("masse", "int64", "Masse (kg)", summed=True, width=15)

# In the official lines' order (DGDDI-FORMAT.md): ten fields, no header, « ; » between them.
FIELDS = (FLOW, QUARTER, YEAR, DEPARTMENT, REGION, A129, CPF4, COUNTRY, VALUE, MASS)


def table_headers() -> tuple[str, ...]:
    """The columns of a department's « Données » Table (its source lines), in order: each field
    that has one, a code's names beside it."""
    headers: list[str] = []
    for field in FIELDS:
        if field.header:
            headers += [field.header, field.label_header] if field.label_header else [field.header]
    return tuple(headers)
