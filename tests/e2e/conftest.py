"""End-to-end fixtures: the real backend on a freshly seeded SQLite database, serving the
built SPA, driven by Debian's Chromium through Playwright.

Nothing is built here: `frontend/dist` must exist (`cd frontend && npm ci && npm run build`,
which `./scripts/test` does). The tests skip with a reason when it, Playwright or Chromium is
missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DIST = REPO_ROOT / "frontend" / "dist"
AXE = REPO_ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KYOSO_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"

ACCOUNTS = {
    "resident": ("resident@example.jp", "kyoso-demo-resident"),
    "planner": ("planner@example.jp", "kyoso-demo-planner"),
    # a second planner, the head of section (課長), who approves what "planner" submits (決裁)
    "kacho": ("kacho@example.jp", "kyoso-demo-kacho"),
    "council": ("council@example.jp", "kyoso-demo-council"),
    "admin": ("admin@example.jp", "kyoso-demo-admin"),
}

try:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:  # pragma: no cover - reported as a skip below
    sync_playwright = None


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "the playwright package is not installed (pip install playwright)"
    if not (DIST / "index.html").exists():
        return "frontend/dist is not built (cd frontend && npm ci && npm run build)"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = _skip_reason()
    if reason is None:
        return
    if os.environ.get("KYOSO_REQUIRE_BROWSER") == "1":  # CI: a skipped browser test is a failure
        raise pytest.UsageError(f"browser tests are required but cannot run: {reason}")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def backend_env(data_dir: Path) -> dict[str, str]:
    """The environment of a backend (and its `kyoso` commands) on its own SQLite database."""
    return {
        **os.environ,
        "KYOSO_DATA_DIR": str(data_dir),
        "KYOSO_DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / 'kyoso.db'}",
        # every sign-in counts against the limits, and the suite signs the same demo
        # accounts in many times within minutes
        "KYOSO_RATE_LIMIT_LOGIN_ACCOUNT": "1000/900",
        "KYOSO_RATE_LIMIT_LOGIN_ADDRESS": "1000/300",
        # tests that need a resident with no votes yet sign one up (all from 127.0.0.1)
        "KYOSO_RATE_LIMIT_REGISTER": "100/3600",
    }


def kyoso(env: dict[str, str], *args: str) -> str:
    """Run a `kyoso` command as an operator would; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "backend", *args],
        cwd=REPO_ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"kyoso {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@contextlib.contextmanager
