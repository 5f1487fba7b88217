"""Readings from UniDic: katakana for search, hiragana ruby over the kanji of each word."""

from __future__ import annotations

import pytest

from ml.text.reading import RubySegment, hiragana, is_kana, katakana, ruby_segments, search_readings


def test_kana_scripts_convert_both_ways() -> None:
    assert katakana("ばす と えき") == "バス ト エキ"
    assert hiragana("コウエン・ABC") == "こうえん・ABC"
    assert is_kana("ばすー") and is_kana("バス") and not is_kana("バス停") and not is_kana("")


def test_search_readings_give_word_and_compound_readings_and_kanji_lemmas() -> None:
    readings, lemmas = search_readings("路線バスを増やして\nえきまえの こうえん")
    assert {"ロセンバス", "ロセン", "バス", "フヤス", "エキマエ", "コウエン"} <= set(readings)
    assert "バスフヤス" not in readings and "コウエンエキマエ" not in readings
    assert {"駅", "公園"} <= set(lemmas)


@pytest.mark.parametrize(
    "text", ["駅前の  公園に\nバス　を増やして。", "ABC abc", "", "人々の暮らし"]
)
def test_ruby_segments_join_back_to_the_text(text: str) -> None:
    assert "".join(s.text for s in ruby_segments(text)) == text


def test_ruby_reads_kanji_only_and_leaves_okurigana_bare() -> None:
    assert ruby_segments("公園のバスを増やして") == [
        RubySegment("公園", "こうえん"),
        RubySegment("のバスを", None),
        RubySegment("増", "ふ"),
        RubySegment("やして", None),
    ]
    assert ruby_segments("ばすがすくない") == [RubySegment("ばすがすくない", None)]
