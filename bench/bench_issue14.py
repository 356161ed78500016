"""Issue 14's table as whole processes on the 100,000-entry book (not a test): prints figures.

    python bench/bench_issue14.py [--dir DIR] [--runs 5] [--only NAME ...]

Builds (once, in DIR, default a folder in the temp directory) the big
municipality's book of bench/bigbook.py: 100,000 entries, July-December 2567,
every day closed. Then runs each line of the table as a new process, several
times (one warm-up run first, not counted), and prints for each the wall
seconds min / median / max, the CPU seconds (median) and the peak memory:
the largest single process (what ``/usr/bin/time -v`` reports as Maximum
resident set size) and, for the export's pool of workers, the peak of the
whole process tree added up (sampled every 20 ms from /proc, Linux only).

Lines: import of the 100,000-row file (into a fresh copy of the set-up book
each run); summary --json; the daily status of one day; the receipts book of
the busiest month (about 20,000 rows); export of the whole bundle (the
registers and workbook blocks kept beside the book removed before each run); export again after
one more day (the bundle of the book exported once, one more day posted and
closed; each run from a copy of that book, with only what the first export
kept beside it; prepared again when the program changed); both exports again as
on a 4 GB PC (MANUALBOOK_RENDER_WORKERS=1: the registers drawn in the export's own
process, whose memory goal counts all processes); the app's first window
(bench/first_window.py, offscreen); filtering the list of all entries
(bench/bench_ui.py, in the GUI process). The program is compiled first
(``compileall``, as the Windows installer does) and run with bytecode
caching on, as on a clerk's PC. Prints the machine and its load average.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bigbook  # noqa: E402

GOALS = {"import": 2.0, "summary": 0.3, "daily-status": 0.3, "receipts-book": 8.0, "export": 60.0,
         "export-again": 15.0, "export-4gb": 60.0, "export-again-4gb": 15.0, "first-window": 1.5}
MEMORY_GOAL_MB = 200


def manualbook(*args) -> list[str]:
    return [sys.executable, "-m", "manualbook", *map(str, args)]


def _tree_rss(pid: int) -> int:
    """KiB resident in ``pid`` and all its descendants (Linux /proc), 0 elsewhere."""
    try:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{entry}/statm") as f:
                    pages = int(f.read().split()[1])
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
        family, total, todo = {pid}, 0, [pid]
        while todo:
            p = todo.pop()
            total += rss.get(p, 0)
            kids = [c for c, pp in parents.items() if pp == p and c not in family]
            family.update(kids)
            todo += kids
        return total
    except (OSError, ValueError):
        return 0


def run_once(cmd: list[str], env: dict, before=None, sample: bool = False) -> dict:
    """One whole process: wall and CPU seconds, its peak RSS (largest process), the tree's summed peak."""
    if before:
        before()
    timer = shutil.which("time", path="/usr/bin")  # GNU time: a small parent, so the peak is the command's own
    t0 = time.perf_counter()
    proc = subprocess.Popen(([timer, "-v"] if timer else []) + cmd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=ROOT)
    peak_tree = [0]
    done = threading.Event()

    def sampler():
        while not done.wait(0.02):
            peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))

    thread = threading.Thread(target=sampler, daemon=True) if sample and sys.platform.startswith("linux") else None
    if thread:
        thread.start()
    out = proc.stdout.read()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
        proc.returncode = code
    else:
        code, cpu, peak = proc.wait(), float("nan"), float("nan")
    wall = time.perf_counter() - t0
    done.set()
    if thread:
        thread.join()
    if code != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({code}):\n{out.decode('utf-8', 'replace')[-2000:]}")
    found = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", out)
    if timer and found:
        peak = int(found.group(1)) / 1024
    return {"wall": wall, "cpu": cpu, "peak": peak, "tree": peak_tree[0] / 1024, "out": out}


def measure(name: str, cmd_for, env: dict, runs: int, before=None, sample: bool = False) -> dict:
    results = []
    for i in range(runs + 1):
        r = run_once(cmd_for(i), env, before, sample)
        if i:  # the first run warms the disk cache and is not counted
            results.append(r)
    walls = sorted(r["wall"] for r in results)
    return {"name": name, "min": walls[0], "median": statistics.median(walls), "max": walls[-1],
            "cpu": statistics.median(r["cpu"] for r in results), "peak": max(r["peak"] for r in results),
            "tree": max(r["tree"] for r in results) if sample else None, "runs": len(results),
            "last_out": results[-1]["out"].decode("utf-8", "replace")}


