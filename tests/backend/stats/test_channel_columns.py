"""Every channel side by side (online, paper, meeting, phone, imported) on the council
dashboard, with the small-cell rule."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from backend.core.database import Database
from backend.processes.channels import PROPOSAL_CHANNELS
from backend.proposals.models import Proposal
from backend.stats.channels import channel_cells, participant_channel
from support import Api


def test_every_channel_is_a_column_and_a_small_one_hides_another() -> None:
    people = Counter(online=40, paper=3, meeting=9, imported=12)
    cells = {c.key: c for c in channel_cells(people, people)}
    assert list(cells) == list(PROPOSAL_CHANNELS)
    assert cells["paper"].withheld and cells["paper"].participants is None
    assert cells["paper"].proposals is None
    # the smallest other is hidden too, so 3 cannot be worked out from the total
    assert cells["meeting"].withheld
    assert (cells["phone"].participants, cells["phone"].withheld) == (0, False)
    assert (cells["imported"].participants, cells["imported"].proposals) == (12, 12)
    assert cells["online"].participants == 40


def test_an_opinion_group_member_is_online_unless_written_with_a_channel() -> None:
    assert participant_channel(17) == "online"
    assert participant_channel("17") == "online"
    assert participant_channel("paper:3") == "paper"
    assert participant_channel("unknown:3") == "online"


async def test_the_council_sees_each_channel_with_its_participants_and_proposals(
    database: Database, planner: Api, council: Api, resident: Api, process_id: int
) -> None:
    proxy = f"/api/v1/processes/{process_id}/proxy-proposals"
    for i in range(6):
        entered = await planner.post(
            proxy, json={"title": f"はがき{i}", "body": "本文", "channel": "paper"}
        )
        assert entered.status_code == 201, entered.text
    workshop = (
        await planner.post(
            f"/api/v1/processes/{process_id}/workshops",
            json={"title": "説明会", "held_on": date.today().isoformat(), "tables": ["1班"]},
        )
    ).json()
    notes = [{"id": str(uuid.uuid4()), "table": "1班", "text": f"付箋{i}"} for i in range(4)]
    assert (
        await planner.post(f"/api/v1/workshops/{workshop['id']}/notes", json={"notes": notes})
    ).status_code == 200
    async with database.session(write=True) as session:  # consultations brought in
        for i in range(7):
            session.add(
                Proposal(
                    process_id=process_id,
                    title=f"過去の意見{i}",
                    body="本文",
                    channel="imported",
                    content_hash=f"imported-{i}",
                )
            )
    for i in range(5):
        posted = await resident.post(
            f"/api/v1/processes/{process_id}/proposals",
            json={"title": f"オンライン{i}", "body": "本文", "district_code": "chuo"},
        )
        assert posted.status_code == 201, posted.text

    stats = (await council.get(f"/api/v1/processes/{process_id}/stats")).json()
    cells = {c["key"]: c for c in stats["by_channel"]}
    assert list(cells) == ["online", "paper", "meeting", "phone", "imported"]
    assert (cells["paper"]["participants"], cells["paper"]["proposals"]) == (6, 6)
    assert (cells["imported"]["participants"], cells["imported"]["proposals"]) == (7, 7)
    # four meeting notes and one resident online: both small, hidden together (5 people)
    assert cells["meeting"]["withheld"] and cells["meeting"]["proposals"] is None
    assert cells["online"]["withheld"]
    assert (cells["phone"]["participants"], cells["phone"]["withheld"]) == (0, False)
    assert stats["participants"] == 1 + 6 + 4 + 7
