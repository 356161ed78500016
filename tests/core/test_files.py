"""A file is written whole or not at all."""

from __future__ import annotations

import os

import pytest

from manualbook.files import write_whole


def test_written_whole(tmp_path):
    target = tmp_path / "r.pdf"
    assert write_whole(target, b"%PDF-1.4 abc") == target
    assert target.read_bytes() == b"%PDF-1.4 abc"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_a_failure_leaves_the_old_file_and_no_partial(tmp_path, monkeypatch):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_whole(target, b"new and longer")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]
