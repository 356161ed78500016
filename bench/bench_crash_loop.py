"""The crash loop, long (not a test): SIGKILL at random points of imports, reversals, day closes,
exports and backups, checking after each kill that nothing acknowledged is lost and nothing is
half-written. Prints the counts and every failure.

Run: python bench/bench_crash_loop.py [SECONDS=300] [--seed N] [--max-delay S]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "core"))

from crashloop import run  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("seconds", nargs="?", type=float, default=300)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--max-delay", type=float, default=2.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="crash-loop-") as tmp:
        started = time.monotonic()
        tally = run(Path(tmp) / "loop", args.seconds, args.seed, args.max_delay)
        print(f"seed {args.seed}, {time.monotonic() - started:.0f} s: {tally.text()}")
        for f in tally.failures:
            print("FAILURE", f)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
