"""Comments with one level of replies."""

from __future__ import annotations

from support import Api, post_proposal


async def test_comments_and_replies_nest_one_level(
    resident: Api, other_resident: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/comments"
    top = (await other_resident.post(url, json={"body": "私も同じ意見です"})).json()
    reply = await resident.post(url, json={"body": "ありがとうございます", "parent_id": top["id"]})
    assert reply.status_code == 201
    too_deep = await other_resident.post(
        url, json={"body": "さらに返信", "parent_id": reply.json()["id"]}
    )
    assert too_deep.status_code == 422
    assert "one level" in too_deep.json()["detail"]

    thread = (await anonymous.get(url)).json()
    assert len(thread) == 1
    assert thread[0]["body"] == "私も同じ意見です"
    assert [r["body"] for r in thread[0]["replies"]] == ["ありがとうございます"]
    detail = (await anonymous.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert detail["comment_count"] == 2


async def test_a_reply_must_belong_to_the_same_proposal(resident: Api, process_id: int) -> None:
    a = await post_proposal(resident, process_id, title="提案A")
    b = await post_proposal(resident, process_id, title="提案B")
    comment = (
        await resident.post(
            f"/api/v1/proposals/{a['id']}/comments", json={"body": "A へのコメント"}
        )
    ).json()
    response = await resident.post(
        f"/api/v1/proposals/{b['id']}/comments", json={"body": "返信", "parent_id": comment["id"]}
    )
    assert response.status_code == 422


async def test_comment_text_is_returned_as_text_not_html(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/comments"
    await resident.post(url, json={"body": "<script>alert(1)</script>"})
    response = await anonymous.get(url)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()[0]["body"] == "<script>alert(1)</script>"
