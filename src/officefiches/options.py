"""The build's options, gathered once from the command line and passed down as one object."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FIGURE_MODES = ("shapes", "images")


@dataclass(frozen=True)
class BuildOptions:
    regions: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    all_departments: bool = False
    year: int | None = None
    compare_year: int | None = None  # None: the year before, when the data hold it whole
    data: tuple[Path, ...] = ()
    out: Path = Path("out")
    territoires: Path | None = None
    figures: str = "shapes"
    template: Path | None = None
    logos: tuple[Path, ...] = ()  # the team's logos (PNG, JPEG, SVG): cover and every footer
    quiet: bool = False
    jobs: int = 1
    force: bool = False
    use_cache: bool = True
    demo_lines: int | None = None
    pdf: bool = False  # also a PDF of each deck, through LibreOffice
    # how worker processes start: None = "fork" on Linux, the platform's default elsewhere
    # ("spawn" on Windows and macOS); tests force "spawn" to check a Windows-like run
    start_method: str | None = None


def creation_time() -> datetime:
    """The timestamp stamped in every output: SOURCE_DATE_EPOCH when set, else a fixed date,
    so that the same inputs give the same files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(2000, 1, 1)
