"""Request ids, JSON logs and Prometheus metrics (issue 17, item 8)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar import get

from backend.app import close_database_clients, create_app
from backend.core.database import Database
from backend.core.structured_logs import JsonFormatter, configure_logging
from support import Api, make_user, post_proposal

REPO = Path(__file__).resolve().parents[3]
TOKEN = "scrape-token-for-tests"


@get("/api/v1/test-broken")
async def broken_route() -> None:
    logging.getLogger("kyoso.test").info("about to fail")
    raise RuntimeError("a bug")


@pytest.fixture
async def observed(database: Database) -> AsyncIterator[Any]:
    """The app as `kyoso serve` builds it, with JSON logs and metrics on."""
    settings = msgspec.structs.replace(database.settings, metrics_token=TOKEN, log_format="json")
    app = create_app(settings, database=database)
    app.register(broken_route)
    yield app
    await close_database_clients(app)
    configure_logging("text", logging.INFO)


@pytest.fixture
def json_log(observed: Any) -> io.StringIO:
    """What the app's own log handler writes, read from a buffer: after the app was built, as
    in a server process, the root logger still has exactly that one JSON handler."""
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "kyoso", False)]
    assert len(handlers) == 1 and isinstance(handlers[0].formatter, JsonFormatter)
    stream = io.StringIO()
    handlers[0].setStream(stream)  # type: ignore[attr-defined]
    return stream


async def test_every_answer_carries_a_request_id_and_keeps_a_valid_one(anonymous: Api) -> None:
    first = await anonymous.get("/api/v1/processes")
    second = await anonymous.get("/api/v1/processes")
    assert len(first.headers["x-request-id"]) == 16
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    kept = await anonymous.get("/api/v1/processes", headers={"X-Request-ID": "lb-42.a_b"})
    assert kept.headers["x-request-id"] == "lb-42.a_b"
    for unusable in ("has spaces", "x" * 65, "<script>"):
        replaced = await anonymous.get("/api/v1/processes", headers={"X-Request-ID": unusable})
        assert replaced.headers["x-request-id"] != unusable
    refused = await anonymous.post("/api/v1/processes", json={})  # refused by a guard
    assert refused.status_code == 401 and refused.headers["x-request-id"]


async def test_a_500_names_its_request_id_and_the_json_log_has_it(
    observed: Any, json_log: io.StringIO
) -> None:
    response = await Api(observed).get("/api/v1/test-broken", headers={"X-Request-ID": "report-7"})
    assert response.status_code == 500
    problem = response.json()
    assert problem["request_id"] == "report-7"
    assert "reference report-7" in problem["detail"]
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    mine = [
        line
        for line in lines
        if line.get("request_id") == "report-7" and line["logger"].startswith("kyoso")
    ]
    assert [line["message"] for line in mine] == ["about to fail", "unexpected error"]
    assert mine[0]["logger"] == "kyoso.test" and mine[0]["level"] == "INFO"
    assert "RuntimeError: a bug" in mine[1]["exception"]
    assert mine[1]["time"].endswith("+00:00")


async def test_metrics_need_the_token_and_count_routes_and_votes(
    observed: Any, database: Database, process_id: int
) -> None:
    await make_user(database, "voter@example.jp")
    client = Api(observed)
    await client.login("voter@example.jp")
    proposal = await post_proposal(client, process_id)
    for value in ("agree", "disagree"):
        voted = await client.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": value})
        assert voted.status_code == 200
    assert (await Api(observed).get("/metrics")).status_code == 404
    wrong = await Api(observed).get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 404
    scraped = await Api(observed).get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scraped.status_code == 200
    text = scraped.text
    vote_route = 'path="/api/v1/proposals/{proposal_id}/vote"'
    assert any(
        vote_route in line and line.startswith("kyoso_requests_total") for line in text.splitlines()
    ), "requests are counted by route template"
    assert f"/api/v1/proposals/{proposal['id']}/vote" not in text
    assert _value(text, "kyoso_votes_committed_total") >= 2


def _value(text: str, name: str) -> float:
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name + " ") or line.startswith(name + "{")
    )


def test_processes_of_one_host_are_summed(tmp_path: Path) -> None:
    """Two processes (say two granian workers) count votes; a scrape in a third sums them."""
    env = {
        **os.environ,
        "KYOSO_METRICS_TOKEN": TOKEN,
        "KYOSO_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }
    count = (
        "from backend.core.config import load_settings\n"
        "from backend.core.metrics_files import use_shared_metrics\n"
        "use_shared_metrics(load_settings(), fresh=False)\n"
        "from backend.core.metrics import VOTES_COMMITTED\n"
        "VOTES_COMMITTED.inc({n})\n"
    )
    for n in (3, 4):
        subprocess.run([sys.executable, "-c", count.format(n=n)], env=env, check=True)
    scrape = (
        "from backend.core.config import load_settings\n"
        "from backend.core.metrics_files import use_shared_metrics\n"
        "use_shared_metrics(load_settings(), fresh=False)\n"
        "from prometheus_client import generate_latest\n"
        "from backend.core.metrics import _registry\n"
        "print(generate_latest(_registry()).decode())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", scrape], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert _value(out, "kyoso_votes_committed_total") == 7
