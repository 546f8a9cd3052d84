"""Every test gets its own cache and data folders: the user's are never touched."""

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("OFFICEFICHES_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("OFFICEFICHES_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    # the user's own texts (textes/ of their configuration folder) never reach a test's outputs
    monkeypatch.setenv("OFFICEFICHES_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    # the catalogue that « data fetch » searches: a closed local port, never the Internet
    monkeypatch.setenv("OFFICEFICHES_CATALOGUE", "http://127.0.0.1:9/")
