"""Every ORM model, imported once so that ``Base.metadata`` is complete (Alembic, tests)."""

from backend.audit.models import AuditEvent
from backend.comments.models import Comment
from backend.core.database import Base
from backend.moderation.models import Report
from backend.processes.models import District, Process, ProcessPhase
from backend.proposals.models import Proposal, ProposalTag
from backend.users.models import User, UserSession
from backend.votes.models import Vote

__all__ = [
    "AuditEvent",
    "Base",
    "Comment",
    "District",
    "Process",
    "ProcessPhase",
    "Proposal",
    "ProposalTag",
    "Report",
    "User",
    "UserSession",
    "Vote",
]
