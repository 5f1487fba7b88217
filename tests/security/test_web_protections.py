"""Session fixation, CSRF, security headers on every response, and posted text never HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from backend.core.database import Database
from support import PASSWORD, Api, make_user, post_proposal

REPO = Path(__file__).resolve().parents[2]
DOMAIN = "testserver.local"  # where httpx files the test server's cookies
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


async def test_signing_in_always_issues_a_new_session_token(
    database: Database, anonymous: Api
) -> None:
    """An attacker who plants a session cookie before the victim signs in gains nothing."""
    await make_user(database, "victim@example.jp")
    anonymous.client.cookies.set("kyoso_session", "planted-by-attacker", domain=DOMAIN)
    await anonymous.login("victim@example.jp")
    first = anonymous.client.cookies["kyoso_session"]
    assert first != "planted-by-attacker"
    await anonymous.login("victim@example.jp")
    second = anonymous.client.cookies["kyoso_session"]
    assert second != first
    # the replaced token no longer works
    stale = Api(anonymous.app)
    stale.client.cookies.set("kyoso_session", first, domain=DOMAIN)
    assert (await stale.get("/api/v1/auth/me")).status_code == 401
    planted = Api(anonymous.app)
    planted.client.cookies.set("kyoso_session", "planted-by-attacker", domain=DOMAIN)
    assert (await planted.get("/api/v1/auth/me")).status_code == 401


async def test_unsafe_methods_need_the_csrf_token(app: Any, resident: Api, process_id: int) -> None:
    url = f"/api/v1/processes/{process_id}/proposals"
    body = {"title": "タイトル", "body": "本文です。", "district_code": "chuo"}
    client = resident.client
    for headers in ({}, {"x-csrftoken": "forged"}, {"x-csrftoken": ""}):
        response = await client.post(url, json=body, headers=headers)
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "CSRF" in response.json()["detail"]
    # a cookie from another browser does not fit this one's header either
    other = Api(app)
    await other.get("/api/v1/districts")
    response = await client.post(
        url, json=body, headers={"x-csrftoken": other.client.cookies["csrftoken"]}
    )
    assert response.status_code == 403
    listed = (await resident.get(url)).json()["items"]
    assert listed == []  # nothing was written
    assert (await resident.post(url, json=body)).status_code == 201


async def test_a_csrf_token_works_only_in_the_session_it_was_issued_for(
    app: Any, resident: Api, other_resident: Api, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}/proposals"
    body = {"title": "タイトル", "body": "本文です。", "district_code": "chuo"}
    # one resident's token (cookie and header) in another resident's session
    token = resident.client.cookies["csrftoken"]
    other_resident.client.cookies.set("csrftoken", token, domain=DOMAIN)
    response = await other_resident.client.post(url, json=body, headers={"x-csrftoken": token})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    # a token from before signing in stops working once the person signs in
    person = Api(app)
    await person.get("/api/v1/districts")
    before = person.client.cookies["csrftoken"]
    await person.login("hanako@example.jp")
    after = person.client.cookies["csrftoken"]
    assert after != before
    person.client.cookies.set("csrftoken", before, domain=DOMAIN)
    stale = await person.client.post(url, json=body, headers={"x-csrftoken": before})
    assert stale.status_code == 403
    person.client.cookies.set("csrftoken", after, domain=DOMAIN)
    assert (await person.post(url, json=body)).status_code == 201
    # signing out deletes it; the next read hands out one for no session
    assert (await person.post("/api/v1/auth/logout")).status_code == 204
    assert "csrftoken" not in person.client.cookies
    await person.get("/api/v1/districts")
    assert person.client.cookies["csrftoken"] not in (before, after)


async def test_the_session_cookie_is_httponly_and_samesite(
    database: Database, anonymous: Api
) -> None:
    await make_user(database, "cookie@example.jp")
    response = await anonymous.login("cookie@example.jp", PASSWORD)
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie


EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (response.url, name)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    if not response.url.path.startswith("/api/docs"):
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]


async def test_every_response_carries_the_security_headers(
    app: Any, anonymous: Api, resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    responses = [
        await anonymous.get("/health"),
        await anonymous.get("/ready"),
        await anonymous.get("/api/v1/processes"),
        await anonymous.get(f"/api/v1/proposals/{proposal['id']}"),
        await anonymous.get("/api/v1/proposals/999999"),  # 404
        await anonymous.get("/api/v1/admin/users"),  # 401
        await resident.get("/api/v1/admin/users"),  # 403
        await resident.client.post(f"/api/v1/processes/{process_id}/proposals", json={}),  # csrf
        await resident.post(f"/api/v1/processes/{process_id}/proposals", content=b"{bad"),  # 400
        await anonymous.get("/api/docs/openapi.json"),
        await anonymous.get("/api/docs"),
        await anonymous.request("DELETE", "/api/v1/districts"),  # 405
        await anonymous.get("/no/such/page"),
    ]
    for response in responses:
        assert_security_headers(response)


async def test_posted_text_comes_back_as_json_text_never_as_html(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id, title=XSS[:100], body=XSS)
    comment = await resident.post(
        f"/api/v1/proposals/{proposal['id']}/comments", json={"body": XSS}
    )
    assert comment.status_code == 201
    for url in (
        f"/api/v1/proposals/{proposal['id']}",
        f"/api/v1/processes/{process_id}/proposals",
        f"/api/v1/proposals/{proposal['id']}/comments",
    ):
        response = await anonymous.get(url)
        assert response.headers["content-type"].startswith("application/json")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert XSS in response.text.encode().decode("unicode_escape") or XSS in response.text
    detail = (await anonymous.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert detail["body"] == XSS  # stored verbatim as text; escaping is the renderer's job


def test_the_frontend_never_injects_html() -> None:
    """The SPA renders posted text as text: no innerHTML, v-html or dangerouslySetInnerHTML."""
    source = REPO / "frontend" / "src"
    offenders = []
    pattern = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|v-html")
    for path in source.rglob("*") if source.exists() else []:
        if path.suffix in {".ts", ".tsx", ".js", ".jsx", ".vue", ".svelte", ".html"}:
            for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
                if pattern.search(line) and "kyoso-allow-html" not in line:
                    offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
