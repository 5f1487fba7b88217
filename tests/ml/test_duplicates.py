"""Near-duplicate detection: vectorised MinHash LSH, confirmed by exact Jaccard."""

import numpy as np
import pytest

from ml import duplicates
from ml.duplicates import NearDuplicateFinder, minhash_signatures, shingle_ids, shingle_sets


def test_shingles_ignore_case_spaces_and_punctuation():
    assert (shingle_ids("Bus, STOP!") == shingle_ids("bus stop")).all()
    assert len(shingle_ids("ab")) == 1 and len(shingle_ids("")) == 0


@pytest.mark.parametrize("n", [1, 2, 3, 5])
@pytest.mark.parametrize("block", [7, 8192])
def test_shingle_sets_of_many_texts_equal_each_texts_shingles(pubcom_rows, n, block, monkeypatch):
    monkeypatch.setattr(duplicates, "_SHINGLE_BLOCK", block)
    texts = [r["text"] for r in pubcom_rows[:50]] + ["", "a", "ab", "A b!", "、。", "バス停"]
    for together, alone in zip(shingle_sets(texts, n), texts, strict=True):
        expected = shingle_ids(alone, n)
        assert together.dtype == expected.dtype and np.array_equal(together, expected)
    assert shingle_sets([], n) == []


def test_minhash_is_the_minimum_of_each_permutation_over_the_set():
    sets = [np.array([1, 5, 9], dtype=np.uint64), np.zeros(0, dtype=np.uint64)]
    sets.append(np.array([7], dtype=np.uint64))
    sig = minhash_signatures(sets, n_perm=8, random_state=3)
    rng = np.random.default_rng(3)
    a = rng.integers(1, 1 << 63, size=8, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=8, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row, s in zip(sig, sets, strict=True):
            if len(s) == 0:
                assert (row == np.iinfo(np.uint64).max).all()
                continue
            mixed = duplicates._mix(s)
            assert np.array_equal(row, (mixed[:, None] * a + b).min(axis=0))


def test_near_identical_texts_group_and_different_texts_do_not(pubcom_rows):
    texts = [r["text"] for r in pubcom_rows[:200]]
    edited = texts[5][:-2] + "です。"
    finder = NearDuplicateFinder().fit([*texts, texts[3], edited])
    grouped = {i for g in finder.groups_ for i in g}
    assert {3, 200} <= grouped and {5, 201} <= grouped
    assert finder.labels_[3] == finder.labels_[200] and finder.labels_[5] == finder.labels_[201]
    assert finder.labels_[3] != finder.labels_[5]


def test_a_large_campaign_of_variants_is_one_group():
    base = "駅前の駐輪場を増やしてください。朝は自転車を停める場所がなく、通勤に困っています。"
    campaign = [base.replace("朝", f"朝{'は' * (i % 3)}") + f"（{i % 4}）" for i in range(80)]
    finder = NearDuplicateFinder().fit([*campaign, "図書館の開館時間を延ばしてほしい。"])
    assert len(finder.groups_) == 1 and len(finder.groups_[0]) == 80
