"""users.deleted_at: accounts deleted by their owner (退会)

Revision ID: 0011
Revises: 0010

A deleted account stays as an anonymous row (no e-mail, name, password, district or age band)
so that its proposals, comments and votes keep counting; ``deleted_at`` says when it was
emptied (backend/users/deletion.py has the rule).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("deleted_at", backend.core.database.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("deleted_at")
