"""Saves a PNG of every screen under docs/screenshots/ (run by hand, not a test).

    QT_QPA_PLATFORM=offscreen python tests/ui/make_screenshots.py [scale]

``scale`` (e.g. 1.5) imitates Windows display scaling through QT_SCALE_FACTOR.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

if len(sys.argv) > 1:
    os.environ["QT_SCALE_FACTOR"] = sys.argv[1]
sys.path.insert(0, str(Path(__file__).parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from conftest import make_book  # noqa: E402
from manualbook.book import Book  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def demo_book(path: Path) -> None:
    book = make_book(path)
    people = ["นายสมชาย ใจดี", "นางสมหญิง รักชาติ", "ร้านรุ่งเรืองพาณิชย์", "นายประยุทธ์ มั่นคง", "บริษัท ไฟฟ้า จำกัด"]
    n = 0
    for day in range(1, 6):
        date = f"{day}/10/2567"
        for i in range(6):
            n += 1
            book.add({"date": date, "kind": "receipt", "book": "12", "number": str(n), "party": people[i % 5],
                      "code": ("41100001", "41100003", "41100002")[i % 3], "amount": str(350 + 125 * i)})
        book.add({"date": date, "kind": "deposit", "account": "KTB1", "amount": "2000"})
        book.add({"date": date, "kind": "payment", "number": str(day), "party": people[2], "line": "L002",
                  "amount": "180", "description": "ค่าไฟฟ้าสำนักงาน"})
    book.add({"date": "5/10/2567", "kind": "payment", "number": "9", "party": "ร้านวัสดุภัณฑ์", "line": "L001",
              "amount": "10700", "wht": "100", "method": "cheque", "account": "KTB1", "cheque": "0012345"})
    book.add({"date": "5/10/2567", "kind": "void", "book": "12", "number": str(n + 2), "description": "เขียนผิด"})
    first = next(book.entries())
    book.reverse(first.id, "บันทึกจำนวนเงินผิด", dt.date(2024, 10, 5))
    book.close_day(dt.date(2024, 10, 3))
    book.close()


def main() -> None:
    from manualbook_ui import theme
    from manualbook_ui.mainwindow import MainWindow
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.session import Session
    from manualbook_ui import data

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    suffix = "" if len(sys.argv) < 2 else f"-{sys.argv[1].replace('.', '')}"
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    demo_book(tmp / "demo.sqlite3")
    book = Book.open(tmp / "demo.sqlite3")
    tasks = TaskManager(book)
    session = Session(tasks, data.working_day(book), book.closed_through(), book.org().name)
    window = MainWindow(session)
    from PySide6.QtCore import Qt
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1300, 760)
    window.show()

    def settle(ms=400):
        tasks.wait()
        for _ in range(5):
            app.processEvents()
        end = dt.datetime.now() + dt.timedelta(milliseconds=ms)
        while dt.datetime.now() < end:
            app.processEvents()
        tasks.wait()
        app.processEvents()

    settle()
    for key in ("home", "receipt", "void", "deposit", "withdraw", "payment", "entries", "close"):
        window.go(key)
        settle()
        if key == "receipt":
            form = window.screens[key]
            form.fields["party"].setText("นายสมชาย ใจดี")
            form.fields["code"].setText("ภาษีป้าย")
            form.fields["code"].setFocus()
            form.fields["code"].show_all()
            settle()
            window.grab().save(str(OUT / f"receipt-picker{suffix}.png"))
            form.fields["code"].completer().popup().hide()
            form.fields["code"].setText("41100003")
            form.fields["code"].normalise()
            form.fields["amount"].setText("1,250.75")
            form.fields["amount"].setFocus()
            form._edited("amount")
            settle()
        if key == "payment":
            form = window.screens[key]
            form.fields["party"].setText("ร้านวัสดุภัณฑ์")
            form.fields["line"].setText("L001")
            form.fields["line"].normalise()
            form.fields["amount"].setText("12,500")
            form._edited("amount")
            form.touched |= {"party", "line", "amount"}
            form.check_now()
            settle(600)
        if key == "void":
            form = window.screens[key]
            form.save()
            settle()
        if key == "entries":
            view = window.screens[key]
            view.period.setCurrentIndex(2)
            settle()
            view.select_entry(view.model.entry_at(0).id)
        window.grab().save(str(OUT / f"{key}{suffix}.png"))
    popup_host = window.screens["receipt"]
    window.go("receipt")
    settle()
    popup_host.fields["date"].open_calendar()
    settle()
    popup_host.fields["date"]._popup.grab().save(str(OUT / f"calendar{suffix}.png"))
    popup_host.fields["date"]._popup.hide()
    from manualbook_ui.setup import SetupWizard
    wizard = SetupWizard()
    wizard.org.name.setText("องค์การบริหารส่วนตำบลบ้านใหม่")
    wizard.org.start.setText("1/10/2567")
    wizard.org.since.setText("๑๕/๑๑/๒๕๖๗")
    wizard.org.cash.setText("12,345.50")
    wizard.show()
    settle()
    wizard.grab().save(str(OUT / f"setup-1{suffix}.png"))
    wizard.next()
    wizard.accounts.table.item(0, 0).setText("กรุงไทย")
    wizard.accounts.table.item(0, 1).setText("123-4-56789-0")
    wizard.accounts.table.item(0, 4).setText("250,000")
    settle()
    wizard.grab().save(str(OUT / f"setup-2{suffix}.png"))
    wizard.next()
    wizard.people.names["clerk"].setText("นางสาวสมศรี ใจดี")
    wizard.people.titles["clerk"].setText("นักวิชาการเงินและบัญชีชำนาญการ")
    settle()
    wizard.grab().save(str(OUT / f"setup-3{suffix}.png"))
    wizard.close()
    from manualbook_ui.settings_dialog import SettingsDialog, load_setup
    dialog = SettingsDialog(session, load_setup(book))
    dialog.show()
    settle()
    dialog.grab().save(str(OUT / f"settings{suffix}.png"))
    dialog.close()
    window.close()
    tasks.close()
    print("saved to", OUT)


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------- budget and receipt-book screens
def _elaas_workbook(path: Path) -> Path:
    """An e-LAAS-shaped budget export: title rows, a two-row header, subtotal rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["องค์การบริหารส่วนตำบลหนองบัวแดง"])
    ws.append(["งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568", None, None, None, None, None, "พิมพ์ 3/10/2567"])
    ws.append(["แผนงาน", "งาน", "หมวด", "รหัส", "รายการ", "งบประมาณ", None])
    ws.append([None, None, None, None, None, "ตั้งไว้", "โอนเพิ่ม"])
    ws.merge_cells("F3:G3")
    rows = [("บริหารงานทั่วไป", "งานบริหารทั่วไป", "ค่าวัสดุ", "5130100", "วัสดุสำนักงาน", "250,000.00"),
            (None, None, "ค่าสาธารณูปโภค", "5130200", "ค่าไฟฟ้า", "420,000.00"),
            (None, None, "ค่าใช้สอย", "5130300", "รายจ่ายเพื่อให้ได้มาซึ่งบริการ", "540,000.00"),
            ("รวมงานบริหารทั่วไป", None, None, None, None, "1,210,000.00"),
            ("การศึกษา", "งานระดับก่อนวัยเรียนและประถมศึกษา", "ค่าวัสดุ", "5130100", "ค่าอาหารเสริม (นม)",
             "๕๐๑,๐๐๐.๐๐"),
            ("เคหะและชุมชน", "งานก่อสร้างโครงสร้างพื้นฐาน", "ค่าที่ดินและสิ่งก่อสร้าง", "5410100",
             "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4", "500,000.00"),
            ("รวมทั้งสิ้น", None, None, None, None, "2,211,000.00")]
    for r in rows:
        ws.append([*r, None])
    wb.save(path)
    return path


