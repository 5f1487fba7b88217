"""Every export of the seeded demo process (after an analysis run, a draft and responses), on
both databases, generated once per database: the formats read back, hold the seven sections,
trace plan items to proposals, hold no personal data, and only the right roles get them."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from typing import Any

from docx import Document
from exports.outputs import (
    PUBLIC_FORMATS,
    csv_rows,
    documented_columns,
    docx_tables,
    docx_text,
    every_text,
    pdf_fonts,
    pdf_text,
    squeeze,
    zip_tables,
)
from pypdf import PdfReader

from backend.exports.document import SECTION_TITLES
from backend.exports.opendata import COLUMNS

TRACE_HEADER = ["番号", "区分", "項目", "テーマ", "提案ID", "住民数"]


def test_an_export_is_a_job_with_progress_and_a_download_link(exported: Any) -> None:
    for seen in exported.jobs.values():
        first, last = seen[0], seen[-1]
        assert first["status"] == "queued" and first["download_url"] is None
        assert last["status"] == "succeeded" and last["progress"] == 100
        assert last["download_url"] == f"/api/v1/exports/{first['id']}/download"
        assert len(last["sha256"]) == 64 and last["size"] > 0


async def test_the_pdf_is_a4_with_embedded_japanese_fonts_and_extractable_text(
    exported: Any,
) -> None:
    data = exported.files["summary-pdf"]
    pages = pdf_text(data)
    text = squeeze("".join(pages))
    for title in (*SECTION_TITLES, "共創の記録", "目次"):
        assert squeeze(title) in text, title
    assert any(squeeze(t) in text for t in exported.theme_titles if t)
    main_theme = squeeze(exported.theme_titles[0])
    assert main_theme in text
    toc = squeeze(pages[1])
    assert all(squeeze(title) in toc for title in SECTION_TITLES)
    assert f"3/{len(pages)}" in squeeze(pages[2])  # page numbers at the foot
    fonts = pdf_fonts(data)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    assert any("NotoSansCJK" in f["name"] for f in fonts)
    import io

    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_word_summary_opens_with_the_same_sections_and_tables(exported: Any) -> None:
    data = exported.files["summary-docx"]
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in headings if h in SECTION_TITLES] == list(SECTION_TITLES)
    tables = docx_tables(data)
    headers = [t[0] for t in tables]
    assert TRACE_HEADER in headers
    assert ["No.", "対象", "意見の概要", "市の考え方", "反映状況"] in headers
    assert ["地区", "参加者", "提案", "投票", "コメント"] in headers
    assert len(document.inline_shapes) == 2  # the two charts
    assert squeeze(exported.theme_titles[0]) in squeeze(docx_text(data))


def test_the_markdown_summary_has_the_seven_sections(exported: Any) -> None:
    text = exported.files["summary-md"].decode("utf-8")
    assert [
        line[3:]
        for line in text.splitlines()
        if line.startswith("## ") and line[3:] in SECTION_TITLES
    ] == list(SECTION_TITLES)
    assert unicodedata.normalize("NFKC", exported.theme_titles[0]) in text


def test_every_document_names_its_issuer_from_the_site_settings(exported: Any) -> None:
    """発行: the demo's municipality and department come from its site settings (seed_data/),
    not from code (tests/e2e/test_site_setup.py sets up another city)."""
    issuer = "みどり市 企画政策課"
    assert squeeze(issuer) in squeeze("".join(pdf_text(exported.files["summary-pdf"])))
    assert f"発行：{issuer}" in docx_text(exported.files["summary-docx"])
    assert f"発行：{issuer}" in exported.files["summary-md"].decode("utf-8")
    assert f"発行：{issuer}" in docx_text(exported.files["public-comment-docx"])


def test_districts_of_fewer_than_five_people_show_less_than_five(exported: Any) -> None:
    markdown = exported.files["summary-md"].decode("utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith("| 山の上地区 |"))
    assert row.split(" | ")[1] == "<5"
    table = next(t for t in docx_tables(exported.files["summary-docx"]) if t[0][0] == "地区")
    rows = {r[0]: r for r in table[1:]}
    assert rows["山の上地区"][1] == "<5"
    hidden = [r for r in table[1:] if r[1] in ("<5", "X")]
    assert len(hidden) >= 2  # so the "<5" cannot be worked out from the total
    assert "山の上地区<5" in squeeze("".join(pdf_text(exported.files["summary-pdf"])))


def _trace_rows(exported: Any) -> dict[str, set[int]]:
    table = next(t for t in docx_tables(exported.files["summary-docx"]) if t[0] == TRACE_HEADER)
    return {
        row[0]: {int(i) for i in row[4].replace(",", " ").split()} if row[4] != "—" else set()
        for row in table[1:]
    }


def test_the_traceability_matrix_lists_the_proposals_of_the_lineage(exported: Any) -> None:
    expected = {item["label"]: set(item["proposal_ids"]) for item in exported.lineage}
    assert _trace_rows(exported) == expected
    assert any(ids for ids in expected.values())
    markdown = exported.files["summary-md"].decode("utf-8")
    for item in exported.lineage:
        if item["proposal_ids"]:
            ids = ", ".join(str(i) for i in item["proposal_ids"])
            assert f"| {ids} | {item['residents']} |" in markdown


def test_open_data_matches_the_documented_schema(exported: Any) -> None:
    documented = documented_columns()
    assert documented == {k: list(v) for k, v in COLUMNS.items()}
    tables = zip_tables(exported.files["opendata-csv"])
    assert {name: rows[0] for name, rows in tables.items()} == documented
    data = json.loads(exported.files["opendata-json"])
    assert data["run_id"] == exported.run_id and data["license"] == "CC BY 4.0"
    for name, columns in documented.items():
        assert data[name], name
        assert all(list(row) == columns for row in data[name]), name
        assert len(tables[name]) - 1 == len(data[name])
    assert len(data["proposals"]) == 173
    assert {a["proposal_id"] for a in data["theme_assignments"]} <= {
        p["proposal_id"] for p in data["proposals"]
    }
    for row in data["votes"]:
        assert row["total"] == row["agree"] + row["disagree"] + row["pass"]


def test_the_public_comment_table_alone(exported: Any) -> None:
    rows = csv_rows(exported.files["public-comment-csv"])
    assert rows[0] == ["No.", "対象", "意見の概要", "市の考え方", "反映状況"]
    assert rows[1][4] == "一部反映" and "見守りボランティア" in rows[1][3]
    tables = docx_tables(exported.files["public-comment-docx"])
    assert tables[0][0] == rows[0]
    assert ["一部反映", "1"] in tables[1]


# --- no personal data -------------------------------------------------------------------

PLANTED = ("090-1234-5678", "09012345678", "taro.yamada@example.com", "taro.yamada")
RESIDENT_NAMES = ("見守り隊のやまだ", "としちゃん", "坂道がつらい")


def test_no_export_holds_the_planted_phone_or_e_mail(exported: Any) -> None:
    texts = every_text(
        {**exported.files, **{f"public-{k}": v for k, v in exported.public_files.items()}}
    )
    assert len(texts) == 11
    for name, text in texts.items():
        for secret in PLANTED:
            assert secret not in text, (name, secret)
        assert not re.search(r"[\w.]+@example\.(jp|com)", text), name
        for person in RESIDENT_NAMES:
            assert person not in text, (name, person)


def test_the_planted_proposal_is_exported_masked(exported: Any) -> None:
    data = json.loads(exported.files["opendata-json"])
    planted = next(p for p in data["proposals"] if "見守り、一緒に" in p["title"])
    assert "［電話番号］" in planted["body"] and "［メール］" in planted["body"]
    assert set(planted) == {
        "proposal_id",
        "process_id",
        "title",
        "body",
        "district_code",
        "channel",
        "language",
        "tags",
        "created_date",
    }


# --- who may export ---------------------------------------------------------------------


async def test_residents_and_anonymous_callers_cannot_use_staff_exports(exported: Any) -> None:
    pid = exported.process_id
    job_id = exported.jobs["summary-pdf"][0]["id"]
    for api, status in ((exported.resident, 403), (exported.anonymous, 401)):
        assert (
            await api.post(f"/api/v1/processes/{pid}/exports", json={"format": "summary-pdf"})
        ).status_code == status
        assert (await api.get(f"/api/v1/processes/{pid}/exports")).status_code == status
        assert (await api.get(f"/api/v1/exports/{job_id}")).status_code == status
        assert (await api.get(f"/api/v1/exports/{job_id}/download")).status_code == status


async def test_councils_and_planners_read_every_export(exported: Any) -> None:
    pid = exported.process_id
    listed = (await exported.council.get(f"/api/v1/processes/{pid}/exports")).json()
    assert {j["format"] for j in listed} >= set(exported.files)
    for seen in exported.jobs.values():
        for api in (exported.council, exported.planner):
            response = await api.get(seen[-1]["download_url"])
            assert response.status_code == 200
            assert response.headers["content-type"].startswith(seen[-1]["media_type"][:15])


async def test_public_files_are_downloadable_by_anyone_once_published(exported: Any) -> None:
    pid = exported.process_id
    assert exported.public_before_publishing == dict.fromkeys(PUBLIC_FORMATS, 404)
    listed = (await exported.anonymous.get(f"/api/v1/processes/{pid}/public-exports")).json()
    assert {f["format"] for f in listed if f["available"]} == set(PUBLIC_FORMATS)
    for name in PUBLIC_FORMATS:
        response = await exported.anonymous.get(f"/api/v1/processes/{pid}/public-exports/{name}")
        assert response.status_code == 200, name
    summary = await exported.resident.get(f"/api/v1/processes/{pid}/public-exports/summary-pdf")
    assert summary.status_code in (400, 404, 422)


async def test_a_wrong_selection_is_refused_at_once(exported: Any) -> None:
    response = await exported.planner.post(
        f"/api/v1/processes/{exported.process_id}/exports",
        json={"format": "summary-md", "draft_id": exported.draft_id, "draft_version": 99},
    )
    assert response.status_code == 404
    unknown = await exported.planner.post(
        f"/api/v1/processes/{exported.process_id}/exports", json={"format": "summary-xls"}
    )
    assert unknown.status_code in (400, 422)


def test_the_council_documents_print_kpi_values_or_pending_never_a_placeholder(
    exported: Any,
) -> None:
    """The published draft (each KPI given values or marked 「設定中」) as the PDF's text via
    pdftotext and as Markdown: catalogue KPIs with unit and source, 「設定中」 where pending,
    residents' voices apart from the actions, and no 「［…］」 but the masks of personal data."""
    pdf = squeeze("".join(pdf_text(exported.files["summary-pdf"])))
    markdown = exported.files["summary-md"].decode("utf-8")
    for text in (pdf, squeeze(markdown)):
        assert set(re.findall(r"［[^］]*］", text)) <= {"［電話番号］", "［メール］"}
        assert "未入力" not in text
        for words in (
            "主な取組",
            "市民の声",
            "把握方法",
            "設定中",
            "2030年度",
            "公共交通の利便性向上",
            "路線バスの年間利用者数（人）",
            "交通事業者報告",
        ):
            assert squeeze(words) in text, words
    assert "に関する施策の推進" not in markdown
    row = "| 路線バスの年間利用者数（人） | 120 | 150 | 2030年度 | 交通事業者報告 |"
    assert unicodedata.normalize("NFKC", row) in markdown  # the Markdown export is NFKC


