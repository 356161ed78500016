"""The zip of pieces the workbook is written into (deflate_zip): read back by zipfile, CRCs combined right."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from hypothesis import given, settings, strategies as st

from manualbook.deflate_zip import Deflater, ZipOut, crc_combine


@given(st.binary(max_size=3000), st.binary(max_size=3000), st.integers(0, 3 << 20))
@settings(max_examples=60, deadline=None)
def test_crc_combine_is_the_crc_of_the_two_together(a, b, zeros):
    b = b + bytes(zeros % 70_000) if zeros % 3 else b  # longer pieces too, past the zero buffer's length
    assert crc_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_crc_combine_over_more_than_the_zero_buffer():
    a, b = b"head", bytes(range(256)) * 9000  # 2.3 MB: the zero buffer is used more than once
    assert crc_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


@given(st.lists(st.binary(max_size=2000), max_size=12), st.lists(st.booleans(), max_size=12))
@settings(max_examples=60, deadline=None)
def test_pieces_cut_anywhere_read_back_as_one_member(texts, cuts):
    """Pieces fed and cut at any place, some put again from an earlier cut, make one member zipfile reads."""
    d = Deflater()
    pieces = []
    for i, text in enumerate(texts):
        d.feed(text)
        if i < len(cuts) and cuts[i]:
            piece = d.cut()
            if piece is not None:
                pieces.append(piece)
    pieces.append(d.cut(last=True))
    buf = io.BytesIO()
    z = ZipOut(buf)
    z.write_pieces("xl/worksheets/sheet1.xml", pieces)
    z.write("small.xml", "ข้อความไทย".encode())
    z.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        assert zf.testzip() is None  # every CRC checked
        assert zf.read("xl/worksheets/sheet1.xml") == b"".join(texts)
        assert zf.read("small.xml").decode() == "ข้อความไทย"


def test_a_member_from_raw_bytes_takes_the_crc_given(tmp_path):
    d = Deflater()
    d.feed(b"<a/>")
    piece = d.cut(last=True)
    path = tmp_path / "x.zip"
    z = ZipOut(path)
    z.write_pieces("a.xml", [piece.data], piece.crc, piece.size)
    z.close()
    with zipfile.ZipFile(path) as zf:
        assert zf.read("a.xml") == b"<a/>"


def test_a_wrong_crc_is_what_zipfile_refuses():
    """The CRC is really checked by readers: a member with a wrong one does not read (so the tests
    above prove the combined CRCs right)."""
    d = Deflater()
    d.feed(b"<a>text</a>")
    piece = d.cut(last=True)
    buf = io.BytesIO()
    z = ZipOut(buf)
    z.write_pieces("a.xml", [piece.data], piece.crc ^ 1, piece.size)
    z.close()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf, pytest.raises(zipfile.BadZipFile):
        zf.read("a.xml")
