"""Every route × every role answers with the expected status.

The routes come from the application itself: a route added without an entry in ``MATRIX``
fails ``test_every_route_has_an_entry``. A feature may keep its routes' entries in its own test
folder, ``tests/backend/<feature>/role_matrix.py`` (a ``MATRIX`` of ``role_cases.Case``), so
that adding a feature touches only its folders; they join ``MATRIX`` here.

Each route is called by six people — anonymous, the resident who owns the proposal and comment,
another resident, a planner, a council member and an admin — against a fresh process, proposal,
comment, report and analysis run, so that what one call changes does not decide the next
route's answer.

Set ``KYOSO_PRINT_MATRIX=1`` to print the observed table (to review and paste when routes change).
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
from itertools import count
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PIL import Image
from role_cases import (
    ADMIN_ONLY,
    ALL,
    PUBLIC_READ,
    STAFF_ONCE,
    STAFF_READ,
    STAFF_WRITE,
    Case,
)

from backend.analysis.models import AnalysisRun
from backend.core.database import Database
from backend.core.ratelimit import MemoryStore, RateLimiter
from backend.processes.models import District
from support import Api, make_process, make_user, post_proposal, set_phase

ROLES = ("anonymous", "resident", "other_resident", "planner", "council", "admin")
# Routes that are not part of the API contract (the SPA and the API docs) answer the same to all.
NON_API = re.compile(r"^/api/docs|^/$|^/\{path")
MISSING = 987_654  # an id that never exists


PROCESS = {"slug": "new-{n}", "title_ja": "新しい計画"}
PHOTO = "multipart: a photo"  # sent as multipart/form-data (file + alt), not JSON
OFFLINE_FILE = "multipart: a CSV of offline submissions"  # one row, its title numbered
CONSULTATION = "multipart: an earlier consultation's CSV"  # one opinion, imported as a process
ADDRESS_FILE = "multipart: a CSV of addresses for postcard codes"  # one addressee
RESPONSE = {"summary": "要約", "response": "市の考え方", "status": "reflected", "proposal_id": 0}

MATRIX: dict[str, Case] = {
    "GET /health": Case(PUBLIC_READ),
    "GET /ready": Case(PUBLIC_READ),
    "GET /api/v1/districts": Case(PUBLIC_READ),
    "POST /api/v1/districts": Case(
        (401, 403, 403, 201, 403, 201),
        body={"code": "new-{n}", "name_ja": "新地区", "name_en": "New"},
    ),
    "PATCH /api/v1/districts/{code:str}": Case(STAFF_WRITE, body={"name_en": "Renamed"}),
    # the world's own district is unused: the planner deletes (or merges) it, then it is gone
    "DELETE /api/v1/districts/{code:str}": Case((401, 403, 403, 204, 403, 404)),
    "POST /api/v1/districts/{code:str}/merge": Case(
        (401, 403, 403, 201, 403, 404), body={"into": "kita"}
    ),
    "GET /api/v1/processes": Case(PUBLIC_READ),
    "GET /api/v1/processes/{process_id:int}": Case(PUBLIC_READ),
    "POST /api/v1/processes": Case((401, 403, 403, 201, 403, 201), body=PROCESS),
    "PATCH /api/v1/processes/{process_id:int}": Case(STAFF_WRITE, body={"title_en": "Plan"}),
    "POST /api/v1/processes/{process_id:int}/archive": Case(STAFF_ONCE),
    "POST /api/v1/processes/{process_id:int}/restore": Case((401, 403, 403, 409, 403, 409)),
    # approvals (決裁): staff only; a made-up preview hash is refused (409)
    "GET /api/v1/processes/{process_id:int}/approvals/preview"
    "?object_type=phase&object_id={process_id}&target=voting": Case(STAFF_WRITE),
    "POST /api/v1/processes/{process_id:int}/approvals": Case(
        (401, 403, 403, 409, 403, 409),
        body={
            "object_type": "phase",
            "object_id": "{process_id}",
            "target": "voting",
            "payload_hash": "0" * 64,
        },
    ),
    "GET /api/v1/approvals": Case(STAFF_WRITE),
    "POST /api/v1/approvals/{approval_id:int}/approve": Case((401, 403, 403, 404, 403, 404)),
    "POST /api/v1/approvals/{approval_id:int}/return": Case(
        (401, 403, 403, 404, 403, 404), body={"comment": "数値を確認してください。"}
    ),
    "GET /api/v1/processes/{process_id:int}/proposals": Case(PUBLIC_READ),
    "GET /api/v1/processes/{process_id:int}/proposals/unvoted": Case(
        (401, 200, 200, 403, 403, 403), phase="voting"
    ),
    "GET /api/v1/processes/{process_id:int}/proposals/count": Case(PUBLIC_READ),
    "POST /api/v1/readings": Case(PUBLIC_READ, body={"texts": ["公園の遊具"]}),
    "POST /api/v1/processes/{process_id:int}/proposals": Case(
        (401, 201, 201, 403, 403, 403),
        body={"title": "公園にベンチを", "body": "休める場所がほしい。", "district_code": "kita"},
    ),
    "POST /api/v1/processes/{process_id:int}/proxy-proposals": Case(
        (401, 403, 403, 201, 403, 201),
        body={
            "title": "はがきの意見",
            "body": "図書館の開館時間を延ばして。",
            "channel": "paper",
            "district_code": "chuo",
        },
    ),
    "GET /api/v1/processes/{process_id:int}/paper-form.pdf": Case(PUBLIC_READ),
    # offline votes: planners and admins enter tally sheets and paper ballots (missing ids: 404)
    "POST /api/v1/processes/{process_id:int}/tally-sheets": Case(
        (401, 403, 403, 201, 403, 201),
        body={"proposal_id": "{proposal_id}", "channel": "meeting", "agree": 3, "disagree": 1},
    ),
    "GET /api/v1/processes/{process_id:int}/tally-sheets": Case(STAFF_WRITE),
    "PUT /api/v1/processes/{process_id:int}/tally-sheets/{sheet_id:int}": Case(
        (401, 403, 403, 404, 403, 404), body={"agree": 1, "disagree": 0}
    ),
    "DELETE /api/v1/processes/{process_id:int}/tally-sheets/{sheet_id:int}": Case(
        (401, 403, 403, 404, 403, 404)
    ),
    "POST /api/v1/processes/{process_id:int}/ballots": Case(
        (401, 403, 403, 201, 403, 201),
        body={"channel": "paper", "votes": [{"proposal_id": "{proposal_id}", "vote": "agree"}]},
    ),
    "GET /api/v1/processes/{process_id:int}/ballots": Case(STAFF_WRITE),
    "PUT /api/v1/processes/{process_id:int}/ballots/{ballot_id:int}": Case(
        (401, 403, 403, 404, 403, 404), body={"votes": []}
    ),
    "DELETE /api/v1/processes/{process_id:int}/ballots/{ballot_id:int}": Case(
        (401, 403, 403, 404, 403, 404)
    ),
    "GET /api/v1/processes/{process_id:int}/vote-breakdown": Case(STAFF_READ),
    # workshops (付箋入力): planners and admins; notes of a missing workshop are 404
    "GET /api/v1/processes/{process_id:int}/workshops": Case(STAFF_WRITE),
    "POST /api/v1/processes/{process_id:int}/workshops": Case(
        (401, 403, 403, 201, 403, 201),
        body={"title": "説明会{n}", "held_on": "2026-12-01", "tables": ["1班", "2班"]},
    ),
    "POST /api/v1/workshops/{workshop_id:int}/notes": Case(
        (401, 403, 403, 404, 403, 404),
        body={
            "notes": [
                {
                    "id": "8f6d2c4e-0b1a-4c3d-9e8f-7a6b5c4d3e2f",
                    "table": "1班",
                    "text": "ベンチがほしい",
                }
            ]
        },
    ),
    "GET /api/v1/processes/{process_id:int}/proxy-proposals/template.xlsx": Case(STAFF_WRITE),
    "GET /api/v1/processes/{process_id:int}/proxy-proposals/template.csv": Case(STAFF_WRITE),
    "POST /api/v1/processes/{process_id:int}/proxy-proposals/import": Case(
        (401, 403, 403, 201, 403, 201), body=OFFLINE_FILE
    ),
    "POST /api/v1/imports/preview": Case((401, 403, 403, 200, 403, 200), body=CONSULTATION),
    "POST /api/v1/imports": Case((401, 403, 403, 201, 403, 201), body=CONSULTATION),
    "GET /api/v1/proposals/{proposal_id:int}": Case(PUBLIC_READ),
    # only the author edits or withdraws; staff hide instead
    "PATCH /api/v1/proposals/{proposal_id:int}": Case(
        (401, 200, 403, 403, 403, 403), body={"title": "路線バスの本数を増やしてください"}
    ),
    "POST /api/v1/proposals/{proposal_id:int}/withdraw": Case((401, 200, 403, 403, 403, 403)),
    # photos: only the author adds them (staff on proxy entries); the id here is missing
    "POST /api/v1/proposals/{proposal_id:int}/images": Case(
        (401, 201, 403, 403, 403, 403), body=PHOTO
    ),
    "DELETE /api/v1/proposals/{proposal_id:int}/images/{image_id:int}": Case(
        (401, 404, 403, 403, 403, 403)
    ),
    "GET /api/v1/proposals/{proposal_id:int}/images/{image_id:int}/{variant:str}": Case(ALL(404)),
    "PUT /api/v1/proposals/{proposal_id:int}/vote": Case(
        (401, 200, 200, 403, 403, 403), phase="voting", body={"value": "agree"}
    ),
    "DELETE /api/v1/proposals/{proposal_id:int}/vote": Case(
        (401, 200, 200, 403, 403, 403), phase="voting"
    ),
    "GET /api/v1/proposals/{proposal_id:int}/comments": Case(PUBLIC_READ),
    "POST /api/v1/proposals/{proposal_id:int}/comments": Case(
        (401, 201, 201, 201, 201, 201), body={"body": "賛成です。"}
    ),
    "POST /api/v1/proposals/{proposal_id:int}/reports": Case(
        (401, 201, 409, 201, 201, 201), body={"reason": "spam"}
    ),
    "POST /api/v1/comments/{comment_id:int}/reports": Case(
        (401, 201, 201, 201, 201, 201), body={"reason": "abuse"}
    ),
    "GET /api/v1/moderation/reports": Case(STAFF_WRITE),
    # the planner acts first; the admin then finds it done (409)
    "POST /api/v1/moderation/reports/{report_id:int}/resolve": Case(STAFF_ONCE),
    "POST /api/v1/moderation/{target:str}/{target_id:int}/hide": Case(
        STAFF_ONCE, body={"reason": "個人情報を含むため"}
    ),
    "POST /api/v1/moderation/{target:str}/{target_id:int}/restore": Case(
        (401, 403, 403, 409, 403, 409),  # nothing is hidden: the guard let staff through
        body={"reason": "確認しました"},
    ),
    "POST /api/v1/auth/login": Case(ALL(200), body={"email": "{email}", "password": "{password}"}),
    "POST /api/v1/auth/logout": Case((401, 204, 204, 204, 204, 204)),
    "GET /api/v1/auth/me": Case((401, 200, 200, 200, 200, 200)),
    "PATCH /api/v1/auth/me": Case((401, 200, 200, 200, 200, 200), body={"language": "en"}),
    "GET /api/v1/auth/me/data": Case((401, 200, 200, 200, 200, 200)),
    # with a wrong password (the right one would end these accounts): signed in is not enough
    "DELETE /api/v1/auth/me": Case(
        (401, 403, 403, 403, 403, 403), body={"password": "not the password"}
    ),
    "POST /api/v1/auth/register": Case(
        ALL(202),
        body={
            "email": "new-{n}@example.jp",
            "password": "a long enough password",
            "display_name": "新しい住民",
        },
    ),
    "GET /api/v1/admin/users": Case(ADMIN_ONLY),
    "POST /api/v1/admin/users": Case(
        (401, 403, 403, 403, 403, 201),
        body={"email": "staff-{n}@example.jp", "display_name": "職員", "role": "planner"},
    ),
    "POST /api/v1/admin/users/{user_id:int}/reset-link": Case((401, 403, 403, 403, 403, 201)),
    "PATCH /api/v1/admin/users/{user_id:int}": Case(ADMIN_ONLY, body={"role": "council"}),
    # a made-up link: refused alike for everyone (the link, not the session, is the proof)
    "POST /api/v1/auth/invitation/accept": Case(
        ALL(422), body={"token": "not-a-link-token-at-all", "password": "a long enough password"}
    ),
    "GET /api/v1/admin/audit-events": Case(ADMIN_ONLY),
    "GET /api/v1/admin/audit-events/catalogue": Case(ADMIN_ONLY),
    "GET /api/v1/admin/audit-events/export": Case(ADMIN_ONLY),
    "POST /api/v1/auth/consent": Case(
        (401, 200, 200, 200, 200, 200), body={"terms_version": 0, "privacy_version": 0}
    ),
    "POST /api/v1/auth/password-reset": Case(ALL(202), body={"email": "{email}"}),
    "POST /api/v1/auth/password-reset/confirm": Case(
        ALL(422), body={"token": "not-a-token-we-sent", "password": "a long enough password"}
    ),
    "POST /api/v1/auth/confirm-email": Case(ALL(422), body={"token": "not-a-token-we-sent"}),
    "POST /api/v1/auth/confirm-email/resend": Case((401, 202, 202, 202, 202, 202)),
    # OpenID Connect sign-in: this app offers no provider, so every provider's route is 404
    "GET /api/v1/auth/providers": Case(PUBLIC_READ),
    "GET /api/v1/auth/oidc/{provider_id:str}/start": Case(ALL(404)),
    "POST /api/v1/auth/oidc/{provider_id:str}/link": Case((401, 404, 404, 404, 404, 404)),
    "GET /api/v1/auth/oidc/{provider_id:str}/callback": Case(ALL(404)),
    "GET /api/v1/auth/me/identities": Case((401, 200, 200, 200, 200, 200)),
    "DELETE /api/v1/auth/me/identities/{identity_id:int}": Case((401, 404, 404, 404, 404, 404)),
    "GET /api/v1/auth/me/notifications": Case((401, 200, 200, 200, 200, 200)),
    "PUT /api/v1/auth/me/notifications": Case(
        (401, 200, 200, 200, 200, 200),
        body={"answers": True, "replies": False, "drafts": True, "daily_digest": False},
    ),
    # signed by the token, not the session: a forged one is refused for everyone
    "POST /api/v1/notifications/unsubscribe?token=1.forged": Case(ALL(422)),
    "GET /api/v1/notifications/unsubscribe?token=1.forged": Case(ALL(303)),
    # 本人確認: a resident's tier and code; postcards and counter checks by planners and admins
    "GET /api/v1/verification/me": Case((401, 200, 200, 200, 200, 200)),
    "POST /api/v1/verification/code": Case(  # a made-up code; staff accounts have no tier
        (401, 422, 422, 409, 409, 409), body={"code": "ABCD-EFGH-JKMN"}
    ),
    "GET /api/v1/verification/postcard-batches": Case(STAFF_WRITE),
    "POST /api/v1/verification/postcard-batches": Case(
        (401, 403, 403, 201, 403, 201),
        body={"addresses": [{"name": "緑川 みどり", "address": "緑市中央1-2-3"}]},
    ),
    "POST /api/v1/verification/postcard-batches/file": Case(
        (401, 403, 403, 201, 403, 201), body=ADDRESS_FILE
    ),
    "GET /api/v1/verification/users?q=target": Case(STAFF_WRITE),
    # the target is a council member by now (PATCH …/admin/users ran first): the guard let
    # staff through, and staff accounts take no tier
    "POST /api/v1/verification/users/{user_id:int}/counter": Case(
        (401, 403, 403, 409, 403, 409), body={"note": "運転免許証で確認"}
    ),
    "POST /api/v1/verification/users/{user_id:int}/revoke": Case(
        (401, 403, 403, 409, 403, 409), body={}
    ),
    "GET /api/v1/site": Case(PUBLIC_READ),
    # routes run sorted (DELETE, GET, … PUT): the site has no page or settings when these read
    "GET /api/v1/site/pages/{kind:str}": Case(ALL(404)),
    "GET /api/v1/site/pages/{kind:str}/versions": Case(PUBLIC_READ),
    "GET /api/v1/site/logo": Case(ALL(404)),
    "PUT /api/v1/admin/site": Case(ADMIN_ONLY, body={"name_ja": "テスト市"}),
    # the accessibility statement: a new terms version would hold up the residents' next writes
    "POST /api/v1/admin/site/pages/{kind:str}": Case(
        (401, 403, 403, 403, 403, 201), body={"body_ja": "# 方針"}
    ),
    "PUT /api/v1/admin/site/logo": Case((401, 403, 403, 403, 403, 422)),  # no image sent
    "DELETE /api/v1/admin/site/logo": Case((401, 403, 403, 403, 403, 409)),  # no city set yet
    "GET /api/v1/processes/{process_id:int}/analysis-runs": Case(STAFF_READ),
    # the world already has a failed run; a new one may start once (then 409: one active run)
    "POST /api/v1/processes/{process_id:int}/analysis-runs": Case(
        (401, 403, 403, 201, 403, 409), body={"backend": "tfidf"}
    ),
    "GET /api/v1/processes/{process_id:int}/themes": Case(PUBLIC_READ),
    "GET /api/v1/processes/{process_id:int}/similar?text=バスの本数": Case(PUBLIC_READ),
    "GET /api/v1/analysis-runs/{run_id:int}": Case(STAFF_READ),
    "POST /api/v1/analysis-runs/{run_id:int}/cancel": Case((401, 403, 403, 409, 403, 409)),
    "POST /api/v1/analysis-runs/{run_id:int}/retry": Case((401, 403, 403, 200, 403, 409)),
    "POST /api/v1/analysis-runs/{run_id:int}/unpublish": Case((401, 403, 403, 409, 403, 409)),
    "GET /api/v1/analysis-runs/{run_id:int}/themes": Case((401, 403, 403, 409, 409, 409)),
    "GET /api/v1/analysis-runs/{run_id:int}/theme-edits": Case(STAFF_READ),
    "POST /api/v1/analysis-runs/{run_id:int}/theme-edits": Case(
        (401, 403, 403, 409, 403, 409), body={"type": "rename", "theme_key": "t0", "title": "交通"}
    ),
    "GET /api/v1/analysis-runs/{run_id:int}/opinions": Case((401, 403, 403, 409, 409, 409)),
    "GET /api/v1/analysis-runs/{run_id:int}/duplicates": Case((401, 403, 403, 409, 409, 409)),
    "GET /api/v1/analysis-runs/{run_id:int}/compare/{other_id:int}": Case(
        (401, 403, 403, 409, 409, 409)
    ),
    "POST /api/v1/processes/{process_id:int}/drafts": Case(
        (401, 403, 403, 409, 403, 409), body={"run_id": "{run_id}"}
    ),
    "GET /api/v1/processes/{process_id:int}/drafts": Case(STAFF_READ),
    "GET /api/v1/processes/{process_id:int}/draft": Case(ALL(404)),
    "GET /api/v1/drafts/{draft_id:int}": Case((401, 403, 403, 404, 404, 404)),
    "PUT /api/v1/drafts/{draft_id:int}": Case(
        (401, 403, 403, 422, 403, 422),  # guard first, then the body is refused
        body={"base_version": 1, "content": {"sections": []}},
    ),
    "GET /api/v1/drafts/{draft_id:int}/versions": Case((401, 403, 403, 404, 404, 404)),
    "GET /api/v1/drafts/{draft_id:int}/compare?from=1&to=2": Case((401, 403, 403, 404, 404, 404)),
    "GET /api/v1/drafts/{draft_id:int}/compare/docx?from=1&to=2": Case(
        (401, 403, 403, 404, 404, 404)
    ),
    "GET /api/v1/drafts/{draft_id:int}/lineage": Case(ALL(404)),
    "GET /api/v1/drafts/{draft_id:int}/comments": Case(ALL(404)),
    "POST /api/v1/drafts/{draft_id:int}/sections/{section_key:str}/comments": Case(
        (401, 404, 404, 403, 403, 403), body={"body": "意見です。"}
    ),
    "GET /api/v1/processes/{process_id:int}/responses": Case(PUBLIC_READ),
    "PUT /api/v1/processes/{process_id:int}/responses": Case(STAFF_WRITE, body=RESPONSE),
    "GET /api/v1/processes/{process_id:int}/responses/worklist": Case(
        (401, 403, 403, 200, 403, 200)
    ),  # planners, admins
    "POST /api/v1/processes/{process_id:int}/responses/bulk": Case(
        (401, 403, 403, 409, 403, 409),  # the fixture's run failed: it has no themes
        body={
            **{k: v for k, v in RESPONSE.items() if k != "proposal_id"},
            "run_id": "{run_id}",
            "theme_key": "t1",
        },
    ),
    "GET /api/v1/processes/{process_id:int}/stats": Case(STAFF_READ),
    "GET /api/v1/stats/activity": Case((401, 403, 403, 200, 403, 200)),  # planners, admins
    "POST /api/v1/processes/{process_id:int}/exports": Case(
        (401, 403, 403, 202, 202, 202), body={"format": "opendata-json"}
    ),
    "GET /api/v1/processes/{process_id:int}/exports": Case(STAFF_READ),
    "GET /api/v1/processes/{process_id:int}/public-exports": Case(PUBLIC_READ),
    "GET /api/v1/processes/{process_id:int}/public-exports/{format_name:str}": Case(ALL(404)),
    "GET /api/v1/exports/{job_id:int}": Case((401, 403, 403, 404, 404, 404)),
    "GET /api/v1/exports/{job_id:int}/download": Case((401, 403, 403, 404, 404, 404)),
}


def _feature_matrices() -> dict[str, Case]:
    found: dict[str, Case] = {}
    for path in sorted((Path(__file__).parents[1] / "backend").glob("*/role_matrix.py")):
        spec = importlib.util.spec_from_file_location(f"role_matrix_{path.parent.name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        overlap = found.keys() & module.MATRIX.keys() | MATRIX.keys() & module.MATRIX.keys()
        assert not overlap, f"{path}: entries already in the matrix: {sorted(overlap)}"
        found.update(module.MATRIX)
    return found


MATRIX.update(_feature_matrices())


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 200)).save(out, "PNG")
    return out.getvalue()


def api_routes(app: Any) -> list[str]:
    """``"METHOD path"`` of every route the application serves (HEAD/OPTIONS aside)."""
    keys = []
    for route in app.routes:
        for method in getattr(route, "route_handler_map", {}):
            if method not in ("HEAD", "OPTIONS") and not NON_API.search(route.path):
                keys.append(f"{method} {route.path}")
    return sorted(keys)


def matrix_entry(key: str) -> Case | None:
    for entry, case in MATRIX.items():
        if entry.split("?", 1)[0] == key:
            return case
    return None


def test_every_route_has_an_entry(app: Any) -> None:
    missing = [key for key in api_routes(app) if matrix_entry(key) is None]
    assert not missing, f"add these routes to MATRIX with the status each role gets: {missing}"


class World(msgspec.Struct, kw_only=True):
    process_id: int
    proposal_id: int
    comment_id: int
    report_id: int
    run_id: int
    user_id: int
    code: str  # a district of its own, used by nothing


_numbers = count(1)


async def build_world(database: Database, people: dict[str, Api], phase: str) -> World:
    n = next(_numbers)
    process_id = await make_process(database, "ideas", slug=f"matrix-{n}")
    proposal = await post_proposal(people["resident"], process_id)
    comment = (
        await people["resident"].post(
            f"/api/v1/proposals/{proposal['id']}/comments", json={"body": "コメント"}
        )
    ).json()
    report = (
        await people["other_resident"].post(
            f"/api/v1/proposals/{proposal['id']}/reports", json={"reason": "spam"}
        )
    ).json()
    user_id = people["target"].user_id  # type: ignore[attr-defined]
    async with database.session(write=True) as session:
        run = AnalysisRun(process_id=process_id, status="failed", stage="failed", error="test")
        session.add(run)
        session.add(
            District(code=f"matrix-{n}", name_ja="検査地区", name_en="Matrix", position=100 + n)
        )
        await session.flush()
        run_id = run.id
    await set_phase(database, process_id, phase)
    return World(
        process_id=process_id,
        proposal_id=proposal["id"],
        comment_id=comment["id"],
        report_id=report["id"],
        run_id=run_id,
        user_id=user_id,
        code=f"matrix-{n}",
    )


def fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, dict):
        return {key: fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(value, values) for value in template]
    if isinstance(template, str):
        if re.fullmatch(r"\{(\w+)\}", template) and isinstance(values.get(template[1:-1]), int):
            return values[template[1:-1]]
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)
    return template


def url_for(entry: str, world: World) -> str:
    path = entry.split(" ", 1)[1]
    values = {
        **msgspec.structs.asdict(world),
        "other_id": world.run_id,
        "draft_id": MISSING,
        "approval_id": MISSING,
        "job_id": MISSING,
        "image_id": MISSING,
        "sheet_id": MISSING,
        "ballot_id": MISSING,
        "workshop_id": MISSING,
        "variant": "thumb",
        "format_name": "opendata-json",
        "section_key": "g1-m1-k1",  # a KPI key: every plan item takes comments
        "target": "proposals",
        "target_id": world.proposal_id,
        "kind": "accessibility",
        "provider_id": "nowhere",
        "identity_id": MISSING,
    }
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values[m.group(1)]), path)


class Target:
    """The account the admin routes act on."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id


