"""Theme labels: c-TF-IDF keywords distinctive of a theme, and central but varied
representative proposals."""

import numpy as np

from ml.label import (
    class_tfidf_keywords,
    is_content_word,
    select_representatives,
    word_presence,
    words_of,
)

BUS, LIBRARY = 0, 1
DOCS = [
    ["バス", "本数", "駅"],
    ["バス", "本数", "時刻表"],
    ["バス", "駅", "市民"],
    ["図書館", "開館", "市民"],
    ["図書館", "日曜", "市民"],
]
LABELS = [BUS, BUS, BUS, LIBRARY, LIBRARY]


def _words(keywords: list[tuple[str, float]]) -> list[str]:
    return [w for w, _ in keywords]


def test_each_theme_is_labelled_by_its_own_most_frequent_words_first():
    keywords = class_tfidf_keywords(DOCS, LABELS)
    assert _words(keywords[BUS])[0] == "バス" and _words(keywords[LIBRARY])[0] == "図書館"
    assert not {"図書館", "開館", "日曜"} & set(_words(keywords[BUS]))
    weights = [w for _, w in keywords[BUS]]
    assert weights == sorted(weights, reverse=True)


def test_a_word_other_themes_use_too_ranks_below_one_only_this_theme_uses_as_often():
    # 時刻表 and 市民 are each in one bus proposal, but 市民 is in the library proposals too
    bus = _words(class_tfidf_keywords(DOCS, LABELS)[BUS])
    assert bus.index("時刻表") < bus.index("市民")


def test_a_word_counts_once_per_proposal_so_repeating_it_does_not_make_it_a_keyword():
    docs = [["公園"] * 10 + ["ベンチ"], ["ベンチ", "遊具"]]
    assert _words(class_tfidf_keywords(docs, [0, 0])[0])[0] == "ベンチ"


def test_a_keyword_inside_a_better_ranked_one_is_skipped():
    docs = [["路線バス", "バス"], ["路線バス", "バス"], ["路線バス", "本数"]]
    words = _words(class_tfidf_keywords(docs, [0, 0, 0])[0])
    assert "路線バス" in words and "バス" not in words


def test_numbers_single_characters_and_pii_placeholders_never_become_keywords():
    docs = [["2025", "駅", "電話番号", "バス"], ["2025", "メール", "バス"]]
    assert _words(class_tfidf_keywords(docs, [0, 0])[0]) == ["バス"]
    presence, words = word_presence(docs)
    assert list(words) == ["バス"] and presence.toarray().tolist() == [[1.0], [1.0]]


def test_texts_without_a_usable_word_have_no_keywords():
    assert class_tfidf_keywords([["2025"], ["駅"]], [0, 1]) == {}
    assert class_tfidf_keywords([], []) == {}
    presence, words = word_presence([[], []])
    assert presence.shape == (2, 0) and len(words) == 0


def test_a_content_word_has_a_letter_and_is_not_a_placeholder():
    assert is_content_word("駅") and is_content_word("bus")
    assert not is_content_word("2025") and not is_content_word("😢")
    assert not is_content_word("［メール］")


def test_words_of_segments_each_text_on_its_own():
    words = words_of(["路線バスの本数を増やしてほしい", "図書館を日曜も開けて"])
    assert len(words) == 2
    assert "本数" in words[0] and "本数" not in words[1] and "図書館" in words[1]


# two rows identical and most central, one less central but pointing elsewhere
ROWS = np.array([[1.0, 0.0], [1.0, 0.0], [0.6, 0.8]])
CENTROID = np.array([3.0, 1.0]) / np.sqrt(10.0)


def test_without_diversity_the_most_central_proposals_represent_the_theme():
    chosen = select_representatives(ROWS, CENTROID, k=2, diversity=0.0)
    assert [i for i, _ in chosen] == [0, 1]
    assert np.allclose([c for _, c in chosen], ROWS[[0, 1]] @ CENTROID)


def test_with_diversity_a_copy_of_a_chosen_proposal_gives_way_to_a_different_one():
    chosen = select_representatives(ROWS, CENTROID, k=2, diversity=0.7)
    assert [i for i, _ in chosen] == [0, 2]


def test_a_theme_with_fewer_proposals_than_asked_shows_them_all_once():
    assert sorted(i for i, _ in select_representatives(ROWS, CENTROID, k=5)) == [0, 1, 2]
    assert select_representatives(np.zeros((0, 2)), CENTROID) == []
