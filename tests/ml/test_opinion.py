"""Pol.is opinion groups on a real conversation."""

import csv

import numpy as np
from sklearn.metrics import adjusted_rand_score

import ml.opinion
from ml.opinion import (
    GROUP_ITERS,
    Z_90,
    VoteMatrix,
    analyse_opinions,
    cluster_participants,
    in_conversation,
    pca_components,
    polis_kmeans,
    prop_test,
    same_clustering,
    sparsity_aware_projection,
    two_prop_test,
)
from ml.schema import Vote


def _seattle(data_dir, max_participants=None):
    d = data_dir / "polis" / "15-per-hour-seattle"
    with open(d / "comments.csv", newline="") as f:
        moderated_out = {r["comment-id"] for r in csv.DictReader(f) if r["moderated"] == "-1"}
    with open(d / "votes.csv", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["timestamp"]))
    with open(d / "participants-votes.csv", newline="") as f:
        ref = {r["participant"]: r["group-id"] for r in csv.DictReader(f) if r["group-id"]}
    keep = set(list(ref)[:max_participants]) if max_participants else None
    votes = [
        Vote(r["voter-id"], r["comment-id"], int(r["vote"]))
        for r in rows
        if keep is None or r["voter-id"] in keep
    ]
    return votes, ref, moderated_out


def test_groups_match_polis_on_a_real_conversation(data_dir):
    votes, ref, moderated_out = _seattle(data_dir)
    result = analyse_opinions(votes, moderated_out=moderated_out)
    assert 2 <= len(result.groups) <= 5
    ours = {str(p): g.id for g in result.groups for p in g.participants}
    common = [p for p in ref if p in ours]
    assert len(common) >= 0.95 * len(ref)
    ari = adjusted_rand_score([ref[p] for p in common], [ours[p] for p in common])
    assert ari >= 0.8


def test_small_slice_gives_groups_representatives_and_divisive_statements(data_dir):
    votes, _, moderated_out = _seattle(data_dir, max_participants=60)
    result = analyse_opinions(votes, random_state=3, moderated_out=moderated_out)
    assert result.n_participants_clustered >= 40
    assert len(result.groups) >= 2
    for group in result.groups:
        assert group.representative
        assert all(s.repful in ("agree", "disagree") for s in group.representative)
    assert result.divisive  # no statement has 60 % agreement in every group of this slice
    _assert_consensus_holds_in_every_group(votes, result)
    again = analyse_opinions(votes, random_state=3, moderated_out=moderated_out)
    assert [g.participants for g in again.groups] == [g.participants for g in result.groups]


def test_participants_with_few_votes_are_not_clustered():
    votes = [Vote(p, s, 1 if (p + s) % 2 else -1) for p in range(20) for s in range(10)]
    votes += [Vote("lurker", s, 1) for s in range(3)]
    result = analyse_opinions(votes)
    assert "lurker" not in result.participant_xy
    assert result.n_participants == 21 and result.n_participants_clustered == 20


def test_significance_tests_follow_polis():
    assert prop_test(np.array([9.0]), np.array([10.0]))[0] > Z_90
    assert abs(prop_test(np.array([4.0]), np.array([9.0]))[0]) < 1e-9
    z = two_prop_test(np.array([9.0]), np.array([1.0]), np.array([10.0]), np.array([10.0]))
    assert z[0] > Z_90


def test_participants_are_projected_over_their_own_votes_and_scaled_by_sparsity():
    votes = [Vote("a", "s1", 1), Vote("a", "s2", -1)]
    votes += [Vote("b", s, v) for s, v in [("s1", 1), ("s2", 1), ("s3", 1), ("s4", -1)]]
    matrix = VoteMatrix(votes)
    center = np.zeros(4)
    comps = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    xy = sparsity_aware_projection(matrix, center, comps)
    # two of four statements voted: sqrt(4 / 2) pushes the sparse voter outwards
    assert np.allclose(xy[0], [np.sqrt(2), -np.sqrt(2)])
    assert np.allclose(xy[1], [1.0, 1.0])


def test_in_conversation_tops_up_to_fifteen_most_active_participants():
    n_votes = np.array([10] * 12 + [3, 5, 1, 0, 2])
    keep = in_conversation(n_votes, n_statements=20)
    assert keep[:12].all() and keep[12] and keep[13] and keep[16]
    assert not keep[15]  # nobody with zero votes is clustered


