"""Thai text: tone marks really drawn above their vowels, no missing glyphs,
wrapping only at word boundaries."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

from manualbook.render import load_layout, samples
from manualbook.render import thai_text as tt
from manualbook.render import thai_words as book_words

SIZE = 100  # points; rendered at 144 dpi -> 200 px per em


def _word_pdf(word: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(SIZE * 3.2, SIZE * 1.8))
    tt.draw(c, SIZE * 0.2, SIZE * 0.5, word, tt.REGULAR, SIZE)
    c.save()
    return buf.getvalue()


def _ink(word: str, image) -> tuple[set, int, int]:
    img = image(_word_pdf(word), 0, dpi=144)
    w, h = img.size
    px = img.load()
    return {(x, y) for y in range(h) for x in range(w) if px[x, y] < 128}, w, h


def _bands(ink: set) -> list[tuple[int, int]]:
    """Runs of consecutive pixel rows that contain ink, top to bottom."""
    rows = sorted({y for _, y in ink})
    bands = []
    for y in rows:
        if bands and y == bands[-1][1] + 1:
            bands[-1] = (bands[-1][0], y)
        else:
            bands.append((y, y))
    return bands


@pytest.mark.parametrize("word,base,may_touch", [
    ("ที่", "ที", False), ("ป่า", "ปา", False), ("ปู่", "ปู", False), ("สิ่ง", "สิง", False),
    ("น้ำ", "นำ", False), ("ปั้น", "ปัน", False), ("ญี่ปุ่น", "ญีปุ่น", False),
    ("ชื่อ", "ชือ", False), ("ปี๋", "ปี", False), ("กิ๊ก", "กิก", False),
    # Sarabun's own design puts the tail of mai tri against the stem of ป.
    ("ป๊า", "ปา", True),
])
def test_tone_mark_drawn_above_without_touching(word, base, may_touch, image):
    mark, _, _ = _ink(word, image)
    plain, _, _ = _ink(base, image)
    added = mark - plain
    # dropped tone mark: nothing new was drawn
    assert len(added) > 40, f"{word}: tone mark not drawn"
    # everything else is unchanged (the mark took no width, moved no glyph)
    assert len(plain - mark) < 10
    # the new ink does not touch the old ink (1 px of blank all round)
    near = {(x + dx, y + dy) for x, y in plain for dx in range(-1, 2) for dy in range(-1, 2)}
    assert may_touch or not added & near, f"{word}: tone mark overlaps or touches another glyph"
    # and it sits above the glyph under its middle (vowel above, or consonant)
    cx = sorted(x for x, _ in added)[len(added) // 2]
    mark_bottom = max(y for x, y in added)
    below = [y for x, y in plain if abs(x - cx) <= 2]
    assert below and mark_bottom + 2 < min(below), f"{word}: tone mark not above its glyph"


def test_ink_layers(image):
    """ที่ has three separate layers of ink (tone, sara ii, tho); ที has two."""
    assert len(_bands(_ink("ที่", image)[0])) == 3
    assert len(_bands(_ink("ที", image)[0])) == 2
    assert len(_bands(_ink("ทู", image)[0])) == 2  # sara uu under the consonant


def _all_report_strings() -> list[str]:
    out = []
    for data in (samples.receipts_book(60), samples.daily_status(draft=True)):
        out += [data.org_name, data.title, data.period_text, data.total_words, *data.footnotes]
        out += [t for sig in data.signatures for t in sig]
        out += [line.label for line in data.summary]
        for row in data.rows:
            out.append(row.label)
            out += [v for _, v in row.values if isinstance(v, str)]
    for name in ("receipts-book", "daily-status"):
        lay = load_layout(name)
        out += [c.get("heading", "") for c in lay["columns"]]
    from manualbook.render.layout import DEFAULT_LABELS

    out += list(DEFAULT_LABELS.values())
    return [s for s in out if s]


@pytest.mark.parametrize("font", [tt.REGULAR, tt.BOLD])
def test_no_missing_glyphs(font):
    for text in _all_report_strings() + ["ที่ ป่า ปู่ สิ่ง น้ำ ๐๑๒๓๔๕๖๗๘๙ — …"]:
        assert tt.missing_chars(text, font) == "", text
        assert 0 not in tt.glyph_ids(text.replace("\n", " "), font), text


def test_missing_glyph_check_can_fail():
    assert tt.missing_chars("ก\u200bข中") == "\u200b中"
    assert 0 in tt.glyph_ids("ก中ข")


def _breaks(text: str, lines: tuple[str, ...]) -> list[int]:
    """Offsets in ``text`` where ``lines`` were broken (spaces are dropped at breaks)."""
    pos, out = 0, []
    for line in lines:
        while text[pos] == " ":
            pos += 1
        assert text.startswith(line, pos), (text, lines)
        pos += len(line)
        out.append(pos)
    return out[:-1]


def _boundaries(tokens) -> set[int]:
    out, pos = {0}, 0
    for t in tokens:
        pos += len(t)
        out.add(pos)
    return out


def test_narrow_cell_breaks_only_between_words():
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    trie = Trie(set(thai_words()) | book_words.extra_words())  # the same words, as pythainlp builds them

    text = "ร้านป่าไม้ค้าวัสดุ จำกัด ค่าธรรมเนียมใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ"
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    widest = max(tt.width(t, tt.REGULAR, 11) for t in tokens)
    lines = tt.wrap(text, widest + 1, tt.REGULAR, 11)
    assert len(lines) > 4
    assert set(_breaks(text, lines)) <= _boundaries(tokens)
    assert all(tt.width(l, tt.REGULAR, 11) <= widest + 1 for l in lines)


def test_long_compound_is_split_into_its_words():
    text = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"
    lines = tt.wrap(text, 60, tt.REGULAR, 11)
    assert len(lines) > 1 and "".join(lines) == text
    words = ["ธนาคาร", "เพื่อ", "การ", "เกษตร", "และ", "สหกรณ์", "การ", "เกษตร"]
    assert set(_breaks(text, lines)) <= _boundaries(words)


def test_wrap_check_can_fail():
    """The boundary check used above rejects a break inside a word."""
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    trie = Trie(set(thai_words()) | book_words.extra_words())  # the same words, as pythainlp builds them

    text = "ค่าธรรมเนียม"
    bad = _breaks(text, ("ค่าธรร", "มเนียม"))
    assert not set(bad) <= _boundaries(word_tokenize(text, engine="newmm"))


WORDS = ["ค่า", "ธรรมเนียม", "ใบอนุญาต", "ที่ดิน", "สิ่งปลูกสร้าง", "น้ำประปา", "ผู้ใหญ่บ้าน",
         "ป่าไม้", "ญี่ปุ่น", "ชำระ", "เงิน", "ภาษี", "ป้าย", " ", "นาย", "สมชาย"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.integers(0, 80))
def test_wrap_properties(words, extra):
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    trie = Trie(set(thai_words()) | book_words.extra_words())  # the same words, as pythainlp builds them

    text = "".join(words).strip() or "ก"
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    width = max(tt.width(t.strip(), tt.REGULAR, 11) for t in tokens) + extra
    lines = tt.wrap(text, width, tt.REGULAR, 11)
    assert all(tt.width(l, tt.REGULAR, 11) <= width + 0.01 for l in lines)
    assert all(not l or l[0] not in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
               for l in lines)
    assert set(_breaks(text, lines)) <= _boundaries(tokens)


def test_thai_digits():
    assert tt.thai_digits("หน้า 12 / 340 1,234.50") == "หน้า ๑๒ / ๓๔๐ ๑,๒๓๔.๕๐"


def test_word_set_gives_the_same_words_as_pythainlp_trie():
    """thai_text hands newmm a WordSet instead of pythainlp's (slow to build) Trie."""
    import csv
    import importlib.resources

    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    trie = Trie(set(thai_words()) | book_words.extra_words())  # the same words, as pythainlp builds them

    texts = ["ร้านป่าไม้ค้าวัสดุ จำกัด ค่าธรรมเนียมใบอนุญาต", "ผู้อำนวยการกองคลัง องค์การบริหารส่วนตำบลหนองบัว"]
    folder = importlib.resources.files("manualbook.resources") / "codes"
    for name in ("revenue.csv", "expense.csv", "held.csv"):
        with (folder / name).open(encoding="utf-8") as fh:
            texts += [row["name"] for row in csv.DictReader(fh)]
    assert len(texts) > 30
    for text in texts:
        assert tt._words(text) == word_tokenize(text, engine="newmm", keep_whitespace=True, custom_dict=trie), text


