"""退会: a person deletes their own account. The rule (docs/privacy.md says it for residents):

- **Erased at once**: e-mail address (freed: the same address can sign up again straight away),
  display name, password, district, age band; every session of the account ends, so the next
  request of any device is signed out; a set-password link not used yet stops working;
  e-mailed links, notices, notification settings and the e-mails to the address (sent or
  waiting) are deleted.
- **Kept, anonymous**: the account row itself, emptied, under the same id, named
  「退会した利用者」 and marked ``deleted_at``. Everything that points at it stays where it is:
  proposals (with their photos) and comments remain public and show 「退会した利用者」 as their
  author; votes remain rows of that anonymous account, so every tally, participant count and
  opinion group is what it was (no vote is moved or dropped, nothing is recounted); comments on
  draft plans and filed reports stay too.
- **Why district and age band go**: with the name gone they are what could still single a person
  out of a small district's proposals; breakdowns made after the deletion count the account under
  「未回答」. Documents already exported keep the figures they printed.
- **What the person wrote is not rewritten**: the text stays as published (the public sees it
  with contact details masked, ``users/public_view.py``). Someone who wants a proposal gone
  withdraws it before leaving.
- **Staff accounts** may leave too; their work records (approvals, drafts, responses, the audit
  log) keep pointing at the emptied row for accountability. The last active administrator cannot
  leave (409): the site would have nobody to administer it.
- **The audit event** ``user.deleted`` names only the account's id and its role.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, Forbidden
from backend.core.security import verify_password_off_loop
from backend.mail.account import forget_mail
from backend.oidc.services import forget_identities
from backend.proposals.models import Proposal
from backend.users.models import UNUSABLE_PASSWORD, SetPasswordToken, User, UserSession
from backend.verification.models import VerificationEvent

WITHDRAWN_NAME = "退会した利用者"


def withdrawn_email(user_id: int) -> str:
    """The emptied account's e-mail column (unique, like every address): without an @ sign, so
    that no one can sign up with it."""
    return f"deleted-account-{user_id}"


async def _refuse_last_admin(session: AsyncSession, user_id: int) -> None:
    # the active admins' rows are locked (PostgreSQL; SQLite writers queue anyway), so that two
    # administrators who leave at the same moment cannot both count the other as the one left
    admins = (
        (
            await session.execute(
                select(User.id)
                .where(User.role == "admin", User.is_active.is_(True), User.deleted_at.is_(None))
                .with_for_update()
            )
        )
        .scalars()
        .all()
    )
    if not set(admins) - {user_id}:
        raise Conflict(
            "You are the only administrator, so your account cannot be deleted: make another "
            "account an administrator first (Admin → Users and roles), then delete yours."
        )


async def delete_account(session: AsyncSession, user: User, password: str) -> None:
    """Empty ``user``'s account by the rule above, once ``password`` is theirs."""
    if not await verify_password_off_loop(user.password_hash, password):
        raise Forbidden(
            "The password is wrong, so your account was not deleted. "
            "Enter the password you sign in with."
        )
    if user.role == "admin":
        await _refuse_last_admin(session, user.id)
    role = user.role
    await forget_mail(session, user.id, user.email)
    user.email = withdrawn_email(user.id)
    user.display_name = WITHDRAWN_NAME
    user.password_hash = UNUSABLE_PASSWORD
    user.district_code = None
    user.age_band = None
    user.is_active = False
    user.deleted_at = utcnow()
    await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    await session.execute(delete(SetPasswordToken).where(SetPasswordToken.user_id == user.id))
    await forget_identities(session, user.id)  # its provider accounts sign in nothing any more
    # staff notes on how the person was verified go; the tier stays for the statistics
    await session.execute(delete(VerificationEvent).where(VerificationEvent.user_id == user.id))
    # online proposals carry no submitter name; cleared anyway, whatever wrote one there
    await session.execute(
        update(Proposal)
        .where(Proposal.author_id == user.id)
        .values(submitter_name=None, submitter_age_band=None)
    )
    record_audit(session, user.id, "user.deleted", "user", user.id, role=role)