def budget_screens() -> None:
    """budget.png, budget-transfer.png, budget-import.png, receipt-books.png from the demo office.

        cd tests/ui && QT_QPA_PLATFORM=xcb DISPLAY=:78 \
            python -c "import make_screenshots as m; m.budget_screens()"
    """
    from manualbook.demo import build_demo
    from manualbook_ui import data, theme
    from manualbook_ui.budget_view import BudgetView
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.receipt_books_view import ReceiptBooksView
    from manualbook_ui.session import Session

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    build_demo(tmp / "demo.sqlite3")
    book = Book.open(tmp / "demo.sqlite3")
    tasks = TaskManager(book)
    session = Session(tasks, data.working_day(book), book.closed_through(), book.org().name)

    def settle(ms=300):
        end = dt.datetime.now() + dt.timedelta(milliseconds=ms)
        while dt.datetime.now() < end or tasks.busy():
            app.processEvents()

    view = BudgetView(session)
    view.setWindowTitle("งบประมาณ")
    view.resize(1136, 720)
    view.show()
    view.reload()
    settle()
    view.select_line("L03")  # not the tinted L06: a selected row hides its tint
    settle()
    view.grab().save(str(OUT / "budget.png"))
    view.select_line("L07")
    dialog = view.open_transfer()
    settle()
    dialog.fields["to_line"].setText("L06")
    dialog.fields["to_line"].normalise()
    dialog.fields["amount"].setText("10,000")
    dialog.fields["amount"].normalise()
    dialog.fields["reason"].setText("เพิ่มงบก่อสร้างถนนให้พอจ่ายงวดสุดท้าย")
    dialog.fields["reference"].setFocus()
    settle()
    dialog.grab().save(str(OUT / "budget-transfer.png"))
    dialog.reject()
    dialog = view.open_import(_elaas_workbook(tmp / "elaas-2568.xlsx"))
    settle(500)
    dialog.grab().save(str(OUT / "budget-import.png"))
    dialog.reject()
    view.close()
    books = ReceiptBooksView(session)
    books.setWindowTitle("เล่มใบเสร็จ")
    books.resize(1136, 520)
    books.show()
    books.reload()
    settle()
    books.grab().save(str(OUT / "receipt-books.png"))
    books.close()
    tasks.close()
    for w in (view, books):  # delete while Qt is still whole, not at interpreter exit
        w.deleteLater()
    settle(50)
    print("saved budget and receipt-book screens to", OUT)



