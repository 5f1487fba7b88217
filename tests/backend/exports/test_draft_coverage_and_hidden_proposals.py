"""On the demo city: the draft traces every proposal to a measure or lists it as not
reflected, with a reason; and a proposal hidden by a planner or withdrawn by its author leaves
every public view and export (the stored run and draft versions stay as they were)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from exports.outputs import every_text
from sqlalchemy import select

from backend.proposals.models import Proposal
from support import export_file


def _ids_in(value: Any, key: str = "proposal_ids") -> set[int]:
    """Every proposal id a JSON answer links, wherever it is nested."""
    if isinstance(value, dict):
        found = set(value.get(key) or []) if isinstance(value.get(key), list) else set()
        return found.union(*(_ids_in(v, key) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_ids_in(v, key) for v in value))
    return set()


async def test_the_draft_traces_every_demo_proposal_or_says_why_not(exported: Any) -> None:
    draft = (await exported.planner.get(f"/api/v1/drafts/{exported.draft_id}")).json()
    board = (await exported.planner.get(f"/api/v1/analysis-runs/{exported.run_id}/themes")).json()
    analysed = {p["proposal_id"] for p in board["points"]}
    analysed |= {e["proposal_id"] for e in board["excluded"]}
    content = draft["content"]
    traced = _ids_in([m for g in content["sections"] for m in g["measures"]])
    listed = _ids_in(content["not_reflected"])
    assert traced | listed == analysed and not traced & listed
    assert all(item["reason"] and item["title"] for item in content["not_reflected"])
    non_other = [t for t in board["themes"] if not t["is_other"]]
    themes_in_plan = {k for g in content["sections"] for k in g["theme_keys"]}
    for theme in non_other:  # every theme is a goal's theme, or its sub-themes are
        subs = {s["key"] for s in theme["subthemes"]}
        assert theme["key"] in themes_in_plan or subs <= themes_in_plan, theme["title"]
    coverage = draft["coverage"]
    assert (coverage["proposals"], coverage["traced"]) == (len(analysed), len(traced))
    assert coverage["text_ja"] == f"意見 {len(analysed):,} 件のうち {len(traced):,} 件を施策に反映"
    assert not any(g["title"].startswith("基本目標") for g in content["sections"])
    markdown = unicodedata.normalize("NFKC", exported.files["summary-md"].decode("utf-8"))
    assert unicodedata.normalize("NFKC", coverage["text_ja"]) in markdown
    assert "基本目標 1 基本目標" not in markdown


@pytest.fixture(scope="module")
async def hidden(exported: Any) -> dict[str, Any]:
    """A proposal quoted in the published draft, hidden by the planner (with the city's answer
    to it), and one of the resident's own, withdrawn; with their texts."""
    pid, planner = exported.process_id, exported.planner
    published = (await exported.anonymous.get(f"/api/v1/processes/{pid}/draft")).json()
    quoted = published["content"]["sections"][0]["measures"][0]["actions"][0]["proposal_ids"][0]
    themes = (await exported.anonymous.get(f"/api/v1/processes/{pid}/themes")).json()["themes"]
    in_themes = {i for t in themes for i in t["proposal_ids"]}
    mine = (
        await exported.resident.get(
            f"/api/v1/processes/{pid}/proposals", params={"mine": "true", "limit": 100}
        )
    ).json()["items"]
    withdrawn = next(p["id"] for p in mine if p["id"] in in_themes and p["id"] != quoted)
    answered = await planner.put(
        f"/api/v1/processes/{pid}/responses",
        json={
            "proposal_id": quoted,
            "status": "for_reference",
            "summary": "個別の意見への回答",
            "response": "今後の参考とします。",
        },
    )
    assert answered.status_code == 200, answered.text
    hide = await planner.post(
        f"/api/v1/moderation/proposals/{quoted}/hide", json={"reason": "個人を中傷する内容"}
    )
    assert hide.status_code == 200, hide.text
    withdraw = await exported.resident.post(f"/api/v1/proposals/{withdrawn}/withdraw")
    assert withdraw.status_code == 200, withdraw.text
    assert exported.database is not None
    async with exported.database.session(write=False) as session:
        rows = (
            await session.execute(
                select(Proposal.id, Proposal.body).where(Proposal.id.in_([quoted, withdrawn]))
            )
        ).all()
    return {
        "ids": {quoted, withdrawn},
        "quoted": quoted,
        "bodies": [r.body for r in rows],
        "before": published,
    }


