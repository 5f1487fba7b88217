"""Near-duplicate and organised-campaign detection (同一・類似投稿).

Method: character 3-gram shingles of the normalised text (case, spaces and punctuation
ignored), MinHash signatures with LSH banding to find candidate pairs in linear time, each
candidate confirmed by the exact Jaccard similarity of the shingle sets, then union-find.
Independent of the embedding backend, so identical text is always caught.

Everything per shingle is vectorised with numpy: the shingles of all texts are computed at
once (a 3-gram of code points, < 2^21 each, packs exactly into one 64-bit integer), each of the
64 MinHash permutations is a multiply-shift hash evaluated over all shingles of all texts and
reduced per text with ``np.minimum.reduceat``, and LSH buckets are runs of equal band keys
after one sort per band.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ml.text import normalize_text

_STRIP = re.compile(r"[\W_]+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_BUCKET_WINDOW = 30  # rows compared with each row inside one LSH bucket
_ESTIMATE_MARGIN = 0.2  # MinHash estimates below threshold - margin skip the exact check


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads packed shingles over all 64 bits."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def shingle_ids(text: str, n: int = 3) -> np.ndarray:
    """Sorted unique ids of the character ``n``-grams of ``text`` (punctuation, spaces, case
    ignored). For n ≤ 3 an id is the exact packed code points, so sets compare exactly."""
    s = _STRIP.sub("", normalize_text(text).lower())
    if not s:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) <= n:  # a text this short is one shingle
        grams = [codes[i : i + 1] for i in range(len(codes))]
    else:
        grams = [codes[i : len(codes) - n + 1 + i] for i in range(n)]
    ids = np.zeros(len(grams[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for g in grams:
            ids = ids * np.uint64(1 << 21) + g if n <= 3 else _mix(ids ^ g)
    return np.unique(ids)


_SHINGLE_BLOCK = 8192  # texts per block: the sort stays cache-sized and the cost linear


def shingle_sets(texts: Sequence[str], n: int = 3) -> list[np.ndarray]:
    """``shingle_ids`` of every text, computed for a block of texts at once (one array of code
    points, one sort) instead of a dozen small numpy calls per text."""
    out: list[np.ndarray] = []
    for start in range(0, len(texts), _SHINGLE_BLOCK):
        out += _shingle_block(texts[start : start + _SHINGLE_BLOCK], n)
    return out


def _shingle_block(texts: Sequence[str], n: int) -> list[np.ndarray]:
    strings = [_STRIP.sub("", normalize_text(t).lower()) for t in texts]
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    starts = np.cumsum(lengths) - lengths
    n_grams = np.maximum(lengths - n + 1, 0)  # texts shorter than n: handled below
    text_of = np.repeat(np.arange(len(strings)), n_grams)
    pos = np.arange(len(text_of)) + np.repeat(starts - np.cumsum(n_grams) + n_grams, n_grams)
    ids = np.zeros(len(pos), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(n):
            g = codes[pos + i]
            ids = ids * np.uint64(1 << 21) + g if n <= 3 else _mix(ids ^ g)
    order = np.lexsort((ids, text_of))
    ids, text_of = ids[order], text_of[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = (ids[1:] != ids[:-1]) | (text_of[1:] != text_of[:-1])
    ids, text_of = ids[first], text_of[first]
    bounds = np.searchsorted(text_of, np.arange(len(strings) + 1))
    sets = [ids[bounds[k] : bounds[k + 1]] for k in range(len(strings))]
    for k in np.flatnonzero((lengths > 0) & (lengths < n)).tolist():
        sets[k] = shingle_ids(texts[k], n)
    return sets


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def minhash_signatures(
    sets: Sequence[np.ndarray], n_perm: int, random_state: int = 0
) -> np.ndarray:
    """(len(sets), n_perm) MinHash signatures; rows of empty sets are all-max."""
    rng = np.random.default_rng(random_state)
    a = rng.integers(1, 1 << 63, size=n_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=n_perm, dtype=np.uint64)
    sig = np.full((len(sets), n_perm), _MASK64, dtype=np.uint64)
    rows = [i for i, s in enumerate(sets) if len(s)]
    if not rows:
        return sig
    flat = _mix(np.concatenate([sets[i] for i in rows]))
    starts = np.cumsum([0] + [len(sets[i]) for i in rows[:-1]])
    # one permutation at a time over the flat 1-D array, in place: the buffers stay in
    # cache (a 2-D block of permutations was 7x slower)
    buf = np.empty_like(flat)
    mins = np.empty((n_perm, len(rows)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for p in range(n_perm):
            np.multiply(flat, a[p], out=buf)
            np.add(buf, b[p], out=buf)
            np.minimum.reduceat(buf, starts, out=mins[p])
    sig[rows] = mins.T
    return sig


def _bucket_pairs(keys: np.ndarray, window: int = _BUCKET_WINDOW) -> np.ndarray:
    """(i, j) row pairs, i < j, sharing a band key: after one sort, each row is paired with
    the next ``window`` rows of its bucket (all pairs in buckets up to ``window + 1`` rows; a
    band of neighbours in bigger ones, which union-find still joins)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    out = []
    for d in range(1, min(window, len(keys) - 1) + 1):
        same = sorted_keys[:-d] == sorted_keys[d:]
        if not same.any():  # no bucket longer than d, so none longer than d + 1 either
            break
        a, b = order[:-d][same], order[d:][same]
        out.append(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))
    return np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)


