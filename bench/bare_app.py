"""The yardsticks of the load benchmarks: bare Litestar endpoints with no middleware and no
database: a constant list (reads) and a vote-shaped PUT (the vote surge)."""

from litestar import Litestar, get, put

ITEMS = [{"id": i, "title": f"提案 {i}", "agree": i % 7} for i in range(20)]


@get("/items")
async def items() -> list[dict[str, object]]:
    return ITEMS


@put("/api/v1/proposals/{proposal_id:int}/vote")
async def vote(proposal_id: int, data: dict[str, str]) -> dict[str, object]:
    return {
        "proposal_id": proposal_id,
        "my_vote": data.get("value"),
        "tally": {"agree": 1, "disagree": 0, "pass": 0},
    }


app = Litestar([items, vote])
