"""Fixtures for every test: caches the program keeps between runs live in a temporary folder."""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--wheel", action="store_true",
                     help="also build the wheel, install it in a fresh venv and run it (about a minute; .ci/run does)")


def pytest_configure(config):
    config.addinivalue_line("markers", "wheel: builds, installs and runs the wheel (run with --wheel)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--wheel"):
        return
    skip = pytest.mark.skip(reason="builds and installs the wheel: run with --wheel, as .ci/run does")
    for item in items:
        if "wheel" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """The remembered Thai word boundaries (render/segments.py) of this run only, never the
    user's: what a test prints cannot depend on an earlier run."""
    os.environ["MANUALBOOK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
