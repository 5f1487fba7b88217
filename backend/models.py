"""Every ORM model, imported once so that ``Base.metadata`` is complete (Alembic, tests)."""

from backend.analysis.models import (
    AnalysisResult,
    AnalysisRun,
    CachedEmbedding,
    Theme,
    ThemeAssignment,
    ThemeEdit,
)
from backend.approvals.models import Approval
from backend.audit.models import AuditEvent
from backend.comments.models import Comment
from backend.core.database import Base
from backend.core.ratelimit import RateLimitCounter
from backend.drafts.models import Draft, DraftComment, DraftVersion
from backend.exports.models import ExportJob
from backend.imports.models import ConsultationImport, ImportedProposal
from backend.mail.models import EmailToken, OutboundMail
from backend.moderation.models import Report
from backend.notifications.models import Notice, NotificationPreference
from backend.oidc.models import UserIdentity
from backend.processes.models import District, Process, ProcessPhase
from backend.proposals.models import Proposal, ProposalImage, ProposalTag
from backend.responses.models import CityResponse
from backend.site.models import SitePage, SiteSettings
from backend.users.models import SetPasswordToken, User, UserSession
from backend.verification.models import PostcardBatch, PostcardCode, VerificationEvent
from backend.votes.models import BallotVote, OfflineParticipant, TallySheet, Vote
from backend.workshops.models import Workshop, WorkshopNote

__all__ = [
    "AnalysisResult",
    "AnalysisRun",
    "Approval",
    "AuditEvent",
    "BallotVote",
    "Base",
    "CachedEmbedding",
    "CityResponse",
    "Comment",
    "ConsultationImport",
    "District",
    "Draft",
    "DraftComment",
    "DraftVersion",
    "EmailToken",
    "ExportJob",
    "ImportedProposal",
    "Notice",
    "NotificationPreference",
    "OfflineParticipant",
    "OutboundMail",
    "PostcardBatch",
    "PostcardCode",
    "Process",
    "ProcessPhase",
    "Proposal",
    "ProposalImage",
    "ProposalTag",
    "RateLimitCounter",
    "Report",
    "SetPasswordToken",
    "SitePage",
    "SiteSettings",
    "TallySheet",
    "Theme",
    "ThemeAssignment",
    "ThemeEdit",
    "User",
    "UserIdentity",
    "UserSession",
    "VerificationEvent",
    "Vote",
    "Workshop",
    "WorkshopNote",
]
