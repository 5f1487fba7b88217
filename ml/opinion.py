"""Opinion groups (意見グループ) from agree/disagree/pass votes: a port of Pol.is's math.

Read from compdemocracy/polis ``math/src/polismath/math/{conversation,pca,clusters,repness,
stats}.clj`` and red-dwarf (polis-community/red-dwarf), one function per step:

1. ``VoteMatrix``: participants × statements (1 agree, -1 disagree, 0 pass; unseen cells are
   not stored), the latest vote per pair; rows in order of first appearance. Moderated-out
   statements keep their votes as zeros (``zero_out_statements``), as Pol.is's ``rating-mat``
   does.
2. ``in_conversation``: participants with at least ``min(7, n_statements)`` votes; if fewer
   than 15 qualify, the most active others are added up to 15 (Pol.is's greedy rule).
3. ``column_means``: every unseen cell takes its statement's mean vote, over *all*
   participants (the PCA, like Pol.is's, is fitted on everyone, clustered or not); after
   centring, those cells are exactly zero, so the matrix stays sparse (``centred``).
4. ``pca_components`` (2 components of the centred matrix) and
   ``sparsity_aware_projection``: each participant is projected over the statements they
   voted on only, then scaled by sqrt(n_statements / n_votes(participant)) so that people who
   voted little are not pulled to the centre.
5. ``polis_kmeans``: Pol.is's k-means (initial centres = the first k distinct points in row
   order, weighted Lloyd steps until ``same_clustering``: the sorted centres moved less than
   0.01). Base clusters: k = 100 on the in-conv participants, at most 100 steps
   (``:base-iters``). Group clusters: k-means on the base-cluster centres weighted by their
   sizes, for k from 2 to min(5, 2 + n_base // 12), at most 20 steps (conversation.clj passes
   ``:cluster-iters``, which ``kmeans`` does not read, so its default ``:max-iters 20``
   applies); ``base_silhouette`` (Pol.is computes the silhouette on the base-cluster centres,
   unweighted) picks k.
6. ``comment_stats`` / ``comparative_stats``: na, nd, ns, pa = (na + 1) / (ns + 2), pd, pat =
   ``prop_test``, ra = pa / pa(rest), rat = ``two_prop_test``; ``select_representative``: a
   statement is representative when rat and pat (or rdt and pdt) are both significant at
   90 % (z > 1.2816), ranked by ra · rat · pa · pat, with the best agreed statement first and
   at most 5 per group, agrees before disagrees (a best-by-test fallback if none pass).
7. ``group_aware_consensus``: for each statement the product over groups of
   (A + 1) / (S + 2) (agree) or (D + 1) / (S + 2) (disagree). Pol.is ranks by this score
   alone, so a statement that most people reject can still top its "agree" list when every
   score is low; we list a statement as consensus only when it ``holds_in_every_group``: at
   least ``consensus_min_votes`` votes and a raw agree (or disagree) share of at least
   ``consensus_share`` (60 %) in every group, and then rank by the Pol.is score.

Row order matters for the cold-start initial centres: rows are participants in order of first
appearance in ``votes``. Pol.is reads a conversation's votes ``ORDER BY zid, tid, pid,
created`` (``conv-poll`` in ``polismath/components/postgres.clj``), so to reproduce its cold
start pass votes sorted by (statement id, participant id, time).

Not reproduced, because they depend on the history of a live conversation: the k smoother
(a new group count is adopted only after it wins 4 updates running) and warm starts from the
previous update's clusters. Divisive statements are ours, not Pol.is's: those whose agree rate
differs most between groups (max_g pa - min_g pa), among statements with enough votes in every
group and never one that is also listed as consensus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import kmeans_plusplus
from sklearn.utils.extmath import randomized_svd

from ml.schema import OpinionGroup, OpinionResult, ProposalId, Repful, StatementStat, Vote

Z_90 = 1.2816
MIN_VOTES = 7
BASE_K = 100
BASE_ITERS = 100  # Pol.is ``:base-iters``
GROUP_ITERS = 20  # Pol.is ``kmeans`` default ``:max-iters`` (``:cluster-iters`` is not read)
CONSENSUS_SHARE = 0.6  # 「広く賛成」: at least this share of every group's votes agree
CONSENSUS_MIN_VOTES = 3  # and every group voted on it at least this often


class VoteMatrix:
    """Participants × statements, kept sparse: only the cells someone voted on (1 agree,
    -1 disagree, 0 pass), the latest vote per pair; every other cell is unseen. A national
    consultation (20,000 people × 100,000 proposals) would need 16 GB as a dense matrix; its
    million votes need a few MB this way."""

    def __init__(self, votes: Iterable[Vote]) -> None:
        latest: dict[tuple[str | int, ProposalId], int] = {}
        for v in votes:
            if v.value not in (-1, 0, 1):
                raise ValueError(f"vote value must be -1, 0 or 1, got {v.value!r}")
            latest[(v.participant, v.proposal_id)] = int(v.value)
        self.participants = list(dict.fromkeys(p for p, _ in latest))
        self.statements = list(dict.fromkeys(s for _, s in latest))
        p_index = {p: i for i, p in enumerate(self.participants)}
        s_index = {s: j for j, s in enumerate(self.statements)}
        self.shape = (len(self.participants), len(self.statements))
        self.rows = np.fromiter((p_index[p] for p, _ in latest), np.int64, len(latest))
        self.cols = np.fromiter((s_index[s] for _, s in latest), np.int64, len(latest))
        self.values = np.fromiter(latest.values(), np.float64, len(latest))

    def n_votes(self) -> np.ndarray:
        """Votes per participant (passes included)."""
        return np.bincount(self.rows, minlength=self.shape[0])


def prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Pol.is one-proportion z-test against 1/2, with add-one smoothing."""
    return 2 * np.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5)


