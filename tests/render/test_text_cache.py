"""The renderer's caches change nothing on the page (issue 14).

- pdftext: a string's operators made once per document and reused at other
  positions are byte for byte what reportlab's own text object writes there
  (Thai shaped and plain, condensed, both fonts, the same string many times).
- segments: word boundaries remembered between prints are newmm's for the same
  dictionary; another dictionary, a damaged cache file or an entry that does
  not join back into its text is not used.
"""

from __future__ import annotations

import io
import json

import pytest
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen import canvas as rl_canvas

from manualbook.render import segments, thai_text as tt

TEXTS = ("นายสมชาย ใจดี — ค่าธรรมเนียมเก็บขนขยะมูลฝอย", "12,345.50", "๑๒,๓๔๕.๕๐", "ตั้งไว้", "น้ำ",
         "รวมวันที่ 8 ก.ค. 2567", "TR0705-0193", "เบี้ยยังชีพผู้สูงอายุ ประจำเดือน")


def _reportlab_way(canv, x, y, text, font, size, scale):
    drawable, _ = tt.shape(text, font, size)
    shaped = isinstance(drawable, ShapedStr)
    if shaped:
        canv.addLiteral(f"/Span <</ActualText {tt.pdftext.actual_text(text)}>> BDC")
    t = canv.beginText(x, y)
    t.setFont(font, size)
    if scale != 1.0:
        t.setHorizScale(scale * 100)
    t.textOut(drawable)
    canv.drawText(t)
    if shaped:
        canv.addLiteral("EMC")


def _page_code(draw) -> list[str]:
    tt.register_fonts()
    canv = rl_canvas.Canvas(io.BytesIO(), invariant=1)
    for rep in range(3):
        for i, text in enumerate(TEXTS):
            for font in (tt.REGULAR, tt.BOLD):
                draw(canv, 20.5 + i * 3 + rep, 700 - i * 13.25 - rep * 100, text, font, 11 - rep, 0.8 if i % 3 else 1.0)
    return list(canv._code)


def test_cached_operators_are_what_reportlab_writes():
    def ours(canv, x, y, text, font, size, scale):
        drawable, _ = tt.shape(text, font, size)
        tt.pdftext.put(canv, x, y, text, drawable, font, size, scale, isinstance(drawable, ShapedStr))

    want = _page_code(_reportlab_way)
    got = _page_code(ours)
    assert got == want
    assert any("TJ" in line for line in want)  # shaped runs with HarfBuzz positions were compared
    assert any(" Tz " in line for line in want)  # and condensed ones


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MANUALBOOK_CACHE_DIR", str(tmp_path))
    segments._state.update(texts=None, words_key=None, dirty=False)
    yield tmp_path
    segments._state.update(texts=None, words_key=None, dirty=False)


TEXT = "ได้ตรวจนับเงินสดคงเหลือ ณ สิ้นวันที่ "


def test_remembered_words_are_newmms_and_come_back_from_the_file(cache_dir, monkeypatch):
    words = tt._words(TEXT)
    assert len(words) > 3 and "".join(words) == TEXT
    segments.save()
    assert TEXT in json.loads((cache_dir / "thai-words.json").read_text("utf-8"))["texts"]
    segments._state.update(texts=None, words_key=None)  # as a new process

    def no_newmm(*a, **k):
        raise AssertionError("newmm asked again")
    monkeypatch.setattr("pythainlp.tokenize.newmm.segment", no_newmm)
    assert tt._words(TEXT) == words


def test_another_dictionary_or_a_bad_entry_is_not_used(cache_dir):
    words = tt._words(TEXT)
    segments.save()
    path = cache_dir / "thai-words.json"
    data = json.loads(path.read_text("utf-8"))
    data["texts"][TEXT] = ["ได้ตรวจ", "นับ"]  # does not join back into the text
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    segments._state.update(texts=None, words_key=None)
    assert tt._words(TEXT) == words
    assert segments.get(TEXT, "another dictionary") is None
    path.write_text("{not json", "utf-8")
    segments._state.update(texts=None, words_key=None)
    assert tt._words(TEXT) == words


def test_reportlabs_c_accelerator_is_in_use():
    """rl_accel (a dependency, pinned for the Windows build too) halves a long register's time."""
    from reportlab.lib.rl_accel import _c_funcs

    assert {"fp_str", "escapePDF", "instanceStringWidthTTF"} <= set(_c_funcs)
