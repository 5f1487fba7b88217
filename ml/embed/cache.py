"""Embedding cache keyed by (backend, model, content hash), so re-runs only embed new text."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ml.embed.base import Embedder, Progress, TextKind


def content_hash(text: str, kind: TextKind = "passage") -> str:
    """Stable key of one text as embedded (the kind matters for prompted models)."""
    return hashlib.blake2b(f"{kind}\x00{text}".encode(), digest_size=16).hexdigest()


@runtime_checkable
class EmbeddingCache(Protocol):
    """Storage for vectors. Implementations: in memory, SQLite file, or the web backend's DB."""

    def get_many(self, backend: str, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``hashes`` (missing ones are simply absent)."""
        ...

    def put_many(self, backend: str, model: str, items: Mapping[str, np.ndarray]) -> None:
        """Store vectors by content hash."""
        ...


class InMemoryEmbeddingCache:
    """A dict; for tests and one process."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def get_many(self, backend: str, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            return {h: v for h in hashes if (v := self._data.get((backend, model, h))) is not None}

    def put_many(self, backend: str, model: str, items: Mapping[str, np.ndarray]) -> None:
        with self._lock:
            for h, v in items.items():
                self._data[(backend, model, h)] = np.asarray(v, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._data)


class SqliteEmbeddingCache:
    """Vectors as float32 blobs in one SQLite file; safe to share between processes."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS embedding (backend TEXT, model TEXT, hash TEXT,"
                " vector BLOB, PRIMARY KEY (backend, model, hash)) WITHOUT ROWID"
            )

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            self._local.db = db
        return db

    def get_many(self, backend: str, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        db = self._connect()
        found: dict[str, np.ndarray] = {}
        hashes = list(hashes)
        for start in range(0, len(hashes), 900):  # SQLite's variable limit
            chunk = hashes[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rows = db.execute(
                "SELECT hash, vector FROM embedding"
                f" WHERE backend=? AND model=? AND hash IN ({marks})",
                [backend, model, *chunk],
            )
            for h, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, backend: str, model: str, items: Mapping[str, np.ndarray]) -> None:
        with self._connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embedding VALUES (?, ?, ?, ?)",
                [
                    (backend, model, h, np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in items.items()
                ],
            )


def embed_cached(
    embedder: Embedder,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    *,
    kind: TextKind = "passage",
    progress: Progress | None = None,
) -> np.ndarray:
    """Embed ``texts``, reading and filling ``cache``; only texts not cached are embedded.

    Corpus-fitted backends (TF-IDF) bypass the cache: their vectors change with the corpus.
    """
    if cache is None or embedder.fitted_on_corpus or len(texts) == 0:
        return embedder.embed(texts, kind=kind, progress=progress)
    keys = [content_hash(t, kind) for t in texts]
    found = cache.get_many(embedder.backend, embedder.model, sorted(set(keys)))
    missing = _unique(k for k in keys if k not in found)
    if missing:
        text_of = dict(zip(keys, texts, strict=True))
        vecs = embedder.embed([text_of[k] for k in missing], kind=kind, progress=progress)
        new = dict(zip(missing, vecs, strict=True))
        cache.put_many(embedder.backend, embedder.model, new)
        found.update(new)
    elif progress:
        progress("embed", 1.0)
    return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


CacheFactory = Callable[[], EmbeddingCache]
