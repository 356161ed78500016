"""A guard against a reference-count bug seen in PySide6 6.12.0 on CPython 3.11.

With that build, every call of a Qt method that returns ``void`` (``setText``,
``clear``…) hands back ``None`` without a new reference, and
``Signal.emit()`` does the same with ``True``. Each call therefore takes one
reference away from ``None``/``True``; after enough calls (a few thousand
in a busy window) CPython frees them and the program aborts with
"Fatal Python error: none_dealloc". Measured: 1,000 ``QLabel.setText``
calls remove exactly 1,000 references from ``None``.

Which Pythons need it: CPython 3.11 only (the oldest the project supports).
CPython 3.12+ makes these objects immortal (PEP 683), so there is nothing to
do there: ``theme.apply`` does not even import this module on 3.12+, and the
Windows installer ships CPython 3.13. On 3.11 we detect the bug with a probe
and, only if it is present, add a very large number of references to
``None``, ``True`` and ``False`` once (they are never freed anyway), which the
lost references can never use up. Remove this module when PySide6 is fixed or
the project requires Python 3.12.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40
_applied: list[bool] = []


def leaks() -> bool:
    """True when a void Qt call takes a reference from None (the bug)."""
    from PySide6.QtCore import QObject
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(50):
        probe.setObjectName("x")
    return sys.getrefcount(None) < before - 25


def guard() -> bool:
    """Applies the fix when needed; returns whether it was applied."""
    if _applied:
        return _applied[0]
    applied = False
    if sys.version_info < (3, 12) and sys.implementation.name == "cpython" and leaks():
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
        applied = True
    _applied.append(applied)
    return applied
