"""Files shipped with the package: reference tables (`data/`) and editable texts (`templates/`).

Both folders live at the project's root and are installed as the package data
`officefiches.data` and `officefiches.templates`. Running from a source checkout without
installation (PYTHONPATH=src) falls back to the root folders.

A team's own texts live in a folder of theirs (`--texts DOSSIER`, else `textes/` in the user's
configuration folder), whatever the install: `use_texts(folder)` makes every file it holds among
`EDITABLE` take the built-in one's place (writers/texts.py checks and merges them).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _path(package: str, folder: str, name: str):
    try:
        return files(f"officefiches.{package}").joinpath(name)
    except ModuleNotFoundError:
        return ROOT / folder / name


# The files a team may change: the fiche's texts and sentence templates (templates/), and the
# short names of products and countries (data/).
EDITABLE_TEMPLATES = (
    "textes.toml",
    "classeur.toml",
    "introduction.md",
    "contexte.md",
    "methodologie.md",
    "informations.md",
    "methode.md",
)
EDITABLE_DATA = ("a129_courts.csv", "pays_courts.csv")
EDITABLE = EDITABLE_TEMPLATES + EDITABLE_DATA

_team_folder: Path | None = None


def use_texts(folder: Path | None) -> None:
    """The team's texts folder for this process (None: the built-in texts alone)."""
    global _team_folder
    _team_folder = Path(folder) if folder is not None else None


def texts_folder() -> Path | None:
    return _team_folder


def team_file(name: str) -> Path | None:
    """The team's own copy of an editable file, when their folder holds one."""
    if _team_folder is None or name not in EDITABLE:
        return None
    path = _team_folder / name
    return path if path.is_file() else None


def config_home() -> Path:
    """OFFICEFICHES_CONFIG_DIR, else the user's configuration folder for officefiches
    (~/.config/officefiches on Linux, %APPDATA%\\officefiches on Windows)."""
    import os

    explicit = os.environ.get("OFFICEFICHES_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_config_dir("officefiches", appauthor=False, roaming=True))


def builtin_text(name: str) -> str:
    """The text of a built-in editable file, as shipped."""
    folder = ("templates", "templates") if name in EDITABLE_TEMPLATES else ("data", "data")
    return _path(*folder, name).read_text(encoding="utf-8-sig")


def data_text(name: str) -> str:
    """Text of `data/<name>` (UTF-8, BOM tolerated)."""
    return _path("data", "data", name).read_text(encoding="utf-8-sig")


def template_text(name: str) -> str:
    """Text of `templates/<name>`: the team's copy when they have one (checked beforehand by
    writers/texts.check_folder)."""
    own = team_file(name)
    if own is not None:
        return own.read_text(encoding="utf-8-sig")
    return _path("templates", "templates", name).read_text(encoding="utf-8-sig")


def template_bytes(name: str) -> bytes:
    return _path("templates", "templates", name).read_bytes()
