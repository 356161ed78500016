"""Storage: opening the book file, its schema, and rows <-> values."""
