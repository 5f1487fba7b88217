"""Staff verify residents at the counter (窓口で確認済み), audited; council statistics and the
summary export break participation down by tier, with the small-cell rule."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from backend.core.database import Database, utcnow
from backend.exports.participation import collect_participation
from backend.users.models import User
from support import Api, post_proposal, session_tokens, set_phase


async def _find(staff: Api, name: str) -> dict[str, Any]:
    found = await staff.get("/api/v1/verification/users", params={"q": name})
    assert found.status_code == 200, found.text
    [person] = found.json()
    return person


async def test_staff_mark_a_resident_verified_at_the_counter_and_it_is_audited(
    planner: Api, admin: Api, resident: Api, council: Api
) -> None:
    hanako = await _find(planner, "hanako")
    assert hanako["level"] == "none"
    url = f"/api/v1/verification/users/{hanako['id']}/counter"
    for outsider in (resident, council):
        assert (await outsider.post(url, json={"note": "x"})).status_code == 403
        assert (
            await outsider.get("/api/v1/verification/users", params={"q": "hanako"})
        ).status_code == 403
    marked = await planner.post(url, json={"note": "運転免許証で確認"})
    assert marked.status_code == 200, marked.text
    assert marked.json()["level"] == "counter" and marked.json()["verified_at"]
    assert (await resident.get("/api/v1/verification/me")).json()["level"] == "counter"
    log = (
        await admin.get(
            "/api/v1/admin/audit-events", params={"action": "verification.counter_verified"}
        )
    ).json()
    [counter] = log["items"]
    assert counter["action_label"] == "窓口で本人確認"
    assert counter["summary"] == "メモ：運転免許証で確認"
    staff_id = (await planner.get("/api/v1/auth/me")).json()["id"]
    planner_self = await planner.post(f"/api/v1/verification/users/{staff_id}/counter", json={})
    assert planner_self.status_code == 409

    revoked = await admin.post(
        f"/api/v1/verification/users/{hanako['id']}/revoke", json={"note": "別人と取り違え"}
    )
    assert revoked.status_code == 200 and revoked.json()["level"] == "none"
    again = await admin.post(f"/api/v1/verification/users/{hanako['id']}/revoke", json={})
    assert again.status_code == 409


async def _residents_at(
    database: Database, prefix: str, count: int, level: str, app: Any
) -> list[Api]:
    tokens = await session_tokens(database, count, prefix)
    values: dict[str, Any] = {"email_confirmed_at": utcnow()}
    if level in ("postcard", "counter"):
        values["verification_level"] = level
    if level != "none":
        async with database.session(write=True) as session:
            await session.execute(
                update(User).where(User.email.startswith(prefix)).values(**values)
            )
    return [Api(app, token) for token in tokens]


async def test_council_statistics_and_the_summary_break_participation_down_by_tier(
    app: Any, database: Database, council: Api, resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)  # hanako: no tier
    await set_phase(database, process_id, "voting")
    voters = (
        await _residents_at(database, "cnt", 8, "counter", app)
        + await _residents_at(database, "mail", 6, "email", app)
        + await _residents_at(database, "card", 2, "postcard", app)
        + await _residents_at(database, "none", 6, "none", app)
    )
    for voter in voters:
        answer = await voter.put(
            f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"}
        )
        assert answer.status_code == 200, answer.text

    stats = (await council.get(f"/api/v1/processes/{process_id}/stats")).json()
    cells = {c["key"]: c for c in stats["by_verification"]}
    assert cells["counter"]["participants"] == 8 and cells["none"]["participants"] == 7
    assert cells["postcard"]["withheld"] and cells["postcard"]["participants"] is None
    assert cells["email"]["withheld"]  # the next smallest, so 2 cannot be worked out

    async with database.session(write=False) as session:
        participation, _ = await collect_participation(session, process_id)
    tiers = next(b for b in participation.breakdowns if b.title == "本人確認の段階別")
    rows = {row.label: row.people for row in tiers.rows}
    assert rows["窓口で確認済み"] == "8" and rows["確認なし"] == "7"
    assert rows["郵送の確認コードで住所確認済み"] in ("<5", "X")
