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

if len(sys.argv) > 1 and sys.argv[1] != "laptops":
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
    from manualbook import workday

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    suffix = "" if len(sys.argv) < 2 else f"-{sys.argv[1].replace('.', '')}"
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    demo_book(tmp / "demo.sqlite3")
    book = Book.open(tmp / "demo.sqlite3")
    tasks = TaskManager(book)
    session = Session(tasks, workday.working_day(book), book.closed_through(), book.org().name)
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
    from manualbook.setup_book import load_setup
    from manualbook_ui.settings_dialog import SettingsDialog
    dialog = SettingsDialog(session, load_setup(book))
    dialog.show()
    settle()
    dialog.grab().save(str(OUT / f"settings{suffix}.png"))
    dialog.close()
    window.close()
    tasks.close()
    print("saved to", OUT)


if __name__ == "__main__" and sys.argv[1:] != ["laptops"]:
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
    from manualbook import workday
    from manualbook_ui import theme
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
    session = Session(tasks, workday.working_day(book), book.closed_through(), book.org().name)

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
    from manualbook import workday
    from manualbook_ui import theme
    from manualbook_ui.mainwindow import SCREENS, MainWindow
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.session import Session

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
    build_demo(path)
    book = Book.open(path)
    tasks = TaskManager(book)
    session = Session(tasks, workday.working_day(book), book.closed_through(), book.org().name)
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


# ---------------------------------------------------------------- office laptops: 1280x720 and 1366x768, 100 % and 125 %
LAPTOPS = ((1280, 720, ":93"), (1366, 768, ":83"))
SCALES = ("1", "1.25")


def _quantised(image, target: Path) -> None:
    """Saves a screen grab as a 256-colour PNG (a third of the size; text stays sharp)."""
    from io import BytesIO

    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    Image.open(BytesIO(bytes(buf.data()))).convert("RGB").quantize(256).save(target, optimize=True)


