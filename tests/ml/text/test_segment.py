"""Word segmentation: content words and compounds in text order, lemmatised, without stop
words, in Japanese and Latin-script languages; the text modules under their package names."""

import threading

import pytest

from ml.text import segment_words


def test_segment_words_finds_bus_and_count_in_japanese():
    words = segment_words("路線バスの本数を増やしてほしい")
    assert "バス" in words
    assert "本数" in words
    assert "の" not in words and "を" not in words  # particles dropped


def test_segment_words_emits_compound_and_its_parts():
    words = segment_words("子育て支援センターを駅前に")
    assert "子育て支援センター" in words
    assert {"子育て", "支援", "センター", "駅前"} <= set(words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "路線バスの本数を3本増やしてほしい。駅前に駐輪場を作る",
            ["路線バス", "路線", "バス", "本数", "増やす", "駅前", "駐輪場", "駐輪", "作る"],
        ),
        (
            "ディズニーワールドに行くバリエーションがあります",  # lemma バリエーション-variation
            ["ディズニーワールド", "ディズニー", "ワールド", "バリエーション"],
        ),
        (
            "子育て支援センター、5人の保育士",
            ["子育て支援センター", "子育て", "支援", "センター", "保育士", "保育"],
        ),
    ],
)
def test_segment_words_gives_exactly_these_words_in_text_order(text, words):
    assert segment_words(text) == words


def test_segment_words_drops_auxiliaries_and_lemmatises_verbs():
    words = segment_words("高齢者が困っています。")
    assert "困る" in words
    assert "ます" not in words and "。" not in words


@pytest.mark.parametrize(
    "text",
    [
        "東京都千代田区霞が関1丁目2番3号に住む高齢者です",
        "第3期計画の2025年度予算について、バスが来ない😢",
        "I want a bus stop, não é? Tôi muốn có thêm xe buýt",
    ],
)
def test_segment_words_returns_no_single_character_fragments(text):
    words = segment_words(text)
    assert words
    fragments = [w for w in words if len(w) < 2]
    assert fragments == []


def test_segment_words_handles_latin_languages():
    assert segment_words("The bus stops are too far away") == ["bus", "stops", "far", "away"]
    assert "ônibus" in segment_words("Quero mais ônibus no bairro")
    assert {"xe", "buýt"} <= set(segment_words("Tôi muốn có thêm xe buýt"))


def test_segment_words_is_thread_safe():
    expected = segment_words("路線バスの本数を増やしてほしい")
    results: list[list[str]] = []

    def work():
        for _ in range(20):
            results.append(segment_words("路線バスの本数を増やしてほしい"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_stop_words_come_from_the_data_files_and_are_never_returned_as_words():
    from pathlib import Path

    from ml.text import STOP_WORDS

    data = Path(__file__).resolve().parents[3] / "ml" / "data"
    listed = {
        line.strip()
        for name in ("stop_words_ja.txt", "stop_words_latin.txt")
        for line in (data / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert listed == STOP_WORDS
    assert "自分" in STOP_WORDS and "the" in STOP_WORDS
    assert segment_words("自分の公園 the park") == ["park", "公園"]


def test_the_text_modules_answer_under_their_old_names():
    import ml.text
    from ml.text import language, normalise, pii, segment

    assert ml.text.mask_pii is pii.mask_pii and ml.text.detect_language is language.detect_language
    assert ml.text.segment_words is segment.segment_words
    assert ml.text.normalize_text is normalise.normalize_text
    assert ml.text._langid_lock is language._langid_lock  # ml.language_neutral shares it
