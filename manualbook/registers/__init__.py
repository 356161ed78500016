"""Entries -> report data for the printed registers (pure functions)."""
