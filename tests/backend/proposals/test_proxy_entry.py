"""Proxy entry (代理入力) of one submission: every phase before closed, 受付日 and 受付番号."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta

from backend.core.database import Database
from backend.exports.dates import JST
from support import Api, set_phase

PAPER = {
    "title": "はがきで届いた意見",
    "body": "公民館の駐車場を広くしてください。",
    "channel": "paper",
}
NUMBER = re.compile(r"^P(\d+)-(\d{4})-(\d{5})$")


def _url(process_id: int) -> str:
    return f"/api/v1/processes/{process_id}/proxy-proposals"


async def test_an_entry_gets_today_and_a_reference_number_to_write_on_the_receipt(
    planner: Api, anonymous: Api, process_id: int
) -> None:
    first = await planner.post(_url(process_id), json=PAPER)
    assert first.status_code == 201, first.text
    entered = first.json()
    today = datetime.now(JST).date()
    assert entered["received_on"] == today.isoformat()
    match = NUMBER.match(entered["reference_number"])
    assert match and int(match[1]) == process_id and int(match[2]) == today.year
    assert int(match[3]) == 1
    second = await planner.post(
        _url(process_id),
        json={
            **PAPER,
            "title": "電話の意見",
            "channel": "phone",
            "received_on": (today - timedelta(days=3)).isoformat(),
            "submitter_age_band": "70_plus",
        },
    )
    assert second.json()["reference_number"] == f"P{process_id}-{today.year}-00002"
    assert second.json()["received_on"] == (today - timedelta(days=3)).isoformat()
    # no district ticked on the form: none is recorded
    assert entered["district_code"] is None
    shown = (await anonymous.get(f"/api/v1/proposals/{entered['id']}")).json()
    assert shown["reference_number"] == entered["reference_number"]


async def test_a_day_received_in_the_future_is_refused(planner: Api, process_id: int) -> None:
    tomorrow = date.today() + timedelta(days=2)
    refused = await planner.post(
        _url(process_id), json={**PAPER, "received_on": tomorrow.isoformat()}
    )
    assert refused.status_code == 422
    assert "future" in refused.json()["detail"]


async def test_proxy_entry_goes_on_in_the_voting_phase_and_stops_when_closed(
    planner: Api, database: Database, process_id: int
) -> None:
    await set_phase(database, process_id, "voting")
    assert (await planner.post(_url(process_id), json=PAPER)).status_code == 201
    await set_phase(database, process_id, "feedback")
    assert (
        await planner.post(_url(process_id), json={**PAPER, "title": "素案の時期"})
    ).status_code == 201
    await set_phase(database, process_id, "closed")
    closed = await planner.post(_url(process_id), json={**PAPER, "title": "終了後"})
    assert closed.status_code == 409
    assert "closed" in closed.json()["detail"]


async def test_reference_numbers_stay_unique_when_staff_enter_at_the_same_time(
    planner: Api, admin: Api, process_id: int
) -> None:
    async def enter(i: int) -> str:
        api = planner if i % 2 else admin
        response = await api.post(_url(process_id), json={**PAPER, "title": f"同時の意見{i}"})
        assert response.status_code == 201, response.text
        return str(response.json()["reference_number"])

    numbers = await asyncio.gather(*(enter(i) for i in range(20)))
    assert len(set(numbers)) == 20
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 21))
