"""Where the tests find their data: `tests/data/` always, `../shared` only for the extra checks.

A clone alone has no `../shared` (the real DGDDI annexes, INSEE's tables, the developer tools):
the extra tests that need it skip, saying which path is missing. CI and developers have it, so
they run there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
TEST_DATA = REPOSITORY / "tests" / "data"
PUBLISHED = TEST_DATA / "published-2024.csv"

SHARED = REPOSITORY.parent / "shared"
RAW = SHARED / "data" / "raw"
ANNEXES = RAW / "dgddi-labels-elioduclos"
COG = RAW / "cog2024-etalab-decoupage-administratif"


def needs(path: Path) -> pytest.MarkDecorator:
    """Mark an extra test that reads `path` (inside ../shared): skipped, saying so, when absent."""
    shown = Path("..") / path.relative_to(REPOSITORY.parent)
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"extra test: {shown.as_posix()} is absent (no ../shared beside this clone)",
    )