def test_word_set_prefixes():
    words = book_words.WordSet(["ค่า", "ค่าธรรมเนียม", "ธรรม", ""])
    assert words.prefixes("ค่าธรรมเนียมใบ") == ["ค่า", "ค่าธรรมเนียม"]
    assert words.prefixes("ค่าธรรมเนียม", 3) == ["ธรรม"]
    assert "ธรรม" in words and "" not in words and len(words) == 3


def test_no_line_ends_with_an_opening_bracket():
    text = "การไฟฟ้าส่วนภูมิภาคอำเภอกันทรลักษ์ (ค่าไฟฟ้าเดือนมิถุนายน 2567)"
    for w in range(60, 200, 7):
        lines = tt.wrap(text, w, tt.REGULAR, 11)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(l.rstrip().endswith("(") for l in lines), (w, lines)
        assert not any(l.startswith(")") for l in lines[1:]), (w, lines)
    assert tt._glue_brackets(["ก", " ", "(", "ข", ")", " ", "ค"]) == ["ก", " ", "(ข)", " ", "ค"]


def test_added_place_names_and_book_words_are_not_split():
    from manualbook.reporting import place_name

    assert place_name("องค์การบริหารส่วนตำบลหนองบัวแดง") == "หนองบัวแดง"
    assert place_name("เทศบาลเมืองกันทรลักษ์") == "กันทรลักษ์" and place_name("บริษัท ก") == ""
    title = "นายกองค์การบริหารส่วนตำบลดอนมะเฟืองหวาน"  # a name no other test adds
    assert "ดอนมะเฟืองหวาน" not in tt._tokens(title)  # the dictionary alone splits it
    tt.add_words([place_name("องค์การบริหารส่วนตำบลดอนมะเฟืองหวาน")])
    assert tt._tokens(title)[-1] == "ดอนมะเฟืองหวาน"
    assert tt._tokens("นำส่งภาษี")[0] == "นำส่ง"
