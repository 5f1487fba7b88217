"""Rate limits answer 429 problem+json with Retry-After, and their counters are shared by every
API process (the database on PostgreSQL, Redis when configured)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest

from backend.app import close_database_clients, create_app
from backend.core.config import load_settings
from backend.core.database import Database
from backend.core.errors import ServiceUnavailable
from backend.core.ratelimit import (
    DatabaseStore,
    MemoryStore,
    RateLimiter,
    RedisStore,
    Rule,
    default_rules,
    make_rate_limiter,
    rules_from_settings,
)
from support import PASSWORD, Api, make_user, post_proposal, session_tokens, set_phase


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body["status"] == 429 and body["type"] == "/problems/rate-limited"
    assert "wait" in body["detail"]


def tighten(app: Any, **rules: tuple[int, int]) -> None:
    for name, (limit, window) in rules.items():
        app.state.rate_limiter.rules[name] = Rule(limit, window)


async def login(api: Api, email: str, password: str) -> httpx.Response:
    return await api.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_an_account_is_locked_for_a_while_after_five_wrong_passwords(
    app: Any, database: Database, anonymous: Api
) -> None:
    await make_user(database, "victim@example.jp")
    await make_user(database, "bystander@example.jp")
    for _ in range(default_rules()["login_account"].limit):
        assert (await login(anonymous, "victim@example.jp", "wrong guess!")).status_code == 401
    # even the right password is refused now: a guesser learns nothing more
    assert_rate_limited(await login(anonymous, "victim@example.jp", PASSWORD))
    assert_rate_limited(await login(anonymous, "VICTIM@example.jp ", PASSWORD))
    # another account from the same address still signs in
    assert (await login(anonymous, "bystander@example.jp", PASSWORD)).status_code == 200


async def test_an_address_that_sprays_passwords_is_throttled(
    app: Any, database: Database, anonymous: Api
) -> None:
    tighten(app, login_address=(4, 300))
    await make_user(database, "real@example.jp")
    for n in range(4):
        assert (await login(anonymous, f"guess{n}@example.jp", "password1234")).status_code == 401
    assert_rate_limited(await login(anonymous, "real@example.jp", PASSWORD))


async def test_successful_sign_ins_count_against_the_account_limit_too(
    app: Any, database: Database, anonymous: Api
) -> None:
    await make_user(database, "often@example.jp")
    for _ in range(default_rules()["login_account"].limit):
        assert (await login(anonymous, "often@example.jp", PASSWORD)).status_code == 200
    assert_rate_limited(await login(anonymous, "often@example.jp", PASSWORD))


@pytest.fixture(params=["usual store", "redis"])
async def login_app(request: pytest.FixtureRequest, database: Database) -> AsyncIterator[Any]:
    """The app with its usual counter store (memory on SQLite, the database on PostgreSQL) or
    with Redis."""
    settings = msgspec.structs.replace(database.settings, rate_limits=True)
    if request.param == "redis":
        probe = RedisStore("redis://127.0.0.1:6379/0")
        try:
            await probe.redis.ping()
        except Exception:
            pytest.skip("no Redis at 127.0.0.1:6379")
        finally:
            await probe.close()
        settings = msgspec.structs.replace(settings, rate_limit_store="redis")
    application = create_app(settings, database=database)
    yield application
    await close_database_clients(application)


async def test_sixty_simultaneous_sign_ins_to_one_account_get_only_five_password_checks(
    login_app: Any, database: Database
) -> None:
    """Attempts are counted before the password is checked, atomically in the store: of 60 at
    once, 5 are checked (the right password among the 60 or not) and 55 refused."""
    tighten(login_app, login_account=(5, 900), login_address=(1_000_000, 300))
    email = f"target-{uuid.uuid4().hex[:8]}@example.jp"  # Redis keeps counters between runs
    await make_user(database, email)
    clients = [Api(login_app) for _ in range(60)]
    for client in clients:
        await client.get("/api/v1/districts")  # the CSRF cookie
    passwords = ["wrong guess!"] * 60
    passwords[30] = PASSWORD
    answers = await asyncio.gather(
        *(
            login(client, email, password)
            for client, password in zip(clients, passwords, strict=True)
        )
    )
    statuses = [answer.status_code for answer in answers]
    checked = [status for status in statuses if status in (200, 401)]
    assert len(checked) == 5 and statuses.count(429) == 55, statuses


async def test_a_250_character_email_is_counted_per_account_and_never_a_500(
    app: Any, anonymous: Api
) -> None:
    email = "a" * 239 + "@example.jp"
    for _ in range(default_rules()["login_account"].limit):
        assert (await login(anonymous, email, "wrong guess!")).status_code == 401
    assert_rate_limited(await login(anonymous, email, "wrong guess!"))


async def test_votes_counted_in_one_batch_with_sign_ins_of_250_character_emails_succeed(
    app: Any, database: Database, make_api: Any, process_id: int
) -> None:
    """Rate-limit hits are batched; a sign-in with a 250-character e-mail once failed every
    vote counted with it (500s)."""
    author = await make_api("author@example.jp")
    proposal = await post_proposal(author, process_id)
    await set_phase(database, process_id, "voting")
    voters = [Api(app, token) for token in await session_tokens(database, 20)]
    attackers = [Api(app) for _ in range(5)]
    for client in [*voters, *attackers]:
        await client.get("/api/v1/districts")  # the CSRF cookie
    url = f"/api/v1/proposals/{proposal['id']}/vote"
    answers = await asyncio.gather(
        *(voter.put(url, json={"value": "agree"}) for voter in voters),
        *(
            login(attacker, f"{n}" + "a" * 238 + "@example.jp", "wrong guess!")
            for n, attacker in enumerate(attackers)
        ),
    )
    assert [a.status_code for a in answers] == [200] * 20 + [401] * 5


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_hit_the_counter_table_refuses_fails_alone_in_its_batch(
    database: Database,
) -> None:
    """A key too long for the column (as a 250-character e-mail once made) fails its own hit;
    the others counted in the same upsert get their counts."""
    application = create_app(database.settings, database)
    store = application.state.rate_limiter.store
    assert isinstance(store, DatabaseStore)
    keys = [f"vote:{n}" for n in range(6)]
    keys[3] = "login_account:" + "a" * 250
    outcomes = await asyncio.gather(
        *(store.hit(key, 0, 60) for key in keys), return_exceptions=True
    )
    assert [type(o) for o in outcomes] == [int] * 3 + [asyncpg.StringDataRightTruncationError] + [
        int
    ] * 2
    await close_database_clients(application)


async def test_sign_ups_from_one_address_are_limited(app: Any, anonymous: Api) -> None:
    tighten(app, register=(2, 3600))
    for n in range(2):
        response = await anonymous.post(
            "/api/v1/auth/register",
            json={
                "email": f"new{n}@example.jp",
                "password": "a long password",
                "display_name": "x",
            },
        )
        assert response.status_code == 202, response.text
    response = await anonymous.post(
        "/api/v1/auth/register",
        json={"email": "new9@example.jp", "password": "a long password", "display_name": "x"},
    )
    assert_rate_limited(response)


async def test_posting_is_limited_per_account(
    app: Any, resident: Api, other_resident: Api, process_id: int
) -> None:
    tighten(app, post=(3, 3600))
    proposal = await post_proposal(resident, process_id)
    for _ in range(2):
        response = await resident.post(
            f"/api/v1/proposals/{proposal['id']}/comments", json={"body": "追記です"}
        )
        assert response.status_code == 201
    response = await resident.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "もう一つ", "body": "連投です。", "district_code": "chuo"},
    )
    assert_rate_limited(response)
    # the budget is per account: a neighbour still posts
    await post_proposal(other_resident, process_id, title="別の意見")


async def test_photo_uploads_count_against_the_posting_limit(
    app: Any, resident: Api, process_id: int
) -> None:
    tighten(app, post=(2, 60))
    proposal = await post_proposal(resident, process_id)
    photo = {"file": ("photo.jpg", b"not even a photo", "image/jpeg")}
    url = f"/api/v1/proposals/{proposal['id']}/images"
    assert (await resident.post(url, data={"alt": "写真"}, files=photo)).status_code == 422
    assert_rate_limited(await resident.post(url, data={"alt": "写真"}, files=photo))


async def test_voting_is_limited_per_account(
    app: Any, database: Database, resident: Api, other_resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(other_resident, process_id)
    await set_phase(database, process_id, "voting")
    tighten(app, vote=(3, 3600))
    url = f"/api/v1/proposals/{proposal['id']}/vote"
    for value in ("agree", "disagree", "pass"):
        assert (await resident.put(url, json={"value": value})).status_code == 200
    assert_rate_limited(await resident.put(url, json={"value": "agree"}))
    assert (await other_resident.put(url, json={"value": "agree"})).status_code == 200


async def test_similar_proposal_queries_are_limited(
    app: Any, anonymous: Api, process_id: int
) -> None:
    tighten(app, similar=(2, 3600))
    url = f"/api/v1/processes/{process_id}/similar"
    for _ in range(2):
        assert (await anonymous.get(url, params={"text": "バスの本数"})).status_code == 200
    assert_rate_limited(await anonymous.get(url, params={"text": "バスの本数"}))


async def test_furigana_readings_are_limited(app: Any, anonymous: Api) -> None:
    tighten(app, readings=(2, 60))
    for _ in range(2):
        answer = await anonymous.post("/api/v1/readings", json={"texts": ["公園"]})
        assert answer.status_code == 200
    assert_rate_limited(await anonymous.post("/api/v1/readings", json={"texts": ["公園"]}))


def test_rules_can_be_changed_or_switched_off_by_environment(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("KYOSO_RATE_LIMIT_VOTE", "600/30")
    monkeypatch.setenv("KYOSO_RATE_LIMITS", "off")
    sqlite = load_settings(data_dir=tmp_path)
    postgres = load_settings(data_dir=tmp_path, database_url="postgresql://db/kyoso")
    assert rules_from_settings(sqlite)["vote"] == Rule(600, 30)
    assert make_rate_limiter(object(), sqlite).enabled is False
    monkeypatch.delenv("KYOSO_RATE_LIMITS")
    assert isinstance(
        make_rate_limiter(object(), load_settings(data_dir=tmp_path)).store, MemoryStore
    )
    assert isinstance(make_rate_limiter(object(), postgres).store, DatabaseStore)
    redis = msgspec.structs.replace(postgres, rate_limit_store="redis")
    assert isinstance(make_rate_limiter(object(), redis).store, RedisStore)
    monkeypatch.setenv("KYOSO_RATE_LIMIT_VOTE", "many")
    with pytest.raises(ValueError, match="KYOSO_RATE_LIMIT_VOTE must be count/seconds"):
        rules_from_settings(load_settings(data_dir=tmp_path))


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_api_processes_share_one_budget_on_postgresql(
    database: Database, process_id: int
) -> None:
    """Two app instances (as two processes would) count against the same database rows."""
    first, second = create_app(database.settings, database), create_app(database.settings, database)
    for app in (first, second):
        assert isinstance(app.state.rate_limiter.store, DatabaseStore)
        tighten(app, login_account=(3, 900))
    await make_user(database, "shared@example.jp")
    a, b = Api(first), Api(second)
    assert (await login(a, "shared@example.jp", "wrong guess!")).status_code == 401
    assert (await login(b, "shared@example.jp", "wrong guess!")).status_code == 401
    assert (await login(a, "shared@example.jp", "wrong guess!")).status_code == 401
    assert_rate_limited(await login(b, "shared@example.jp", PASSWORD))
    for app in (first, second):
        await close_database_clients(app)


async def burst(limiters: list[RateLimiter], subject: str, hits: int) -> list[int]:
    """``hits`` simultaneous votes of one subject, spread over the limiters; their statuses."""

    async def hit(index: int) -> int:
        try:
            await limiters[index % len(limiters)].hit("vote", subject)
        except Exception as error:
            return int(getattr(error, "status_code", 0))
        return 200

    return sorted(await asyncio.gather(*(hit(i) for i in range(hits))))


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_burst_counted_in_shared_batches_refuses_exactly_the_hits_over_the_limit(
    database: Database,
) -> None:
    """Two processes' stores, 40 simultaneous hits of one budget of 25: the batched upserts
    give every hit its own count, so exactly 15 are refused and the row holds all 40."""
    apps = [create_app(database.settings, database) for _ in range(2)]
    limiters = [RateLimiter(app.state.rate_limiter.store, {"vote": Rule(25, 60)}) for app in apps]
    subject = f"user:{uuid.uuid4().hex}"
    assert await burst(limiters, subject, 40) == [200] * 25 + [429] * 15
    stores = [limiter.store for limiter in limiters]
    assert isinstance(stores[0], DatabaseStore)
    assert sum(store.batched.batches for store in stores) < 40  # hits shared upserts
    window = limiters[0]._window(Rule(25, 60))[0]
    assert await stores[0].hit(RateLimiter.key("vote", subject), window, 65) == 41
    for app in apps:
        await close_database_clients(app)


async def test_two_limiters_share_one_budget_in_redis() -> None:
    store = RedisStore("redis://127.0.0.1:6379/0")
    try:
        await store.redis.ping()
    except Exception:
        pytest.skip("no Redis at 127.0.0.1:6379")
    other = RedisStore("redis://127.0.0.1:6379/0")
    rules = {"vote": Rule(3, 60)}
    first, second = RateLimiter(store, rules), RateLimiter(other, rules)
    subject = f"user:{uuid.uuid4().hex}"
    await first.hit("vote", subject)
    await second.hit("vote", subject)
    await first.hit("vote", subject)
    with pytest.raises(Exception) as refused:
        await second.hit("vote", subject)
    assert getattr(refused.value, "status_code", None) == 429
    # a burst: batched pipelines still give each hit its own count
    limiters = [RateLimiter(s, {"vote": Rule(25, 60)}) for s in (store, other)]
    assert await burst(limiters, f"user:{uuid.uuid4().hex}", 40) == [200] * 25 + [429] * 15
    await store.close()
    await other.close()


async def test_a_redis_store_out_of_reach_is_a_503_not_a_crash() -> None:
    store = RedisStore("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with pytest.raises(ServiceUnavailable):
        await RateLimiter(store, {"vote": Rule(5, 60)}).hit("vote", "user:1")
    await store.close()


async def test_downloading_ones_own_data_is_limited_per_account(
    app: Any, resident: Api, other_resident: Api
) -> None:
    tighten(app, my_data=(2, 3600))
    for _ in range(2):
        assert (await resident.get("/api/v1/auth/me/data")).status_code == 200
    assert_rate_limited(await resident.get("/api/v1/auth/me/data"))
    assert (await other_resident.get("/api/v1/auth/me/data")).status_code == 200


async def test_guessing_the_password_to_delete_an_account_counts_like_sign_ins(
    app: Any, resident: Api
) -> None:
    """Deleting an account asks for its password: a stolen session must not make it a
    password oracle without the sign-in limit."""
    tighten(app, login_account=(3, 900))
    for _ in range(2):  # the sign-in of the fixture was the first attempt
        wrong = await resident.request(
            "DELETE", "/api/v1/auth/me", json={"password": "a wrong guess"}
        )
        assert wrong.status_code == 403, wrong.text
    assert_rate_limited(
        await resident.request("DELETE", "/api/v1/auth/me", json={"password": PASSWORD})
    )
    assert (await resident.get("/api/v1/auth/me")).status_code == 200
