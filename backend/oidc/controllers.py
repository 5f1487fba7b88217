"""Routes of OpenID Connect sign-in (docs/oidc.md): the providers, the start of a sign-in or a
link, the provider's redirect back, and the account's linked providers.

The browser-facing steps (start, callback) answer redirects, never problem+json: a failed
sign-in goes back to the SPA's sign-in page with ``?oidc_error=<code>``, which it shows in
Japanese or English, and signs nobody in.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.params import QueryParameter
from litestar.response import Redirect

from backend.core.app_state import SETTINGS, StateKey
from backend.core.config import Settings
from backend.core.dependencies import Db
from backend.core.errors import NotFound, ServiceUnavailable, documented_errors
from backend.core.ratelimit import rate_limited
from backend.oidc import services
from backend.oidc.client import ProviderUnavailable, RelyingParty, SignInRefused
from backend.oidc.flow import (
    FLOW_COOKIE,
    FlowSigner,
    ended_flow_cookie,
    new_flow,
    safe_return_path,
)
from backend.oidc.providers import load_providers
from backend.oidc.schemas import LinkedIdentity, LinkStarted, ProviderOut
from backend.users.auth import optional_user, signed_in
from backend.users.controllers import session_cookies
from backend.users.dependencies import CONSENT_EXEMPT, SignedInUser
from backend.users.models import User
from backend.users.services import start_session

logger = logging.getLogger("kyoso.oidc")
SIGN_IN_PAGE = "/signin"
ACCOUNT_PAGE = "/profile"
Param = Annotated[str | None, QueryParameter(max_length=2048)]
# ``state`` is a name Litestar reserves for the app state
StateParam = Annotated[str | None, QueryParameter(name="state", max_length=2048)]


class OidcProviders:
    """The configured providers' relying parties (``OIDC_PROVIDERS``)."""

    def __init__(self, settings: Settings) -> None:
        base = settings.public_url.rstrip("/")
        self.parties = {
            provider.id: RelyingParty(provider, f"{base}/api/v1/auth/oidc/{provider.id}/callback")
            for provider in load_providers(settings.oidc_providers).values()
        }
        self.signer = FlowSigner(settings.secret_key, settings.cookie_secure)

    def party(self, provider_id: str) -> RelyingParty:
        party = self.parties.get(provider_id)
        if party is None:
            raise NotFound(f"There is no sign-in provider {provider_id!r} on this site.")
        return party


OIDC_PROVIDERS: StateKey[OidcProviders] = StateKey("oidc")


def _providers(request: Request[Any, Any, Any]) -> OidcProviders:
    return OIDC_PROVIDERS.of(request)


def _back(page: str, cookies: list[Cookie] | None = None, **query: str) -> Redirect:
    """303 to an SPA page; the flow cookie is always spent."""
    target = page + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return Redirect(target, status_code=303, cookies=[ended_flow_cookie(), *(cookies or [])])


