"""approvals (決裁) and the published copy of responses

Revision ID: 0010
Revises: 0009

Theme publication, phase changes, draft publication and responses are submitted, approved by a
second staff member and only then published (backend/approvals). A response keeps the copy
residents read apart from the one planners edit.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("process_id", BIG_ID, nullable=False),
        sa.Column("object_type", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_by_id", BIG_ID, nullable=False),
        sa.Column("submitted_at", backend.core.database.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column("decided_by_id", BIG_ID, nullable=True),
        sa.Column("decided_at", backend.core.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["processes.id"],
                                name=op.f("fk_approvals_process_id_processes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["users.id"],
                                name=op.f("fk_approvals_submitted_by_id_users")),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_approvals_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    op.create_index("ix_approvals_process_status", "approvals", ["process_id", "status"])
    with op.batch_alter_table("city_responses") as batch:
        batch.add_column(sa.Column("published_summary", sa.Text(), nullable=True))
        batch.add_column(sa.Column("published_response", sa.Text(), nullable=True))
        batch.add_column(sa.Column("published_status", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("published_at",
                                   backend.core.database.UTCDateTime(timezone=True),
                                   nullable=True))
    # responses saved before approvals existed were already public: they stay so
    op.execute("UPDATE city_responses SET published_summary = summary, "
               "published_response = response, published_status = status, "
               "published_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table("city_responses") as batch:
        for column in ("published_at", "published_status", "published_response",
                       "published_summary"):
            batch.drop_column(column)
    op.drop_index("ix_approvals_process_status", table_name="approvals")
    op.drop_table("approvals")
