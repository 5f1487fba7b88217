"""Quotes in the exports are cut where a reader expects: after a sentence, between words."""

from __future__ import annotations

from backend.core.privacy import excerpt


def test_a_short_text_is_quoted_whole() -> None:
    assert excerpt("バスを増やしてほしい。", 20) == "バスを増やしてほしい。"


def test_a_long_text_ends_after_its_last_whole_sentence() -> None:
    text = "バス停に屋根がほしい。夏は日差しがきつい。雨の日は傘をさして立って待っています。"
    assert excerpt(text, 30) == "バス停に屋根がほしい。夏は日差しがきつい。…"


def test_english_is_cut_between_words_not_inside_one() -> None:
    text = "We need a regular evacuation drill, because the older residents do not know the way"
    cut = excerpt(text, 50)
    assert cut == "We need a regular evacuation drill, because the…"
    assert len(cut) <= 50


def test_a_decimal_point_is_not_the_end_of_a_sentence() -> None:
    text = "The stop is 3.5 km from the station and there is no shelter from the rain at all"
    assert "3.…" not in excerpt(text, 40)
    assert excerpt(text, 40).endswith("…")


def test_phone_numbers_are_masked_before_cutting() -> None:
    text = "連絡先は090-1234-5678です。見守りの登録制度をつくってほしいです。"
    assert "090" not in excerpt(text, 25)
