"""The planner's path end to end, with the real ML engine (TF-IDF backend) on both databases:
run → progress → themes → merge and rename → draft → lineage → concurrent edits → approval (決裁) →
section comment → response → the resident sees where the proposal went."""

from __future__ import annotations

import asyncio
from typing import Any

from support import Api, approved, settle_kpis, wait_for_run


async def _start(planner: Api, process_id: int) -> dict[str, Any]:
    response = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf", "seed": 1}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_planner_workflow_from_run_to_outcome(
    demo: dict[str, Any], worker: None, database: Any
) -> None:
    planner, council, resident = demo["planner"], demo["council"], demo["resident"]
    pid = demo["process_id"]

    run = await _start(planner, pid)
    assert run["status"] == "queued"
    second = await planner.post(f"/api/v1/processes/{pid}/analysis-runs", json={})
    assert second.status_code == 409 and second.json()["run_id"] == run["id"]

    run, seen = await wait_for_run(planner, run["id"])
    assert run["status"] == "succeeded", run["error"]
    assert any(status == "running" and 0 < progress < 100 for status, progress in seen), seen
    assert run["backend"] == "tfidf" and len(run["input_hash"]) == 64
    assert run["metrics"]["n_proposals"] >= 150

    board = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    themes = [t for t in board["themes"] if not t["is_other"]]
    assert len(themes) >= 4
    assert all(t["keywords"] and t["title"] for t in themes)
    assert len(board["points"]) >= 150
    target, source = themes[0], themes[1]
    merged = await planner.post(
        f"/api/v1/analysis-runs/{run['id']}/theme-edits",
        json={"type": "merge", "target_key": target["key"], "source_keys": [source["key"]]},
    )
    assert merged.status_code == 201, merged.text
    renamed = await planner.post(
        f"/api/v1/analysis-runs/{run['id']}/theme-edits",
        json={"type": "rename", "theme_key": target["key"], "title": "暮らしと交通の充実"},
    )
    assert renamed.status_code == 201
    board = renamed.json()
    edited = next(t for t in board["themes"] if t["key"] == target["key"])
    assert edited["title"] == "暮らしと交通の充実"
    assert edited["size"] == target["size"] + source["size"]
    assert source["key"] not in {t["key"] for t in board["themes"]}
    assert (await council.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json() == board

    draft_body = {"run_id": run["id"], "title": "みどり市総合計画 素案"}
    draft = (await planner.post(f"/api/v1/processes/{pid}/drafts", json=draft_body)).json()
    assert draft["version"] == 1 and draft["content"]["sections"]
    subthemes = {s["key"]: s for t in board["themes"] for s in t["subthemes"]}
    subthemes.update({t["key"]: t for t in board["themes"]})
    lineage = (await planner.get(f"/api/v1/drafts/{draft['id']}/lineage")).json()
    measures = [item for item in lineage if item["level"] == "measure"]
    assert measures
    for item in measures:
        expected = set()
        for key in item["theme_keys"]:
            expected |= set(subthemes[key]["proposal_ids"])
        assert set(item["proposal_ids"]) == expected, item["key"]
        assert item["residents"] >= 1
        assert [t["key"] for t in item["themes"]] == item["theme_keys"]
        assert [t["title"] for t in item["themes"]] == [
            subthemes[key]["title"] for key in item["theme_keys"]
        ]

    content = settle_kpis(draft["content"])
    content["sections"][0]["body"] = "住民の声をもとにまとめました。"
    first, second_edit = await asyncio.gather(
        planner.put(f"/api/v1/drafts/{draft['id']}", json={"base_version": 1, "content": content}),
        planner.put(
            f"/api/v1/drafts/{draft['id']}",
            json={"base_version": 1, "content": content, "note": "同時編集"},
        ),
    )
    assert sorted([first.status_code, second_edit.status_code]) == [200, 409]
    conflict = first if first.status_code == 409 else second_edit
    assert conflict.json()["current_version"] == 2
    current_sections = conflict.json()["current"]["content"]["sections"]
    assert current_sections[0]["body"] == content["sections"][0]["body"]
    compared = (
        await planner.get(f"/api/v1/drafts/{draft['id']}/compare", params={"from": 1, "to": 2})
    ).json()
    g1 = next(row for row in compared["rows"] if row["key"] == "g1")
    assert g1["change"] == "changed"
    assert "住民の声をもとにまとめました。" in "".join(s["text"] for s in g1["new"] if s["changed"])

    kacho = demo["kacho"]  # the head of section approves what the planner submits (決裁)
    await approved(planner, kacho, pid, "phase", pid, "feedback")
    await approved(planner, kacho, pid, "draft", draft["id"], "2")
    await approved(planner, kacho, pid, "themes", run["id"])
    public = (await resident.get(f"/api/v1/processes/{pid}/draft")).json()
    assert public["version"] == 2
    opinion = "基本目標1に賛成です。バスの増便も入れてください。"
    comment = await resident.post(
        f"/api/v1/drafts/{draft['id']}/sections/g1/comments", json={"body": opinion}
    )
    assert comment.status_code == 201, comment.text
    per_section = (
        await planner.get(f"/api/v1/drafts/{draft['id']}/comments", params={"section": "g1"})
    ).json()
    assert [c["body"] for c in per_section] == [opinion]
    contact = "詳しくは 電話 090-1234-5678 まで"
    await resident.post(
        f"/api/v1/drafts/{draft['id']}/sections/g1/comments", json={"body": contact}
    )
    for viewer, shown in ((council, "詳しくは 電話 ［電話番号］ まで"), (planner, contact)):
        g1 = (
            await viewer.get(f"/api/v1/drafts/{draft['id']}/comments", params={"section": "g1"})
        ).json()
        assert [c["body"] for c in g1] == [opinion, shown]  # contacts: author and staff only

    measure = next(m for m in measures if m["proposal_ids"])
    mine = (
        await resident.get(
            f"/api/v1/processes/{pid}/proposals", params={"mine": "true", "limit": 100}
        )
    ).json()["items"]
    chosen = next((p for p in mine if p["id"] in measure["proposal_ids"]), None)
    proposal_id = chosen["id"] if chosen else measure["proposal_ids"][0]
    theme_key = next(t["key"] for t in board["themes"] if proposal_id in t["proposal_ids"])
    saved = await planner.put(
        f"/api/v1/processes/{pid}/responses",
        json={
            "run_id": run["id"],
            "theme_key": theme_key,
            "status": "partly_reflected",
            "summary": "公共交通の充実を求める意見",
            "response": "路線バスの増便を検討します。",
        },
    )
    assert saved.status_code == 200, saved.text
    await approved(planner, kacho, pid, "response", saved.json()["id"])
    table = (await resident.get(f"/api/v1/processes/{pid}/responses")).json()
    assert table["counts"]["partly_reflected"] == 1

    outcome = (await resident.get(f"/api/v1/proposals/{proposal_id}/outcome")).json()
    assert outcome["theme"]["key"] == theme_key
    assert measure["key"] in {item["key"] for item in outcome["plan_items"]}
    assert outcome["responses"][0]["status_ja"] == "一部反映"


async def test_roles_around_analysis_and_drafts(demo: dict[str, Any], worker: None) -> None:
    planner, council, resident = demo["planner"], demo["council"], demo["resident"]
    pid = demo["process_id"]
    assert (
        await resident.post(f"/api/v1/processes/{pid}/analysis-runs", json={})
    ).status_code == 403
    assert (
        await council.post(f"/api/v1/processes/{pid}/analysis-runs", json={})
    ).status_code == 403
    assert (await resident.get(f"/api/v1/processes/{pid}/analysis-runs")).status_code == 403
    run = await _start(planner, pid)
    run, _ = await wait_for_run(planner, run["id"])
    board = (await council.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    key = board["themes"][0]["key"]
    edit = {"type": "rename", "theme_key": key, "title": "x"}
    assert (
        await resident.post(f"/api/v1/analysis-runs/{run['id']}/theme-edits", json=edit)
    ).status_code == 403
    assert (
        await council.post(f"/api/v1/analysis-runs/{run['id']}/theme-edits", json=edit)
    ).status_code == 403
    draft = (
        await planner.post(f"/api/v1/processes/{pid}/drafts", json={"run_id": run["id"]})
    ).json()
    assert (await council.get(f"/api/v1/drafts/{draft['id']}")).status_code == 200
    body = {"base_version": 1, "content": draft["content"]}
    assert (await council.put(f"/api/v1/drafts/{draft['id']}", json=body)).status_code == 403
    assert (await resident.put(f"/api/v1/drafts/{draft['id']}", json=body)).status_code == 403
    assert (await resident.get(f"/api/v1/drafts/{draft['id']}")).status_code == 403
    # residents see no themes until a planner publishes them
    assert (await resident.get(f"/api/v1/processes/{pid}/themes")).json()["themes"] == []
    opinions = (await council.get(f"/api/v1/analysis-runs/{run['id']}/opinions")).json()
    assert 2 <= len(opinions["groups"]) <= 5
    for group in opinions["groups"]:  # every channel side by side, small cells withheld
        channels = group["channels"]
        assert [c["key"] for c in channels] == ["online", "paper", "meeting", "phone", "imported"]
        assert channels[0]["withheld"] or channels[0]["participants"] == group["size"]
        assert sum(c["proposals"] or 0 for c in channels) <= len(group["representative"])
        assert all(c["participants"] is None for c in channels if c["withheld"])
