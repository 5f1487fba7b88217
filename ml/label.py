"""Theme labels: class-based TF-IDF keywords, representative proposals, a readable title.

Keywords follow BERTopic's c-TF-IDF: W(t, c) = tf(t, c) · log(1 + A / f(t)), with tf the
frequency of word t in class c, f(t) its frequency over all classes and A the average number
of words per class. Words come from ``segment_words`` (real words; no one-character fragments,
no numbers, no PII placeholders); a keyword contained in a better-ranked one is skipped.
Representatives are chosen by maximal marginal relevance: central to the theme, but unlike the
ones already chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ml.text import PII_TOKENS, segment_words

_BANNED_PARTS = tuple(tok.strip("［］") for tok in PII_TOKENS)


def _usable(word: str) -> bool:
    if len(word) < 2 or word.isdigit() or any(p in word for p in _BANNED_PARTS):
        return False
    return not all(ch.isdigit() or not ch.isalnum() for ch in word)


def is_content_word(word: str) -> bool:
    """A word that says something: it has a letter (kanji and kana count, so single-kanji words
    such as 駅 do) and is not a PII placeholder. Numbers, emoji and punctuation are not."""
    return any(ch.isalpha() for ch in word) and not any(p in word for p in _BANNED_PARTS)


def word_presence(
    docs_words: Sequence[Sequence[str]],
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(documents × usable words, 1 where the document contains the word; the words).

    Build once and pass to ``class_tfidf_keywords`` for several labelings of the same texts."""
    vectorizer = CountVectorizer(analyzer=_as_is, binary=True, dtype=np.float64)
    try:
        present = vectorizer.fit_transform(docs_words)
    except ValueError:  # no words at all
        return sparse.csr_matrix((len(docs_words), 0)), np.array([], dtype=object)
    words = vectorizer.get_feature_names_out()
    usable = np.flatnonzero([_usable(w) for w in words])
    return present[:, usable].tocsr(), words[usable]


def _as_is(words: Sequence[str]) -> Sequence[str]:
    return words


def class_tfidf_keywords(
    docs_words: Sequence[Sequence[str]],
    labels: Sequence[int] | np.ndarray,
    top_n: int = 8,
    *,
    presence: tuple[sparse.csr_matrix, np.ndarray] | None = None,
) -> dict[int, list[tuple[str, float]]]:
    """Top ``top_n`` (word, weight) per class label, by c-TF-IDF over per-document word lists.

    Each word counts once per document, so one long or repeated text cannot swamp a class.
    ``presence``: ``word_presence(docs_words)``, when already built.
    """
    if len(docs_words) == 0:
        return {}
    present, words = presence if presence is not None else word_presence(docs_words)
    if present.shape[1] == 0:
        return {}
    classes, class_of_doc = np.unique(np.asarray(labels, dtype=np.int64), return_inverse=True)
    # class × word counts of documents containing the word
    one_hot = sparse.csr_matrix(
        (np.ones(len(class_of_doc)), (class_of_doc, np.arange(len(class_of_doc)))),
        shape=(len(classes), len(class_of_doc)),
    )
    counts = (one_hot @ present).tocsr()
    counts.sort_indices()
    total = np.asarray(counts.sum(axis=0)).ravel()
    avg_words = max(1.0, float(total.sum()) / len(classes))
    idf = np.log1p(avg_words / np.maximum(total, 1))
    out: dict[int, list[tuple[str, float]]] = {}
    for c, label in enumerate(classes.tolist()):
        lo, hi = counts.indptr[c], counts.indptr[c + 1]
        if lo == hi:
            continue
        idx, tf = counts.indices[lo:hi], counts.data[lo:hi]
        weight = tf * idf[idx]
        # enough candidates to survive the containment filter; ties broken by the word
        order = sorted(
            np.argsort(-weight, kind="stable")[: max(50, top_n * 8)].tolist(),
            key=lambda i: (-weight[i], words[idx[i]]),
        )
        chosen: list[tuple[str, float]] = []
        for i in order:
            word = str(words[idx[i]])
            if any(word in c2 or c2 in word for c2, _ in chosen):
                continue
            chosen.append((word, float(weight[i])))
            if len(chosen) == top_n:
                break
        out[int(label)] = chosen
    return out


def select_representatives(
    vectors: np.ndarray, centroid: np.ndarray, k: int = 3, diversity: float = 0.3
) -> list[tuple[int, float]]:
    """Row indices (with centrality) of up to ``k`` central, mutually diverse rows (MMR)."""
    if len(vectors) == 0:
        return []
    centrality = vectors @ centroid
    chosen: list[int] = []
    candidates = list(range(len(vectors)))
    while candidates and len(chosen) < k:
        if chosen:
            redundancy = (vectors[candidates] @ vectors[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(len(candidates))
        score = (1 - diversity) * centrality[candidates] - diversity * redundancy
        best = candidates[int(np.argmax(score))]
        chosen.append(best)
        candidates.remove(best)
    return [(i, float(centrality[i])) for i in chosen]


def words_of(texts: Sequence[str]) -> list[list[str]]:
    """Segmented words of each (already PII-masked) text."""
    return [segment_words(t) for t in texts]
