"""Registers kept beside the book and reused by the next export; the pool of workers (issue 14).

A closed period's PDF is reused only when its data, layout and renderer are
the same (a signer's name dated back or a cheque handed over on a closed day
renders it anew), never when its bytes no longer match its name, never for a
draft; the workers render exactly what the export's own process renders, and
a killed export leaves no worker behind.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from manualbook import bundle_registers as br
from manualbook.bundle import export
from manualbook.bundle_verify import verify_bundle

pytestmark = pytest.mark.registers
PRINTED = re.compile(r"พิมพ์เมื่อ \S+ \S+ \S+ เวลา \S+ น\.")  # the time of printing, the workers' own


def _kept(book) -> dict[str, bytes]:
    folder = br.cache_folder(book.path)
    return {p.name: p.read_bytes() for p in folder.glob("*.pdf")}


def _sources(result) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in result.manifest["files"] if f["path"].endswith(".pdf")}


def test_a_second_export_reuses_the_closed_periods_pdfs(book, stick, monkeypatch):
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "1")
    first = export(book, stick / "b1")
    kept = _kept(book)
    assert kept, "closed days' registers are kept"
    assert first.manifest["registers_reused"] == 0
    second = export(book, stick / "b2")
    assert second.manifest["registers_reused"] == len(kept)
    # the same bytes: a kept register is the very file the first bundle carried
    same = {p: s for p, s in _sources(second).items() if _sources(first)[p] == s}
    assert len(same) >= len(kept)
    assert verify_bundle(stick / "b2").ok
    # drafts are never kept: the demo's month and its last days are open, only closed days' statuses are kept
    closed = book.closed_through()
    statuses = [p for p in _sources(second) if "daily-status" in p]
    closed_days = [p for p in statuses if dt.date(int(p[-14:-10]) - 543, int(p[-9:-7]), int(p[-6:-4])) <= closed]
    assert 0 < len(closed_days) < len(statuses)
    assert len(kept) == len(closed_days)


def test_a_change_to_a_closed_days_data_renders_it_anew(book, stick, monkeypatch):
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "1")
    export(book, stick / "b1")
    closed = book.closed_through()
    day = dt.date(2024, 7, 8)
    before = _kept(book)
    book.set_setting("finance_head", "นายใหม่ แทนตำแหน่ง", effective=day)  # a signer's name dated back
    second = export(book, stick / "b2")
    after = _kept(book)
    assert set(after) - set(before), "registers whose sign-off changed were rendered anew"
    assert second.manifest["registers_reused"] < len(before)
    from manualbook.reporting import render_report
    text = render_report(book, "daily-status", day, day)
    assert day <= closed and text  # the new name is what the data now say; the kept file was not reused


def test_a_kept_file_that_does_not_match_its_name_is_rendered_anew(book, stick, monkeypatch):
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "1")
    export(book, stick / "b1")
    folder = br.cache_folder(book.path)
    victim = sorted(folder.glob("*.pdf"))[0]
    victim.write_bytes(victim.read_bytes().replace(b"%PDF", b"%PDX", 1))  # a damaged disk, a tamperer
    second = export(book, stick / "b2")
    assert second.manifest["registers_reused"] == len(list(folder.glob("*.pdf"))) - 1
    assert not victim.exists() or victim.read_bytes().startswith(b"%PDF")
    for f in second.manifest["files"]:
        if f["path"].endswith(".pdf"):
            assert (stick / "b2" / f["path"]).read_bytes().startswith(b"%PDF")
    assert verify_bundle(stick / "b2").ok


def test_the_pool_renders_what_the_export_renders_alone(book, stick, monkeypatch):
    """Two workers and one process give registers with the same pages (the time of printing aside)."""
    from manualbook import reporting

    fixed = dt.datetime(2024, 8, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    monkeypatch.setattr(reporting, "clock", lambda: fixed)
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "1")
    alone = export(book, stick / "alone")
    for p in br.cache_folder(book.path).glob("*.pdf"):
        p.unlink()
    monkeypatch.setenv("MANUALBOOK_RENDER_WORKERS", "2")
    pooled = export(book, stick / "pool")  # the workers' clock is their own: compare the text
    a, b = _sources(alone), _sources(pooled)
    assert a.keys() == b.keys()
    import pypdfium2 as pdfium

    for path in a:
        texts = []
        for root in (stick / "alone", stick / "pool"):
            doc = pdfium.PdfDocument((root / path).read_bytes())
            texts.append([PRINTED.sub("", " ".join(doc[i].get_textpage().get_text_range().split()))
                          for i in range(len(doc))])
            doc.close()
        assert texts[0] == texts[1], path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_export_leaves_no_worker_behind(demo_path, stick):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MANUALBOOK_RENDER_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "manualbook", "--db", str(demo_path), "export", "--out",
                             str(stick / "b1")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    children: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(children) < 2 and proc.poll() is None:
        children |= {int(p) for p in os.listdir("/proc") if p.isdigit() and _parent(int(p)) == proc.pid}
        time.sleep(0.02)
    assert children, "the export started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader = threading.Thread(target=proc.stderr.read, daemon=True)
    reader.start()
    reader.join(20)
    assert not reader.is_alive(), "a worker still holds the killed export's stderr open"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{c}") and _parent(c) for c in children):
        time.sleep(0.1)
    alive = [c for c in children if os.path.exists(f"/proc/{c}") and _parent(c) is not None]
    assert not alive, f"workers left running: {alive}"


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return None  # a zombie is gone
        return int(stat.rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
