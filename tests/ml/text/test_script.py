"""Script of a text: kana or Han characters make it Japanese (or Chinese) script."""

import pytest

from ml.text import is_cjk_text


@pytest.mark.parametrize(
    ("text", "cjk"),
    [
        ("ばす", True),  # hiragana only
        ("バス停", True),  # katakana and kanji
        ("公交车站", True),  # Chinese: Han only
        ("Bus ー stop", True),  # the long-vowel mark is katakana
        ("Please add more bus stops", False),
        ("Tôi muốn có thêm xe buýt", False),  # Latin letters with diacritics
        ("ＡＢＣ　１２３", False),  # full-width Latin is not Japanese script
        ("🚌🙏", False),
        ("", False),
    ],
)
def test_a_text_is_cjk_when_it_has_kana_or_han_characters(text, cjk):
    assert is_cjk_text(text) is cjk
