"""Starting worker processes (``spawn``) from a command or the app."""

from __future__ import annotations

import contextlib
import sys


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
