"""The proposals feature (意見・提案): posting, editing, photos, and staff's proxy entry."""

from backend.core.features import DatabaseClient, Feature, PhaseAction, RateLimit
from backend.core.messages import N_
from backend.processes.districts import COUNT_DISTRICT_PROPOSALS, MOVE_DISTRICT_PROPOSALS
from backend.processes.phases import PHASES
from backend.processes.services import COUNT_PUBLISHED_PROPOSALS
from backend.proposals.controllers import (
    ProcessProposalsController,
    ProposalController,
    ProposalImagesController,
)
from backend.proposals.process_hooks import (
    count_district_proposals,
    count_published_proposals,
    move_district_proposals,
)
from backend.proposals.proxy_controllers import ProxyEntryController
from backend.proposals.reads import PROPOSAL_READS, ProposalReads

FEATURE = Feature(
    name="proposals",
    routes=[
        ProcessProposalsController,
        ProxyEntryController,
        ProposalController,
        ProposalImagesController,
    ],
    models=["backend.proposals.models"],
    public_reads=[
        "/api/v1/processes/{process_id:int}/proposals",
        "/api/v1/proposals/{proposal_id:int}",
    ],
    phase_actions=[
        PhaseAction("propose", frozenset({"ideas"}), N_("post new proposals")),
        PhaseAction("edit_proposal", frozenset({"ideas"}), N_("edit proposals")),
        # staff type in what arrives offline until the process closes (受付 never stops early)
        PhaseAction(
            "proxy_entry",
            frozenset(PHASES) - {"closed"},
            N_("enter paper, meeting or phone submissions"),
        ),
    ],
    # proposals, photos, comments and reports per account (comments and moderation count
    # against this rule too)
    rate_limits=[RateLimit("post", 10, 60, N_("You are posting very quickly."))],
    database_clients=[DatabaseClient(PROPOSAL_READS, ProposalReads, ProposalReads.close)],
    hooks=[
        COUNT_PUBLISHED_PROPOSALS.implemented_by(count_published_proposals),
        COUNT_DISTRICT_PROPOSALS.implemented_by(count_district_proposals),
        MOVE_DISTRICT_PROPOSALS.implemented_by(move_district_proposals),
    ],
)
