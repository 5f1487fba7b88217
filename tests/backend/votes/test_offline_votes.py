"""Offline votes: tally sheets (集計表) and paper ballots (紙の投票用紙) typed in by staff count
in the displayed tallies, apart in the breakdown by channel, with who and when in the audit log."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from backend.core.database import Database
from support import Api, make_process, post_proposal, set_phase


def _sheets(process_id: int) -> str:
    return f"/api/v1/processes/{process_id}/tally-sheets"


def _ballots(process_id: int) -> str:
    return f"/api/v1/processes/{process_id}/ballots"


def _sheet(proposal_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "proposal_id": proposal_id,
        "channel": "meeting",
        "agree": 5,
        "disagree": 2,
        "pass": 1,
        "label": "中央公民館 説明会",
        "held_on": "2026-11-20",
        **fields,
    }


async def _tally(api: Api, proposal_id: int) -> dict[str, Any]:
    shown = (await api.get(f"/api/v1/proposals/{proposal_id}")).json()
    return {"tally": shown["tally"], "offline": shown["offline_tally"]}


async def test_a_meeting_tally_sheet_adds_to_the_tally_and_shows_as_its_offline_part(
    planner: Api, resident: Api, anonymous: Api, admin: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    await resident.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"})
    entered = await planner.post(_sheets(process_id), json=_sheet(proposal["id"]))
    assert entered.status_code == 201, entered.text
    sheet = entered.json()
    assert sheet["tally"] == {"agree": 5, "disagree": 2, "pass": 1}
    assert sheet["entered_by"]["display_name"] and sheet["label"] == "中央公民館 説明会"
    assert await _tally(anonymous, proposal["id"]) == {
        "tally": {"agree": 6, "disagree": 2, "pass": 1},
        "offline": {"agree": 5, "disagree": 2, "pass": 1},
    }
    # the list, one statement per page, shows the same
    listed = (await anonymous.get(f"/api/v1/processes/{process_id}/proposals")).json()
    assert listed["items"][0]["offline_tally"] == {"agree": 5, "disagree": 2, "pass": 1}
    # an online vote's answer carries the whole tally, offline part included
    changed = await resident.put(
        f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "disagree"}
    )
    assert changed.json()["tally"] == {"agree": 5, "disagree": 3, "pass": 1}

    breakdown = (await planner.get(f"/api/v1/processes/{process_id}/vote-breakdown")).json()
    assert breakdown == [
        {
            "proposal_id": proposal["id"],
            "total": {"agree": 5, "disagree": 3, "pass": 1},
            "by_channel": [
                {"channel": "online", "tally": {"agree": 0, "disagree": 1, "pass": 0}},
                {"channel": "meeting", "tally": {"agree": 5, "disagree": 2, "pass": 1}},
            ],
            "sheets": 1,
            "ballots": 0,
        }
    ]

    events = (
        await admin.get("/api/v1/admin/audit-events", params={"action": "tally_sheet.entered"})
    ).json()["items"]
    assert len(events) == 1 and events[0]["action_label"] == "集計表を入力"


async def test_a_correction_moves_the_tally_by_the_difference_and_keeps_the_counts_before(
    planner: Api, resident: Api, anonymous: Api, admin: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    sheet = (await planner.post(_sheets(process_id), json=_sheet(proposal["id"]))).json()
    corrected = await admin.put(
        f"{_sheets(process_id)}/{sheet['id']}",
        json={"agree": 15, "disagree": 0, "pass": 1, "note": "集計の誤りを訂正"},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["updated_by"]["id"] != corrected.json()["entered_by"]["id"]
    assert (await _tally(anonymous, proposal["id"]))["tally"] == {
        "agree": 15,
        "disagree": 0,
        "pass": 1,
    }
    events = (
        await admin.get("/api/v1/admin/audit-events", params={"action": "tally_sheet.corrected"})
    ).json()["items"]
    assert events[0]["details"]["counts_before"] == [5, 2, 1]
    removed = await planner.delete(f"{_sheets(process_id)}/{sheet['id']}")
    assert removed.status_code == 204
    assert await _tally(anonymous, proposal["id"]) == {
        "tally": {"agree": 0, "disagree": 0, "pass": 0},
        "offline": None,
    }


async def test_sheets_are_refused_with_a_reason(
    planner: Api, resident: Api, council: Api, database: Database, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    negative = await planner.post(_sheets(process_id), json=_sheet(proposal["id"], agree=-3))
    assert negative.status_code == 400 or negative.status_code == 422
    assert "agree" in negative.text
    other = await make_process(database, slug="other")
    foreign = await planner.post(_sheets(other), json=_sheet(proposal["id"]))
    assert foreign.status_code == 422
    assert "not a published proposal of process" in foreign.json()["detail"]
    online = await planner.post(_sheets(process_id), json=_sheet(proposal["id"], channel="online"))
    assert online.status_code in (400, 422)
    assert (await council.post(_sheets(process_id), json=_sheet(proposal["id"]))).status_code == 403
    assert (
        await resident.post(_ballots(process_id), json={"channel": "paper", "votes": []})
    ).status_code == 403
    await set_phase(database, process_id, "closed")
    closed = await planner.post(_sheets(process_id), json=_sheet(proposal["id"]))
    assert closed.status_code == 409
    assert "closed" in closed.json()["detail"]


async def test_a_paper_ballot_counts_on_each_proposal_it_marks(
    planner: Api, resident: Api, anonymous: Api, admin: Api, process_id: int
) -> None:
    first = await post_proposal(resident, process_id)
    second = await post_proposal(resident, process_id, title="公園に日陰を")
    entered = await planner.post(
        _ballots(process_id),
        json={
            "channel": "paper",
            "district_code": "kita",
            "age_band": "70_plus",
            "received_on": date.today().isoformat(),
            "votes": [
                {"proposal_id": first["id"], "vote": "agree"},
                {"proposal_id": second["id"], "vote": "disagree"},
            ],
        },
    )
    assert entered.status_code == 201, entered.text
    ballot = entered.json()
    assert ballot["label"] == "紙票-0001"
    assert (await _tally(anonymous, first["id"]))["offline"] == {
        "agree": 1,
        "disagree": 0,
        "pass": 0,
    }
    second_ballot = (
        await planner.post(
            _ballots(process_id),
            json={"channel": "meeting", "votes": [{"proposal_id": first["id"], "vote": "pass"}]},
        )
    ).json()
    assert second_ballot["label"] == "会場票-0002"
    # a correction: the first ballot's mark on the second proposal was a pass, not disagree
    corrected = await planner.put(
        f"{_ballots(process_id)}/{ballot['id']}",
        json={
            "votes": [
                {"proposal_id": first["id"], "vote": "agree"},
                {"proposal_id": second["id"], "vote": "pass"},
            ]
        },
    )
    assert corrected.status_code == 200, corrected.text
    assert (await _tally(anonymous, second["id"]))["tally"] == {
        "agree": 0,
        "disagree": 0,
        "pass": 1,
    }
    page = (await planner.get(_ballots(process_id))).json()
    assert page["total"] == 2 and page["items"][0]["label"] == "会場票-0002"
    breakdown = {
        b["proposal_id"]: b
        for b in (await planner.get(f"/api/v1/processes/{process_id}/vote-breakdown")).json()
    }
    assert breakdown[first["id"]]["by_channel"] == [
        {"channel": "online", "tally": {"agree": 0, "disagree": 0, "pass": 0}},
        {"channel": "paper", "tally": {"agree": 1, "disagree": 0, "pass": 0}},
        {"channel": "meeting", "tally": {"agree": 0, "disagree": 0, "pass": 1}},
    ]
    assert (await planner.delete(f"{_ballots(process_id)}/{ballot['id']}")).status_code == 204
    assert (await _tally(anonymous, first["id"]))["tally"] == {"agree": 0, "disagree": 0, "pass": 1}
    actions = {e["action"] for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]}
    assert {"ballot.entered", "ballot.corrected", "ballot.removed"} <= actions


async def test_a_ballot_marking_a_proposal_twice_or_of_another_process_is_refused(
    planner: Api, resident: Api, database: Database, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    twice = await planner.post(
        _ballots(process_id),
        json={
            "channel": "paper",
            "votes": [
                {"proposal_id": proposal["id"], "vote": "agree"},
                {"proposal_id": proposal["id"], "vote": "pass"},
            ],
        },
    )
    assert twice.status_code == 422 and "twice" in twice.json()["detail"]
    other = await make_process(database, slug="other")
    foreign = await planner.post(
        _ballots(other),
        json={"channel": "paper", "votes": [{"proposal_id": proposal["id"], "vote": "agree"}]},
    )
    assert foreign.status_code == 422
    assert (await planner.get(_ballots(other))).json()["total"] == 0


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_sheets_ballots_and_online_votes_entered_at_once_are_all_counted(
    planner: Api, admin: Api, resident: Api, other_resident: Api, anonymous: Api, process_id: int
) -> None:
    proposals = [await post_proposal(resident, process_id, title=f"提案{i}") for i in range(3)]
    ids = [p["id"] for p in proposals]

    async def sheet(i: int) -> None:
        api = planner if i % 2 else admin
        response = await api.post(
            _sheets(process_id), json=_sheet(ids[i % 3], agree=i, disagree=1, **{"pass": 0})
        )
        assert response.status_code == 201, response.text

    async def ballot(i: int) -> None:
        api = admin if i % 2 else planner
        response = await api.post(
            _ballots(process_id),
            json={
                "channel": "paper",
                "votes": [{"proposal_id": pid, "vote": "agree"} for pid in reversed(ids)],
            },
        )
        assert response.status_code == 201, response.text

    async def vote(api: Api, pid: int) -> None:
        response = await api.put(f"/api/v1/proposals/{pid}/vote", json={"value": "agree"})
        assert response.status_code == 200, response.text

    await asyncio.gather(
        *(sheet(i) for i in range(30)),
        *(ballot(i) for i in range(20)),
        *(vote(resident, pid) for pid in ids),
        *(vote(other_resident, pid) for pid in ids),
    )
    for k, pid in enumerate(ids):
        sheet_agree = sum(i for i in range(30) if i % 3 == k)
        assert await _tally(anonymous, pid) == {
            "tally": {"agree": sheet_agree + 20 + 2, "disagree": 10, "pass": 0},
            "offline": {"agree": sheet_agree + 20, "disagree": 10, "pass": 0},
        }
    labels = {
        b["label"]
        for b in (await planner.get(_ballots(process_id), params={"limit": 200})).json()["items"]
    }
    assert labels == {f"紙票-{n:04d}" for n in range(1, 21)}


async def test_stats_count_each_ballot_as_a_participant_and_offline_votes_by_channel(
    planner: Api, resident: Api, council: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    await resident.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"})
    for _ in range(5):
        await planner.post(
            _ballots(process_id),
            json={
                "channel": "paper",
                "district_code": "kita",
                "votes": [{"proposal_id": proposal["id"], "vote": "disagree"}],
            },
        )
    await planner.post(_sheets(process_id), json=_sheet(proposal["id"]))
    stats = (await council.get(f"/api/v1/processes/{process_id}/stats")).json()
    assert stats["participants"] == 6  # the resident and five ballots; a show of hands is not
    assert stats["votes"] == 1
    assert stats["votes_by_channel"] == [
        {"channel": "online", "votes": 1},
        {"channel": "paper", "votes": 5},
        {"channel": "meeting", "votes": 8},
        {"channel": "phone", "votes": 0},
    ]
    # every channel side by side; one online person is a small cell, so both it and the paper
    # one (which would give it away from the total) are withheld
    cells = {c["key"]: c for c in stats["by_channel"]}
    assert list(cells) == ["online", "paper", "meeting", "phone", "imported"]
    assert cells["online"]["withheld"] and cells["online"]["participants"] is None
    assert cells["paper"]["withheld"] and cells["paper"]["participants"] is None


async def test_an_importer_brings_participants_in_once_through_record_ballot_batch(
    resident: Api, anonymous: Api, database: Database, process_id: int
) -> None:
    from backend.core.errors import Conflict
    from backend.votes.ballots import BallotParticipant, record_ballot_batch, record_ballots

    proposal = await post_proposal(resident, process_id)
    people = [
        (
            BallotParticipant("paper", external_ref=f"polis:{i}", label=f"Pol.is-{i}"),
            {proposal["id"]: 1 if i % 2 else -1},
        )
        for i in range(5)
    ]
    async with database.session(write=True) as session:
        stored = await record_ballot_batch(session, process_id, people)
        assert [p.label for p in stored] == [f"Pol.is-{i}" for i in range(5)]
    assert (await _tally(anonymous, proposal["id"]))["offline"] == {
        "agree": 2,
        "disagree": 3,
        "pass": 0,
    }
    with pytest.raises(Conflict, match="polis:3"):
        async with database.session(write=True) as session:
            await record_ballots(session, process_id, people[3][0], {proposal["id"]: 0})
    assert (await _tally(anonymous, proposal["id"]))["tally"] == {
        "agree": 2,
        "disagree": 3,
        "pass": 0,
    }