def load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), cpu)
    except OSError:
        pass
    mem = ""
    try:
        mem = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {mem}, Python {platform.python_version()}"


KEPT = (".registers", ".workbook")  # what an export keeps beside the book: registers, workbook blocks


def program_key() -> str:
    """What decides whether kept registers and workbook blocks can be reused: a changed program
    renders them again, so the book of "export again" is prepared again."""
    from manualbook.bundle_blocks import writer_key
    from manualbook.bundle_registers import renderer_key
    return f"{renderer_key()} {writer_key()}"


BOOK_FILES = ("", "-wal", ".ack")


def kept_files(book: Path) -> set[str]:
    return {f"{suffix}/{p.name}" for suffix in KEPT for p in book.with_name(book.name + suffix).glob("*")}


def prepare_again(folder: Path, env: dict) -> tuple[Path, Path, Path]:
    """The book of "export again": exported once (registers and workbook blocks kept), then one more
    day posted and closed; a pristine copy of it, so every timed run starts from the same book (the
    book records each export, which would make the next run's "previous bundle" the last run's)."""
    book = folder / "again.sqlite3"
    pristine = folder / "again.pristine.sqlite3"
    mark = folder / "again.mark"
    program = f"program {program_key()}"
    if book.exists() and pristine.exists() and mark.exists() and \
            mark.read_text(encoding="utf-8").splitlines()[:1] == [program]:
        return book, pristine, mark
    for p in list(folder.glob("again.sqlite3*")) + list(folder.glob("again.pristine.sqlite3*")):
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    shutil.copy(folder / "big.sqlite3", book)
    stick = folder / "stick-prepare"
    shutil.rmtree(stick, ignore_errors=True)
    run_once(manualbook("--db", book, "export", "--out", stick / "first"), env)
    bigbook.add_day(book)
    for suffix in BOOK_FILES:  # the book, its WAL if any, what it knows it last wrote (its rollback check)
        if book.with_name(book.name + suffix).exists():
            shutil.copy(book.with_name(book.name + suffix), pristine.with_name(pristine.name + suffix))
    mark.write_text("\n".join([program, *sorted(kept_files(book))]) + "\n", encoding="utf-8")
    return book, pristine, mark


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "manualbook-bench-issue14"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args(argv)
    folder = Path(args.dir)
    paths = bigbook.ensure(folder)
    compileall.compile_dir(ROOT / "manualbook", quiet=1)
    compileall.compile_dir(ROOT / "ui", quiet=1)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MANUALBOOK_DB")}
    env.update(PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
               MANUALBOOK_CACHE_DIR=str(folder / "cache"))
    small = {**env, "MANUALBOOK_RENDER_WORKERS": "1"}
    big, stick = paths["big"], folder / "stick"
    shutil.rmtree(stick, ignore_errors=True)
    stick.mkdir()
    print(f"machine: {machine()}")
    print(f"book: {big} ({bigbook.count(big):,} entries); {dt.datetime.now():%Y-%m-%d %H:%M}; load before: {load()}")

    def fresh_import_book():
        for p in folder.glob("import.sqlite3*"):
            p.unlink()
        shutil.copy(paths["setup"], folder / "import.sqlite3")

    def no_kept_registers(book: Path):  # nor kept workbook blocks
        return lambda: [shutil.rmtree(book.with_name(book.name + suffix), ignore_errors=True) for suffix in KEPT]

    lines = {
        "import": lambda: measure("import (100,000 rows)", lambda i: manualbook(
            "--db", folder / "import.sqlite3", "import", paths["csv"]), env, args.runs, fresh_import_book),
        "summary": lambda: measure("summary --json", lambda i: manualbook("--db", big, "summary", "--json"),
                                   env, args.runs),
        "daily-status": lambda: measure("report daily-status (one day)", lambda i: manualbook(
            "--db", big, "report", "daily-status", "--date", "15/10/2567", "--out", folder / "day.pdf"),
            env, args.runs),
        "receipts-book": lambda: measure("report receipts-book (10/2567, ~20,000 rows)", lambda i: manualbook(
            "--db", big, "report", "receipts-book", "--month", "10/2567", "--out", folder / "month.pdf"),
            env, args.runs),
        "export": lambda: measure("export (the whole bundle)", lambda i: manualbook(
            "--db", big, "export", "--out", stick / f"first-{i}-{time.time_ns()}"), env, args.runs,
            no_kept_registers(big), sample=True),
        "export-again": lambda: export_again(folder, env, stick, args.runs),
        # a PC of less than 6 GB draws the registers in the export's own process (bundle_registers.workers_wanted)
        "export-4gb": lambda: measure("export, as on a 4 GB PC (one process)", lambda i: manualbook(
            "--db", big, "export", "--out", stick / f"small-{i}-{time.time_ns()}"), small, args.runs,
            no_kept_registers(big), sample=True),
        "export-again-4gb": lambda: export_again(folder, small, stick, args.runs,
                                                 "export again, as on a 4 GB PC (one process)"),
        "first-window": lambda: measure("the app's first window", lambda i: [
            sys.executable, str(HERE / "first_window.py"), folder / "app.sqlite3"], env, args.runs,
            lambda: shutil.copy(big, folder / "app.sqlite3") if not (folder / "app.sqlite3").exists() else None),
    }
    results = []
    for key, fn in lines.items():
        if args.only and key not in args.only:
            continue
        r = fn()
        r["goal"], r["load"] = GOALS[key], load()
        results.append(r)
        print(_line(r), flush=True)
    if not args.only or "list-filter" in args.only:
        print(list_filter(big, env))
    print(f"load after: {load()}")
    print("\n| what | wall s min / median / max | goal | CPU s (median) | peak MB (largest process) | "
          "peak MB (all processes) | load after |\n|---|---|---|---|---|---|---|")
    for r in results:
        tree = f"{r['tree']:.0f}" if r["tree"] is not None else "same"
        print(f"| {r['name']} | {r['min']:.2f} / {r['median']:.2f} / {r['max']:.2f} | ≤ {r['goal']:g} s | "
              f"{r['cpu']:.2f} | {r['peak']:.0f} | {tree} | {r['load']} |")
    return 0


