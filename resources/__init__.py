"""Data shipped with the program (installed as ``manualbook.resources``)."""
