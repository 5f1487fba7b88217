"""Paper ballots (紙の投票用紙) of anonymous participants join the opinion groups of a real
analysis run, as participants of their own beside residents voting online."""

from __future__ import annotations

from typing import Any

from corpus import CORPUS

from support import Api, post_proposal, wait_for_run

BUSES, PARKS, LIBRARY = range(0, 5), range(5, 10), range(10, 14)


def _marks(
    ids: list[int], buses: str, parks: str, library: str, pass_on: int
) -> list[dict[str, Any]]:
    """One ballot: the same mark on every proposal of a topic, but a pass on one proposal
    (``pass_on``), so that no two people are the same point (Pol.is forms groups from base
    clusters, and identical people would make too few of them)."""
    return [
        {"proposal_id": ids[i], "vote": "pass" if i == pass_on else vote}
        for topic, vote in ((BUSES, buses), (PARKS, parks), (LIBRARY, library))
        for i in topic
    ]


async def _group_sizes(planner: Api, process_id: int) -> tuple[list[int], int]:
    started = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf"}
    )
    assert started.status_code == 201, started.text
    run, _ = await wait_for_run(planner, started.json()["id"])
    assert run["status"] == "succeeded", run["error"]
    opinions = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/opinions")).json()
    return sorted(g["size"] for g in opinions["groups"]), opinions["n_participants"]


async def test_paper_ballots_change_opinion_group_membership_exactly(
    planner: Api, resident: Api, other_resident: Api, process_id: int, worker: None
) -> None:
    ids = [(await post_proposal(resident, process_id, title=t, body=b))["id"] for t, b in CORPUS]
    ballots = f"/api/v1/processes/{process_id}/ballots"

    def transit(j: int) -> list[dict[str, Any]]:
        return _marks(ids, "agree", "disagree", "agree", j)

    def families(j: int) -> list[dict[str, Any]]:
        return _marks(ids, "disagree", "agree", "disagree", j)

    for votes in [transit(j) for j in range(6)] + [families(j) for j in range(4)]:
        entered = await planner.post(ballots, json={"channel": "paper", "votes": votes})
        assert entered.status_code == 201, entered.text
    assert await _group_sizes(planner, process_id) == ([4, 6], 10)

    # three more families on paper and one transit voter online: each joins their group
    for j in range(4, 7):
        await planner.post(ballots, json={"channel": "meeting", "votes": families(j)})
    for mark in transit(13):
        voted = await other_resident.put(
            f"/api/v1/proposals/{mark['proposal_id']}/vote", json={"value": mark["vote"]}
        )
        assert voted.status_code == 200, voted.text
    assert await _group_sizes(planner, process_id) == ([7, 7], 14)
