"""The votes feature: agree / disagree / pass on proposals, online and on paper."""

from backend.core.features import DatabaseClient, Feature, PhaseAction, RateLimit
from backend.core.messages import N_
from backend.votes.controllers import cast_vote, retract_vote
from backend.votes.offline_controllers import OfflineVotesController, vote_breakdown
from backend.votes.writer import VOTE_WRITER, VoteWriter

FEATURE = Feature(
    name="votes",
    routes=[cast_vote, retract_vote, OfflineVotesController, vote_breakdown],
    models=["backend.votes.models"],
    phase_actions=[PhaseAction("vote", frozenset({"ideas", "voting"}), N_("vote"))],
    rate_limits=[RateLimit("vote", 120, 60, N_("You are voting very quickly."))],  # per account
    database_clients=[DatabaseClient(VOTE_WRITER, VoteWriter, VoteWriter.close)],
)
