"""TF-IDF over real words (fugashi segmentation) reduced by LSA: the always-available fallback."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from ml.embed.base import Progress, TextKind, l2_normalize
from ml.text import segment_words


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class TfidfEmbedder:
    """Words (Japanese segmented, compounds and parts) weighted by sublinear TF-IDF, then LSA.

    The space depends on the corpus, so it is ``fit`` on the proposals being analysed;
    ``embed`` on an unfitted embedder fits on its input first.
    """

    backend = "tfidf"
    model = "fugashi-unidic-lite+lsa"
    fitted_on_corpus = True

    def __init__(
        self, n_components: int = 256, random_state: int = 0, large_corpus: int = 5000
    ) -> None:
        self.n_components = n_components
        self.random_state = random_state
        # above this many documents the randomized SVD runs 2 power iterations instead of
        # sklearn's 5: on 10k+ short texts the extra iterations cost seconds and move the
        # clusters little
        self.large_corpus = large_corpus
        self._vectorizer: TfidfVectorizer | None = None
        self._svd: TruncatedSVD | None = None

    def _features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        assert self._vectorizer is not None
        return self._vectorizer.transform([segment_words(t) for t in texts])

    def fit(self, texts: Sequence[str]) -> TfidfEmbedder:
        self.fit_transform_words([segment_words(t) for t in texts])
        return self

    def fit_transform_words(self, words: Sequence[Sequence[str]]) -> np.ndarray:
        """Fit on already segmented documents and return their vectors (saves re-segmenting)."""
        self._vectorizer = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, min_df=1, dtype=np.float32
        )
        x = self._vectorizer.fit_transform(words)
        k = min(self.n_components, x.shape[0] - 1, x.shape[1] - 1)
        self._svd = None
        if k >= 2 and x.shape[1] > self.n_components:
            n_iter = 2 if x.shape[0] > self.large_corpus else 5
            self._svd = TruncatedSVD(k, n_iter=n_iter, random_state=self.random_state)
            return l2_normalize(self._svd.fit_transform(x))
        return l2_normalize(x.toarray())

    def embed(
        self, texts: Sequence[str], *, kind: TextKind = "passage", progress: Progress | None = None
    ) -> np.ndarray:
        if self._vectorizer is None:
            self.fit(texts)
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        x = self._features(texts)
        dense = self._svd.transform(x) if self._svd is not None else x.toarray()
        if progress:
            progress("embed", 1.0)
        return l2_normalize(dense)

    @property
    def dim(self) -> int:
        if self._svd is not None:
            return int(self._svd.n_components)
        return len(self._vectorizer.vocabulary_) if self._vectorizer is not None else 0
