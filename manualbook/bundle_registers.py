"""The bundle's registers: rendered on both cores, and a closed period's PDF kept and reused.

A bundle holds every register of every day and month since the outage: for
a city's five months, 125 daily statuses and 36 monthly registers, about half
a minute of rendering. A register of a closed period never changes, so each
one rendered for an export is kept beside the book (``BOOK.registers/``) and
the next export takes it from there instead of rendering it again.

What makes a register's pages is its key: the report data as the registers
compute them from the book now (every row, total, name, the sign-off, the
chain head at the close; the time of printing left out), the layout, and the
renderer itself (its code, the layouts and word list, the fonts, reportlab's
and HarfBuzz's versions, pythainlp's word list). The data are computed again
for every export, so anything that would change a page (a signer's name dated
back, a cheque handed over, a corrected layout, a new program version) gives a
new key and a new rendering; nothing is trusted because a period is closed.
Only registers of closed days are kept (a draft changes with the next entry).
A kept file is named ``<key>-<sha256>.pdf`` and its bytes are hashed again
before reuse: a file that does not match its name is deleted and rendered
anew. Files this export did not use and not touched for a week are removed.

Jobs run in a pool of worker processes (two: the office PC's cores; the
biggest registers first), each opening the export's snapshot copy read-only;
a pool that cannot start falls back to rendering here, one by one. A job that
fails is reported by name and the others still go (as before).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import json
import os
import threading
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .files import file_digest
from .workers import main_not_rerun

CACHE_SUFFIX = ".registers"
KEEP_UNUSED_DAYS = 7
FIRST_ANSWER = 180  # seconds: a pool that has not finished one job by then is taken for stuck
_ORDER = {"receipts-book": 0, "payments-book": 1, "receipt-control": 2, "revenue-register": 3,
          "budget-register": 4, "cash-report": 5, "daily-status": 6}


@dataclass(frozen=True)
class Job:
    name: str
    first: dt.date
    last: dt.date
    path: str  # inside the bundle


@dataclass(frozen=True)
class Rendered:
    job: Job
    source: Path | None   # the PDF on this computer (kept beside the book, or in the export's work folder)
    sha256: str = ""
    size: int = 0
    reused: bool = False
    error: str = ""


def cache_folder(book_path: Path) -> Path:
    return book_path.with_name(book_path.name + CACHE_SUFFIX)


@lru_cache(maxsize=1)
def renderer_key() -> str:
    """Everything besides the data that decides a register's pages, as one digest."""
    import reportlab
    import uharfbuzz

    from .render import segments

    h = hashlib.sha256(f"reportlab {reportlab.Version} uharfbuzz {uharfbuzz.__version__}".encode())
    here = Path(__file__).parent
    for path in sorted((here / "render").glob("*.py")) + [here / "thaidate.py", here / "money.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    registers = importlib.resources.files("manualbook.resources") / "registers"
    for item in sorted(registers.iterdir(), key=lambda p: p.name):
        if item.is_file():
            h.update(item.name.encode() + b"\0" + item.read_bytes())
    fonts = importlib.resources.files("fontpkg_sarabun") / "files"
    for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
        h.update(name.encode() + b"\0" + hashlib.sha256((fonts / name).read_bytes()).digest())
    h.update(segments.signature("").encode())  # pythainlp's word list, where it is installed
    return h.hexdigest()


def register_key(name: str, layout: dict, data) -> str:
    """The digest of what a register's pages are made of (the time of printing left out)."""
    h = hashlib.sha256(renderer_key().encode())
    h.update(name.encode() + b"\0" + json.dumps(layout, sort_keys=True, ensure_ascii=False).encode())
    h.update(repr(replace(data, printed_at=None)).encode("utf-8"))
    return h.hexdigest()


def _kept(cache: Path, key: str) -> tuple[Path, str, int] | None:
    """(path, sha256, size) of the kept PDF of ``key`` if its bytes are still the ones it was kept
    with (else it is removed): hashed once, here."""
    for path in cache.glob(f"{key[:32]}-*.pdf"):
        try:
            digest, size = file_digest(path)
            if digest.startswith(path.stem.split("-", 1)[1]):
                os.utime(path)  # used: not pruned
                return path, digest, size
            path.unlink()
        except OSError:
            continue
    return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def render_job(book, job: Job, cache: Path | None, work: Path) -> Rendered:
    """One register: reused from ``cache`` when its key is there, else rendered (and kept when closed)."""
    from . import reporting
    from .render.register_pdf import render_register

    try:
        layout, data = reporting.prepare_report(book, job.name, job.first, job.last)
        key = register_key(job.name, layout, data) if cache is not None and not data.draft else None
        if key:
            hit = _kept(cache, key)
            if hit is not None:
                return Rendered(job, *hit, reused=True)
        pdf = render_register(layout, replace(data, printed_at=reporting.clock()))
        sha = hashlib.sha256(pdf).hexdigest()
        target = work / job.path
        if key:
            try:
                target = cache / f"{key[:32]}-{sha[:32]}.pdf"
                _write(target, pdf)
            except OSError:  # a folder that cannot be written keeps nothing: the export still goes
                target = work / job.path
                _write(target, pdf)
        else:
            _write(target, pdf)
        return Rendered(job, target, sha, len(pdf))
    except Exception as exc:  # noqa: BLE001 - a register that fails is named; the others still go
        return Rendered(job, None, error=f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))


