"""Helpers for backend tests: a per-person API client and builders of real rows."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import httpx
import msgspec

from backend.core.database import Database, utcnow
from backend.core.security import hash_password, new_session_token, token_digest
from backend.drafts.generate import plan_to_content
from backend.drafts.models import Draft, DraftVersion
from backend.processes.models import Process, ProcessPhase
from backend.processes.phases import PHASES
from backend.users.models import User, UserSession
from backend.users.schemas import UserCreate
from backend.users.services import create_user
from ml import build_draft
from ml.schema import Keyword, Theme, ThemeSet

PASSWORD = "correct horse battery"
# Tests read the server's English details: accounts and clients default to English; the tests of
# Japanese messages (tests/backend/core/test_messages.py) ask for Japanese.
TEST_LANGUAGE = "en"


class Api:
    """An HTTP client for one person: its own cookies, and the CSRF header on unsafe calls."""

    def __init__(
        self, app: Any, session_token: str | None = None, language: str = TEST_LANGUAGE
    ) -> None:
        self.app = app
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers={"accept-language": language},
        )
        if session_token is not None:
            self.client.cookies.set("kyoso_session", session_token)

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if method not in ("GET", "HEAD", "OPTIONS"):
            if "csrftoken" not in self.client.cookies:
                await self.client.get("/api/v1/districts")
            headers = dict(kwargs.pop("headers", {}) or {})
            headers.setdefault("x-csrftoken", self.client.cookies["csrftoken"])
            kwargs["headers"] = headers
        return await self.client.request(method, url, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)

    async def login(self, email: str, password: str = PASSWORD) -> httpx.Response:
        response = await self.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.text
        return response


async def make_user(
    database: Database,
    email: str,
    role: str = "resident",
    district: str | None = "chuo",
    age_band: str | None = "30s",
    language: str = TEST_LANGUAGE,
) -> int:
    """An account created the way ``kyoso create-user`` creates it."""
    async with database.session(write=True) as session:
        user = await create_user(
            session,
            UserCreate(
                email=email,
                password=PASSWORD,
                display_name=email.split("@")[0],
                role=role,
                district_code=district,
                age_band=age_band,
            ),
            role=role,
            language=language,
        )
        return user.id


async def session_tokens(database: Database, count: int, prefix: str = "voter") -> list[str]:
    """Residents with sessions written straight into the database (hashing many passwords
    through the sign-in route would only slow a test down); their session tokens."""
    password_hash = hash_password("unused password")
    tokens = []
    async with database.session(write=True) as session:
        for i in range(count):
            user = User(
                email=f"{prefix}{i}@example.jp",
                display_name=f"{prefix}{i}",
                password_hash=password_hash,
                role="resident",
                district_code="chuo",
                language=TEST_LANGUAGE,
            )
            session.add(user)
            await session.flush()
            tokens.append(new_session_token())
            session.add(
                UserSession(
                    token_hash=token_digest(tokens[-1]),
                    user_id=user.id,
                    expires_at=utcnow() + timedelta(days=1),
                )
            )
    return tokens


async def make_process(database: Database, phase: str = "ideas", slug: str = "vision") -> int:
    async with database.session(write=True) as session:
        process = Process(
            slug=slug,
            title_ja="まちの未来ビジョン",
            title_en="Vision",
            phase=phase,
            phases=[ProcessPhase(phase=p, position=i) for i, p in enumerate(PHASES)],
        )
        session.add(process)
        await session.flush()
        return process.id


DRAFT_TEXTS = {
    "1": "路線バスの本数を増やしてほしい。通勤の時間帯のバスが少なくて困っています。",
    "2": "バス停に屋根とベンチがほしい。雨の日に待つのがつらいです。",
    "3": "避難所の場所が分からない。避難所の案内板を増やしてください。",
    "4": "避難所の備蓄品を確認したい。避難訓練にも参加したいです。",
}


def _theme(key: str, title: str, field: str, ids: list[str], words: list[str]) -> Theme:
    return Theme(
        id=key,
        level=1,
        parent_id=None,
        title=title,
        size=len(ids),
        keywords=[Keyword(w, 1.0) for w in words],
        representatives=[],
        proposal_ids=ids,
        policy_field=field,
    )


async def generated_draft(database: Database, process_id: int) -> int:
    """A draft as the generator writes it (KPIs from the catalogue, no values), stored as its
    first version the way ``POST /drafts`` stores one."""
    themes = [
        _theme(
            "t1",
            "公共交通：路線バスとバス停",
            "public_transport",
            ["1", "2"],
            ["バス", "路線バス", "バス停"],
        ),
        _theme(
            "t2",
            "防災：避難所と避難訓練",
            "disaster_prevention",
            ["3", "4"],
            ["避難所", "避難訓練", "備蓄品"],
        ),
    ]
    plan = build_draft(ThemeSet(themes, [], {}), DRAFT_TEXTS)
    content = plan_to_content(plan, "まちの未来ビジョン 素案")
    async with database.session(write=True) as session:
        draft = Draft(process_id=process_id, current_version=1)
        session.add(draft)
        await session.flush()
        session.add(DraftVersion(draft_id=draft.id, number=1, content=msgspec.to_builtins(content)))
        return draft.id


async def post_proposal(api: Api, process_id: int, **fields: Any) -> dict[str, Any]:
    body = {
        "title": "路線バスの本数を増やしてほしい",
        "body": "朝夕の路線バスが少なく、通勤や通学に困っています。",
        "district_code": "chuo",
    }
    body.update(fields)
    response = await api.post(f"/api/v1/processes/{process_id}/proposals", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def set_phase(database: Database, process_id: int, phase: str) -> None:
    async with database.session(write=True) as session:
        process = await session.get(Process, process_id)
        assert process is not None
        process.phase = phase


async def wait_for_run(
    api: Api, run_id: int, timeout: float = 120.0
) -> tuple[dict[str, Any], list[tuple[str, int]]]:
    """Poll a run until it finishes; returns it and every (status, progress) seen."""
    seen: list[tuple[str, int]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = (await api.get(f"/api/v1/analysis-runs/{run_id}")).json()
        seen.append((run["status"], run["progress"]))
        if run["status"] in ("succeeded", "failed", "cancelled"):
            return run, seen
        await asyncio.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s; last: {seen[-1:]}")


async def export_file(
    api: Api, process_id: int, name: str, **options: Any
) -> tuple[bytes, list[dict[str, Any]]]:
    """Start an export (``options``: more fields of the request, e.g. ``era``), poll it until
    it is done, download it; returns the file and every state of the job seen."""
    started = await api.post(
        f"/api/v1/processes/{process_id}/exports", json={"format": name, **options}
    )
    assert started.status_code == 202, started.text
    seen = [started.json()]
    deadline = time.monotonic() + 120
    while seen[-1]["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        seen.append((await api.get(f"/api/v1/exports/{seen[0]['id']}")).json())
    assert seen[-1]["status"] == "succeeded", seen[-1]
    download = await api.get(seen[-1]["download_url"])
    assert download.status_code == 200, download.text
    assert seen[-1]["filename"] in download.headers["content-disposition"]
    return download.content, seen


async def approved(
    submitter: Api,
    approver: Api,
    process_id: int,
    object_type: str,
    object_id: int,
    target: str = "",
) -> dict[str, Any]:
    """決裁 through the API: one staff account previews and submits, a second approves, which
    publishes it; returns the decided approval."""
    shown = await submitter.get(
        f"/api/v1/processes/{process_id}/approvals/preview",
        params={"object_type": object_type, "object_id": object_id, "target": target},
    )
    assert shown.status_code == 200, shown.text
    submitted = await submitter.post(
        f"/api/v1/processes/{process_id}/approvals",
        json={
            "object_type": object_type,
            "object_id": object_id,
            "target": target,
            "payload_hash": shown.json()["payload_hash"],
        },
    )
    assert submitted.status_code == 201, submitted.text
    decided = await approver.post(f"/api/v1/approvals/{submitted.json()['id']}/approve")
    assert decided.status_code == 200, decided.text
    return decided.json()


def settle_kpis(content: dict[str, Any]) -> dict[str, Any]:
    """What a planner does before publishing a generated draft: the first KPI of each measure
    gets its values, the others are marked 「設定中」 (values still being decided)."""
    for goal in content["sections"]:
        for measure in goal["measures"]:
            for i, kpi in enumerate(measure["kpis"]):
                if i == 0:
                    kpi.update(baseline="120", target="150", target_year="2030年度")
                else:
                    kpi["pending"] = True
    return content
