"""Every test gets its own parsed-data cache: the user's cache is never touched."""

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("OFFICEFICHES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