def test_polis_kmeans_starts_from_the_first_distinct_points():
    points = np.array([[0.0, 0], [0, 0], [10, 10], [0.1, 0], [10, 10.1]])
    labels, centres = polis_kmeans(points, 2)
    assert labels.tolist() == [0, 0, 1, 0, 1]
    assert np.allclose(centres[0], [1 / 30, 0])


def test_moderated_statements_count_as_votes_but_are_never_reported(data_dir):
    votes, _, _ = _seattle(data_dir, max_participants=60)
    hidden = {votes[0].proposal_id}
    result = analyse_opinions(votes, moderated_out=hidden)
    reported = {s.proposal_id for g in result.groups for s in g.representative}
    reported |= {s.proposal_id for s in result.consensus + result.divisive}
    assert not reported & hidden


def _polis_read_order(data_dir, conv):
    """Every vote of a conversation in Pol.is's read order (ORDER BY tid, pid, created)."""
    d = data_dir / "polis" / conv
    with open(d / "comments.csv", newline="") as f:
        moderated_out = {r["comment-id"] for r in csv.DictReader(f) if r["moderated"] == "-1"}
    with open(d / "votes.csv", newline="") as f:
        rows = sorted(
            csv.DictReader(f),
            key=lambda r: (int(r["comment-id"]), int(r["voter-id"]), int(r["timestamp"])),
        )
    with open(d / "participants-votes.csv", newline="") as f:
        ref = {r["participant"]: r["group-id"] for r in csv.DictReader(f) if r["group-id"]}
    votes = [Vote(r["voter-id"], r["comment-id"], int(r["vote"])) for r in rows]
    return votes, ref, moderated_out


def test_polis_cold_start_in_polis_read_order_reproduces_vtaiwan_groups(data_dir):
    votes, ref, moderated_out = _polis_read_order(data_dir, "vtaiwan.uberx")
    result = analyse_opinions(votes, moderated_out=moderated_out, kmeans_restarts=0)
    ours = {str(p): g.id for g in result.groups for p in g.participants}
    common = [p for p in ref if p in ours]
    assert len(common) >= len(ref) - 1
    ari = adjusted_rand_score([ref[p] for p in common], [ours[p] for p in common])
    assert ari >= 0.9


def test_rows_follow_the_order_votes_arrive_in():
    votes = [Vote("b", "s1", 1), Vote("a", "s1", -1), Vote("b", "s2", 0)]
    assert ml.opinion.VoteMatrix(votes).participants == ["b", "a"]
    assert ml.opinion.VoteMatrix(votes[1:] + votes[:1]).participants == ["a", "b"]


def test_same_clustering_pairs_centres_sorted_as_vectors():
    old = np.array([[0.0, 5.0], [1.0, 0.0]])
    # sorting each column on its own would pair (0, 0) with (0, 5) and call these equal
    assert not same_clustering(old, np.array([[0.0, 0.0], [1.0, 5.0]]))
    assert same_clustering(old, np.array([[1.0, 0.001], [0.0, 5.0]]))
    # a dropped cluster: Clojure's zip pairs only the centres both sides have
    assert same_clustering(old, np.array([[0.0, 5.0]]))


def test_group_clustering_runs_at_most_twenty_kmeans_steps(monkeypatch):
    seen = []
    real = ml.opinion.polis_kmeans

    def spy(points, k, weights=None, max_iters=100, **kwargs):
        seen.append((weights is not None, max_iters))
        return real(points, k, weights=weights, max_iters=max_iters, **kwargs)

    monkeypatch.setattr(ml.opinion, "polis_kmeans", spy)
    xy = np.random.RandomState(0).normal(size=(200, 2))
    cluster_participants(xy, restarts=0)
    assert seen[0] == (False, 100)  # base clusters: :base-iters
    assert seen[1:] and all(s == (True, GROUP_ITERS) for s in seen[1:])
    assert GROUP_ITERS == 20


