"""An upgrade from an older Setup to a newer one, under Wine, with a month of books in between.

    python installer/upgrade_wine.py OLD-setup.exe NEW-setup.exe [--keep]

For a release: OLD is the Setup the offices have, NEW the one about to ship.
The OLD program keeps the month of tests/core/test_month.py in the default book
(%LOCALAPPDATA%\\manualbook) and closes half of it; the NEW Setup is installed
silently over it; the NEW program then opens the book. When the schema moved
between the two, the core copies the book to book.before-upgrade-<time>.sqlite3
before migrating: the copy must be there and hold every entry; the upgraded book
must verify and hold the same entries. Not part of CI (it needs an older build).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from smoke_wine import OPEN, Failed, Wine, check, month_files, z  # noqa: E402

from manualbook.money import format_amount  # noqa: E402

INSTDIR = r"C:\users\Public\manualbook-upgrade"


def cli(wine: Wine, *args: str) -> subprocess.CompletedProcess:
    p = wine.run(INSTDIR + r"\python.exe", "-m", "manualbook", *args)
    if p.returncode != 0:
        raise Failed(f"manualbook {' '.join(args)}: exit {p.returncode}\n{p.stdout[-1500:]}\n{p.stderr[-3000:]}")
    return p


def entries(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()


def migrations(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    old, new = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    base = Path(tempfile.mkdtemp(prefix="manualbook-upgrade-"))
    wine = Wine(base)
    result = 1
    try:
        subprocess.run(["wineboot", "-i"], env=wine.env, capture_output=True, check=True, timeout=600)
        wine.wait()
        work = base / "work"
        work.mkdir()
        budget, july, rows = month_files(work)
        print("== the OLD program keeps a month")
        p = wine.run(str(old), "/S", f"/D={INSTDIR}")
        wine.wait()
        check(p.returncode == 0, f"OLD Setup /S exits 0 ({old.name})")
        cli(wine, "init", "--org", "อบต.ทดสอบการปรับรุ่น", "--start", "1/7/2567", "--cash", format_amount(OPEN["cash"]))
        for key in ("KTB", "BAAC"):
            cli(wine, "account", "add", key, "--bank", "ธนาคาร", "--number", f"{key}-001",
                "--opening", format_amount(OPEN[key]))
        cli(wine, "budget", "import", z(budget))
        cli(wine, "import", z(july))
        cli(wine, "close-day", "15/7/2567")
        folder = wine.user_dir() / "AppData/Local/manualbook"
        book = folder / "book.sqlite3"
        check(entries(book) == len(rows), f"the OLD program's book holds the {len(rows)} entries")
        old_ids = {e["id"] for e in json.loads(cli(wine, "entries", "--month", "7/2567", "--json").stdout)}
        before = hashlib.sha256(book.read_bytes()).hexdigest()

        print("== the NEW Setup over it")
        p = wine.run(str(new), "/S", f"/D={INSTDIR}")
        wine.wait()
        check(p.returncode == 0, f"NEW Setup /S over the OLD program exits 0 ({new.name})")
        check(hashlib.sha256(book.read_bytes()).hexdigest() == before, "installing left the book untouched")
        was = migrations(book)
        cli(wine, "verify")
        check(True, "the NEW program verifies the OLD book (read-only: nothing migrated yet)")
        closing = cli(wine, "close-day", "31/7/2567")
        now = migrations(book)
        print(f"  migrations: {', '.join(was)} -> + {', '.join(now[len(was):]) or 'none'}")
        print(f"  (close-day said: {(closing.stdout + closing.stderr).strip()[:400]})")
        copies = sorted(folder.glob("book.before-upgrade-*.sqlite3"))
        if now != was:
            check(len(copies) == 1 and migrations(copies[0]) == was and entries(copies[0]) == len(rows),
                  f"the book was copied before its schema moved: {copies[0].name if copies else 'NO COPY'} "
                  "(the old schema, every entry)")
        else:
            check(not copies, "no schema change between these versions: no copy made")
        check(entries(book) == len(rows), "the upgraded book holds every entry")
        new_ids = {e["id"] for e in json.loads(cli(wine, "entries", "--month", "7/2567", "--json").stdout)}
        check(new_ids == old_ids, "the same entry IDs before and after")
        cli(wine, "verify")
        check(True, "the NEW program closed the rest of the month and verifies the upgraded book")
        result = 0
    except Failed as exc:
        print(f"FAILED: {exc}")
    finally:
        subprocess.run(["wineserver", "-k"], env=wine.env, capture_output=True)
        if "--keep" in argv:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    print(f"upgrade: {'passed' if result == 0 else 'FAILED'}")
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv))
