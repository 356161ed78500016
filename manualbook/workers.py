"""Starting worker processes (``spawn``, or ``fork`` where it is safe) from a command or the app, and how
many the computer affords."""

from __future__ import annotations

import contextlib
import os
import sys

SMALL_PC = 6 * 2**30  # bytes of memory below which work runs in one process (a 4 GB office PC)


def physical_memory() -> int | None:
    """The computer's memory in bytes (Windows: GlobalMemoryStatusEx; elsewhere sysconf), None if unknown."""
    try:
        if sys.platform == "win32":
            import ctypes

            class MemoryStatus(ctypes.Structure):
                _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                            ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                            ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                            ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                            ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

            status = MemoryStatus(dwLength=ctypes.sizeof(MemoryStatus))
            if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
                return None
            return int(status.ullTotalPhys)
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


def may_fork() -> bool:
    """The system forks (Linux; not Windows, and not macOS, whose libraries forbid it) and this
    process runs one thread: a fork copies only the thread that calls it, so a lock another
    thread held would stay locked forever in the copy."""
    import multiprocessing
    import threading

    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1)


@contextlib.contextmanager
def main_not_rerun():
    """A spawned worker first runs the parent's main script or module again (``python -m
    manualbook``, a clerk's batch script), unless it has no name or file: hidden while the workers
    start, so a worker only imports what its jobs need (its target's module) and never runs a command."""
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__spec__", "__file__") if main is not None and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__["__spec__"] = None
            main.__dict__.pop("__file__", None)
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)
