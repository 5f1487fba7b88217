"""Bad input at the edge: control characters, bidi overrides, deep JSON and made-up cursors
are refused with problem+json (on PostgreSQL a NUL used to be a 500), and nothing is stored."""

from __future__ import annotations

import base64
from typing import Any

import msgspec
import pytest

from support import Api, post_proposal

NUL = "\x00"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Trojan Source" titles


def assert_refused(response: Any, field: str, code: str = "U+0000") -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["errors"][0]["field"] == field
    assert code in problem["detail"] and "remove it" in problem["detail"]


@pytest.mark.parametrize("character", [NUL, "\x07", "\x1b", "\x7f", "\x85", RLO, "\u2066"])
async def test_control_and_bidi_characters_in_a_proposal_are_refused_and_not_stored(
    resident: Api, anonymous: Api, process_id: int, character: str
) -> None:
    url = f"/api/v1/processes/{process_id}/proposals"
    for field in ("title", "body", "district_code"):
        body = {"title": "バスの本数", "body": "朝夕のバスが少ない", "district_code": "chuo"}
        body[field] = f"バス{character}の本数" if field != "district_code" else f"chuo{character}"
        code = f"U+{ord(character):04X}"
        assert_refused(await resident.post(url, json=body), field, code)
    tags = await resident.post(
        url,
        json={
            "title": "t",
            "body": "b",
            "district_code": "chuo",
            "tags": ["交通", f"バス{character}"],
        },
    )
    assert_refused(tags, "tags[1]", f"U+{ord(character):04X}")
    assert (await anonymous.get(url)).json()["items"] == []


async def test_line_breaks_and_tabs_stay_allowed_in_text(resident: Api, process_id: int) -> None:
    proposal = await post_proposal(resident, process_id, body="一行目\r\n二行目\n\tインデント")
    assert proposal["body"] == "一行目\r\n二行目\n\tインデント"


async def test_nul_is_refused_in_every_kind_of_field(
    resident: Api, anonymous: Api, planner: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    cases = [
        (
            anonymous,
            "/api/v1/auth/login",
            {"email": f"a{NUL}@example.jp", "password": "x"},
            "email",
        ),
        (
            anonymous,
            "/api/v1/auth/register",
            {
                "email": "new@example.jp",
                "password": "long enough password",
                "display_name": f"花子{NUL}",
                "district_code": "chuo",
            },
            "display_name",
        ),
        (resident, f"/api/v1/proposals/{proposal['id']}/comments", {"body": f"同感{NUL}"}, "body"),
        (
            resident,
            f"/api/v1/proposals/{proposal['id']}/reports",
            {"reason": f"spam{NUL}"},
            "reason",
        ),
        (
            planner,
            f"/api/v1/processes/{process_id}/proxy-proposals",
            {
                "title": "電話での意見",
                "body": "本文",
                "district_code": "chuo",
                "channel": "phone",
                "submitter_name": f"山田{NUL}",
            },
            "submitter_name",
        ),
        (planner, "/api/v1/processes", {"slug": "parks", "title_ja": f"公園{NUL}"}, "title_ja"),
    ]
    for api, url, body, field in cases:
        assert_refused(await api.post(url, json=body), field)
    profile = await resident.patch("/api/v1/auth/me", json={"district_code": f"chuo{NUL}"})
    assert_refused(profile, "district_code")
    edit = await resident.patch(f"/api/v1/proposals/{proposal['id']}", json={"body": f"x{NUL}"})
    assert_refused(edit, "body")
    stored = (await anonymous.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert stored["body"] == proposal["body"] and stored["comment_count"] == 0


@pytest.mark.parametrize("parameter", ["district", "tag", "q", "cursor"])
async def test_nul_in_a_query_parameter_is_refused(
    anonymous: Api, process_id: int, parameter: str
) -> None:
    response = await anonymous.get(
        f"/api/v1/processes/{process_id}/proposals", params={parameter: f"chuo{NUL}"}
    )
    assert_refused(response, parameter)


async def test_a_bidi_override_is_never_shown_as_is(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    title = f"市民{RLO}gnp.exe"
    created = await resident.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": title, "body": "本文", "district_code": "chuo"},
    )
    assert_refused(created, "title", "U+202E")
    listed = (await anonymous.get(f"/api/v1/processes/{process_id}/proposals")).json()
    assert all(RLO not in p["title"] for p in listed["items"])


async def test_deeply_nested_json_is_a_clear_400(resident: Api, process_id: int) -> None:
    url = f"/api/v1/processes/{process_id}/proposals"
    for body in ("[" * 100_000, '{"title": ' + "[" * 50_000 + "]" * 50_000 + "}"):
        response = await resident.post(
            url, content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "levels deep" in response.json()["detail"]
    brackets_in_text = await post_proposal(resident, process_id, body="[" * 1000)
    assert brackets_in_text["body"] == "[" * 1000


def _cursor(*values: int) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(list(values))).decode().rstrip("=")


@pytest.mark.parametrize("sort", ["most_agreed", "most_discussed", "newest"])
async def test_cursors_out_of_range_are_invalid_not_500(
    resident: Api, anonymous: Api, process_id: int, sort: str
) -> None:
    await post_proposal(resident, process_id)
    url = f"/api/v1/processes/{process_id}/proposals"
    for values in [(2**31, 5), (-(2**31) - 1, 5), (3, 2**63), (3, -(2**63) - 1), (2**64, 2**64)]:
        response = await anonymous.get(url, params={"sort": sort, "cursor": _cursor(*values)})
        assert response.status_code == 422, (values, response.text)
        assert "cursor is not valid" in response.json()["detail"]
    fine = await anonymous.get(url, params={"sort": sort, "cursor": _cursor(2**31 - 1, 2**62)})
    assert fine.status_code == 200


async def test_a_refused_character_is_named_by_its_path_even_in_a_large_body(
    planner: Api, resident: Api, process_id: int
) -> None:
    nested = await planner.patch(
        f"/api/v1/processes/{process_id}",
        json={"phases": [{"phase": "ideas"}, {"phase": f"voting{NUL}"}]},
    )
    assert_refused(nested, "phases[1].phase")
    url = f"/api/v1/processes/{process_id}/proposals"
    many = await resident.post(
        url,
        json={
            "title": "t",
            "body": "b",
            "district_code": "chuo",
            "tags": ["ok"] * 100_000 + [f"x{NUL}"],
        },
    )
    assert_refused(many, "tags[100000]")
    wide = await resident.post(
        url,
        json={
            "title": "t",
            "body": "b",
            "district_code": "chuo",
            "tags": [{}] * 20_000 + [[f"x{NUL}"]],
        },
    )
    assert wide.status_code == 422  # too wide to name the field, refused all the same
    assert wide.json()["detail"].startswith("The request was not accepted: contains")
    escaped_backslash = await post_proposal(resident, process_id, body="C:\\u0000 はパスです")
    assert escaped_backslash["body"] == "C:\\u0000 はパスです"