class OidcController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @get(
        "/providers",
        summary="The external sign-in providers (for the sign-in page)",
        description="Each provider the site offers, with its button text (「LINEでログイン」) "
        "and the `start_url` the button opens. Empty when the site offers none.",
    )
    async def list_providers(self, request: Request[Any, Any, Any]) -> list[ProviderOut]:
        return [
            ProviderOut(
                p.id,
                p.name_ja,
                p.name_en,
                p.button_ja,
                p.button_en,
                f"/api/v1/auth/oidc/{p.id}/start",
            )
            for p in (party.provider for party in _providers(request).parties.values())
        ]

    @get(
        "/oidc/{provider_id:str}/start",
        status_code=303,
        summary="Sign in with a provider (redirects there)",
        description="Answers 303 to the provider's sign-in page, with a short-lived HttpOnly "
        "cookie that binds the sign-in to this browser (state, nonce, PKCE verifier). "
        "`return_to`: a path of this site to open afterwards. When the provider cannot be "
        "reached, 303 to `/signin?oidc_error=unavailable`.",
    )
    async def start_oidc_sign_in(
        self,
        request: Request[Any, Any, Any],
        provider_id: str,
        return_to: Annotated[str | None, QueryParameter(max_length=500)] = None,
    ) -> Redirect:
        providers = _providers(request)
        party = providers.party(provider_id)
        flow = new_flow(provider_id, None, safe_return_path(return_to))
        try:
            url = await party.authorization_url(flow.state, flow.nonce, flow.verifier)
        except ProviderUnavailable as error:
            logger.warning("OIDC provider %s unavailable: %s", provider_id, error)
            return _back(SIGN_IN_PAGE, oidc_error="unavailable")
        return Redirect(url, status_code=303, cookies=[providers.signer.cookie(flow)])

    @post(
        "/oidc/{provider_id:str}/link",
        status_code=200,
        guards=[signed_in],
        opt=CONSENT_EXEMPT,
        raises=documented_errors(ServiceUnavailable),
        summary="Link a provider to my account (then open `authorization_url`)",
        description="Sets the cookie of the sign-in (as `start` does) and answers the "
        "provider's address; after signing in there the browser comes back to "
        "`/profile?oidc_linked=<provider>` (or `?oidc_error=<code>`).",
    )
    async def start_oidc_link(
        self, request: Request[Any, Any, Any], user: SignedInUser, provider_id: str
    ) -> Response[LinkStarted]:
        providers = _providers(request)
        party = providers.party(provider_id)
        flow = new_flow(provider_id, user.id, ACCOUNT_PAGE)
        try:
            url = await party.authorization_url(flow.state, flow.nonce, flow.verifier)
        except ProviderUnavailable as error:
            logger.warning("OIDC provider %s unavailable: %s", provider_id, error)
            raise ServiceUnavailable(
                "The sign-in provider cannot be reached right now. Please try again later."
            ) from error
        return Response(LinkStarted(url), cookies=[providers.signer.cookie(flow)])

    @get(
        "/oidc/{provider_id:str}/callback",
        status_code=303,
        guards=[rate_limited("login_address", per="address")],
        summary="Where the provider sends the browser back (redirects to the SPA)",
        description="Checks the state against this browser's cookie, exchanges the code with "
        "the PKCE verifier and checks the ID token (signature by the provider's keys, iss, "
        "aud, exp, nonce); then starts a session (as the password sign-in does) and answers "
        "303 to the page the sign-in started from. Anything refused: 303 to "
        "`/signin?oidc_error=<code>` (`state`, `denied`, `refused`, `unavailable`, "
        "`email_in_use`, `disabled`, `linked_elsewhere`) and no session.",
    )
    async def oidc_callback(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        provider_id: str,
        code: Param = None,
        returned_state: StateParam = None,
        error: Param = None,
        iss: Param = None,
    ) -> Redirect:
        providers = _providers(request)
        party = providers.party(provider_id)
        flow = providers.signer.read(request.cookies.get(FLOW_COOKIE))
        failure_page = SIGN_IN_PAGE
        if flow is not None and flow.link_user_id is not None:
            failure_page = ACCOUNT_PAGE
        if (
            flow is None
            or flow.provider != provider_id
            or not returned_state
            or returned_state != flow.state
        ):
            # no sign-in began in this browser, it expired, or the state was altered
            logger.info("OIDC %s callback refused: state", provider_id)
            return _back(failure_page, oidc_error="state")
        if iss is not None and iss != party.provider.issuer:  # RFC 9207: another provider
            return _back(failure_page, oidc_error="refused")
        if error or not code:
            return _back(failure_page, oidc_error="denied")
        try:
            identity = await party.sign_in(code, flow.verifier, flow.nonce)
        except ProviderUnavailable as failure:
            logger.warning("OIDC provider %s unavailable: %s", provider_id, failure)
            return _back(failure_page, oidc_error="unavailable")
        except SignInRefused as refusal:
            logger.warning("OIDC %s sign-in refused: %s", provider_id, refusal.reason)
            return _back(failure_page, oidc_error="refused")
        try:
            if flow.link_user_id is not None:
                current = optional_user(request)
                if current is None or current.id != flow.link_user_id:
                    return _back(failure_page, oidc_error="state")  # signed out meanwhile
                await services.link(db, party.provider, identity, flow.link_user_id)
                return _back(ACCOUNT_PAGE, oidc_linked=provider_id)
            user: User = await services.sign_in(db, party.provider, identity)
        except services.SignInError as refusal:
            return _back(failure_page, oidc_error=refusal.code)
        token = await start_session(db, user, SETTINGS.of(request).session_days, request.auth)
        return _back(flow.return_to, session_cookies(request, token))

    @get("/me/identities", guards=[signed_in], summary="My linked sign-in providers")
    async def my_identities(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser
    ) -> list[LinkedIdentity]:
        parties = _providers(request).parties
        rows = await services.linked_identities(db, user.id)
        out = []
        for row in rows:
            party = parties.get(row.provider)
            out.append(
                LinkedIdentity(
                    row.id,
                    row.provider,
                    party.provider.name_ja if party else row.provider,
                    party.provider.name_en if party else row.provider,
                    row.created_at,
                    row.last_sign_in_at,
                )
            )
        return out

    @delete(
        "/me/identities/{identity_id:int}",
        status_code=204,
        guards=[signed_in],
        opt=CONSENT_EXEMPT,
        summary="Unlink a sign-in provider from my account",
        description="409 when it is the account's only way to sign in (no password).",
    )
    async def unlink_identity(self, db: Db, user: SignedInUser, identity_id: int) -> None:
        await services.unlink(db, user.id, identity_id)