def laptop_screens(out: Path = OUT) -> list[Path]:
    """Every screen and dialog of the app over the demo office, as the clerk's screen shows it
    (the whole X screen, the main window maximised). Run by ``laptops()`` once per size and scale,
    each in its own process under Xvfb with the xcb platform:

        python tests/ui/make_screenshots.py laptops
    """
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from manualbook.demo import build_demo
    from manualbook import workday
    from manualbook_ui import theme
    from manualbook_ui.mainwindow import SCREENS, MainWindow
    from manualbook_ui.ops import TaskManager
    from manualbook_ui.session import Session

    app = QApplication.instance() or QApplication([])
    theme.apply(app)
    geo = app.primaryScreen().geometry()
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    tag = f"{round(geo.width() * float(scale))}x{round(geo.height() * float(scale))}-{int(float(scale) * 100)}"
    path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
    build_demo(path)
    book = Book.open(path)
    tasks = TaskManager(book)
    session = Session(tasks, workday.working_day(book), book.closed_through(), book.org().name)
    window = MainWindow(session)
    window.show()
    import subprocess
    subprocess.run(["xdotool", "windowfocus", str(int(window.winId()))], check=False)  # no window manager

    def settle(ms=500):
        end = dt.datetime.now() + dt.timedelta(milliseconds=ms)
        while dt.datetime.now() < end or tasks.busy():
            app.processEvents()

    saved = []

    def shot(name: str) -> None:
        settle(300)
        target = out / f"{name}-{tag}.png"
        _quantised(app.primaryScreen().grabWindow(0).toImage(), target)
        saved.append(target)

    def typed(widget, text: str) -> None:
        widget.setFocus()
        for ch in text:
            QTest.keyClick(widget, ch) if ch.isascii() else QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
        settle(100)

    def with_dialog(open_it, name: str, prepare=None) -> None:
        """Opens a dialog, lets ``prepare(dialog)`` type into it, saves the screen, closes it."""
        found = []

        def grab():
            dialog = app.activeModalWidget() or (window.last_dialog if window.last_dialog and
                                                  window.last_dialog.isVisible() else None)
            if dialog is None:
                QTimer.singleShot(100, grab)
                return
            found.append(dialog)
            if prepare:
                prepare(dialog)
            shot(name)
            dialog.reject()
        QTimer.singleShot(300, grab)
        open_it()
        end = dt.datetime.now() + dt.timedelta(seconds=5)
        while not found and dt.datetime.now() < end:
            app.processEvents()
        settle(200)

    settle(1200)
    for key, _ in SCREENS:
        window.go(key)
        settle()
        w = window.screens[key]
        if key == "receipt":
            typed(w.fields["party"], "นายสมชาย ใจดี")
            typed(w.fields["code"], "ภาษี")
            shot("receipt-picker")
            QTest.keyClick(w.fields["code"], Qt.Key.Key_Escape)
            w.fields["code"].clear()
            typed(w.fields["code"], "41100003")
            QTest.keyClick(w.fields["code"], Qt.Key.Key_Return)
            typed(w.fields["amount"], "1,250.75")
        if key == "payment":
            typed(w.fields["party"], "ร้านวัสดุภัณฑ์")
            typed(w.fields["line"], "วัสดุสำนักงาน")
            QTest.keyClick(w.fields["line"], Qt.Key.Key_Return)
            typed(w.fields["amount"], "12,500")
        if key == "entries":
            w.period.setCurrentIndex(1)
            settle()
        shot(key)
    window.go("entries")
    settle()
    entries = window.screens["entries"]
    entries.table.setFocus()
    entries.table.selectRow(3)
    with_dialog(entries.reverse_selected, "reverse",
                lambda d: typed(d.reason, "บันทึกจำนวนเงินผิด"))
    window.go("budget")
    settle()
    budget_view = window.screens["budget"]
    budget_view.select_line("L07")
    with_dialog(budget_view.open_transfer, "budget-transfer", lambda d: (
        typed(d.fields["to_line"], "ถนน"), QTest.keyClick(d.fields["to_line"], Qt.Key.Key_Return),
        typed(d.fields["amount"], "10,000")))
    with_dialog(budget_view.open_add_line, "budget-add-line", lambda d: (
        typed(d.fields["key"], "L09"), typed(d.fields["item"], "โครงการซ่อมแซมถนนลูกรัง หมู่ที่ 7"),
        typed(d.fields["amount"], "150,000")))
    window.go("receipt_books")
    settle()
    window.screens["receipt_books"].table.selectRow(0)
    with_dialog(window.screens["receipt_books"].open_range, "receipt-book-range")
    from manualbook_ui import masterdata
    with_dialog(lambda: masterdata.open_dialog(window, lambda: masterdata.RevenueCodeDialog(session, window),
                                               lambda d: ""), "add-revenue-code")
    with_dialog(lambda: masterdata.open_dialog(window, lambda: masterdata.HeldAccountDialog(session, window),
                                               lambda d: ""), "add-held-account")
    with_dialog(lambda: masterdata.open_dialog(window, lambda: masterdata.OrgDialog(
        session, book.org(), book.closed_through(), book.first_open_day(), window), lambda d: ""), "org-correction")
    with_dialog(window.show_keys, "keysheet")
    with_dialog(window.open_settings, "settings")
    from manualbook_ui import preview
    with_dialog(lambda: preview.ask_period(window, actions_module().PRINT_ACTIONS["daily-status"], session.working_day),
                "print-period")
    window.go("home")
    settle()
    window.open_print_menu()
    shot("print-menu")
    window.menuBar().setActiveAction(None)
    from manualbook_ui.setup import SetupWizard
    wizard = SetupWizard()
    wizard.show()
    typed(wizard.org.name, "องค์การบริหารส่วนตำบลบ้านใหม่")
    shot("setup")
    wizard.hide()
    window.close()
    settle(200)
    tasks.close()
    return saved


def actions_module():
    from manualbook_ui import actions
    return actions


def laptops() -> None:
    """Runs ``laptop_screens`` at 1280x720 and 1366x768, at 100 % and 125 %, each under its own Xvfb."""
    import subprocess
    for width, height, display in LAPTOPS:
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"])
        try:
            import time
            time.sleep(1)
            for scale in SCALES:
                env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": scale}
                subprocess.run([sys.executable, "-c", "import make_screenshots as m; print(len(m.laptop_screens()))"],
                               cwd=Path(__file__).parent, env=env, check=True)
        finally:
            xvfb.terminate()
            xvfb.wait()


if __name__ == "__main__" and sys.argv[1:] == ["laptops"]:
    laptops()