@pytest.fixture
async def people(app: Any, database: Database, make_api: Any) -> dict[str, Api]:
    app.state.rate_limiter = RateLimiter(MemoryStore(), enabled=False)
    return {
        "anonymous": Api(app),
        "resident": await make_api("owner@example.jp"),
        "other_resident": await make_api("neighbour@example.jp"),
        "planner": await make_api("planner@example.jp", "planner", district=None, age_band=None),
        "council": await make_api("council@example.jp", "council", district=None, age_band=None),
        "admin": await make_api("admin@example.jp", "admin", district=None, age_band=None),
        "target": Target(await make_user(database, "target@example.jp")),  # type: ignore[dict-item]
    }


EMAILS = {
    "anonymous": "owner@example.jp",
    "resident": "owner@example.jp",
    "other_resident": "neighbour@example.jp",
    "planner": "planner@example.jp",
    "council": "council@example.jp",
    "admin": "admin@example.jp",
}


async def reset_session(api: Api, role: str) -> None:
    """After sign-in, sign-out or sign-up, put the person back in their own session."""
    if role == "anonymous":
        api.client.cookies.clear()
    else:
        await api.login(EMAILS[role])


async def test_each_role_gets_the_expected_status_on_every_route(
    app: Any, database: Database, people: dict[str, Api]
) -> None:
    observed: dict[str, tuple[int, ...]] = {}
    wrong: list[str] = []
    for route in api_routes(app):
        case = matrix_entry(route)
        assert case is not None, route
        entry = next(e for e in MATRIX if e.split("?", 1)[0] == route)
        world = await build_world(database, people, case.phase)
        method, url = route.split(" ", 1)[0], url_for(entry, world)
        statuses = []
        for role in ROLES:
            api = people[role]
            values = {
                **msgspec.structs.asdict(world),
                "n": next(_numbers),
                "email": EMAILS[role],
                "password": "correct horse battery",
            }
            body = fill(case.body, values)
            if body is not None and "proposal_id" in body and body["proposal_id"] == 0:
                body["proposal_id"] = world.proposal_id
            if body == PHOTO:
                response = await api.request(
                    method,
                    url,
                    data={"alt": "写真"},
                    files={"file": ("photo.png", _png(), "image/png")},
                )
            elif body == OFFLINE_FILE:
                rows = f"受付日,経路,題名,本文\n2025-01-05,紙,はがき{values['n']},本文\n"
                response = await api.request(
                    method, url, files={"file": ("offline.csv", rows.encode(), "text/csv")}
                )
            elif body == CONSULTATION:
                settings = {
                    "format": "generic",
                    "mapping": {"text": "意見"},
                    "title_ja": f"過去の意見募集{values['n']}",
                }
                response = await api.request(
                    method,
                    url,
                    files={
                        "file": ("opinions.csv", "意見\n公園にベンチを\n".encode(), "text/csv"),
                        "settings": (None, msgspec.json.encode(settings)),
                    },
                )
            elif body == ADDRESS_FILE:
                response = await api.request(
                    method,
                    url,
                    files={
                        "file": (
                            "addresses.csv",
                            "氏名,郵便番号,住所\n緑川 みどり,,緑市中央1\n".encode(),
                            "text/csv",
                        )
                    },
                )
            else:
                response = await api.request(method, url, json=body)
            statuses.append(response.status_code)
            assert response.status_code < 500, (route, role, response.text)
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json")
            if "/auth/log" in route or route.endswith("/auth/register"):
                await reset_session(api, role)
        observed[entry] = tuple(statuses)
        if tuple(statuses) != case.expect:
            wrong.append(f"{entry}: expected {case.expect}, got {tuple(statuses)}")
    if os.environ.get("KYOSO_PRINT_MATRIX"):
        for entry, statuses in observed.items():
            print(f"{entry!r}: {statuses}")
    assert not wrong, "\n".join(wrong)
