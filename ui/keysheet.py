"""The key sheet (F1): every key of the program, in Thai, on one page.

``SHEET`` is the one list of keys; a test checks that every shortcut the
main window and its screens answer to is on it, so the sheet cannot fall
behind the program.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QTextBrowser, QVBoxLayout

from .fit import fit_to_screen

SHEET: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("ทั้งโปรแกรม", (
        ("Ctrl+1 … Ctrl+9, Ctrl+0", "ไปหน้าจอ หน้าหลัก รับเงิน ยกเลิกใบเสร็จ นำฝาก ถอน จ่ายเงิน รายการทั้งหมด "
                                    "ปิดบัญชี งบประมาณ บันทึกเข้า e-LAAS"),
        ("Alt + ตัวอักษรที่ขีดเส้นใต้", "เปิดเมนู เช่น Alt+F แฟ้ม, Alt+P พิมพ์, Alt+E ส่งออก, Alt+D ข้อมูลหลัก"),
        ("Ctrl+P", "พิมพ์ทะเบียนและรายงาน (เลือกจากเมนู)"),
        ("Ctrl+E", "ส่งออกชุดข้อมูลไปยังแฟลชไดรฟ์"),
        ("Ctrl+Shift+B", "สำรองและกู้คืนสมุด"),
        ("F2", "ไปที่ช่องวันที่ทำงาน (แถบล่างของหน้าต่าง)"),
        ("F1", "แผ่นปุ่มลัดนี้"),
        ("Ctrl+Q", "ออกจากโปรแกรม"),
        ("Tab / Shift+Tab", "ไปช่องหรือปุ่มถัดไป / ก่อนหน้า (ออกจากตารางได้ด้วย)"),
        ("Space", "กดปุ่มที่มีกรอบเน้นอยู่"),
        ("Esc", "ปิดหน้าต่างย่อย (ถ้ามีข้อมูลที่พิมพ์ไว้ จะถามก่อน)"),
        ("Y / N", "ตอบคำถาม ใช่ / ไม่ใช่ (Enter และ Esc คือ ไม่ใช่)"),
    )),
    ("แบบฟอร์มรับเงิน จ่ายเงิน นำฝาก ถอน ยกเลิกใบเสร็จ", (
        ("Enter", "ไปช่องถัดไป ที่ช่องสุดท้ายคือบันทึก"),
        ("Ctrl+S", "บันทึก"),
        ("Ctrl+L", "ล้างแบบฟอร์ม (คงวันที่และเล่มที่ไว้)"),
        ("F4 หรือ Alt+↓", "ในช่องวันที่: เปิดปฏิทิน"),
    )),
    ("ช่องเลือกรหัสรายรับ รายการงบ บัญชี", (
        ("พิมพ์", "พิมพ์รหัสหรือส่วนใดของชื่อ รายการด้านล่างจะเหลือเฉพาะที่ตรง (ข้อความที่พิมพ์ไม่ถูกแทนที่)"),
        ("Enter", "รหัสที่พิมพ์ครบ หรือตรงรายการเดียว: เลือกรายการนั้น; ตรงหลายรายการ: แสดงรายการให้เลือก"),
        ("↓ ↑ PgDn PgUp", "เลื่อนแถบเลือกในรายการ แล้วกด Enter เพื่อเลือก"),
        ("F4", "ดูรายการทั้งหมด"),
        ("Esc", "ปิดรายการ"),
    )),
    ("รายการทั้งหมด", (
        ("Ctrl+F", "ไปที่ช่องค้นหา"),
        ("Ctrl+R", "กลับรายการที่เลือก"),
        ("Ctrl+K", "บันทึกส่งมอบเช็คของรายการที่เลือก"),
        ("Ctrl+J", "ไปที่รายการคู่ (รายการเดิม / รายการที่กลับ)"),
    )),
    ("ปิดบัญชีประจำวัน", (
        ("Enter", "ในช่องวันที่: แสดงยอดของวันนั้น"),
        ("Ctrl+S", "ปิดบัญชีวันที่แสดง (ถามยืนยันก่อน คำตอบเริ่มต้นคือ ไม่)"),
    )),
    ("งบประมาณ", (
        ("Ctrl+F", "ไปที่ช่องค้นหา"),
        ("Ctrl+N", "เพิ่มรายการงบ"),
        ("Ctrl+T", "โอนงบ"),
        ("Ctrl+U", "งบเพิ่มเติม"),
        ("Ctrl+K", "ก่อหนี้ผูกพัน"),
        ("Ctrl+D", "ยกเลิกใบสั่ง/สัญญา"),
        ("Ctrl+I", "นำเข้างบประมาณจากแฟ้ม"),
    )),
    ("บันทึกเข้า e-LAAS", (
        ("Space", "ทำเครื่องหมายว่าบันทึกแล้ว / เอาออก"),
        ("Ctrl+Space", "ทำเครื่องหมายทุกรายการจนถึงรายการนี้"),
        ("Ctrl+S", "บันทึกเครื่องหมายทันที (ปกติบันทึกเองภายในหนึ่งวินาที)"),
        ("Ctrl+G", "ไปที่รายการถัดไปที่ยังไม่ได้บันทึก"),
        ("Ctrl+PgUp / Ctrl+PgDown", "วัน (หรือเดือน) ก่อนหน้า / ถัดไปที่มีรายการ"),
        ("Ctrl+I", "นำเข้าผลการบันทึกจากแฟ้ม Excel"),
    )),
    ("เล่มใบเสร็จ", (
        ("Ctrl+N", "ลงทะเบียนเล่มใหม่"),
        ("Ctrl+M", "กำหนดเลขที่แรก/สุดท้ายของเล่มที่เลือก"),
    )),
    ("ตัวอย่างก่อนพิมพ์", (
        ("Ctrl+P", "พิมพ์"),
        ("Ctrl+S", "บันทึกเป็นแฟ้ม PDF"),
        ("PgDn / PgUp", "หน้าถัดไป / ก่อนหน้า"),
        ("Esc", "ปิด"),
    )),
)


def sheet_html() -> str:
    parts = ["<h2>ปุ่มลัดของโปรแกรม</h2>"]
    for section, rows in SHEET:
        parts.append(f"<h3>{escape(section)}</h3><table cellspacing=0 cellpadding=4>")
        parts += [f"<tr><td width=230><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>" for keys, what in rows]
        parts.append("</table>")
    return "".join(parts)


def sheet_keys() -> set[str]:
    """Every key combination named on the sheet, in QKeySequence's portable text."""
    out = set()
    for _, rows in SHEET:
        for keys, _ in rows:
            for part in keys.replace("…", ",").replace("/", ",").replace(" หรือ ", ",").split(","):
                seq = QKeySequence(part.strip())
                if part.strip() and not seq.isEmpty():
                    out.add(seq.toString(QKeySequence.SequenceFormat.PortableText))
    return out


class KeySheet(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("ปุ่มลัด (F1)")
        box = QVBoxLayout(self)
        self.text = QTextBrowser(objectName="keysheet")
        self.text.setHtml(sheet_html())
        box.addWidget(self.text)
        close = QPushButton("ปิด (Esc)", objectName="close")
        close.clicked.connect(self.accept)
        box.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        for keys in ("F1", "Escape"):  # the text box would keep Escape to itself
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        fit_to_screen(self, 820, 680)
        self.text.setFocus()
