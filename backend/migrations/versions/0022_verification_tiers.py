"""verification tiers: granted tiers on users, postcard codes, their history; process minimums

Revision ID: 0022
Revises: 0021

Users get ``verification_level`` (postcard or counter), ``verified_at`` and ``verified_by_id``;
``verification_events`` keeps each change; ``postcard_batches`` and ``postcard_codes`` hold
single-use codes as SHA-256 only (the addresses are never stored). Processes get
``min_level_to_propose`` and ``min_level_to_vote``; ``require_confirmed_email_to_vote`` becomes
``min_level_to_vote = 'email'``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = backend.core.database.UTCDateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("verification_level", sa.String(16), nullable=True))
        batch.add_column(sa.Column("verified_at", UTC, nullable=True))
        batch.add_column(sa.Column("verified_by_id", BIG_ID, nullable=True))
        batch.create_foreign_key(op.f("fk_users_verified_by_id_users"), "users",
                                 ["verified_by_id"], ["id"])
    op.create_table(
        "postcard_batches",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("created_by_id", BIG_ID, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("code_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_postcard_batches_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postcard_batches")),
    )
    op.create_table(
        "postcard_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("batch_id", BIG_ID, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("used_at", UTC, nullable=True),
        sa.Column("used_by_id", BIG_ID, nullable=True),
        sa.ForeignKeyConstraint(["batch_id"], ["postcard_batches.id"], ondelete="CASCADE",
                                name=op.f("fk_postcard_codes_batch_id_postcard_batches")),
        sa.ForeignKeyConstraint(["used_by_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_postcard_codes_used_by_id_users")),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_postcard_codes")),
    )
    op.create_index(op.f("ix_postcard_codes_batch_id"), "postcard_codes", ["batch_id"])
    op.create_table(
        "verification_events",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("user_id", BIG_ID, nullable=False),
        sa.Column("level", sa.String(16), nullable=True),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("actor_id", BIG_ID, nullable=True),
        sa.Column("batch_id", BIG_ID, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_verification_events_user_id_users")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_verification_events_actor_id_users")),
        sa.ForeignKeyConstraint(["batch_id"], ["postcard_batches.id"], ondelete="SET NULL",
                                name=op.f("fk_verification_events_batch_id_postcard_batches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_events")),
    )
    op.create_index(op.f("ix_verification_events_user_id"), "verification_events", ["user_id"])
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("min_level_to_propose", sa.String(16), nullable=False,
                                   server_default="none"))
        batch.add_column(sa.Column("min_level_to_vote", sa.String(16), nullable=False,
                                   server_default="none"))
    op.execute("UPDATE processes SET min_level_to_vote = 'email' "
               "WHERE require_confirmed_email_to_vote")
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("require_confirmed_email_to_vote")


def downgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("require_confirmed_email_to_vote", sa.Boolean(),
                                   nullable=False, server_default=sa.false()))
    op.execute("UPDATE processes SET require_confirmed_email_to_vote = "
               "(min_level_to_vote <> 'none')")
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("min_level_to_vote")
        batch.drop_column("min_level_to_propose")
    op.drop_table("verification_events")
    op.drop_table("postcard_codes")
    op.drop_table("postcard_batches")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("fk_users_verified_by_id_users"), type_="foreignkey")
        batch.drop_column("verified_by_id")
        batch.drop_column("verified_at")
        batch.drop_column("verification_level")
