"""landmarks (ランドマーク) of a process: place names a planner lists for the theme analysis

Revision ID: 0021
Revises: 0020

``processes.landmarks`` holds one place name per line (a river, a station, a park, a beach:
「緑川」「南浜」); the analysis takes them out of the text before themes form, as it does the
districts' names (backend/analysis/runner.py, ml/places.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.add_column(sa.Column("landmarks", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("processes") as batch:
        batch.drop_column("landmarks")