def two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, pop_in: np.ndarray, pop_out: np.ndarray
) -> np.ndarray:
    """Pol.is two-proportion z-test (group vs the rest), with add-one smoothing."""
    succ_in, succ_out, pop_in, pop_out = (a + 1.0 for a in (succ_in, succ_out, pop_in, pop_out))
    pi1, pi2 = succ_in / pop_in, succ_out / pop_out
    pi_hat = (succ_in + succ_out) / (pop_in + pop_out)
    denom = np.sqrt(pi_hat * (1 - pi_hat) * (1 / pop_in + 1 / pop_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where((pi_hat >= 1) | (denom == 0), 0.0, (pi1 - pi2) / denom)
    return z


def zero_out_statements(matrix: VoteMatrix, columns: Sequence[int]) -> VoteMatrix:
    """Pol.is's ``zero-out-columns``: a moderated-out statement becomes a column of zeros for
    everyone, so it still counts in n_statements and in every participant's n_votes (the
    projection's scale) but cannot move anyone."""
    if len(columns):
        hidden = np.asarray(columns, dtype=np.int64)
        keep = ~np.isin(matrix.cols, hidden)
        everyone = np.arange(matrix.shape[0], dtype=np.int64)
        matrix.rows = np.concatenate([matrix.rows[keep], np.repeat(everyone, len(hidden))])
        matrix.cols = np.concatenate([matrix.cols[keep], np.tile(hidden, len(everyone))])
        matrix.values = np.concatenate([matrix.values[keep], np.zeros(len(everyone) * len(hidden))])
    return matrix


def in_conversation(
    n_votes: np.ndarray, n_statements: int, *, min_votes: int = MIN_VOTES, greedy_n: int = 15
) -> np.ndarray:
    """Mask of participants Pol.is clusters: ≥ min(7, n_statements) votes, topped up with the
    most active others while fewer than ``greedy_n`` qualify."""
    keep = n_votes >= min(min_votes, n_statements)
    missing = greedy_n - int(keep.sum())
    if missing > 0:
        others = [i for i in np.argsort(-n_votes, kind="stable") if not keep[i] and n_votes[i]]
        keep[others[:missing]] = True
    return keep


def column_means(matrix: VoteMatrix) -> np.ndarray:
    """Each statement's mean vote over those who voted on it (0 if nobody did): the value
    Pol.is imputes into unseen cells."""
    n_s = matrix.shape[1]
    sums = np.bincount(matrix.cols, weights=matrix.values, minlength=n_s)
    counts = np.bincount(matrix.cols, minlength=n_s)
    return np.divide(sums, counts, out=np.zeros(n_s), where=counts > 0)


def centred(matrix: VoteMatrix, center: np.ndarray) -> sparse.csr_matrix:
    """The mean-imputed matrix minus its column means. Imputing the mean leaves the column
    mean unchanged, so every unseen cell is exactly 0: the centred matrix is as sparse as the
    votes, with (vote - mean) where someone voted."""
    return sparse.csr_matrix(
        (matrix.values - center[matrix.cols], (matrix.rows, matrix.cols)), shape=matrix.shape
    )


DENSE_SVD_CELLS = 4_000_000  # below this a dense SVD (exact); above, a randomized sparse one
POWER_ITERATIONS = 10


def pca_components(matrix: VoteMatrix, n_components: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """(center, comps): the column means and the first principal axes (rows) of the
    mean-imputed matrix. Pol.is finds them by power iteration; an SVD gives the converged
    answer (dense when small; otherwise a randomized SVD of the sparse matrix with a fixed
    number of power iterations and a fixed seed)."""
    center = column_means(matrix)
    x = centred(matrix, center)
    n_p, n_s = matrix.shape
    comps = np.zeros((n_components, n_s))
    if n_p * n_s <= DENSE_SVD_CELLS or min(n_p, n_s) <= n_components + 1:
        _, _, vt = np.linalg.svd(x.toarray(), full_matrices=False)
        vt = vt[:n_components]
    else:  # bounded work like Pol.is's power iteration, deterministic (fixed seed)
        _, _, vt = randomized_svd(x, n_components, n_iter=POWER_ITERATIONS, random_state=0)
    comps[: len(vt)] = vt
    for c in comps:  # deterministic sign
        if c[np.argmax(np.abs(c))] < 0:
            c *= -1
    return center, comps


def sparsity_aware_projection(
    matrix: VoteMatrix, center: np.ndarray, comps: np.ndarray
) -> np.ndarray:
    """Pol.is's ``sparsity-aware-project-ptpt``: project (vote - center) over the cells a
    participant voted on, then scale by sqrt(n_statements / max(n_votes, 1))."""
    proj = centred(matrix, center) @ comps.T
    scale = np.sqrt(matrix.shape[1] / np.maximum(matrix.n_votes(), 1))
    return np.asarray(proj) * scale[:, None]


def polis_kmeans(
    points: np.ndarray,
    k: int,
    weights: np.ndarray | None = None,
    max_iters: int = 100,
    tolerance: float = 0.01,
    restarts: int = 0,
    random_state: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Pol.is's k-means: (labels, centres). Initial centres are the first ``k`` distinct rows
    in order; each step assigns every point to its nearest centre, drops empty clusters and
    moves each centre to the (weighted) mean of its members; it stops when no centre moved by
    ``tolerance`` or after ``max_iters`` steps.

    ``restarts`` > 0 also runs that many k-means++ initialisations and keeps the run with the
    lowest weighted inertia (see ``analyse_opinions`` for why)."""
    w = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    _, first = np.unique(points, axis=0, return_index=True)
    inits = [points[np.sort(first)[:k]].astype(float)]
    if restarts > 0 and len(first) > k:
        rng = np.random.RandomState(random_state)
        for _ in range(restarts):
            centres, _ = kmeans_plusplus(points, k, sample_weight=w, random_state=rng)
            inits.append(centres.astype(float))
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for init in inits:
        labels, centres = _lloyd(points, init, w, max_iters, tolerance)
        inertia = float((w * ((points - centres[labels]) ** 2).sum(axis=1)).sum())
        if best is None or inertia < best[0] - 1e-12:
            best = (inertia, labels, centres)
    assert best is not None
    return best[1], best[2]


def _lloyd(
    points: np.ndarray, centres: np.ndarray, w: np.ndarray, max_iters: int, tolerance: float
) -> tuple[np.ndarray, np.ndarray]:
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(max_iters + 1):
        dist = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        labels = np.argmin(dist, axis=1)
        used = np.unique(labels)
        new = np.stack(
            [np.average(points[labels == c], axis=0, weights=w[labels == c]) for c in used]
        )
        labels = np.searchsorted(used, labels)
        done = same_clustering(centres, new, tolerance)
        centres = new
        if done:
            break
    return labels, centres


def same_clustering(old: np.ndarray, new: np.ndarray, tolerance: float = 0.01) -> bool:
    """Pol.is ``same-clustering?``: both sets of centres sorted (lexicographically, as Clojure
    sorts vectors) and paired in order; the same when every pair is closer than ``tolerance``.
    Like Clojure's zip, pairing stops at the shorter list when a cluster was dropped."""
    a = old[np.lexsort(old.T[::-1])]
    b = new[np.lexsort(new.T[::-1])]
    m = min(len(a), len(b))
    return bool((np.linalg.norm(a[:m] - b[:m], axis=1) < tolerance).all())


def base_silhouette(centres: np.ndarray, labels: np.ndarray) -> float:
    """Pol.is's silhouette of a group clustering: over base-cluster centres, unweighted, with a
    member of a singleton group scoring 0."""
    dist = np.linalg.norm(centres[:, None, :] - centres[None, :, :], axis=2)
    scores = np.zeros(len(centres))
    groups = np.unique(labels)
    for i in range(len(centres)):
        own = (labels == labels[i]) & (np.arange(len(centres)) != i)
        if not own.any():
            continue
        a = dist[i, own].mean()
        b = min(dist[i, labels == g].mean() for g in groups if g != labels[i])
        scores[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float(scores.mean())


def cluster_participants(
    xy: np.ndarray,
    *,
    max_groups: int = 5,
    n_base: int = BASE_K,
    restarts: int = 9,
    random_state: int = 0,
) -> tuple[np.ndarray, float | None]:
    """Group label per participant and the winning silhouette (base clusters → groups).
    ``restarts``: extra k-means++ initialisations per k-means (0 = Pol.is's cold start only)."""
    n = len(xy)
    if n < 4:
        return np.zeros(n, dtype=np.int64), None
    base_labels, base_centres = polis_kmeans(
        xy, n_base, max_iters=BASE_ITERS, restarts=restarts, random_state=random_state
    )
    weights = np.bincount(base_labels, minlength=len(base_centres)).astype(float)
    max_k = min(max_groups, 2 + len(base_centres) // 12, len(base_centres) - 1)
    best_labels, best_score = np.zeros(n, dtype=np.int64), None
    for k in range(2, max_k + 1):
        group_of_base, _ = polis_kmeans(
            base_centres,
            k,
            weights=weights,
            max_iters=GROUP_ITERS,
            restarts=restarts,
            random_state=random_state,
        )
        if len(np.unique(group_of_base)) < 2:
            continue
        score = base_silhouette(base_centres, group_of_base)
        # Clojure's max-key keeps the last of equal maxima
        if best_score is None or score >= best_score:
            best_labels, best_score = group_of_base[base_labels], score
    # number groups by size, largest first
    sizes = np.bincount(best_labels)
    order = np.argsort(-sizes, kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(len(order))
    return remap[best_labels], best_score


def _counts(matrix: VoteMatrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agrees, disagrees and votes per statement among the participants marked in ``rows``."""
    inside = rows[matrix.rows]
    cols, values, n_s = matrix.cols[inside], matrix.values[inside], matrix.shape[1]
    return (
        np.bincount(cols[values == 1], minlength=n_s),
        np.bincount(cols[values == -1], minlength=n_s),
        np.bincount(cols, minlength=n_s),
    )


def comparative_stats(
    matrix: VoteMatrix, clustered: np.ndarray, inside: np.ndarray
) -> dict[str, np.ndarray]:
    """Pol.is ``comment-stats`` + ``add-comparitive-stats`` for one group (``inside``) vs the
    rest of the clustered participants (``clustered``); both are masks over all rows."""
    na_all, nd_all, ns_all = _counts(matrix, clustered)
    na, nd, ns = _counts(matrix, inside)
    na_out, nd_out, ns_out = na_all - na, nd_all - nd, ns_all - ns
    pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    return {
        "na": na,
        "nd": nd,
        "ns": ns,
        "pa": pa,
        "pd": pd,
        "pat": prop_test(na, ns),
        "pdt": prop_test(nd, ns),
        "ra": pa / ((na_out + 1) / (ns_out + 2)),
        "rd": pd / ((nd_out + 1) / (ns_out + 2)),
        "rat": two_prop_test(na, na_out, ns, ns_out),
        "rdt": two_prop_test(nd, nd_out, ns, ns_out),
    }


def select_representative(
    st: dict[str, np.ndarray], allowed: np.ndarray, pick_max: int = 5
) -> list[tuple[int, Repful, float]]:
    """Pol.is ``select-rep-comments`` for one group: (statement, repful-for, repness metric).

    Statements passing ``passes-by-test?`` are ranked by ra · rat · pa · pat (or the disagree
    version), the best agreed statement (``beats-best-agr?``) goes first, at most ``pick_max``,
    agrees before disagrees; if none passes, the best agreed or else the best-by-test one."""
    na, nd, pa, pat, ra, rat = (st[k] for k in ("na", "nd", "pa", "pat", "ra", "rat"))
    pd, pdt, rd, rdt = (st[k] for k in ("pd", "pdt", "rd", "rdt"))

    def finalize(j: int) -> tuple[int, Repful, float]:
        if rat[j] > rdt[j]:
            return j, "agree", float(ra[j] * rat[j] * pa[j] * pat[j])
        return j, "disagree", float(rd[j] * rdt[j] * pd[j] * pdt[j])

    sufficient: list[int] = []
    best: int | None = None
    best_agree: int | None = None
    for j in np.flatnonzero(allowed).tolist():
        if ((rat[j] > Z_90) and (pat[j] > Z_90)) or ((rdt[j] > Z_90) and (pdt[j] > Z_90)):
            sufficient.append(j)
        if not sufficient and (best is None or max(rat[j], rdt[j]) > _test_of(best, rat, rdt)):
            best = j
        if _beats_best_agree(j, best_agree, na, nd, pa, pat, ra, rat):
            best_agree = j
    if not sufficient:
        head = best_agree if best_agree is not None else best
        if head is None:
            return []
        return [(head, "agree", finalize(head)[2])] if head == best_agree else [finalize(head)]
    ranked = sorted((finalize(j) for j in sufficient if j != best_agree), key=lambda r: -r[2])
    if best_agree is not None:
        ranked.insert(0, (best_agree, "agree", finalize(best_agree)[2]))
    ranked = ranked[:pick_max]
    return [r for r in ranked if r[1] == "agree"] + [r for r in ranked if r[1] == "disagree"]


def _test_of(j: int, rat: np.ndarray, rdt: np.ndarray) -> float:
    """The repness-test of a finalised statement: rat if repful for agree, else rdt."""
    return float(rat[j] if rat[j] > rdt[j] else rdt[j])


def _beats_best_agree(j, best, na, nd, pa, pat, ra, rat) -> bool:
    """Pol.is ``beats-best-agr?``."""
    if na[j] == 0 and nd[j] == 0:
        return False
    if best is not None and ra[best] > 1.0:
        return ra[j] * rat[j] * pa[j] * pat[j] > ra[best] * rat[best] * pa[best] * pat[best]
    if best is not None:
        return pa[j] * pat[j] > pa[best] * pat[best]
    return bool(pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5))


def analyse_opinions(
    votes: Iterable[Vote],
    *,
    min_votes: int = MIN_VOTES,
    max_groups: int = 5,
    n_representative: int = 5,
    n_consensus: int = 5,
    n_divisive: int = 5,
    random_state: int = 0,
    moderated_out: Iterable[ProposalId] = (),
    kmeans_restarts: int = 9,
    consensus_share: float = CONSENSUS_SHARE,
    consensus_min_votes: int = CONSENSUS_MIN_VOTES,
) -> OpinionResult:
    """Pol.is opinion groups, representative, consensus and divisive statements.

    ``moderated_out``: statements hidden by moderation; their votes still count towards each
    participant's number of votes (as in Pol.is) but the statements are zeroed and never
    reported. ``consensus_share`` / ``consensus_min_votes``: see ``holds_in_every_group``."""
    if not 0.5 <= consensus_share <= 1.0:
        raise ValueError(f"consensus_share must be between 0.5 and 1, got {consensus_share!r}")
    matrix = VoteMatrix(votes)
    n_p, n_s = matrix.shape
    empty = OpinionResult([], {}, [], [], n_p, 0, n_s, None)
    if n_p == 0 or n_s == 0:
        return empty
    hidden = set(moderated_out)
    hidden_cols = [j for j, s in enumerate(matrix.statements) if s in hidden]
    allowed = np.ones(n_s, dtype=bool)
    allowed[hidden_cols] = False
    in_conv = in_conversation(matrix.n_votes(), n_s, min_votes=min_votes)
    if in_conv.sum() < 2:
        return empty
    rating = zero_out_statements(matrix, hidden_cols)
    center, comps = pca_components(rating)
    xy = sparsity_aware_projection(rating, center, comps)[in_conv]
    labels, silhouette = cluster_participants(
        xy, max_groups=max_groups, restarts=kmeans_restarts, random_state=random_state
    )
    people = [p for p, keep in zip(matrix.participants, in_conv, strict=True) if keep]
    stmts = matrix.statements
    clustered_rows = np.flatnonzero(in_conv)

    na_all, nd_all, ns_all = _counts(rating, in_conv)
    groups: list[OpinionGroup] = []
    pa_by_group, pd_by_group = [], []
    counts_by_group: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for g in range(int(labels.max()) + 1):
        inside = labels == g
        group_rows = np.zeros(n_p, dtype=bool)
        group_rows[clustered_rows[inside]] = True
        st = comparative_stats(rating, in_conv, group_rows)
        pa_by_group.append(st["pa"])
        pd_by_group.append(st["pd"])
        counts_by_group.append((st["na"], st["nd"], st["ns"]))
        reps = [
            StatementStat(
                stmts[j],
                g,
                int(st["na"][j]),
                int(st["nd"][j]),
                int(st["ns"][j]),
                float(st["pa"][j]),
                float(st["pd"][j]),
                repful,
                metric,
            )
            for j, repful, metric in select_representative(st, allowed, n_representative)
        ]
        centre = xy[inside].mean(axis=0)
        groups.append(
            OpinionGroup(
                g,
                [people[i] for i in np.flatnonzero(inside)],
                reps,
                float(centre[0]),
                float(centre[1]),
            )
        )

    pa_g, pd_g = np.array(pa_by_group), np.array(pd_by_group)
    gac_agree, gac_disagree = group_aware_consensus(pa_g, pd_g, allowed)
    pa_all, pd_all = (na_all + 1) / (ns_all + 2), (nd_all + 1) / (ns_all + 2)

    def overall(j: int, repful: Repful, score: float) -> StatementStat:
        return StatementStat(
            stmts[j],
            None,
            int(na_all[j]),
            int(nd_all[j]),
            int(ns_all[j]),
            float(pa_all[j]),
            float(pd_all[j]),
            repful,
            float(score),
        )

    na_g, nd_g, ns_g = (np.array(c) for c in zip(*counts_by_group, strict=True))
    enough = allowed & (ns_g >= consensus_min_votes).all(axis=0)
    agreed = enough & holds_in_every_group(na_g, ns_g, consensus_share)
    rejected = enough & holds_in_every_group(nd_g, ns_g, consensus_share)
    consensus = [
        overall(j, "agree", gac_agree[j])
        for j in _top(np.where(agreed, gac_agree, -np.inf), n_consensus)
    ]
    consensus += [
        overall(j, "disagree", gac_disagree[j])
        for j in _top(np.where(rejected, gac_disagree, -np.inf), n_consensus)
    ]
    divisive: list[StatementStat] = []
    if len(groups) > 1:
        candidates = enough & ~agreed & ~rejected
        spread = np.where(candidates, pa_g.max(axis=0) - pa_g.min(axis=0), -np.inf)
        divisive = [overall(j, "", spread[j]) for j in _top(spread, n_divisive) if spread[j] > 0]

    xy_out = {str(p): (float(a), float(b)) for p, (a, b) in zip(people, xy, strict=True)}
    return OpinionResult(
        groups=groups,
        participant_xy=xy_out,
        consensus=consensus,
        divisive=divisive,
        n_participants=n_p,
        n_participants_clustered=len(people),
        n_statements=n_s,
        silhouette=silhouette,
    )


def group_aware_consensus(
    pa_by_group: np.ndarray, pd_by_group: np.ndarray, allowed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pol.is group-aware consensus per statement: the product over groups of
    (A + 1) / (S + 2), and likewise for disagreement; hidden statements get -inf."""
    agree = np.where(allowed, pa_by_group.prod(axis=0), -np.inf)
    disagree = np.where(allowed, pd_by_group.prod(axis=0), -np.inf)
    return agree, disagree


def holds_in_every_group(
    chosen_by_group: np.ndarray, votes_by_group: np.ndarray, share: float
) -> np.ndarray:
    """Per statement: in every group (rows) at least ``share`` of the votes cast (passes
    included) chose it. Raw shares, not Pol.is's smoothed (A + 1) / (S + 2), so that 「60 % of
    every group agreed」 means exactly that."""
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(votes_by_group > 0, chosen_by_group / votes_by_group, 0.0)
    return np.asarray((shares >= share).all(axis=0))


def _top(scores: np.ndarray, k: int) -> list[int]:
    return [int(j) for j in np.argsort(-scores, kind="stable")[:k] if math.isfinite(scores[j])]


def votes_from_rows(rows: Sequence[tuple[str | int, ProposalId, int]]) -> list[Vote]:
    """Votes from (participant, proposal id, value) tuples."""
    return [Vote(p, s, int(v)) for p, s, v in rows]
