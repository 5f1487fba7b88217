"""Workshops (ワークショップ・説明会): notes typed at a meeting become proposals, once each."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from backend.core.database import Database
from backend.proposals.models import Proposal
from backend.proposals.proxy import today_jst
from backend.workshops.models import WorkshopNote
from support import Api, set_phase

WORKSHOP = {
    "title": "駅前再整備ワークショップ",
    "held_on": today_jst().isoformat(),
    "place": "中央公民館",
    "tables": ["1班", "2班", "3班"],
}


async def _workshop(api: Api, process_id: int, **fields: Any) -> dict[str, Any]:
    response = await api.post(
        f"/api/v1/processes/{process_id}/workshops", json={**WORKSHOP, **fields}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def _note(text: str, table: str = "1班") -> dict[str, str]:
    return {"id": str(uuid.uuid4()), "table": table, "text": text}


async def _stored(database: Database) -> tuple[int, int]:
    async with database.session(write=False) as session:
        notes = (await session.execute(select(func.count()).select_from(WorkshopNote))).scalar()
        proposals = (
            await session.execute(
                select(func.count()).select_from(Proposal).where(Proposal.channel == "meeting")
            )
        ).scalar()
    return int(notes or 0), int(proposals or 0)


async def test_notes_become_meeting_proposals_with_their_table_and_a_reference_number(
    planner: Api, anonymous: Api, process_id: int, database: Database
) -> None:
    workshop = await _workshop(planner, process_id)
    notes = [_note("駐輪場が足りない\n朝は駅前があふれている", "3班"), _note("ベンチがほしい")]
    sent = await planner.post(f"/api/v1/workshops/{workshop['id']}/notes", json={"notes": notes})
    assert sent.status_code == 200, sent.text
    saved = sent.json()["saved"]
    assert [s["id"] for s in saved] == [n["id"] for n in notes]
    assert [s["table"] for s in saved] == ["3班", "1班"]
    assert not any(s["already_saved"] for s in saved)
    assert saved[0]["reference_number"].startswith(f"P{process_id}-")
    proposal = (await anonymous.get(f"/api/v1/proposals/{saved[0]['proposal_id']}")).json()
    assert proposal["channel"] == "meeting"
    assert proposal["title"] == "駐輪場が足りない"
    assert proposal["body"] == "駐輪場が足りない\n朝は駅前があふれている"
    assert proposal["received_on"] == WORKSHOP["held_on"]
    listed = (await planner.get(f"/api/v1/processes/{process_id}/workshops")).json()
    assert [(w["title"], w["note_count"]) for w in listed] == [(WORKSHOP["title"], 2)]
    assert await _stored(database) == (2, 2)


async def test_a_resent_batch_stores_nothing_twice_and_answers_as_before(
    planner: Api, process_id: int, database: Database
) -> None:
    workshop = await _workshop(planner, process_id)
    url = f"/api/v1/workshops/{workshop['id']}/notes"
    first = [_note(f"意見{i}") for i in range(3)]
    original = (await planner.post(url, json={"notes": first})).json()["saved"]
    # the answer was lost: the browser sends the same notes again, with one typed since
    later = _note("その後の意見", "2班")
    resent = await planner.post(url, json={"notes": [*first, later, first[0]]})
    assert resent.status_code == 200, resent.text
    saved = resent.json()["saved"]
    assert [s["already_saved"] for s in saved] == [True, True, True, False]
    assert [s["reference_number"] for s in saved[:3]] == [s["reference_number"] for s in original]
    assert await _stored(database) == (4, 4)


async def test_the_same_batch_sent_twice_at_once_is_stored_once(
    planner: Api, process_id: int, database: Database
) -> None:
    workshop = await _workshop(planner, process_id)
    batch = {"notes": [_note(f"同時の意見{i}", "2班") for i in range(5)]}
    url = f"/api/v1/workshops/{workshop['id']}/notes"
    answers = await asyncio.gather(*(planner.post(url, json=batch) for _ in range(3)))
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
    assert await _stored(database) == (5, 5)


async def test_a_note_for_a_table_the_workshop_lacks_or_of_blank_text_is_refused(
    planner: Api, process_id: int
) -> None:
    workshop = await _workshop(planner, process_id)
    url = f"/api/v1/workshops/{workshop['id']}/notes"
    wrong_table = await planner.post(url, json={"notes": [_note("意見", "9班")]})
    assert wrong_table.status_code == 422
    assert "9班" in wrong_table.json()["detail"]
    blank = await planner.post(url, json={"notes": [_note(" \n ")]})
    assert blank.status_code == 422
    not_a_uuid = await planner.post(
        url, json={"notes": [{"id": "1", "table": "1班", "text": "意見"}]}
    )
    assert not_a_uuid.status_code == 422
    too_many = await planner.post(url, json={"notes": [_note("意見") for _ in range(101)]})
    assert too_many.status_code == 422


async def test_only_staff_may_create_workshops_or_send_notes(
    planner: Api, resident: Api, council: Api, anonymous: Api, process_id: int
) -> None:
    workshop = await _workshop(planner, process_id)
    for api, status in ((resident, 403), (council, 403), (anonymous, 401)):
        assert (
            await api.post(f"/api/v1/processes/{process_id}/workshops", json=WORKSHOP)
        ).status_code == status
        assert (
            await api.post(
                f"/api/v1/workshops/{workshop['id']}/notes", json={"notes": [_note("意見")]}
            )
        ).status_code == status


async def test_notes_follow_proxy_entry_phases_and_the_meeting_channel(
    planner: Api, process_id: int, database: Database
) -> None:
    workshop = await _workshop(planner, process_id)
    url = f"/api/v1/workshops/{workshop['id']}/notes"
    await set_phase(database, process_id, "draft")
    assert (await planner.post(url, json={"notes": [_note("素案の時期")]})).status_code == 200
    await set_phase(database, process_id, "closed")
    closed = await planner.post(url, json={"notes": [_note("終了後")]})
    assert closed.status_code == 409
    await set_phase(database, process_id, "ideas")
    closing = await planner.patch(
        f"/api/v1/processes/{process_id}", json={"channels": ["online", "paper"]}
    )
    assert closing.status_code == 200, closing.text
    refused = await planner.post(url, json={"notes": [_note("閉じた経路")]})
    assert refused.status_code == 409
    assert "meetings" in refused.json()["detail"]


async def test_a_future_workshop_receives_notes_dated_today_and_duplicate_tables_are_refused(
    planner: Api, anonymous: Api, process_id: int
) -> None:
    # the city's today (Japan time): from 15:00 UTC on it is already tomorrow there
    soon = today_jst() + timedelta(days=3)
    workshop = await _workshop(planner, process_id, held_on=soon.isoformat())
    saved = (
        await planner.post(
            f"/api/v1/workshops/{workshop['id']}/notes", json={"notes": [_note("準備の意見")]}
        )
    ).json()["saved"]
    proposal = (await anonymous.get(f"/api/v1/proposals/{saved[0]['proposal_id']}")).json()
    assert proposal["received_on"] <= today_jst().isoformat()
    twice = await planner.post(
        f"/api/v1/processes/{process_id}/workshops", json={**WORKSHOP, "tables": ["1班", "1班"]}
    )
    assert twice.status_code == 422
