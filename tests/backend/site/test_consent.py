"""Consent to the terms of use and privacy policy: at sign-up, and again after a change, with
residents' writes refused until they accept."""

from __future__ import annotations

from typing import Any

from support import PASSWORD, Api, post_proposal

SIGN_UP = "/api/v1/auth/register"
CONSENT = "/api/v1/auth/consent"


async def _publish(admin: Api, kind: str, text: str = "# 本文") -> int:
    response = await admin.post(f"/api/v1/admin/site/pages/{kind}", json={"body_ja": text})
    assert response.status_code == 201, response.text
    return int(response.json()["version"])


def _new_person(email: str, **extra: Any) -> dict[str, Any]:
    return {"email": email, "password": PASSWORD, "display_name": "さくら", **extra}


async def test_sign_up_needs_consent_once_the_site_has_terms(app: Any, admin: Api) -> None:
    before = Api(app)
    assert (await before.post(SIGN_UP, json=_new_person("a@example.jp"))).status_code == 202
    await _publish(admin, "terms")
    await _publish(admin, "privacy")
    refused = await Api(app).post(SIGN_UP, json=_new_person("b@example.jp"))
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "accept_terms", "message": "must be agreed to"}]
    person = Api(app)
    accepted = await person.post(SIGN_UP, json=_new_person("c@example.jp", accept_terms=True))
    assert accepted.status_code == 202
    await person.login("c@example.jp")
    me = (await person.get("/api/v1/auth/me")).json()
    assert (me["terms_version"], me["privacy_version"]) == (1, 1)
    assert me["consented_at"] is not None
    # refused sign-up created nothing: the address is still free
    await Api(app).post(SIGN_UP, json=_new_person("b@example.jp", accept_terms=True))
    await Api(app).login("b@example.jp")


async def test_after_new_terms_a_resident_must_accept_before_writing(
    app: Any, admin: Api, resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)  # nothing published: nothing to accept
    terms = await _publish(admin, "terms")
    privacy = await _publish(admin, "privacy")
    writes = [
        await resident.post(
            f"/api/v1/processes/{process_id}/proposals",
            json={
                "title": "公園に日陰を",
                "body": "夏の公園に日陰がほしい。",
                "district_code": "chuo",
            },
        ),
        await resident.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"}),
        await resident.post(
            f"/api/v1/proposals/{proposal['id']}/comments", json={"body": "賛成です。"}
        ),
    ]
    for response in writes:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["detail"].startswith("Please accept the updated terms")
        assert problem["consent_required"] is True
    # reading, changing the language and accepting still work
    assert (await resident.get(f"/api/v1/proposals/{proposal['id']}")).status_code == 200
    assert (await resident.patch("/api/v1/auth/me", json={"language": "en"})).status_code == 200
    stale = await resident.post(
        CONSENT, json={"terms_version": terms - 1, "privacy_version": privacy}
    )
    assert stale.status_code == 409
    given = await resident.post(CONSENT, json={"terms_version": terms, "privacy_version": privacy})
    assert given.status_code == 200 and given.json()["terms_version"] == terms
    voted = await resident.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"})
    assert voted.status_code == 200, voted.text
    # a new privacy policy asks again; the accessibility statement does not
    await _publish(admin, "accessibility")
    assert (
        await resident.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "pass"})
    ).status_code == 200
    await _publish(admin, "privacy", "# 第2版")
    again = await resident.put(
        f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "disagree"}
    )
    assert again.status_code == 403


async def test_staff_work_is_not_held_up_by_new_terms(
    admin: Api, planner: Api, process_id: int
) -> None:
    await _publish(admin, "terms")
    # the admin who just published keeps working, and so do planners
    assert (await admin.put("/api/v1/admin/site", json={"name_ja": "かわせ市"})).status_code == 200
    proxy = await planner.post(
        f"/api/v1/processes/{process_id}/proxy-proposals",
        json={
            "title": "紙で受け付けた提案",
            "body": "説明会で受け付けた意見です。",
            "channel": "paper",
            "district_code": "chuo",
        },
    )
    assert proxy.status_code == 201, proxy.text


async def test_consent_needs_a_signed_in_person(anonymous: Api) -> None:
    response = await anonymous.post(CONSENT, json={"terms_version": 0, "privacy_version": 0})
    assert response.status_code == 401
