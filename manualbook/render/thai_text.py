"""Thai text on a reportlab canvas: fonts, shaping, measuring, wrapping, drawing.

Why this module exists: reportlab 5.1 drops Thai tone marks unless the text is
shaped with HarfBuzz, ``canvas.drawString(..., shaping=True)`` still drops
them, and its own line breaking splits Thai words (Thai has no spaces between
words). So every piece of text printed by the renderer goes through here:

* ``shape()`` runs HarfBuzz (through reportlab's ``shapeStr``) once per
  distinct (text, font, size) and caches the result; glyphs that have no
  Unicode code point (tone marks moved left or down, etc.) get private code
  points from reportlab, and the drawn text is wrapped in an ``ActualText``
  span so copy/paste and ``pdftotext`` still give the real Thai string
  (including sara am, which HarfBuzz decomposes into nikhahit + sara aa).
* ``wrap()`` breaks lines only at Thai word boundaries found by pythainlp's
  newmm segmenter (imported lazily, only when a string does not fit its
  width). The dictionary is handed to newmm as a plain ``WordSet`` instead
  of pythainlp's own ``Trie``: building that trie of 62,000 words costs
  0.6 s in pure Python, a frozenset 0.01 s, and newmm needs nothing but
  ``prefixes()`` from it (same tokens, checked in the tests).
* ``draw()`` places a string at x, y with left/right/center alignment.
"""

from __future__ import annotations

import importlib.resources
import re
import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr

from ..money import to_thai_digits
from ..thaidate import MONTHS_ABBR, MONTHS_LONG
from . import pdftext, segments, thai_words

REGULAR = "Sarabun"
BOLD = "Sarabun-Bold"

# Combining Thai marks (above/below vowels, tone marks, thanthakhat...): a
# line may never start with one of these.
_THAI_COMBINING = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
    "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
# Leading vowels: a forced break may never come right after one of these.
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")

# Sarabun stacks a tone mark over an upper vowel up to 1.25 em above the
# baseline ("ตั้ง", "นี้"), above its 1.07 em ascender: a table cell keeps this
# much more room (in em) above its first line so the marks clear the rule.
MARK_ROOM = 0.12

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Registers Sarabun regular and bold with reportlab (idempotent)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        files = importlib.resources.files("fontpkg_sarabun") / "files"
        for name, fname in ((REGULAR, "Sarabun-Regular.ttf"), (BOLD, "Sarabun-Bold.ttf")):
            with importlib.resources.as_file(files / fname) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered = True


def font_name(bold: bool = False) -> str:
    return BOLD if bold else REGULAR


# Text between these private-use marks prints exactly as given (a chain hash, an
# ID): thai_digits() leaves its digits alone and every drawn string loses the marks.
_KEEP_OPEN, _KEEP_CLOSE = "\ue000", "\ue001"
_KEPT = re.compile("\ue000([^\ue001]*)\ue001")


