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

    @property
    def is_code(self) -> bool:
        return self.dtype == "code"


FLOW = Field("flux", "code", "Flux")
QUARTER = Field("trimestre", "int8", "Trimestre")
YEAR = Field("annee", "int16", "Année")
DEPARTMENT = Field("departement", "code", "Département")
REGION = Field("region", "code")  # the region of the lines: the department's says it
A129 = Field("a129", "code", "Code A129", "Produit A129", "a129")
CPF4 = Field("cpf4", "code", "Code CPF4", "Produit CPF4", "cpf4")
COUNTRY = Field("pays", "code", "Code pays", "Pays", "pays")
VALUE = Field("valeur", "int64", "Valeur (€)")
MASS = Field("masse", "int64", "Masse (kg)")

# In the official lines' order (DGDDI-FORMAT.md): ten fields, no header, « ; » between them.
FIELDS = (FLOW, QUARTER, YEAR, DEPARTMENT, REGION, A129, CPF4, COUNTRY, VALUE, MASS)
