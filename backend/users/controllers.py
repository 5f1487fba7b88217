"""Routes: sign-up, sign-in, sign-out, profile (/api/v1/auth) and user admin (/api/v1/admin)."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.params import FromQuery, QueryParameter

from backend.core.app_state import CSRF, RATE_LIMITER, SETTINGS
from backend.core.config import Settings
from backend.core.csrf import expired_csrf_cookie
from backend.core.dependencies import Db
from backend.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    TooManyRequests,
    Unauthenticated,
    documented_errors,
)
from backend.core.ratelimit import client_address, count_login_attempt, rate_limited
from backend.mail.account import send_confirmation
from backend.users import admin, services
from backend.users.auth import SESSION_COOKIE, admin_only, signed_in
from backend.users.deletion import delete_account
from backend.users.dependencies import CONSENT_EXEMPT, SignedInUser
from backend.users.models import User
from backend.users.my_data import MyData, collect_my_data
from backend.users.password_links import link_url
from backend.users.roles import Role
from backend.users.schemas import (
    AccountDeletion,
    InvitationAccept,
    LoginRequest,
    PasswordLink,
    ProfileUpdate,
    RegisterRequest,
    RoleUpdate,
    SignUpReceived,
    UserInvite,
    UserInvited,
    UserOut,
    UserPage,
    UserSort,
    UserState,
)


def _session_cookie(settings: Settings, token: str | None) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
        max_age=settings.session_days * 86400 if token else 0,
    )


def session_cookies(request: Request[Any, Any, Any], token: str) -> list[Cookie]:
    """The cookies of a session just started: the session, and a CSRF token for it (the one
    from before signing in stops working). Password and provider sign-ins both set these."""
    return [_session_cookie(SETTINGS.of(request), token), CSRF.of(request).cookie(token)]


async def _signed_in_response(
    request: Request[Any, Any, Any], db: Db, user: User, status_code: int
) -> Response[UserOut]:
    settings: Settings = SETTINGS.of(request)
    token = await services.start_session(db, user, settings.session_days, request.auth)
    return Response(
        services.user_out(user), status_code=status_code, cookies=session_cookies(request, token)
    )


# the cookies of a session that ended (sign-out, account deleted); declared on the route rather
# than on a Response so that OpenAPI documents a 204 without a body
ENDED_SESSION_COOKIES = [
    Cookie(key=SESSION_COOKIE, value="", httponly=True, samesite="lax", path="/", max_age=0),
    expired_csrf_cookie(),
]
JST = timezone(timedelta(hours=9), "JST")

SIGN_UP_RECEIVED = SignUpReceived(
    "Thank you. If this e-mail address had no account yet, it has one now: sign in with the "
    "address and password you just entered."
)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/register",
        status_code=202,
        guards=[rate_limited("register", per="address")],
        summary="Create a resident account (then sign in with it)",
        description="Answers 202 with the same body whether the address was new or already "
        "has an account, and starts no session; sign in next with the same address and "
        "password. A new account is sent an e-mail with a link to confirm the address.",
    )
    async def register(
        self, request: Request[Any, Any, Any], db: Db, data: RegisterRequest
    ) -> SignUpReceived:
        user = await services.register(db, data)
        if user is not None:  # a confirmation e-mail, sent after this request
            await send_confirmation(db, SETTINGS.of(request), user)
        return SIGN_UP_RECEIVED

    @post(
        "/login",
        raises=documented_errors(Unauthenticated, TooManyRequests),
        summary="Sign in (sets the session cookie)",
    )
    async def login(
        self, request: Request[Any, Any, Any], db: Db, data: LoginRequest
    ) -> Response[UserOut]:
        await count_login_attempt(
            RATE_LIMITER.of(request), client_address(request), services.normalise_email(data.email)
        )
        user = await services.authenticate(db, data.email, data.password)
        return await _signed_in_response(request, db, user, 200)

    @post(
        "/invitation/accept",
        guards=[rate_limited("register", per="address")],
        raises=documented_errors(InvalidInput, TooManyRequests),
        summary="Choose a password with an invitation or reset link (then signed in)",
        description="`token` is the part after `#token=` of the link. Single use; 422 when "
        "the link was used, replaced or is older than 72 hours. Agreeing to the terms is "
        "required as at sign-up. Ends the account's other sessions and signs in.",
    )
    async def accept_invitation(
        self, request: Request[Any, Any, Any], db: Db, data: InvitationAccept
    ) -> Response[UserOut]:
        user = await admin.accept_link(db, data)
        return await _signed_in_response(request, db, user, 200)

    @post(
        "/logout",
        status_code=204,
        guards=[signed_in],
        response_cookies=ENDED_SESSION_COOKIES,
        summary="Sign out",
    )
    async def logout(self, request: Request[Any, Any, Any], db: Db) -> None:
        await services.end_session(db, request.auth)

    @get("/me", summary="The signed-in user")
    async def get_me(self, db: Db, user: SignedInUser) -> UserOut:
        return services.user_out(await services.get_user(db, user.id))

    @patch("/me", opt=CONSENT_EXEMPT, summary="Update my profile (district, age band, language)")
    async def update_me(self, db: Db, user: SignedInUser, data: ProfileUpdate) -> UserOut:
        return services.user_out(await services.update_profile(db, user, data))

    @get(
        "/me/data",
        guards=[signed_in, rate_limited("my_data")],
        raises=documented_errors(TooManyRequests),
        summary="Download everything Kyoso holds about me (JSON file)",
        description="Profile, consent, sessions, proposals (hidden and withdrawn ones too, with "
        "their photos), comments, votes, comments on draft plans and reports filed; "
        "`not_included` says which records are kept but not part of the file.",
    )
    async def my_data(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser
    ) -> Response[MyData]:
        data = await collect_my_data(db, await services.get_user(db, user.id), request.auth)
        day = data.generated_at.astimezone(JST).strftime("%Y%m%d")
        return Response(
            data,
            headers={
                "Content-Disposition": f'attachment; filename="kyoso-my-data-{day}.json"',
                "Cache-Control": "no-store",
            },
        )  # personal data: no copy in any cache

    @delete(
        "/me",
        status_code=204,
        opt=CONSENT_EXEMPT,  # leaving needs no consent to new terms
        raises=documented_errors(Forbidden, Conflict, TooManyRequests),
        response_cookies=ENDED_SESSION_COOKIES,
        summary="Delete my account (退会)",
        description="Needs the password typed again (403 when wrong; the attempts count like "
        "sign-ins). Erases the e-mail address, name, password, district and age band and ends "
        "every session; proposals, comments and votes stay under 「退会した利用者」 (see "
        "docs/privacy.md). The last administrator cannot leave (409).",
    )
    async def delete_me(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser, data: AccountDeletion
    ) -> None:
        account = await services.get_user(db, user.id)
        await count_login_attempt(RATE_LIMITER.of(request), client_address(request), account.email)
        await delete_account(db, account, data.password)


class AdminUsersController(Controller):
    path = "/api/v1/admin/users"
    tags = ["admin"]
    guards = [admin_only]

    @get(
        "/",
        summary="Search and list users",
        description="`q` matches part of the name or e-mail address; `status`: active, invited "
        "(link not used yet), disabled, deleted (退会済み). Offset pages with the total count.",
    )
    async def list_users(
        self,
        db: Db,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        role: FromQuery[Role | None] = None,
        status: FromQuery[UserState | None] = None,
        sort: FromQuery[UserSort] = "newest",
        offset: Annotated[int, QueryParameter(ge=0, le=1_000_000)] = 0,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
    ) -> UserPage:
        return await admin.search_users(
            db, q=q, role=role, state=status, sort=sort, offset=offset, limit=limit
        )

    @post(
        "/",
        raises=documented_errors(Conflict),
        summary="Invite a user (利用者を招待)",
        description="Creates the account without a password and answers a set-password link "
        "(`invitation_url`, 72 hours, single use) to pass on to the person; it is shown "
        "only this once.",
    )
    async def invite_user(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser, data: UserInvite
    ) -> UserInvited:
        created, token, expires_at = await admin.invite_user(db, user.id, data)
        return UserInvited(
            services.user_out(created), link_url(str(request.base_url), token), expires_at
        )

    @post(
        "/{user_id:int}/reset-link",
        raises=documented_errors(Conflict),
        summary="Issue a password reset link (再設定リンクを発行)",
        description="A fresh set-password link (72 hours, single use); links issued before "
        "stop working. The current password keeps working until the link is used.",
    )
    async def reset_link(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser, user_id: int
    ) -> PasswordLink:
        token, expires_at = await admin.reset_link(db, user.id, user_id)
        return PasswordLink(link_url(str(request.base_url), token), expires_at)

    @patch("/{user_id:int}", summary="Change a user's role or disable the account")
    async def change_role(
        self, db: Db, user: SignedInUser, user_id: int, data: RoleUpdate
    ) -> UserOut:
        return services.user_out(await services.change_role(db, user, user_id, data))