def test_the_sparse_pca_of_a_large_matrix_matches_the_dense_one(monkeypatch):
    """Large conversations take the sparse SVD; it must find the dense SVD's axes."""
    rng = np.random.default_rng(3)
    # two independent opinion axes: one on the odd statements, a weaker one on the even
    stance = rng.choice([-1, 1], size=(300, 2))
    votes = [
        Vote(p, s, int(stance[p, s % 2]) if rng.random() < (0.9 if s % 2 else 0.7) else 0)
        for p in range(300)
        for s in rng.choice(200, size=40, replace=False)
    ]
    matrix = VoteMatrix(votes)
    dense_center, dense_comps = pca_components(matrix)
    monkeypatch.setattr(ml.opinion, "DENSE_SVD_CELLS", 0)
    center, comps = pca_components(matrix)
    assert np.allclose(center, dense_center)
    assert np.allclose(np.abs(comps @ dense_comps.T), np.eye(2), atol=1e-3)


def _group_shares(votes, result, statement):
    """(agree share, disagree share, votes) of ``statement`` in each group, from the latest vote
    of each participant: computed here independently of ml.opinion."""
    latest = {(v.participant, v.proposal_id): v.value for v in votes}
    shares = []
    for group in result.groups:
        cast = [latest[(p, statement)] for p in group.participants if (p, statement) in latest]
        n = len(cast)
        shares.append((cast.count(1) / n if n else 0.0, cast.count(-1) / n if n else 0.0, n))
    return shares


def _assert_consensus_holds_in_every_group(votes, result, share=0.6, min_votes=3):
    assert result.groups
    for stat in result.consensus:
        column = 0 if stat.repful == "agree" else 1
        for group_share in _group_shares(votes, result, stat.proposal_id):
            assert group_share[2] >= min_votes, (stat, group_share)
            assert group_share[column] >= share, (stat, group_share)
    listed = {s.proposal_id for s in result.consensus}
    assert not listed & {s.proposal_id for s in result.divisive}


def _three_camps():
    """60 people in three camps of 20 that split on four statements, plus statements that
    every camp agrees with, that two camps agree with, that most people reject, and the
    Wi-Fi case from the demo city: 34 % agree, 49 % disagree in every camp."""
    votes = []
    camp_votes = {0: (1, 1, -1, -1), 1: (-1, -1, 1, 1), 2: (1, -1, 1, -1)}

    def share_votes(person, pattern):  # pattern: values for the 20 people of a camp
        return pattern[person % 20]

    wifi = [1] * 7 + [-1] * 10 + [0] * 3  # 35 % / 50 % / 15 %
    for person in range(60):
        camp = person // 20
        for k, value in enumerate(camp_votes[camp]):
            votes.append(Vote(person, f"split{k}", value))
        votes.append(Vote(person, "everyone", share_votes(person, [1] * 18 + [0, -1])))
        two_camps = [1] * 20 if camp < 2 else [1] * 6 + [-1] * 14
        votes.append(Vote(person, "two-camps", share_votes(person, two_camps)))
        votes.append(Vote(person, "rejected", share_votes(person, [-1] * 16 + [1] * 4)))
        votes.append(Vote(person, "wifi", share_votes(person, wifi)))
    return votes


def test_consensus_lists_only_statements_a_majority_of_every_group_chose():
    votes = _three_camps()
    result = analyse_opinions(votes)
    assert len(result.groups) >= 2
    agreed = [s.proposal_id for s in result.consensus if s.repful == "agree"]
    rejected = [s.proposal_id for s in result.consensus if s.repful == "disagree"]
    assert agreed == ["everyone"]
    assert rejected == ["rejected"]
    _assert_consensus_holds_in_every_group(votes, result)
    assert "two-camps" in {s.proposal_id for s in result.divisive}


def test_the_consensus_share_is_configurable():
    votes = _three_camps()
    strict = analyse_opinions(votes, consensus_share=0.95)
    assert [s.proposal_id for s in strict.consensus] == []
    _assert_consensus_holds_in_every_group(votes, strict, share=0.95)


def test_consensus_on_real_conversations_holds_in_every_group(data_dir):
    for name in ("15-per-hour-seattle", "vtaiwan.uberx"):
        votes, _, moderated_out = _polis_read_order(data_dir, name)
        result = analyse_opinions(votes, moderated_out=moderated_out)
        _assert_consensus_holds_in_every_group(votes, result)
        if name == "vtaiwan.uberx":  # 91 % of the smaller group agree with comment 40
            assert {"40", "16", "7"} <= {s.proposal_id for s in result.consensus}