def verbatim(text: str) -> str:
    """Marks ``text`` to be printed as it is, whatever the digit style."""
    return f"{_KEEP_OPEN}{text}{_KEEP_CLOSE}"


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits ("1,234.50" -> "๑,๒๓๔.๕๐"), except in verbatim parts."""
    if _KEEP_OPEN not in text:
        return to_thai_digits(text)
    out, pos = [], 0
    for m in _KEPT.finditer(text):
        out += [to_thai_digits(text[pos:m.start()]), m.group(1)]
        pos = m.end()
    out.append(to_thai_digits(text[pos:]))
    return "".join(out)


def plain(text: str) -> str:
    """``text`` without verbatim marks (the Arabic-digit print)."""
    return text.replace(_KEEP_OPEN, "").replace(_KEEP_CLOSE, "") if _KEEP_OPEN in text else text


def needs_shaping(text: str) -> bool:
    # Latin, digits and punctuation need no shaping in Sarabun; skipping
    # HarfBuzz for amounts and codes is a large part of the speed.
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


@lru_cache(maxsize=40_000)  # a month's distinct strings; more only grows a worker that prints many months
def shape(text: str, font: str, size: float) -> tuple[str, float]:
    """Returns (drawable string, width in points); cached by string."""
    register_fonts()
    if not text:
        return "", 0.0
    if needs_shaping(text):
        shaped = shapeStr(text, font, size)
        if isinstance(shaped, ShapedStr):
            width = sum(sd.x_advance for sd in shaped.__shapeData__) * size / 1000
            return shaped, width
        return shaped, pdfmetrics.stringWidth(shaped, font, size)
    return text, pdfmetrics.stringWidth(text, font, size)


def width(text: str, font: str, size: float) -> float:
    return shape(text, font, size)[1]


def missing_chars(text: str, font: str = REGULAR) -> str:
    """Characters of ``text`` the font has no glyph for (would print as boxes)."""
    register_fonts()
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    return "".join(sorted({ch for ch in text if ord(ch) not in cmap and ch not in "\n\r\t"}))


def glyph_ids(text: str, font: str = REGULAR) -> tuple[int, ...]:
    """HarfBuzz glyph ids for ``text``; 0 is .notdef (a missing-glyph box)."""
    register_fonts()
    import uharfbuzz as hb

    hbf = pdfmetrics.getFont(font).hbFont(12)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hbf, buf, {})
    return tuple(info.codepoint for info in buf.glyph_infos)


# ---------------------------------------------------------------- wrapping

class _Atom(str):
    """A token a line may never break inside: an identifier (a code, an account,
    voucher or receipt number, a date, an amount, in either digit style) or one
    whole component of an amount in words."""


class _Words(_Atom):
    """An amount in words: kept whole on a line when it fits one; wider than the line,
    it breaks only between whole components (after ล้าน, after บาท)."""

    parts: tuple[str, ...] = ()

    @classmethod
    def of(cls, parts) -> "_Words":
        w = cls("".join(parts))
        w.parts = tuple(parts)
        return w


# Identifiers: letters and digits joined by , . / - : (at least one digit, checked below).
_IDENT = r"[A-Za-z0-9\u0e50-\u0e59](?:[A-Za-z0-9\u0e50-\u0e59,./\-:]*[A-Za-z0-9\u0e50-\u0e59])?"
# An amount in words (money.baht_words): the baht part and the satang part are
# each whole; a part of a million or more may break only after ล้าน.
_NUMBER_WORD = "(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|เอ็ด|ร้อย|พัน|หมื่น|แสน|ล้าน|ศูนย์)"
_WORDS = f"(?:ลบ)?{_NUMBER_WORD}+(?:บาทถ้วน|บาท|สตางค์)"
# A date written out ("10 กรกฎาคม 2567", "8 ก.ค. 2567") is one identifier too.
_MONTH_NAMES = "|".join(MONTHS_LONG) + "|" + "|".join(map(re.escape, MONTHS_ABBR))
_DATE = f"[0-9\u0e50-\u0e59]{{1,2}} (?:{_MONTH_NAMES}) (?:พ\\.ศ\\. )?[0-9\u0e50-\u0e59]{{4}}"
_ATOMS = re.compile(f"({_DATE}|{_WORDS}|{_IDENT})")
_DIGIT = re.compile("[0-9\u0e50-\u0e59]")
_MILLION = re.compile("(?<=ล้าน)(?!บาท)")


def _atoms(text: str) -> list[str]:
    """``text`` cut into atoms (kept whole) and the free text between them."""
    out: list[str] = []
    pos = 0
    for m in _ATOMS.finditer(text):
        piece = m.group(0)
        if not _DIGIT.search(piece) and not piece.endswith(("บาท", "บาทถ้วน", "สตางค์")):
            continue  # a Latin word such as "WHT": ordinary text
        if m.start() > pos:
            out.append(text[pos:m.start()])
        if piece.endswith(("บาท", "บาทถ้วน", "สตางค์")) and not _DIGIT.search(piece):
            whole = [p for p in _MILLION.split(piece) if p]
            if out and isinstance(out[-1], _Words) and m.start() == pos:  # บาท… then …สตางค์
                whole = list(out.pop().parts) + whole
            out.append(_Words.of(whole))
        else:
            out.append(_Atom(piece))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def _latin(text: str) -> list[str]:
    """Latin text: break after spaces and slashes only."""
    out, cur = [], ""
    for ch in text:
        cur += ch
        if ch in " /":
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for piece in _atoms(text):
        if isinstance(piece, _Atom):
            out.append(piece)
        elif needs_shaping(piece):
            out += _words(piece)
        else:
            out += _latin(piece)
    return _glue_brackets(out)


def _words(text: str) -> list[str]:
    """Thai words (and the spaces and punctuation between them) by newmm, remembered
    between prints (segments.py): pythainlp is loaded only for a text not seen before."""
    key = _words_key()
    known = segments.get(text, key)
    if known is not None:
        return list(known)
    from pythainlp.tokenize.newmm import segment  # lazy: only when a line must break

    words = segment(text, custom_dict=thai_words.thai_dictionary())
    segments.put(text, words, key)
    return words


@lru_cache(maxsize=1)
def _words_key() -> str:
    """What our part of the dictionary is: the books' own words and the names added."""
    return "\n".join(sorted(thai_words.extra_words())) + "\n--\n" + "\n".join(sorted(thai_words.added))


