#!/usr/bin/env bash
# A clerk's whole day without the mouse, as a person types it: under Xvfb at
# 1280x720 with the xcb platform, xdotool typing at five keys a second
# (--delay 200), one key at a time. Not part of the pytest run.
#
#   tests/ui/xdotool_day.sh [DISPLAY] [OUT_DIR]        (defaults :93 and a new temp folder)
#
# with the project installed (`manualbook` and its `python` first on PATH, e.g.
# PATH=/path/to/venv/bin:$PATH) and xvfb, xdotool and imagemagick installed.
#
# A fresh office is set up with the command line (the book, a bank account, a
# budget line, a receipt book), then the app is started and only xdotool touches
# it: three receipts (the code typed by its number, by its name, and by a name
# corrected with BackSpace), a payment (the budget line typed by its name), a
# deposit, a reversal from the entries list (Ctrl+R), the day closed (Ctrl+8,
# Ctrl+S, Y), the daily status printed to a PDF file (Ctrl+P, the file dialog
# typed into), the bundle exported (Ctrl+E, the folder typed), and Ctrl+Q.
# Then `manualbook entries --json` must show exactly what was typed; screenshots
# of each step are left in OUT_DIR/shots. Exit status 0 only when it does.
set -euo pipefail

DISP="${1:-:93}"
OUT="${2:-$(mktemp -d /tmp/xdotool-day.XXXXXX)}"
mkdir -p "$OUT/shots" "$OUT/stick"
export DISPLAY="$DISP" QT_QPA_PLATFORM=xcb MANUALBOOK_DB="$OUT/book.sqlite3"
unset QT_SCALE_FACTOR
D=200  # milliseconds between keys: five a second

