"""The relying party (Kyoso's side of OpenID Connect): discovery, the authorization request,
the code exchange and the ID token's checks.

Written on httpx and joserfc (JOSE: the signature and the registered claims) rather than a whole
OAuth framework: the code flow with PKCE is four steps and each check below is one the OpenID
Connect Core spec (§3.1.3.7) names, so a reader can match them line by line.
"""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any
from urllib.parse import quote_plus

import httpx
import msgspec
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey

from backend.oidc.providers import ASYMMETRIC_ALGORITHMS, Provider

DISCOVERY_SECONDS = 3600.0  # the discovery document and keys, re-read hourly
KEYS_REFRESH_SECONDS = 60.0  # an unknown key id re-reads the keys, at most once a minute
CLOCK_LEEWAY_SECONDS = 60
HTTP_TIMEOUT_SECONDS = 10.0


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered something unusable."""


class SignInRefused(Exception):
    """The provider's answer failed a check; ``reason`` says which (logged, never shown as
    proof of anything to the browser)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Metadata(msgspec.Struct, frozen=True):
    """The part of the discovery document Kyoso uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str = ""


class Identity(msgspec.Struct, frozen=True):
    """Who the provider says signed in: the checked ID token's claims Kyoso uses."""

    subject: str
    email: str | None
    email_verified: bool
    name: str | None


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class RelyingParty:
    """One provider's client; keeps its discovery document and keys for the process."""

    def __init__(self, provider: Provider, redirect_uri: str) -> None:
        self.provider = provider
        self.redirect_uri = redirect_uri
        self._metadata: Metadata | None = None
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._keys_fetched_at = 0.0

    async def _get_json(self, url: str) -> Any:
        try:
            async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_SECONDS) as http:
                response = await http.get(url, headers={"Accept": "application/json"})
                response.raise_for_status()
                return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderUnavailable(f"{url}: {error}") from error

    async def metadata(self) -> Metadata:
        if self._metadata is None or time.monotonic() - self._fetched_at > DISCOVERY_SECONDS:
            url = self.provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
            try:
                metadata = msgspec.convert(await self._get_json(url), Metadata)
            except msgspec.ValidationError as error:
                raise ProviderUnavailable(f"{url}: {error}") from error
            # OpenID Connect Discovery §4.3: the document's issuer is exactly the one configured
            if metadata.issuer != self.provider.issuer:
                raise ProviderUnavailable(
                    f"{url} names the issuer {metadata.issuer!r}, not {self.provider.issuer!r}"
                )
            self._metadata, self._fetched_at, self._keys = metadata, time.monotonic(), None
        return self._metadata

    async def authorization_url(self, state: str, nonce: str, verifier: str) -> str:
        metadata = await self.metadata()
        query = httpx.QueryParams(
            {
                "response_type": "code",
                "client_id": self.provider.client_id,
                "redirect_uri": self.redirect_uri,
                "scope": " ".join(self.provider.scopes),
                "state": state,
                "nonce": nonce,
                "code_challenge": pkce_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        return f"{metadata.authorization_endpoint}{separator}{query}"

    async def sign_in(self, code: str, verifier: str, nonce: str) -> Identity:
        """Exchange ``code`` (with the PKCE ``verifier``) and check the ID token."""
        id_token = await self._exchange(code, verifier)
        return await self._check_id_token(id_token, nonce)

    async def _exchange(self, code: str, verifier: str) -> str:
        metadata = await self.metadata()
        provider = self.provider
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": verifier,
        }
        auth = httpx.Auth()  # httpx's own "no authentication"
        if provider.client_secret and provider.token_auth_method == "client_secret_basic":
            # RFC 6749 §2.3.1: both are form-encoded before Basic encoding (a secret with
            # "+", "%" or ":" is refused by a provider that decodes them, as it must)
            auth = httpx.BasicAuth(
                quote_plus(provider.client_id), quote_plus(provider.client_secret)
            )
        else:
            form["client_id"] = provider.client_id
            if provider.client_secret:
                form["client_secret"] = provider.client_secret
        try:
            async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_SECONDS) as http:
                response = await http.post(
                    metadata.token_endpoint,
                    data=form,
                    auth=auth,
                    headers={"Accept": "application/json"},
                )
        except httpx.HTTPError as error:
            raise ProviderUnavailable(f"token endpoint: {error}") from error
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200:
            # RFC 6749 §5.2: invalid_grant is a code that was used, expired or not ours
            raise SignInRefused(
                f"token endpoint answered {response.status_code}: "
                f"{body.get('error', '')} {body.get('error_description', '')}"
            )
        id_token = body.get("id_token")
        if not isinstance(id_token, str):
            raise SignInRefused("the token response has no ID token")
        return id_token

    async def _keys_for(self, header: dict[str, Any]) -> KeySet | OctKey:
        if header.get("alg") == "HS256":  # OpenID Connect Core §10.1: the client secret
            return OctKey.import_key(self.provider.client_secret)
        metadata = await self.metadata()
        stale = time.monotonic() - self._keys_fetched_at > KEYS_REFRESH_SECONDS
        unknown_kid = (
            self._keys is not None
            and "kid" in header
            and not any(key.kid == header["kid"] for key in self._keys.keys)
        )
        if self._keys is None or (unknown_kid and stale):  # a rotated key: read them again
            try:
                self._keys = KeySet.import_key_set(await self._get_json(metadata.jwks_uri))
            except (JoseError, ValueError, TypeError) as error:
                raise ProviderUnavailable(f"jwks_uri: {error}") from error
            self._keys_fetched_at = time.monotonic()
        return self._keys

    async def _check_id_token(self, id_token: str, nonce: str) -> Identity:
        """OpenID Connect Core §3.1.3.7: signature (an accepted algorithm, the provider's key),
        iss, aud (and azp when there are several audiences), exp, iat, nonce; sub present."""
        provider = self.provider
        algorithms = [
            a
            for a in provider.id_token_algorithms
            if a in ASYMMETRIC_ALGORITHMS or provider.client_secret
        ]
        try:
            header = msgspec.json.decode(base64.urlsafe_b64decode(id_token.split(".")[0] + "=="))
            token = jwt.decode(id_token, await self._keys_for(header), algorithms=algorithms)
            claims = token.claims
            jwt.JWTClaimsRegistry(
                leeway=CLOCK_LEEWAY_SECONDS,
                iss={"essential": True, "value": provider.issuer},
                aud={"essential": True, "value": provider.client_id},
                sub={"essential": True},
                exp={"essential": True},
                iat={"essential": True},
                nonce={"essential": True, "value": nonce},
            ).validate(claims)
        except (JoseError, ValueError, msgspec.DecodeError) as error:
            raise SignInRefused(f"ID token refused: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != provider.client_id:
            raise SignInRefused("ID token refused: several audiences and azp is not this client")
        if claims["iat"] > time.time() + CLOCK_LEEWAY_SECONDS:
            raise SignInRefused("ID token refused: issued in the future")
        email = claims.get("email")
        name = claims.get("name") or claims.get("preferred_username")
        return Identity(
            subject=str(claims["sub"]),
            email=email.strip().lower() if isinstance(email, str) and "@" in email else None,
            email_verified=claims.get("email_verified") is True,
            name=name.strip()[:80] if isinstance(name, str) and name.strip() else None,
        )
