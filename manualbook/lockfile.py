"""The app's lock file beside the book, read and taken without Qt.

The desktop app holds ``<book>.lock`` through Qt's QLockFile for as long as
it runs. Its format (Qt 6) is five lines: process id, process name, host
name, machine id, boot id. The command line reads it so a command that
writes says "the book is in use by the app on HOST" (or waits, ``--wait``)
instead of racing the app, and takes the same lock in the same format while
it writes, so the app and a second command see it too.

A lock is stale, as QLockFile decides, when it was written on this machine
and its process is gone (or the machine was restarted since). A stale lock
is removed only under the holder's own file lock (flock on POSIX; on Windows
an open lock file cannot be deleted), so a live holder's file is never
taken away. Linux is what this was tested on; the Windows branches follow
Qt's own checks (OpenProcess, the process's image name).
"""

from __future__ import annotations

import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .messages import BookError, Problem, msg

SUFFIX = ".lock"
UNREADABLE_GRACE = 10.0  # seconds an unreadable lock is taken as being written, not stale

# The descriptors of the locks this process holds. A forked process (the import's checker on Linux)
# gets copies of them; it closes its copies at once, so it never keeps its parent's lock alive (a
# flock lasts while any copy is open) if the parent ends first.
_HELD: set[int] = set()


def _forget_held_locks() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_held_locks)


@dataclass(frozen=True)
class Holder:
    pid: int
    app: str
    host: str
    machine: str = ""
    boot: str = ""


def lock_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + SUFFIX)


def read(path: Path) -> Holder | None:
    """The holder written in a lock file; None if it cannot be read as one."""
    try:
        lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    except OSError:
        return None
    try:
        pid = int(lines[0])
    except (ValueError, IndexError):
        return None
    lines += [""] * 5
    return Holder(pid, lines[1].strip(), lines[2].strip(), lines[3].strip(), lines[4].strip())


def live_holder(db_path: str | Path) -> Holder | None:
    """Who holds the book's lock now, or None when nobody (or only a stale lock)."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    holder = read(path)
    if holder is None:
        return Holder(0, "", "") if _young(path) else None
    return None if is_stale(holder) else holder


def is_stale(h: Holder) -> bool:
    if h.host and h.host != _host():
        return False  # another computer (a book in a shared folder): we cannot look at its processes
    mine = _machine_id()
    if h.machine and mine and h.machine != mine:
        return False
    boot = _boot_id()
    if h.boot and boot and h.boot != boot:
        return True  # written before this machine was restarted
    return not _running(h.pid, h.app)


def holder_text(db_path: str | Path) -> str:
    """Who holds the book, for "the book is in use by …": the app's lock if a live process holds it."""
    try:
        holder = live_holder(db_path)
    except OSError:
        holder = None
    if holder is not None:
        return " " + msg("book_busy_app", host=holder.host or "?", pid=holder.pid).message
    return msg("book_busy_other").message


def busy_problem(db_path: str | Path) -> Problem:
    return msg("book_busy", path=db_path, who=holder_text(db_path))


class BookLock:
    """The lock a command holds while it writes the book (QLockFile's format)."""

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self, wait: bool = False, on_wait=None, poll: float = 0.25) -> bool:
        """Takes the lock; True when held, False when it cannot be made (a read-only
        folder: the command then goes on and SQLite's own lock protects the book).
        Raises BookError "in use" when another live process holds it and not ``wait``."""
        told = False
        while True:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
            except FileExistsError:
                holder = live_holder(self.db_path)
                if holder is None and self._remove_stale():
                    continue
                if not wait:
                    raise BookError(busy_problem(self.db_path)) from None
                if not told and on_wait:
                    on_wait()
                    told = True
                time.sleep(poll)
                continue
            except OSError:
                return False
            _native_lock(fd)
            os.write(fd, _contents())
            self._fd = fd
            _HELD.add(fd)
            return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD.discard(fd)
        if os.name == "nt":
            os.close(fd)
            _quiet_unlink(self.path)
        else:  # still under our flock, as QLockFile does
            _quiet_unlink(self.path)
            os.close(fd)

    def _remove_stale(self) -> bool:
        if os.name == "nt":
            return _quiet_unlink(self.path)  # fails while the holder has it open
        try:
            fd = os.open(self.path, os.O_WRONLY)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        try:
            if not _native_lock(fd):
                return False  # a live holder still has it
            return _quiet_unlink(self.path)
        finally:
            os.close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


# ---------------------------------------------------------------- the machine

def _contents() -> bytes:
    return f"{os.getpid()}\n{_process_name(os.getpid()) or ''}\n{_host()}\n{_machine_id()}\n{_boot_id()}\n".encode()


def _young(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime < UNREADABLE_GRACE
    except OSError:
        return False


def _quiet_unlink(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _native_lock(fd: int) -> bool:
    if os.name == "nt":
        return True
    import fcntl
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _host() -> str:
    return socket.gethostname()


def _read_first(*paths: str) -> str:
    for p in paths:
        try:
            return Path(p).read_text().strip()
        except OSError:
            continue
    return ""


def _machine_id() -> str:
    if sys.platform.startswith("linux"):
        return _read_first("/var/lib/dbus/machine-id", "/etc/machine-id")
    if os.name == "nt":
        try:
            import winreg
            key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography", 0,
                                 winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
            return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            return ""
    return ""


def _boot_id() -> str:
    return _read_first("/proc/sys/kernel/random/boot_id") if sys.platform.startswith("linux") else ""


def _process_name(pid: int) -> str | None:
    """The name QLockFile writes and compares: the executable's file name (without .exe on Windows)."""
    if sys.platform.startswith("linux"):
        try:
            return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
        except OSError:
            return None
    if os.name == "nt":
        image = _win_image(pid)
        return Path(image).stem if image else None
    return Path(sys.executable).name if pid == os.getpid() else None


def _running(pid: int, app: str) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":
        return _win_running(pid, app)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    name = _process_name(pid)
    return not (app and name and name != app)  # the number was reused by another program


def _win_image(pid: int) -> str | None:
    import ctypes
    from ctypes import wintypes

    kernel = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None
    try:
        buf = ctypes.create_unicode_buffer(1024)
        size = wintypes.DWORD(len(buf))
        if kernel.QueryFullProcessImageNameW(handle, 0, buf, ctypes.byref(size)):
            return buf.value
        return None
    finally:
        kernel.CloseHandle(handle)


def _win_running(pid: int, app: str) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel.OpenProcess(0x1000, False, pid)
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = wintypes.DWORD()
        if kernel.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:  # STILL_ACTIVE
            return False
    finally:
        kernel.CloseHandle(handle)
    name = _process_name(pid)
    return not (app and name and name.lower() != app.lower())
