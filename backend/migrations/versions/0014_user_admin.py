"""users.last_sign_in_at and set_password_tokens: user administration

Revision ID: 0014
Revises: 0013

``last_sign_in_at`` is written by the sign-in's own transaction; ``set_password_tokens`` holds
the SHA-256 of single-use links that let an invited (or reset) person choose a password
(backend/users/password_links.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_sign_in_at",
                                   backend.core.database.UTCDateTime(timezone=True),
                                   nullable=True))
    op.create_table(
        "set_password_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=True),
        sa.Column("created_at", backend.core.database.UTCDateTime(timezone=True),
                  nullable=False),
        sa.Column("expires_at", backend.core.database.UTCDateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_set_password_tokens_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_set_password_tokens_created_by_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_set_password_tokens")),
    )
    with op.batch_alter_table("set_password_tokens") as batch:
        batch.create_index(batch.f("ix_set_password_tokens_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("set_password_tokens") as batch:
        batch.drop_index(batch.f("ix_set_password_tokens_user_id"))
    op.drop_table("set_password_tokens")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_sign_in_at")
