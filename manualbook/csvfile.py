"""Reading the CSV files people save from Excel, whatever Excel chose to write.

- UTF-8 with or without BOM is read as such; a file that is not UTF-8 but
  reads as Thai Windows (cp874, a superset of TIS-620, what older Excel
  writes as plain "CSV") is read as that; anything else (UTF-16 "Unicode
  Text", random bytes) is refused with a Thai "save as CSV UTF-8" message.
- Lines may end in CRLF, LF or a lone CR (old Mac Excel).
- A field longer than the csv module's limit (131,072 characters, usually an
  unclosed quote swallowing the rest of the file) and any other malformed
  line are refused naming the row, never a traceback.

The file is read as a stream: memory does not grow with its size.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from pathlib import Path
from typing import Iterator

from .messages import BookError, msg

CHUNK = 1 << 18  # read, hashed and decoded 256 KB at a time
THAI_WINDOWS = "cp874"


def scan(path: Path) -> tuple[str, str, int]:
    """(sha256 of the bytes, the encoding to read them with, the number of lines), reading the file once.

    Raises BookError for UTF-16 and for bytes that are neither UTF-8 nor cp874.
    """
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, first, lines, crs = True, b"", 0, 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                if not first:
                    first = chunk[:4]
                digest.update(chunk)
                lines += chunk.count(b"\n")
                if not lines:
                    crs += chunk.count(b"\r")
                if is_utf8:
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError:
                        is_utf8 = False
            if is_utf8:
                try:
                    utf8.decode(b"", final=True)
                except UnicodeDecodeError:
                    is_utf8 = False
    except OSError as exc:
        raise BookError(msg("file_unreadable", path=path, why=exc.strerror or exc)) from None
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BookError(msg("file_utf16", path=path))
    lines = lines or crs  # an old Mac file ends its lines in CR alone
    if is_utf8:
        return digest.hexdigest(), "utf-8-sig", lines
    if not _decodes(path, THAI_WINDOWS):
        raise BookError(msg("file_encoding", path=path))
    return digest.hexdigest(), THAI_WINDOWS, lines


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, OSError):
        return False
    return True


def decode_bytes(data: bytes, name: str) -> str:
    """The text of a small CSV held in memory (a budget file), by the same rules."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BookError(msg("file_utf16", path=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(THAI_WINDOWS)
    except UnicodeDecodeError:
        raise BookError(msg("file_encoding", path=name)) from None


def rows(path: Path, encoding: str) -> Iterator[list[str]]:
    """The file's records in order (the first is the header), streamed."""
    try:
        fh = open(path, encoding=encoding, newline="")
    except OSError as exc:
        raise BookError(msg("file_unreadable", path=path, why=exc.strerror or exc)) from None
    with fh:
        yield from records(fh)


def records(lines) -> Iterator[list[str]]:
    """csv.reader over ``lines`` with its errors turned into Thai, naming the record."""
    reader = csv.reader(lines)
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise BookError(msg("csv_field_too_long", row=number, limit=f"{csv.field_size_limit():,}")) from None
            raise BookError(msg("csv_bad", row=number, why=exc)) from None
        except UnicodeDecodeError:
            raise BookError(msg("file_encoding", path=getattr(lines, "name", ""))) from None
        yield record
