"""Text preparation: normalisation, segmentation, language detection, PII masking."""

import threading

import pytest

from ml.text import detect_language, mask_pii, normalize_text, segment_words


def test_normalize_text_applies_nfkc_and_collapses_whitespace():
    assert normalize_text("　ＡＢＣ　 １２３\n\tﾊﾞｽ  ") == "ABC 123 バス"


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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("バス停を増やしてください", "ja"),
        ("バス", "ja"),
        ("Please add more bus stops near the station", "en"),
        ("Quero mais ônibus no bairro, por favor", "pt"),
        ("Tôi muốn có thêm xe buýt ở khu phố", "vi"),
        ("我们需要更多的公交车和公园", "zh"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "secret", "token"),
    [
        ("連絡は taro.yamada@example.co.jp まで", "taro.yamada@example.co.jp", "［メール］"),
        ("携帯 090-1234-5678 です", "1234-5678", "［電話番号］"),
        ("自宅 03-1234-5678", "1234-5678", "［電話番号］"),
        ("電話 +81-90-1234-5678", "1234-5678", "［電話番号］"),
        ("電話 +81 3 1234 5678", "1234 5678", "［電話番号］"),
        ("電話 09012345678", "09012345678", "［電話番号］"),
        ("全角 ０９０－１２３４－５６７８", "1234", "［電話番号］"),
        ("〒123-4567 東京都", "123-4567", "［郵便番号］"),
        ("郵便番号 123-4567", "123-4567", "［郵便番号］"),
        ("個人番号 1234 5678 9012", "5678", "［個人番号］"),
        ("個人番号123456789012", "123456789012", "［個人番号］"),
        ("霞が関1丁目2番3号に住んでいます", "1丁目2番3号", "［住所］"),
        ("中央町1-2-3に住んでいます", "1-2-3", "［住所］"),
        ("桜台12番地の5", "12番地", "［住所］"),
        ("霞が関三丁目に住んでいます", "三丁目", "［住所］"),  # no digit at all
        ("桜台十二番地", "十二番地", "［住所］"),
        # right after kanji, with no space: the look-behind once took 話 and 帯 for a word
        ("電話090-1234-5678", "1234-5678", "［電話番号］"),
        ("携帯09012345678", "09012345678", "［電話番号］"),
        ("自宅(03)1234-5678まで", "1234-5678", "［電話番号］"),
    ],
)
def test_mask_pii_replaces_personal_data(text, secret, token):
    masked = mask_pii(text)
    assert secret not in masked
    assert token in masked


def test_mask_pii_keeps_the_japanese_around_an_e_mail_address():
    assert mask_pii("詳しくはtaro@example.comへ連絡ください") == "詳しくは［メール］へ連絡ください"
    assert mask_pii("メールはhanako.s+kyoso@mail.example.jpです") == "メールは［メール］です"


def test_mask_pii_leaves_ordinary_numbers_alone():
    assert mask_pii("2025年度の予算は10%増、第3期計画") == "2025年度の予算は10%増、第3期計画"


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
