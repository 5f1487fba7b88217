"""A real OpenID Connect provider for the tests: panva/node-oidc-provider (OpenID Certified),
run by ``tests/oidc_provider/server.mjs``, and a test "browser" that signs in at it.

The provider is the real program: its own authorization, token and JWKS endpoints, signing keys
and sign-in forms. Nothing of the token exchange or the ID token is mocked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from support import Api

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
KYOSO = "http://testserver"
SECRETS = {
    # characters that RFC 6749 §2.3.1 form-encodes inside HTTP Basic credentials
    "kyoso-city": "city-secret+0123/4567:89%ab cdef=0123456789",
    "kyoso-social": "social-secret-0123456789abcdef012345",
    "other-app": "other-secret-0123456789abcdef0123456",
}


def clients_for(kyoso: str) -> list[dict[str, Any]]:
    """The provider's registered clients, redirecting to the Kyoso at ``kyoso``."""
    return [
        {
            "client_id": client_id,
            "client_secret": secret,
            "redirect_uris": [
                f"{kyoso}/api/v1/auth/oidc/{provider}/callback" for provider in ("city", "social")
            ],
            "grant_types": ["authorization_code"],
            "response_types": ["code"],
        }
        for client_id, secret in SECRETS.items()
    ]


# login name (= sub) -> claims
ACCOUNTS = {
    "alice": {"email": "alice@example.jp", "email_verified": True, "name": "山田 有紗"},
    "hanako": {"email": "hanako@example.jp", "email_verified": True, "name": "花子"},
    "mallory": {"email": "hanako@example.jp", "email_verified": False, "name": "mallory"},
    "noemail": {"name": "名無し"},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def install() -> None:
    """``npm ci`` of the provider's locked packages, once per checkout."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=PROVIDER_DIR,
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextmanager
def running_provider(kyoso: str = KYOSO) -> Iterator[str]:
    """Start the provider (its clients redirecting to ``kyoso``); yields its issuer."""
    if shutil.which("node") is None:
        raise RuntimeError("Node.js is needed for the OIDC tests (it runs the provider).")
    install()
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENTS": json.dumps(clients_for(kyoso)),
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        ["node", "server.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and not line.startswith("ready"):
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                raise RuntimeError("the OIDC provider exited before it was ready")
        issuer = line.split()[1]
        yield issuer
    finally:
        process.terminate()
        process.wait(10)


def write_provider_config(directory: Path, issuer: str) -> Path:
    """Kyoso's providers file: "city" (trusted with e-mail addresses) and "social" (not), two
    clients of the same real provider."""
    for client_id, secret in SECRETS.items():
        (directory / f"{client_id}.secret").write_text(secret + "\n")
    config = directory / "oidc.toml"
    config.write_text(
        f'''
[[provider]]
id = "city"
name_ja = "みどり市ID"
name_en = "Midori City ID"
issuer = "{issuer}"
client_id = "kyoso-city"
client_secret_file = "kyoso-city.secret"
trust_email_verified = true

[[provider]]
id = "social"
name_ja = "ソーシャル"
name_en = "Social"
issuer = "{issuer}"
client_id = "kyoso-social"
client_secret_file = "kyoso-social.secret"
token_auth_method = "client_secret_post"
''',
        encoding="utf-8",
    )
    return config


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced (what an attacker edits)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


class Browser:
    """One person's browser: Kyoso's cookies (the app in process) and the provider's (real
    HTTP), following redirects between the two as a browser does."""

    def __init__(self, app: Any, api: Api | None = None) -> None:
        self.kyoso = api or Api(app)
        self.provider = httpx.AsyncClient(timeout=10)

    async def start(self, provider: str = "city", **query: str) -> str:
        """Press the sign-in button: the provider's authorization URL Kyoso redirects to."""
        response = await self.kyoso.get(f"/api/v1/auth/oidc/{provider}/start", params=query)
        assert response.status_code == 303, response.text
        return response.headers["location"]

    async def sign_in_at_provider(self, authorization_url: str, login: str) -> str:
        """Fill in the provider's sign-in and consent forms; the callback URL it sends the
        browser back to."""
        response = await self.provider.get(authorization_url)
        for _ in range(10):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if location.startswith(KYOSO):
                    return location
                response = await self.provider.get(location)
                continue
            assert response.status_code == 200, response.text
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text)
            assert action and prompt, response.text
            form = {"prompt": prompt.group(1)}
            if prompt.group(1) == "login":
                form |= {"login": login, "password": "any password"}
            response = await self.provider.post(
                urljoin(str(response.url), action.group(1)), data=form
            )
        raise AssertionError("the provider never sent the browser back")

    async def back_at_kyoso(self, callback_url: str) -> httpx.Response:
        """Open the callback in Kyoso; its 303 answer."""
        return await self.kyoso.get(callback_url.removeprefix(KYOSO))

    async def sign_in(self, login: str, provider: str = "city") -> httpx.Response:
        callback = await self.sign_in_at_provider(await self.start(provider), login)
        return await self.back_at_kyoso(callback)

    async def me(self) -> httpx.Response:
        return await self.kyoso.get("/api/v1/auth/me")

    async def close(self) -> None:
        await self.provider.aclose()
