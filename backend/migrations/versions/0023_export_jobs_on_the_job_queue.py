"""export jobs on the one job queue: attempts and a heartbeat, like analysis runs

Revision ID: 0023
Revises: 0022

Exports run as jobs of the shared runner (``backend/jobs/``), which claims a row by counting an
attempt and keeps ``heartbeat_at`` fresh while it works; the recovery sweep reads both.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import backend.core.database

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("export_jobs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("heartbeat_at", backend.core.database.UTCDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("export_jobs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("attempts")
