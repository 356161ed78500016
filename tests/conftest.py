"""Fixtures for every test: caches the program keeps between runs live in a temporary folder."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """The remembered Thai word boundaries (render/segments.py) of this run only, never the
    user's: what a test prints cannot depend on an earlier run."""
    os.environ["MANUALBOOK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
