"""Near-duplicate detection: vectorised MinHash LSH, confirmed by exact Jaccard."""

from ml.duplicates import NearDuplicateFinder, shingle_ids


def test_shingles_ignore_case_spaces_and_punctuation():
    assert (shingle_ids("Bus, STOP!") == shingle_ids("bus stop")).all()
    assert len(shingle_ids("ab")) == 1 and len(shingle_ids("")) == 0


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
