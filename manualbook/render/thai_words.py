"""The Thai words a register's lines break between: pythainlp's word list (the
one newmm uses by default), the books' own words (resources/registers/words.txt)
and the names added with ``thai_text.add_words``, as a ``WordSet`` newmm asks
for the words that start at a position of the text."""

from __future__ import annotations

import importlib.resources
from functools import lru_cache


class WordSet:
    """A dictionary for newmm: the words in a set, answering ``prefixes``.

    Stands in for ``pythainlp.util.Trie``, whose construction is the slow part
    of a first print; newmm only asks which dictionary words start at a
    position of the text.
    """

    __slots__ = ("words", "longest")

    def __init__(self, words) -> None:
        self.words = frozenset(w for w in words if w)
        self.longest = max(map(len, self.words), default=0)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        words = self.words
        end = min(len(text), start + self.longest)
        return [text[start:i] for i in range(start + 1, end + 1) if text[start:i] in words]

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __iter__(self):
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)


added: set[str] = set()  # names given by add_words (thai_text.py)


@lru_cache(maxsize=1)
def extra_words() -> frozenset[str]:
    """Words of the books that pythainlp's list lacks (it would break นำ|ส่ง,
    ผู้|พิการ): data, resources/registers/words.txt, one a line."""
    text = (importlib.resources.files("manualbook.resources") / "registers" / "words.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def thai_dictionary() -> WordSet:
    """pythainlp's Thai word list (the one newmm uses by default), the books' own
    words, and names added with ``add_words``."""
    from pythainlp.corpus import thai_words

    return WordSet(set(thai_words()) | extra_words() | added)
