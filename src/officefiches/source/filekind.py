"""What a file is, from its first bytes and, for a ZIP, its parts: so that a file given in the
wrong place is answered for what it is (« c'est une présentation PowerPoint »), never with a
library's message or the list of a workbook's XML parts."""

from __future__ import annotations

import zipfile
from pathlib import Path

PDF = "pdf"
OLE = "ole"  # the Office formats before 2007 (.xls, .doc, .ppt), and password-protected files
TEXT = "text"
ZIP = "zip"  # a plain ZIP (the customs' own)
# an Office Open XML or OpenDocument file, by the folder of its main part or its mimetype
WORKBOOK, DECK, DOCUMENT = "xlsx", "pptx", "docx"
OPEN_DOCUMENT = "odf"

NAMES = {
    WORKBOOK: "un classeur Excel",
    DECK: "une présentation PowerPoint",
    DOCUMENT: "un document Word",
    OPEN_DOCUMENT: "un document OpenDocument (LibreOffice)",
    OLE: "un fichier Office (ancien format .xls, .doc, .ppt, ou protégé par un mot de passe)",
    PDF: "un fichier PDF",
}
OFFICE = {WORKBOOK, DECK, DOCUMENT, OPEN_DOCUMENT, OLE}

_OOXML = {"xl/": WORKBOOK, "ppt/": DECK, "word/": DOCUMENT}


def kind(path: Path) -> str | None:
    """One of the kinds above, or None when the file cannot be read."""
    try:
        with Path(path).open("rb") as stream:
            head = stream.read(8)
    except OSError:
        return None
    if head.startswith(b"%PDF"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return OLE
    if not head.startswith(b"PK"):
        return TEXT
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return ZIP  # a damaged ZIP: the reader says what is wrong with it
    if "mimetype" in names and any(n == "content.xml" for n in names):
        return OPEN_DOCUMENT
    if "[Content_Types].xml" in names:
        for folder, found in _OOXML.items():
            if any(name.startswith(folder) for name in names):
                return found
    return ZIP


def is_office(path: Path) -> str | None:
    """The French name of an Office or PDF file ("un classeur Excel"), None for anything else."""
    found = kind(path)
    return NAMES.get(found) if found in OFFICE or found == PDF else None
