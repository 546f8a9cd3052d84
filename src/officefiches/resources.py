"""Files shipped with the package: reference tables (`data/`) and editable texts (`templates/`).

Both folders live at the project's root so a team can edit them, and are installed as the package
data `officefiches.data` and `officefiches.templates`. Running from a source checkout without
installation (PYTHONPATH=src) falls back to the root folders.
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


def data_text(name: str) -> str:
    """Text of `data/<name>` (UTF-8, BOM tolerated)."""
    return _path("data", "data", name).read_text(encoding="utf-8-sig")


def template_text(name: str) -> str:
    """Text of `templates/<name>`."""
    return _path("templates", "templates", name).read_text(encoding="utf-8-sig")


def template_bytes(name: str) -> bytes:
    return _path("templates", "templates", name).read_bytes()
