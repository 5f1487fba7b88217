"""The city's districts (地区): listed for everyone, managed by planners and administrators.

A district's code is stored on proposals and accounts, so a district in use is never deleted
from under them: deleting it is refused with how many use it, and merging it into another moves
those references first (then deletes it), in one audited transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import changed_rows
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.core.features import HookPoint
from backend.core.text import clean_required
from backend.processes.models import District
from backend.processes.schemas import (
    DistrictCreate,
    DistrictMerge,
    DistrictMerged,
    DistrictOut,
    DistrictUpdate,
)
from backend.users.models import User

# proposals/ sits above processes/ (a proposal belongs to a process), so it implements these
COUNT_DISTRICT_PROPOSALS: HookPoint[Callable[[AsyncSession, str], Awaitable[int]]] = HookPoint(
    "count_district_proposals"
)
"""How many proposals name the district (by code)."""
MOVE_DISTRICT_PROPOSALS: HookPoint[Callable[[AsyncSession, str, str], Awaitable[int]]] = HookPoint(
    "move_district_proposals"
)
"""Move the proposals of one district (code) to another (code); how many moved."""


def district_out(district: District) -> DistrictOut:
    return DistrictOut(district.code, district.name_ja, district.name_en, district.position)


async def list_districts(session: AsyncSession) -> list[DistrictOut]:
    rows = await session.execute(select(District).order_by(District.position, District.code))
    return [district_out(d) for d in rows.scalars()]


async def ensure_district_exists(session: AsyncSession, code: str | None) -> None:
    if code is None:
        return
    if await session.get(District, code) is None:
        known = ", ".join(d.code for d in await list_districts(session))
        raise InvalidInput(
            f"Unknown district '{code}'. Choose one of: {known}.",
            errors=[{"field": "district_code", "message": "unknown district"}],
        )


async def get_district(session: AsyncSession, code: str) -> District:
    district = await session.get(District, code)
    if district is None:
        raise NotFound(f"There is no district '{code}'.")
    return district


async def create_district(session: AsyncSession, actor_id: int, data: DistrictCreate) -> District:
    if await session.get(District, data.code) is not None:
        raise Conflict(
            f"A district with the code '{data.code}' already exists. Choose another code, or "
            "edit that district.",
            errors=[{"field": "code", "message": "already used"}],
        )
    position = data.position
    if position is None:
        last = (await session.execute(select(func.max(District.position)))).scalar_one()
        position = 0 if last is None else last + 1
    district = District(
        code=data.code,
        name_ja=clean_required(data.name_ja, "name_ja"),
        name_en=clean_required(data.name_en, "name_en"),
        position=position,
    )
    session.add(district)
    await session.flush()
    record_audit(session, actor_id, "district.created", "district", data.code)
    return district


async def update_district(
    session: AsyncSession, actor_id: int, code: str, data: DistrictUpdate
) -> District:
    district = await get_district(session, code)
    changed = []
    for field in ("name_ja", "name_en", "position"):
        value = getattr(data, field)
        if value is not None:
            setattr(
                district, field, clean_required(value, field) if isinstance(value, str) else value
            )
            changed.append(field)
    record_audit(session, actor_id, "district.updated", "district", code, fields=changed)
    return district


async def _usage(session: AsyncSession, code: str) -> tuple[int, int]:
    """(proposals, accounts) that name the district."""
    proposals = await COUNT_DISTRICT_PROPOSALS.implementation(session, code)
    users = (
        await session.execute(select(func.count()).where(User.district_code == code))
    ).scalar_one()
    return proposals, int(users)


async def delete_district(session: AsyncSession, actor_id: int, code: str) -> None:
    district = await get_district(session, code)
    proposals, users = await _usage(session, code)
    if proposals or users:
        raise Conflict(
            f"The district '{code}' is in use by {proposals} proposal(s) and {users} account(s). "
            f"Merge it into another district instead (POST /api/v1/districts/{code}/merge): "
            "that moves them and then deletes it.",
            proposals=proposals,
            users=users,
        )
    await session.delete(district)
    record_audit(session, actor_id, "district.deleted", "district", code)


async def merge_district(
    session: AsyncSession, actor_id: int, code: str, data: DistrictMerge
) -> DistrictMerged:
    """Move every proposal and account of ``code`` to ``data.into``, then delete ``code``."""
    district = await get_district(session, code)
    if data.into == code:
        raise InvalidInput(
            "A district cannot be merged into itself. Choose another district.",
            errors=[{"field": "into", "message": "the same district"}],
        )
    if await session.get(District, data.into) is None:
        raise InvalidInput(
            f"There is no district '{data.into}' to merge into.",
            errors=[{"field": "into", "message": "unknown district"}],
        )
    moved_proposals = await MOVE_DISTRICT_PROPOSALS.implementation(session, code, data.into)
    moved_users = await session.execute(
        update(User)
        .where(User.district_code == code)
        .values(district_code=data.into)
        .execution_options(synchronize_session=False)
    )
    await session.delete(district)
    result = DistrictMerged(code, data.into, moved_proposals, changed_rows(moved_users))
    record_audit(
        session,
        actor_id,
        "district.merged",
        "district",
        code,
        into=data.into,
        proposals_moved=result.proposals_moved,
        users_moved=result.users_moved,
    )
    return result
