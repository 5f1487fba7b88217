"""A draft goes public only when each KPI (成果指標) has its values or is marked 「設定中」:
publishing answers 409 problem+json listing what is missing, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import msgspec

from backend.core.database import Database
from backend.drafts.kpi_check import unpublishable_kpis
from backend.drafts.schemas import DraftContent, Goal, Kpi, Measure
from support import Api, approved, generated_draft, make_process


async def _submit(planner: Api, process_id: int, draft_id: int, version: int) -> Any:
    """Open the 決裁 preview of a draft version, as a planner does before submitting it: a
    version with incomplete KPIs is refused there, before a second person looks at it."""
    return await planner.get(
        f"/api/v1/processes/{process_id}/approvals/preview",
        params={"object_type": "draft", "object_id": draft_id, "target": str(version)},
    )


async def test_a_draft_with_empty_kpis_is_refused_with_the_list_of_items(
    database: Database, planner: Api, anonymous: Api
) -> None:
    pid = await make_process(database, phase="draft")
    draft_id = await generated_draft(database, pid)
    draft = (await planner.get(f"/api/v1/drafts/{draft_id}")).json()
    measures = [m for g in draft["content"]["sections"] for m in g["measures"]]
    kpis = [(m["key"], k) for m in measures for k in m["kpis"]]
    assert {k["name"] for _, k in kpis} >= {"路線バスの年間利用者数", "避難所の備蓄品の整備率"}
    assert all(k["source"] and k["unit"] and not k["baseline"] for _, k in kpis)

    refused = await _submit(planner, pid, draft_id, 1)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    items = refused.json()["items"]
    assert len(items) == len(kpis)
    assert items[0] == (
        "施策1-1 のKPI「路線バスの年間利用者数」の現状値・目標値・目標年度が未入力です"
    )
    assert "設定中" in refused.json()["detail"]
    assert (await anonymous.get(f"/api/v1/processes/{pid}/draft")).status_code == 404


async def test_kpis_with_values_or_marked_pending_let_the_draft_be_published(
    database: Database, planner: Api, anonymous: Api, make_api: Any
) -> None:
    pid = await make_process(database, phase="draft")
    draft_id = await generated_draft(database, pid)
    content = (await planner.get(f"/api/v1/drafts/{draft_id}")).json()["content"]
    first, *rest = [k for g in content["sections"] for m in g["measures"] for k in m["kpis"]]
    first.update(baseline="412,000", target="450,000", target_year="2030年度")
    rest[0].update(baseline="38", target="")  # half entered: still missing its target
    for kpi in rest[1:]:
        kpi["pending"] = True
    saved = await planner.put(
        f"/api/v1/drafts/{draft_id}", json={"base_version": 1, "content": content}
    )
    assert saved.status_code == 200, saved.text
    refused = await _submit(planner, pid, draft_id, 2)
    assert refused.status_code == 409
    assert len(refused.json()["items"]) == 1
    assert refused.json()["items"][0].endswith("の目標値・目標年度が未入力です")

    rest[0]["pending"] = True
    saved = await planner.put(
        f"/api/v1/drafts/{draft_id}", json={"base_version": 2, "content": content}
    )
    assert saved.status_code == 200, saved.text
    assert (await _submit(planner, pid, draft_id, 3)).status_code == 200
    kacho = await make_api("kacho@example.jp", "planner", district=None, age_band=None)
    await approved(planner, kacho, pid, "draft", draft_id, "3")
    public = (await anonymous.get(f"/api/v1/processes/{pid}/draft")).json()
    shown = [k for g in public["content"]["sections"] for m in g["measures"] for k in m["kpis"]]
    assert shown[0]["baseline"] == "412,000" and all(k["pending"] for k in shown[1:])
    voices = [v for g in public["content"]["sections"] for m in g["measures"] for v in m["voices"]]
    assert voices and all(v["text"] and v["proposal_id"] for v in voices)


async def test_kpi_values_are_validated_at_the_edge(database: Database, planner: Api) -> None:
    pid = await make_process(database, phase="draft")
    draft_id = await generated_draft(database, pid)
    content = (await planner.get(f"/api/v1/drafts/{draft_id}")).json()["content"]
    kpi = content["sections"][0]["measures"][0]["kpis"][0]
    for bad in ({"target_year": "2030" * 10}, {"direction": "sideways"}, {"pending": "yes"}):
        body = {
            "base_version": 1,
            "content": {
                **content,
                "sections": [
                    {
                        **content["sections"][0],
                        "measures": [
                            {**content["sections"][0]["measures"][0], "kpis": [{**kpi, **bad}]}
                        ],
                    }
                ],
            },
        }
        refused = await planner.put(f"/api/v1/drafts/{draft_id}", json=body)
        assert refused.status_code == 422, (bad, refused.text)


def test_placeholders_of_drafts_made_before_the_catalogue_count_as_empty() -> None:
    old = Kpi(
        name="「みどり」に関する取組の実施件数",
        baseline="［現状値］",
        target="［目標値］",
        target_year="［目標年度］",
    )
    content = DraftContent(
        title="素案",
        sections=[
            Goal(key="g1", title="目標", measures=[Measure(key="g1-m1", title="施策", kpis=[old])])
        ],
    )
    assert unpublishable_kpis(content) == [
        "施策1-1 のKPI「「みどり」に関する取組の実施件数」の現状値・目標値・目標年度が未入力です"
    ]
    pending = msgspec.structs.replace(old, pending=True)
    content.sections[0].measures[0].kpis = [pending]
    assert unpublishable_kpis(content) == []
