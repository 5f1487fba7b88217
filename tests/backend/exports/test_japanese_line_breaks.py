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


def test_a_number_is_never_cut_across_two_lines() -> None:
    lines = ["パソコンもスマホも持っていない。」（提案 1", "45）"]
    assert kinsoku(lines) == ["パソコンもスマホも持っていない。」（提案 ", "145）"]


def test_lines_without_such_characters_stay_as_they_are() -> None:
    assert kinsoku(["意見募集で寄せられた", "提案を分析しました"]) == [
        "意見募集で寄せられた",
        "提案を分析しました",
    ]


def test_a_table_cell_is_broken_as_japanese_is_set() -> None:
    """The KPI table broke 「…市民の割合(」 | 「%)」; a cell's lines now follow 禁則 too."""
    from fpdf.enums import MethodReturnValue, WrapMode

    from backend.exports.pdf import FONT, SummaryPdf

    pdf = SummaryPdf("共創の記録")
    pdf.add_page()
    pdf.set_font(FONT, size=8.5)
    name = "公共交通が使いやすいと感じる市民の割合(%)"

    def plain(width: float) -> list[str]:
        return pdf.multi_cell(
            width, 1, name, dry_run=True, output=MethodReturnValue.LINES, wrapmode=WrapMode.CHAR
        )

    # a width at which a plain character wrap leaves 「(」 at the end of the first line
    width = next(w / 10 for w in range(300, 900) if plain(w / 10)[0].endswith("("))
    lines = pdf.set_in(name, width).split("\n")
    assert "".join(lines) == name
    assert lines[0].endswith("割合") and lines[1] == "(%)"