Xvfb "$DISP" -screen 0 1280x720x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB=$!
APP=""
cleanup() {
  [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
  kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
sleep 1

step=0
shot() { step=$((step + 1)); import -window root "$OUT/shots/$(printf %02d $step)-$1.png"; }
say() { echo "== $*"; }
typ() { xdotool type --delay "$D" -- "$1"; sleep 0.3; }
key() { xdotool key --delay "$D" "$@"; sleep 0.4; }
wait_for() {  # a window whose name matches, given the keys (no window manager here)
  local wid=""
  for _ in $(seq 1 100); do
    wid=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1 || true)
    [ -n "$wid" ] && break
    sleep 0.2
  done
  [ -n "$wid" ] || { echo "no window named $1" >&2; shot "missing"; exit 1; }
  echo "$wid"
}

say "a fresh office, set up with the command line"
manualbook init --org "องค์การบริหารส่วนตำบลทดลองพิมพ์" --start 1/10/2567 --cash 50,000 --lao-code 6330899 >/dev/null
manualbook account add KTB1 --bank "ธนาคารกรุงไทย" --number 123-4-56789-0 --opening 100,000 >/dev/null
manualbook budget add-line L01 --item "วัสดุสำนักงาน" --amount 50,000 --year 2568 >/dev/null
manualbook budget add-line L02 --item "ค่าไฟฟ้า" --amount 20,000 --year 2568 >/dev/null
manualbook receipt-books --register 7 --first 1 --last 50 >/dev/null

say "the app, given the keyboard with xdotool windowfocus"
manualbook >"$OUT/app.log" 2>&1 &
APP=$!
MAIN=$(wait_for "สมุดบัญชีมือ")
sleep 2
xdotool windowfocus "$MAIN"
sleep 0.5

say "receipt 1: the code typed by its number"
key ctrl+2
typ "1/10/2567"; key Return          # the date (selected, typed over)
key Return Return                    # book 7, number 1: as proposed
typ "นายมี เงินดี"; key Return
typ "41100003"; key Return           # ภาษีป้าย, by its number
key Return Return                    # description, cash
typ "250"; shot "receipt-1-typed"; key Return
say "receipt 2: the code typed by its name"
typ "นางสาวใจ งาม"; key Return
typ "มูลฝอย"; key Return              # ค่าธรรมเนียมเก็บขนขยะมูลฝอย, by its name
key Return Return
typ "120"; key Return
say "receipt 3: a name corrected with BackSpace (never refilled), Enter on several codes opens the list"
typ "นายทด สอบ"; key Return
typ "ภาษีโรง"; key BackSpace BackSpace BackSpace
key Return; shot "receipt-3-list-open"
typ "ป้าย"; key Return
key Return Return
typ "1,000"; key Return; shot "receipt-3-saved"

say "a payment, the budget line typed by its name"
key ctrl+6
key Return Return                    # the date, voucher 1 as proposed
typ "ร้านวัสดุ"; key Return
typ "วัสดุสำนักงาน"; key Return        # L01
key Return Return Return             # description, order, cash
typ "1,070"; key Return; shot "payment-typed"
key Return                           # withholding tax: none proposed under 10,000 baht; saves

say "a deposit"
key ctrl+4
key Return
typ "กรุงไทย"; key Return
key Return Return
typ "1,000"; key Return; shot "deposit-saved"

say "reverse receipt 3 from the entries list"
key ctrl+7
key Down Down; shot "entries-receipt-3"
key ctrl+r
typ "ผู้ชำระขอยกเลิก"; key Return
sleep 1; shot "reversed-info"
key Return                           # the message saying what was written

say "close the day"
key ctrl+8
typ "1/10/2567"; key Return
sleep 1; shot "close-preview"
key ctrl+s
sleep 0.5; shot "close-question"
key y                                # ใช่ (&Y); Enter or Esc would have said no
sleep 4; shot "closed"

say "print the daily status to a PDF file"
key ctrl+p
sleep 0.5; shot "print-menu"
key Return                           # the first register: รายงานสถานะการเงินประจำวัน
sleep 0.5
key ctrl+a; typ "1/10/2567"; key Return
PREVIEW=$(wait_for "ตัวอย่างก่อนพิมพ์")
sleep 2; shot "preview"
key ctrl+s
sleep 1.5; shot "save-pdf-dialog"
key ctrl+a; typ "$OUT/daily-status.pdf"; key Return
sleep 1.5; shot "pdf-saved"
key Escape
sleep 1

say "export the bundle to the stick"
key ctrl+e
sleep 1.5; shot "export-dialog"
key ctrl+a; typ "$OUT/stick"; key Return
sleep 1
if ! ls -d "$OUT"/stick/manualbook-* >/dev/null 2>&1; then
  # Qt's own folder dialog may open the folder typed first: choose it with a second Enter
  key Return
fi
for _ in $(seq 1 60); do ls -d "$OUT"/stick/manualbook-* >/dev/null 2>&1 && break; sleep 0.5; done
sleep 2; shot "exported"
key Return                           # the message saying what was written

say "quit"
key ctrl+q
for _ in $(seq 1 60); do kill -0 "$APP" 2>/dev/null || break; sleep 0.5; done
kill -0 "$APP" 2>/dev/null && { shot "still-running"; echo "the app did not quit" >&2; exit 1; }
APP=""

say "what the book holds"
manualbook entries --json >"$OUT/entries.json"
python - "$OUT" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
got = [(e["kind"], e["book"], e["number"], e["party"], e["code"], e["line"], e["account"], e["amount"], e["reason"])
       for e in json.loads((out / "entries.json").read_text(encoding="utf-8"))]
want = [
    ("receipt", "7", "1", "นายมี เงินดี", "41100003", "", "", "250.00", ""),
    ("receipt", "7", "2", "นางสาวใจ งาม", "41210008", "", "", "120.00", ""),
    ("receipt", "7", "3", "นายทด สอบ", "41100003", "", "", "1,000.00", ""),
    ("payment", "", "1", "ร้านวัสดุ", "", "L01", "", "1,070.00", ""),
    ("deposit", "", "", "", "", "", "KTB1", "1,000.00", ""),
    ("reversal", "7", "3", "นายทด สอบ", "41100003", "", "", "-1,000.00", "ผู้ชำระขอยกเลิก"),
]
pdf = (out / "daily-status.pdf").read_bytes()[:5]
bundles = sorted(p.name for p in (out / "stick").iterdir() if p.is_dir())
print("entries:", json.dumps(got, ensure_ascii=False, indent=1))
from manualbook.book import Book
with Book.open(out / "book.sqlite3", readonly=True) as book:
    closed = book.closed_through()
print("pdf:", pdf, "bundles:", bundles, "closed through:", closed)
ok = (got == want and pdf == b"%PDF-" and len(bundles) == 1 and bundles[0].startswith("manualbook-25")
      and str(closed) == "2024-10-01")
print("RESULT:", "OK: the book holds exactly what was typed" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
PY
manualbook summary --date 1/10/2567
echo "screenshots: $OUT/shots"
