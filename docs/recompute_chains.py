"""Recompute a manualbook book's two hash chains from the README's description alone.

For auditors: plain Python (sqlite3, hashlib, json), no manualbook code.
Usage: python recompute_chains.py BOOK.sqlite3
Prints the chain heads and every mismatch; exit status 0 when both chains,
every record table and every recorded head agree.
"""

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

ENTRY_FIELDS = ["seq", "id", "kind", "base_kind", "date", "fy", "amount", "wht", "book", "number", "party",
                "code", "line", "held", "description", "method", "account", "cheque", "commitment",
                "reverses", "reason", "recorded_at", "clerk"]


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(path):
    db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    uuid = db.execute("SELECT uuid FROM book").fetchone()[0]
    bad = []

    # 1. entries: sha256(prev + "\n" + canonical JSON array of the fields)
    prev, heads = sha("manualbook:" + uuid), {}
    for row in db.execute("SELECT * FROM entries ORDER BY seq"):
        canonical = json.dumps([row[f] for f in ENTRY_FIELDS], ensure_ascii=False, separators=(",", ":"))
        prev = sha(prev + "\n" + canonical)
        heads[row["seq"]] = prev
        if prev != row["hash"]:
            bad.append(f"entry {row['seq']}: stored hash differs")
            prev = row["hash"]

    # 2. every other record: sha256(prev + "\n" + table + "\n" + why + "\n" + body)
    rprev, rheads, latest = sha("manualbook-records:" + uuid), {}, {}
    for row in db.execute("SELECT seq, tbl, body, why, hash FROM record_log ORDER BY seq"):
        rprev = sha(rprev + "\n" + row["tbl"] + "\n" + row["why"] + "\n" + row["body"])
        rheads[row["seq"]] = rprev
        if rprev != row["hash"]:
            bad.append(f"record log {row['seq']}: stored hash differs")
            rprev = row["hash"]
        body = json.loads(row["body"])
        pk = [r[1] for r in sorted((r for r in db.execute(f'PRAGMA table_info("{row["tbl"]}")') if r[5]),
                                   key=lambda r: r[5])]
        latest[(row["tbl"], json.dumps([body[k] for k in pk]))] = body
    tables = {t for t, _ in latest}
    for table in sorted(tables):
        pk = [r[1] for r in sorted((r for r in db.execute(f'PRAGMA table_info("{table}")') if r[5]),
                                   key=lambda r: r[5])]
        for row in db.execute(f'SELECT * FROM "{table}"'):
            row = dict(row)
            body = latest.pop((table, json.dumps([row[k] for k in pk])), None)
            if body is None:
                bad.append(f"{table} {[row[k] for k in pk]}: not in the record log")
            elif any(row[k] != body[k] for k in body):
                bad.append(f"{table} {[row[k] for k in pk]}: differs from its logged body")
    bad += [f"{t} {k}: logged but no longer in the table" for t, k in latest]

    # 3. the heads recorded at each close and export
    for table, seq_col in (("closes", "entries"), ("exports", "max_seq")):
        for row in db.execute(f"SELECT * FROM {table}"):
            row = dict(row)
            if row[seq_col] and heads.get(row[seq_col]) != row["chain_head"]:
                bad.append(f"{table} {row['rec']}: entries head at {row[seq_col]} differs")
            if row.get("records_seq") and rheads.get(row["records_seq"]) != row["records_head"]:
                bad.append(f"{table} {row['rec']}: records head at {row['records_seq']} differs")

    print("entries head:", prev)
    print("records head:", rprev)
    for line in bad:
        print("MISMATCH", line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
