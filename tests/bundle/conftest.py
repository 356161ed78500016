"""Fixtures for the backfill bundle tests: one demo office built per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from manualbook.book import Book
from manualbook.demo import build_demo


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(path)
    return path


@pytest.fixture
def demo_path(demo_file, tmp_path) -> Path:
    path = tmp_path / "book" / "demo.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture
def book(demo_path):
    b = Book.open(demo_path)
    yield b
    b.close()


@pytest.fixture
def stick(tmp_path) -> Path:
    path = tmp_path / "stick"
    path.mkdir()
    return path


def pytest_configure(config):
    config.addinivalue_line("markers", "registers: render the real PDF registers (slow)")
    config.addinivalue_line("markers", "real_fsync: really fsync files and folders (slow on some disks)")


class _FakeReporting:
    """Stands in for manualbook.reporting in most tests: real registers take about a second per export."""

    REPORT_NAMES = ("daily-status", "receipts-book", "cash-report")

    @staticmethod
    def render_report(book, name, first, last):
        return f"%PDF-1.4 fake {name} {first} {last}\n".encode() * 20


@pytest.fixture(autouse=True)
def fast_registers(request, monkeypatch):
    if request.node.get_closest_marker("registers") is None:
        import manualbook.bundle as bundle
        monkeypatch.setattr(bundle, "registers_module", lambda: _FakeReporting)


@pytest.fixture(autouse=True)
def no_fsync(request, monkeypatch):
    """fsync is the slow part on a test machine's disk; the calls still happen (and can be made to
    fail), they just do not wait for the disk. Tests marked real_fsync use the real thing."""
    if request.node.get_closest_marker("real_fsync") is None:
        import manualbook.bundle_write as bundle
        monkeypatch.setattr(bundle.Writer, "fsync", lambda self, fd: None)
        monkeypatch.setattr(bundle.Writer, "fsync_dir", lambda self, path: None)
