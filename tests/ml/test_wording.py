"""Draft wording: measure titles from policy fields, actions whose verb noun suits the phrase,
key phrases the proposals share, and a quote that is on the measure's topic."""

from ml import wording
from ml.schema import Keyword, Theme
from ml.titles import policy_fields

FIELDS = {f.id: f for f in policy_fields()}
TRANSPORT, DISASTER = FIELDS["public_transport"], FIELDS["disaster_prevention"]


def _theme(title: str, keywords: tuple[str, ...] = ()) -> Theme:
    return Theme(
        id="t1",
        level=1,
        parent_id=None,
        title=title,
        size=1,
        keywords=[Keyword(w, 0.5) for w in keywords],
        representatives=[],
        proposal_ids=["p1"],
    )


def test_a_measure_of_one_field_takes_the_fields_measure_title():
    parts = [_theme("公共交通：路線バスと待合所")]
    assert wording.measure_title([TRANSPORT], parts, foreign=False) == "公共交通の利便性向上"


def test_a_measure_joining_fields_names_two_and_says_there_are_more():
    parts = [_theme("a"), _theme("b"), _theme("c")]
    two = wording.measure_title([TRANSPORT, DISASTER], parts[:2], foreign=False)
    assert two == f"{TRANSPORT.ja}、{DISASTER.ja}の推進"
    assert wording.measure_title([TRANSPORT, DISASTER, None], parts, foreign=False) == (
        f"{TRANSPORT.ja}、{DISASTER.ja}などの推進"
    )


def test_a_measure_of_no_field_is_named_after_its_titles_nouns_or_falls_back():
    named = wording.measure_title([None], [_theme("路線バスと待合所")], foreign=False)
    assert named == "路線バスと待合所に関する課題への対応"
    assert wording.measure_title([None], [_theme("")], foreign=True) == wording.FOREIGN_MEASURE
    assert wording.measure_title([None], [_theme("")], foreign=False) == wording.CROSS_MEASURE


def test_title_nouns_are_the_nouns_after_the_field():
    assert wording.title_nouns(_theme("公共交通：路線バスと待合所")) == ["路線バス", "待合所"]


def test_an_actions_verb_noun_suits_what_the_phrase_is():
    assert wording.action_title("外国人住民", None) == "外国人住民への支援"  # people
    assert wording.action_title("バス停", TRANSPORT) == "バス停の整備"  # a facility
    assert wording.action_title("避難訓練", None) == "避難訓練の充実"  # a service
    # one of the field's words takes the field's verb noun, any other phrase is considered
    assert wording.action_title("デマンド交通", TRANSPORT) == f"デマンド交通の{TRANSPORT.action}"
    assert wording.action_title("夜の暮らし", None) == f"夜の暮らしの{wording.CHECK}"
    assert wording.fallback_action(True) == wording.FOREIGN_ACTION


def test_key_phrases_are_the_compounds_most_proposals_write_and_no_place_names():
    texts = [
        "桜台の路線バスの本数を増やしてほしい。",
        "路線バスが一時間に一本しかない。",
        "桜台から駅までの路線バスが少ない。",
        "路線バスの待合所に屋根がほしい。",
    ]
    phrases = wording.key_phrases(
        [_theme("公共交通：路線バス", ("バス",))], texts, TRANSPORT, place_names=["桜台"]
    )
    assert phrases[0] == "路線バス"
    assert "バス" not in phrases  # inside 路線バス
    assert not any("桜台" in p for p in phrases)


def test_the_quote_is_the_sentence_on_the_measures_topic():
    text = (
        "先日、家族で公園に行きました。とても楽しかったです。"
        "夜の路線バスの本数が少なく、駅から家まで帰る手段がなくて本当に困っています。"
    )
    tier, sentence = wording.quote(text, ["路線バス"], [_theme("公共交通：路線バス")], TRANSPORT)
    assert sentence.startswith("夜の路線バスの本数が少なく") and tier == 2


def test_a_sentence_that_held_personal_data_or_is_too_short_is_never_quoted():
    text = "路線バスについて［電話番号］まで連絡をください、路線バスの件です。バス少ない。"
    assert wording.quote(text, ["路線バス"], [_theme("x")], TRANSPORT) == (0, "")
