"""The ID token's checks (OpenID Connect Core §3.1.3.7) one by one, on tokens signed here with
real keys: a token that fails any check signs nobody in. (The end-to-end tests get their tokens
from the real provider; a provider does not sign the wrong ones these need.)"""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from backend.oidc.client import Metadata, RelyingParty, SignInRefused
from backend.oidc.providers import Provider

ISSUER = "https://idp.city.example.jp"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})


def _party(**changes: Any) -> RelyingParty:
    provider = Provider(
        id="city",
        name_ja="市",
        name_en="City",
        issuer=ISSUER,
        client_id="kyoso",
        client_secret="s" * 32,
        **changes,
    )
    party = RelyingParty(provider, "https://kyoso.example.jp/cb")
    party._metadata = Metadata(ISSUER, f"{ISSUER}/auth", f"{ISSUER}/token", f"{ISSUER}/jwks")
    party._fetched_at = time.monotonic()
    party._keys = KeySet.import_key_set(KeySet([KEY]).as_dict(private=False))
    party._keys_fetched_at = time.monotonic()
    return party


def _token(key: Any = KEY, alg: str = "RS256", **claims: Any) -> str:
    now = int(time.time())
    body = {
        "iss": ISSUER,
        "aud": "kyoso",
        "sub": "u1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n1",
        "email": "a@example.jp",
        "email_verified": True,
    } | claims
    return jwt.encode(
        {"alg": alg, "kid": "k1"}, {k: v for k, v in body.items() if v is not None}, key
    )


async def test_a_token_that_passes_every_check_names_the_person() -> None:
    identity = await _party()._check_id_token(_token(name="花子"), "n1")
    assert (identity.subject, identity.email, identity.email_verified, identity.name) == (
        "u1",
        "a@example.jp",
        True,
        "花子",
    )


@pytest.mark.parametrize(
    "why, token, nonce",
    [
        ("signed by another key", lambda: _token(OTHER_KEY), "n1"),
        ("another issuer", lambda: _token(iss="https://evil.example"), "n1"),
        ("another audience", lambda: _token(aud="another-app"), "n1"),
        ("several audiences, azp not Kyoso", lambda: _token(aud=["kyoso", "x"], azp="x"), "n1"),
        ("expired", lambda: _token(exp=int(time.time()) - 3600), "n1"),
        ("issued in the future", lambda: _token(iat=int(time.time()) + 3600), "n1"),
        ("another nonce", lambda: _token(), "another nonce"),
        ("no nonce", lambda: _token(nonce=None), "n1"),
        ("no subject", lambda: _token(sub=None), "n1"),
        (
            "HS256 when the provider is not configured for it",
            lambda: _token(OctKey.import_key("s" * 32), "HS256"),
            "n1",
        ),
        ("not a JWT", lambda: "not.a.token", "n1"),
    ],
)
async def test_a_token_failing_a_check_is_refused(why: str, token: Any, nonce: str) -> None:
    with pytest.raises(SignInRefused):
        await _party()._check_id_token(token(), nonce)


async def test_hs256_is_checked_with_the_client_secret_where_configured() -> None:
    """LINE Login's web channels sign with the channel secret (OpenID Connect Core §10.1)."""
    party = _party(id_token_algorithms=["HS256", "ES256"])
    good = _token(OctKey.import_key("s" * 32), "HS256")
    assert (await party._check_id_token(good, "n1")).subject == "u1"
    forged = _token(OctKey.import_key("t" * 32), "HS256")
    with pytest.raises(SignInRefused):
        await party._check_id_token(forged, "n1")


async def test_an_unverified_address_is_reported_as_such() -> None:
    identity = await _party()._check_id_token(_token(email_verified=None), "n1")
    assert identity.email == "a@example.jp" and identity.email_verified is False
