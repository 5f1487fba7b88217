"""Site settings and pages through the real API: who may change them, what is refused, how
pages are versioned, and what a fresh install answers."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image
from sqlalchemy import select

from backend.audit.models import AuditEvent
from backend.core.database import Database
from support import Api

SITE = "/api/v1/site"
ADMIN_SITE = "/api/v1/admin/site"
KAWASE = {
    "name_ja": "かわせ市",
    "name_en": "Kawase City",
    "department_ja": "政策企画部 企画課",
    "department_en": "Planning Division",
    "contact": {
        "address": "〒999-0001 かわせ市本町1-1",
        "phone": "0120-000-111",
        "email": "kikaku@city.kawase.example.jp",
        "url": "https://www.city.kawase.example.jp/",
    },
    "default_language": "ja",
}


def _png(size: tuple[int, int] = (48, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 60)).save(buffer, "PNG")
    return buffer.getvalue()


async def test_a_fresh_install_answers_neutral_settings_and_no_pages(anonymous: Api) -> None:
    site = (await anonymous.get(SITE)).json()
    assert site["configured"] is False and site["name_ja"] == "" and site["logo_url"] is None
    assert site["pages"] == {"terms": None, "privacy": None, "accessibility": None}
    missing = await anonymous.get(f"{SITE}/pages/terms")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "This site has no terms of use yet."


async def test_an_admin_sets_the_city_and_everyone_reads_it(admin: Api, anonymous: Api) -> None:
    saved = await admin.put(ADMIN_SITE, json=KAWASE)
    assert saved.status_code == 200, saved.text
    site = (await anonymous.get(SITE)).json()
    assert site["configured"] is True
    assert (site["name_ja"], site["department_ja"]) == ("かわせ市", "政策企画部 企画課")
    assert site["contact"] == KAWASE["contact"]


async def test_only_admins_change_the_site(
    anonymous: Api, resident: Api, planner: Api, council: Api
) -> None:
    for who, status in ((anonymous, 401), (resident, 403), (planner, 403), (council, 403)):
        assert (await who.put(ADMIN_SITE, json=KAWASE)).status_code == status
        page = await who.post(f"{ADMIN_SITE}/pages/terms", json={"body_ja": "# 規約"})
        assert page.status_code == status
        logo = await who.put(
            f"{ADMIN_SITE}/logo", content=_png(), headers={"content-type": "image/png"}
        )
        assert logo.status_code == status
    assert (await anonymous.get(SITE)).json()["configured"] is False


async def test_bad_settings_are_refused_with_the_field_named(admin: Api) -> None:
    cases = [
        ({**KAWASE, "name_ja": ""}, "name_ja"),
        ({**KAWASE, "name_ja": "   "}, "name_ja"),
        ({**KAWASE, "name_ja": "市" * 61}, "name_ja"),
        ({**KAWASE, "contact": {**KAWASE["contact"], "url": "javascript:alert(1)"}}, "contact.url"),
        ({**KAWASE, "contact": {**KAWASE["contact"], "email": "not-an-address"}}, "contact.email"),
        ({**KAWASE, "contact": {**KAWASE["contact"], "phone": "call me"}}, "contact.phone"),
        ({**KAWASE, "default_language": "fr"}, "default_language"),
        ({**KAWASE, "theme": "dark"}, ""),
    ]
    for body, field in cases:
        response = await admin.put(ADMIN_SITE, json=body)
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert field in response.text, response.json()  # the detail or the errors name it


async def test_each_save_of_a_page_is_a_new_numbered_version(
    admin: Api, anonymous: Api, database: Database
) -> None:
    first = await admin.post(f"{ADMIN_SITE}/pages/terms", json={"body_ja": "# 利用規約\n\n第1版"})
    assert first.status_code == 201, first.text
    second = await admin.post(
        f"{ADMIN_SITE}/pages/terms", json={"body_ja": "# 利用規約\n\n第2版", "body_en": "# Terms"}
    )
    assert (first.json()["version"], second.json()["version"]) == (1, 2)
    current = (await anonymous.get(f"{SITE}/pages/terms")).json()
    assert current["version"] == 2 and "第2版" in current["body_ja"]
    assert current["body_en"] == "# Terms"
    old = (await anonymous.get(f"{SITE}/pages/terms?version=1")).json()
    assert "第1版" in old["body_ja"]  # earlier versions are kept as they were
    versions = (await anonymous.get(f"{SITE}/pages/terms/versions")).json()
    assert [v["version"] for v in versions] == [2, 1]
    site = (await anonymous.get(SITE)).json()
    assert site["pages"]["terms"]["version"] == 2 and site["pages"]["privacy"] is None
    async with database.session(write=False) as session:
        events = (
            await session.execute(
                select(AuditEvent.action, AuditEvent.details).order_by(AuditEvent.id)
            )
        ).all()
    assert [(a, d["version"]) for a, d in events] == [
        ("site.page_published", 1),
        ("site.page_published", 2),
    ]


async def test_pages_are_refused_when_empty_or_of_an_unknown_kind(admin: Api) -> None:
    empty = await admin.post(f"{ADMIN_SITE}/pages/privacy", json={"body_ja": ""})
    assert empty.status_code == 422
    blank = await admin.post(f"{ADMIN_SITE}/pages/privacy", json={"body_ja": " \n "})
    assert blank.status_code == 422 and "empty" in blank.json()["detail"]
    unknown = await admin.post(f"{ADMIN_SITE}/pages/cookies", json={"body_ja": "# x"})
    assert unknown.status_code == 404 and "terms, privacy, accessibility" in unknown.text


async def test_settings_changes_are_audited_with_before_and_after(
    admin: Api, database: Database
) -> None:
    await admin.put(ADMIN_SITE, json=KAWASE)
    await admin.put(ADMIN_SITE, json={**KAWASE, "department_ja": "企画課"})
    async with database.session(write=False) as session:
        details: list[dict[str, Any]] = list(
            (
                await session.execute(
                    select(AuditEvent.details)
                    .where(AuditEvent.action == "site.updated")
                    .order_by(AuditEvent.id)
                )
            ).scalars()
        )
    assert details[0]["after"]["name_ja"] == "かわせ市"
    assert details[1] == {
        "before": {"department_ja": "政策企画部 企画課"},
        "after": {"department_ja": "企画課"},
    }


async def test_the_logo_is_checked_by_its_content(admin: Api, anonymous: Api) -> None:
    needs_city = await admin.put(
        f"{ADMIN_SITE}/logo", content=_png(), headers={"content-type": "image/png"}
    )
    assert needs_city.status_code == 409, needs_city.text
    await admin.put(ADMIN_SITE, json=KAWASE)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for body in (svg, b"GIF89a" + b"\0" * 40, _png()[:30]):
        refused = await admin.put(
            f"{ADMIN_SITE}/logo", content=body, headers={"content-type": "image/png"}
        )
        assert refused.status_code == 422, refused.text
    too_big = await admin.put(
        f"{ADMIN_SITE}/logo", content=_png((2100, 10)), headers={"content-type": "image/png"}
    )
    assert too_big.status_code == 422 and "2100" in too_big.json()["detail"]
    saved = await admin.put(
        f"{ADMIN_SITE}/logo", content=_png(), headers={"content-type": "application/octet-stream"}
    )
    assert saved.status_code == 200, saved.text
    logo = await anonymous.get(saved.json()["logo_url"])
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    assert logo.content == _png()
    removed = await admin.delete(f"{ADMIN_SITE}/logo")
    assert removed.json()["logo_url"] is None
    assert (await anonymous.get(f"{SITE}/logo")).status_code == 404
