"""The PySide6 desktop app (imported as manualbook_ui)."""
