"""What ``verify BUNDLE_DIR`` proves beyond each listed file's size and sha256.

The manifest is not trusted for anything it could lie about:

- the essential files — the workbook, the book copy and every register the
  book copy says the bundle must hold (the daily status of each day with
  entries, the other registers per month) — must be there and listed, even
  when a file was removed together with its manifest line;
- the book copy is verified in full (verify.py), read-only, on a temporary
  copy (opening the file on the stick would change it);
- the manifest's figures (org, LAO code, since/until, entries, totals, chain
  head, max seq, book uuid) are recomputed from the book copy;
- the workbook's chronological sheet is read back and compared row by row
  with the book copy (entry ID, sequence, date, amount), and its hidden
  ``_meta`` sheet with the recomputed figures;
- when the live book is at hand (``manualbook --db BOOK verify DIR``) and it
  recorded this export, the manifest's sha256 must be the one it recorded.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from . import chain
from .messages import BookError, Problem, msg
from .money import format_amount
from .thaidate import format_short

FIGURES_SHOWN = 10  # at most this many workbook rows named one by one


def check_contents(folder: Path, manifest: dict, verified: dict[str, bytes], listed: set[str],
                   reporting, book=None) -> list[Problem]:
    """Problems beyond hashes. ``verified``: listed files whose size and hash matched."""
    from .bundle import BOOK_COPY_NAME, MANIFEST_NAME, WORKBOOK_NAME
    problems: list[Problem] = []
    for name in (WORKBOOK_NAME, BOOK_COPY_NAME):
        if not (folder / name).is_file():
            if name not in listed:  # a listed file that is missing is already named
                problems.append(msg("bundle_essential_missing", file=name))
        elif name not in listed:
            problems.append(msg("bundle_unlisted", file=name))
    if book is not None:
        problems += _against_live_book(folder, manifest, book, MANIFEST_NAME)
    copy = verified.get(BOOK_COPY_NAME)
    if copy is None:
        return problems
    with tempfile.TemporaryDirectory(prefix="manualbook-verify-") as tmp:
        path = Path(tmp) / "copy.sqlite3"
        path.write_bytes(copy)
        problems += _from_copy(folder, path, manifest, verified, listed, reporting)
    return problems


def _from_copy(folder, path, manifest, verified, listed, reporting) -> list[Problem]:
    from .book import Book
    from .bundle import BOOK_COPY_NAME, WORKBOOK_NAME, register_jobs
    from .bundle_sheets import collect
    try:
        snap = Book.open(path, readonly=True)
    except BookError as exc:
        return [msg("bundle_copy_bad", file=BOOK_COPY_NAME, why=exc.text())]
    try:
        result = snap.verify()
        if not result.ok:
            return [msg("bundle_copy_bad", file=BOOK_COPY_NAME, why=result.text())]
        org = snap.org()
        try:
            since = dt.date.fromisoformat(str(manifest.get("since")))
        except ValueError:
            since = None
        if since is None or since < org.start:
            return [msg("bundle_since_bad", since=manifest.get("since"))]
        data = collect(snap, since, None, str(manifest.get("created_at") or ""))
    finally:
        snap.close()
    problems = _figures(manifest, data)
    names = getattr(reporting, "REPORT_NAMES", ()) if reporting is not None else ()
    if data.rows and names and manifest.get("registers") != "missing":
        failed = [str(e) for e in manifest.get("register_errors") or []]
        for name, first, last, rel in register_jobs(names, {r.entry.date for r in data.rows}, data.since,
                                                    data.until):
            period = format_short(first) + ("" if first == last else f"-{format_short(last)}")
            if not (folder / rel).is_file():
                if not any(f" {name} " in e and f" {period} " in e for e in failed):  # not declared failed
                    problems.append(msg("bundle_register_missing", file=rel))
            elif rel not in listed:
                problems.append(msg("bundle_unlisted", file=rel))
    workbook = verified.get(WORKBOOK_NAME)
    if workbook is not None:
        problems += _workbook(workbook, data)
    return problems


def _figures(manifest: dict, data) -> list[Problem]:
    t = data.totals
    want = {
        "org": data.org.name, "lao_code": data.org.lao_code, "until": data.until.isoformat(),
        "entries": len(data.rows), "chain_head": data.chain_head, "max_seq": data.max_seq,
        "book_uuid": data.org.book_uuid,
        "totals.receipts": format_amount(t["receipts"]), "totals.deposits": format_amount(t["deposits"]),
        "totals.withdrawals": format_amount(t["withdrawals"]), "totals.payments": format_amount(t["payments"]),
    }
    totals = manifest.get("totals") if isinstance(manifest.get("totals"), dict) else {}
    problems = []
    for field, value in want.items():
        got = totals.get(field.split(".", 1)[1]) if field.startswith("totals.") else manifest.get(field)
        if got != value:
            problems.append(msg("bundle_figure", field=field, got=_show(got), want=_show(value)))
    return problems


def _show(value) -> str:
    if isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return chain.short(value)
    return "(ไม่มี)" if value is None else str(value)


def _workbook(data_bytes: bytes, data) -> list[Problem]:
    import openpyxl

    from .bundle import WORKBOOK_NAME
    from .bundle_sheets import CHRONO_COLUMNS, CHRONO_SHEET, META_SHEET, meta_rows
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data_bytes), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        return [msg("bundle_workbook_bad", file=WORKBOOK_NAME, why=exc)]
    try:
        if CHRONO_SHEET not in wb.sheetnames or META_SHEET not in wb.sheetnames:
            return [msg("bundle_workbook_bad", file=WORKBOOK_NAME, why=f"ไม่มีชีต {CHRONO_SHEET}")]
        meta = {str(r[0]): r[1] for r in wb[META_SHEET].iter_rows(values_only=True) if r and r[0]}
        headings = {h: k for k, h, _ in CHRONO_COLUMNS}
        index = None
        rows = []
        for row_no, values in enumerate(wb[CHRONO_SHEET].iter_rows(values_only=True), start=1):
            if index is None:
                found = {headings[str(v).strip()]: i for i, v in enumerate(values)
                         if v is not None and str(v).strip() in headings}
                if "id" in found:
                    index = found
                continue
            get = (lambda k: values[index[k]] if k in index and index[k] < len(values) else None)
            if get("id") is None:
                continue
            rows.append((row_no, {k: get(k) for k in ("id", "seq", "date", "amount_num")}))
    finally:
        wb.close()
    problems = []
    for key, value in meta_rows(data):
        if key in ("created_at", "previous", "format"):
            continue
        if str(meta.get(key)) != str(value):
            problems.append(msg("bundle_workbook_meta", file=WORKBOOK_NAME, field=key, got=_show(meta.get(key)),
                                want=_show(value)))
    expected = {r.entry.id: r for r in data.rows}
    seen = set()
    shown = 0
    for row_no, got in rows:
        entry_id = str(got["id"]).strip().upper()
        r = expected.get(entry_id)
        if r is None:
            continue
        seen.add(entry_id)
        e = r.entry
        want = {"seq": e.seq, "date": format_short(e.date),
                "amount_num": None if e.kind == "void" else round(e.amount / 100, 2)}
        for field, value in want.items():
            have = got[field]
            same = (have == value) if field != "amount_num" or value is None or have is None \
                else isinstance(have, (int, float)) and round(float(have) * 100) == e.amount
            if not same:
                if shown < FIGURES_SHOWN:
                    problems.append(msg("bundle_workbook_row", file=WORKBOOK_NAME, row=row_no, id=entry_id,
                                        field=dict((k, h) for k, h, _ in CHRONO_COLUMNS)[field],
                                        got=_show(have), want=_show(value)))
                shown += 1
                break
    if shown > FIGURES_SHOWN:
        problems.append(msg("verify_more", count=shown - FIGURES_SHOWN))
    missing = [i for i in expected if i not in seen]
    extra = [str(g["id"]).strip().upper() for _, g in rows if str(g["id"]).strip().upper() not in expected]
    if missing:
        problems.append(msg("bundle_workbook_missing", file=WORKBOOK_NAME, count=len(missing),
                            ids=", ".join(missing[:5])))
    if extra:
        problems.append(msg("bundle_workbook_extra", file=WORKBOOK_NAME, count=len(extra), ids=", ".join(extra[:5])))
    return problems


def _against_live_book(folder: Path, manifest: dict, book, manifest_name: str) -> list[Problem]:
    """The live book recorded each export's manifest sha256: a rewritten manifest differs."""
    from .bundle import sha256
    if manifest.get("book_uuid") != book.org().book_uuid or not book.db["exports"].exists():
        return []
    row = book.db.conn.execute("SELECT manifest_sha256, created_at FROM exports WHERE folder = ? AND created_at = ?",
                               (folder.name, manifest.get("created_at"))).fetchone()
    if row is None:
        return []
    try:
        got = sha256((folder / manifest_name).read_bytes())
    except OSError:
        return []
    if got != row[0]:
        return [msg("bundle_export_record", folder=folder.name, want=chain.short(row[0]), got=chain.short(got))]
    return []

