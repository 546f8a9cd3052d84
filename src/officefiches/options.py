"""The build's options, gathered once from the command line and passed down as one object."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from officefiches.model import Period

FIGURE_MODES = ("shapes", "images")


@dataclass(frozen=True)
class BuildOptions:
    regions: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    all_departments: bool = False
    year: int | None = None
    compare_year: int | None = None  # None: the year before, when the data hold it whole
    # four quarters across two years (--period 2024-T3), or LATEST_PERIOD: the latest four the
    # data hold; None: the calendar `year` (--period 2024 sets `year`)
    period: Period | str | None = None
    since: int | None = None  # the trends' first year at the earliest (--since)
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
    texts: Path | None = None  # the team's texts folder (--texts); None: textes/ of the config
    carry_over: tuple[Path, ...] = ()  # another year's workbooks (or folders) whose work to carry
    # how worker processes start: None = "fork" on Linux, the platform's default elsewhere
    # ("spawn" on Windows and macOS); tests force "spawn" to check a Windows-like run
    start_method: str | None = None


YEARS_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")
FIRST_YEAR, LAST_YEAR = 1950, 2099  # as the reader accepts them


def parse_years(text: str) -> tuple[int, ...]:
    """ "2015-2024" → (2015, …, 2024); "2019,2021" → (2019, 2021); "2024" → (2024,).
    A UsageError (exit 2) saying the expected form otherwise."""
    from officefiches.errors import UsageError

    years: set[int] = set()
    for part in text.split(","):
        match = YEARS_RANGE.match(part)
        first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
        if not match or first > last or first < FIRST_YEAR or last > LAST_YEAR:
            raise UsageError(
                f"Années « {text} » incomprises : écrivez par exemple 2015-2024 (de 2015 à 2024) "
                f"ou 2019,2021 (années entre {FIRST_YEAR} et {LAST_YEAR})."
            )
        years.update(range(first, last + 1))
    return tuple(sorted(years))


LATEST_PERIOD = "latest"
PERIOD = re.compile(r"^\s*(\d{4})\s*(?:-?\s*[Tt]\s*([1-4]))?\s*$")


def parse_period(text: str) -> int | Period | str:
    """ "2024-T3" → Period(2024, 3); "2024" and "2024-T4" → 2024 (the calendar year); "latest" →
    LATEST_PERIOD. A UsageError (exit 2) saying the expected form otherwise."""
    from officefiches.errors import UsageError

    if text.strip().lower() in (LATEST_PERIOD, "dernier", "derniere", "dernière"):
        return LATEST_PERIOD
    match = PERIOD.match(text)
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise UsageError(
            f"Période « {text} » incomprise : écrivez AAAA-Tn pour les quatre trimestres finissant "
            "au trimestre n de l'année AAAA (2024-T3 : d'octobre 2023 à septembre 2024), AAAA "
            "pour l'année civile, ou latest pour les quatre derniers trimestres des données."
        )
    year, quarter = int(match[1]), int(match[2] or 4)
    return year if quarter == 4 else Period(year, quarter)


def creation_time() -> datetime:
    """The timestamp stamped in every output: SOURCE_DATE_EPOCH when set, else a fixed date,
    so that the same inputs give the same files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(2000, 1, 1)
