"""e-mail: the outbox, e-mail tokens, notification preferences and notices

Revision ID: 0016
Revises: 0015

E-mail is written to ``outbound_mail`` in the transaction of the action that causes it and sent
by the mail sender (backend/mail/); password-reset and confirmation tokens are kept hashed;
users get ``email_confirmed_at``; a process may require a confirmed address to vote.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = backend.core.database.UTCDateTime(timezone=True)
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "outbound_mail",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("recipient", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_mail")),
    )
    op.create_index(op.f("ix_outbound_mail_next_attempt_at"), "outbound_mail",
                    ["next_attempt_at"])
    op.create_table(
        "email_tokens",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("used_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_email_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_email_tokens")),
    )
    op.create_index(op.f("ix_email_tokens_user_id"), "email_tokens", ["user_id"])
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("answers", sa.Boolean(), nullable=False),
        sa.Column("replies", sa.Boolean(), nullable=False),
        sa.Column("drafts", sa.Boolean(), nullable=False),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_notification_preferences_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "notices",
        sa.Column("id", BIG_ID, primary_key=True),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("mailed_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name=op.f("fk_notices_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index(op.f("ix_notices_user_id"), "notices", ["user_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email_confirmed_at", UTC, nullable=True))
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("require_confirmed_email_to_vote", sa.Boolean(),
                                   nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("require_confirmed_email_to_vote")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email_confirmed_at")
    op.drop_table("notices")
    op.drop_table("notification_preferences")
    op.drop_table("email_tokens")
    op.drop_table("outbound_mail")
