"""The co-creation summary as PDF (fpdf2): A4, embedded Japanese font, charts, page numbers,
a table of contents and PDF bookmarks.

Why fpdf2: Debian's ``fonts-noto-cjk`` are OpenType collections with CFF outlines. fpdf2 (with
fontTools) subsets and embeds them as CID fonts with a ToUnicode map, so the text stays
selectable and extractable; ReportLab embeds TrueType outlines only, and WeasyPrint or Typst
would bring a second layout engine (Pango, a Rust binary) for no gain here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import cast

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.outline import OutlineSection

from backend.exports import charts, tables
from backend.exports import document as doc
from backend.exports.dates import japanese_datetime
from backend.exports.fonts import JAPANESE_FACE, japanese_fonts
from backend.exports.tables import Table

FONT = "noto"
ACCENT = (31, 78, 121)
HEADER_FILL = (226, 235, 245)
BODY_SIZE = 9.5
KEEP_TOGETHER_LINES = 6
# 禁則処理 (JIS X 4051): what a line may not start with, and what it may not end with
NO_LINE_START = (
    "、。，．,.・：；:;!?！？)）]」』】〕〉》’”ー…々%％ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
NO_LINE_END = "（(「『【〔〈《‘“["


def kinsoku(lines: list[str]) -> list[str]:
    """Japanese line breaks: closing punctuation hangs at the end of the line before (ぶら下げ)
    instead of opening the next one; an opening bracket moves to the line it opens, and so do
    the first digits of a number broken across two lines."""
    out = list(lines)
    for i in range(1, len(out)):
        while out[i - 1] and out[i - 1][-1] in NO_LINE_END:
            out[i - 1], out[i] = out[i - 1][:-1], out[i - 1][-1] + out[i]
        # a number is never cut (「（提案 1」 | 「45）」): its digits move to the line it ends
        digits = len(out[i - 1]) - len(out[i - 1].rstrip("0123456789"))
        if digits and out[i][:1].isdigit() and digits < len(out[i - 1]):
            out[i - 1], out[i] = out[i - 1][:-digits], out[i - 1][-digits:] + out[i]
        while out[i] and out[i][0] in NO_LINE_START:
            out[i - 1], out[i] = out[i - 1] + out[i][0], out[i][1:]
    return [line for line in out if line]


def japanese_lines(pdf: FPDF, width: float, text: str, height: float = 1) -> list[str]:
    """``text`` in the current font broken into lines of ``width`` (at any character, as
    Japanese is), then moved by the rules of ``kinsoku``."""
    lines = pdf.multi_cell(
        width, height, text, dry_run=True, output=MethodReturnValue.LINES, wrapmode=WrapMode.CHAR
    )
    # cast: fpdf2 types the result for every ``output`` at once; LINES gives the list of lines
    return kinsoku(cast("list[str]", lines))


class SummaryPdf(FPDF):
    """A4 pages with the document title on top and "page / pages" at the bottom."""

    def __init__(self, title: str, issuer: str = "") -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.document_title = title
        fonts = japanese_fonts()
        self.add_font(FONT, "", fonts.regular, collection_font_number=JAPANESE_FACE)
        self.add_font(FONT, "B", fonts.bold, collection_font_number=JAPANESE_FACE)
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_lang("ja")
        self.set_creator("Kyoso")
        if issuer:
            self.set_author(issuer)
        self.alias_nb_pages()
        self.page_is_fresh = False  # the TOC placeholder leaves an empty page to write on

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, size=7.5)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.document_title, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"{self.page_no()} / {{nb}}", align=Align.C)
        self.set_text_color(0, 0, 0)

    # --- building blocks -------------------------------------------------------------------

    def section(self, title: str) -> None:
        if not self.page_is_fresh:
            self.add_page()
        self.page_is_fresh = False
        self.set_font(FONT, "B", 15)
        self.start_section(title, level=0)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 9, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(0, 0, 0)
        self.ln(4)

    def subheading(self, title: str, *, outline: bool = False) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", 11.5)
        if outline:
            self.start_section(title, level=1)
        self.multi_cell(0, 6.5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)
        self.ln(1)

    def paragraph(self, text: str, size: float = BODY_SIZE) -> None:
        """Left-aligned text, broken as Japanese is set (see ``kinsoku``); a paragraph of a
        few lines is kept on one page: a note cut at 「合計は正確」 with 「な値です。」 on the
        next page reads as cut text."""
        if not text.strip():
            return
        self.set_font(FONT, size=size)
        height = size * 0.55
        for line in text.splitlines():
            line = line.removeprefix("> ").strip()
            if not line:
                continue
            rows = japanese_lines(self, 0, line, height)
            too_low = self.get_y() + len(rows) * height > self.page_break_trigger
            if too_low and len(rows) <= KEEP_TOGETHER_LINES:
                self.add_page()
            for row in rows:
                self.cell(0, height, row, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def table_of(
        self, table: Table, widths: tuple[float, ...], size: float = 8.5, numeric_from: int = 99
    ) -> None:
        header, rows = table
        if not rows:
            self.paragraph("（該当なし）")
            return
        self.set_font(FONT, size=size)
        heading = FontFace(emphasis="BOLD", fill_color=HEADER_FILL)
        padding = 1.2
        inner = [self.epw * w / sum(widths) - 2 * padding - 0.5 for w in widths]
        with self.table(
            col_widths=widths,
            line_height=size * 0.55,
            text_align="LEFT",
            headings_style=heading,
            wrapmode=WrapMode.CHAR,
            padding=padding,
            width=self.epw,
        ) as grid:
            grid.row(header)
            for cells in rows:
                row = grid.row()
                for index, cell in enumerate(cells):
                    row.cell(
                        self.set_in(cell, inner[index]),
                        align="RIGHT" if index >= numeric_from else "LEFT",
                    )
        self.ln(3)

    def set_in(self, text: str, width: float) -> str:
        """A table cell's text broken into lines of ``width`` mm as Japanese is set (a KPI
        name used to break 「市民の割合(」 | 「%)」)."""
        if not text or self.get_string_width(text) <= width:
            return text
        return "\n".join("\n".join(japanese_lines(self, width, line)) for line in text.splitlines())

    def wrapped_ids(self, text: str, width: float, size: float) -> str:
        """Break a list of ids between numbers (never inside one) to fit a column."""
        self.set_font(FONT, size=size)
        lines, line = [], ""
        for part in text.split(", "):
            candidate = f"{line}, {part}" if line else part
            if line and self.get_string_width(candidate + ",") > width:
                lines.append(line + ",")
                line = part
            else:
                line = candidate
        return "\n".join([*lines, line])

    def chart(self, png: bytes | None, alt: str) -> None:
        if png is None:
            return
        self.image(io.BytesIO(png), w=self.epw, alt_text=alt, keep_aspect_ratio=True)
        self.ln(3)


def _toc(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_xy(pdf.l_margin, pdf.t_margin + 8)
    pdf.set_font(FONT, "B", 15)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 10, "目次", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    for entry in outline:
        pdf.set_font(FONT, "B" if entry.level == 0 else "", 11 if entry.level == 0 else 9.5)
        indent = 6 * entry.level
        link = pdf.add_link(page=entry.page_number)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(pdf.epw - indent - 14, 7 if entry.level == 0 else 5.5, entry.name, link=link)
        pdf.cell(
            14,
            7 if entry.level == 0 else 5.5,
            str(entry.page_number),
            align=Align.R,
            link=link,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


def _cover(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.add_page()
    pdf.ln(55)
    pdf.set_font(FONT, "B", 26)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 13, "共創の記録", align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 9, s.overview.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(14)
    pdf.set_font(FONT, size=10)
    for line in (
        f"実施期間　{tables.period_text(s.overview, s.era)}",
        f"参加者 {s.participation.participants} 人・提案 {s.participation.proposals} 件・"
        f"投票 {s.participation.votes} 票・コメント {s.participation.comments} 件",
        f"作成日時　{japanese_datetime(s.generated_at, s.era)}",
    ):
        pdf.multi_cell(0, 7, line, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if s.issuer:
        pdf.ln(10)
        pdf.set_font(FONT, "B", 13)
        pdf.multi_cell(0, 8, s.issuer, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(-60)
    pdf.set_font(FONT, size=8.5)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        0,
        5,
        "この記録は匿名化されています。氏名・メールアドレス・個人ごとの投票は"
        "含まず、提案などの文中の電話番号・メールアドレス・住所は伏せ字にしています。"
        "5人未満の集計値は「<5」と表示しています。",
        align=Align.C,
    )
    pdf.set_text_color(0, 0, 0)


def _overview(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[0])
    o = s.overview
    pdf.subheading("目的")
    pdf.paragraph(o.purpose)
    pdf.subheading("期間と段階")
    pdf.table_of(tables.phases_table(o, s.era), (40, 45, 45, 15))
    pdf.subheading("参加経路")
    pdf.table_of(tables.channels_table(o), (70, 30), numeric_from=1)


def _participation(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[1])
    p = s.participation
    pdf.table_of(tables.totals_table(p), (1, 1, 1, 1), size=10, numeric_from=0)
    for breakdown in p.breakdowns:
        pdf.subheading(breakdown.title)
        pdf.table_of(tables.breakdown_table(breakdown), (40, 25, 25, 25, 25), numeric_from=1)
    pdf.paragraph(doc.STATUS_NOTE, size=8)
    pdf.subheading("参加の推移")
    pdf.chart(charts.timeline_chart(p), "週ごとの提案とコメントの件数")


def _themes(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[2])
    if not s.themes:
        pdf.paragraph("分析の結果はまだありません。")
        return
    pdf.chart(charts.themes_chart(s.themes), "テーマごとの提案数と投票の内訳")
    pdf.table_of(tables.themes_table(s.themes), (80, 20, 20, 20, 20), numeric_from=1)
    for t in s.themes:
        pdf.subheading(t.title, outline=True)
        pdf.paragraph(
            f"キーワード：{'、'.join(t.keywords) or '—'}\n"
            f"提案 {t.size} 件　賛成 {t.agree}・反対 {t.disagree}・パス {t.passed}"
        )
        if t.subthemes:
            pdf.paragraph(
                "小テーマ：" + "、".join(f"{title}（{n}件）" for _, title, n in t.subthemes)
            )
        pdf.paragraph(t.summary)
        for voice in t.voices:
            pdf.set_text_color(70, 70, 70)
            pdf.paragraph(f"「{voice.text}」（提案 {voice.proposal_id}）", size=8.5)
            pdf.set_text_color(0, 0, 0)


def _opinions(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[3])
    o = s.opinions
    if o is None or not o.groups:
        pdf.paragraph("投票が少なく、意見グループは求められませんでした。")
        return
    pdf.paragraph(
        f"投票した {o.participants} 人を、投票の傾向で {len(o.groups)} つのグループに"
        "分けました（個人は特定できません）。"
    )
    pdf.table_of(tables.groups_table(o), (25, 18, 18, 109))
    pdf.paragraph(tables.GROUP_CHANNELS_NOTE, size=8.5)
    pdf.table_of(tables.group_channels_table(o), (25, 29, 29, 29, 29, 29), numeric_from=1)
    statement_widths = (16, 114, 20, 20)
    for g in o.groups:
        pdf.subheading(f"{g.label}が特に賛成する意見")
        pdf.table_of(tables.statements_table(g.agrees_with), statement_widths, numeric_from=2)
        if g.disagrees_with:
            pdf.subheading(f"{g.label}が特に反対する意見")
            pdf.table_of(
                tables.statements_table(g.disagrees_with), statement_widths, numeric_from=2
            )
    pdf.subheading("どのグループも賛成する意見（合意点）")
    pdf.table_of(tables.statements_table(o.consensus), statement_widths, numeric_from=2)
    pdf.subheading("グループで意見が分かれる意見")
    pdf.table_of(tables.statements_table(o.divisive), statement_widths, numeric_from=2)


def _draft(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[4])
    d = s.draft
    if d is None:
        pdf.paragraph("計画素案はまだありません。")
        return
    state = "公開版" if d.published else "未公開の作業版"
    pdf.subheading(f"{d.title}（第{d.version}版・{state}）")
    pdf.paragraph(d.preamble)
    pdf.paragraph(d.coverage)
    for item, actions in doc.plan_blocks(d.items):
        level = doc.LEVEL_LABELS.get(item.level, item.level)
        pdf.subheading(f"{level} {item.label}　{item.title}")
        pdf.paragraph(item.body)
        if actions:
            pdf.paragraph(
                "\n".join(
                    [doc.LEVEL_LABELS["action"], *(f"・{a.label} {a.title}" for a in actions)]
                )
            )
        if item.voices:
            pdf.paragraph("\n".join([doc.VOICES_TITLE, *(f"・{v}" for v in item.voices)]))
        if item.kpis:
            pdf.table_of(tables.kpi_table(item.kpis), (62, 24, 24, 22, 42))
    if d.not_reflected:
        pdf.subheading(tables.NOT_REFLECTED_TITLE, outline=True)
        header, rows = tables.not_reflected_table(d)
        widths: tuple[int, ...] = (34, 70, 60, 10)
        id_width = pdf.epw * widths[2] / sum(widths) - 3  # less the cell padding
        rows = [[*r[:2], pdf.wrapped_ids(r[2], id_width, 7.5), r[3]] for r in rows]
        pdf.table_of((header, rows), widths, size=7.5, numeric_from=3)
    pdf.subheading("トレーサビリティ表（計画の項目 ← テーマ ← 提案）", outline=True)
    header, rows = tables.trace_table(d)
    widths = (13, 17, 44, 34, 50, 16)
    id_width = pdf.epw * widths[4] / sum(widths) - 3  # less the cell padding
    rows = [[*r[:4], pdf.wrapped_ids(r[4], id_width, 7.5), r[5]] for r in rows]
    pdf.table_of((header, rows), widths, size=7.5, numeric_from=5)


def _public_comment(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[5])
    public_comment_body(pdf, s.public_comment)


def public_comment_body(pdf: SummaryPdf, table: doc.PublicComment) -> None:
    if not table.rows:
        pdf.paragraph("市の考え方はまだ登録されていません。")
        return
    pdf.table_of(tables.responses_table(table), (10, 30, 50, 60, 24), size=8)
    pdf.subheading("反映状況ごとの件数")
    pdf.table_of(tables.status_counts_table(table), (60, 30), numeric_from=1)


def _method(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.SECTION_TITLES[6])
    for step in s.method.steps:
        pdf.paragraph(step)


def _appendix(pdf: SummaryPdf, s: doc.CoCreationSummary) -> None:
    pdf.section(doc.APPENDIX_TITLE)
    pdf.table_of(tables.record_table(s.method), (55, 119))


SECTIONS: tuple[Callable[[SummaryPdf, doc.CoCreationSummary], None], ...] = (
    _overview,
    _participation,
    _themes,
    _opinions,
    _draft,
    _public_comment,
    _method,
    _appendix,
)


def summary_pdf(s: doc.CoCreationSummary) -> bytes:
    pdf = SummaryPdf(s.title, s.issuer)
    _cover(pdf, s)
    pdf.add_page()
    pdf.insert_toc_placeholder(_toc, pages=1, allow_extra_pages=True, reset_page_indices=False)
    pdf.page_is_fresh = True
    for section in SECTIONS:
        section(pdf, s)
    return bytes(pdf.output())