_OPENERS = frozenset("([{\"'“‘")
_CLOSERS = frozenset(")]}\"'”’,.;:!?%")


def _glue_brackets(tokens: list[str]) -> list[str]:
    """An opening bracket or quote sticks to the word after it, closing
    punctuation to the word before it, so no line ends with "(" or starts
    with ")"."""
    out: list[str] = []

    def join(a: str, b: str) -> str:
        if isinstance(b, _Words):
            return _Words.of((a + b.parts[0],) + b.parts[1:])
        if isinstance(a, _Words):
            return _Words.of(a.parts[:-1] + (a.parts[-1] + b,))
        return _Atom(a + b) if isinstance(a, _Atom) or isinstance(b, _Atom) else a + b

    for tok in tokens:
        if out and not tok.isspace() and out[-1][-1] in _OPENERS:
            out[-1] = join(out[-1], tok)
        elif out and tok and all(ch in _CLOSERS for ch in tok) and not out[-1][-1].isspace():
            out[-1] = join(out[-1], tok)
        else:
            out.append(tok)
    return out


def add_words(words) -> None:
    """Names a line must not break inside, such as the office's place name
    ("หนองบัวแดง", which the dictionary would split into หนอง|บัว|แดง)."""
    new = {w.strip() for w in words if w and needs_shaping(w)} - thai_words.added
    if new:
        with _lock:
            thai_words.added.update(new)
            thai_words.thai_dictionary.cache_clear()
            _words_key.cache_clear()
            wrap.cache_clear()
            _sub_words.cache_clear()


def _clusters(word: str) -> list[str]:
    """Splits a word into pieces that may be broken between as a last resort."""
    out: list[str] = []
    for ch in word:
        if out and (ch in _THAI_COMBINING or ch == "\u0e33" or out[-1][-1] in _THAI_LEADING):
            out[-1] += ch
        else:
            out.append(ch)
    return out


@lru_cache(maxsize=4096)
def _sub_words(word: str) -> tuple[str, ...]:
    """Splits a dictionary compound into smaller dictionary words.

    newmm returns long compounds ("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร") as one
    token; when such a token is wider than its cell, it is tokenized again
    with a dictionary of only the shorter words found inside it.
    """
    word = word.strip()
    if not needs_shaping(word):
        return (word,)
    from pythainlp.tokenize.newmm import segment

    inner = [w for w in thai_words.thai_dictionary() if len(w) < len(word) and w in word]
    if not inner:
        return (word,)
    return tuple(segment(word, custom_dict=thai_words.WordSet(inner)))


def _force_split(word: str, max_w: float, font: str, size: float) -> list[str]:
    """A word wider than the cell: split between grapheme clusters."""
    lines, cur = [], ""
    for cl in _clusters(word):
        if cur and width(cur + cl, font, size) > max_w:
            lines.append(cur)
            cur = cl
        else:
            cur += cl
    if cur:
        lines.append(cur)
    return lines


