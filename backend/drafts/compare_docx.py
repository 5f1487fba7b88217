"""The 新旧対照表 as a Word document: 項目 | 新 | 旧, changed words underlined (傍線), as
Japanese councils print revisions. The left column is the new text (改正案), the right the old
(現行); the header row repeats on every page so a printed page can be read alone."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell, _Row

from backend.drafts.compare import DraftComparison, TextSpan
from backend.exports.document import issued_by
from backend.exports.docx import new_document, save_document

# landscape A4 less 2 cm margins = 25.7 cm; the item column fits 「主な取組 12-12-12」
WIDTHS = (Cm(3.7), Cm(11.0), Cm(11.0))
NEW_ITEM, REMOVED_ITEM = "（新設）", "（削除）"
LEGEND = (
    "下線の部分が変更した箇所です。「（新設）」は新たに加えた項目、「（削除）」は除いた項目です。"
)


def side_headers(c: DraftComparison) -> tuple[str, str]:
    return f"新（第{c.to_version}版）", f"旧（第{c.from_version}版）"


def _spans(cell: _Cell, spans: list[TextSpan], placeholder: str) -> None:
    paragraph = cell.paragraphs[0]
    if not spans:
        paragraph.add_run(placeholder)
        return
    for span in spans:
        for index, line in enumerate(span.text.split("\n")):
            if index:
                paragraph = cell.add_paragraph()
            if line:
                run = paragraph.add_run(line)
                run.underline = span.changed


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def comparison_docx(c: DraftComparison, *, issuer: str = "") -> bytes:
    title = f"新旧対照表　{c.title}"
    document = new_document(title, author=issuer, landscape=True)
    document.add_heading(title, level=1)
    if issuer:
        document.add_paragraph(issued_by(issuer))
    document.add_paragraph(f"第{c.from_version}版から第{c.to_version}版への変更　{LEGEND}")
    if not c.rows:
        document.add_paragraph("二つの版の間に変更はありません。")
        return save_document(document)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, ("項目", *side_headers(c)), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_as_header(table.rows[0])
    for row in c.rows:
        label, new, old = table.add_row().cells
        label.paragraphs[0].add_run(row.label)
        _spans(new, row.new, REMOVED_ITEM)
        _spans(old, row.old, NEW_ITEM)
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = width  # the grid, which LibreOffice reads; Word reads the cells
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, WIDTHS, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)
    return save_document(document)
