"""Entries -> report data for the printed registers: reads of the book (its SQL and ``ledger``)
turned into rows; nothing here writes or draws."""