# ------------------------------------------------------------------ the pool

_worker: dict = {}


def _start_worker(snap_path: str, cache: str | None, work: str) -> None:
    from .book import Book
    from .store.db import connect

    threading.Thread(target=_end_with_parent, daemon=True).start()
    path = Path(snap_path)
    _worker.update(book=Book(connect(path, readonly=True), path), cache=Path(cache) if cache else None,
                   work=Path(work))


def _end_with_parent() -> None:
    """A worker whose export was killed (the clerk ended the program) ends too: a pool's worker
    waits for work on a pipe it also holds open itself, so it would never notice on its own."""
    from multiprocessing import parent_process
    from multiprocessing.connection import wait

    parent = parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(1)


def _run_in_worker(job: Job) -> Rendered:
    return render_job(_worker["book"], job, _worker["cache"], _worker["work"])


def workers_wanted(jobs: int) -> int:
    """Two workers (an office PC has two cores), but one, rendering here, on a computer of less than
    ``workers.SMALL_PC`` of memory: each renderer is a process of its own (about 120 MB drawing a
    month's receipts), and a 4 GB PC keeps the whole export near 170 MB that way (33 s for the
    bench book's bundle instead of 20). MANUALBOOK_RENDER_WORKERS overrides (1: render here)."""
    from .workers import SMALL_PC, physical_memory

    wanted = os.environ.get("MANUALBOOK_RENDER_WORKERS")
    if wanted and wanted.isdigit():
        n = int(wanted)
    else:
        memory = physical_memory()
        n = 1 if memory is not None and memory < SMALL_PC else min(2, os.cpu_count() or 1)
    return max(1, min(n, jobs))


class Rendering:
    """Every job, biggest first, on a pool of workers started by ``start`` (the caller writes the
    workbook meanwhile); ``finish`` gathers them, rendering here whatever the pool did not."""

    def __init__(self, snap, snap_path: Path, book_path: Path, jobs: list[Job], work: Path, progress=None):
        self.snap, self.snap_path, self.work, self.progress = snap, snap_path, work, progress
        self.cache = cache_folder(book_path)
        try:
            self.cache.mkdir(exist_ok=True)
        except OSError:
            self.cache = None
        self.jobs = sorted(jobs, key=lambda j: (_ORDER.get(j.name, 9), j.first))
        self.done: dict[Job, Rendered] = {}
        self.pool = self.futures = None

    def start(self) -> "Rendering":
        n = workers_wanted(len(self.jobs))
        if n > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                self.pool = ProcessPoolExecutor(
                    max_workers=n, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                    initargs=(str(self.snap_path), str(self.cache) if self.cache else None, str(self.work)))
                with main_not_rerun():  # the workers start here
                    self.futures = {self.pool.submit(_run_in_worker, job): job for job in self.jobs}
            except (OSError, RuntimeError):
                self.close()
        return self

    def _report(self) -> None:
        if self.progress:
            self.progress("registers", len(self.done), len(self.jobs))

    def finish(self) -> list[Rendered]:
        self._report()
        if self.futures:
            from concurrent.futures import as_completed
            from concurrent.futures.process import BrokenProcessPool

            from concurrent.futures import TimeoutError as Timeout

            try:
                # the first answer within FIRST_ANSWER seconds, or the pool is taken for stuck (a worker
                # that could not start on some system) and the jobs are done here instead
                for fut in as_completed(self.futures, timeout=FIRST_ANSWER):
                    try:
                        self.done[self.futures[fut]] = fut.result()
                    except BrokenProcessPool:
                        break
                    self._report()
                    break
                for fut in as_completed([f for f in self.futures if self.futures[f] not in self.done]):
                    try:
                        self.done[self.futures[fut]] = fut.result()
                    except BrokenProcessPool:
                        break
                    self._report()
            except Timeout:
                self.close(stuck=True)
            finally:
                self.close()
        for job in self.jobs:  # a pool that could not start (or died): here, one by one
            if job not in self.done:
                self.done[job] = render_job(self.snap, job, self.cache, self.work)
                self._report()
        if self.cache is not None:
            prune(self.cache, {r.source for r in self.done.values() if r.source})
        return [self.done[j] for j in self.jobs]

    def close(self, stuck: bool = False) -> None:
        if self.pool is not None:
            if stuck:
                for proc in list(getattr(self.pool, "_processes", {}).values()):
                    proc.terminate()
            self.pool.shutdown(wait=not stuck, cancel_futures=True)
            self.pool = None