class NearDuplicateFinder:
    """Groups texts whose character 3-gram Jaccard similarity is at least ``threshold``.

    ``fit(texts)`` sets ``labels_`` (a group index per text; texts in no group get their own
    index) and ``groups_`` (lists of indices, size ≥ 2, sorted by first member).
    """

    def __init__(
        self,
        threshold: float = 0.8,
        shingle_size: int = 3,
        n_bands: int = 16,
        rows_per_band: int = 4,
        random_state: int = 0,
    ) -> None:
        self.threshold = threshold
        self.shingle_size = shingle_size
        self.n_bands = n_bands
        self.rows_per_band = rows_per_band
        self.random_state = random_state

    def fit(self, texts: Sequence[str]) -> NearDuplicateFinder:
        n = len(texts)
        sets = shingle_sets(texts, self.shingle_size)
        uf = _UnionFind(n)

        # exact duplicates first: cheap and the common campaign case
        first_of: dict[bytes, int] = {}
        keep: list[int] = []
        for i, s in enumerate(sets):
            key = s.tobytes()
            if key in first_of:
                uf.union(first_of[key], i)
            else:
                first_of[key] = i
                if len(s):
                    keep.append(i)

        if len(keep) > 1:
            sig = minhash_signatures(
                [sets[i] for i in keep], self.n_bands * self.rows_per_band, self.random_state
            )
            rng = np.random.default_rng(self.random_state + 1)
            mult = rng.integers(1, 1 << 63, size=self.rows_per_band, dtype=np.uint64)
            keep_arr = np.asarray(keep)
            for band in range(self.n_bands):
                block = sig[:, band * self.rows_per_band : (band + 1) * self.rows_per_band]
                with np.errstate(over="ignore"):
                    keys = _mix((block * mult).sum(axis=1, dtype=np.uint64))
                # band by band, so that memory stays at one band's candidates (a campaign
                # of 100,000 near-identical texts gives millions); pairs already joined by
                # earlier bands are dropped before any check
                self._join(uf, sets, sig, keep_arr, _bucket_pairs(keys))

        roots = [uf.find(i) for i in range(n)]
        by_root: dict[int, list[int]] = defaultdict(list)
        for i, r in enumerate(roots):
            by_root[r].append(i)
        self.groups_ = sorted((m for m in by_root.values() if len(m) > 1), key=lambda m: m[0])
        index_of_root = {r: k for k, r in enumerate(sorted(by_root))}
        self.labels_ = np.array([index_of_root[r] for r in roots], dtype=np.int64)
        return self

    def _join(
        self,
        uf: _UnionFind,
        sets: list[np.ndarray],
        sig: np.ndarray,
        keep: np.ndarray,
        pairs: np.ndarray,
    ) -> None:
        """Union the candidate ``pairs`` (rows of ``keep``) whose exact Jaccard similarity
        reaches the threshold; the MinHash estimate (share of equal signature values) prunes
        pairs that cannot reach it first."""
        if not len(pairs):
            return
        roots = _roots(uf, keep)
        pairs = pairs[roots[pairs[:, 0]] != roots[pairs[:, 1]]]
        if not len(pairs):
            return
        estimate = np.concatenate(
            [
                (sig[chunk[:, 0]] == sig[chunk[:, 1]]).mean(axis=1)
                for chunk in np.array_split(pairs, max(1, len(pairs) // 200_000))
            ]
        )
        pairs = pairs[estimate >= self.threshold - _ESTIMATE_MARGIN]
        for a, b in keep[pairs].tolist():
            if uf.find(a) == uf.find(b):
                continue
            sa, sb = sets[a], sets[b]
            inter = len(np.intersect1d(sa, sb, assume_unique=True))
            if inter / (len(sa) + len(sb) - inter) >= self.threshold:
                uf.union(a, b)


def _roots(uf: _UnionFind, rows: np.ndarray) -> np.ndarray:
    return np.fromiter((uf.find(int(i)) for i in rows), dtype=np.int64, count=len(rows))


def find_near_duplicates(texts: Sequence[str], threshold: float = 0.8) -> list[list[int]]:
    """Index groups (size ≥ 2) of near-identical texts."""
    return NearDuplicateFinder(threshold=threshold).fit(texts).groups_
