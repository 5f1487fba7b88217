"""Attaching, removing and serving the photos of a proposal (what an upload becomes: images.py).

Who may change them: the author while the phase allows editing (the same rule as the text), and
staff on a proposal they entered for a resident (paper, meeting, phone) while proxy entry is
open. Who may see them: everyone who sees the proposal, except that a hidden or withdrawn
proposal's photos exist only for staff and its author (``users/public_view.py``).
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.storage import BlobStore
from backend.core.text import clean_required
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.images import CONTENT_TYPE, MAX_PER_PROPOSAL, prepare_image_in_thread
from backend.proposals.models import Proposal, ProposalImage
from backend.proposals.schemas import ProposalImageUpload
from backend.proposals.services import get_proposal
from backend.users.auth import CurrentUser
from backend.users.public_view import images_hidden_from, is_staff

VARIANTS = ("full", "thumb")


def image_url(proposal_id: int, image_id: int, thumb: bool = False) -> str:
    return f"/api/v1/proposals/{proposal_id}/images/{image_id}/{'thumb' if thumb else 'full'}"


def blob_key(key: str, variant: str) -> str:
    return f"{key}.webp" if variant == "full" else f"{key}.{variant}.webp"


async def _changeable(session: AsyncSession, user: CurrentUser, proposal_id: int) -> Proposal:
    """The proposal whose photos ``user`` may change now, or the reason why not."""
    proposal = await get_proposal(session, proposal_id, user)
    process = await get_process(session, proposal.process_id)
    if proposal.author_id is not None and proposal.author_id == user.id:
        ensure_phase_allows(process.acting_phase, "edit_proposal")
    elif is_staff(user) and proposal.channel != "online":
        ensure_phase_allows(process.acting_phase, "proxy_entry")
    else:
        raise Forbidden("Only the author may change the photos of this proposal.")
    if proposal.status != "published":
        raise InvalidInput(f"The photos of a {proposal.status} proposal cannot be changed.")
    return proposal


def _audit(
    session: AsyncSession, user: CurrentUser, proposal: Proposal, action: str, image_id: int
) -> None:
    if proposal.author_id != user.id:  # staff on a proxy-entered proposal
        record_audit(session, user.id, action, "proposal", proposal.id, image_id=image_id)


async def add_image(
    session: AsyncSession,
    storage: BlobStore,
    user: CurrentUser,
    proposal_id: int,
    upload: ProposalImageUpload,
) -> ProposalImage:
    """Check, clean and store one photo; refused before any work when three are there."""
    proposal = await _changeable(session, user, proposal_id)
    alt = clean_required(upload.alt, "alt")
    taken = set(
        await session.scalars(
            select(ProposalImage.position).where(ProposalImage.proposal_id == proposal.id)
        )
    )
    free = [p for p in range(MAX_PER_PROPOSAL) if p not in taken]
    if not free:
        raise InvalidInput(
            f"A proposal can have at most {MAX_PER_PROPOSAL} photos. Remove one "
            "before adding another."
        )
    try:
        data = await upload.file.read()
    finally:
        await upload.file.close()  # a spooled temporary file once over 1 MB
    prepared = await prepare_image_in_thread(data)
    image = ProposalImage(
        proposal_id=proposal.id,
        key=f"proposals/{proposal.id}/{secrets.token_hex(16)}",
        alt=alt,
        width=prepared.width,
        height=prepared.height,
        bytes=len(prepared.full),
        position=free[0],
    )
    session.add(image)
    try:
        await session.flush()  # the unique position: two uploads at once cannot both take it
    except IntegrityError as error:
        raise Conflict(
            "Another photo was added to this proposal at the same moment. Reload "
            "the page and try again."
        ) from error
    await storage.put(blob_key(image.key, "full"), prepared.full, CONTENT_TYPE)
    await storage.put(blob_key(image.key, "thumb"), prepared.thumb, CONTENT_TYPE)
    proposal.updated_at = utcnow()
    _audit(session, user, proposal, "proposal.image_added", image.id)
    return image


async def remove_image(
    session: AsyncSession, user: CurrentUser, proposal_id: int, image_id: int
) -> list[str]:
    """Remove one photo's row; returns the blob keys to delete once the removal is committed
    (deleting them first would lose the photo if the commit failed)."""
    proposal = await _changeable(session, user, proposal_id)
    key = await session.scalar(
        delete(ProposalImage)
        .where(ProposalImage.id == image_id, ProposalImage.proposal_id == proposal.id)
        .returning(ProposalImage.key)
    )
    if key is None:
        raise NotFound(f"There is no photo {image_id} on proposal {proposal_id}.")
    proposal.updated_at = utcnow()
    _audit(session, user, proposal, "proposal.image_removed", image_id)
    return [blob_key(key, variant) for variant in VARIANTS]


async def image_bytes(
    session: AsyncSession,
    storage: BlobStore,
    viewer: CurrentUser | None,
    proposal_id: int,
    image_id: int,
    variant: str,
) -> bytes:
    """One stored photo, for whoever may see it; 404 for everyone else, as for a proposal that
    does not exist."""
    row = (
        await session.execute(
            select(ProposalImage.key, Proposal.status, Proposal.author_id)
            .join(Proposal, Proposal.id == ProposalImage.proposal_id)
            .where(ProposalImage.id == image_id, ProposalImage.proposal_id == proposal_id)
        )
    ).first()
    data = None
    if row is not None and variant in VARIANTS and not images_hidden_from(viewer, row[1], row[2]):
        data = await storage.get(blob_key(row[0], variant))
    if data is None:
        raise NotFound(f"There is no photo {image_id} on proposal {proposal_id}.")
    return data
