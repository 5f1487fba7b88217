"""Text normalisation: NFKC, collapsed whitespace and no emoji before any other step."""

from ml.text import normalize_text, strip_emoji


def test_normalize_text_applies_nfkc_and_collapses_whitespace():
    assert normalize_text("　ＡＢＣ　 １２３\n\tﾊﾞｽ  ") == "ABC 123 バス"


def test_strip_emoji_removes_emoji_and_the_space_they_leave_but_keeps_japanese_symbols():
    assert strip_emoji("バスが来ない😢  もっと増やして🚌🙏") == "バスが来ない もっと増やして"
    # ※ and → are in the range the quick check looks at, but they are not emoji
    assert strip_emoji("※駅前 → 市役所") == "※駅前 → 市役所"
