"""Routes: verification tiers (/api/v1/verification): my tier and entering a postcard code
(residents); postcard batches and counter verification (staff: planners and admins)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from litestar import Controller, Request, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter

from backend.core.app_state import SETTINGS
from backend.core.dependencies import Db
from backend.core.errors import Conflict, InvalidInput, TooLarge, TooManyRequests, documented_errors
from backend.core.ratelimit import rate_limited
from backend.proposals import offline_file
from backend.site.services import read_site
from backend.users.admin import search_users
from backend.users.auth import signed_in, staff_only
from backend.users.dependencies import SignedInUser
from backend.users.models import User
from backend.users.services import get_user
from backend.verification import services
from backend.verification.levels import user_level
from backend.verification.postcards import (
    ACCOUNT_PAGE,
    PostcardSheet,
    postcards_pdf,
    read_address_file,
)
from backend.verification.schemas import (
    BatchOut,
    CodeEntry,
    CounterVerification,
    PostalAddress,
    PostcardBatchCreate,
    PostcardFileUpload,
    VerificationStatus,
    VerifiedUser,
)


def verified_user(user: User) -> VerifiedUser:
    return VerifiedUser(
        user.id,
        user.display_name,
        user.email,
        user_level(user.verification_level, user.email_confirmed_at is not None),
        user.verified_at,
    )


async def _print_batch(
    request: Request[Any, Any, Any],
    db: Db,
    actor_id: int,
    addresses: list[PostalAddress],
    label: str,
    valid_days: int | None,
) -> Response[bytes]:
    """Codes for ``addresses``, and the postcards as the answer: the only time the codes
    exist in the clear. The addresses are not stored."""
    settings = SETTINGS.of(request)
    days = valid_days or settings.postcard_code_days
    if not 1 <= days <= 365:
        raise InvalidInput(
            "Codes may stay valid for 1 to 365 days.",
            errors=[{"field": "valid_days", "message": "1 to 365"}],
        )
    batch, codes = await services.create_batch(db, actor_id, label, len(addresses), days)
    site = await read_site(db)
    contact = "　".join(
        p for p in (site.department_ja or site.name_ja, site.contact.phone, site.contact.email) if p
    )
    sheet = PostcardSheet(
        issuer=" ".join(p for p in (site.name_ja, site.department_ja) if p),
        contact=contact,
        account_url=f"{settings.public_url.rstrip('/')}/{ACCOUNT_PAGE}",
        expires_at=batch.expires_at,
    )
    # about a second per hundred postcards (the CJK font is subset): off the event loop
    content = await anyio.to_thread.run_sync(
        postcards_pdf, sheet, list(zip(addresses, codes, strict=True))
    )
    return Response(
        content,
        status_code=201,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="postcards-{batch.id}.pdf"',
            "Cache-Control": "private, no-store",
            "X-Batch-Id": str(batch.id),
        },
    )


class VerificationController(Controller):
    path = "/api/v1/verification"
    tags = ["verification"]

    @get("/me", guards=[signed_in], summary="My verification tier (本人確認の段階)")
    async def my_level(self, db: Db, user: SignedInUser) -> VerificationStatus:
        return services.my_verification(await get_user(db, user.id))

    @post(
        "/code",
        status_code=200,
        guards=[signed_in, rate_limited("verification_code")],
        raises=documented_errors(InvalidInput, Conflict, TooManyRequests),
        summary="Enter the code from a postcard (確認コードを入力): my tier becomes postcard",
        description="Each code works once and until its batch expires; a wrong, used or "
        "expired code is refused with 422 saying which. At most 10 tries an hour.",
    )
    async def enter_code(self, db: Db, user: SignedInUser, data: CodeEntry) -> VerificationStatus:
        return services.my_verification(await services.redeem_code(db, user.id, data.code))

    @get(
        "/postcard-batches",
        guards=[staff_only],
        summary="Postcard batches: how many codes each has and how many were used",
    )
    async def list_batches(self, db: Db) -> list[BatchOut]:
        return await services.list_batches(db)

    @post(
        "/postcard-batches",
        guards=[staff_only],
        media_type="application/pdf",
        raises=documented_errors(InvalidInput),
        summary="Make a code for each address and answer the postcards as an A4 PDF",
        description="Two postcards per page. The PDF is the only copy of the codes (only "
        "their hashes are stored) and the addresses are not kept: print it now.",
    )
    async def create_batch(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser, data: PostcardBatchCreate
    ) -> Response[bytes]:
        return await _print_batch(request, db, user.id, data.addresses, data.label, data.valid_days)

    @post(
        "/postcard-batches/file",
        guards=[staff_only],
        media_type="application/pdf",
        request_max_body_size=offline_file.MAX_BYTES + 64 * 1024,
        opt={"too_large_detail": offline_file.TOO_LARGE},
        raises=documented_errors(InvalidInput, TooLarge),
        summary="The same from an address list (.xlsx or CSV: 氏名, 郵便番号, 住所)",
    )
    async def create_batch_from_file(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        user: SignedInUser,
        data: Annotated[PostcardFileUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Response[bytes]:
        content = await data.file.read()
        addresses = await anyio.to_thread.run_sync(read_address_file, content)
        label = (data.label or data.file.filename or "")[:120]
        return await _print_batch(request, db, user.id, addresses, label, data.valid_days)

    @get(
        "/users",
        guards=[staff_only],
        summary="Find a resident to verify at the counter",
        description="`q`: part of the name or e-mail address; active residents, 20 at most.",
    )
    async def find_residents(
        self, db: Db, q: Annotated[str, QueryParameter(min_length=1, max_length=100)]
    ) -> list[VerifiedUser]:
        page = await search_users(
            db, q=q, role="resident", state="active", sort="name", offset=0, limit=20
        )
        return [
            VerifiedUser(u.id, u.display_name, u.email, u.verification_level, u.verified_at)
            for u in page.items
        ]

    @post(
        "/users/{user_id:int}/counter",
        status_code=200,
        guards=[staff_only],
        raises=documented_errors(Conflict),
        summary="Mark a resident 「窓口で確認済み」 (verified in person)",
    )
    async def verify_at_counter(
        self, db: Db, user: SignedInUser, user_id: int, data: CounterVerification
    ) -> VerifiedUser:
        return verified_user(await services.verify_at_counter(db, user.id, user_id, data.note))

    @post(
        "/users/{user_id:int}/revoke",
        status_code=200,
        guards=[staff_only],
        raises=documented_errors(Conflict),
        summary="Take back a postcard or counter verification (the e-mail tier stays)",
    )
    async def revoke_verification(
        self, db: Db, user: SignedInUser, user_id: int, data: CounterVerification
    ) -> VerifiedUser:
        return verified_user(await services.revoke(db, user.id, user_id, data.note))