# ---------------------------------------------------------------- every screen with the demo office
def demo_office(out: Path = OUT) -> list[Path]:
    """Every screen of the main window over the demo office (July 2567), as
    ``demo-<screen>.png`` (``-15`` added under QT_SCALE_FACTOR=1.5). Run under
    Xvfb with the xcb platform:

        cd tests/ui && QT_QPA_PLATFORM=xcb DISPLAY=:77 python -c "import make_screenshots as m; m.demo_office()"
    """
    from PySide6.QtCore import Qt

    from manualbook.demo import build_demo
    from manualbook_ui import data, theme
    from manualbook_ui.mainwindow import SCREENS, MainWindow
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.session import Session

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
    build_demo(path)
    book = Book.open(path)
    tasks = TaskManager(book)
    session = Session(tasks, data.working_day(book), book.closed_through(), book.org().name)
    window = MainWindow(session)
    window.setWindowState(Qt.WindowState.WindowNoState)
    screen = app.primaryScreen().availableGeometry()  # 1366x768 at 150 % is 911x512 logical pixels
    window.resize(min(1366, screen.width()), min(740, screen.height() - 20))
    window.show()

    def settle(ms=600):
        end = dt.datetime.now() + dt.timedelta(milliseconds=ms)
        while dt.datetime.now() < end or tasks.busy():
            app.processEvents()
        tasks.wait()
        app.processEvents()

    settle(1000)
    saved = []
    for key, _ in SCREENS:
        window.go(key)
        settle()
        scale = os.environ.get("QT_SCALE_FACTOR", "")
        target = out / f"demo-{key}{'-' + scale.replace('.', '') if scale else ''}.png"
        window.grab().save(str(target))
        saved.append(target)
    window.close()
    settle(200)
    tasks.close()
    return saved