def export_again(folder: Path, env: dict, stick: Path, runs: int, name: str = "export again after one more day"
                 ) -> dict:
    book, pristine, mark = prepare_again(folder, env)
    first = set(mark.read_text(encoding="utf-8").splitlines()[1:])

    def as_prepared():  # the book after one more day, only what its first export kept, no later bundle
        for p in stick.glob("again-*"):  # else the newest bundle beside the new one is the "previous"
            shutil.rmtree(p)
        for suffix in BOOK_FILES + ("-shm",):
            book.with_name(book.name + suffix).unlink(missing_ok=True)
            if suffix != "-shm" and pristine.with_name(pristine.name + suffix).exists():
                shutil.copy(pristine.with_name(pristine.name + suffix), book.with_name(book.name + suffix))
        for name in kept_files(book) - first:
            (book.parent / (book.name + name)).unlink()
    return measure(name, lambda i: manualbook(
        "--db", book, "export", "--out", stick / f"again-{i}-{time.time_ns()}"), env, runs, as_prepared, sample=True)


def _line(r: dict) -> str:
    memory = max(r["peak"], r["tree"] or 0) if "4 GB" in r["name"] else r["peak"]  # there: all processes
    ok = "meets" if r["median"] <= r["goal"] and memory <= MEMORY_GOAL_MB else "MISSES"
    tree = f", all processes {r['tree']:.0f} MB" if r["tree"] is not None else ""
    return (f"{r['name']:<48} wall {r['min']:6.2f} / {r['median']:6.2f} / {r['max']:6.2f} s "
            f"(goal {r['goal']:g} s), cpu {r['cpu']:.2f} s, peak {r['peak']:.0f} MB{tree}  [{ok}] ({r['runs']} runs; "
            f"load {r['load']})")


def list_filter(big: Path, env: dict) -> str:
    proc = subprocess.run([sys.executable, str(HERE / "bench_ui.py"), "100000", str(big)], env=env,
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=600)
    found = re.search(r"text filter \(([\d,]+) match\):\s+(\d+) ms \(CPU (\d+) ms\)", proc.stdout)
    kind = re.search(r"kind filter \(([\d,]+) match\):\s+(\d+) ms \(CPU (\d+) ms\)", proc.stdout)
    if not found or not kind:
        return f"list filter: bench_ui.py gave no figure:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}"
    return (f"{'list screen filter (100,000 entries)':<48} text {found.group(2)} ms, CPU {found.group(3)} ms "
            f"({found.group(1)} match); kind {kind.group(2)} ms, CPU {kind.group(3)} ms (goal 100 ms, in the GUI "
            f"process; load {load()})")


if __name__ == "__main__":
    sys.exit(main())
