"""Thai word boundaries remembered between prints, so a print need not load pythainlp.

Breaking a line of Thai asks pythainlp's newmm segmenter where the words are.
Loading it (the package, its 62,000-word list, its patterns) costs about a
tenth of a second, a third of printing a day's status, and the texts it is
asked about repeat from print to print (the registers' own phrases, names,
descriptions). Every segmentation is kept here, per text, in a small JSON file
in the per-user cache folder (``MANUALBOOK_CACHE_DIR`` overrides it), under
a signature of the dictionary it was made with (pythainlp's installed word
list, the books' own words, the names added): a different dictionary starts
an empty cache, so a remembered answer is always the answer newmm would give
now. A cache that cannot be read or written is ignored (it only saves time);
an entry whose words do not join back into its text is not used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
from pathlib import Path

FORMAT = 1
MAX_TEXTS = 50_000  # beyond this the oldest half is dropped when saving

_lock = threading.Lock()
_state: dict = {"signature": None, "words_key": None, "texts": None, "dirty": False}


def cache_file() -> Path:
    from ..files import user_cache_folder

    return user_cache_folder() / "thai-words.json"


def signature(words_key: str) -> str:
    """The dictionary's identity: pythainlp's files (found, not imported) and our own words."""
    parts = [f"format {FORMAT}", words_key]
    spec = importlib.util.find_spec("pythainlp")
    if spec and spec.origin:
        base = Path(spec.origin).parent
        for f in (base / "__init__.py", base / "corpus" / "words_th.txt"):
            try:
                st = f.stat()
                parts.append(f"{f.name} {st.st_size} {st.st_mtime_ns}")
            except OSError:
                parts.append(f"{f.name} missing")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _load(sig: str) -> dict[str, tuple[str, ...]]:
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
        if data.get("signature") == sig and isinstance(data.get("texts"), dict):
            return {t: tuple(w) for t, w in data["texts"].items()
                    if isinstance(w, list) and all(isinstance(x, str) for x in w)}
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return {}


def _texts(words_key: str) -> dict[str, tuple[str, ...]]:
    with _lock:
        if _state["texts"] is None or _state["words_key"] != words_key:
            sig = signature(words_key)
            _state.update(signature=sig, words_key=words_key, texts=_load(sig), dirty=False)
        return _state["texts"]


def get(text: str, words_key: str) -> tuple[str, ...] | None:
    """The words of ``text`` as segmented before with this dictionary, or None."""
    words = _texts(words_key).get(text)
    return words if words is not None and "".join(words) == text else None


def put(text: str, words, words_key: str) -> None:
    texts = _texts(words_key)
    with _lock:
        texts[text] = tuple(words)
        _state["dirty"] = True


def save() -> None:
    """Writes what was learnt since the last save (a temporary file, then replace); silent on failure."""
    with _lock:
        if not _state["dirty"] or _state["texts"] is None:
            return
        texts = _state["texts"]
        if len(texts) > MAX_TEXTS:
            for key in list(texts)[:len(texts) // 2]:
                del texts[key]
        data = {"signature": _state["signature"], "texts": {t: list(w) for t, w in texts.items()}}
        _state["dirty"] = False
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
