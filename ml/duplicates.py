"""Near-duplicate and organised-campaign detection (同一・類似投稿).

Method: character 3-gram shingles of the normalised text (case, spaces and punctuation
ignored), MinHash signatures with LSH banding to find candidate pairs in linear time, each
candidate confirmed by the exact Jaccard similarity of the shingle sets, then union-find.
Independent of the embedding backend, so identical text is always caught.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from ml.text import normalize_text

_PRIME = (1 << 61) - 1
_STRIP = re.compile(r"[\W_]+")


def _shingles(text: str, n: int) -> set[int]:
    s = _STRIP.sub("", normalize_text(text).lower())
    if len(s) <= n:
        return {zlib.crc32(s.encode())} if s else set()
    return {zlib.crc32(s[i : i + n].encode()) for i in range(len(s) - n + 1)}


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
        sets = [_shingles(t, self.shingle_size) for t in texts]
        n_perm = self.n_bands * self.rows_per_band
        rng = np.random.default_rng(self.random_state)
        a = rng.integers(1, 1 << 31, size=n_perm, dtype=np.uint64)
        b = rng.integers(0, 1 << 31, size=n_perm, dtype=np.uint64)
        uf = _UnionFind(n)

        # exact duplicates first: cheap and the common campaign case
        first_of: dict[frozenset[int], int] = {}
        keep: list[int] = []
        for i, s in enumerate(sets):
            key = frozenset(s)
            if key in first_of:
                uf.union(first_of[key], i)
            else:
                first_of[key] = i
                keep.append(i)

        buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
        for i in keep:
            if not sets[i]:
                continue
            h = np.fromiter(sets[i], dtype=np.uint64)
            # (a*h + b) mod 2^64 is a fine universal hash family for MinHash here
            sig = (np.outer(h, a) + b).min(axis=0)
            for band in range(self.n_bands):
                chunk = sig[band * self.rows_per_band : (band + 1) * self.rows_per_band]
                buckets[(band, chunk.tobytes())].append(i)

        checked: set[tuple[int, int]] = set()
        for members in buckets.values():
            if len(members) < 2:
                continue
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = members[x], members[y]
                    if (i, j) in checked or uf.find(i) == uf.find(j):
                        continue
                    checked.add((i, j))
                    si, sj = sets[i], sets[j]
                    inter = len(si & sj)
                    if inter / (len(si) + len(sj) - inter) >= self.threshold:
                        uf.union(i, j)

        roots = [uf.find(i) for i in range(n)]
        by_root: dict[int, list[int]] = defaultdict(list)
        for i, r in enumerate(roots):
            by_root[r].append(i)
        self.groups_ = sorted((m for m in by_root.values() if len(m) > 1), key=lambda m: m[0])
        index_of_root = {r: k for k, r in enumerate(sorted(by_root))}
        self.labels_ = np.array([index_of_root[r] for r in roots], dtype=np.int64)
        return self


def find_near_duplicates(texts: Sequence[str], threshold: float = 0.8) -> list[list[int]]:
    """Index groups (size ≥ 2) of near-identical texts."""
    return NearDuplicateFinder(threshold=threshold).fit(texts).groups_
