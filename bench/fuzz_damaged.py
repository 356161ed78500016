"""The long run of the damaged-file fuzz (tests/core/test_damaged_files.py is the short one).

Builds the demo office, then N times damages the book (WAL checkpointed) and a
backup of it (rollback journal) with 1-6 random byte writes (half of them on
page 1) and sometimes a truncation, and runs ``verify`` on the damaged book
and ``restore`` from the damaged backup in-process. Prints how each ended:
a clean verify (damage in unused space), a Thai refusal, a traceback (a bug),
and whether any damaged file was modified (a bug).
Run: python bench/fuzz_damaged.py [N] [SEED]
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import io
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from manualbook.cli import main  # noqa: E402
from manualbook.demo import build_demo  # noqa: E402


def run(argv) -> tuple[str, int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in argv])
    except BaseException:  # noqa: BLE001 - counted, that is the point
        return "traceback", -1, traceback.format_exc()
    text = err.getvalue()
    if code == 0:
        return "ok", 0, out.getvalue()
    thai = any("\u0e00" <= ch <= "\u0e7f" for ch in text)
    return ("refused (Thai)" if thai else "refused (no Thai!)"), code, text


def damage(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        offset = rng.randrange(4096) if rng.random() < 0.5 else rng.randrange(len(out))
        out[offset] = rng.randrange(256)
    if rng.random() < 0.1:
        out = out[:rng.randrange(len(out))]
    return bytes(out)


def main_() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 13)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = tmp / "book.sqlite3"
        build_demo(book)
        conn = sqlite3.connect(book)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        backup = tmp / "backup.sqlite3"
        assert main(["--db", str(book), "backup", "--out", str(backup)]) == 0
        originals = {"verify": book.read_bytes(), "restore": backup.read_bytes()}
        counts = {k: collections.Counter() for k in originals}
        examples: dict[str, str] = {}
        t0 = time.perf_counter()
        for i in range(n):
            for what, data in originals.items():
                bad = damage(rng, data)
                work = tmp / f"w{i}-{what}"
                work.mkdir()
                target = work / "x.sqlite3"
                target.write_bytes(bad)
                if what == "verify":
                    outcome, _, text = run(["--db", target, "verify"])
                else:
                    live = work / "live.sqlite3"
                    shutil.copy(book, live)
                    outcome, _, text = run(["--db", live, "restore", target])
                counts[what][outcome] += 1
                if hashlib.sha256(target.read_bytes()).digest() != hashlib.sha256(bad).digest():
                    counts[what]["damaged file modified!"] += 1
                if outcome.startswith(("traceback", "refused (no")):
                    examples.setdefault(outcome, text[-800:])
                shutil.rmtree(work)
        seconds = time.perf_counter() - t0
    print(f"{n} damaged books and {n} damaged backups in {seconds:.1f} s")
    for what, counter in counts.items():
        print(f"  {what:<8} " + ", ".join(f"{k}: {v}" for k, v in sorted(counter.items())))
    for outcome, text in examples.items():
        print(f"--- first {outcome}:\n{text}")


if __name__ == "__main__":
    main_()
