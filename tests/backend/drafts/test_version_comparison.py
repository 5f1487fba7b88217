"""新旧対照表: two versions of a draft compared item by item (added, removed, reworded, with the
changed words marked), for staff only, and the same table as a Word document, 新 left and 旧
right, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

import msgspec
from docx import Document

from backend.core.database import Database
from backend.drafts.compare import marked_spans, plain_text
from backend.drafts.models import Draft, DraftVersion
from backend.drafts.schemas import DraftContent, Goal, Kpi, Measure, PlanAction
from support import Api, make_process

FIRST = DraftContent(
    title="みどり市総合計画 素案",
    sections=[
        Goal(
            key="g1",
            title="安心して移動できるまち",
            measures=[
                Measure(
                    key="g1-m1",
                    title="路線バスの充実",
                    body="通勤の時間帯のバスを増やします。",
                    actions=[PlanAction(key="g1-m1-a1", title="バス停に屋根を付ける")],
                    kpis=[
                        Kpi(
                            name="路線バスの年間利用者数",
                            unit="人",
                            baseline="412,000",
                            target="450,000",
                            target_year="2030年度",
                        )
                    ],
                )
            ],
        ),
        Goal(
            key="g2", title="災害に強いまち", measures=[Measure(key="g2-m1", title="避難所の案内")]
        ),
    ],
)


def _second(first: dict[str, Any]) -> dict[str, Any]:
    """The planner rewords a measure, adds an action, raises a KPI target and drops a goal."""
    content = msgspec.json.decode(msgspec.json.encode(first))
    measure = content["sections"][0]["measures"][0]
    measure["body"] = "通勤と**通学**の時間帯のバスを増やします。"  # Markdown, read as plain words
    measure["actions"].append({"key": "g1-m1-a2", "title": "乗り換えの案内をわかりやすくする"})
    measure["kpis"][0]["target"] = "480,000"
    del content["sections"][1]
    return content


async def _draft_with_two_versions(database: Database, planner: Api) -> int:
    pid = await make_process(database, phase="draft")
    async with database.session(write=True) as session:
        draft = Draft(process_id=pid, current_version=1)
        session.add(draft)
        await session.flush()
        session.add(DraftVersion(draft_id=draft.id, number=1, content=msgspec.to_builtins(FIRST)))
        draft_id = draft.id
    first = (await planner.get(f"/api/v1/drafts/{draft_id}")).json()["content"]
    saved = await planner.put(
        f"/api/v1/drafts/{draft_id}", json={"base_version": 1, "content": _second(first)}
    )
    assert saved.status_code == 200, saved.text
    return draft_id


def _text(spans: list[dict[str, Any]]) -> str:
    return "".join(s["text"] for s in spans)


def _changed(spans: list[dict[str, Any]]) -> list[str]:
    return [s["text"] for s in spans if s["changed"]]


async def test_the_comparison_lists_added_removed_and_reworded_items_with_the_words_marked(
    database: Database, planner: Api, council: Api
) -> None:
    draft_id = await _draft_with_two_versions(database, planner)
    answer = await planner.get(f"/api/v1/drafts/{draft_id}/compare", params={"from": 1, "to": 2})
    assert answer.status_code == 200, answer.text
    table = answer.json()
    assert (table["from_version"], table["to_version"]) == (1, 2)
    rows = {r["key"]: r for r in table["rows"]}
    assert [r["key"] for r in table["rows"]] == [
        "g1-m1",
        "g1-m1-a2",
        "g1-m1/kpi/路線バスの年間利用者数",
        "g2",
        "g2-m1",
    ]

    reworded = rows["g1-m1"]
    assert (reworded["change"], reworded["label"]) == ("changed", "施策 1-1")
    assert _text(reworded["new"]) == "路線バスの充実\n通勤と通学の時間帯のバスを増やします。"
    assert _text(reworded["old"]) == "路線バスの充実\n通勤の時間帯のバスを増やします。"
    assert _changed(reworded["new"]) == ["と通学"] and _changed(reworded["old"]) == []

    added = rows["g1-m1-a2"]
    assert (added["change"], added["label"], added["old"]) == ("added", "主な取組 1-1-2", [])
    assert _text(added["new"]) == "乗り換えの案内をわかりやすくする"
    kpi = rows["g1-m1/kpi/路線バスの年間利用者数"]
    assert _changed(kpi["new"]) == ["480,000"] and _changed(kpi["old"]) == ["450,000"]
    removed = rows["g2"]
    assert (removed["change"], removed["label"], removed["new"]) == ("removed", "基本目標 2", [])
    assert _text(removed["old"]) == "災害に強いまち"

    same = await council.get(f"/api/v1/drafts/{draft_id}/compare", params={"from": 1, "to": 2})
    assert same.json() == table  # councils read what planners read
    backwards = (
        await planner.get(f"/api/v1/drafts/{draft_id}/compare", params={"from": 2, "to": 1})
    ).json()
    assert {r["key"]: r["change"] for r in backwards["rows"]}["g2"] == "added"


async def test_only_staff_compare_and_wrong_versions_are_refused_with_a_reason(
    database: Database, planner: Api, resident: Api, anonymous: Api
) -> None:
    draft_id = await _draft_with_two_versions(database, planner)
    url = f"/api/v1/drafts/{draft_id}/compare"
    versions = {"from": 1, "to": 2}
    for path in (url, f"{url}/docx"):
        assert (await anonymous.get(path, params=versions)).status_code == 401
        assert (await resident.get(path, params=versions)).status_code == 403
    missing = await planner.get(url, params={"from": 1, "to": 9})
    assert missing.status_code == 404 and "no version 9" in missing.json()["detail"]
    assert (await planner.get("/api/v1/drafts/987654/compare", params=versions)).status_code == 404
    same = await planner.get(url, params={"from": 2, "to": 2})
    assert same.status_code == 422 and "two different versions" in same.json()["detail"]
    assert (await planner.get(url, params={"from": 0, "to": 2})).status_code in (400, 422)
    assert (await planner.get(url, params={"from": 1})).status_code in (400, 422)


async def test_the_comparison_downloads_as_a_word_table_new_left_old_right(
    database: Database, planner: Api
) -> None:
    draft_id = await _draft_with_two_versions(database, planner)
    answer = await planner.get(
        f"/api/v1/drafts/{draft_id}/compare/docx", params={"from": 1, "to": 2}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in answer.headers["content-disposition"]
    document = Document(io.BytesIO(answer.content))
    assert "新旧対照表" in document.paragraphs[0].text
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["項目", "新（第2版）", "旧（第1版）"]
    rows = {r.cells[0].text: r.cells for r in table.rows[1:]}
    _, new, old = rows["施策 1-1"]
    assert new.text == "路線バスの充実\n通勤と通学の時間帯のバスを増やします。"
    assert old.text == "路線バスの充実\n通勤の時間帯のバスを増やします。"
    underlined = [r.text for p in new.paragraphs for r in p.runs if r.underline]
    assert underlined == ["と通学"]
    assert rows["主な取組 1-1-2"][2].text == "（新設）"
    assert rows["基本目標 2"][1].text == "（削除）"
    # the header row repeats on every printed page
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1


def test_japanese_words_are_marked_whole_not_character_by_character() -> None:
    new, old = marked_spans("避難所の案内板を増やす", "避難場所の案内板を増やす")
    assert [s.text for s in new if s.changed] == ["避難場所"]
    assert [s.text for s in old if s.changed] == ["避難所"]


def test_markdown_marks_are_left_out_of_the_text_a_reader_compares() -> None:
    assert plain_text("## 方針\n**地域の備え**を[強めます](https://example.jp)") == (
        "方針\n地域の備えを強めます"
    )