def _no_trace(hidden: dict[str, Any], text: str) -> None:
    text = unicodedata.normalize("NFKC", text)
    for body in hidden["bodies"]:
        assert unicodedata.normalize("NFKC", body)[:25] not in text


async def test_public_themes_drop_a_hidden_proposal_from_members_and_representatives(
    exported: Any, hidden: dict[str, Any]
) -> None:
    themes = (
        await exported.anonymous.get(f"/api/v1/processes/{exported.process_id}/themes")
    ).json()["themes"]
    assert not (_ids_in(themes) | _ids_in(themes, "representative_ids")) & hidden["ids"]
    board = (await exported.planner.get(f"/api/v1/analysis-runs/{exported.run_id}/themes")).json()
    assert hidden["ids"] <= _ids_in(board)  # staff still see the run as it was stored


async def test_the_published_draft_no_longer_quotes_or_counts_a_hidden_proposal(
    exported: Any, hidden: dict[str, Any]
) -> None:
    public = (await exported.anonymous.get(f"/api/v1/processes/{exported.process_id}/draft")).json()
    assert not _ids_in(public) & hidden["ids"]
    _no_trace(hidden, json.dumps(public, ensure_ascii=False))
    before = hidden["before"]["coverage"]
    assert public["coverage"]["proposals"] == before["proposals"] - 2
    staff = (
        await exported.planner.get(
            f"/api/v1/drafts/{exported.draft_id}", params={"version": exported.draft_version}
        )
    ).json()
    assert hidden["quoted"] in _ids_in(staff)  # the stored version is unchanged


async def test_the_public_lineage_leaves_a_hidden_proposal_out(
    exported: Any, hidden: dict[str, Any]
) -> None:
    lineage = (await exported.anonymous.get(f"/api/v1/drafts/{exported.draft_id}/lineage")).json()
    assert lineage and not _ids_in(lineage) & hidden["ids"]


async def test_the_public_table_of_answers_leaves_out_the_answer_to_a_hidden_proposal(
    exported: Any, hidden: dict[str, Any]
) -> None:
    path = f"/api/v1/processes/{exported.process_id}/responses"
    public = (await exported.anonymous.get(path)).json()
    assert hidden["quoted"] not in {r["proposal_id"] for r in public["items"]}
    staff = (await exported.planner.get(path)).json()
    assert hidden["quoted"] in {r["proposal_id"] for r in staff["items"]}


async def test_the_similar_hint_never_offers_a_hidden_proposal(
    exported: Any, hidden: dict[str, Any]
) -> None:
    for body in hidden["bodies"]:
        found = await exported.anonymous.get(
            f"/api/v1/processes/{exported.process_id}/similar", params={"text": body}
        )
        assert found.status_code == 200, found.text
        assert not {item["id"] for item in found.json()} & hidden["ids"]


async def test_every_export_leaves_a_hidden_proposal_out(
    exported: Any, hidden: dict[str, Any]
) -> None:
    pid, files = exported.process_id, {}
    for name in (
        "summary-md",
        "summary-docx",
        "summary-pdf",
        "opendata-json",
        "public-comment-csv",
    ):
        files[name], _ = await export_file(
            exported.council if name.startswith("summary") else exported.planner, pid, name
        )
    for name in ("opendata-csv", "opendata-json", "public-comment-csv"):
        public = await exported.anonymous.get(f"/api/v1/processes/{pid}/public-exports/{name}")
        files[f"public-{name}"] = public.content
    for name, text in every_text(files).items():
        _no_trace(hidden, text)
        if name.endswith("opendata-json"):
            data = json.loads(text)
            linked = {
                r["proposal_id"]
                for table in ("proposals", "theme_assignments")
                for r in data[table]
            }
            assert not linked & hidden["ids"], name
    markdown = files["summary-md"].decode("utf-8")
    trace = markdown[markdown.index("### トレーサビリティ表") :].split("\n\n")[1].splitlines()[2:]
    traced = {int(i) for row in trace for i in row.split(" | ")[4].split(", ") if i.isdigit()}
    assert traced and not traced & hidden["ids"]
