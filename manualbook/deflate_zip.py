"""A zip file written from pieces compressed one at a time: what lets the workbook reuse a day's rows.

``zipfile`` compresses what it is given, as one stream per file. The bundle's
workbook is instead made of pieces (``Deflater.cut``): each piece is a raw
deflate stream of its own, ended by a sync flush (a byte boundary, no end
marker), so pieces can follow one another byte for byte and the last one,
ended properly, closes the whole. A piece compressed for one export can be
put as it is into the next (``bundle_blocks`` keeps the pieces of closed
days). A fresh write cuts its pieces at the same places, so a file made with
kept pieces is byte for byte the file made without them.

The CRC-32 of a member is combined from its pieces' own (``crc_combine``,
by the linearity of the CRC: two passes of zlib's crc32 over zero bytes),
never computed from text that is not there. Every member is written as
deflate with no extra fields, dated 1980-01-01 (the date inside the workbook
is its own); a member of 4 GiB or more is refused (a sheet that big would be
over Excel's million rows long before).
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass

LEVEL = 1  # a fifth of the time of zlib's default, the file about a quarter larger
_LIMIT = 0xFFFFFFFF
_ZEROS = bytes(1 << 20)
_DOS_DATE = (0, 33)  # time 00:00:00, date 1980-01-01
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass(frozen=True)
class Piece:
    """Raw deflate bytes ended by a sync flush (or the stream's end), and what they hold."""

    data: bytes
    crc: int   # CRC-32 of the uncompressed text
    size: int  # its length in bytes


def _zero_crc(n: int, crc: int) -> int:
    view = memoryview(_ZEROS)
    while n > 0:
        k = min(n, len(_ZEROS))
        crc = zlib.crc32(view[:k], crc)
        n -= k
    return crc


def crc_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B)."""
    return _zero_crc(len2, crc1) ^ crc2 ^ _zero_crc(len2, 0)


class Deflater:
    """Text in, pieces out: ``feed`` compresses as it goes, ``cut`` ends the current piece."""

    def __init__(self, level: int = LEVEL):
        self.level = level
        self._z = None
        self._out: list[bytes] = []
        self._crc = self._size = 0

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if self._z is None:
            self._z = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        self._out.append(self._z.compress(data))
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)

    def cut(self, last: bool = False) -> Piece | None:
        """The piece fed since the last cut (None if nothing was); ``last`` ends the stream."""
        if self._z is None:
            if not last:
                return None
            self._z = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        self._out.append(self._z.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH))
        piece = Piece(b"".join(self._out), self._crc, self._size)
        self._z, self._out, self._crc, self._size = None, [], 0, 0
        return piece


class ZipOut:
    """A zip file written member by member into a path or a seekable binary file."""

    def __init__(self, target):
        self._own = isinstance(target, (str, os.PathLike))
        self.fp = open(target, "wb") if self._own else target
        self._entries: list[tuple[bytes, int, int, int, int]] = []  # name, crc, csize, usize, offset

    def write(self, name: str, data: bytes) -> None:
        """A whole member from its text."""
        d = Deflater()
        d.feed(data)
        self.write_pieces(name, [d.cut(last=True)])

    def write_pieces(self, name: str, pieces, crc: int | None = None, size: int | None = None) -> None:
        """A member from its pieces, the last ending the stream. ``pieces`` may be an iterable of
        Piece, or of raw bytes with the member's ``crc`` and ``size`` given."""
        raw = name.encode("ascii")
        offset = self.fp.tell()
        self.fp.write(_LOCAL.pack(b"PK\003\004", 20, 0, 0, 8, *_DOS_DATE, 0, 0, 0, len(raw), 0) + raw)
        csize, usize, total_crc = 0, 0, 0
        for p in pieces:
            data = p.data if isinstance(p, Piece) else p
            self.fp.write(data)
            csize += len(data)
            if isinstance(p, Piece):
                total_crc = crc_combine(total_crc, p.crc, p.size) if usize else p.crc
                usize += p.size
        if crc is not None:
            total_crc, usize = crc, size
        if max(csize, usize, offset) >= _LIMIT:
            raise ValueError(f"{name}: too big for a zip without zip64")
        end = self.fp.tell()
        self.fp.seek(offset + 14)
        self.fp.write(struct.pack("<3L", total_crc, csize, usize))
        self.fp.seek(end)
        self._entries.append((raw, total_crc, csize, usize, offset))

    def close(self) -> None:
        start = self.fp.tell()
        for raw, crc, csize, usize, offset in self._entries:
            self.fp.write(_CENTRAL.pack(b"PK\001\002", 20, 0, 20, 0, 0, 8, *_DOS_DATE, crc, csize, usize,
                                        len(raw), 0, 0, 0, 0, 0, offset) + raw)
        size = self.fp.tell() - start
        n = len(self._entries)
        if start + size >= _LIMIT or n > 0xFFFF:
            raise ValueError("workbook too big for a zip without zip64")
        self.fp.write(_END.pack(b"PK\005\006", 0, 0, n, n, size, start, 0))
        if self._own:
            self.fp.close()

    def abandon(self) -> None:
        if self._own:
            self.fp.close()
