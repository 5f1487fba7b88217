"""2-D positions for the theme map (テーママップ).

Theme centres are laid out by classical multidimensional scaling of the cosine distances
between theme centroids; each proposal sits around its theme's centre, offset along the
theme's own two main directions of variation (PCA of the members), scaled so themes do not
overlap much. Linear time after the centroids: fine for 100k points, and deterministic.
"""

from __future__ import annotations

import numpy as np


def _classical_mds(dist: np.ndarray) -> np.ndarray:
    n = len(dist)
    if n == 1:
        return np.zeros((1, 2))
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ (dist**2) @ j
    vals, vecs = np.linalg.eigh(b)
    order = np.argsort(vals)[::-1][:2]
    coords = vecs[:, order] * np.sqrt(np.clip(vals[order], 0, None))
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((n, 2 - coords.shape[1]))])
    for d in range(2):  # fix the sign so the layout is reproducible
        if coords[np.argmax(np.abs(coords[:, d])), d] < 0:
            coords[:, d] *= -1
    return coords


def _top_directions(pts: np.ndarray, k: int = 2) -> np.ndarray:
    """The ``k`` main directions of centred rows: eigenvectors of the smaller Gram matrix."""
    if pts.shape[0] < pts.shape[1]:
        vals, vecs = np.linalg.eigh(pts @ pts.T)
        top = vecs[:, np.argsort(vals)[::-1][:k]]
        dirs = (pts.T @ top).T
    else:
        vals, vecs = np.linalg.eigh(pts.T @ pts)
        dirs = vecs[:, np.argsort(vals)[::-1][:k]].T
    norms = np.linalg.norm(dirs, axis=1, keepdims=True)
    dirs = dirs / np.where(norms == 0, 1, norms)
    for d in dirs:  # fix the sign so the layout is reproducible
        if d[np.argmax(np.abs(d))] < 0:
            d *= -1
    return dirs


def theme_map_positions(
    x: np.ndarray, labels: np.ndarray, spread: float = 0.35
) -> tuple[np.ndarray, np.ndarray]:
    """(point positions (n, 2), theme centre positions (k, 2)) for vectors ``x`` and themes
    ``labels`` (0..k-1; negative labels, the "other" bucket, are placed at the edge)."""
    n = len(x)
    if n == 0:
        return np.zeros((0, 2)), np.zeros((0, 2))
    lab = np.asarray(labels)
    k = int(lab.max()) + 1 if (lab >= 0).any() else 0
    groups = [np.flatnonzero(lab == t) for t in range(k)]
    if (lab < 0).any():
        groups.append(np.flatnonzero(lab < 0))
    cents = np.stack([x[g].mean(axis=0) for g in groups])
    norms = np.linalg.norm(cents, axis=1, keepdims=True)
    cents = cents / np.where(norms == 0, 1, norms)
    dist = np.sqrt(np.clip(2 - 2 * cents @ cents.T, 0, None))
    centres = _classical_mds(dist)
    scale = np.abs(centres).max() or 1.0
    centres = centres / scale
    nearest = 1.0
    if len(centres) > 1:
        d = np.linalg.norm(centres[:, None] - centres[None], axis=2)
        np.fill_diagonal(d, np.inf)
        nearest = float(np.median(d.min(axis=1)))
    pos = np.zeros((n, 2))
    for g_index, members in enumerate(groups):
        pts = x[members] - x[members].mean(axis=0)
        offs = np.zeros((len(members), 2))
        if len(members) > 2:
            vt = _top_directions(pts[:: max(1, len(pts) // 600)])
            offs = pts @ vt.T
            if offs.shape[1] < 2:
                offs = np.hstack([offs, np.zeros((len(offs), 2 - offs.shape[1]))])
            radius = np.percentile(np.linalg.norm(offs, axis=1), 90) or 1.0
            offs = offs / radius * spread * nearest
        pos[members] = centres[g_index] + offs
    return pos, centres[:k]
