"""offline votes: tally sheets (集計表) and paper ballots of anonymous participants

Revision ID: 0017
Revises: 0016

Votes that arrive offline count in a proposal's tallies: ``tally_sheets`` hold the counts staff
type in from a meeting's show of hands or a batch of paper slips; ``offline_participants`` and
``ballot_votes`` hold one paper ballot per anonymous participant (紙票-0012), who also joins the
opinion groups of the analysis. ``proposals.offline_*_count`` is the offline part of each tally
(already included in ``agree_count`` etc.), ``processes.last_ballot_seq`` numbers the ballots.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = backend.core.database.UTCDateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_OFFLINE_COUNTS = ("offline_agree_count", "offline_disagree_count", "offline_pass_count")


def _fk(table: str, column: str, referred: str, ondelete: str | None = None
        ) -> sa.ForeignKeyConstraint:
    key = "code" if referred == "districts" else "id"
    return sa.ForeignKeyConstraint([column], [f"{referred}.{key}"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{referred}"))


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("last_ballot_seq", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("proposals") as batch:
        for name in _OFFLINE_COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "tally_sheets",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("process_id", BIG_ID, nullable=False),
        sa.Column("proposal_id", BIG_ID, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("agree_count", sa.Integer(), nullable=False),
        sa.Column("disagree_count", sa.Integer(), nullable=False),
        sa.Column("pass_count", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(120), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("entered_by_id", BIG_ID, nullable=True),
        sa.Column("updated_by_id", BIG_ID, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("agree_count >= 0 AND disagree_count >= 0 AND pass_count >= 0",
                           name=op.f("ck_tally_sheets_counts_not_negative")),
        _fk("tally_sheets", "process_id", "processes", "CASCADE"),
        _fk("tally_sheets", "proposal_id", "proposals", "CASCADE"),
        _fk("tally_sheets", "entered_by_id", "users"),
        _fk("tally_sheets", "updated_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tally_sheets")),
    )
    op.create_index(op.f("ix_tally_sheets_process_id"), "tally_sheets", ["process_id"])
    op.create_index(op.f("ix_tally_sheets_proposal_id"), "tally_sheets", ["proposal_id"])
    op.create_table(
        "offline_participants",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("process_id", BIG_ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("district_code", sa.String(40), nullable=True),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("external_ref", sa.String(80), nullable=True),
        sa.Column("entered_by_id", BIG_ID, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        _fk("offline_participants", "process_id", "processes", "CASCADE"),
        _fk("offline_participants", "district_code", "districts"),
        _fk("offline_participants", "entered_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_participants")),
        sa.UniqueConstraint("process_id", "number", name="uq_offline_participants_number"),
        sa.UniqueConstraint("process_id", "external_ref", name="uq_offline_participants_ref"),
    )
    op.create_index(op.f("ix_offline_participants_process_id"), "offline_participants",
                    ["process_id"])
    op.create_table(
        "ballot_votes",
        sa.Column("participant_id", BIG_ID, nullable=False),
        sa.Column("proposal_id", BIG_ID, nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        _fk("ballot_votes", "participant_id", "offline_participants", "CASCADE"),
        _fk("ballot_votes", "proposal_id", "proposals", "CASCADE"),
        sa.PrimaryKeyConstraint("participant_id", "proposal_id", name=op.f("pk_ballot_votes")),
    )
    op.create_index(op.f("ix_ballot_votes_proposal_id"), "ballot_votes", ["proposal_id"])


def downgrade() -> None:
    op.drop_table("ballot_votes")
    op.drop_table("offline_participants")
    op.drop_table("tally_sheets")
    with op.batch_alter_table("proposals") as batch:
        for name in _OFFLINE_COUNTS:
            batch.drop_column(name)
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("last_ballot_seq")
