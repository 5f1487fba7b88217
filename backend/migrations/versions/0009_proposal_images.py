"""proposal images

Revision ID: 0009
Revises: 0008

Photos on proposals (at most three each; the bytes live in the blob store, backend/core/storage.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "proposal_images",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("proposal_id", _ID, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("alt", sa.String(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", backend.core.database.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "position BETWEEN 0 AND 2", name=op.f("ck_proposal_images_position_range")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_images_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_images")),
        sa.UniqueConstraint(
            "proposal_id", "position", name=op.f("uq_proposal_images_proposal_id")
        ),
    )
    op.create_index(
        op.f("ix_proposal_images_proposal_id"), "proposal_images", ["proposal_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_proposal_images_proposal_id"), table_name="proposal_images")
    op.drop_table("proposal_images")
