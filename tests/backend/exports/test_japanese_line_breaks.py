"""禁則処理 in the PDF's paragraphs: no line opens with closing punctuation or ends with an
opening bracket."""

from __future__ import annotations

from backend.exports.pdf import kinsoku


def test_closing_punctuation_hangs_on_the_line_before() -> None:
    lines = ["賛成（または反対", "）した提案です", "。"]
    assert kinsoku(lines) == ["賛成（または反対）", "した提案です。"]


def test_an_opening_bracket_moves_to_the_line_it_opens() -> None:
    lines = ["記録は巻末の「", "付録」にあります。"]
    assert kinsoku(lines) == ["記録は巻末の", "「付録」にあります。"]


def test_lines_without_such_characters_stay_as_they_are() -> None:
    assert kinsoku(["意見募集で寄せられた", "提案を分析しました"]) == [
        "意見募集で寄せられた",
        "提案を分析しました",
    ]
