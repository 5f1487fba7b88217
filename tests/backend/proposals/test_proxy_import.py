"""Bulk import of offline submissions (一括取り込み): every row or none, reported per row."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

from openpyxl import Workbook, load_workbook

from backend.exports.dates import JST
from support import Api, post_proposal, set_phase

HEADER = ["受付日", "経路(紙/説明会/電話)", "題名", "本文", "地区", "年代"]
DISTRICTS = ["中央地区", "北部地区", "南部地区", ""]
BANDS = ["20代", "70歳以上", "", "40代"]


def _url(process_id: int, tail: str = "") -> str:
    return f"/api/v1/processes/{process_id}/proxy-proposals{tail}"


def _rows(count: int) -> list[list[Any]]:
    received = datetime.now(JST).date() - timedelta(days=10)
    channels = ["紙", "説明会", "電話"]
    return [
        [
            received,
            channels[i % 3],
            f"公園の意見 その{i + 1}",
            f"{i + 1}番目の意見です。公園に木陰とベンチを増やしてください。",
            DISTRICTS[i % 4],
            BANDS[i % 4],
        ]
        for i in range(count)
    ]


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _import(api: Api, process_id: int, name: str, content: bytes, **params: Any) -> Any:
    return await api.post(
        _url(process_id, "/import"),
        params=params,
        files={"file": (name, content, "application/octet-stream")},
    )


async def test_a_file_with_three_bad_rows_imports_nothing_and_fixed_imports_all_200(
    planner: Api, anonymous: Api, admin: Api, process_id: int
) -> None:
    rows = _rows(200)
    rows[10][3] = ""  # line 12: no body
    rows[49][0] = "2026/13/45"  # line 51: no such day
    rows[149][4] = "東部地区"  # line 151: a district the city does not have
    refused = await _import(planner, process_id, "offline.xlsx", _xlsx(rows))
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problems = refused.json()["row_errors"]
    assert [(p["line"], p["column"]) for p in problems] == [
        (12, "本文"),
        (51, "受付日"),
        (151, "地区"),
    ]
    assert problems[0]["message"] == "12行目「本文」：空欄です"
    assert "東部地区" in problems[2]["message"]
    count = await anonymous.get(f"/api/v1/processes/{process_id}/proposals/count")
    assert count.json()["count"] == 0

    rows[10][3], rows[49][0], rows[149][4] = "本文を書き足しました。", "2026/1/5", "北部地区"
    imported = await _import(planner, process_id, "offline.xlsx", _xlsx(rows))
    assert imported.status_code == 201, imported.text
    result = imported.json()
    year = datetime.now(JST).year
    assert result["created"] == 200
    assert result["first_reference"] == f"P{process_id}-{year}-00001"
    assert result["last_reference"] == f"P{process_id}-{year}-00200"
    count = await anonymous.get(f"/api/v1/processes/{process_id}/proposals/count")
    assert count.json()["count"] == 200
    fixed = (await planner.get(f"/api/v1/proposals/{result['proposal_ids'][49]}")).json()
    assert fixed["received_on"] == "2026-01-05" and fixed["channel"] == "meeting"
    last = (await planner.get(f"/api/v1/proposals/{result['proposal_ids'][-1]}")).json()
    assert last["district_code"] is None and last["reference_number"].endswith("-00200")
    assert (await planner.get(f"/api/v1/proposals/{result['proposal_ids'][1]}")).json()[
        "district_code"
    ] == "kita"
    audit = (await admin.get("/api/v1/admin/audit-events")).json()["items"]
    imports = [e for e in audit if e["action"] == "proposal.proxy_imported"]
    assert len(imports) == 1 and imports[0]["details"]["count"] == 200
    assert not [e for e in audit if e["action"] == "proposal.proxy_entered"]


async def test_a_shift_jis_csv_from_excel_is_read(planner: Api, process_id: int) -> None:
    today = datetime.now(JST).date()
    text = (
        "受付日,経路（紙/説明会/電話）,題名,本文,地区,年代\r\n"
        f'{today:%Y/%m/%d},電話,ごみ収集の曜日,"資源ごみの日を増やしてほしい。\r\n毎週だと助かります。",'
        "南部地区,６０代\r\n"
        ",,,,,\r\n"
        f"{today:%Y年%m月%d日},紙,図書館,開館時間の延長を希望します。,,\r\n"
    )
    imported = await _import(planner, process_id, "offline.csv", text.encode("cp932"))
    assert imported.status_code == 201, imported.text
    first = (await planner.get(f"/api/v1/proposals/{imported.json()['proposal_ids'][0]}")).json()
    assert first["body"] == "資源ごみの日を増やしてほしい。\r\n毎週だと助かります。"
    assert (first["channel"], first["district_code"]) == ("phone", "minami")
    assert imported.json()["created"] == 2


async def test_duplicates_in_the_file_and_of_existing_proposals_are_flagged_unless_allowed(
    planner: Api, resident: Api, process_id: int
) -> None:
    online = await post_proposal(resident, process_id)
    today = datetime.now(JST).date().isoformat()
    rows = [
        [today, "紙", online["title"], online["body"], "", ""],
        [today, "紙", "同じはがき", "同じ内容です。", "", ""],
        [today, "紙", "同じはがき ", "同じ内容です。", "", ""],
    ]
    csv_text = "\n".join(",".join(r) for r in [HEADER, *rows]).encode("utf-8-sig")
    refused = await _import(planner, process_id, "dup.csv", csv_text)
    assert refused.status_code == 422
    messages = [p["message"] for p in refused.json()["row_errors"]]
    assert len(messages) == 2
    assert messages[0].startswith("2行目「本文」：すでに登録されている意見")
    assert messages[1] == "4行目「本文」：3行目と同じ題名・本文です"
    allowed = await _import(planner, process_id, "dup.csv", csv_text, allow_duplicates="true")
    assert allowed.status_code == 201 and allowed.json()["created"] == 3


async def test_only_staff_import_and_the_limits_are_explained(
    planner: Api, resident: Api, anonymous: Api, process_id: int
) -> None:
    content = _xlsx(_rows(2))
    assert (await _import(anonymous, process_id, "a.xlsx", content)).status_code == 401
    assert (await _import(resident, process_id, "a.xlsx", content)).status_code == 403
    too_many = await _import(planner, process_id, "big.xlsx", _xlsx(_rows(5001)))
    assert too_many.status_code == 422 and "5,000 rows" in too_many.json()["detail"]
    huge = await _import(planner, process_id, "huge.csv", b"x" * (5 * 1024 * 1024 + 10))
    assert huge.status_code == 413 and "5 MB" in huge.json()["detail"]
    missing = await _import(planner, process_id, "wrong.csv", "題名,本文\nあ,い\n".encode())
    assert missing.status_code == 422 and "「受付日」" in missing.json()["detail"]
    future = _rows(1)
    future[0][0] = date.today() + timedelta(days=3)
    ahead = await _import(planner, process_id, "a.xlsx", _xlsx(future))
    assert ahead.json()["row_errors"][0]["message"].startswith("2行目「受付日」：未来の日付です")


async def test_the_templates_carry_the_japanese_headers(
    planner: Api, resident: Api, process_id: int
) -> None:
    csv_file = await planner.get(_url(process_id, "/template.csv"))
    assert csv_file.status_code == 200
    assert csv_file.content.decode("utf-8-sig").strip() == ",".join(HEADER)
    xlsx_file = await planner.get(_url(process_id, "/template.xlsx"))
    assert xlsx_file.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx_file.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert (await resident.get(_url(process_id, "/template.csv"))).status_code == 403


async def test_a_row_on_a_closed_channel_or_a_closed_process_is_refused(
    planner: Api, database: Any, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}"
    assert (await planner.patch(url, json={"channels": ["online", "paper"]})).status_code == 200
    rows = _rows(3)  # paper, meeting, phone
    refused = await _import(planner, process_id, "a.xlsx", _xlsx(rows))
    assert [p["message"] for p in refused.json()["row_errors"]] == [
        "3行目「経路」：この取り組みは「説明会」での受付を止めています",
        "4行目「経路」：この取り組みは「電話」での受付を止めています",
    ]
    await set_phase(database, process_id, "closed")
    closed = await _import(planner, process_id, "a.xlsx", _xlsx(rows[:1]))
    assert closed.status_code == 409 and "closed" in closed.json()["detail"]
