"""earlier consultations imported as processes (過去の意見募集の取り込み)

Revision ID: 0020
Revises: 0019

``consultation_imports`` records each import (format, file, 出典, the column mapping);
``imported_proposals`` keeps each proposal's id, heading and line in the source. Votes cast
there (Pol.is) become anonymous offline participants with ballots (0019, ``votes/ballots.py``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = backend.core.database.UTCDateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "consultation_imports",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("process_id", BIG_ID, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("votes_filename", sa.String(255), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("proposal_count", sa.Integer(), nullable=False),
        sa.Column("vote_count", sa.Integer(), nullable=False),
        sa.Column("participant_count", sa.Integer(), nullable=False),
        sa.Column("created_by_id", BIG_ID, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["processes.id"], ondelete="CASCADE",
                                name=op.f("fk_consultation_imports_process_id_processes")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_consultation_imports_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_imports")),
    )
    op.create_index(op.f("ix_consultation_imports_process_id"), "consultation_imports",
                    ["process_id"])
    op.create_table(
        "imported_proposals",
        sa.Column("proposal_id", BIG_ID, nullable=False),
        sa.Column("import_id", BIG_ID, nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("original_id", sa.String(100), nullable=False),
        sa.Column("original_label", sa.String(300), nullable=True),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], ondelete="CASCADE",
                                name=op.f("fk_imported_proposals_proposal_id_proposals")),
        sa.ForeignKeyConstraint(
            ["import_id"], ["consultation_imports.id"], ondelete="CASCADE",
            name=op.f("fk_imported_proposals_import_id_consultation_imports")),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_imported_proposals")),
    )
    op.create_index(op.f("ix_imported_proposals_import_id"), "imported_proposals",
                    ["import_id"])


def downgrade() -> None:
    op.drop_table("imported_proposals")
    op.drop_table("consultation_imports")
