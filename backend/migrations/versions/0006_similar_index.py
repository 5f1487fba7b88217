"""similar-proposal index

Revision ID: 0006
Revises: 0005

One stored similar-proposal index per process, built by the job worker and loaded by the API
processes (backend/analysis/similar_index.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "similar_indexes",
        sa.Column(
            "process_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("backend", sa.String(length=40), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column(
            "covers_through_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("built_at", backend.core.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["processes.id"],
            name=op.f("fk_similar_indexes_process_id_processes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("process_id", name=op.f("pk_similar_indexes")),
    )
    op.create_table(
        "similar_vectors",
        sa.Column(
            "process_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "proposal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["process_id"],
            ["similar_indexes.process_id"],
            name=op.f("fk_similar_vectors_process_id_similar_indexes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("process_id", "proposal_id", name=op.f("pk_similar_vectors")),
    )


def downgrade() -> None:
    op.drop_table("similar_vectors")
    op.drop_table("similar_indexes")
