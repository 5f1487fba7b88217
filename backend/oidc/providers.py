"""The OpenID Connect providers residents may sign in with, from a TOML file (docs/oidc.md).

::

    [[provider]]
    id = "line"                      # in the URLs: /api/v1/auth/oidc/line/start
    name_ja = "LINE"                 # the button reads 「LINEでログイン」 / "Sign in with LINE"
    name_en = "LINE"
    issuer = "https://access.line.me"
    client_id = "1234567890"
    client_secret_file = "/run/secrets/line_channel_secret"

Secrets are never in the file itself: ``client_secret_file`` names a file that holds only the
secret (a container secret, or a file readable by the server's user alone).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

import msgspec

ProviderId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]
Algorithm = Literal[
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
    "HS256",
]
# asymmetric signatures checked with the provider's published keys (jwks_uri)
ASYMMETRIC_ALGORITHMS: tuple[Algorithm, ...] = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)


class Provider(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One provider. ``issuer`` is where its discovery document lives
    (``<issuer>/.well-known/openid-configuration``); its ``issuer`` must be the same string."""

    id: ProviderId
    name_ja: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    name_en: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    issuer: Annotated[str, msgspec.Meta(pattern=r"^https?://")]
    client_id: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    client_secret_file: str = ""
    scopes: list[str] = msgspec.field(default_factory=lambda: ["openid", "profile", "email"])
    # how the client secret is sent to the token endpoint (LINE Login: client_secret_post)
    token_auth_method: Literal["client_secret_basic", "client_secret_post"] = "client_secret_basic"
    # the ID token signatures accepted; "HS256" (LINE Login's web channels) is checked with the
    # client secret, the others with the provider's published keys
    id_token_algorithms: list[Algorithm] = msgspec.field(
        default_factory=lambda: list(ASYMMETRIC_ALGORITHMS)
    )
    # the city trusts this provider's ``email_verified``: a verified address counts as confirmed
    # and signs in the existing account whose confirmed address it is (docs/oidc.md)
    trust_email_verified: bool = False
    client_secret: str = ""  # read from client_secret_file, never written in the TOML

    @property
    def button_ja(self) -> str:
        return f"{self.name_ja}でログイン"

    @property
    def button_en(self) -> str:
        return f"Sign in with {self.name_en}"


class ProviderFile(msgspec.Struct, forbid_unknown_fields=True):
    provider: list[Provider] = msgspec.field(default_factory=list)


class ProviderConfigError(ValueError):
    """The providers file cannot be used; the message says what to fix (the server refuses
    to start rather than offer a broken button)."""


def load_providers(path: str) -> dict[str, Provider]:
    """The providers of the TOML file at ``path`` (none when ``path`` is empty), by id."""
    if not path:
        return {}
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
        parsed = msgspec.convert(raw, ProviderFile)
    except OSError as error:
        raise ProviderConfigError(f"KYOSO_OIDC_PROVIDERS: cannot read {file}: {error}") from None
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as error:
        raise ProviderConfigError(f"KYOSO_OIDC_PROVIDERS ({file}): {error}") from None
    providers: dict[str, Provider] = {}
    for provider in parsed.provider:
        if provider.id in providers:
            raise ProviderConfigError(
                f"KYOSO_OIDC_PROVIDERS ({file}): the id {provider.id!r} is used twice."
            )
        if provider.client_secret:
            raise ProviderConfigError(
                f"KYOSO_OIDC_PROVIDERS ({file}): do not write the client secret of "
                f"{provider.id!r} into this file; put it alone in a file that "
                "client_secret_file names."
            )
        if "openid" not in provider.scopes:
            raise ProviderConfigError(
                f"KYOSO_OIDC_PROVIDERS ({file}): the scopes of "
                f'{provider.id!r} must include "openid".'
            )
        providers[provider.id] = msgspec.structs.replace(
            provider, client_secret=_secret(file, provider)
        )
    return providers


def _secret(config_file: Path, provider: Provider) -> str:
    if not provider.client_secret_file:
        return ""  # a public client (PKCE only)
    secret_path = config_file.parent / provider.client_secret_file  # absolute paths stay as is
    try:
        secret = secret_path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ProviderConfigError(
            f"KYOSO_OIDC_PROVIDERS: the client secret of {provider.id!r} cannot be read from "
            f"{secret_path}: {error}"
        ) from None
    if not secret:
        raise ProviderConfigError(
            f"KYOSO_OIDC_PROVIDERS: the client secret file of {provider.id!r} ({secret_path}) "
            "is empty."
        )
    return secret