CHANNEL_ROWS = [
    "オンライン",
    "紙（郵送・窓口）",
    "説明会・ワークショップ",
    "電話",
    "過去の意見募集から取り込み",
]
GROUP_CHANNELS_HEADER = ["グループ", "オンライン", "紙", "説明会", "電話", "取り込み"]


def test_every_channel_stands_side_by_side_in_the_summary_and_open_data(exported: Any) -> None:
    docx = docx_tables(exported.files["summary-docx"])
    by_channel = next(t for t in docx if t[0][0] == "参加経路" and len(t[0]) == 5)
    assert [r[0] for r in by_channel[1:]] == CHANNEL_ROWS
    rows = {r[0]: r for r in by_channel[1:]}
    # the demo process: 12 paper, 7 meeting and 6 phone submissions, nothing imported
    assert [rows[label][1] for label in CHANNEL_ROWS[1:]] == ["12", "7", "6", "0"]
    overview = next(t for t in docx if t[0] == ["参加経路", "提案数"])
    assert [r[0] for r in overview[1:]] == CHANNEL_ROWS
    markdown = exported.files["summary-md"].decode("utf-8")
    assert "| 過去の意見募集から取り込み | 0 |" in markdown
    data = json.loads(exported.files["opendata-json"])
    assert [(r["channel"], r["participants"], r["proposals"]) for r in data["channels"][1:]] == [
        ("paper", "12", "12"),
        ("meeting", "7", "7"),
        ("phone", "6", "6"),
        ("imported", "0", "0"),
    ]
    online = data["channels"][0]
    assert int(online["participants"]) > 100 and int(online["votes"]) > 10_000
    csv_channels = zip_tables(exported.files["opendata-csv"])["channels"]
    assert [r[0] for r in csv_channels[1:]] == ["online", "paper", "meeting", "phone", "imported"]


def test_each_opinion_group_shows_its_channels_with_small_cells_withheld(exported: Any) -> None:
    table = next(
        t for t in docx_tables(exported.files["summary-docx"]) if t[0] == GROUP_CHANNELS_HEADER
    )
    groups = next(
        t for t in docx_tables(exported.files["summary-docx"]) if t[0][:2] == ["グループ", "人数"]
    )
    assert [r[0] for r in table[1:]] == [r[0] for r in groups[1:]]
    cell = re.compile(r"^(\d+人・\d+件|<5|X)$")
    for row in table[1:]:
        assert all(cell.match(c) for c in row[1:]), row
        size = groups[[r[0] for r in groups].index(row[0])][1]
        # voters are accounts: a group's members are all online
        assert row[1] in ("<5", "X") if size == "<5" else row[1].startswith(f"{size}人・")
    markdown = exported.files["summary-md"].decode("utf-8")
    assert "| " + " | ".join(GROUP_CHANNELS_HEADER) + " |" in markdown
    assert "グループオンライン紙説明会電話取り込み" in squeeze(
        "".join(pdf_text(exported.files["summary-pdf"]))
    )