def prune(cache: Path, used: set[Path]) -> None:
    """Removes kept files this export did not use and no export touched for a week."""
    old = time.time() - KEEP_UNUSED_DAYS * 86400
    try:
        for path in cache.glob("*.pdf"):
            try:
                if path not in used and path.stat().st_mtime < old:
                    path.unlink()
            except OSError:
                pass
    except OSError:
        pass


# ------------------------------------------------------------------ which registers a bundle holds

def _months(first: dt.date, last: dt.date):
    d = first.replace(day=1)
    while d <= last:
        nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        yield max(d, first), min(nxt - dt.timedelta(days=1), last)
        d = nxt


def _be(d: dt.date, day: bool = True) -> str:
    return f"{d.year + 543}-{d.month:02d}" + (f"-{d.day:02d}" if day else "")


def register_jobs(names, days, since: dt.date, until: dt.date) -> list[tuple[str, dt.date, dt.date, str]]:
    """(register, first, last, path in the bundle) of every register a bundle holds: the daily
    status of each day with entries, the other registers per month."""
    jobs = []
    for name in names:
        if name == "daily-status":
            jobs += [(name, d, d, f"registers/{_be(d, False)}/{name}-{_be(d)}.pdf") for d in sorted(days)]
        else:
            jobs += [(name, a, b, f"registers/{_be(a, False)}/{name}-{_be(a, False)}.pdf")
                     for a, b in _months(since, until)]
    return jobs


class Registers:
    """Every register of a bundle's period. With the real registers module they start rendering
    on the pool when made (the caller writes the workbook meanwhile); ``gather`` waits for them.
    Another module (a stand-in in tests) renders here, one by one, through its render_report."""

    def __init__(self, reporting, snap, snap_path: Path, book_path: Path, data, work: Path, progress=None):
        self.reporting, self.snap, self.work, self.progress = reporting, snap, work, progress
        self.status, self.run, self.jobs = None, None, []
        if reporting is None:
            return
        if not data.rows:
            self.status = ("ok", [], {})
            return
        self.jobs = [Job(*job) for job in register_jobs(reporting.REPORT_NAMES, data.days_with_entries,
                                                         data.since, data.until)]
        if reporting.__name__ == "manualbook.reporting":
            self.run = Rendering(snap, snap_path, book_path, self.jobs, work, progress).start()

    def gather(self) -> list[Rendered]:
        done = self.run.finish() if self.run is not None else self._here()
        if self.progress:
            self.progress("registers", len(self.jobs), len(self.jobs))
        return done

    def close(self) -> None:
        if self.run is not None:
            self.run.close()

    def _here(self) -> list[Rendered]:
        done = []
        for i, job in enumerate(self.jobs):
            if self.progress:
                self.progress("registers", i, len(self.jobs))
            try:
                pdf = self.reporting.render_report(self.snap, job.name, job.first, job.last)
                target = self.work / job.path
                _write(target, pdf)
                done.append(Rendered(job, target, hashlib.sha256(pdf).hexdigest(), len(pdf)))
            except Exception as exc:  # noqa: BLE001 - named in the manifest, the rest still go
                done.append(Rendered(job, None, error=str(exc)))
        return done
