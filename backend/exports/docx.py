"""The co-creation summary and the public-comment table as Word documents (python-docx).

Plain Word styles (見出し, 表) so that a city clerk can edit the text and the tables; charts
are pictures. East-Asian text uses the Noto Sans CJK JP font name (Word falls back to its own
Japanese font where it is not installed).
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from backend.exports import charts, tables
from backend.exports import document as doc
from backend.exports.dates import japanese_datetime
from backend.exports.fonts import DOCX_FONT_NAME
from backend.exports.tables import Table


def new_document(title: str, *, author: str, landscape: bool = False) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[style_name]
        style.font.name = DOCX_FONT_NAME
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT_NAME)
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.title = title
    document.core_properties.author = author or "Kyoso"
    document.core_properties.language = "ja-JP"
    _page_numbers(section.footer.paragraphs[0])
    return document


def _fld_char(paragraph: Paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _field(paragraph: Paragraph, instruction: str, shown: list[str] | None = None) -> None:
    """A Word field (PAGE, TOC…) that Word updates; ``shown`` lines stand in until it does."""
    _fld_char(paragraph, "begin")
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = instruction
    paragraph.add_run()._r.append(element)
    _fld_char(paragraph, "separate")
    for index, line in enumerate(shown or []):
        run = paragraph.add_run(line)
        if index < len(shown or []) - 1:
            run.add_break()
    _fld_char(paragraph, "end")


def _page_numbers(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")


def add_table(document: DocxDocument, table: Table, font_size: float = 8.5) -> None:
    header, rows = table
    if not rows:
        document.add_paragraph("（該当なし）")
        return
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(font_size)
    document.add_paragraph()


def _picture(document: DocxDocument, png: bytes | None) -> None:
    if png is not None:
        document.add_picture(io.BytesIO(png), width=Cm(16.5))


def _text(document: DocxDocument, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.removeprefix("> ").strip())


def _overview(document: DocxDocument, s: doc.CoCreationSummary) -> None:
    o = s.overview
    document.add_heading(doc.SECTION_TITLES[0], level=1)
    document.add_heading("目的", level=2)
    _text(document, o.purpose)
    document.add_heading("期間と段階", level=2)
    document.add_paragraph(tables.period_text(o, s.era))
    add_table(document, tables.phases_table(o, s.era))
    document.add_heading("参加経路", level=2)
    add_table(document, tables.channels_table(o))


def _participation(document: DocxDocument, s: doc.CoCreationSummary) -> None:
    p = s.participation
    document.add_heading(doc.SECTION_TITLES[1], level=1)
    add_table(document, tables.totals_table(p), 10)
    for breakdown in p.breakdowns:
        document.add_heading(breakdown.title, level=2)
        add_table(document, tables.breakdown_table(breakdown))
    document.add_paragraph(doc.STATUS_NOTE)
    document.add_heading("参加の推移", level=2)
    _picture(document, charts.timeline_chart(p))


def _themes(document: DocxDocument, s: doc.CoCreationSummary) -> None:
    document.add_heading(doc.SECTION_TITLES[2], level=1)
    if not s.themes:
        document.add_paragraph("分析の結果はまだありません。")
        return
    _picture(document, charts.themes_chart(s.themes))
    add_table(document, tables.themes_table(s.themes))
    for t in s.themes:
        document.add_heading(t.title, level=2)
        document.add_paragraph(f"キーワード：{'、'.join(t.keywords) or '—'}")
        document.add_paragraph(
            f"提案 {t.size} 件　賛成 {t.agree}・反対 {t.disagree}・パス {t.passed}"
        )
        if t.subthemes:
            document.add_paragraph(
                "小テーマ：" + "、".join(f"{title}（{n}件）" for _, title, n in t.subthemes)
            )
        _text(document, t.summary)
        for voice in t.voices:
            document.add_paragraph(
                f"「{voice.text}」（提案 {voice.proposal_id}）", style="Intense Quote"
            )


def _opinions(document: DocxDocument, s: doc.CoCreationSummary) -> None:
    document.add_heading(doc.SECTION_TITLES[3], level=1)
    o = s.opinions
    if o is None or not o.groups:
        document.add_paragraph("投票が少なく、意見グループは求められませんでした。")
        return
    document.add_paragraph(
        f"投票した {o.participants} 人を、投票の傾向で {len(o.groups)} つの"
        "グループに分けました（個人は特定できません）。"
    )
    add_table(document, tables.groups_table(o))
    document.add_paragraph(tables.GROUP_CHANNELS_NOTE)
    add_table(document, tables.group_channels_table(o))
    for g in o.groups:
        document.add_heading(f"{g.label}が特に賛成する意見", level=3)
        add_table(document, tables.statements_table(g.agrees_with))
        if g.disagrees_with:
            document.add_heading(f"{g.label}が特に反対する意見", level=3)
            add_table(document, tables.statements_table(g.disagrees_with))
    document.add_heading("どのグループも賛成する意見（合意点）", level=2)
    add_table(document, tables.statements_table(o.consensus))
    document.add_heading("グループで意見が分かれる意見", level=2)
    add_table(document, tables.statements_table(o.divisive))


def _draft(document: DocxDocument, s: doc.CoCreationSummary) -> None:
    document.add_heading(doc.SECTION_TITLES[4], level=1)
    d = s.draft
    if d is None:
        document.add_paragraph("計画素案はまだありません。")
        return
    state = "公開版" if d.published else "未公開の作業版"
    document.add_paragraph(f"{d.title}（素案 {d.draft_id}・第{d.version}版・{state}）")
    _text(document, d.preamble)
    _text(document, d.coverage)
    for item, actions in doc.plan_blocks(d.items):
        level = doc.LEVEL_LABELS.get(item.level, item.level)
        document.add_heading(
            f"{level} {item.label}　{item.title}", level=2 if item.level == "goal" else 3
        )
        _text(document, item.body)
        listed = [f"{a.label} {a.title}" for a in actions]
        for title, lines in ((doc.LEVEL_LABELS["action"], listed), (doc.VOICES_TITLE, item.voices)):
            if lines:
                document.add_paragraph(title)
                for line in lines:
                    document.add_paragraph(line, style="List Bullet")
        if item.kpis:
            add_table(document, tables.kpi_table(item.kpis))
    if d.not_reflected:
        document.add_heading(tables.NOT_REFLECTED_TITLE, level=2)
        add_table(document, tables.not_reflected_table(d))
    document.add_heading("トレーサビリティ表（計画の項目 ← テーマ ← 提案）", level=2)
    add_table(document, tables.trace_table(d), 7.5)


def _public_comment(document: DocxDocument, table: doc.PublicComment) -> None:
    if not table.rows:
        document.add_paragraph("市の考え方はまだ登録されていません。")
        return
    add_table(document, tables.responses_table(table))
    document.add_heading("反映状況ごとの件数", level=2)
    add_table(document, tables.status_counts_table(table))


def _method(document: DocxDocument, s: doc.CoCreationSummary) -> None:
    document.add_heading(doc.SECTION_TITLES[6], level=1)
    for step in s.method.steps:
        document.add_paragraph(step)
    document.add_heading(doc.APPENDIX_TITLE, level=1)
    add_table(document, tables.record_table(s.method))


def save_document(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_docx(s: doc.CoCreationSummary) -> bytes:
    document = new_document(s.title, author=s.issuer)
    document.add_heading(s.title, level=0)
    if s.issuer:
        document.add_paragraph(doc.issued_by(s.issuer))
    document.add_paragraph(f"作成日時：{japanese_datetime(s.generated_at, s.era)}")
    document.add_paragraph(
        "この記録は匿名化されています。氏名・メールアドレス・個人ごとの投票は"
        "含まず、文中の電話番号・メールアドレス・住所は伏せ字にしています。"
    )
    document.add_heading("目次", level=1)
    toc = document.add_paragraph()
    _field(toc, 'TOC \\o "1-1" \\h \\z \\u', [*doc.SECTION_TITLES, doc.APPENDIX_TITLE])
    document.add_page_break()
    _overview(document, s)
    _participation(document, s)
    _themes(document, s)
    _opinions(document, s)
    _draft(document, s)
    document.add_heading(doc.SECTION_TITLES[5], level=1)
    _public_comment(document, s.public_comment)
    _method(document, s)
    return save_document(document)


def public_comment_docx(table: doc.PublicComment) -> bytes:
    """意見の概要と市の考え方 alone, landscape, as councils and gazettes print it."""
    title = f"意見の概要と市の考え方　{table.process_title}"
    document = new_document(title, landscape=True, author=table.issuer)
    document.add_heading(title, level=1)
    if table.issuer:
        document.add_paragraph(doc.issued_by(table.issuer))
    _public_comment(document, table)
    return save_document(document)
