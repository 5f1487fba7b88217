"""process channels and archiving

Revision ID: 0013
Revises: 0012

A process names the channels it takes proposals from (online, paper, meeting, phone: all open
for the processes that exist) and can be archived (backend/processes/channels.py, services.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("channels", sa.String(length=64), nullable=False,
                                   server_default="online,paper,meeting,phone"))
        batch.add_column(sa.Column("archived_at",
                                   backend.core.database.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("archived_at")
        batch.drop_column("channels")
