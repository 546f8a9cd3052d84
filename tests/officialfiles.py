"""Write frames as the customs publish them (annual files, ZIPs with a folder, rolling files)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from officefiches.source import reader

COLUMNS = reader.COLUMNS


def as_text(frame: pd.DataFrame) -> bytes:
    """Headerless, `;`-separated, CRLF: the official layout."""
    body = frame[COLUMNS].astype(str).agg(";".join, axis=1)
    return ("\r\n".join(body) + "\r\n").encode("utf-8")


def annual_dir(frame: pd.DataFrame, folder: Path, year: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for flux, name in (("E", "Export"), ("I", "Import")):
        rows = frame[(frame["flux"] == flux) & (frame["annee"] == year)]
        (folder / f"Region_{year}_{name}.txt").write_bytes(as_text(rows))
    return folder


def annual_zips(frame: pd.DataFrame, folder: Path, year: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    zips = []
    for flux, name in (("E", "export"), ("I", "import")):
        rows = frame[(frame["flux"] == flux) & (frame["annee"] == year)]
        path = folder / f"Regional-{year}-{name}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            member = f"Regional-{year}-{name}/Region_{year}_{name.capitalize()}.txt"
            archive.writestr(member, as_text(rows))
        zips.append(path)
    return zips


def rolling_dir(frame: pd.DataFrame, folder: Path, quarters: list[tuple[int, int]]) -> Path:
    """REGIONAL_CPF4PAYSE/I.txt holding the given (year, quarter) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    keep = pd.Series(list(zip(frame["annee"], frame["trimestre"], strict=True))).isin(quarters)
    rows = frame[keep.to_numpy()]
    for flux, suffix in (("E", "E"), ("I", "I")):
        (folder / f"REGIONAL_CPF4PAYS{suffix}.txt").write_bytes(as_text(rows[rows["flux"] == flux]))
    return folder
