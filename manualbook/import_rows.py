"""An entries file's rows as drafts, read on the second core while the first checks and writes.

``parsed_rows`` yields (row number, draft or None, problems) for every row of
the file, in file order, exactly as ``entryform.read_rows`` and
``entryform.draft_from_values`` give them: reading a row and turning it into
a draft needs nothing from the book, so for a long CSV file it is done by a
child process that sends the drafts in chunks, while this process checks
them against the book, hashes and inserts them (``posting``). The pipe holds
a few chunks at most, so memory stays flat whatever the file's length.

A file error the reader raises (a bad header, a malformed line) is raised
here at the same point of the file. If the child cannot start or dies, the
rows it did not send are read here instead: nothing is skipped or read twice.
Short files, XLSX files and ``MANUALBOOK_IMPORT_WORKER=0`` are read here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from .entry_fields import draft_from_values, read_rows
from .messages import BookError
from .model import EntryDraft

CHILD_FROM = 20_000  # lines from which a CSV file is read by a child process
CHUNK = 1000  # rows a message


def _inline(path: Path, encoding: str | None, after: int = 0) -> Iterator[tuple[int, EntryDraft | None, list]]:
    for row_no, values in read_rows(path, encoding):
        if row_no > after:
            draft, problems = draft_from_values(values, row_no)
            yield row_no, draft, problems


def _child(path: str, encoding: str | None, out) -> None:
    """The child: every row as (row, draft or None, problems), CHUNK rows a message."""
    chunk: list = []
    try:
        for row_no, draft, problems in _inline(Path(path), encoding):
            chunk.append((row_no, draft, problems))
            if len(chunk) >= CHUNK:
                out.send(chunk)
                chunk = []
        if chunk:
            out.send(chunk)
        out.send(None)  # the end of the file
    except BookError as exc:
        out.send(("error", list(exc.problems), exc.headline, exc.more))
    except (BrokenPipeError, EOFError, OSError):
        pass  # the parent stopped reading (a refused import): nothing more to send
    finally:
        out.close()


def second_core() -> bool:
    """A computer with a second core, and MANUALBOOK_IMPORT_WORKER not 0."""
    return (os.cpu_count() or 1) > 1 and os.environ.get("MANUALBOOK_IMPORT_WORKER", "1") != "0"


def two_cores(path: Path, lines: int) -> bool:
    """A CSV file long enough to be read by a second process, on a computer with a second core."""
    return lines >= CHILD_FROM and Path(path).suffix.lower() == ".csv" and second_core()


def parsed_rows(path: Path, encoding: str | None, lines: int) -> Iterator[tuple[int, EntryDraft | None, list]]:
    """(row number, draft or None, its problems) for each row of ``path``, in order."""
    path = Path(path)
    if not two_cores(path, lines):
        yield from _inline(path, encoding)
        return
    import multiprocessing

    from .workers import main_not_rerun as _main_not_rerun

    ctx = multiprocessing.get_context("spawn")
    try:
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(str(path), encoding, writer), daemon=True,
                           name="manualbook-import-reader")
        with _main_not_rerun():
            proc.start()
        writer.close()
    except (OSError, RuntimeError):
        yield from _inline(path, encoding)
        return
    last = 0  # the last row received
    try:
        while True:
            try:
                message = reader.recv()
            except (EOFError, OSError):  # the child died: the rest is read here
                yield from _inline(path, encoding, after=last)
                return
            if message is None:
                return
            if isinstance(message, tuple):
                _, problems, headline, more = message
                raise BookError(problems, headline=headline, more=more)
            for row in message:
                last = row[0]
                yield row
    finally:
        reader.close()
        proc.join(timeout=0.5)
        if proc.is_alive():
            proc.terminate()
            proc.join()
