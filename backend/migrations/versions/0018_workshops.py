"""workshops (ワークショップ・説明会) and the sticky notes typed at them

Revision ID: 0018
Revises: 0017

A workshop belongs to a process and names its tables (班); each note typed at it is stored once
under the UUID the browser gave it (backend/workshops), pointing at the meeting proposal it
became.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = backend.core.database.UTCDateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("process_id", BIG_ID, nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(120), nullable=False),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("created_by_id", BIG_ID, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["processes.id"], ondelete="CASCADE",
                                name=op.f("fk_workshops_process_id_processes")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_workshops_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
    )
    op.create_index(op.f("ix_workshops_process_id"), "workshops", ["process_id"])
    op.create_table(
        "workshop_notes",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("workshop_id", BIG_ID, nullable=False),
        sa.Column("proposal_id", BIG_ID, nullable=False),
        sa.Column("table_name", sa.String(20), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE",
                                name=op.f("fk_workshop_notes_workshop_id_workshops")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], ondelete="CASCADE",
                                name=op.f("fk_workshop_notes_proposal_id_proposals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_notes")),
    )
    op.create_index(op.f("ix_workshop_notes_workshop_id"), "workshop_notes", ["workshop_id"])
    op.create_index(op.f("ix_workshop_notes_proposal_id"), "workshop_notes", ["proposal_id"])


def downgrade() -> None:
    op.drop_table("workshop_notes")
    op.drop_table("workshops")
