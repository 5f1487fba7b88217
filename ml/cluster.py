"""Two-level theme clustering (テーマ・サブテーマ) with an automatic count and an "other" bucket.

Vectors are unit-normalised, centred (removing the direction all texts share, which dominates
E5-style embeddings) and normalised again. Up to ``max_ward_points`` the clustering runs on the
points themselves; above that on k-means micro-clusters of a 64-dimensional PCA projection
(weighted by their size), which keeps 10k-100k proposals fast.

Themes (``method="ward_kmeans"``): a Ward tree cut at k, refined by spherical k-means seeded
with that cut. The automatic count (``count="louvain"``) is the number of Louvain communities
of real size in the kNN graph, in ``min_themes``..``max_themes`` (3..30; from 2 under 30
points); ``bench/quality.py`` compares the other methods and criteria on every reference set
(docs/ml.md). Sub-themes are clustered inside each theme, their count chosen per theme.
The "other" bucket (``OTHER``) takes members of singleton sub-themes and points whose
similarity to their theme centroid is below the lower Tukey fence (Q1 - 1.5 IQR) of all such
similarities; inputs under ``min_for_other`` points have no bucket.
"""

from __future__ import annotations

import functools
import math
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

from ml import partition as P
from ml import theme_count as C
from ml.embed.base import Progress, l2_normalize

OTHER = -1


def center_embeddings(x: np.ndarray) -> np.ndarray:
    """Unit rows, mean removed, unit again (zero rows stay zero)."""
    x = l2_normalize(np.asarray(x))
    if len(x) < 3:
        return x
    return l2_normalize(x - x.mean(axis=0, keepdims=True))


