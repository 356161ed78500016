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
import html
import re
from pathlib import Path

from . import chain
from .messages import CATALOGUE, BookError, Problem, msg, problem
from .money import format_amount
from .thaidate import format_short

FIGURES_SHOWN = 10  # at most this many workbook rows named one by one
READ_CHUNK = 1 << 20  # bytes of a sheet's XML read at a time


def check_contents(folder: Path, manifest: dict, verified: dict[str, bytes], listed: set[str],
                   reporting, book=None) -> list[Problem]:
    """Problems beyond hashes. ``verified``: listed files whose size and hash matched, as the
    temporary copies that were hashed (opening the file on the stick would change it, and a file
    read twice could change in between)."""
    from .bundle_write import BOOK_COPY_NAME, MANIFEST_NAME, WORKBOOK_NAME
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
    problems += _from_copy(folder, copy, manifest, verified, listed, reporting)
    return problems


def _from_copy(folder, path, manifest, verified, listed, reporting) -> list[Problem]:
    from .book import Book
    from .bundle_registers import register_jobs
    from .bundle_write import BOOK_COPY_NAME, WORKBOOK_NAME
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
        data = collect(snap, since, None, str(manifest.get("created_at") or ""), keep_rows=True)
    finally:
        snap.close()
    problems = _figures(manifest, data)
    names = getattr(reporting, "REPORT_NAMES", ()) if reporting is not None else ()
    if data.rows and names and manifest.get("registers") != "missing":
        failed = [str(e) for e in manifest.get("register_errors") or []]
        for name, first, last, rel in register_jobs(names, data.days_with_entries, data.since,
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
    return CATALOGUE["value_none"] if value is None else str(value)


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>|<t[^>]*>(.*?)</t>", re.S)
_SI = re.compile(rb"<si>(.*?)</si>", re.S)
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


class _Sheets:
    """Reads cells of this program's workbook straight from the xlsx's XML: openpyxl takes
    a minute over a 100,000-row sheet (it measures every sheet first), this a few seconds."""

    def __init__(self, path: Path):
        import zipfile
        import xml.etree.ElementTree as ET
        self.zip = zipfile.ZipFile(path)
        book = ET.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
        self.paths = {}
        for sheet in book.iter(f"{{{_NS['m']}}}sheet"):
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            self.paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
        self._shared = None

    def shared(self) -> list[str]:
        if self._shared is None:
            try:
                raw = self.zip.read("xl/sharedStrings.xml")
            except KeyError:
                raw = b""
            self._shared = [_text(m.group(1)) for m in _SI.finditer(raw)]
        return self._shared

    def cells(self, name: str, columns: set[str] | None = None, last_row: int | None = None):
        """(row, column, value) of the sheet's non-empty cells, in order; only ``columns`` if given.
        The sheet is read a megabyte at a time, cut after a whole row: a 100,000-row sheet is
        about 75 MB of XML, never held at once."""
        pattern = _CELL if columns is None else re.compile(
            rb'<c r="(' + b"|".join(c.encode() for c in sorted(columns)) + rb')(\d+)"([^>]*?)(?:/>|>(.*?)</c>)',
            re.S)
        with self.zip.open(self.paths[name]) as f:
            tail = b""
            while True:
                chunk = f.read(READ_CHUNK)
                buf = tail + chunk
                if chunk:
                    cut = buf.rfind(b"</row>")
                    if cut < 0:
                        tail = buf
                        continue
                    part, tail = buf[:cut + 6], buf[cut + 6:]
                else:
                    part, tail = buf, b""
                if last_row is not None:
                    stop = part.find(b'<row r="%d"' % (last_row + 1))
                    if stop >= 0:
                        yield from self._parse(part[:stop], pattern)
                        return
                yield from self._parse(part, pattern)
                if not chunk:
                    return

    def _parse(self, raw: bytes, pattern):
        for m in pattern.finditer(raw):
            body = m.group(4)
            if not body:
                continue
            if b't="s"' in m.group(3):
                v = _VALUE.search(body)
                value = self.shared()[int(v.group(1))] if v and v.group(1) else ""
            elif b't="n"' in m.group(3) or b"t=" not in m.group(3):
                v = _VALUE.search(body)
                value = float(v.group(1)) if v and v.group(1) else None
            else:
                value = _text(body)
            yield int(m.group(2)), m.group(1).decode(), value


def _text(xml: bytes) -> str:
    return html.unescape(b"".join(a or b for a, b in _VALUE.findall(xml)).decode("utf-8", "replace"))


def _workbook(path: Path, data) -> list[Problem]:
    from .bundle_write import WORKBOOK_NAME
    from .bundle_sheets import CHRONO_COLUMNS, CHRONO_SHEET, META_SHEET, meta_rows
    try:
        sheets = _Sheets(path)
        if CHRONO_SHEET not in sheets.paths or META_SHEET not in sheets.paths:
            return [msg("bundle_workbook_bad", file=WORKBOOK_NAME, why=problem("bundle_workbook_no_sheet", sheet=CHRONO_SHEET).message)]
        meta: dict[str, object] = {}
        for row, col, value in sheets.cells(META_SHEET):
            if col == "A":
                meta[f"#{row}"] = value
            elif col == "B" and meta.get(f"#{row}") is not None:
                meta[str(meta[f"#{row}"])] = value
        headings = {h: k for k, h, _ in CHRONO_COLUMNS}
        letters: dict[str, str] = {}
        header_row = None
        for row, col, value in sheets.cells(CHRONO_SHEET, last_row=20):
            key = headings.get(str(value).strip()) if isinstance(value, str) else None
            if key in ("id", "seq", "date", "amount_num"):
                letters[key], header_row = col, row
        if "id" not in letters:
            return [msg("bundle_workbook_bad", file=WORKBOOK_NAME, why=problem("bundle_workbook_no_id", sheet=CHRONO_SHEET).message)]
        by_letter = {v: k for k, v in letters.items()}
        table: dict[int, dict[str, object]] = {}
        for row, col, value in sheets.cells(CHRONO_SHEET, set(letters.values())):
            if row > header_row:
                table.setdefault(row, {})[by_letter[col]] = value
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file fails in many ways
        return [msg("bundle_workbook_bad", file=WORKBOOK_NAME, why=f"{type(exc).__name__}: {exc}")]
    rows = [(r, v) for r, v in sorted(table.items()) if v.get("id") not in (None, "")]
    problems = []
    for key, value in meta_rows(data):
        if key in ("created_at", "previous", "format"):
            continue
        if _same_meta(meta.get(key), value) is False:
            problems.append(msg("bundle_workbook_meta", file=WORKBOOK_NAME, field=key, got=_show(meta.get(key)),
                                want=_show(value)))
    names = {k: h for k, h, _ in CHRONO_COLUMNS}
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
        checks = (("seq", got.get("seq"), e.seq, _number(got.get("seq")) == e.seq),
                  ("date", got.get("date"), format_short(e.date), got.get("date") == format_short(e.date)),
                  ("amount_num", got.get("amount_num"), None if e.kind == "void" else e.amount / 100,
                   got.get("amount_num") is None if e.kind == "void"
                   else _satang(got.get("amount_num")) == e.amount))
        for field, have, want, same in checks:
            if not same:
                if shown < FIGURES_SHOWN:
                    problems.append(msg("bundle_workbook_row", file=WORKBOOK_NAME, row=row_no, id=entry_id,
                                        field=names[field], got=_show(have), want=_show(want)))
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


def _number(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _satang(value):
    try:
        return round(float(value) * 100)
    except (TypeError, ValueError):
        return None


def _same_meta(got, want) -> bool:
    """A text cell left empty reads back as nothing; a number may come back as a float."""
    if isinstance(want, int) and not isinstance(want, bool):
        return _number(got) == want
    return str(got if got is not None else "") == str(want if want is not None else "")


def _against_live_book(folder: Path, manifest: dict, book, manifest_name: str) -> list[Problem]:
    """The live book recorded each export's manifest sha256: a rewritten manifest differs."""
    from .bundle_write import sha256
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

