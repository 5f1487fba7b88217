"""What the public sees: contact details masked for everyone but the author and staff, and
withdrawn proposals out of the public lists, with no author's name."""

from __future__ import annotations

from typing import Any

from support import Api, post_proposal

PHONE = "090-1234-5678"
EMAIL = "hanako.yamada@example.jp"
BODY = f"詳しくは 電話 {PHONE} か {EMAIL} までご連絡ください。"


def _texts(proposal: dict[str, Any]) -> str:
    return proposal["title"] + proposal["body"]


async def test_contact_details_in_a_proposal_are_masked_for_everyone_but_author_and_staff(
    resident: Api,
    other_resident: Api,
    anonymous: Api,
    planner: Api,
    council: Api,
    process_id: int,
) -> None:
    created = await post_proposal(resident, process_id, title=f"連絡先 {EMAIL}", body=BODY)
    assert created["body"] == BODY  # the author sees what they wrote
    url = f"/api/v1/processes/{process_id}/proposals"
    detail = f"/api/v1/proposals/{created['id']}"
    for viewer in (anonymous, other_resident, council):
        for shown in (
            (await viewer.get(detail)).json(),
            (await viewer.get(url)).json()["items"][0],
            (await viewer.get(url, params={"q": "連絡"})).json()["items"][0],
        ):
            assert PHONE not in _texts(shown) and EMAIL not in _texts(shown)
            assert "［電話番号］" in shown["body"] and "［メール］" in shown["title"]
    for viewer in (resident, planner):
        assert (await viewer.get(detail)).json()["body"] == BODY
        assert (await viewer.get(url)).json()["items"][0]["title"] == f"連絡先 {EMAIL}"


async def test_text_without_contact_details_is_shown_exactly_as_written(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    body = "ＡＢＣ公園に１０本の桜を。ﾊﾝｶｸ も そのまま"
    created = await post_proposal(resident, process_id, body=body)
    assert (await anonymous.get(f"/api/v1/proposals/{created['id']}")).json()["body"] == body


async def test_contact_details_in_a_comment_are_masked_for_others(
    resident: Api, other_resident: Api, anonymous: Api, planner: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/comments"
    assert (await other_resident.post(url, json={"body": BODY})).status_code == 201
    for viewer in (anonymous, resident):
        shown = (await viewer.get(url)).json()[0]["body"]
        assert PHONE not in shown and EMAIL not in shown
    for viewer in (other_resident, planner):
        assert (await viewer.get(url)).json()[0]["body"] == BODY


async def test_a_withdrawn_proposal_leaves_public_lists_and_names_no_author(
    resident: Api, other_resident: Api, anonymous: Api, planner: Api, process_id: int
) -> None:
    kept = await post_proposal(resident, process_id, title="残す提案")
    gone = await post_proposal(resident, process_id, title="取り下げるバスの提案")
    assert (await resident.post(f"/api/v1/proposals/{gone['id']}/withdraw")).status_code == 200
    url = f"/api/v1/processes/{process_id}/proposals"
    withdrawn = {"status": "withdrawn"}
    for viewer in (anonymous, other_resident):
        assert [p["id"] for p in (await viewer.get(url)).json()["items"]] == [kept["id"]]
        assert (await viewer.get(url, params={"q": "取り下げる"})).json()["items"] == []
        assert (await viewer.get(url, params=withdrawn)).json()["items"] == []
        page = (await viewer.get(f"/api/v1/proposals/{gone['id']}")).json()
        assert page["status"] == "withdrawn" and page["author"] is None
    for viewer in (resident, planner):
        listed = (await viewer.get(url, params=withdrawn)).json()["items"]
        assert [(p["id"], p["author"]["display_name"]) for p in listed] == [(gone["id"], "hanako")]
    mine = (await resident.get(url, params={**withdrawn, "mine": "true"})).json()["items"]
    assert [p["id"] for p in mine] == [gone["id"]]