class ThemeClusterer:
    """Cluster vectors into major themes (``labels_``) and sub-themes (``sublabels_``).

    After ``fit(X)``: ``labels_`` (theme per row, ``OTHER`` for the bucket), ``sublabels_``
    (global sub-theme index per row, ``OTHER`` likewise), ``parent_`` (theme of each sub-theme),
    ``theme_scores_``/``subtheme_scores_`` (cosine to the centroid in the centred space),
    ``silhouette_``. Themes are numbered by size, largest first; sub-themes by theme, then size.

    ``method``: ``"ward_kmeans"`` (default), ``"ward"`` (the tree alone, sub-themes cut from the
    same tree), ``"kmeans"`` (on the vectors as given), ``"spherical"``, ``"louvain"``;
    ``count``: ``"louvain"`` (default), ``"silhouette"``, ``"eigengap"``, ``"bic"``,
    ``"stability"``. The alternatives stay for ``bench/quality.py``'s comparison.
    """

    def __init__(
        self,
        n_themes: int | None = None,
        n_subthemes: int | None = None,
        *,
        min_themes: int = 3,
        max_themes: int = 30,
        other: bool = True,
        min_for_other: int = 20,
        max_ward_points: int = 2500,
        n_micro_clusters: int = 600,
        silhouette_sample: int = 2000,
        max_theme_share: float = 0.5,
        method: str = "ward_kmeans",
        count: str = "louvain",
        random_state: int = 0,
        progress: Progress | None = None,
    ) -> None:
        self.method = method
        self.count = count
        self.n_themes = n_themes
        self.n_subthemes = n_subthemes
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.other = other
        self.min_for_other = min_for_other
        self.max_ward_points = max_ward_points
        self.n_micro_clusters = n_micro_clusters
        self.silhouette_sample = silhouette_sample
        self.max_theme_share = max_theme_share
        self.random_state = random_state
        self.progress = progress

    def _silhouette(self, x: np.ndarray, labels: np.ndarray) -> float | None:
        n_labels = len(set(labels.tolist()))
        if n_labels < 2 or n_labels >= len(x):
            return None
        sample = min(self.silhouette_sample, len(x))
        return float(
            silhouette_score(
                x, labels, metric="cosine", sample_size=sample, random_state=self.random_state
            )
        )

    def _leaves(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Leaf vectors for the Ward tree and the leaf of each row."""
        if len(x) <= self.max_ward_points:
            return x, np.arange(len(x))
        dims = min(64, x.shape[1], len(x) - 1)
        pca = PCA(dims, svd_solver="randomized", random_state=self.random_state)
        reduced = pca.fit_transform(x)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            km = KMeans(
                self.n_micro_clusters,
                init="random",  # k-means++ seeding costs more than the fit at this size
                n_init=1,
                max_iter=50,
                random_state=self.random_state,
            ).fit(reduced)
        leaf = km.labels_
        used = np.unique(leaf)
        leaf = np.searchsorted(used, leaf)
        cents = np.zeros((len(used), x.shape[1]), dtype=np.float32)
        np.add.at(cents, leaf, x)
        return l2_normalize(cents), leaf

    def fit(self, x: np.ndarray) -> ThemeClusterer:
        raw = np.asarray(x, dtype=np.float32)
        n = len(raw)
        if n == 0:
            raise ValueError("cannot cluster zero vectors")
        x = center_embeddings(raw)
        leaves, leaf_of = self._leaves(x)
        weights = np.bincount(leaf_of, minlength=len(leaves)).astype(np.float32)
        n_leaves = len(leaves)
        if self.progress:
            self.progress("cluster", 0.3)

        partition_of = self._partitioner(leaves, weights, raw, leaf_of)
        cache: dict[int, np.ndarray] = {}

        def cut(k: int) -> np.ndarray:
            if k not in cache:
                cache[k] = partition_of(k) if n_leaves >= 2 else np.zeros(n_leaves, np.int64)
            return cache[k][leaf_of]

        k1 = self._theme_count(x, leaves, weights, leaf_of, n_leaves, cut)
        coarse = np.unique(cut(k1), return_inverse=True)[1]
        if self.method == "ward":
            k2 = self.n_subthemes or max(math.ceil(math.sqrt(n)), 2 * k1)
            k2 = max(k1, min(k2, n_leaves))
            fine = np.unique(cut(k2), return_inverse=True)[1]
        else:
            leaf_theme = np.zeros(n_leaves, np.int64)
            leaf_theme[leaf_of] = coarse
            fine = self._subthemes(leaves, weights, leaf_theme)[leaf_of]
        if self.progress:
            self.progress("cluster", 0.7)

        is_other = np.zeros(n, dtype=bool)
        if self.other and n >= self.min_for_other:
            sizes = np.bincount(fine)
            is_other |= sizes[fine] < 2
            theme_centroids = self._centroids(x, coarse, ~is_other)
            sims = np.einsum("ij,ij->i", x, theme_centroids[coarse])
            ok = sims[~is_other]
            if len(ok) >= 4:
                q1, q3 = np.percentile(ok, [25, 75])
                is_other |= sims < q1 - 1.5 * (q3 - q1)
            if is_other.all():
                is_other[:] = False

        self._finish(x, coarse, fine, is_other)
        if self.progress:
            self.progress("cluster", 1.0)
        return self

    def _partitioner(self, leaves, weights, raw, leaf_of):
        """``k -> label per leaf`` for the configured ``method``."""
        seed = self.random_state
        # the tree is built when the first cut is asked for: ``cut`` asks only with 2+ leaves
        tree = functools.cache(lambda: P.ward_tree(leaves))
        if self.method == "ward":
            return lambda k: P.ward_cut(tree(), k)
        if self.method == "kmeans":
            # the vectors as given (unit, not centred): "plain" k-means
            src = l2_normalize(raw) if len(leaves) == len(raw) else leaves
            return lambda k: P.kmeans(src, k, weights, random_state=seed)
        if self.method == "spherical":
            return lambda k: P.spherical_kmeans(leaves, k, weights, random_state=seed)
        if self.method == "ward_kmeans":

            def refined(k: int) -> np.ndarray:
                cut = P.ward_cut(tree(), k)
                moved = P.spherical_kmeans(leaves, k, weights, random_state=seed, init=cut)
                # a group the refinement empties would break a planner's count: keep the cut
                return moved if moved.max() == cut.max() else cut

            return refined
        if self.method == "louvain":
            graph = P.knn_graph(leaves)
            return lambda k: P.louvain_at(graph, k, random_state=seed)
        raise ValueError(f"unknown method {self.method!r}")

    def _theme_count(self, x, leaves, weights, leaf_of, n_leaves, cut) -> int:
        if self.n_themes is not None:
            return max(1, min(self.n_themes, n_leaves))
        if n_leaves <= 2:
            return n_leaves
        # two themes is too coarse to plan with once there is enough material
        lo = self.min_themes if n_leaves >= 10 * self.min_themes else 2
        hi = max(lo, min(self.max_themes, n_leaves - 1))
        seed = self.random_state
        if self.count == "silhouette":
            return C.by_silhouette(
                x,
                cut,
                lo,
                hi,
                random_state=seed,
                max_share=self.max_theme_share,
                sample=self.silhouette_sample,
            )
        if self.count == "eigengap":
            return C.by_eigengap(leaves, lo, hi)
        if self.count == "louvain":
            return C.by_louvain(leaves, lo, hi, random_state=seed)
        if self.count == "bic":
            return C.by_bic(leaves, lo, hi, random_state=seed)
        if self.count == "stability":
            return C.by_stability(
                leaves,
                lambda v, k, s: P.spherical_kmeans(v, k, random_state=s, n_init=1),
                lo,
                hi,
                random_state=seed,
            )
        raise ValueError(f"unknown count {self.count!r}")

    def _subthemes(self, x: np.ndarray, weights: np.ndarray, coarse: np.ndarray) -> np.ndarray:
        """Sub-themes clustered inside each theme (on the leaves: points, or micro-clusters
        of a large input), with a count chosen per theme by silhouette."""
        fine = np.zeros(len(x), np.int64)
        k_total = int(coarse.max()) + 1
        sizes = np.bincount(coarse, weights=weights)
        wanted = None
        if self.n_subthemes:  # a planner's total, shared by size (largest remainders)
            total = max(self.n_subthemes, k_total)
            share = sizes / sizes.sum() * (total - k_total)
            wanted = 1 + np.floor(share).astype(int)
            wanted[np.argsort(-(share - np.floor(share)))[: total - int(wanted.sum())]] += 1
        offset = 0
        for t in range(k_total):
            rows = np.flatnonzero(coarse == t)
            v, w = x[rows], weights[rows]
            if wanted is not None:
                k = int(min(wanted[t], len(rows)))
            elif len(rows) < 8:
                k = 1
            else:
                hi = max(2, min(8, math.ceil(math.sqrt(len(rows)))))
                k = C.by_silhouette(
                    v,
                    functools.partial(
                        P.spherical_kmeans, v, weights=w, random_state=self.random_state
                    ),
                    2,
                    hi,
                    random_state=self.random_state,
                    max_share=1.0,
                )
            lab = (
                P.spherical_kmeans(v, k, w, random_state=self.random_state)
                if k > 1
                else np.zeros(len(rows), np.int64)
            )
            fine[rows] = lab + offset
            offset += int(lab.max()) + 1
        return fine

    @staticmethod
    def _centroids(x: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> np.ndarray:
        k = int(labels.max()) + 1
        out = np.zeros((k, x.shape[1]), dtype=np.float32)
        np.add.at(out, labels[mask], x[mask])
        return l2_normalize(out)

    def _finish(self, x: np.ndarray, coarse: np.ndarray, fine: np.ndarray, is_other: np.ndarray):
        keep = ~is_other
        # renumber themes by size (largest first), then sub-themes within each theme
        theme_sizes = np.bincount(coarse[keep], minlength=int(coarse.max()) + 1)
        order = [t for t in np.argsort(-theme_sizes, kind="stable") if theme_sizes[t] > 0]
        theme_map = {int(t): i for i, t in enumerate(order)}
        sub_sizes = np.bincount(fine[keep], minlength=int(fine.max()) + 1)
        parent_of_fine = np.zeros(int(fine.max()) + 1, dtype=np.int64)
        parent_of_fine[fine] = coarse
        sub_order = sorted(
            (j for j in range(len(sub_sizes)) if sub_sizes[j] > 0),
            key=lambda j: (theme_map[int(parent_of_fine[j])], -sub_sizes[j], j),
        )
        sub_map = np.full(len(sub_sizes), OTHER, dtype=np.int64)
        sub_map[sub_order] = np.arange(len(sub_order))
        coarse_map = np.full(len(theme_sizes), OTHER, dtype=np.int64)
        coarse_map[order] = np.arange(len(order))

        labels = np.where(keep, coarse_map[coarse], OTHER)
        sublabels = np.where(keep, sub_map[fine], OTHER)
        self.parent_ = np.array(
            [theme_map[int(parent_of_fine[j])] for j in sub_order], dtype=np.int64
        )
        self.labels_, self.sublabels_ = labels, sublabels
        self.n_themes_, self.n_subthemes_ = len(order), len(sub_order)

        def scores(lab: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
            if k == 0:
                return np.zeros((0, x.shape[1]), np.float32), np.zeros(len(x), np.float32)
            cents = self._centroids(x, np.where(lab >= 0, lab, 0), lab >= 0)
            own = np.where(lab >= 0, lab, 0)
            sims = np.einsum("ij,ij->i", x, cents[own])
            if (lab < 0).any():  # the bucket: similarity to the nearest theme
                sims[lab < 0] = (x[lab < 0] @ cents.T).max(axis=1)
            return cents, sims

        self.theme_centroids_, self.theme_scores_ = scores(labels, self.n_themes_)
        self.subtheme_centroids_, self.subtheme_scores_ = scores(sublabels, self.n_subthemes_)
        self.silhouette_ = self._silhouette(x[keep], labels[keep]) if keep.sum() > 2 else None