def serving(env: dict[str, str], data_dir: Path, port: int | None = None) -> Iterator[str]:
    """`kyoso serve` on ``port`` (a free one by default) until the block ends; yields the base
    URL. Serving the same data directory on the same port again is a server restart."""
    port = port or free_port()
    log = (data_dir / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/ready", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            raise RuntimeError(
                "the backend did not become ready:\n"
                + (data_dir / "server.log").read_text(errors="replace")[-3000:]
            )
        time.sleep(0.3)
    try:
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate, seed and serve a fresh SQLite database; yields the base URL."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = backend_env(data_dir)
    for command in ("migrate", "seed"):
        kyoso(env, command)
    with serving(env, data_dir) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def processes(server: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{server}/api/v1/processes") as response:
        return json.load(response)


@pytest.fixture(scope="session")
def ideas_process(processes: list[dict[str, Any]]) -> dict[str, Any]:
    return next(p for p in processes if "propose" in p["allowed_actions"])


@pytest.fixture(scope="session")
def voting_process(processes: list[dict[str, Any]]) -> dict[str, Any]:
    return next(p for p in processes if p["phase"] == "voting")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def new_context(
    browser: Browser, server: str, language: str = "ja", **options: Any
) -> BrowserContext:
    """A fresh browser profile; `language` is what the SPA shows first (stored choice)."""
    # bypass_csp lets the test inject axe-core; the app's own scripts are unaffected.
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(
        base_url=server,
        locale="ja-JP" if language == "ja" else "en-GB",
        bypass_csp=True,
        **options,
    )
    context.add_init_script(
        "if (!window.localStorage.getItem('kyoso.language'))"
        f" window.localStorage.setItem('kyoso.language', '{language}')"
    )
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def context(browser: Browser, server: str) -> Iterator[BrowserContext]:
    context = new_context(browser, server)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def api_sign_in(context: BrowserContext, role: str) -> dict[str, Any]:
    """Sign the whole browser context in through the API (cookies are shared)."""
    email, password = ACCOUNTS[role]
    context.request.get("/api/v1/districts")
    token = csrf_token(context)
    response = context.request.post(
        "/api/v1/auth/login",
        data={"email": email, "password": password},
        headers={"X-CSRFToken": token},
    )
    assert response.ok, response.text()
    return response.json()


def csrf_token(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")


def wait_until_settled(page: Page) -> None:
    """Wait for the route's data: network idle and no progress indicator left."""
    page.wait_for_load_state("networkidle")
    page.locator("h1").first.wait_for()
    page.wait_for_function("() => !document.querySelector('.loading')")


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core with the WCAG 2.0 / 2.1 A and AA rules; returns the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(
                    n => ({target: n.target, summary: n.failureSummary})),
            }));
        }"""
    )
    return list(result)


def phone_photo(size: tuple[int, int] = (2400, 1600)) -> bytes:
    """A JPEG as a phone takes it: camera make and GPS position in its EXIF."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (120, 140, 160))
    image.paste((60, 60, 60), (0, size[1] * 2 // 3, size[0], size[1]))  # a dark step
    exif = Image.Exif()
    exif[0x010F] = "KyosoCam"
    exif.get_ifd(0x8825).update({1: "N", 2: (35.0, 41.0, 22.5), 3: "E", 4: (139.0, 41.0, 30.2)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def post_proposal_with_photo(
    context: BrowserContext, process_id: int, title: str, alt: str
) -> dict[str, Any]:
    """A proposal with one photo, through the API as the signed-in resident of ``context``."""
    headers = {"X-CSRFToken": csrf_token(context)}
    created = context.request.post(
        f"/api/v1/processes/{process_id}/proposals",
        headers=headers,
        data={
            "title": title,
            "body": "駅の東口の階段の角が欠けていて、つまずきそうになります。",
            "district_code": "chuo",
        },
    )
    assert created.ok, created.text()
    response = context.request.post(
        f"/api/v1/proposals/{created.json()['id']}/images",
        headers=headers,
        multipart={
            "alt": alt,
            "file": {"name": "step.jpg", "mimeType": "image/jpeg", "buffer": phone_photo()},
        },
    )
    assert response.ok, response.text()
    return response.json()


def post_as(
    browser: Browser, server: str, role: str, path: str, data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST as a demo account in a context of its own; returns the JSON answer."""
    context = new_context(browser, server)
    try:
        api_sign_in(context, role)
        response = context.request.post(
            path, data=data, headers={"X-CSRFToken": csrf_token(context)}
        )
        assert response.ok, response.text()
        return response.json()
    finally:
        context.close()


def approve_via_api(
    browser: Browser,
    server: str,
    process_id: int,
    object_type: str,
    object_id: int,
    target: str = "",
) -> dict[str, Any]:
    """決裁 through the API: the planner previews and submits, the head of section (課長)
    approves, which publishes it."""
    query = urllib.parse.urlencode(
        {"object_type": object_type, "object_id": object_id, "target": target}
    )
    context = new_context(browser, server)
    try:
        api_sign_in(context, "planner")
        shown = context.request.get(f"/api/v1/processes/{process_id}/approvals/preview?{query}")
        assert shown.ok, shown.text()
        payload_hash = shown.json()["payload_hash"]
    finally:
        context.close()
    submitted = post_as(
        browser,
        server,
        "planner",
        f"/api/v1/processes/{process_id}/approvals",
        {
            "object_type": object_type,
            "object_id": object_id,
            "target": target,
            "payload_hash": payload_hash,
        },
    )
    return post_as(browser, server, "kacho", f"/api/v1/approvals/{submitted['id']}/approve")
