"""Routes: the public site settings and pages (/api/v1/site), their admin (/api/v1/admin/site)
and a resident's consent to new terms (/api/v1/auth/consent)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import QueryParameter

from backend.core.dependencies import Db
from backend.core.errors import Conflict, InvalidInput, NotFound, documented_errors
from backend.site import services
from backend.site.consent import CONSENT
from backend.site.logo import LOGO_MAX_BYTES
from backend.site.schemas import (
    PAGE_KINDS,
    ConsentGiven,
    PageOut,
    PageVersionCreate,
    PageVersionInfo,
    SiteOut,
    SiteUpdate,
)
from backend.users.auth import admin_only, signed_in
from backend.users.dependencies import CONSENT_EXEMPT, SignedInUser
from backend.users.schemas import UserOut
from backend.users.services import user_out


def _kind(kind: str) -> str:
    if kind not in PAGE_KINDS:
        raise NotFound(f"There is no page '{kind}'; pages are {', '.join(PAGE_KINDS)}.")
    return kind


def _forget_consent(request: Request[Any, Any, Any]) -> None:
    CONSENT.of(request).forget()


class SiteController(Controller):
    path = "/api/v1/site"
    tags = ["site"]

    @get("/", summary="The municipality, its department, contact and current page versions")
    async def get_site(self, db: Db) -> SiteOut:
        return await services.read_site(db)

    @get(
        "/pages/{kind:str}",
        raises=documented_errors(NotFound),
        summary="A page (terms, privacy, accessibility): the current or a given version",
    )
    async def site_page(
        self,
        db: Db,
        kind: str,
        version: Annotated[int | None, QueryParameter(ge=1, le=1_000_000)] = None,
    ) -> PageOut:
        return await services.current_page(db, _kind(kind), version)

    @get(
        "/pages/{kind:str}/versions",
        raises=documented_errors(NotFound),
        summary="Every version of a page, newest first",
    )
    async def site_page_versions(self, db: Db, kind: str) -> list[PageVersionInfo]:
        return await services.page_versions(db, _kind(kind))

    @get(
        "/logo",
        raises=documented_errors(NotFound),
        summary="The municipality's logo (PNG or JPEG)",
        media_type="image/png",
    )
    async def site_logo(self, db: Db) -> Response[bytes]:
        data, content_type = await services.logo(db)
        return Response(
            data, media_type=content_type, headers={"Cache-Control": "public, max-age=86400"}
        )


class AdminSiteController(Controller):
    path = "/api/v1/admin/site"
    tags = ["admin"]
    guards = [admin_only]

    @put("/", summary="Set the municipality, department, contact and default language")
    async def update_site(self, db: Db, user: SignedInUser, data: SiteUpdate) -> SiteOut:
        return await services.update_site(db, user.id, data)

    @post(
        "/pages/{kind:str}",
        raises=documented_errors(NotFound, Conflict),
        summary="Publish a new version of a page (terms and privacy: residents accept it "
        "again before their next post or vote)",
    )
    async def publish_site_page(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        user: SignedInUser,
        kind: str,
        data: PageVersionCreate,
    ) -> PageOut:
        page = await services.publish_page(db, user.id, _kind(kind), data)
        _forget_consent(request)
        return page

    @put(
        "/logo",
        raises=documented_errors(InvalidInput, Conflict),
        summary=f"Upload the logo: a PNG or JPEG file as the body, at most "
        f"{LOGO_MAX_BYTES // 1000} KB",
    )
    async def upload_logo(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser
    ) -> SiteOut:
        # the raw body, whatever Content-Type the client claims: the content decides
        return await services.set_logo(db, user.id, await request.body())

    @delete("/logo", status_code=200, raises=documented_errors(Conflict), summary="Remove the logo")
    async def remove_logo(self, db: Db, user: SignedInUser) -> SiteOut:
        return await services.remove_logo(db, user.id)


@post(
    "/api/v1/auth/consent",
    tags=["auth"],
    guards=[signed_in],
    status_code=200,
    opt=CONSENT_EXEMPT,
    raises=documented_errors(Conflict),
    summary="Accept the current terms of use and privacy policy (the versions read)",
)
async def give_consent(db: Db, user: SignedInUser, data: ConsentGiven) -> UserOut:
    return user_out(await services.record_consent(db, user.id, data))
