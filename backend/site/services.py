"""Site settings and versioned pages: reading them, changing them (audited), consent."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.site.logo import checked_logo
from backend.site.models import SitePage, SiteSettings
from backend.site.schemas import (
    CONSENT_KINDS,
    ConsentGiven,
    Contact,
    PageOut,
    PageVersionCreate,
    PageVersionInfo,
    SiteOut,
    SitePages,
    SiteUpdate,
)
from backend.users.models import User

SETTINGS_ID = 1
PAGE_LABELS = {
    "terms": "terms of use",
    "privacy": "privacy policy",
    "accessibility": "accessibility statement",
}

_LATEST = (
    select(SitePage.kind, func.max(SitePage.version).label("version"))
    .group_by(SitePage.kind)
    .subquery()
)
CURRENT_PAGES = select(SitePage.kind, SitePage.version, SitePage.created_at).join(
    _LATEST, (SitePage.kind == _LATEST.c.kind) & (SitePage.version == _LATEST.c.version)
)
CONSENT_VERSIONS = (
    select(SitePage.kind, func.max(SitePage.version))
    .where(SitePage.kind.in_(CONSENT_KINDS))
    .group_by(SitePage.kind)
)


async def consent_versions(connection: AsyncSession | AsyncConnection) -> tuple[int, int]:
    """The current (terms, privacy) versions; 0 where none has been published."""
    found: dict[str, int] = {
        kind: version for kind, version in await connection.execute(CONSENT_VERSIONS)
    }
    return found.get("terms", 0), found.get("privacy", 0)


async def _settings_row(session: AsyncSession) -> SiteSettings | None:
    return await session.get(SiteSettings, SETTINGS_ID)


def _logo_url(row: SiteSettings | None) -> str | None:
    if row is None or row.logo is None:
        return None
    return f"/api/v1/site/logo?v={int(row.updated_at.timestamp())}"  # a new logo, a new URL


async def read_site(session: AsyncSession) -> SiteOut:
    row = await _settings_row(session)
    pages = SitePages(
        **{
            kind: PageVersionInfo(version, created_at)
            for kind, version, created_at in await session.execute(CURRENT_PAGES)
        }
    )
    if row is None:
        return SiteOut(False, "", "", "", "", Contact(), "ja", None, pages)
    return SiteOut(
        True,
        row.name_ja,
        row.name_en,
        row.department_ja,
        row.department_en,
        Contact(row.contact_address, row.contact_phone, row.contact_email, row.contact_url),
        row.default_language,
        _logo_url(row),
        pages,
    )


def _columns(data: SiteUpdate) -> dict[str, Any]:
    name_ja = data.name_ja.strip()
    if not name_ja:
        raise InvalidInput(
            "Enter the municipality's name in Japanese (for example ○○市).",
            errors=[{"field": "name_ja", "message": "required"}],
        )
    return {
        "name_ja": name_ja,
        "name_en": data.name_en.strip(),
        "department_ja": data.department_ja.strip(),
        "department_en": data.department_en.strip(),
        "contact_address": data.contact.address.strip(),
        "contact_phone": data.contact.phone.strip(),
        "contact_email": data.contact.email.strip(),
        "contact_url": data.contact.url.strip(),
        "default_language": data.default_language,
    }


async def update_site(session: AsyncSession, actor_id: int | None, data: SiteUpdate) -> SiteOut:
    """Replace the settings (the logo stays); the audit log keeps what changed, before/after."""
    columns = _columns(data)
    row = await _settings_row(session)
    if row is None:
        row = SiteSettings(id=SETTINGS_ID, **columns, updated_at=utcnow())
        session.add(row)
        before: dict[str, Any] = {}
    else:
        before = {k: getattr(row, k) for k, v in columns.items() if getattr(row, k) != v}
        for key, value in columns.items():
            setattr(row, key, value)
        row.updated_at = utcnow()
    after = {k: columns[k] for k in (before or columns)}
    record_audit(session, actor_id, "site.updated", "site", SETTINGS_ID, before=before, after=after)
    await session.flush()
    return await read_site(session)


def site_update_from(current: SiteOut, changes: dict[str, Any]) -> SiteUpdate:
    """The current settings with some fields changed (``kyoso site set``), validated by the
    same constraints as the API."""
    merged = msgspec.to_builtins(current)
    for key in ("configured", "logo_url", "pages"):
        merged.pop(key)
    for key, value in changes.items():
        if key.startswith("contact_"):
            merged["contact"][key.removeprefix("contact_")] = value
        else:
            merged[key] = value
    return msgspec.convert(merged, SiteUpdate)


async def publish_page(
    session: AsyncSession, actor_id: int | None, kind: str, data: PageVersionCreate
) -> PageOut:
    """Add the next version of a page; earlier versions stay as they were."""
    if not data.body_ja.strip():
        raise InvalidInput(
            "The Japanese text of the page is empty.",
            errors=[{"field": "body_ja", "message": "required"}],
        )
    latest = (
        await session.execute(select(func.max(SitePage.version)).where(SitePage.kind == kind))
    ).scalar_one_or_none() or 0
    page = SitePage(
        kind=kind,
        version=latest + 1,
        body_ja=data.body_ja,
        body_en=data.body_en,
        created_by=actor_id,
        created_at=utcnow(),
    )
    session.add(page)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:  # another admin saved the same page at the same moment
        raise Conflict(
            f"Someone saved the {PAGE_LABELS[kind]} at the same moment. Reload it, "
            "check their text and save again."
        ) from exc
    record_audit(
        session,
        actor_id,
        "site.page_published",
        "site_page",
        page.id,
        kind=kind,
        version=page.version,
    )
    return _page_out(page)


def _page_out(page: SitePage) -> PageOut:
    return PageOut(page.kind, page.version, page.body_ja, page.body_en, page.created_at)


async def current_page(session: AsyncSession, kind: str, version: int | None = None) -> PageOut:
    query = select(SitePage).where(SitePage.kind == kind)
    query = (
        query.where(SitePage.version == version)
        if version is not None
        else query.order_by(SitePage.version.desc()).limit(1)
    )
    page = (await session.execute(query)).scalar_one_or_none()
    if page is None:
        if version is not None:
            raise NotFound(f"This site has no {PAGE_LABELS[kind]} version {version} yet.")
        raise NotFound(f"This site has no {PAGE_LABELS[kind]} yet.")
    return _page_out(page)


async def page_versions(session: AsyncSession, kind: str) -> list[PageVersionInfo]:
    rows = await session.execute(
        select(SitePage.version, SitePage.created_at)
        .where(SitePage.kind == kind)
        .order_by(SitePage.version.desc())
    )
    return [PageVersionInfo(version, at) for version, at in rows]


async def _configured_row(session: AsyncSession) -> SiteSettings:
    row = await _settings_row(session)
    if row is None:
        raise Conflict(
            "Set the municipality's name first (PUT /api/v1/admin/site or "
            "`kyoso site set --name-ja …`), then upload its logo."
        )
    return row


async def set_logo(session: AsyncSession, actor_id: int | None, data: bytes) -> SiteOut:
    content_type = checked_logo(data)
    row = await _configured_row(session)
    row.logo, row.logo_type, row.updated_at = data, content_type, utcnow()
    record_audit(
        session,
        actor_id,
        "site.logo_changed",
        "site",
        SETTINGS_ID,
        content_type=content_type,
        size=len(data),
    )
    await session.flush()
    return await read_site(session)


async def remove_logo(session: AsyncSession, actor_id: int | None) -> SiteOut:
    row = await _configured_row(session)
    row.logo, row.logo_type, row.updated_at = None, None, utcnow()
    record_audit(session, actor_id, "site.logo_removed", "site", SETTINGS_ID)
    await session.flush()
    return await read_site(session)


async def logo(session: AsyncSession) -> tuple[bytes, str]:
    row = await _settings_row(session)
    if row is None or row.logo is None or row.logo_type is None:
        raise NotFound("This site has no logo.")
    return row.logo, row.logo_type


async def issuer(session: AsyncSession) -> str:
    """発行者 「○○市 企画部 企画課」 of the documents the city hands out ("" before set-up)."""
    row = await _settings_row(session)
    if row is None:
        return ""
    return " ".join(part for part in (row.name_ja, row.department_ja) if part)


async def record_consent(session: AsyncSession, user_id: int, given: ConsentGiven) -> User:
    """Store that a person accepted the current versions (and when); refuses outdated ones."""
    current = await consent_versions(session)
    if (given.terms_version, given.privacy_version) != current:
        raise Conflict(
            "The terms or the privacy policy changed while you were reading. "
            "Read the current version and accept it again.",
            terms_version=current[0],
            privacy_version=current[1],
        )
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    user.terms_version, user.privacy_version = current
    user.consented_at = utcnow()
    return user