def _lstrip(tok: str) -> str:
    if isinstance(tok, _Words):
        return _Words.of((tok.parts[0].lstrip(),) + tok.parts[1:])
    return _Atom(tok.lstrip()) if isinstance(tok, _Atom) else tok.lstrip()


@lru_cache(maxsize=40_000)
def wrap(text: str, max_w: float, font: str, size: float) -> tuple[str, ...]:
    """Lines of ``text`` no wider than ``max_w``, broken at word boundaries.

    Explicit newlines are kept. A word wider than the whole width is first
    split into its dictionary parts; only a single dictionary word wider than
    the cell is split inside (between grapheme clusters, never before a mark).
    """
    lines: list[str] = []
    for para in text.split("\n"):
        if width(para, font, size) <= max_w:
            lines.append(para)
            continue
        cur, cur_w = "", 0.0  # the line so far and its width as the sum of its tokens' widths
        todo = _tokens(para)
        todo.reverse()  # used as a stack
        while todo:
            tok = todo.pop()
            if not cur:
                tok = _lstrip(tok)
                if not tok:
                    continue
            if tok.isspace():
                cur, cur_w = cur + tok, cur_w + width(tok, font, size)
                continue
            # Tokens are measured one by one (each shaped once, cached: words repeat from row
            # to row); only a line within a point of the limit is shaped whole to decide.
            approx = cur_w + width(tok.rstrip(), font, size)
            if approx <= max_w - 1.0 or (approx <= max_w + 1.0 and width((cur + tok).rstrip(), font, size) <= max_w):
                cur, cur_w = cur + tok, cur_w + width(tok, font, size)
                continue
            atom = isinstance(tok, _Atom)
            if isinstance(tok, _Words) and len(tok.parts) > 1 and width(tok.strip(), font, size) > max_w:
                todo.extend(_Atom(p) for p in reversed(tok.parts))  # only now break between components
                continue
            if not atom and width(tok.strip(), font, size) > max_w:
                parts = _sub_words(tok)
                if len(parts) > 1:
                    todo.extend(reversed(parts))
                    continue
            if cur.strip():
                lines.append(cur.rstrip())
            tok = _lstrip(tok)
            if atom or width(tok, font, size) <= max_w:
                cur = tok  # an atom wider than the cell stays whole (draw() condenses it)
            else:
                parts = _force_split(tok, max_w, font, size)
                lines.extend(parts[:-1])
                cur = parts[-1] if parts else ""
            cur_w = width(cur, font, size)
        if cur.strip() or not lines:
            lines.append(cur.rstrip())
    return tuple(lines)


# ---------------------------------------------------------------- drawing

def draw(canv, x: float, y: float, text: str, font: str = REGULAR, size: float = 11,
         align: str = "left", max_width: float | None = None) -> float:
    """Draws ``text`` with its baseline at y; x is the left/right/center point.

    Returns the drawn width. Thai text is shaped and wrapped in an ActualText
    span so that text extraction gives back exactly ``text``. A line wider than
    ``max_width`` (an identifier that may not break) is condensed to fit it.
    The operators of each distinct string are made once per document (pdftext.py).
    """
    if not text:
        return 0.0
    drawable, w = shape(text, font, size)
    scale = 1.0
    if max_width and w > max_width + 0.01:
        scale, w = max_width / w, max_width
    if align == "right":
        x -= w
    elif align == "center":
        x -= w / 2
    pdftext.put(canv, x, y, text, drawable, font, size, scale, isinstance(drawable, ShapedStr))
    return w


def warm_up() -> None:
    """Loads fonts and the Thai word dictionary ahead of the first print.

    The first render otherwise pays ~0.5 s for this; a GUI can call warm_up()
    on its worker thread at start-up.
    """
    register_fonts()
    wrap("ค่าธรรมเนียมใบอนุญาตประกอบกิจการ", 20.0, REGULAR, 11)
